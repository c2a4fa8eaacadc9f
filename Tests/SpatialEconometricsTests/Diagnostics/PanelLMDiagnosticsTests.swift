import Foundation
import Testing
@testable import SpatialEconometrics

/// Panel LM tests (splm `slmtest`, within two-way) and the LR tests of the fixed effects and of SDM vs SAR/SEM
/// (exact direct approach) against `produc_panel.json`.
@Suite struct PanelSelectionTests {
    @Test func lmAndLikelihoodRatioTestsMatchReference() throws {
        let ref = try FixtureJSON("reference/r/produc_panel.json")["results"]
        let (panel, w) = try PanelRegressionTests.produc()
        let lm = try PanelLMDiagnostics(panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .twoways).diagnostics
        let r = ref["slmtest", "within_twoways"]
        for (mine, key) in [(lm.lmLag, "lml"), (lm.lmError, "lme"), (lm.robustLmLag, "rlml"), (lm.robustLmError, "rlme")] {
            #expect(close(mine.statistic, try r[key, "statistic"].number(), rtol: 1e-8), "\(key)")
        }
        func fit(_ m: SpatialModel, _ e: PanelEffects) throws -> PanelRegression {
            try PanelRegression(m, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: e, estimator: .direct)
        }
        let two = try fit(.sdm, .twoways), ind = try fit(.sdm, .individual), tim = try fit(.sdm, .time)
        let lr = ref["own_fe_demean_after_W", "LR_tests"]
        #expect(close(2 * (two.logLikelihood - ind.logLikelihood), try lr["SDM_twoways_vs_individual", "statistic"].number(), rtol: 1e-6))
        #expect(close(2 * (two.logLikelihood - tim.logLikelihood), try lr["SDM_twoways_vs_time", "statistic"].number(), rtol: 1e-6))
        let sar = try fit(.sar, .twoways), sem = try fit(.sem, .twoways)
        #expect(close(2 * (two.logLikelihood - sar.logLikelihood), try lr["SDM_vs_SAR_twoways", "statistic"].number(), rtol: 1e-6))
        #expect(close(2 * (two.logLikelihood - sem.logLikelihood), try lr["SDM_vs_SEM_twoways", "statistic"].number(), rtol: 1e-6))
        let wald = try NestedModelComparison.waldNoSpatialLagsOfX(two)
        #expect(wald.df == 4 && wald.pValue < 0.001)
    }
}
