import Foundation
import Testing
@testable import SpatialEconometrics

@Suite struct ContiguityTests {
    @Test func columbusQueenAndRookEqualLibpysal() throws {
        let features = try ColumbusReference.features()
        let queen = try SpatialWeights.queen(features)
        let rook = try SpatialWeights.rook(features)
        let reference = try ColumbusReference.load()
        let refQueen = reference.queen, refRook = reference.rook
        #expect(queen.matrix.nonzeroCount == 236 && refQueen.nonzero == 236)
        #expect(rook.matrix.nonzeroCount == 200 && refRook.nonzero == 200)
        #expect(neighborLists(queen) == refQueen.neighbors)
        #expect(neighborLists(rook) == refRook.neighbors)
        #expect(queen.matrix.values.allSatisfy { $0 == 1 })
        #expect(queen.diagnostics.symmetric && rook.diagnostics.symmetric)
        #expect(queen.ids == (1...49).map(String.init))
        // A snap distance like spdep's default (sqrt of machine epsilon) changes nothing here.
        #expect(neighborLists(try SpatialWeights.queen(features, tolerance: 1.5e-8)) == refQueen.neighbors)
        #expect(neighborLists(try SpatialWeights.rook(features, tolerance: 1.5e-8)) == refRook.neighbors)
    }

    /// spdep's `poly2nb` GAL files (ids = POLYID) agree with the shared-vertex / shared-edge rules too.
    @Test func columbusEqualsSpdepGal() throws {
        let features = try ColumbusReference.features()
        for (file, rule) in [("columbus_queen.gal", ContiguityRule.queen), ("columbus_rook.gal", .rook)] {
            let lines = try Fixtures.text("data/columbus/\(file)").split(whereSeparator: \.isNewline).dropFirst()
            var gal = [String: Set<String>]()
            var it = lines.makeIterator()
            while let head = it.next(), let body = it.next() {
                let id = String(head.split(separator: " ")[0])
                gal[id] = Set(body.split(separator: " ").map(String.init))
            }
            let w = try SpatialWeights.contiguity(features, rule: rule)
            for i in 0..<w.count {
                #expect(Set(w.neighbors(of: i).map { w.ids[$0] }) == gal[w.ids[i]] ?? [], "\(file) unit \(w.ids[i])")
            }
        }
    }

    @Test func china31QueenEqualsPublishedEdgeList() throws {
        let features = try China31.features()
        let expected = Set(try China31.edges().map { [$0.0, $0.1].sorted() })
        #expect(expected.count == 68)
        for rule in ContiguityRule.allCases {
            let w = try SpatialWeights.contiguity(features, rule: rule)
            #expect(undirectedEdges(w) == expected, "\(rule)")
            let d = w.diagnostics
            #expect(d.islands == ["21"])  // Hainan
            #expect(d.components == 2)
            #expect(d.nonzero == 136)
            #expect(w.warnings.contains { $0.hasPrefix("islands") && $0.contains("21") })
        }
        // The edge-list constructor gives the same matrix.
        let fromEdges = try SpatialWeights.contiguity(edges: try China31.edges(), ids: features.map(\.id))
        #expect(fromEdges.matrix == (try SpatialWeights.queen(features)).matrix)
        let linked = try SpatialWeights.contiguity(edges: try China31.edges("contiguity_edges_hainan_linked.csv"), ids: features.map(\.id))
        #expect(linked.diagnostics.components == 1 && linked.diagnostics.islands.isEmpty)
    }

    @Test func gridOfSquaresGivesLattices() throws {
        let (cols, rows) = (5, 4)
        let grid = squareGrid(columns: cols, rows: rows)
        let rook = try SpatialWeights.rook(grid), queen = try SpatialWeights.queen(grid)
        func expected(_ diagonal: Bool) -> [[Int]] {
            (0..<(rows * cols)).map { k in
                let r = k / cols, c = k % cols
                var out = [Int]()
                for dr in -1...1 {
                    for dc in -1...1 where (dr, dc) != (0, 0) && (diagonal || dr == 0 || dc == 0) {
                        let rr = r + dr, cc = c + dc
                        if rr >= 0, rr < rows, cc >= 0, cc < cols { out.append(rr * cols + cc) }
                    }
                }
                return out.sorted()
            }
        }
        #expect(neighborLists(rook) == expected(false))
        #expect(neighborLists(queen) == expected(true))
        // Links: rook 2(r(c-1) + c(r-1)); queen adds 4 (r-1)(c-1) diagonal links.
        #expect(rook.matrix.nonzeroCount == 2 * (rows * (cols - 1) + cols * (rows - 1)))
        #expect(queen.matrix.nonzeroCount == rook.matrix.nonzeroCount + 4 * (rows - 1) * (cols - 1))
        // Larger grid: counts only.
        let big = squareGrid(columns: 60, rows: 50)
        #expect(try SpatialWeights.queen(big).matrix.nonzeroCount == 2 * (50 * 59 + 60 * 49) + 4 * 49 * 59)
    }

    @Test func toleranceJoinsSlightlyDisplacedBorders() throws {
        let jittered = squareGrid(columns: 4, rows: 4, jitter: 1e-9)
        let exact = try SpatialWeights.queen(jittered)
        let snapped = try SpatialWeights.queen(jittered, tolerance: 1e-6)
        let reference = try SpatialWeights.queen(squareGrid(columns: 4, rows: 4))
        #expect(exact.matrix.nonzeroCount < reference.matrix.nonzeroCount)
        #expect(snapped.matrix == reference.matrix)
        #expect(try SpatialWeights.rook(jittered, tolerance: 1e-6).matrix == (try SpatialWeights.rook(squareGrid(columns: 4, rows: 4))).matrix)
        // A tolerance below the displacement changes nothing.
        #expect(try SpatialWeights.queen(jittered, tolerance: 1e-10).matrix == exact.matrix)
    }

    @Test func rookNeedsAnEdgeNotTwoVertices() throws {
        // Two triangles touching at one vertex: queen but not rook neighbours.
        let a = PolygonFeature(id: "a", parts: [Polygon(exterior: [Point2D(0, 0), Point2D(1, 0), Point2D(0, 1), Point2D(0, 0)])])
        let b = PolygonFeature(id: "b", parts: [Polygon(exterior: [Point2D(1, 0), Point2D(2, 0), Point2D(2, 1), Point2D(1, 0)])])
        // c shares edge (0,1)-(1,0)... reversed direction with a, and -0.0 equals 0.0.
        let c = PolygonFeature(id: "c", parts: [Polygon(exterior: [Point2D(1, 0), Point2D(1, 1), Point2D(-0.0, 1), Point2D(1, 0)])])
        let q = try SpatialWeights.queen([a, b, c]), r = try SpatialWeights.rook([a, b, c])
        #expect(neighborLists(q) == [[1, 2], [0, 2], [0, 1]])
        #expect(neighborLists(r) == [[2], [], [0]])
        #expect(r.warnings.contains { $0.contains("islands") && $0.contains("b") })
    }

    @Test func contiguityErrors() throws {
        var bad = squareGrid(columns: 2, rows: 1)
        bad[1].parts[0].exterior[2] = Point2D(.nan, 1)
        #expect(throws: WeightsError.invalidArgument("feature '0,1' has a non-finite coordinate (nan, 1.0)")) { try SpatialWeights.queen(bad) }
        var dup = squareGrid(columns: 2, rows: 1)
        dup[1].id = dup[0].id
        #expect(throws: WeightsError.duplicateId("0,0")) { try SpatialWeights.queen(dup) }
        #expect(throws: WeightsError.invalidArgument("tolerance must be finite and >= 0 (got -1.0)")) { try SpatialWeights.queen(squareGrid(columns: 2, rows: 1), tolerance: -1) }
        #expect(throws: WeightsError.invalidArgument("tolerance must be finite and >= 0 (got nan)")) { try SpatialWeights.queen(squareGrid(columns: 2, rows: 1), tolerance: .nan) }
    }

    @Test func edgeListErrorsAndDirectedLinks() throws {
        let ids = ["a", "b", "c"]
        #expect(throws: WeightsError.unknownId("z", context: "edge 2 ('b', 'z') names a unit not among the ids")) {
            try SpatialWeights.contiguity(edges: [("a", "b"), ("b", "z")], ids: ids)
        }
        #expect(throws: WeightsError.selfNeighbor("c")) { try SpatialWeights.contiguity(edges: [("c", "c")], ids: ids) }
        #expect(throws: WeightsError.duplicatePair("b", "a")) { try SpatialWeights.contiguity(edges: [("a", "b"), ("b", "a")], ids: ids) }
        #expect(throws: WeightsError.duplicateId("a")) { try SpatialWeights.contiguity(edges: [], ids: ["a", "a"]) }
        let directed = try SpatialWeights.contiguity(edges: [("c", "a"), ("a", "b"), ("b", "a")], ids: ids, symmetric: false)
        #expect(neighborLists(directed) == [[1], [0], [0]])
        #expect(!directed.diagnostics.symmetric)
        let sym = try SpatialWeights.contiguity(edges: [("c", "a"), ("a", "b")], ids: ids)
        #expect(neighborLists(sym) == [[1, 2], [0], [0]])
    }
}
