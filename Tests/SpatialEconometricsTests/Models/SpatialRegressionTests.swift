import Foundation
import Testing
@testable import SpatialEconometrics

/// ML SAR, SEM, SDM, SDEM, SAC and SLX on columbus (CRIME ~ INC + HOVAL, queen, row-standardised) against
/// spatialreg 1.2.6 (`method = "eigen"`). R's optimize() stops at ~1.5e-8 in rho, so estimates are compared at 1e-6
/// relative (the tolerance) and log-likelihoods at 1e-9; standard errors at 1e-5.
@Suite struct SpatialRegressionTests {
    let r: FixtureJSON

    init() throws { r = try FixtureJSON("reference/r/columbus_models.json")["results"] }

    func data() throws -> RegressionData { try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]) }
    func name(_ s: String) -> String { s.hasPrefix("lag.") ? "W_" + s.dropFirst(4) : s }

    @Test(arguments: [(SpatialModel.sar, "SAR"), (.sem, "SEM"), (.sdm, "SDM"), (.sdem, "SDEM"), (.sac, "SAC")])
    func matchesSpatialreg(model: SpatialModel, key: String) throws {
        let fit = try SpatialRegression(model, data: data(), weights: Columbus.queen().transformed(.row))
        let ref = r[key]
        let coef = try ref["coefficients"].entries()
        #expect(fit.coefficients.count == coef.count)
        for (k, v) in coef {
            let c = try #require(fit.coefficients.first { $0.name == name(k) }, "\(k)")
            #expect(close(c.estimate, try v["Estimate"].number(), rtol: 1e-6), "\(key) \(k)")
            #expect(close(c.stdError, try v["Std. Error"].number(), rtol: 1e-5), "\(key) \(k) se")
        }
        // The reference has rho (lambda) exactly when the model has one: a missing one fails instead of being skipped.
        for (p, mine) in [("rho", fit.rho), ("lambda", fit.lambda)] {
            #expect(ref[p].exists == (mine != nil), "\(key): \(p) in the reference \(ref[p].exists), in the fit \(mine != nil)")
            guard let m = mine else { continue }
            #expect(close(m.estimate, try ref[p]["estimate"].number(), rtol: 1e-6), "\(key) \(p)")
            #expect(close(m.stdError, try ref[p]["std_error_asymptotic"].number(), rtol: 1e-5), "\(key) \(p) se")
        }
        #expect(close(fit.sigma2, try ref["sigma2_ML"].number(), rtol: 1e-6))
        #expect(close(fit.logLikelihood, try ref["logLik"].number(), rtol: 1e-9))
        #expect(close(fit.aic, try ref["AIC"].number(), rtol: 1e-9))
        #expect(close(try #require(fit.lrVersusOLS).statistic, try ref["LR_vs_OLS", "statistic"].number(), rtol: 1e-6))
    }

    @Test func slxIsOLSWithLaggedRegressors() throws {
        let fit = try SpatialRegression(.slx, data: data(), weights: Columbus.queen().transformed(.row))
        #expect(close(fit.logLikelihood, try r["SLX", "logLik"].number(), rtol: 1e-10))
        #expect(fit.coefficients.map(\.name) == ["(Intercept)", "INC", "HOVAL", "W_INC", "W_HOVAL"])
    }

    /// The dense-LU log-determinant gives the same fit as the eigenvalue one (a check of both).
    @Test func denseLUAgreesWithEigen() throws {
        let w = try Columbus.queen().transformed(.row)
        let eig = try w.eigenLogDeterminant()
        let lu = DenseLULogDeterminant(w, interval: eig.interval)
        for rho in [-0.9, -0.3, 0.2, 0.7, 0.95] {
            #expect(close(lu.value(rho), eig.value(rho), rtol: 1e-11, atol: 1e-12))
            let (a, b) = (lu.traces(rho), eig.traces(rho))
            #expect(close(a.first, b.first, rtol: 1e-10, atol: 1e-12) && close(a.second, b.second, rtol: 1e-10))
        }
        let f1 = try SpatialRegression(.sar, data: data(), weights: w, logDeterminant: lu)
        let f2 = try SpatialRegression(.sar, data: data(), weights: w)
        // A maximum located from function values is determined to ~sqrt(eps * |lnL| / curvature) ~ 2e-8 here.
        #expect(close(f1.rho!.estimate, f2.rho!.estimate, rtol: 2e-7))
        #expect(eig.method == .eigenSymmetric)
    }
}

/// An estimate at the edge of the feasible interval is reported, not hidden.
@Suite struct SpatialRegressionBoundTests {
    @Test func rhoAtTheUpperBoundIsWarned() throws {
        let w = try Columbus.queen().transformed(.row)
        // y = (I - 0.9999999 W)^-1 (1 + x + 0.001 e): the lag explains y almost exactly and rho runs to 1/lambda_max = 1.
        // (Without the noise the fit is exact, and exact fits are refused as perfectFit.)
        var g = SeededGenerator(seed: 11)
        let x = (0..<49).map { _ in g.normal() }, e = (0..<49).map { _ in g.normal() }
        let a = try Matrix.identity(49) - 0.9999999 * w.dense
        let y = try LUDecomposition(a).solve(Matrix(rows: 49, columns: 1, columnMajor: zip(x, e).map { 1 + $0 + 1e-3 * $1 })).elements
        let fit = try SpatialRegression(.sar, data: RegressionData(y: y, columns: [("x", x)]), weights: w)
        #expect(fit.rho!.estimate > 0.999)
        #expect(fit.warnings.contains { $0.contains("bound") }, "\(fit.warnings)")
    }
}
