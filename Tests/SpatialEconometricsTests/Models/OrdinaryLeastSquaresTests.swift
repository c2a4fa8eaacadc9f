import Foundation
import Testing
@testable import SpatialEconometrics

/// OLS CRIME ~ INC + HOVAL on columbus with spatial diagnostics, against R (lm, lm.morantest, lm.LMtests) and spreg.
@Suite struct OrdinaryLeastSquaresTests {
    let r = (try! Fixtures.json("reference/r/columbus_models.json") as! [String: Any])["results"] as! [String: Any]
    let py = (try! Fixtures.json("reference/py/columbus_ols.json") as! [String: Any])["queen"] as! [String: Any]

    func data() throws -> RegressionData { try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]) }

    @Test func coefficientsAndFitMatchR() throws {
        let ols = try OrdinaryLeastSquares(data())
        let ref = r["OLS"] as! [String: Any], coef = ref["coefficients"] as! [String: [String: Double]]
        for c in ols.coefficients {
            let rc = try #require(coef[c.name])
            #expect(close(c.estimate, rc["Estimate"]!, rtol: 1e-10))
            #expect(close(c.stdError, rc["Std. Error"]!, rtol: 1e-10))
            #expect(close(c.statistic, rc["t value"]!, rtol: 1e-10))
            #expect(close(c.pValue, rc["Pr(>|t|)"]!, rtol: 1e-8))
        }
        #expect(close(ols.sigma2, ref["sigma2_unbiased"] as! Double, rtol: 1e-12))
        #expect(close(ols.logLikelihood, ref["logLik"] as! Double, rtol: 1e-12))
        #expect(close(ols.aic, ref["AIC"] as! Double, rtol: 1e-12))
        #expect(close(ols.rSquared, ref["r_squared"] as! Double, rtol: 1e-12))
        #expect(close(ols.adjustedRSquared, ref["adj_r_squared"] as! Double, rtol: 1e-12))
        let f = py["f_stat"] as! [Double]
        #expect(close(ols.fTest!.statistic, f[0], rtol: 1e-10) && close(ols.fTest!.pValue, f[1], rtol: 1e-8))
        let jb = py["jarque_bera"] as! [String: Double], bp = py["breusch_pagan"] as! [String: Double], kb = py["koenker_bassett"] as! [String: Double]
        #expect(close(ols.jarqueBera.statistic, jb["jb"]!, rtol: 1e-10))
        #expect(close(ols.breuschPagan!.statistic, bp["bp"]!, rtol: 1e-10) && close(ols.breuschPagan!.pValue, bp["p"]!, rtol: 1e-8))
        #expect(close(ols.koenkerBassett!.statistic, kb["kb"]!, rtol: 1e-10))
    }

    @Test func spatialDiagnosticsMatchSpdepAndSpreg() throws {
        let d = try data()
        let w = try Columbus.queen().transformed(.row)
        let diag = try SpatialDiagnostics(ols: OrdinaryLeastSquares(d), data: d, weights: w)
        let mt = r["lm_morantest"] as! [String: Any], est = mt["estimate"] as! [String: Double]
        #expect(close(diag.moranResiduals.I, est["Observed Moran I"]!, rtol: 1e-10))
        #expect(close(diag.moranResiduals.expected, est["Expectation"]!, rtol: 1e-10))
        #expect(close(diag.moranResiduals.variance, est["Variance"]!, rtol: 1e-10))
        #expect(close(diag.moranResiduals.z, mt["statistic"] as! Double, rtol: 1e-10))
        #expect(close(diag.moranResiduals.p, mt["p_value"] as! Double, rtol: 1e-8))
        let lm = r["lm_LMtests"] as! [String: [String: Any]]
        for (mine, key) in [(diag.lmError, "LMerr"), (diag.lmLag, "LMlag"), (diag.robustLmError, "RLMerr"), (diag.robustLmLag, "RLMlag"), (diag.lmSarma, "SARMA")] {
            #expect(close(mine.statistic, lm[key]!["statistic"] as! Double, rtol: 1e-10), "\(key)")
            #expect(close(mine.pValue, lm[key]!["p_value"] as! Double, rtol: 1e-8), "\(key) p")
        }
        #expect(close(diag.lmSarma.statistic, (py["lm_sarma"] as! [String: Double])["value"]!, rtol: 1e-10))
    }

    @Test func collinearAndBadInputsAreNamed() throws {
        let t = try Columbus.table()
        let inc = try t.numbers("INC")
        #expect(throws: ModelError.collinear(["INC2"])) {
            try OrdinaryLeastSquares(RegressionData(y: t.numbers("CRIME"), yName: "CRIME", columns: [("INC", inc), ("INC2", inc.map { 2 * $0 })]))
        }
        var bad = inc
        bad[3] = .nan
        #expect(throws: ModelError.nonFinite(variable: "INC", observation: 3)) {
            try RegressionData(y: t.numbers("CRIME"), yName: "CRIME", columns: [("INC", bad)])
        }
        // An exact fit is returned with R's warning (the spatial fits refuse it).
        #expect(try OrdinaryLeastSquares(RegressionData(y: inc.map { 1 + 2 * $0 }, columns: [("INC", inc)])).warnings
                == ["essentially perfect fit: summary may be unreliable"])
    }
}
