import Foundation
import Testing
@testable import SpatialEconometrics

/// ``NestedModelComparison/crossSectionBattery(_:data:weights:options:)``: the keys each model gets, and values equal to
/// the single tests it assembles (whose references are checked in ``NestedModelComparisonTests``).
@Suite struct CrossSectionBatteryTests {
    @Test func eachModelGetsItsTests() throws {
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let expected: [SpatialModel: Set<String>] = [
            .sar: ["lr_vs_ols", "wald_spatial"], .sac: ["lr_vs_ols", "wald_spatial"], .slx: [],
            .sem: ["lr_vs_ols", "wald_spatial", "spatial_hausman"], .sdem: ["lr_vs_ols", "wald_spatial", "spatial_hausman"],
            .sdm: ["lr_vs_ols", "wald_spatial", "wald_sdm_sar", "wald_sdm_sem", "lr_sdm_sar", "lr_sdm_sem", "lr_sdm_slx"],
        ]
        for model in SpatialModel.allCases {
            let fit = try SpatialRegression(model, data: data, weights: w)
            let tests = try NestedModelComparison.crossSectionBattery(fit, data: data, weights: w)
            #expect(Set(tests.keys) == expected[model], "\(model)")
            #expect(tests.values.allSatisfy { $0.statistic.isFinite && $0.pValue >= 0 && $0.pValue <= 1 }, "\(model)")
        }
    }

    @Test func theSDMBatteryIsTheSingleTests() throws {
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let sdm = try SpatialRegression(.sdm, data: data, weights: w)
        let tests = try NestedModelComparison.crossSectionBattery(sdm, data: data, weights: w)
        #expect(tests["wald_sdm_sar"] == (try NestedModelComparison.waldNoSpatialLagsOfX(sdm)))
        #expect(tests["wald_sdm_sem"] == (try NestedModelComparison.waldCommonFactor(sdm)))
        for (key, model) in [("lr_sdm_sar", SpatialModel.sar), ("lr_sdm_sem", .sem), ("lr_sdm_slx", .slx)] {
            let restricted = try SpatialRegression(model, data: data, weights: w)
            #expect(tests[key] == NestedModelComparison.likelihoodRatio(unrestricted: sdm, restricted: restricted), "\(key)")
        }
        #expect(tests["lr_sdm_sar"]?.df == 2 && tests["lr_sdm_slx"]?.df == 1)
        let sem = try SpatialRegression(.sem, data: data, weights: w)
        #expect(try NestedModelComparison.crossSectionBattery(sem, data: data, weights: w)["spatial_hausman"]
                == (try NestedModelComparison.spatialHausman(sem, data: data, weights: w)))
    }
}
