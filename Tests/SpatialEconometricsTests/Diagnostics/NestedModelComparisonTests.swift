import Foundation
import Testing
@testable import SpatialEconometrics

/// LR, Wald and spatial Hausman tests on columbus against spatialreg (`LR.Sarlm`, `Hausman.test`).
@Suite struct NestedModelComparisonTests {
    let r: FixtureJSON

    init() throws { r = try FixtureJSON("reference/r/columbus_models.json")["results"] }

    @Test func likelihoodRatioAndWaldAndHausman() throws {
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let sdm = try SpatialRegression(.sdm, data: data, weights: w), sar = try SpatialRegression(.sar, data: data, weights: w)
        let sem = try SpatialRegression(.sem, data: data, weights: w), sac = try SpatialRegression(.sac, data: data, weights: w)
        let sdem = try SpatialRegression(.sdem, data: data, weights: w)
        for (u, rr, key) in [(sdm, sar, "LR_SDM_vs_SAR"), (sdm, sem, "LR_SDM_vs_SEM"), (sac, sar, "LR_SAC_vs_SAR")] {
            let t = NestedModelComparison.likelihoodRatio(unrestricted: u, restricted: rr)
            let ref = r[key]
            #expect(close(t.statistic, try ref["statistic"].number(), rtol: 1e-6), "\(key)")
            #expect(t.df == (try ref["parameter", "df"].number()))
        }
        // spatialreg's Hausman uses B^-1 B^-1 for the OLS covariance (see the doc comment): reproduce it with the
        // variant, and check that the correct covariance gives a different, smaller statistic.
        let h = try NestedModelComparison.spatialHausman(sem, data: data, weights: w, spatialregVariant: true)
        #expect(close(h.statistic, try r["SEM", "Hausman_test", "statistic"].number(), rtol: 1e-5))
        #expect(h.df == 3)
        let correct = try NestedModelComparison.spatialHausman(sem, data: data, weights: w)
        #expect(abs(correct.statistic - 5.2557) < 1e-3)
        let h2 = try NestedModelComparison.spatialHausman(sdem, data: data, weights: w, spatialregVariant: true)
        #expect(close(h2.statistic, try r["SDEM", "Hausman_test", "statistic"].number(), rtol: 1e-5))
        // Wald tests: theta = 0 has df 2; the common factor too; both agree in direction with the LR tests.
        let w1 = try NestedModelComparison.waldNoSpatialLagsOfX(sdm), w2 = try NestedModelComparison.waldCommonFactor(sdm)
        #expect(w1.df == 2 && w2.df == 2)
        #expect(w1.pValue > 0.05 && w2.pValue > 0.01)
        #expect(throws: ModelError.invalidArgument("the common-factor test needs an SDM fit")) { try NestedModelComparison.waldCommonFactor(sar) }
    }
}
