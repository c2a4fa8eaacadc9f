import Foundation
import Testing
@testable import SpatialEconometrics

/// The one-call battery: every key the CLI and papers use, with the values of the separate tests.
@Suite struct PanelModelSelectionTests {
    @Test func batteryOnProduc() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let ref = try FixtureJSON("reference/r/produc_panel.json")["results"]
        let b = try PanelModelSelection(panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .twoways, estimator: .direct, inference: .none)
        let keys = Set(PanelModelSelection.order.flatMap(\.keys))
        #expect(Set(b.tests.keys) == keys)
        #expect(close(try #require(b.tests["hausman"]).statistic, try ref["sphtest", "lag", "statistic"].number(), rtol: 1e-3))
        #expect(close(try #require(b.tests["bsk_lm_h"]).statistic, try ref["bsktest", "LMH", "statistic"].number(), rtol: 1e-8))
        #expect(close(try #require(b.tests["lr_sdm_sar"]).statistic, try ref["own_fe_demean_after_W", "LR_tests", "SDM_vs_SAR_twoways", "statistic"].number(), rtol: 1e-5))
        #expect(PanelModelSelection.decision("hausman", try #require(b.tests["hausman"])).contains("not usable"))
        #expect(PanelModelSelection.decision("lr_sdm_sar", try #require(b.tests["lr_sdm_sar"])) == "SDM, not SAR")
        let text = b.summary
        #expect(text.contains("Main") && text.contains("Wx") && text.contains("Direct") && text.contains("Mundlak"))
    }
}
