import Foundation
import Testing
@testable import SpatialEconometrics

/// Reading the real weights files of the fixtures, checked against PySAL and the fixtures' provenance notes.
@Suite struct WeightsFixtureTests {
    /// PySAL's neighbour lists and weights for one key of `reference/py/columbus_weights.json` (0-based, POLYID order).
    func pysal(_ key: String) throws -> (neighbors: [[Int]], weights: [[Double]]) {
        let entry = try FixtureJSON("reference/py/columbus_weights.json")[key]
        let neighbors = try entry["neighbors_0based"].elements().map { try $0.integers() }
        let weights = try entry["weights"].elements().map { try $0.numbers() }
        try #require(neighbors.count == 49 && weights.count == 49, "\(entry): \(neighbors.count) neighbour lists, \(weights.count) weight lists")
        return (neighbors, weights)
    }

    /// Columbus weights with rows in POLYID order 1...49 (the GAL ids are POLYIDs).
    func columbus(_ file: String) throws -> SpatialWeights {
        let w = try SpatialWeights.read(from: Fixtures.url("data/columbus/\(file)"))
        return try w.reordered(to: (1...49).map(String.init))
    }

    @Test(arguments: [("columbus_queen.gal", "queen", 236), ("columbus_rook.gal", "rook", 200)])
    func columbusGALMatchesPySAL(file: String, key: String, nonzero: Int) throws {
        let w = try columbus(file)
        #expect(w.count == 49)
        #expect(w.matrix.nonzeroCount == nonzero)
        #expect(w.transformation == .none)
        let reference = try pysal(key)
        for i in 0..<49 { #expect(Array(w.neighbors(of: i)) == reference.neighbors[i], "row \(i + 1)") }
        #expect(w.matrix.values.allSatisfy { $0 == 1 })

        let rowStandardised = try w.transformed(.row)
        let r = try pysal(key + "_r")
        for i in 0..<49 {
            #expect(Array(rowStandardised.neighbors(of: i)) == r.neighbors[i])
            for (a, b) in zip(rowStandardised.weights(of: i), r.weights[i]) { #expect(abs(a - b) <= 1e-12, "row \(i + 1)") }
        }
    }

    @Test func denseColumbusQueenEqualsRowStandardisedGAL() throws {
        let dense = try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen_W.csv"))
        #expect(dense.ids == (1...49).map(String.init))
        let gal = try columbus("columbus_queen.gal").transformed(.row)
        #expect(dense.matrix.rowStart == gal.matrix.rowStart)
        #expect(dense.matrix.columnIndices == gal.matrix.columnIndices)
        for (a, b) in zip(dense.matrix.values, gal.matrix.values) { #expect(abs(a - b) <= 1e-12) }
    }

    @Test func geodaOriginalGALHas230Links() throws {
        let w = try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_geoda_original.gal"))
        #expect(w.count == 49)
        #expect(w.matrix.nonzeroCount == 230)
        #expect(w.ids.first == "1005")  // NEIGNO ids, kept as text
    }

    @Test func pysalLayoutJSONReads() throws {
        let queenR = try FixtureJSON("reference/py/columbus_weights.json")["queen_r"].jsonData()
        let w = try WeightsJSONFormat.read(queenR, source: "columbus_weights.json")
        #expect(w.transformation == .row)
        let gal = try columbus("columbus_queen.gal").transformed(.row)
        #expect(w.ids == gal.ids)
        #expect(w.matrix.columnIndices == gal.matrix.columnIndices)
        for (a, b) in zip(w.matrix.values, gal.matrix.values) { #expect(abs(a - b) <= 1e-12) }
    }

    @Test func usawwDenseWithHeaderAndIdColumn() throws {
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        #expect(w.count == 48)
        #expect(w.matrix.nonzeroCount == 214)
        #expect(w.ids.first == "ALABAMA")
        #expect(w.ids.contains("CALIFORNIA"))
        for s in w.matrix.rowSums { #expect(abs(s - 1) <= 1e-12) }
        let d = w.diagnostics
        #expect(d.symmetricPattern)
        #expect(d.minNeighbors == 1)
        #expect(d.maxNeighbors == 8)
        #expect(d.islands.isEmpty)

        let binary = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww_binary.csv"))
        let transformed = try w.transformed(.binary)
        #expect(binary.ids == transformed.ids)
        #expect(binary.matrix == transformed.matrix)
    }

    @Test func china31EdgeListsWithHainan() throws {
        let provinces = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        let ids = try provinces.strings("id")
        #expect(ids == (1...31).map(String.init))

        let text = try Fixtures.text("data/china31/contiguity_edges.csv")
        let w = try TripletsCSVFormat.read(text, source: "contiguity_edges.csv", ids: ids, symmetric: true)
        #expect(w.count == 31)
        #expect(w.matrix.nonzeroCount == 136)
        #expect(w.diagnostics.islands == ["21"])
        #expect(w.diagnostics.components == 2)
        #expect(w.diagnostics.symmetric)
        #expect(w.warnings.contains { $0.hasPrefix("islands") && $0.contains("21") })

        let linked = try TripletsCSVFormat.read(try Fixtures.text("data/china31/contiguity_edges_hainan_linked.csv"), ids: ids, symmetric: true)
        #expect(linked.matrix.nonzeroCount == 138)
        #expect(linked.diagnostics.components == 1)
        #expect(linked.diagnostics.islands.isEmpty)

        // Without ids the island cannot be known; without `symmetric` the list is directed.
        let directed = try SpatialWeights.read(from: Fixtures.url("data/china31/contiguity_edges.csv"), ids: ids)
        #expect(directed.matrix.nonzeroCount == 68)
        #expect(try TripletsCSVFormat.read(text).count == 30)
    }

    @Test func formatDetection() throws {
        #expect(try WeightsFileFormat.detect(csv: Fixtures.text("data/produc/usaww.csv")) == .denseCSV)
        #expect(try WeightsFileFormat.detect(csv: Fixtures.text("data/columbus/columbus_queen_W.csv")) == .denseCSV)
        #expect(try WeightsFileFormat.detect(csv: Fixtures.text("data/china31/contiguity_edges.csv")) == .tripletsCSV)
        #expect(try WeightsFileFormat.detect(csv: "a,b,1\nb,a,1\nb,c,2\nc,b,2\n") == .tripletsCSV)
        #expect(try WeightsFileFormat.detect(csv: "0,1\n1,0\n") == .denseCSV)
        #expect(WeightsFileFormat(pathExtension: "GAL") == .gal)
        #expect(WeightsFileFormat(pathExtension: "csv") == nil)
    }
}
