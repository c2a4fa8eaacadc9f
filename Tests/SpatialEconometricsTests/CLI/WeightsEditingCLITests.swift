import Foundation
import Testing
@testable import SpatialEconometrics

/// End-to-end: `spatial weights --from W` with a subset and link edits writes the edited weights and names the
/// units the edits left without a neighbour on stderr. A missing binary fails the test (``SpatialCLI``).
@Suite struct WeightsEditingCLITests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try SpatialCLI.run(["--quiet"] + arguments)
        return (r.status, r.out, r.err)
    }

    /// A fresh temporary folder holding china31's contiguity as GAL (Hainan, 21, an island).
    func chinaGAL() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weights-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ids = try Dataset.china31.table("provinces.csv").strings("id")
        let edges = try Dataset.china31.table("contiguity_edges.csv")
        let w = try SpatialWeights.contiguity(edges: Array(zip(edges.strings("from_id"), edges.strings("to_id"))), ids: ids)
        try w.write(to: dir.appendingPathComponent("china.gal"))
        return dir
    }

    @Test
    func subsetFileAndLinksThenRowStandardise() throws {
        let dir = try chinaGAL()
        defer { try? FileManager.default.removeItem(at: dir) }
        // One id per line, a comment, CRLF and a blank line; Beijing (1) loses Tianjin and Hebei.
        try "# south and Beijing\r\n1\r\n19\n\n20\n21\n".write(to: dir.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("south.json")
        let r = try run(["weights", "--from", dir.appendingPathComponent("china.gal").path, "--subset", dir.appendingPathComponent("keep.txt").path,
                         "--add-link", "21,19", "--transform", "row", "--out", out.path, "--json"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("warning: the edits left units without a neighbour (islands): 1"))
        let w = try SpatialWeights.read(from: out)
        #expect(w.ids == ["1", "19", "20", "21"])
        #expect(Array(w.neighbors(of: 1)) == [2, 3] && Array(w.weights(of: 1)) == [0.5, 0.5])
        #expect(Array(w.neighbors(of: 3)) == [1] && Array(w.weights(of: 3)) == [1])
        #expect(w.cardinalities[0] == 0)
    }

    @Test
    func keepCSVAndRepeatedLinkOptions() throws {
        let dir = try chinaGAL()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gal = dir.appendingPathComponent("china.gal").path
        try "name,province\nGuangdong,19\nGuangxi,20\n".write(to: dir.appendingPathComponent("keep.csv"), atomically: true, encoding: .utf8)
        let csv = try run(["weights", "--from", gal, "--subset", dir.appendingPathComponent("keep.csv").path, "--id-column", "province",
                           "--remove-link", "19,20", "--json"])
        #expect(csv.status == 0, "\(csv.err)")
        #expect(csv.err.contains("(islands): 19, 20"))
        #expect(csv.out.contains("\"n\" : 2"))
        let both = try run(["weights", "--from", gal, "--add-link", "21,19", "--add-link", "1,31;2,31", "--json"])
        #expect(both.status == 0, "\(both.err)")
        #expect(both.out.contains("\"nonzero\" : \(2 * 68 + 6)"))
        #expect(!both.err.contains("islands"))
        // Errors name the link or id, with exit status 1; a malformed pair is a usage error (2).
        let existing = try run(["weights", "--from", gal, "--add-link", "19,20"])
        #expect(existing.status == 1 && existing.err.contains("'19' -> '20' exists already"))
        let unknown = try run(["weights", "--from", gal, "--keep", "1,Hainan"])
        #expect(unknown.status == 1 && unknown.err.contains("unknown id 'Hainan'"))
        let bad = try run(["weights", "--from", gal, "--add-link", "19"])
        #expect(bad.status == 2 && bad.err.contains("'19' is not a pair of ids A,B"))
    }
}
