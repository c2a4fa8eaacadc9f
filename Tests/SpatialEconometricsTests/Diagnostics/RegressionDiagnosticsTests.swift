import Foundation
import Testing
@testable import SpatialEconometrics

/// The spatial diagnostics of an OLS fit (Moran's I of the residuals, the LM tests) on columbus CRIME ~ INC + HOVAL
/// with the row-standardised queen W, against spdep (`lm.morantest`, `lm.LMtests`) and spreg.
@Suite struct SpatialDiagnosticsTests {
    let r: FixtureJSON
    let py: FixtureJSON

    init() throws {
        r = try FixtureJSON("reference/r/columbus_models.json")["results"]
        py = try FixtureJSON("reference/py/columbus_ols.json")["queen"]
    }

    func data() throws -> RegressionData { try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]) }

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
}
