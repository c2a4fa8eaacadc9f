import Foundation
import Testing
@testable import SpatialEconometrics

/// The fixed-effects panel SAC (lag and error) on produc against `produc_sac.json` (37_produc_sac.R): the exact direct
/// approach (individual, time, two-way) and the Lee-Yu transformation (individual, two-way; computed in R with W** on
/// explicitly F-transformed data) from the R code of the likelihood, and splm's `spml(lag = TRUE, spatial.error = "b")`
/// with `.splm`. The R references' (rho, lambda) come from nested optimize() plus BFGS and agree with each other and
/// with splm to ~1e-7 relative (the leeyu_individual and direct_individual fits share their argmax: 1.3e-7 apart), so
/// estimates are checked to 1e-6 relative, standard errors to 1e-5 (they inherit that error), logLik to 1e-9.
@Suite struct PanelSACTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]
    static let refNames = ["lpcap": "log(pcap)", "lpc": "log(pc)", "lemp": "log(emp)", "unemp": "unemp"]
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/r/produc_sac.json")["results"] }

    func check(_ fit: PanelRegression, _ r: FixtureJSON, label: String) throws {
        let rho = try #require(fit.rho), lambda = try #require(fit.lambda)
        func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
        var est = max(rel(rho.estimate, try r["rho"].number()), rel(lambda.estimate, try r["lambda"].number()))
        var se = max(rel(rho.stdError, try r["se", "rho"].number()), rel(lambda.stdError, try r["se", "lambda"].number()))
        for c in fit.coefficients {
            est = max(est, rel(c.estimate, try r["beta", Self.refNames[c.name] ?? c.name].number()))
            se = max(se, rel(c.stdError, try r["se", Self.refNames[c.name] ?? c.name].number()))
        }
        print("PanelSACTests \(label): largest relative differences: estimates \(est), std errors \(se), logLik \(rel(fit.logLikelihood, try r["logLik"].number()))")
        #expect(close(rho.estimate, try r["rho"].number(), rtol: 1e-6), "\(label) rho \(rho.estimate)")
        #expect(close(lambda.estimate, try r["lambda"].number(), rtol: 1e-6), "\(label) lambda \(lambda.estimate)")
        #expect(close(rho.stdError, try r["se", "rho"].number(), rtol: 1e-5), "\(label) rho se")
        #expect(close(lambda.stdError, try r["se", "lambda"].number(), rtol: 1e-5), "\(label) lambda se")
        for c in fit.coefficients {
            let key = Self.refNames[c.name] ?? c.name
            #expect(close(c.estimate, try r["beta", key].number(), rtol: 1e-6), "\(label) \(c.name)")
            #expect(close(c.stdError, try r["se", key].number(), rtol: 1e-5), "\(label) \(c.name) se")
        }
        #expect(close(fit.sigma2, try r["sigma2"].number(), rtol: 1e-6), "\(label) sigma2")
        #expect(close(fit.logLikelihood, try r["logLik"].number(), rtol: 1e-9), "\(label) logLik")
        #expect(fit.observations == Int(try r["observations"].number()), "\(label) observations")
    }

    @Test func matchesTheRLikelihood() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        for (effects, estimator, key) in [(PanelEffects.individual, PanelEstimator.direct, "direct_individual"), (.time, .direct, "direct_time"),
                                          (.twoways, .direct, "direct_twoways"), (.twoways, .leeyu, "leeyu_twoways"),
                                          (.individual, .leeyu, "leeyu_individual"), (.individual, .splm, "splm_variant_individual"),
                                          (.twoways, .splm, "splm_variant_twoways")] {
            let fit = try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, estimator: estimator)
            try check(fit, ref[key], label: key)
            #expect(fit.parameterCount == 4 + 3)
        }
    }

    @Test func matchesSplm() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        for effects in [PanelEffects.individual, .twoways] {
            let fit = try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, estimator: .splm)
            let s = ref["splm_" + effects.rawValue]
            // splm names the lag parameter "lambda" and the error parameter "rho"; its optimiser stops at ~1e-8.
            #expect(close(fit.rho?.estimate ?? .nan, try s["coefficients", "lambda"].number(), rtol: 1e-6), "\(effects) rho")
            #expect(close(fit.lambda?.estimate ?? .nan, try s["coefficients", "rho"].number(), rtol: 1e-6), "\(effects) lambda")
            for c in fit.coefficients {
                #expect(close(c.estimate, try s["coefficients", Self.refNames[c.name] ?? c.name].number(), rtol: 1e-6), "\(effects) \(c.name)")
            }
            #expect(close(fit.sigma2, try s["sigma2"].number(), rtol: 1e-6), "\(effects) sigma2")
        }
    }

    @Test func effectsAndRefusals() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let fit = try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .twoways, estimator: .direct)
        // The SAC's effects are the lag part's: those of the SAR with the same rho and beta.
        let effects = try ImpactMeasures(fit, inference: .delta)
        let r = try #require(fit.rho?.estimate)
        let direct = ImpactMeasures.Evaluator(n: 48, logDeterminant: fit.logDeterminantUsed, rowsSumToOne: true, weights: w)
            .effects(beta: fit.coefficients[0].estimate, theta: 0, rho: r)
        #expect(close(effects.direct[0].estimate, direct.0, rtol: 1e-10) && close(effects.total[0].estimate, direct.1, rtol: 1e-10))
        #expect(effects.direct[0].stdError.map { $0 > 0 } == true)
        #expect(fit.likelihood.contains("ln|I - lambda W|"))
        #expect { try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, estimator: .biascorrected) } throws: { _ in true }
        // Round trip through JSON keeps rho and lambda.
        let decoded = try JSONDecoder().decode(PanelRegression.self, from: JSONEncoder().encode(fit))
        #expect(decoded.rho == fit.rho && decoded.lambda == fit.lambda)
    }
}

/// The SAC with a second weights matrix M for the error (xsmle `emat()`): M the row-standardised second-order
/// contiguity of usaww (``DurbinTermsTests/secondOrder(_:)``, built in R the same way), against the R likelihood
/// (`emat_*` in produc_sac.json). Standard errors are the inverse negative Hessian on both sides (Richardson
/// differences: NumericalDerivatives here, numDeriv::hessian in R), which agree to ~1e-6, so 1e-5.
@Suite struct PanelSACErrorWeightsTests {
    @Test func matchesTheRLikelihood() throws {
        let ref = try FixtureJSON("reference/r/produc_sac.json")["results"]
        let (panel, w) = try PanelRegressionTests.produc()
        let m = try DurbinTermsTests.secondOrder(w)
        for (effects, estimator, key) in [(PanelEffects.twoways, PanelEstimator.direct, "emat_direct_twoways"),
                                          (.individual, .direct, "emat_direct_individual"), (.twoways, .leeyu, "emat_leeyu_twoways")] {
            let fit = try PanelRegression(.sac, panel: panel, y: "lgsp", x: PanelSACTests.xs, weights: w, errorWeights: m.reordered(to: m.ids.reversed()),
                                          effects: effects, estimator: estimator)
            let r = ref[key]
            var est = 0.0, se = 0.0
            func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }
            for (p, name) in [(fit.rho, "rho"), (fit.lambda, "lambda")] {
                let p = try #require(p)
                est = max(est, rel(p.estimate, try r[name].number())); se = max(se, rel(p.stdError, try r["se", name].number()))
            }
            for c in fit.coefficients {
                let k = PanelSACTests.refNames[c.name] ?? c.name
                est = max(est, rel(c.estimate, try r["beta", k].number())); se = max(se, rel(c.stdError, try r["se", k].number()))
            }
            print("PanelSACErrorWeightsTests \(key): largest relative differences: estimates \(est), std errors \(se)")
            #expect(est < 1e-6, "\(key) estimates \(est)")
            #expect(se < 1e-5, "\(key) std errors \(se)")
            #expect(close(fit.sigma2, try r["sigma2"].number(), rtol: 1e-6), "\(key) sigma2")
            #expect(close(fit.logLikelihood, try r["logLik"].number(), rtol: 1e-9), "\(key) logLik")
            #expect(fit.separateErrorWeights && fit.standardErrors.contains("Hessian") && fit.likelihood.contains("lambda M"))
        }
        // M = W is the plain SAC.
        let same = try PanelRegression(.sac, panel: panel, y: "lgsp", x: PanelSACTests.xs, weights: w, errorWeights: w, effects: .twoways,
                                       estimator: .direct, standardErrors: .hessian)
        let plain = try PanelRegression(.sac, panel: panel, y: "lgsp", x: PanelSACTests.xs, weights: w, effects: .twoways, estimator: .direct,
                                        standardErrors: .hessian)
        #expect(close(same.rho?.estimate ?? .nan, plain.rho?.estimate ?? 0, rtol: 1e-10) && close(same.logLikelihood, plain.logLikelihood, rtol: 1e-13))
        #expect(close(same.lambda?.stdError ?? .nan, plain.lambda?.stdError ?? 0, rtol: 1e-8))
        #expect { try PanelRegression(.sem, panel: panel, y: "lgsp", x: PanelSACTests.xs, weights: w, errorWeights: m) } throws: { "\($0)".contains("errorWeights") }
    }
}
