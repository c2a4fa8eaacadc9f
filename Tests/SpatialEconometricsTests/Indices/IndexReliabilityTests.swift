import Foundation
import Testing
@testable import SpatialEconometrics

/// Cronbach's alpha, KMO and Bartlett's test against R psych 2.2.9 on the bfi items (`reliability_bfi.json`).
@Suite struct IndexReliabilityTests {
    struct Reference: Decodable {
        struct Alpha: Decodable { let raw_alpha, std_alpha, average_r: Double; let n_items, n: Int }
        struct KMO: Decodable { let overall: Double; let per_item: [String: Double] }
        struct Bartlett: Decodable { let chisq: Double; let df: Int; let p_value: Double }
        struct Results: Decodable { let alpha_agreeableness, alpha_conscientiousness, alpha_all25_unreversed: Alpha; let KMO: KMO; let bartlett: Bartlett }
        let results: Results
    }

    static func bfi() throws -> DataTable {
        var t = try DataTable(contentsOf: Fixtures.url("data/bfi/bfi_items.csv"))
        // The reference's convention: reverse-keyed items as 7 - x on the 1..6 scale.
        for item in ["A1", "C4", "C5"] { t = try t.adding(item + "r", values: try t.numbers(item).map { 7 - $0 }) }
        return t
    }

    @Test func matchesPsych() throws {
        let ref = try Fixtures.decode(Reference.self, "reference/r/reliability_bfi.json").results
        let t = try Self.bfi()
        let cases: [([String], Reference.Alpha)] = [
            (["A1r", "A2", "A3", "A4", "A5"], ref.alpha_agreeableness),
            (["C1", "C2", "C3", "C4r", "C5r"], ref.alpha_conscientiousness),
            (Array(t.columnNames.prefix(25)), ref.alpha_all25_unreversed),
        ]
        for (items, a) in cases {
            let r = try Reliability(table: t, items: items)
            #expect(r.n == a.n && r.nItems == a.n_items)
            #expect(close(r.cronbachAlpha, a.raw_alpha, rtol: 1e-12))
            #expect(close(r.standardizedAlpha, a.std_alpha, rtol: 1e-12))
            #expect(close(r.averageCorrelation, a.average_r, rtol: 1e-12))
        }
        let all = try Reliability(table: t, items: Array(t.columnNames.prefix(25)))
        #expect(close(all.kmo, ref.KMO.overall, rtol: 1e-12))
        #expect(all.kmoPerItem.count == 25)
        #expect(ref.KMO.per_item.count == 25)
        for (item, v) in ref.KMO.per_item { #expect(close(try #require(all.kmoPerItem[item], "no KMO for \(item)"), v, rtol: 1e-12), "\(item)") }
        #expect(close(all.bartlett.chi2, ref.bartlett.chisq, rtol: 1e-10))
        #expect(all.bartlett.df == ref.bartlett.df)
        #expect(all.bartlett.pValue == ref.bartlett.p_value)
        #expect(all.summary.contains("Bartlett chi2") && all.summary.contains("O5"))
    }

    @Test func alphaIfDeletedIsAlphaOfTheRest() throws {
        let t = try Self.bfi()
        let items = ["A1r", "A2", "A3", "A4", "A5"]
        let r = try Reliability(table: t, items: items)
        for (k, s) in r.itemStatistics.enumerated() {
            var rest = items; rest.remove(at: k)
            #expect(close(s.alphaIfDeleted ?? .nan, try Reliability(table: t, items: rest).cronbachAlpha, rtol: 1e-12))
        }
    }

    @Test func missingConstantAndDependentItems() throws {
        let t = try DataTable(csv: "a,b,c\n1,2,3\n2,NA,1\n3,3,2\n4,5,5\n2,2,2\n")
        #expect(throws: IndexError.missingValue(variable: "b", row: 2, unit: nil, period: nil)) { try Reliability(table: t, items: ["a", "b", "c"]) }
        let dropped = try Reliability(table: t, items: ["a", "b", "c"], dropIncomplete: true)
        #expect(dropped.n == 4 && dropped.droppedRows == [2])
        #expect(dropped.table.notes.contains { $0.contains("1 incomplete rows dropped") })
        #expect(throws: IndexError.constantIndicator(indicator: "k", period: nil)) {
            try Reliability(columns: [[1, 2, 3, 4], [5, 5, 5, 5]], items: ["j", "k"])
        }
        // c = a + b: the dependent items are named (the Cholesky detail after them is the linear algebra's).
        let singular = #expect(throws: IndexError.self) { try Reliability(columns: [[1, 2, 3, 4], [2, 1, 4, 3], [3, 3, 7, 7]]) }
        if case .singularCorrelation(let message)? = singular {
            #expect(message.hasPrefix("the 3 items item1, item2, item3 are linearly dependent") && message.hasSuffix("drop a redundant item"), "\(message)")
        } else { Issue.record("\(String(describing: singular))") }
        let json = try JSONEncoder().encode(dropped)
        let obj = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(obj["cronbach_alpha"] != nil && obj["kmo_per_item"] is [String: Any] && (obj["bartlett"] as? [String: Any])?["p_value"] != nil)
        #expect(try JSONDecoder().decode(Reliability.self, from: json) == dropped)
    }
}
