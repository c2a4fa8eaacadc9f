import Foundation
import Testing
@testable import SpatialCLI
@testable import SpatialEconometrics

/// The CLI prints what the library computes: `moran --by` is ``AutocorrelationByPeriod`` (period t seeded with
/// seed + t) and the tests of `fit` are ``NestedModelComparison/crossSectionBattery(_:data:weights:options:)``.
@Suite struct LibraryParityCLITests {
    /// `value` encoded as `--json` writes it, parsed back.
    static func json(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try Console.jsonText(value).utf8))
    }

    @Test func moranByPeriodIsTheLibrarys() throws {
        let data = Fixtures.url("data/produc/produc.csv"), weights = Fixtures.url("data/produc/usaww.csv")
        let r = try SpatialCLI.run(["moran", "--data", data.path, "--var", "gsp", "--by", "year", "--weights", weights.path, "--geary", "--local",
                                    "--permutations", "19", "--seed", "5", "--json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let rows = try #require(r.json as? [[String: Any]])
        let paired = try PairedPanel(table: DataTable(contentsOf: data), unit: "state", time: "year",
                                     weights: SpatialWeights.read(from: weights).transformed(.row))
        let library = try AutocorrelationByPeriod(panel: paired.panel, variable: "gsp", weights: paired.weights, geary: true, local: true,
                                                  permutations: 19, seed: 5)
        #expect(rows.count == library.rows.count && rows.count == 17)
        for (row, expected) in zip(rows, library.rows) {
            #expect(row["period"] as? String == expected.period)
            for (key, value) in [("moran", try Self.json(expected.moran)), ("geary", try Self.json(expected.geary)),
                                 ("local", try Self.json(expected.local?.units))] {
                let diff = jsonDifference(row[key] as Any, value, rtol: 1e-14)
                #expect(diff == nil, "\(expected.period) \(key): \(diff ?? "")")
            }
        }
        // The seeds differ by period, so the permutation results are not one draw repeated.
        #expect(Set(library.rows.map { $0.moran.permutation?.mean }).count > 1)
    }

    @Test(arguments: ["sdm", "sem", "sar"])
    func fitTestsAreTheLibrarysBattery(_ model: String) throws {
        let r = try SpatialCLI.run(["fit", "--model", model, "--data", Fixtures.url("data/columbus/columbus.csv").path, "--y", "CRIME",
                                    "--x", "INC,HOVAL", "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let tests = try #require((r.json as? [String: Any])?["tests"])
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        let d = try RegressionData(table: paired.table, y: "CRIME", x: ["INC", "HOVAL"])
        let fit = try SpatialRegression(try #require(SpatialModel(rawValue: model)), data: d, weights: paired.weights)
        let battery = try NestedModelComparison.crossSectionBattery(fit, data: d, weights: paired.weights)
        let diff = jsonDifference(tests, try Self.json(battery), rtol: 1e-12)
        #expect(diff == nil, "\(model): \(diff ?? "")")
    }
}
