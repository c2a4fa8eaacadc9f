import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial fit --unbalanced`: the library's UnbalancedPanelRegression on produc with 40 rows removed; without the
/// option the gap is an error naming it; the option's refusals.
@Suite struct UnbalancedFitCLITests {
    static let usaww = Fixtures.url("data/produc/usaww.csv").path
    static let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]

    /// produc.csv without 40 seeded rows, written to a temporary file.
    static func gappyProduc() throws -> (path: String, table: DataTable) {
        let text = try String(contentsOf: Fixtures.url("data/produc/produc.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        var g = SeededGenerator(seed: 15)
        var drop = Set<Int>()
        while drop.count < 40 { drop.insert(Int(g.next() % UInt64(lines.count))) }
        let kept = lines.indices.filter { !drop.contains($0) }.map { lines[$0] }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("produc-gaps-\(UUID().uuidString).csv")
        try ([header] + kept).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return (url.path, try DataTable(contentsOf: url))
    }

    func run(_ data: String, _ extra: [String]) throws -> SpatialCLI.Result {
        try SpatialCLI.run(["--quiet", "fit", "--data", data, "--unit", "state", "--time", "year", "--y", "log(gsp)",
                            "--x", Self.x.joined(separator: ","), "--weights", Self.usaww] + extra)
    }

    @Test func jsonIsTheLibrarysFit() throws {
        let (path, table) = try Self.gappyProduc()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.usaww)).transformed(.row)
        let paired = try UnbalancedPanel.paired(table: table, unit: "state", time: "year", weights: w)
        #expect(paired.panel.observedCount == 48 * 17 - 40)
        for (mode, flag) in [(UnbalancedWeights.renormalized, ["--unbalanced"]), (.restricted, ["--unbalanced", "restricted"])] {
            let fit = try UnbalancedPanelRegression(.sdm, panel: paired.panel, y: "log(gsp)", x: Self.x, weights: paired.weights, periodWeights: mode)
            let effects = try ImpactMeasures(fit, inference: .delta)
            let r = try run(path, ["--model", "sdm"] + flag + ["--impacts", "delta", "--json"])
            #expect(r.status == 0, "\(r.err)")
            let json = try #require(r.json as? [String: Any])
            let rho = try #require(json["rho"] as? [String: Any])
            #expect(close((rho["estimate"] as? Double) ?? .nan, fit.rho?.estimate ?? .nan, rtol: 1e-12))
            #expect(close((rho["std_error"] as? Double) ?? .nan, fit.rho?.stdError ?? .nan, rtol: 1e-12))
            #expect(json["estimator"] as? String == "direct-unbalanced")
            #expect((json["likelihood"] as? String)?.contains(mode == .renormalized ? "transformation applied again" : "not re-normalised") == true)
            let total = try #require((json["effects"] as? [String: Any])?["total"] as? [[String: Any]])
            for (e, t) in zip(effects.total, total) { #expect(close((t["estimate"] as? Double) ?? .nan, e.estimate, rtol: 1e-9)) }
            let fe = try #require(json["fixed_effects"] as? [String: Any])
            #expect(close((fe["intercept"] as? Double) ?? .nan, fit.fixedEffects?.intercept ?? .nan, rtol: 1e-12))
            #expect((fe["individual"] as? [String: Double])?.count == 48 && (fe["time"] as? [String: Double])?.count == 17)
        }
        let text = try run(path, ["--model", "sar", "--unbalanced", "--effects", "individual"])
        #expect(text.status == 0 && text.out.contains("unbalanced") && text.out.contains("776 of 816 unit-periods observed"), "\(text.out)\(text.err)")
    }

    @Test func refusals() throws {
        let (path, table) = try Self.gappyProduc()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Without --unbalanced, a gap stays an error, and the message names the option.
        let plain = try run(path, ["--model", "sdm"])
        #expect(plain.status == 1 && plain.err.contains("has no observation in period") && plain.err.contains("add --unbalanced"), "\(plain.err)")
        // A row with a missing value: an error naming its row, or a gap with --drop-missing.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        var cells = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[3] = ""   // pcap
        lines[5] = cells.joined(separator: ",")
        let missingPath = path + ".na.csv"
        try lines.joined(separator: "\n").write(toFile: missingPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: missingPath) }
        let na = try run(missingPath, ["--model", "sar", "--unbalanced"])
        #expect(na.status == 1 && na.err.contains("row 5"), "\(na.err)")
        let dropped = try run(missingPath, ["--model", "sar", "--unbalanced", "--drop-missing", "--json"])
        #expect(dropped.status == 0 && dropped.err.contains("dropped 1 row(s)"), "\(dropped.err)")
        #expect((dropped.json as? [String: Any])?["likelihood"] as? String != nil)
        for (args, option) in [(["--model", "sem", "--unbalanced"], "--unbalanced"), (["--model", "sar", "--unbalanced", "--estimator", "leeyu"], "--estimator"),
                               (["--model", "sar", "--unbalanced", "--effects", "random"], "--effects"),
                               (["--model", "sar", "--unbalanced", "--se", "hessian"], "--se"),
                               (["--model", "sar", "--unbalanced", "--vce", "hac:triangular:1"], "--vce")] {
            let r = try run(path, args)
            #expect(r.status == 2 && r.err.contains(option), "\(args): \(r.err)")
        }
        // --vce cluster: the library's sandwich.
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.usaww)).transformed(.row)
        let paired = try UnbalancedPanel.paired(table: table, unit: "state", time: "year", weights: w)
        let fit = try UnbalancedPanelRegression(.sar, panel: paired.panel, y: "log(gsp)", x: Self.x, weights: paired.weights, covariance: .cluster)
        let cluster = try run(path, ["--model", "sar", "--unbalanced", "--vce", "cluster", "--json"])
        let json = cluster.json as? [String: Any]
        #expect(cluster.status == 0 && json?["vce"] as? String == "cluster", "\(cluster.err)")
        #expect(close(((json?["rho"] as? [String: Any])?["std_error"] as? Double) ?? .nan, fit.rho?.stdError ?? .nan, rtol: 1e-12))
    }
}
