import Foundation
import Testing
@testable import SpatialCLI
@testable import SpatialEconometrics

/// `spatial gmm` in-process: the JSON is the library's ``SpatialTwoStageLeastSquares`` (and spreg's `GM_Lag`), text and
/// usage errors name what they refuse.
@Suite struct GMMCLITests {
    static let data = Fixtures.url("data/columbus/columbus.csv").path
    static let gal = Fixtures.url("data/columbus/columbus_queen.gal").path

    @Test func jsonIsTheLibraryFitAndSpreg() throws {
        let r = try SpatialCLI.run(["gmm", "--model", "sdm", "--data", Self.data, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", Self.gal,
                                    "--robust", "--impacts", "delta", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        #expect(json["method"] as? String == "gmm" && json["estimator"] as? String == "s2sls" && json["model"] as? String == "sdm")
        #expect(json["log_likelihood"] is NSNull && json["aic"] is NSNull)
        #expect((json["instruments"] as? [String]) == ["(Intercept)", "INC", "HOVAL", "W_INC", "W_HOVAL", "W2_INC", "W2_HOVAL"])
        #expect((json["first_stage"] as? [String: Any])?["statistic"] is Double)
        let table = try DataTable(contentsOf: URL(fileURLWithPath: Self.data))
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.gal)).transformed(.row)
        let paired = try PairedData(table: table, weights: w)
        let fit = try SpatialTwoStageLeastSquares(.sdm, data: paired.table, y: "CRIME", x: ["INC", "HOVAL"], weights: paired.weights, covariance: .white)
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        for (c, expected) in zip(coefficients, fit.coefficients) {
            #expect(c["name"] as? String == expected.name)
            #expect(close(c["estimate"] as? Double ?? .nan, expected.estimate, rtol: 1e-12))
            #expect(close(c["std_error"] as? Double ?? .nan, expected.stdError, rtol: 1e-12))
        }
        let rho = try #require(json["rho"] as? [String: Any])
        #expect(close(rho["estimate"] as? Double ?? .nan, fit.rhoEstimate.estimate, rtol: 1e-12))
        // spreg GM_Lag(slx_lags=1, robust='white') on columbus: rho 0.685512510719974 (reference/py/gmm_lag.json)
        #expect(abs((rho["estimate"] as? Double ?? 0) - 0.685512510719974) < 1e-9)
        let effects = try #require(json["effects"] as? [String: Any])
        #expect((effects["total"] as? [[String: Any]])?.count == 2)
        #expect((json["warnings"] as? [String])?.contains { $0.hasPrefix("weak instruments") } == true)
    }

    @Test func textSummaryAndUsageErrors() throws {
        let r = try SpatialCLI.run(["gmm", "--data", Self.data, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", Self.gal, "--w-lags", "2"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Spatial two-stage least squares, SAR") && r.out.contains("W2_INC") && r.out.contains("first-stage F"))
        #expect(r.out.contains("Direct"))
        let sem = try SpatialCLI.run(["gmm", "--model", "sem", "--data", Self.data, "--y", "CRIME", "--x", "INC", "--weights", Self.gal])
        #expect(sem.status == 2 && sem.err.contains("--model"))
        let both = try SpatialCLI.run(["gmm", "--data", Self.data, "--y", "CRIME", "--x", "INC", "--weights", Self.gal, "--robust", "--df-correction"])
        #expect(both.status == 2 && both.err.contains("--df-correction"))
        let zero = try SpatialCLI.run(["gmm", "--data", Self.data, "--y", "CRIME", "--x", "INC", "--weights", Self.gal, "--w-lags", "0"])
        #expect(zero.status == 2 && zero.err.contains("--w-lags"))
        let seed = try SpatialCLI.run(["gmm", "--data", Self.data, "--y", "CRIME", "--x", "INC", "--weights", Self.gal, "--seed", "3"])
        #expect(seed.status == 2 && seed.err.contains("--seed"))
    }
}
