import Foundation
import Testing
@testable import SpatialEconometrics

/// ConvergenceClubs 2.2.5's clustering options against the package (`reference/r/phillips_sul_options.json`,
/// `r/scripts/39b_phillips_sul_options.R`): the incremental c*, von Lyncker & Thoennessen's merging and the merging
/// of divergent units, on china31 (HP trend of ln y) and filteredGDP; members in R's order and every b, SE and t to
/// 1e-9 relative (as `PhillipsSulTests`; R writes 15 significant digits).
@Suite struct PhillipsSulOptionsTests {
    static func reference() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: Fixtures.url("reference/r/phillips_sul_options.json"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(all["cases"] as? [String: [String: Any]])
    }

    static func filteredGDP() throws -> (series: [[Double]], names: [String], years: [String]) {
        let table = try DataTable(contentsOf: Fixtures.url("data/filteredgdp/filteredGDP.csv"))
        let names = try table.strings("Countries")
        let years = (1970...2003).map { "Y\($0)" }
        let columns = try years.map { try table.numbers($0) }
        return (names.indices.map { i in columns.map { $0[i] } }, names, years)
    }

    static func rules(_ r: [String: Any]) -> ConvergenceClubs.Rules {
        ConvergenceClubs.Rules(sieveIncrement: r["cstar_increment"] as? Double, sieveCap: r["cstar_cap"] as? Double ?? 3,
                               merge: (r["merge"] as? String) == "vLT" ? .vonLynckerThoennessen : .phillipsSul,
                               mergeDivergent: r["merge_divergent"] as? Bool ?? false)
    }

    @Test(arguments: ["china31_incremental_from_minus1", "china31_incremental_from_minus1.65", "china31_vlt", "china31_ps_divergent",
                      "china31_vlt_divergent", "filteredGDP_vlt", "filteredGDP_vlt_divergent_cstar_minus1", "filteredGDP_incremental_ps_divergent"])
    func matchesConvergenceClubs(_ key: String) throws {
        let r = try #require(try Self.reference()[key])
        let trim = try #require(r["trim"] as? Double), cstar = try #require(r["cstar"] as? Double)
        let clubs: ConvergenceClubs, names: [String]
        if r["data"] as? String == "china31" {
            let panel = try DynamicsFixture.chinaPanel()
            names = panel.units
            clubs = try ConvergenceClubs(panel: panel, variable: "gdppc", trim: trim, sieve: cstar, rules: Self.rules(r))
        } else {
            let f = try Self.filteredGDP()
            names = f.names
            clubs = try ConvergenceClubs(series: f.series, units: f.names, periods: f.years, trim: trim, sieve: cstar, rules: Self.rules(r))
        }
        PhillipsSulTests.checkClubs(clubs.clubs, r["clubs"], names, "\(key) clubs")
        PhillipsSulTests.checkClubs(clubs.merged, r["merged"], names, "\(key) merged")
        // the c* each club was formed with (incremental: raised for the clubs that failed at the start)
        let refClubs = ((r["clubs"] as? [String: Any])?["clubs"] as? [[String: Any]]) ?? []
        for (c, e) in zip(clubs.clubs, refClubs) {
            #expect(PhillipsSulTests.close(c.cstar ?? .nan, e["cstar"] as? Double, 1e-12) || (c.cstar == 0 && e["cstar"] as? Double == 0), "\(key): c* \(c.cstar ?? .nan) vs \(e["cstar"] ?? "nil")")
        }
        let mergedRefs = ((r["merged"] as? [String: Any])?["clubs"] as? [[String: Any]]) ?? []
        for (c, e) in zip(clubs.merged, mergedRefs) {
            let from = ((e["merged"] as? [String]) ?? [(e["merged"] as? String) ?? ""]).compactMap { Int($0.dropFirst(4)) }
            #expect(c.merged == from, "\(key): merged from \(c.merged ?? []) vs \(from)")
        }
        #expect(clubs.divergent == PhillipsSulTests.ids((r["clubs"] as? [String: Any])?["divergent"]).map { names[$0 - 1] }, "\(key) divergent")
        if r["merge_divergent"] as? Bool == true {
            #expect(clubs.remainingDivergent == PhillipsSulTests.ids((r["merged"] as? [String: Any])?["divergent"]).map { names[$0 - 1] }, "\(key) remaining")
        } else {
            #expect(clubs.remainingDivergent == nil)
        }
    }

    /// The options change the result where the package's does: the incremental c* raises club 5's c* to -0.4 on
    /// china31 (r = 1/3, from -1), vLT keeps clubs 2 and 3 apart, and one divergent province joins a club.
    @Test func theOptionsMatter() throws {
        let panel = try DynamicsFixture.chinaPanel()
        let fixed = try ConvergenceClubs(panel: panel, variable: "gdppc", trim: 1.0 / 3, sieve: -1)
        let raised = try ConvergenceClubs(panel: panel, variable: "gdppc", trim: 1.0 / 3, sieve: -1, rules: .init(sieveIncrement: 0.1))
        #expect(fixed.clubs.map(\.units) != raised.clubs.map(\.units))
        #expect(fixed.warnings.contains { $0.contains("rejects convergence") } && !raised.warnings.contains { $0.contains("rejects convergence") })
        #expect(raised.clubs.contains { abs(($0.cstar ?? 0) + 0.4) < 1e-9 } && raised.summary.contains("(c* = -0.4)"))
        let ps = try ConvergenceClubs(panel: panel, variable: "gdppc")
        let vlt = try ConvergenceClubs(panel: panel, variable: "gdppc", rules: .init(merge: .vonLynckerThoennessen))
        #expect(ps.merged.count == 4 && vlt.merged.count == 5 && vlt.summary.contains("von Lyncker-Thoennessen"))
        let div = try ConvergenceClubs(panel: panel, variable: "gdppc", rules: .init(mergeDivergent: true))
        #expect(div.remainingDivergent?.count == 2 && div.merged.contains { !($0.addedDivergent ?? []).isEmpty } && div.summary.contains("+ divergent"))
        #expect(throws: DynamicsError.self) { try ConvergenceClubs(panel: panel, variable: "gdppc", rules: .init(sieveIncrement: 0)) }
        #expect(throws: DynamicsError.self) { try ConvergenceClubs(panel: panel, variable: "gdppc", sieve: 4, rules: .init(sieveIncrement: 0.1, sieveCap: 3)) }
    }
}
