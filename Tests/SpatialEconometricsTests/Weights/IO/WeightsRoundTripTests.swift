import Foundation
import Testing
@testable import SpatialEconometrics

/// Every format writes and reads back the same weights: ids, pattern and values bit for bit.
@Suite struct WeightsRoundTripTests {
    /// Random asymmetric weights with islands, awkward values and, optionally, explicit zeros and self-neighbours.
    static func randomWeights(ids: [String], seed: UInt64, binary: Bool = false, zeros: Bool = true, diagonal: Bool = false) throws -> SpatialWeights {
        var rng = SeededGenerator(seed: seed)
        let n = ids.count
        let special: [Double] = [1.0 / 3, 0.1, 2.0 / 7, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1e-5, 123456789.0123, 1]
        var neighbors = [[Int]](), weights = [[Double]]()
        for i in 0..<n {
            var row = Set<Int>()
            if i % 7 != 3 {  // every seventh unit an island
                for _ in 0..<Int.random(in: 1...5, using: &rng) {
                    let j = Int.random(in: 0..<n, using: &rng)
                    if j != i || diagonal { row.insert(j) }
                }
            }
            let list = row.sorted()
            neighbors.append(list)
            weights.append(list.map { _ in
                if binary { return 1 }
                if zeros && Int.random(in: 0..<20, using: &rng) == 0 { return 0 }
                return Bool.random(using: &rng) ? special.randomElement(using: &rng) ?? 1 : Double.random(in: 0..<1000, using: &rng)
            })
        }
        return try SpatialWeights(ids: ids, neighbors: neighbors, weights: weights, allowSelfNeighbors: diagonal)
    }

    static let tokenIds = (0..<40).map { "u\($0 * 37 % 101)" }
    /// Ids that CSV must quote (comma, quote, line break) or that are not ASCII, then plain ones.
    static let textIds = ["São Paulo, BR", "a \"quoted\" id", "名古屋", "line\nbreak", "tab\there", "x,y,z", "ÿ"] + tokenIds.dropFirst(7)

    func expectSame(_ a: SpatialWeights, _ b: SpatialWeights, _ label: String) {
        #expect(a.ids == b.ids, "\(label): ids")
        #expect(a.matrix.rowStart == b.matrix.rowStart, "\(label): pattern")
        #expect(a.matrix.columnIndices == b.matrix.columnIndices, "\(label): pattern")
        #expect(a.matrix.values.map(\.bitPattern) == b.matrix.values.map(\.bitPattern), "\(label): values")
    }

    @Test func galRoundTrip() throws {
        let w = try Self.randomWeights(ids: Self.tokenIds, seed: 1, binary: true)
        expectSame(try GALFormat.read(try GALFormat.write(w, name: "my layer", idVariable: "ID")), w, "GAL")
        let columbus = try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal"))
        let text = try GALFormat.write(columbus, name: "columbus", idVariable: "POLYID")
        #expect(text == (try Fixtures.text("data/columbus/columbus_queen.gal")))  // byte-identical to spdep's file
        // Non-binary weights cannot be written as GAL: the first such entry is named (row-standardised, unit 1 has 2 neighbours).
        let gal = #expect(throws: WeightsError.self) { try GALFormat.write(columbus.transformed(.row)) }
        if case .unsupported(let message)? = gal { #expect(message.hasPrefix("GAL holds neighbour lists only, and w(1, 2) = 0.5: "), "\(message)") } else {
            Issue.record("\(String(describing: gal))")
        }
    }

    @Test func gwtRoundTrip() throws {
        let w = try Self.randomWeights(ids: Self.tokenIds, seed: 2, diagonal: true)
        let text = try GWTFormat.write(w)
        expectSame(try GWTFormat.read(text, ids: w.ids, allowSelfNeighbors: true), w, "GWT")
        // Without islands the file's own order of appearance is the row order.
        let queen = try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal")).transformed(.row)
        expectSame(try GWTFormat.read(try GWTFormat.write(queen)), queen, "GWT columbus")
    }

    @Test func denseCSVRoundTrip() throws {
        let w = try Self.randomWeights(ids: Self.textIds, seed: 3, zeros: false, diagonal: true)
        expectSame(try DenseCSVFormat.read(try DenseCSVFormat.write(w), allowSelfNeighbors: true), w, "dense")
        let numeric = try Self.randomWeights(ids: (1...12).map(String.init), seed: 4, zeros: false)
        expectSame(try DenseCSVFormat.read(try DenseCSVFormat.write(numeric, idColumnName: "7")), numeric, "dense numeric ids")
    }

    @Test func tripletsCSVRoundTrip() throws {
        let w = try Self.randomWeights(ids: Self.textIds, seed: 5, diagonal: true)
        expectSame(try TripletsCSVFormat.read(try TripletsCSVFormat.write(w), ids: w.ids, allowSelfNeighbors: true), w, "triplets")
    }

    @Test func jsonRoundTrip() throws {
        let w = try Self.randomWeights(ids: Self.textIds + ["", " padded "], seed: 6, diagonal: true).transformed(.spectral)
        let back = try WeightsJSONFormat.read(WeightsJSONFormat.write(w), allowSelfNeighbors: true)
        expectSame(back, w, "JSON")
        #expect(back.transformation == .spectral)
        let empty = try SpatialWeights(ids: [], neighbors: [])
        expectSame(try WeightsJSONFormat.read(WeightsJSONFormat.write(empty)), empty, "JSON empty")
    }

    @Test(arguments: WeightsFileFormat.allCases)
    func fileRoundTrip(format: WeightsFileFormat) throws {
        let binary = format == .gal
        let w = try Self.randomWeights(ids: Self.tokenIds, seed: 7, binary: binary, zeros: format != .denseCSV)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("weights-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("w.\(format.pathExtension)")
        try w.write(to: url, format: format)
        expectSame(try SpatialWeights.read(from: url, ids: w.ids), w, "\(format) file")
        // Reordering to the data's order on reading.
        let reversed = Array(w.ids.reversed())
        expectSame(try SpatialWeights.read(from: url, format: format, ids: reversed), try w.reordered(to: reversed), "\(format) reordered")
    }

    @Test func emptyWeightsRoundTripInEveryFormat() throws {
        let empty = try SpatialWeights(ids: [], neighbors: [])
        expectSame(try GALFormat.read(GALFormat.write(empty)), empty, "GAL")
        expectSame(try GWTFormat.read(GWTFormat.write(empty)), empty, "GWT")
        expectSame(try DenseCSVFormat.read(DenseCSVFormat.write(empty)), empty, "dense")
        expectSame(try TripletsCSVFormat.read(TripletsCSVFormat.write(empty)), empty, "triplets")
    }
}
