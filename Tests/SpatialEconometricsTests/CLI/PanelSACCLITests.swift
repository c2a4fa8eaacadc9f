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

/// `--error-weights M` (xsmle emat()): the library's SAC with errorWeights, M matched by id and transformed with
/// --transform; refused where it does not apply, naming the option.
@Suite struct PanelSACErrorWeightsCLITests {
    @Test func jsonIsTheLibrarysFit() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: PanelSACCLITests.usaww)).transformed(.row)
        let m = try DurbinTermsTests.secondOrder(w)
        let file = dir.appendingPathComponent("m.csv")
        try m.transformed(.binary).reordered(to: m.ids.reversed()).write(to: file)
        let fit = try PanelRegression(.sac, panel: panel, y: "log(gsp)", x: PanelSACCLITests.x, weights: w, errorWeights: m, effects: .twoways,
                                      estimator: .direct)
        let r = try PanelSACCLITests().run(["--error-weights", file.path, "--estimator", "direct", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        for (key, p) in [("rho", fit.rho), ("lambda", fit.lambda)] {
            let o = try #require(json[key] as? [String: Any], "\(key)")
            #expect(close((o["estimate"] as? Double) ?? .nan, p?.estimate ?? .nan, rtol: 1e-10), "\(key)")
            #expect(close((o["std_error"] as? Double) ?? .nan, p?.stdError ?? .nan, rtol: 1e-8), "\(key) se")
        }
        #expect(((json["error_weights"] as? [String: Any])?["source"] as? String) == file.path)
        // --vce cluster: the library's sandwich with W for the lag and M for the error (SACErrorWeightsSandwichTests).
        let cluster = try PanelRegression(.sac, panel: panel, y: "log(gsp)", x: PanelSACCLITests.x, weights: w, errorWeights: m, effects: .twoways,
                                          covariance: .cluster)
        let c = try PanelSACCLITests().run(["--error-weights", file.path, "--vce", "cluster", "--json"])
        #expect(c.status == 0, "\(c.err)")
        let cj = try #require(c.json as? [String: Any])
        for (key, p) in [("rho", cluster.rho), ("lambda", cluster.lambda)] {
            let o = try #require(cj[key] as? [String: Any], "\(key)")
            #expect(close((o["std_error"] as? Double) ?? .nan, p?.stdError ?? .nan, rtol: 1e-10), "cluster \(key) se")
        }
        #expect(cj["standard_errors"] as? String == cluster.standardErrors && cluster.standardErrors.contains("Lin & Lee 2010"), "\(cluster.standardErrors)")
        let sem = try SpatialCLI.run(["fit", "--model", "sem", "--data", PanelSACCLITests.produc, "--unit", "state", "--time", "year", "--y", "log(gsp)",
                                      "--x", "unemp", "--weights", PanelSACCLITests.usaww, "--error-weights", file.path])
        #expect(sem.status == 2 && sem.err.contains("--error-weights"), "\(sem.err)")
        let cross = try SpatialCLI.run(["fit", "--model", "sac", "--data", Fixtures.url("data/columbus/columbus.csv").path, "--y", "CRIME", "--x", "INC",
                                        "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--error-weights", file.path])
        #expect(cross.status == 2 && cross.err.contains("--error-weights"), "\(cross.err)")
    }
}
