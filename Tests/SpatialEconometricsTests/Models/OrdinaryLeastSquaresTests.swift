import Foundation
import Testing
@testable import SpatialEconometrics

/// OLS CRIME ~ INC + HOVAL on columbus with spatial diagnostics, against R (lm, lm.morantest, lm.LMtests) and spreg.
@Suite struct OrdinaryLeastSquaresTests {
    let r: FixtureJSON
    let py: FixtureJSON

    init() throws {
        r = try FixtureJSON("reference/r/columbus_models.json")["results"]
        py = try FixtureJSON("reference/py/columbus_ols.json")["queen"]
    }

    func data() throws -> RegressionData { try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]) }

    @Test func coefficientsAndFitMatchR() throws {
        let ols = try OrdinaryLeastSquares(data())
        let ref = r["OLS"], coef = ref["coefficients"]
        #expect(try coef.keys().sorted() == ols.coefficients.map(\.name).sorted())
        for c in ols.coefficients {
            let rc = coef[c.name]
            #expect(close(c.estimate, try rc["Estimate"].number(), rtol: 1e-10))
            #expect(close(c.stdError, try rc["Std. Error"].number(), rtol: 1e-10))
            #expect(close(c.statistic, try rc["t value"].number(), rtol: 1e-10))
            #expect(close(c.pValue, try rc["Pr(>|t|)"].number(), rtol: 1e-8))
        }
        #expect(close(ols.sigma2, try ref["sigma2_unbiased"].number(), rtol: 1e-12))
        #expect(close(ols.logLikelihood, try ref["logLik"].number(), rtol: 1e-12))
        #expect(close(ols.aic, try ref["AIC"].number(), rtol: 1e-12))
        #expect(close(ols.rSquared, try ref["r_squared"].number(), rtol: 1e-12))
        #expect(close(ols.adjustedRSquared, try ref["adj_r_squared"].number(), rtol: 1e-12))
        let f = try #require(ols.fTest), bp = try #require(ols.breuschPagan), kb = try #require(ols.koenkerBassett)
        #expect(try close(f.statistic, try py["f_stat"][0].number(), rtol: 1e-10) && close(f.pValue, try py["f_stat"][1].number(), rtol: 1e-8))
        #expect(close(ols.jarqueBera.statistic, try py["jarque_bera", "jb"].number(), rtol: 1e-10))
        #expect(try close(bp.statistic, try py["breusch_pagan", "bp"].number(), rtol: 1e-10) && close(bp.pValue, try py["breusch_pagan", "p"].number(), rtol: 1e-8))
        #expect(close(kb.statistic, try py["koenker_bassett", "kb"].number(), rtol: 1e-10))
    }

    @Test func spatialDiagnosticsMatchSpdepAndSpreg() throws {
        let d = try data()
        let w = try Columbus.queen().transformed(.row)
        let diag = try SpatialDiagnostics(ols: OrdinaryLeastSquares(d), data: d, weights: w)
        let mt = r["lm_morantest"], est = mt["estimate"]
        #expect(close(diag.moranResiduals.I, try est["Observed Moran I"].number(), rtol: 1e-10))
        #expect(close(diag.moranResiduals.expected, try est["Expectation"].number(), rtol: 1e-10))
        #expect(close(diag.moranResiduals.variance, try est["Variance"].number(), rtol: 1e-10))
        #expect(close(diag.moranResiduals.z, try mt["statistic"].number(), rtol: 1e-10))
        #expect(close(diag.moranResiduals.p, try mt["p_value"].number(), rtol: 1e-8))
        let lm = r["lm_LMtests"]
        for (mine, key) in [(diag.lmError, "LMerr"), (diag.lmLag, "LMlag"), (diag.robustLmError, "RLMerr"), (diag.robustLmLag, "RLMlag"), (diag.lmSarma, "SARMA")] {
            #expect(close(mine.statistic, try lm[key, "statistic"].number(), rtol: 1e-10), "\(key)")
            #expect(close(mine.pValue, try lm[key, "p_value"].number(), rtol: 1e-8), "\(key) p")
        }
        #expect(close(diag.lmSarma.statistic, try py["lm_sarma", "value"].number(), rtol: 1e-10))
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
