import Foundation
import Testing
@testable import SpatialEconometrics

/// Baltagi-Song-Koh LM tests against splm's `bsktest` on produc.
@Suite struct RandomEffectsLMDiagnosticsTests {
    @Test func matchesSplmBsktest() throws {
        let ref = try FixtureJSON("reference/r/produc_panel.json")["results", "bsktest"]
        let (panel, w) = try PanelRegressionTests.produc()
        let bsk = try RandomEffectsLMDiagnostics(panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        // LM1, LM2 and LM-H are closed forms of the OLS residuals: 1e-8. The conditional tests use ML fits (random
        // effects; pooled spatial error) that splm finds with nlminb/optimize: 1e-5.
        for (r, key, tol) in [(bsk.lmH, "LMH", 1e-8), (bsk.lm1, "LM1", 1e-8), (bsk.lm2, "LM2", 1e-8), (bsk.conditionalLambda, "CLMlambda", 1e-5), (bsk.conditionalMu, "CLMmu", 1e-5)] {
            let s = ref[key]
            #expect(close(r.statistic, try s["statistic"].number(), rtol: tol), "\(key)")
            #expect(close(r.pValue, try s["p_value"].number(), rtol: 1e-3, atol: 1e-300), "\(key) p")
        }
    }
}
