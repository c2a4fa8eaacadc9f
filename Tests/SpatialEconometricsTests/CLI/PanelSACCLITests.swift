import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial fit --model sac` on a panel: the library's fixed-effects SAC (itself checked against produc_sac.json),
/// "rho" and "lambda" in the JSON, effects of the lag part; random effects refused naming the option.
@Suite struct PanelSACCLITests {
    static let produc = Fixtures.url("data/produc/produc.csv").path, usaww = Fixtures.url("data/produc/usaww.csv").path
    static let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]

    func run(_ extra: [String]) throws -> SpatialCLI.Result {
        try SpatialCLI.run(["--quiet", "fit", "--model", "sac", "--data", Self.produc, "--unit", "state", "--time", "year", "--y", "log(gsp)",
                            "--x", Self.x.joined(separator: ","), "--weights", Self.usaww] + extra)
    }

    @Test func jsonIsTheLibrarysFit() throws {
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.usaww)).transformed(.row)
        for (effects, estimator) in [(PanelEffects.twoways, PanelEstimator.leeyu), (.individual, .splm)] {
            let fit = try PanelRegression(.sac, panel: panel, y: "log(gsp)", x: Self.x, weights: w, effects: effects, estimator: estimator)
            let impacts = try ImpactMeasures(fit, inference: .delta)
            let r = try run(["--effects", effects.rawValue, "--estimator", estimator.rawValue, "--impacts", "delta", "--json"])
            #expect(r.status == 0, "\(r.err)")
            let json = try #require(r.json as? [String: Any])
            for (key, p) in [("rho", fit.rho), ("lambda", fit.lambda)] {
                let o = try #require(json[key] as? [String: Any], "\(key)")
                #expect(close((o["estimate"] as? Double) ?? .nan, p?.estimate ?? .nan, rtol: 1e-12), "\(key)")
                #expect(close((o["std_error"] as? Double) ?? .nan, p?.stdError ?? .nan, rtol: 1e-12), "\(key) se")
            }
            #expect(json["model"] as? String == "sac" && json["estimator"] as? String == estimator.rawValue)
            let total = try #require(((json["effects"] as? [String: Any])?["total"]) as? [[String: Any]])
            for (e, t) in zip(impacts.total, total) { #expect(close((t["estimate"] as? Double) ?? .nan, e.estimate, rtol: 1e-10), "\(e.name)") }
        }
        let text = try run([])
        #expect(text.status == 0 && text.out.contains("lambda"), "\(text.err)")
    }

    @Test func refusals() throws {
        let random = try run(["--effects", "random"])
        #expect(random.status == 2 && random.err.contains("--model sac") && random.err.contains("random"), "\(random.err)")
        let dynamic = try run(["--dynamic"])
        #expect(dynamic.status == 2 && dynamic.err.contains("--dynamic"), "\(dynamic.err)")
        let biased = try run(["--estimator", "biascorrected"])
        #expect(biased.status == 1 && biased.err.contains("bias-corrected"), "\(biased.err)")
    }
}
