import Foundation
import Testing
@testable import SpatialEconometrics

/// OLS CRIME ~ INC + HOVAL on columbus against R (lm) and spreg; its spatial diagnostics are in ``SpatialDiagnosticsTests``.
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
