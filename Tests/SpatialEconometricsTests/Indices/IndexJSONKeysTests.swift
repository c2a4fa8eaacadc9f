import Foundation
import Testing
@testable import SpatialEconometrics

/// "weights" names the spatial W only in the API (indicator, system and sample weights have their own names), but
/// the JSON the CLI and users already read keeps its keys.
@Suite struct IndexJSONKeysTests {
    static func object<T: Encodable>(_ value: T) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test func renamedWeightsKeepTheirJSONKeys() throws {
        let index = try CompositeIndex(values: [[1, 3], [2, 1], [4, 2]], indicators: [Indicator("a"), Indicator("b")])
        let i = try Self.object(index)
        #expect((i["weights"] as? [Any])?.count == 2 && i["indicatorWeights"] == nil)
        #expect(try JSONDecoder().decode(CompositeIndex.self, from: JSONEncoder().encode(index)) == index)

        let coupling = try CouplingCoordination(scores: [[0.2, 0.4], [0.5, 0.5]], systems: ["a", "b"], systemWeights: [0.4, 0.6])
        let c = try Self.object(coupling)
        #expect(c["weights"] as? [Double] == [0.4, 0.6] && c["systemWeights"] == nil)
        #expect(try JSONDecoder().decode(CouplingCoordination.self, from: JSONEncoder().encode(coupling)) == coupling)

        let trend = try Inequality.byPeriod(table: DataTable(csv: "v,pop\n1,2\n2,3\n3,1\n"), variable: "v", sampleWeight: "pop")
        let t = try Self.object(trend)
        #expect(t["weight"] as? String == "pop" && t["sampleWeight"] == nil && trend.rows.first?.weighted == true)
    }
}
