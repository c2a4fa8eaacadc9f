import Foundation
import Testing
@testable import SpatialEconometrics

/// `FitOptions(standardErrors: .hessian)` against spatialreg's `method = "Matrix"` fits on columbus
/// (`reference/r/columbus_hessian.json`, script `26_columbus_hessian.R`), whose standard errors come from `nlme::fdHess`
/// of the same concentrated likelihood. Estimates and log-likelihoods to 1e-6; standard errors to 1e-3 relative:
/// fdHess's own finite-difference error (ours uses Richardson extrapolation, O(h^4); the two differ by 3e-5 to 5e-4,
/// the largest in the SDM's six-parameter Hessian). For the SEM, spatialreg's summary reports GLS standard errors
/// for beta even with `fdHess = TRUE`; its Hessian (`fit$fdHess`, recorded in the fixture) is what ours is compared with.
@Suite struct HessianStandardErrorTests {
    struct Reference: Decodable {
        struct Value: Decodable { let estimate: Double; let std_error: Double }
        struct Fit: Decodable {
            let coefficients: [String: Value]
            let rho: Value?
            let lambda: Value?
            let logLik: Double
            let sigma2: Double
            /// sqrt(diag(fdHess^-1)) of every parameter (rho or lambda first).
            let hessian_std_errors: [String: Double]
        }
        let results: [String: Fit]
    }

    @Test(arguments: [(SpatialModel.sar, "SAR"), (.sdm, "SDM"), (.sem, "SEM")])
    func matchesSpatialregMatrix(model: SpatialModel, key: String) throws {
        let reference = try Fixtures.decode(Reference.self, "reference/r/columbus_hessian.json")
        let r = try #require(reference.results[key])
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let fit = try SpatialRegression(model, data: data, weights: w, options: FitOptions(standardErrors: .hessian))
        #expect(fit.standardErrors.contains("Hessian"))
        #expect(close(fit.logLikelihood, r.logLik, rtol: 1e-9))
        #expect(fit.coefficients.count == r.coefficients.count, "\(key): \(fit.coefficients.map(\.name)) vs \(r.coefficients.keys.sorted())")
        for c in fit.coefficients {
            let name = c.name.hasPrefix("W_") ? "lag." + c.name.dropFirst(2) : c.name
            let ref = try #require(r.coefficients[name], "\(name)")
            #expect(close(c.estimate, ref.estimate, rtol: 1e-6), "\(key) \(c.name)")
            let hessianSE = try #require(r.hessian_std_errors[name])
            #expect(close(c.stdError, hessianSE, rtol: 1e-3), "\(key) \(c.name) se \(c.stdError) vs \(hessianSE)")
        }
        // The reference has rho (lambda) exactly when the model does: one missing on either side fails.
        #expect((fit.rho != nil) == (r.rho != nil) && (fit.lambda != nil) == (r.lambda != nil), "\(key)")
        if let rho = fit.rho {
            let ref = try #require(r.rho, "\(key): no rho in the reference")
            #expect(close(rho.estimate, ref.estimate, rtol: 1e-6))
            #expect(close(rho.stdError, ref.std_error, rtol: 1e-3), "\(key) rho se \(rho.stdError) vs \(ref.std_error)")
        }
        if let lambda = fit.lambda {
            let ref = try #require(r.lambda, "\(key): no lambda in the reference")
            #expect(close(lambda.estimate, ref.estimate, rtol: 1e-6))
            #expect(close(lambda.stdError, ref.std_error, rtol: 1e-3), "\(key) lambda se \(lambda.stdError) vs \(ref.std_error)")
        }
        // The information-matrix SEs are a different (asymptotic) formula: they differ from the Hessian's.
        let information = try SpatialRegression(model, data: data, weights: w)
        #expect(information.coefficients.map(\.estimate) == fit.coefficients.map(\.estimate))
        #expect(abs((information.rho ?? information.lambda)!.stdError - (fit.rho ?? fit.lambda)!.stdError) > 1e-6)
    }

    /// `spatial fit --se hessian` reports the same standard errors and says how they were computed.
    @Test func theCLIOffersHessianStandardErrors() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/r/columbus_hessian.json")
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--data", Fixtures.url("data/columbus/columbus.csv").path, "--y", "CRIME", "--x", "INC,HOVAL",
                                    "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--se", "hessian", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let j = r.json as? [String: Any]
        let rho = j?["rho"] as? [String: Any]
        #expect(close(rho?["std_error"] as? Double ?? .nan, try #require(reference.results["SAR"]?.rho).std_error, rtol: 1e-3))
        #expect((j?["standard_errors"] as? String)?.contains("Hessian") == true)
    }

    /// The fixed-effects fits use the same engine for the Hessian: a one-period panel without effects is the
    /// cross-section, so its Hessian standard errors equal the cross-section's (which match spatialreg above).
    @Test(arguments: [SpatialModel.sar, .sdm, .sem, .sdem])
    func aOnePeriodPanelHasTheCrossSectionsHessian(model: SpatialModel) throws {
        let table = try Columbus.table()
        let w = try Columbus.queen().transformed(.row)
        let paired = try PairedData(table: table, weights: w, idColumn: "POLYID")
        let cross = try SpatialRegression(model, data: RegressionData(table: paired.table, y: "CRIME", x: ["INC", "HOVAL"]), weights: paired.weights,
                                          options: FitOptions(standardErrors: .hessian))
        let ids = paired.weights.ids
        let panel = try Panel(units: ids, periods: ["1"], columns: try ["CRIME", "INC", "HOVAL"].map { ($0, try paired.table.numbers($0)) })
        let fit = try PanelRegression(model, panel: panel, y: "CRIME", x: ["INC", "HOVAL"], weights: paired.weights, effects: .none,
                                      options: FitOptions(standardErrors: .hessian))
        #expect(fit.standardErrors.contains("Hessian"))
        #expect(close(fit.logLikelihood, cross.logLikelihood, rtol: 1e-10))
        for (a, b) in zip(fit.coefficients, cross.coefficients) {
            #expect(a.name == b.name)
            #expect(close(a.estimate, b.estimate, rtol: 1e-8, atol: 1e-10), "\(model) \(a.name)")
            #expect(close(a.stdError, b.stdError, rtol: 1e-6), "\(model) \(a.name) se \(a.stdError) vs \(b.stdError)")
        }
        let s = try #require(fit.rho ?? fit.lambda), c = try #require(cross.rho ?? cross.lambda)
        #expect(close(s.stdError, c.stdError, rtol: 1e-6), "\(model) spatial se \(s.stdError) vs \(c.stdError)")
    }

    /// Two-way fixed effects on produc: the Hessian of the Lee-Yu likelihood and its information matrix are two
    /// estimates of the same asymptotic covariance, the observed and the expected curvature; with 48 x 17 observations
    /// the betas' agree within 5% and rho's within 15% (0.0261 against 0.0284: the expected information adds
    /// `tr(G'G)`, which the observed curvature replaces by the residuals'; the columbus cross-section shows a
    /// similar gap). The bias-corrected
    /// estimates (not a likelihood maximum) and random-effects fits refuse Hessian standard errors.
    @Test func fixedEffectsPanelsOfferHessianStandardErrors() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        for model in [SpatialModel.sar, .sem] {
            let hessian = try PanelRegression(model, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, options: FitOptions(standardErrors: .hessian))
            let information = try PanelRegression(model, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
            #expect(hessian.coefficients.map(\.estimate) == information.coefficients.map(\.estimate))
            for (a, b) in zip(hessian.coefficients, information.coefficients) {
                #expect(close(a.stdError, b.stdError, rtol: 0.05), "\(model) \(a.name) \(a.stdError) vs \(b.stdError)")
            }
            let a = try #require(hessian.rho ?? hessian.lambda), b = try #require(information.rho ?? information.lambda)
            #expect(close(a.stdError, b.stdError, rtol: 0.15) && a.stdError != b.stdError, "\(model) \(a.stdError) vs \(b.stdError)")
        }
        let biasCorrected = #expect(throws: ModelError.self) {
            try PanelRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, estimator: .biascorrected,
                                options: FitOptions(standardErrors: .hessian))
        }
        if case .invalidArgument(let message)? = biasCorrected {
            #expect(message.hasPrefix("the bias-corrected estimates are not the maximum of a likelihood, so they have no Hessian standard errors"), "\(message)")
        } else { Issue.record("\(String(describing: biasCorrected))") }
        let random = #expect(throws: ModelError.self) {
            try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, options: FitOptions(standardErrors: .hessian))
        }
        if case .invalidArgument(let message)? = random { #expect(message.contains("random-effects fits report GLS standard errors"), "\(message)") } else {
            Issue.record("\(String(describing: random))")
        }
    }

    /// An independent check of the engine's numerical Hessian: for a lag model the inverse of the profile
    /// likelihood's curvature in rho is the rho entry of the inverse full Hessian, and the profile's curvature is
    /// analytical, `m (2 (a0L - r aLL)^2 - aLL SSE) / SSE^2 - tr((W A^-1)^2)`, with e0, eL the residuals of y and W y
    /// on X, `a0L = e0'eL`, `aLL = eL'eL` (the derivative of the score the Newton polish uses).
    @Test func lagHessianMatchesTheAnalyticalProfileCurvature() throws {
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let fit = try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(standardErrors: .hessian))
        let r = try #require(fit.rho).estimate
        let e0 = try LeastSquares(x: data.x, y: data.y).residuals, eL = try LeastSquares(x: data.x, y: try w.lag(data.y)).residuals
        let a0L = zip(e0, eL).reduce(0) { $0 + $1.0 * $1.1 }, aLL = eL.reduce(0) { $0 + $1 * $1 }
        let sse = zip(e0, eL).reduce(0) { $0 + ($1.0 - r * $1.1) * ($1.0 - r * $1.1) }
        let m = Double(data.n)
        let trace2 = try w.logDeterminant(.method(.eigenSymmetric)).logDeterminant.traces(r).second
        let curvature = m * (2 * (a0L - r * aLL) * (a0L - r * aLL) - aLL * sse) / (sse * sse) - trace2
        #expect(close(try #require(fit.rho).stdError, (-1 / curvature).squareRoot(), rtol: 1e-6))
    }
}
