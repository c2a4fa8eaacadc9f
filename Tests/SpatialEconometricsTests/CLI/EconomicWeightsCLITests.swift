import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial weights --economic-var`, `--phi` and `--scale-by` on produc (48 states, 1970-1986) and usaww: each
/// result equals the matrix computed here entry by entry from the CSV (per-state means by plain loops, the formulas
/// of the help text), does not depend on the order of the data's rows, and bad choices are refused naming the unit,
/// the period or the option.
@Suite struct EconomicWeightsCLITests {
    let produc = Fixtures.url("data/produc/produc.csv").path
    let usaww = Fixtures.url("data/produc/usaww.csv").path

    func run(_ arguments: [String]) throws -> SpatialCLI.Result { try SpatialCLI.run(["--quiet"] + arguments) }

    /// Each state's mean of gsp/emp over the years lo...hi, computed from the CSV's text.
    func means(from lo: Int, to hi: Int) throws -> [String: Double] {
        let t = try DataTable(contentsOf: URL(fileURLWithPath: produc))
        let state = try t.strings("state"), year = try t.numbers("year"), gsp = try t.numbers("gsp"), emp = try t.numbers("emp")
        var sum = [String: Double](), count = [String: Double]()
        for r in 0..<t.rowCount where Int(year[r]) >= lo && Int(year[r]) <= hi {
            sum[state[r], default: 0] += gsp[r] / emp[r]
            count[state[r], default: 0] += 1
        }
        return Dictionary(uniqueKeysWithValues: sum.map { ($0.key, $0.value / (count[$0.key] ?? 1)) })
    }

    /// Rows divided by their sums.
    func rowStandardised(_ m: [[Double]]) -> [[Double]] {
        m.map { row in let s = row.reduce(0, +); return row.map { s > 0 ? $0 / s : 0 } }
    }

    func expectClose(_ w: SpatialWeights, _ expected: [[Double]], ids: [String], _ what: String) throws {
        let actual = try w.reordered(to: ids)
        let dense = DenseReference.dense(actual)
        var worst = 0.0
        for i in ids.indices { for j in ids.indices { worst = max(worst, abs(dense[i][j] - expected[i][j]) / max(1e-300, abs(expected[i][j]) + 1e-12)) } }
        #expect(worst < 1e-12, "\(what): largest relative difference \(worst)")
    }

    func written(_ arguments: [String], allowSelfNeighbors: Bool = false) throws -> SpatialWeights {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("w.json")
        let r = try run(["weights"] + arguments + ["--out", out.path])
        #expect(r.status == 0, "\(r.err)")
        return try SpatialWeights.read(from: out, allowSelfNeighbors: allowSelfNeighbors)
    }

    @Test
    func economicDistanceFromThePeriodMeans() throws {
        let m = try means(from: 1975, to: 1980)
        let w = try written(["--economic-var", "gsp/emp", "--data", produc, "--unit", "state", "--time", "year", "--periods", "1975:1980",
                             "--transform", "row"])
        let ids = w.ids
        #expect(ids.count == 48 && ids.first == "ALABAMA")
        let raw = ids.map { i in ids.map { j in i == j ? 0 : 1 / abs((m[i] ?? .nan) - (m[j] ?? .nan)) } }
        try expectClose(w, rowStandardised(raw), ids: ids, "economic distance")
        // One period is the mean over that period alone.
        let one = try written(["--economic-var", "gsp/emp", "--data", produc, "--unit", "state", "--time", "year", "--period", "1980"])
        let m80 = try means(from: 1980, to: 1980)
        try expectClose(one, ids.map { i in ids.map { j in i == j ? 0 : 1 / abs((m80[i] ?? .nan) - (m80[j] ?? .nan)) } }, ids: ids, "one period")
    }

    @Test
    func nestedConvexCombinationOfRowStandardisedParts() throws {
        let geo = try SpatialWeights.read(from: URL(fileURLWithPath: usaww))
        let ids = geo.ids
        let m = try means(from: 1970, to: 1986)
        let g = rowStandardised(DenseReference.dense(geo))
        let e = rowStandardised(ids.map { i in ids.map { j in i == j ? 0 : 1 / abs((m[i] ?? .nan) - (m[j] ?? .nan)) } })
        let phi = 0.3
        let expected = ids.indices.map { i in ids.indices.map { j in phi * g[i][j] + (1 - phi) * e[i][j] } }
        let w = try written(["--from", usaww, "--phi", "0.3", "--economic-var", "gsp/emp", "--data", produc, "--unit", "state", "--time", "year"])
        try expectClose(w, expected, ids: ids, "phi W_geo + (1 - phi) W_econ")
        // The economic part from a file gives the same matrix.
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let econ = dir.appendingPathComponent("econ.json")
        #expect(try run(["weights", "--economic-var", "gsp/emp", "--data", produc, "--unit", "state", "--time", "year", "--out", econ.path]).status == 0)
        let fromFile = try written(["--from", usaww, "--phi", "0.3", "--economic-weights", econ.path])
        try expectClose(fromFile, expected, ids: ids, "--economic-weights")
    }

    @Test
    func scaledByRelativeMeansThenTransformed() throws {
        let geo = try SpatialWeights.read(from: URL(fileURLWithPath: usaww))
        let ids = geo.ids
        let m = try means(from: 1970, to: 1986)
        let mean = ids.map { m[$0] ?? .nan }.reduce(0, +) / Double(ids.count)
        let g = DenseReference.dense(geo)
        let raw = ids.indices.map { i in ids.indices.map { j in g[i][j] * (m[ids[j]] ?? .nan) / mean } }
        let untransformed = try written(["--from", usaww, "--scale-by", "gsp/emp", "--data", produc, "--unit", "state", "--time", "year"])
        try expectClose(untransformed, raw, ids: ids, "W_geo diag(v_j / vbar)")
        let row = try written(["--from", usaww, "--scale-by", "gsp/emp", "--data", produc, "--unit", "state", "--time", "year", "--transform", "row"])
        try expectClose(row, rowStandardised(raw), ids: ids, "row-standardised")
    }

    @Test
    func rowOrderOfTheDataDoesNotMatter() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = try String(contentsOfFile: produc, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var rng = SeededGenerator(seed: 7)
        lines.shuffle(using: &rng)
        let shuffled = dir.appendingPathComponent("shuffled.csv")
        try ([header] + lines).joined(separator: "\n").write(to: shuffled, atomically: true, encoding: .utf8)
        let arguments = ["--from", usaww, "--phi", "0.5", "--economic-var", "log(gsp/emp)", "--unit", "state", "--time", "year", "--periods", "1971:1985"]
        let a = try written(arguments + ["--data", produc]), b = try written(arguments + ["--data", shuffled.path])
        #expect(a.ids == b.ids)
        try expectClose(b, DenseReference.dense(a), ids: a.ids, "shuffled rows")
    }

    @Test
    func badChoicesNameTheUnitPeriodOrOption() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let withoutAlabama = dir.appendingPathComponent("no-alabama.csv")
        let lines = try String(contentsOfFile: produc, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("ALABAMA,") }
        try lines.joined(separator: "\n").write(to: withoutAlabama, atomically: true, encoding: .utf8)
        let missing = try run(["weights", "--from", usaww, "--scale-by", "gsp", "--data", withoutAlabama.path, "--unit", "state", "--time", "year"])
        #expect(missing.status != 0 && missing.err.contains("ALABAMA") && missing.err.contains("--subset"), "\(missing.err)")
        let reversed = try run(["weights", "--economic-var", "gsp", "--data", produc, "--unit", "state", "--time", "year", "--periods", "1980:1975"])
        #expect(reversed.status == 2 && reversed.err.contains("'1980' comes after '1975'"), "\(reversed.err)")
        let absent = try run(["weights", "--economic-var", "gsp", "--data", produc, "--unit", "state", "--time", "year", "--period", "1999"])
        #expect(absent.status == 2 && absent.err.contains("period '1999'") && absent.err.contains("1970 ... 1986"), "\(absent.err)")
        let noGeo = try run(["weights", "--phi", "0.5", "--economic-var", "gsp", "--data", produc, "--unit", "state"])
        #expect(noGeo.status == 2 && noGeo.err.contains("give the geographic weights"), "\(noGeo.err)")
        let badPhi = try run(["weights", "--from", usaww, "--phi", "1.5", "--economic-var", "gsp", "--data", produc, "--unit", "state", "--time", "year"])
        #expect(badPhi.status == 2 && badPhi.err.contains("[0, 1]"), "\(badPhi.err)")
        let noTime = try run(["weights", "--economic-var", "gsp", "--data", produc, "--unit", "state", "--period", "1980"])
        #expect(noTime.status == 2 && noTime.err.contains("--time"), "\(noTime.err)")
        // A panel given without --time has each state 17 times: refused naming the state and its rows.
        let duplicate = try run(["weights", "--economic-var", "gsp", "--data", produc, "--unit", "state"])
        #expect(duplicate.status != 0 && duplicate.err.contains("ALABAMA"), "\(duplicate.err)")
        let equal = try run(["weights", "--economic-var", "year", "--data", produc, "--unit", "state", "--time", "year"])
        #expect(equal.status != 0 && equal.err.contains("same value"), "\(equal.err)")
    }

    /// `--points --kernel` and `--lattice` build the library's kernel and lattice weights (the library's kernel is
    /// checked against libpysal's Kernel in the weights tests).
    @Test func kernelAndLatticeAreTheLibrarys() throws {
        let columbus = Fixtures.url("data/columbus/columbus.csv").path
        let t = try DataTable(contentsOf: URL(fileURLWithPath: columbus))
        let points = zip(try t.numbers("X"), try t.numbers("Y")).map { Point2D($0, $1) }
        for (arguments, expected) in [
            (["--bandwidth", "adaptive:4"], try SpatialWeights.kernel(points: points, function: .gaussian, bandwidth: .adaptive(k: 4))),
            ([], try SpatialWeights.kernel(points: points, function: .gaussian, bandwidth: .fixedFromNearestNeighbors(k: 2))),
            (["--bandwidth", "2.5", "--diagonal", "none"], try SpatialWeights.kernel(points: points, function: .gaussian, bandwidth: .fixed(2.5), diagonal: .excluded)),
        ] {
            // Kernel weights hold their diagonal (unless --diagonal none): read back allowing self-neighbours.
            let w = try written(["--points", columbus, "--x", "X", "--y", "Y", "--kernel", "gaussian"] + arguments, allowSelfNeighbors: true)
            #expect(w.ids == expected.ids)
            try expectClose(w, DenseReference.dense(expected), ids: expected.ids, "kernel \(arguments)")
        }
        for (rule, torus) in [(ContiguityRule.rook, false), (.queen, true)] {
            let w = try written(["--lattice", "4x5", "--rule", rule.rawValue] + (torus ? ["--torus"] : []))
            let expected = try SpatialWeights.lattice(rows: 4, columns: 5, rule: rule, torus: torus)
            #expect(w.ids == expected.ids)
            try expectClose(w, DenseReference.dense(expected), ids: expected.ids, "lattice \(rule) \(torus)")
        }
        let bad = try run(["weights", "--lattice", "4by5"])
        #expect(bad.status == 2 && bad.err.contains("ROWSxCOLUMNS"))
        let badBandwidth = try run(["weights", "--points", columbus, "--x", "X", "--y", "Y", "--kernel", "gaussian", "--bandwidth", "knn:0"])
        #expect(badBandwidth.status == 2 && badBandwidth.err.contains("K must be"))
        let noKernel = try run(["weights", "--points", columbus, "--x", "X", "--y", "Y", "--knn", "4", "--bandwidth", "2"])
        #expect(noKernel.status == 2 && noKernel.err.contains("--bandwidth"))
    }
}
