import Foundation
import Testing
@testable import SpatialEconometrics

/// Random-effects SAR, SDM and SEM against splm (`spml(model = "random")`; the Hausman tests are in ``PanelHausmanTests``).
/// splm maximises with nlminb at its default tolerances and takes the Hessian of the error components by
/// `nlme::fdHess`; the tolerances below are set by those (see each comparison).
@Suite struct RandomEffectsTests {
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/r/produc_panel.json")["results"] }

    func compare(_ re: RandomEffectsRegression, _ key: String, estimateTolerance: Double, seTolerance: Double) throws {
        let s = ref["splm_re", key]
        let coefficients = try s["coefficients"].entries()
        #expect(re.coefficients.count == coefficients.count, "\(key): \(re.coefficients.map(\.name)) vs \(coefficients.map(\.key))")
        for (name, v) in coefficients {
            guard let c = re.coefficients.first(where: { $0.name == PanelRegressionTests.key(name) }) else { Issue.record("\(key): no \(name)"); continue }
            #expect(close(c.estimate, try v["Estimate"].number(), rtol: estimateTolerance, atol: 1e-7), "\(key) \(name)")
            #expect(close(c.stdError, try v["Std. Error"].number(), rtol: seTolerance), "\(key) \(name) se")
        }
        // phi and the spatial parameter: splm's nlme::fdHess differences with steps of about 6e-6 and no
        // extrapolation; ours are Richardson-extrapolated and stable to 1e-6 when the step changes tenfold (tested
        // below), so the comparison is at the accuracy of fdHess (2e-3).
        let components = s["error_components"]
        let phi = components["phi"]
        #expect(close(re.phi.estimate, try phi["Estimate"].number(), rtol: estimateTolerance), "\(key) phi")
        #expect(close(re.phi.stdError, try phi["Std. Error"].number(), rtol: 2e-3), "\(key) phi se")
        // splm names the lag coefficient lambda and the error's autocorrelation rho; each is in the reference exactly
        // when the model has it (a missing one fails instead of being skipped).
        if let rho = re.rho {
            let lag = s["spatial_lag_coefficient", "lambda"]
            #expect(close(rho.estimate, try lag["Estimate"].number(), rtol: estimateTolerance), "\(key) rho")
            #expect(close(rho.stdError, try lag["Std. Error"].number(), rtol: 2e-3), "\(key) rho se")
        } else {
            #expect(!s["spatial_lag_coefficient"].exists || s["spatial_lag_coefficient"].isNull, "\(key): a lag coefficient in the reference, none in the fit")
        }
        if let lambda = re.lambda {
            let err = components["rho"]
            #expect(close(lambda.estimate, try err["Estimate"].number(), rtol: estimateTolerance), "\(key) lambda")
            #expect(close(lambda.stdError, try err["Std. Error"].number(), rtol: 2e-3), "\(key) lambda se")
        } else {
            #expect(!components["rho"].exists, "\(key): an error autocorrelation in the reference, none in the fit")
        }
        let sig = try s["sigma2"].numbers()
        try #require(sig.count == 3, "\(s["sigma2"])")
        #expect(close(re.sigma2, sig[1], rtol: 1e-6), "\(key) sigma2_e")
        #expect(close(re.sigma2Mu, sig[2], rtol: 1e-5), "\(key) sigma2_mu")
        #expect(close(re.logLikelihood, try s["logLik_reported"].number(), rtol: 1e-10), "\(key) logLik")
    }

    @Test func randomEffectsModelsMatchSplm() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        for (model, key) in [(SpatialModel.sar, "SAR"), (.sdm, "SDM"), (.sem, "SEM")] {
            let re = try RandomEffectsRegression(model, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
            // splm's nlminb stops with the log-likelihood equal to ours to 1e-14 but phi only to ~1e-6.
            try compare(re, key, estimateTolerance: 1e-5, seTolerance: 1e-5)
        }
    }

    @Test func errorComponentStandardErrorsAreStableInTheStep() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let a = try RandomEffectsRegression(.sem, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        let b = try RandomEffectsRegression(model: .sem, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w.reordered(to: panel.units),
                                            logDeterminant: nil, extra: [], hessianStep: 1e-2)
        #expect(close(a.phi.stdError, b.phi.stdError, rtol: 1e-5))
        #expect(close(a.lambda!.stdError, b.lambda!.stdError, rtol: 1e-5))
        #expect(a.warnings.isEmpty)
    }

    /// The covariance of (beta, rho) for effects comes from the full likelihood; its rho block must equal the
    /// profile-likelihood variance of rho (the inverse of a Hessian's block identity), and effects get finite SEs.
    @Test func effectsCovarianceIsConsistentWithTheProfile() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let re = try RandomEffectsRegression(.sdm, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        let full = try #require(re.effectsCovariance)
        let k = re.coefficients.count
        #expect(close(full[k, k], re.errorComponentsCovariance[1, 1], rtol: 1e-4))
        // The beta block differs from the GLS formula only through the beta-rho covariance: same order of magnitude.
        for i in 0..<k { #expect(full[i, i] >= re.covariance[i, i] * 0.999 && full[i, i] < re.covariance[i, i] * 3, "\(re.coefficients[i].name)") }
        let effects = try ImpactMeasures(re, weights: w, inference: .delta)
        #expect(!effects.total.isEmpty && effects.total.allSatisfy { ($0.stdError ?? -1) > 0 })
        #expect(throws: ModelError.invalidArgument("effects need a random-effects lag model (sar or sdm) with a full covariance matrix")) {
            try ImpactMeasures(try RandomEffectsRegression(.sem, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w), weights: w)
        }
    }

    @Test func fixedEffectsErrorModelMatchesSplm() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let fe = ref["splm_fe"]
        for (effects, key) in [(PanelEffects.individual, "SEM_individual"), (.time, "SEM_time"), (.twoways, "SEM_twoways")] {
            let fit = try PanelRegression(.sem, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: effects, estimator: .splm)
            let r = fe[key]
            let coef = r["coefficients"]
            let lambda = try #require(fit.lambda)
            #expect(close(lambda.estimate, try coef["rho", "Estimate"].number(), rtol: 1e-6), "\(key) lambda")
            #expect(close(lambda.stdError, try coef["rho", "Std. Error"].number(), rtol: 1e-5), "\(key) lambda se")
            let betas = try coef.entries().filter { $0.key != "rho" }
            #expect(betas.count == fit.coefficients.count, "\(key)")
            for (name, v) in betas {
                let c = try #require(fit.coefficients.first { $0.name == PanelRegressionTests.key(name) }, "\(key) \(name)")
                #expect(close(c.estimate, try v["Estimate"].number(), rtol: 1e-6), "\(key) \(name)")
                #expect(close(c.stdError, try v["Std. Error"].number(), rtol: 1e-5), "\(key) \(name) se")
            }
            #expect(close(fit.sigma2, try r["sigma2"].number(), rtol: 1e-6), "\(key) sigma2")
            #expect(close(fit.logLikelihood, try r["logLik_full"].number(), rtol: 1e-9), "\(key) logLik")
        }
    }
}

/// Bad input to the random-effects models and tests: typed errors naming what is wrong.
@Suite struct RandomEffectsBadInputTests {
    @Test func errors() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        // Collinear: a regressor repeated under another name.
        var table = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpcap2", "pcap")] { table = try table.adding(name, values: table.numbers(col).map { log($0) }) }
        let p2 = try Panel(table: table, unit: "state", time: "year", unitOrder: w.ids)
        let collinear = #expect(throws: ModelError.self) { try RandomEffectsRegression(.sem, panel: p2, y: "lgsp", x: ["lpcap", "lpcap2"], weights: w) }
        if case .collinear(let names)? = collinear { #expect(names.count == 1 && names[0].hasPrefix("lpcap2"), "\(names)") } else {
            Issue.record("\(String(describing: collinear))")
        }
        // Weights over other units (the same count, other ids): the first unit of the panel the weights lack is named.
        let lattice = try SpatialWeights.lattice(rows: 6, columns: 8).transformed(.row)
        let otherUnits = ModelError.sizeMismatch("the panel's 48 units do not match the weights' 48 ids (unknown id 'ALABAMA' (not among the weights' ids))")
        #expect(throws: otherUnits) { try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: ["lpcap"], weights: lattice) }
        #expect(throws: otherUnits) { try RandomEffectsLMDiagnostics(panel: panel, y: "lgsp", x: ["lpcap"], weights: lattice) }
        #expect(throws: ModelError.invalidArgument("random-effects models are sar, sdm, sem and sdem")) {
            try RandomEffectsRegression(.sac, panel: panel, y: "lgsp", x: ["lpcap"], weights: w)
        }
        // A missing variable is named.
        let missing = #expect(throws: ModelError.self) { try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: ["nope"], weights: w) }
        if case .data(.missingColumn("nope", _))? = missing {} else { Issue.record("\(String(describing: missing))") }
    }
}
