import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial fit --durbin A,B` and `--durbin-weights W2` (xsmle `durbin()`, `dmat()`): equal to the SAR / SEM fitted by
/// the CLI on a data file with the W X columns built by hand (``DurbinTermsTests``), on produc (panel) and columbus
/// (cross-section); W2 is matched to the units by id; the refusals name the option and the regressor.
@Suite struct DurbinCLITests {
    static let produc = Fixtures.url("data/produc/produc.csv"), usaww = Fixtures.url("data/produc/usaww.csv")
    static let columbus = Fixtures.url("data/columbus/columbus.csv"), queen = Fixtures.url("data/columbus/columbus_queen.gal")
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]

    /// The CSV at `url` with the columns appended (row k of the table is line k + 1 of the file).
    static func appending(_ url: URL, _ columns: [(String, [Double])], to out: URL) throws {
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        lines[0] += columns.map { "," + $0.0 }.joined()
        for k in 1..<lines.count { lines[k] += columns.map { "," + String($0.1[k - 1]) }.joined() }
        try (lines.joined(separator: "\n") + "\n").write(to: out, atomically: true, encoding: .utf8)
    }

    /// produc.csv with lpcap... (logs) and the hand-built `h_<x>` = W2 x columns.
    static func producFile(_ names: [String], w2: SpatialWeights, in dir: URL) throws -> URL {
        let (panel, _) = try DurbinTermsTests.producWithHandLags(names, w2)
        let columns = try (["lpcap", "lpc", "lemp", "lgsp"] + names.map { "h_" + $0 }).map { ($0, try panel.table.numbers($0)) }
        let out = dir.appendingPathComponent("produc-hand.csv")
        try appending(produc, columns, to: out)
        return out
    }

    static func coefficients(_ r: SpatialCLI.Result) -> [String: (Double, Double)] {
        let list = ((r.json as? [String: Any])?["coefficients"] as? [[String: Any]]) ?? []
        var out = [String: (Double, Double)]()
        for c in list { if let n = c["name"] as? String { out[n] = ((c["estimate"] as? Double) ?? .nan, (c["std_error"] as? Double) ?? .nan) } }
        return out
    }

    static func expectSame(_ a: SpatialCLI.Result, _ b: SpatialCLI.Result, rename: [String: String], _ label: String) {
        #expect(a.status == 0 && b.status == 0, "\(label): \(a.err) \(b.err)")
        let ca = coefficients(a), cb = coefficients(b)
        #expect(ca.count == cb.count && !ca.isEmpty, "\(label): \(ca.keys.sorted()) vs \(cb.keys.sorted())")
        for (name, v) in ca {
            guard let w = cb[rename[name] ?? name] else { Issue.record("\(label): no \(name)"); continue }
            #expect(close(v.0, w.0, rtol: 1e-9, atol: 1e-12) && close(v.1, w.1, rtol: 1e-9), "\(label) \(name)")
        }
        let ja = a.json as? [String: Any], jb = b.json as? [String: Any]
        #expect(close((ja?["log_likelihood"] as? Double) ?? .nan, (jb?["log_likelihood"] as? Double) ?? 0, rtol: 1e-11), "\(label) logLik")
        for key in ["rho", "lambda"] {
            let p = (ja?[key] as? [String: Any])?["estimate"] as? Double, q = (jb?[key] as? [String: Any])?["estimate"] as? Double
            #expect((p == nil) == (q == nil) && close(p ?? 0, q ?? 0, rtol: 1e-9), "\(label) \(key)")
        }
    }

    @Test func panelDurbinSubsetAndSecondWeights() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try SpatialWeights.read(from: Self.usaww).transformed(.row)
        let w2 = try DurbinTermsTests.secondOrder(w)
        // W2 written in reversed unit order, untransformed (binary): --transform row is applied to it as to --weights.
        let w2File = dir.appendingPathComponent("w2.csv")
        try DurbinTermsTests.secondOrder(w).transformed(.binary).reordered(to: w.ids.reversed()).write(to: w2File)
        let data = try Self.producFile(Self.xs, w2: w2, in: dir)
        func run(_ extra: [String]) throws -> SpatialCLI.Result {
            try SpatialCLI.run(["--quiet", "fit", "--data", data.path, "--unit", "state", "--time", "year", "--y", "lgsp", "--weights", Self.usaww.path,
                                "--json"] + extra)
        }
        // A subset: the W_ columns of lpcap and unemp are W x (W2 = W here: build them with W).
        let subsetData = try Self.producFile(["lpcap", "unemp"], w2: w, in: dir.appendingPathComponent("sub", isDirectory: true).creating())
        func runSubset(_ extra: [String]) throws -> SpatialCLI.Result {
            try SpatialCLI.run(["--quiet", "fit", "--data", subsetData.path, "--unit", "state", "--time", "year", "--y", "lgsp", "--weights",
                                Self.usaww.path, "--json"] + extra)
        }
        for (model, base) in [("sdm", "sar"), ("sdem", "sem")] {
            let sub = try runSubset(["--model", model, "--x", Self.xs.joined(separator: ","), "--durbin", "unemp,lpcap"])
            let hand = try runSubset(["--model", base, "--x", (Self.xs + ["h_lpcap", "h_unemp"]).joined(separator: ",")])
            Self.expectSame(sub, hand, rename: ["W_lpcap": "h_lpcap", "W_unemp": "h_unemp"], "\(model) --durbin")
            #expect((sub.json as? [String: Any])?["durbin"] as? [String] == ["lpcap", "unemp"])
            let second = try run(["--model", model, "--x", Self.xs.joined(separator: ","), "--durbin-weights", w2File.path])
            let hand2 = try run(["--model", base, "--x", (Self.xs + Self.xs.map { "h_" + $0 }).joined(separator: ",")])
            Self.expectSame(second, hand2, rename: Dictionary(uniqueKeysWithValues: Self.xs.map { ("W_" + $0, "h_" + $0) }), "\(model) --durbin-weights")
            let source = ((second.json as? [String: Any])?["durbin_weights"] as? [String: Any])?["source"] as? String
            #expect(source == w2File.path)
        }
        // The SDM with W2: the effects of S (b I + theta W2), equal to the library's.
        let sdm = try SpatialCLI.run(["fit", "--data", data.path, "--unit", "state", "--time", "year", "--y", "lgsp", "--weights", Self.usaww.path,
                                      "--json", "--model", "sdm", "--x", Self.xs.joined(separator: ","), "--durbin-weights", w2File.path])
        let direct = (((sdm.json as? [String: Any])?["effects"] as? [String: Any])?["direct"] as? [[String: Any]]) ?? []
        let (libraryPanel, libraryW) = try PanelRegressionTests.produc()
        let libraryFit = try PanelRegression(.sdm, panel: libraryPanel, y: "lgsp", x: Self.xs, weights: libraryW,
                                             durbinWeights: w2)
        let libraryDirect = try ImpactMeasures(libraryFit).direct
        #expect(sdm.status == 0 && direct.count == Self.xs.count, "\(sdm.err)")
        for (d, e) in zip(direct, libraryDirect) {
            #expect(d["name"] as? String == e.name && close(d["estimate"] as? Double ?? .nan, e.estimate, rtol: 1e-8), "\(d) vs \(e.estimate)")
        }
        // Dynamic SDM with a subset: the library's fit.
        let dynamic = try run(["--model", "sdm", "--x", Self.xs.joined(separator: ","), "--dynamic", "--durbin", "lemp"])
        #expect(dynamic.status == 0, "\(dynamic.err)")
        #expect(Self.coefficients(dynamic).keys.filter { $0.hasPrefix("W_") } == ["W_lemp"])
    }

    @Test func crossSectionDurbinSubsetAndSecondWeights() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try Columbus.table()
        let w = try Columbus.queen().transformed(.row), w2 = try DurbinTermsTests.secondOrder(w)
        let w2File = dir.appendingPathComponent("w2.json")
        try w2.transformed(.binary).reordered(to: w.ids.reversed()).write(to: w2File)
        var columns = [(String, [Double])]()
        for name in ["INC", "HOVAL"] {
            columns.append(("h_" + name, DurbinTermsTests.handLag(try table.numbers(name), w, periods: 1)))
            columns.append(("h2_" + name, DurbinTermsTests.handLag(try table.numbers(name), w2, periods: 1)))
        }
        let data = dir.appendingPathComponent("columbus-hand.csv")
        try Self.appending(Self.columbus, columns, to: data)
        func run(_ extra: [String]) throws -> SpatialCLI.Result {
            try SpatialCLI.run(["--quiet", "fit", "--data", data.path, "--weights", Self.queen.path, "--y", "CRIME", "--json"] + extra)
        }
        for (model, base) in [("sdm", "sar"), ("sdem", "sem")] {
            let sub = try run(["--model", model, "--x", "INC,HOVAL", "--durbin", "HOVAL"])
            let hand = try run(["--model", base, "--x", "INC,HOVAL,h_HOVAL"])
            Self.expectSame(sub, hand, rename: ["W_HOVAL": "h_HOVAL"], "\(model) --durbin")
            let second = try run(["--model", model, "--x", "INC,HOVAL", "--durbin-weights", w2File.path])
            let hand2 = try run(["--model", base, "--x", "INC,HOVAL,h2_INC,h2_HOVAL"])
            Self.expectSame(second, hand2, rename: ["W_INC": "h2_INC", "W_HOVAL": "h2_HOVAL"], "\(model) --durbin-weights")
        }
        // The SDM's tests with a subset: it nests the SAR only.
        let sdm = try run(["--model", "sdm", "--x", "INC,HOVAL", "--durbin", "HOVAL", "--impacts", "delta"])
        let tests = try #require((sdm.json as? [String: Any])?["tests"] as? [String: Any])
        #expect(Set(tests.keys) == ["lr_vs_ols", "wald_spatial", "wald_sdm_sar", "lr_sdm_sar"])
        #expect(((sdm.json as? [String: Any])?["effects"] as? [String: Any])?["direct"] != nil)
    }

    @Test func refusalsNameTheOption() throws {
        func run(_ extra: [String]) throws -> SpatialCLI.Result {
            try SpatialCLI.run(["fit", "--data", Self.columbus.path, "--weights", Self.queen.path, "--y", "CRIME", "--x", "INC,HOVAL"] + extra)
        }
        let unknown = try run(["--model", "sdm", "--durbin", "INC,CRIME"])
        #expect(unknown.status == 2 && unknown.err.contains("--durbin") && unknown.err.contains("'CRIME'"), "\(unknown.err)")
        let twice = try run(["--model", "sdm", "--durbin", "INC,INC"])
        #expect(twice.status == 2 && twice.err.contains("twice"), "\(twice.err)")
        let sar = try run(["--model", "sar", "--durbin", "INC"])
        #expect(sar.status == 2 && sar.err.contains("--durbin") && sar.err.contains("sdm, sdem, slx"), "\(sar.err)")
        let sem = try run(["--model", "sem", "--durbin-weights", Self.queen.path])
        #expect(sem.status == 2 && sem.err.contains("--durbin-weights"), "\(sem.err)")
        let impacts = try run(["--model", "sdm", "--durbin-weights", Self.queen.path, "--impacts", "delta", "--json"])
        let se = ((((impacts.json as? [String: Any])?["effects"] as? [String: Any])?["total"] as? [[String: Any]])?.first?["std_error"] as? Double) ?? .nan
        #expect(impacts.status == 0 && se.isFinite && se > 0, "\(impacts.err)")
        // A W2 over other units: an error naming the option and the unit.
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent("other.gal")
        try SpatialWeights(ids: (1...49).map { "u\($0)" }, neighbors: (0..<49).map { [($0 + 1) % 49] }).write(to: other)
        let mismatch = try run(["--model", "sdm", "--durbin-weights", other.path])
        #expect(mismatch.status == 1 && mismatch.err.contains("--durbin-weights") && mismatch.err.contains("'1'"), "\(mismatch.err)")
    }
}

extension URL {
    /// The directory, created.
    fileprivate func creating() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
