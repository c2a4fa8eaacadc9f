import Foundation
import Testing
@testable import SpatialEconometrics
@testable import SpatialCLI

/// LISA over time on China's provinces (per-capita GDP, 2011-2022): the quadrant transitions against giddy's
/// LISA_Markov, the cluster labels and changes against the per-period local Moran, and the CLI's per-period maps
/// and JSON.
@Suite struct LISAOverTimeTests {
    func byPeriod(permutations: Int) throws -> AutocorrelationByPeriod {
        let ids = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv")).strings("id")
        let w = try SpatialWeights.contiguity(edges: try China31.edges("contiguity_edges_hainan_linked.csv"), ids: ids).transformed(.row)
        let panel = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let years = try panel.strings("year"), pid = try panel.strings("id"), gdp = try panel.numbers("gdp"), pop = try panel.numbers("population")
        var sections = [AutocorrelationByPeriod.CrossSection]()
        for year in Array(Set(years)).sorted() {
            var v = [String: Double]()
            for k in years.indices where years[k] == year { v[pid[k]] = gdp[k] * 10000 / pop[k] }
            sections.append(.init(period: year, values: try w.ids.map { try #require(v[$0]) }, weights: w))
        }
        return try AutocorrelationByPeriod(variable: "gdppc", periods: sections, local: true, permutations: permutations, seed: 1)
    }

    @Test func quadrantTransitionsMatchGiddy() throws {
        let rows = try byPeriod(permutations: 199).rows
        let history = try LISAOverTime(periods: try rows.map { ($0.period, try #require($0.local)) })
        let ref = try FixtureJSON("reference/py/local_patterns_multivariate.json")["china31_lisa_markov_gdppc"]
        #expect(try ref["years"].elements().map { try $0.string() } == history.periods)
        let giddy = try ref["transitions"].elements().map { try $0.numbers().map { Int($0) } }
        #expect(history.quadrantTransitions == giddy)
        // Labels are each period's clusters; changes and transitions recounted from them.
        var total = 0
        for (k, u) in history.units.enumerated() {
            let labels = try rows.map { try #require($0.local).clusters(alpha: 0.05)[k] }
            #expect(u.clusters == labels)
            #expect(u.changes == zip(labels, labels.dropFirst()).filter { $0 != $1 }.count)
            total += labels.count - 1
        }
        #expect(history.transitions.joined().reduce(0, +) == total)
        #expect(history.units.contains { $0.changes > 0 })
        #expect { try LISAOverTime(periods: []) } throws: { "\($0)".contains("at least one period") }
    }

    /// The differential Moran of 2021 -> 2022 against esda's Moran_Local / Moran of the change (esda's local I is
    /// (n-1)/n times spdep's, which the package follows), and the CLI's "differential" object.
    @Test func differentialMoranMatchesEsda() throws {
        let ids = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv")).strings("id")
        let w = try SpatialWeights.contiguity(edges: try China31.edges("contiguity_edges_hainan_linked.csv"), ids: ids).transformed(.row)
        let panel = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let years = try panel.strings("year"), pid = try panel.strings("id"), gdp = try panel.numbers("gdp"), pop = try panel.numbers("population")
        func section(_ year: String) throws -> AutocorrelationByPeriod.CrossSection {
            var v = [String: Double]()
            for k in years.indices where years[k] == year { v[pid[k]] = gdp[k] * 10000 / pop[k] }
            return .init(period: year, values: try w.ids.map { try #require(v[$0]) }, weights: w)
        }
        let d = try DifferentialLocalMoran(previous: try section("2021"), current: try section("2022"))
        let ref = try FixtureJSON("reference/py/local_patterns_multivariate.json")["china31_differential_moran_gdppc_2021_2022"]
        let n = Double(w.count)
        let quads: [Int: Quadrant] = [1: .highHigh, 2: .lowHigh, 3: .lowLow, 4: .highLow]
        for (k, u) in d.local.units.enumerated() {
            #expect(close(u.I, try ref["Is"].numbers()[k] * n / (n - 1), rtol: 1e-10))
            #expect(u.quadrant == quads[try ref["q"].integers()[k]])
        }
        #expect(close(d.moran.I, try ref["I"].number(), rtol: 1e-10))
        #expect((d.from, d.to) == ("2021", "2022"))
        let other = try SpatialWeights.contiguity(edges: try China31.edges("contiguity_edges_hainan_linked.csv"), ids: ids).transformed(.row)
            .reordered(to: Array(ids.reversed()))
        #expect { try DifferentialLocalMoran(previous: try section("2021"), current: .init(period: "2022", values: try section("2022").values, weights: other)) }
            throws: { "\($0)".contains("same units") }
    }

    @Test func cliWritesOneMapPerPeriodAndTheChanges() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lisa-over-time-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        let r = try SpatialCLI.run(["moran", "--data", Fixtures.url("data/china31/panel.csv").path, "--var", "gdp", "--by", "year",
                                    "--weights", gal.path, "--local", "--permutations", "99", "--map", Fixtures.url("data/china31/provinces.geojson").path,
                                    "--map-out", dir.appendingPathComponent("lisa.svg").path, "--map-each-period",
                                    "--lisa-changes", dir.appendingPathComponent("changes.json").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("LISA clusters by period") && r.out.contains("Changes"))
        for year in 2011...2022 {
            let svg = try String(contentsOf: dir.appendingPathComponent("lisa_\(year).svg"), encoding: .utf8)
            #expect(svg.contains("year \(year)"))
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("changes.json"))) as? [String: Any])
        #expect((json["periods"] as? [String])?.count == 12)
        #expect((json["units"] as? [[String: Any]])?.count == 31)
        #expect((json["quadrant_transitions"] as? [[Int]])?.count == 4)
        let diff = try SpatialCLI.run(["moran", "--data", Fixtures.url("data/china31/panel.csv").path, "--var", "gdp", "--by", "year",
                                       "--weights", gal.path, "--differential", "--json", "--quiet"])
        #expect(diff.status == 0, "\(diff.err)")
        let periods = try #require(try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as? [[String: Any]])
        #expect(periods.count == 12 && periods[0]["differential"] == nil)
        let last = try #require(periods[11]["differential"] as? [String: Any])
        #expect(last["from"] as? String == "2021" && last["to"] as? String == "2022")
        #expect((last["local"] as? [[String: Any]])?.count == 31)
        let noBy = try SpatialCLI.run(["moran", "--data", Fixtures.url("data/china31/panel.csv").path, "--var", "gdp", "--weights", gal.path, "--differential"])
        #expect(noBy.status == 2 && noBy.err.contains("--by"), "\(noBy.err)")
        let stray = try SpatialCLI.run(["moran", "--data", Fixtures.url("data/china31/panel.csv").path, "--var", "gdp", "--by", "year",
                                        "--weights", gal.path, "--lisa-changes", dir.appendingPathComponent("x.json").path])
        #expect(stray.status == 2 && stray.err.contains("--local"), "\(stray.err)")
    }
}
