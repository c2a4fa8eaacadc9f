import Foundation
import Testing
@testable import SpatialEconometrics

/// The error of `body`, or `nil` if it succeeds.
private func failure<T>(_ body: () throws(WeightsError) -> T) -> WeightsError? {
    do { _ = try body(); return nil } catch { return error }
}

/// Unit `id`'s neighbours as id -> weight.
private func row(_ w: SpatialWeights, _ id: String) -> [String: Double] {
    guard let i = w.index(of: id) else { return [:] }
    return Dictionary(uniqueKeysWithValues: zip(w.neighbors(of: i).map { w.ids[$0] }, w.weights(of: i)))
}

/// `|a - b| <= 1e-12` entrywise over dense copies.
private func sameValues(_ a: SpatialWeights, _ b: SpatialWeights) -> Bool {
    a.ids == b.ids && zip(a.dense.elements, b.dense.elements).allSatisfy { abs($0 - $1) <= 1e-12 }
}

/// china31 queen contiguity from the package's edge list (Hainan, id 21, is an island), ids "1"..."31" in NBS order.
private func china(_ edgeFile: String = "contiguity_edges.csv") throws -> SpatialWeights {
    let ids = try Dataset.china31.table("provinces.csv").strings("id")
    let edges = try Dataset.china31.table(edgeFile)
    return try SpatialWeights.contiguity(edges: Array(zip(edges.strings("from_id"), edges.strings("to_id"))), ids: ids)
}

/// `subset(ids:)` against spdep's `subset.listw` (the induced subgraph, then `nb2listw` with the same style).
@Suite struct WeightsSubsetTests {
    let gal = Fixtures.url("data/columbus/columbus_queen.gal")

    /// Units 8, 4, 5, 7, 1 of Columbus: neighbour sets read by hand from the GAL lines of those units, intersected
    /// with the subset; row-standardised values are 1 / (cardinality in the subset). Unit 1 (neighbours 2, 3) becomes
    /// an island.
    @Test func columbusInducedSubgraphRowStandardised() throws {
        let w = try SpatialWeights.read(from: gal).transformed(.row)
        let s = try w.subset(ids: ["8", "4", "5", "7", "1"])
        #expect(s.ids == ["8", "4", "5", "7", "1"])
        #expect(s.transformation == .row)
        let third = 1.0 / 3
        let expected8: [String: Double] = ["4": third, "5": third, "7": third]
        #expect(row(s, "8") == expected8)
        #expect(row(s, "4") == ["5": 0.5, "8": 0.5])
        #expect(row(s, "5") == ["4": 0.5, "8": 0.5])
        #expect(row(s, "7") == ["8": 1])
        #expect(row(s, "1").isEmpty)
        #expect(s.islandIds == ["1"])
        #expect(s.warnings.contains("subset: units left without a neighbour: 1"))
    }

    /// The induced subgraph of every odd-numbered unit, with the neighbour sets parsed from the GAL text here
    /// (not by the library's reader), binary and row-standardised.
    @Test func columbusOddUnitsMatchTheGALText() throws {
        var lists = [String: [String]]()
        let lines = try String(contentsOf: gal, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        for (head, body) in zip(lines.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                                lines.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)) {
            lists[String(head.split(separator: " ")[0])] = body.split(separator: " ").map(String.init)
        }
        let keep = (1...49).filter { $0 % 2 == 1 }.map(String.init)
        let kept = Set(keep)
        let w = try SpatialWeights.read(from: gal)
        for t in [WeightsTransformation.none, .row] {
            let s = try w.transformed(t).subset(ids: keep)
            for id in keep {
                let expected = (lists[id] ?? []).filter(kept.contains)
                let value = t == .row ? 1 / Double(expected.count) : 1
                #expect(row(s, id) == Dictionary(uniqueKeysWithValues: expected.map { ($0, value) }), "unit \(id), \(t)")
            }
            let lost = keep.filter { !(lists[$0] ?? []).isEmpty && (lists[$0] ?? []).allSatisfy { !kept.contains($0) } }
            #expect(s.islandIds == lost)
        }
    }

    /// china31: Hainan stays an island (not reported as new); Beijing becomes one when Tianjin and Hebei are dropped.
    @Test func chinaIslandsReported() throws {
        let w = try china().transformed(.row)
        #expect(w.islandIds == ["21"])
        let south = try w.subset(ids: ["19", "20", "21"])
        #expect(row(south, "19") == ["20": 1] && row(south, "20") == ["19": 1])
        #expect(south.islandIds == ["21"])
        #expect(!south.warnings.contains { $0.hasPrefix("subset:") })
        let s = try w.subset(ids: ["1", "19", "20", "21"])
        #expect(s.islandIds == ["1", "21"])
        #expect(s.warnings.contains("subset: units left without a neighbour: 1"))
        #expect(s.warnings.contains("islands (units with no neighbour): 1, 21"))
    }

    /// Each single transformation re-applied to a subset of transformed weights equals the transformation of the
    /// subset of the weights as built: on asymmetric k-nearest-neighbour and general inverse-distance weights.
    @Test(arguments: WeightsTransformation.allCases)
    func subsetCommutesWithTheTransformation(_ t: WeightsTransformation) throws {
        let table = try Columbus.table()
        let points = zip(try table.numbers("X"), try table.numbers("Y")).map { Point2D($0, $1) }
        let ids = (1...49).map(String.init)
        let keep = ids.filter { Int($0).map { $0 % 3 != 0 } ?? false }.reversed().map { $0 }
        for w in [try SpatialWeights.kNearestNeighbors(points: points, ids: ids, k: 4),
                  try SpatialWeights.inverseDistance(points: points, ids: ids, power: 1, cutoff: 8)] {
            let edited = try w.transformed(t).subset(ids: keep)
            #expect(sameValues(edited, try w.subset(ids: keep).transformed(t)), "\(t)")
            #expect(edited.transformation == t)
        }
    }

    @Test func errorsNameTheFirstOffendingId() throws {
        let w = try china()
        #expect(failure { () throws(WeightsError) in try w.subset(ids: ["19", "99", "98"]) }
                == .unknownId("99", context: "asked for in the subset, not among the weights' ids"))
        #expect(failure { () throws(WeightsError) in try w.subset(ids: ["19", "20", "19", "20"]) } == .duplicateId("19"))
        #expect(failure { () throws(WeightsError) in try w.subset(ids: []) }.map { "\($0)" }?.contains("at least one unit") == true)
        // A subset with no link left cannot be spectrally normalised; the message says why and what to do.
        let spectral = try w.transformed(.spectral)
        guard case .unsupported(let m)? = failure({ () throws(WeightsError) in try spectral.subset(ids: ["1", "21"]) }) else {
            Issue.record("spectral subset without links accepted"); return
        }
        #expect(m.contains("no link left") && m.contains("another transformation"))
    }
}

/// `adding(links:)` and `removing(links:)`.
@Suite struct WeightsLinkEditingTests {
    /// Hainan linked to Guangdong in row-standardised contiguity: Hainan's row is [1], Guangdong's 1/5 over its 4
    /// land neighbours and Hainan; the result equals the package's `contiguity_edges_hainan_linked.csv` weights.
    @Test func hainanGuangdongGivesOneOverKRows() throws {
        let w = try china().transformed(.row)
        let linked = try w.adding(links: [("21", "19")])
        #expect(row(linked, "21") == ["19": 1])
        let fifth: [String: Double] = ["13": 0.2, "14": 0.2, "18": 0.2, "20": 0.2, "21": 0.2]
        #expect(row(linked, "19") == fifth)
        #expect(linked.islandIds.isEmpty)
        #expect(!linked.warnings.contains { $0.hasPrefix("islands") })
        #expect(linked == (try china("contiguity_edges_hainan_linked.csv").transformed(.row)))
        // Binary: weight 1 both ways.
        let binary = try china().transformed(.binary).adding(links: [("19", "21")])
        #expect(row(binary, "21") == ["19": 1] && row(binary, "19")["21"] == 1)
    }

    /// Removing then adding the same links gives back the same weights (every value and the warnings).
    @Test func removeAndAddRoundTrip() throws {
        let w = try china().transformed(.row)
        let cut = try w.removing(links: [("19", "20"), ("13", "19")])
        #expect(row(cut, "19") == ["14": 0.5, "18": 0.5])
        #expect(try cut.adding(links: [("19", "20"), ("13", "19")]) == w)
        let linked = try china("contiguity_edges_hainan_linked.csv").transformed(.row)
        let unlinked = try linked.removing(links: [("19", "21")])
        #expect(unlinked.matrix == w.matrix && unlinked.ids == w.ids && unlinked.transformation == .row)
        #expect(unlinked.islandIds == ["21"])
        #expect(unlinked.warnings.contains("removing links: units left without a neighbour: 21"))
        // One way only.
        let oneWay = try china().adding(links: [("21", "19")], symmetric: false)
        #expect(row(oneWay, "21") == ["19": 1] && row(oneWay, "19")["21"] == nil)
        #expect(try oneWay.removing(links: [("21", "19")], symmetric: false).matrix == china().matrix)
    }

    /// Adding to binary-based weights and removing from any weights equal the edit of the weights as built followed
    /// by the transformation.
    @Test(arguments: WeightsTransformation.allCases)
    func editsCommuteWithTheTransformation(_ t: WeightsTransformation) throws {
        let table = try Columbus.table()
        let points = zip(try table.numbers("X"), try table.numbers("Y")).map { Point2D($0, $1) }
        let ids = (1...49).map(String.init)
        let knn = try SpatialWeights.kNearestNeighbors(points: points, ids: ids, k: 4)
        let absent = try #require((1...49).map(String.init).first { row(knn, "1")[$0] == nil && row(knn, $0)["1"] == nil && $0 != "1" })
        let added = try knn.transformed(t).adding(links: [("1", absent)])
        #expect(sameValues(added, try knn.adding(links: [("1", absent)]).transformed(t)), "\(t)")
        let inverse = try SpatialWeights.inverseDistance(points: points, ids: ids, power: 1, cutoff: 8)
        let present = try #require(row(inverse, "1").keys.sorted().first)
        let removed = try inverse.transformed(t).removing(links: [("1", present)])
        #expect(sameValues(removed, try inverse.removing(links: [("1", present)]).transformed(t)), "\(t)")
    }

    @Test func errorsNameTheLink() throws {
        let w = try china().transformed(.row)
        func add(_ links: [(String, String)]) -> WeightsError? { failure { () throws(WeightsError) in try w.adding(links: links) } }
        func remove(_ links: [(String, String)]) -> WeightsError? { failure { () throws(WeightsError) in try w.removing(links: links) } }
        #expect(add([("21", "Guangdong")]) == .unknownId("Guangdong", context: "in the link '21' -> 'Guangdong' to add, not among the weights' ids"))
        #expect(add([("19", "19")]) == .selfNeighbor("19"))
        #expect(add([("19", "21"), ("19", "20")]) == .linkExists(from: "19", to: "20"))
        #expect(add([("19", "21"), ("21", "19")]) == .duplicatePair("21", "19"))
        #expect(remove([("19", "21")]) == .linkMissing(from: "19", to: "21"))
        #expect(remove([("99", "1")]) == .unknownId("99", context: "in the link '99' -> '1' to remove, not among the weights' ids"))
        #expect(remove([("1", "1")]) == .selfNeighbor("1"))
        #expect(WeightsError.linkExists(from: "19", to: "20").description.contains("'19' -> '20' exists already"))
        #expect(failure { () throws(WeightsError) in try w.adding(links: [("19", "21")], weight: .nan) }.map { "\($0)" }?.contains("finite and positive") == true)
        // One direction of a symmetric pair missing (asymmetric weights): the missing direction is named.
        let oneWay = try china().adding(links: [("21", "19")], symmetric: false)
        #expect(failure { () throws(WeightsError) in try oneWay.removing(links: [("21", "19")]) } == .linkMissing(from: "19", to: "21"))
    }

    /// Where the scale before the transformation is lost, adding is refused with the fix named.
    @Test func unknownScaleIsRefused() throws {
        let table = try Columbus.table()
        let points = zip(try table.numbers("X"), try table.numbers("Y")).map { Point2D($0, $1) }
        let inverse = try SpatialWeights.inverseDistance(points: points, ids: (1...49).map(String.init), power: 1, cutoff: 8)
        for t in [WeightsTransformation.row, .spectral] {
            guard case .unsupported(let m)? = failure({ () throws(WeightsError) in try inverse.transformed(t).adding(links: [("1", "49")]) }) else {
                Issue.record("adding to general \(t) weights accepted"); continue
            }
            #expect(m.contains("add the links to the weights as built"))
        }
        let symmetrized = try china().transformed(.symmetrized)
        let oneWayAdd = failure { () throws(WeightsError) in try symmetrized.adding(links: [("19", "21")], symmetric: false) }
        let oneWayRemove = failure { () throws(WeightsError) in try symmetrized.removing(links: [("19", "20")], symmetric: false) }
        for e in [oneWayAdd, oneWayRemove] {
            guard case .unsupported(let m)? = e else { Issue.record("one-way edit of symmetrized weights accepted"); continue }
            #expect(m.contains("symmetrized") && m.contains("both ways"))
        }
    }
}
