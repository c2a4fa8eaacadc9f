import Foundation
import Testing
@testable import SpatialEconometrics

/// Convergence by group (issue 16): each group's analyses equal the same analyses run on a table that holds only
/// that group's rows, with weights built independently from the group's own contiguity edges; the OLS within
/// estimates per NBS region against numpy and plm (`panel_convergence_groups_china31.json`,
/// `panel_convergence_groups_plm.json`); groups too small or not constant per unit are refused by name.
@Suite struct ConvergenceByGroupTests {
    struct Within: Decodable { let beta, std_error: Double; let speed, speed_std_error, half_life, half_life_std_error: Double? }
    struct Region: Decodable {
        let ids: [String]?
        let absolute_individual, conditional_individual, absolute_twoways, conditional_twoways: Within
        subscript(_ key: String) -> Within? {
            ["absolute_individual": absolute_individual, "conditional_individual": conditional_individual,
             "absolute_twoways": absolute_twoways, "conditional_twoways": conditional_twoways][key]
        }
    }
    struct NumpyFixture: Decodable { let groups: [String: Region] }

    static func regions() throws -> [String: String] {
        let p = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        return Dictionary(uniqueKeysWithValues: zip(try p.strings("id"), try p.strings("region")))
    }

    /// china31 rows (gdppc, urbanization_rate, region) as CSV text, only the provinces `keep` says, rows in a
    /// seeded random order when asked.
    static func csv(keep: (String) -> Bool = { _ in true }, shuffle seed: UInt64? = nil) throws -> String {
        let t = try DynamicsFixture.chinaTable(), region = try regions()
        let ids = try t.strings("id"), years = try t.strings("year"), y = try t.numbers("gdppc"), u = try t.numbers("urbanization_rate")
        var order = Array(ids.indices)
        if let seed { order = OrderInvarianceTests.permutation(order.count, seed: seed) }
        var lines = ["id,year,gdppc,urbanization_rate,region"]
        for i in order where keep(ids[i]) { lines.append("\(ids[i]),\(years[i]),\(y[i]),\(u[i]),\(region[ids[i]] ?? "")") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Row-standardised queen contiguity (Hainan linked) among `ids` only, from the edge list.
    static func weights(_ ids: [String]) throws -> SpatialWeights {
        let edges = try DataTable(contentsOf: Fixtures.url("data/china31/contiguity_edges_hainan_linked.csv"))
        let keep = Set(ids)
        let pairs = zip(try edges.strings("from_id"), try edges.strings("to_id")).filter { keep.contains($0.0) && keep.contains($0.1) }
        return try SpatialWeights.contiguity(edges: Array(pairs), ids: ids).transformed(.row)
    }

    static func panel(_ text: String) throws -> Panel {
        try MarkovChain.canonicalPanel(table: try DataTable(csv: text), unit: "id", time: "year")
    }

    static func close(_ a: Double?, _ b: Double?, _ rtol: Double) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= rtol * max(abs(b), 1e-300)
    }

    /// Without northeast (3 provinces, too few for a spatial cross-section), every analysis of each of the other
    /// three regions (sigma, OLS and SAR cross-section, OLS within, clubs) equals the fit on that region's rows
    /// alone with its own weights; the dynamic SAR panel likewise for east and west (central's dynamic fit is not
    /// stationary, and is refused naming it). Exact equality is asserted: the same numbers in the same order, and W
    /// restricted and row-standardised again is the row-standardised contiguity of the group.
    @Test func eachGroupEqualsItsOwnSubset() throws {
        let region = try Self.regions()
        let panel = try Self.panel(try Self.csv(keep: { region[$0] != "northeast" }))
        let w = try Self.weights(panel.units)
        let byGroup = try ConvergenceByGroup(panel: panel, group: "region", variable: "gdppc", conditional: ["urbanization_rate"], model: .sar,
                                             weights: w, clubs: ConvergenceByGroup.ClubSettings())
        let within = try ConvergenceByGroup(panel: panel, group: "region", variable: "gdppc", conditional: ["urbanization_rate"], panelEffects: .twoways)
        #expect(byGroup.groups.map(\.name) == ["central", "east", "west"] && within.groups.map(\.name) == ["central", "east", "west"])
        #expect(byGroup.notes.first?.contains("re-standardised") == true)
        for (g, gw) in zip(byGroup.groups, within.groups) {
            let own = try Self.panel(try Self.csv(keep: { region[$0] == g.name }))
            #expect(g.units == own.units)
            let ownW = try Self.weights(own.units)
            #expect(try SigmaConvergence(panel: own, variable: "gdppc") == g.sigma, "\(g.name) sigma")
            let beta = try BetaConvergence(panel: own, variable: "gdppc", conditional: ["urbanization_rate"], model: .sar, weights: ownW)
            #expect(beta == g.beta, "\(g.name) beta")
            #expect(g.beta.estimates.count == 3)
            let panelBeta = try PanelBetaConvergence(panel: own, variable: "gdppc", conditional: ["urbanization_rate"], effects: .twoways)
            #expect(panelBeta.estimates == gw.panelBeta?.estimates, "\(g.name) panel beta")
            let club = try ConvergenceClubs(panel: own, variable: "gdppc")
            #expect(club.overall == g.clubs?.overall && club.clubs == g.clubs?.clubs && club.merged == g.clubs?.merged
                    && club.divergent == g.clubs?.divergent, "\(g.name) clubs")
            // and not the whole sample's numbers
            #expect(g.sigma.rows.first?.n == own.unitCount && own.unitCount < panel.unitCount)
        }
        let whole = try BetaConvergence(panel: panel, variable: "gdppc", conditional: ["urbanization_rate"])
        #expect(whole.estimates[0].beta != byGroup.groups[0].beta.estimates[0].beta)
        #expect(byGroup.summary.contains("region = east") && byGroup.summary.contains("re-standardised"))
        // the dynamic spatial panel per group
        let eastWest = try Self.panel(try Self.csv(keep: { region[$0] == "east" || region[$0] == "west" }))
        let dynamic = try ConvergenceByGroup(panel: eastWest, group: "region", variable: "gdppc", model: .sar, weights: try Self.weights(eastWest.units),
                                             panelEffects: .twoways)
        for g in dynamic.groups {
            let own = try Self.panel(try Self.csv(keep: { region[$0] == g.name }))
            let b = try PanelBetaConvergence(panel: own, variable: "gdppc", effects: .twoways, model: .sar, weights: try Self.weights(own.units))
            #expect(b.estimates == g.panelBeta?.estimates && b.estimates.count == 3, "\(g.name) dynamic")
        }
        do {
            _ = try ConvergenceByGroup(panel: panel, group: "region", variable: "gdppc", model: .sar, weights: w, panelEffects: .twoways)
            Issue.record("central's dynamic SAR is not stationary and should be refused")
        } catch {
            #expect(error.description.hasPrefix("group 'central' of region (6 units)") && error.description.contains("not stationary"), "\(error)")
        }
    }

    /// Rows in another order: the same groups and numbers.
    @Test func shuffledRowsGiveTheSameResult() throws {
        let a = try ConvergenceByGroup(panel: try Self.panel(try Self.csv()), group: "region", variable: "gdppc", panelEffects: .individual, clubs: .init())
        let b = try ConvergenceByGroup(panel: try Self.panel(try Self.csv(shuffle: 11)), group: "region", variable: "gdppc", panelEffects: .individual, clubs: .init())
        #expect(a.groups.map(\.name) == b.groups.map(\.name) && a.groups.map(\.units) == b.groups.map(\.units))
        for (x, y) in zip(a.groups, b.groups) {
            #expect(x.sigma == y.sigma && x.beta == y.beta && x.panelBeta?.estimates == y.panelBeta?.estimates && x.clubs?.merged == y.clubs?.merged)
        }
    }

    /// OLS within per NBS region (individual and two-way, absolute and conditional) against the numpy dummy-variable
    /// regression and plm 2.6 (numpy and plm agree to 5e-14); 1e-10 relative.
    @Test func withinPerRegionMatchesNumpyAndPlm() throws {
        let numpy = try Fixtures.decode(NumpyFixture.self, "reference/py/panel_convergence_groups_china31.json")
        let plm = try Fixtures.decode(NumpyFixture.self, "reference/r/panel_convergence_groups_plm.json")
        let region = try Self.regions()
        let all = try Self.panel(try Self.csv())
        // a control makes three coefficients in the cross-section: northeast's 3 provinces are refused there
        let noNortheast = try Self.panel(try Self.csv(keep: { region[$0] != "northeast" }))
        var worst = 0.0
        for fe in [PanelEffects.individual, .twoways] {
            for conditional in [false, true] {
                let key = "\(conditional ? "conditional" : "absolute")_\(fe.rawValue)"
                let r = try ConvergenceByGroup(panel: conditional ? noNortheast : all, group: "region", variable: "gdppc", conditional: conditional ? ["urbanization_rate"] : [],
                                               panelEffects: fe)
                #expect(r.groups.map(\.name) == (conditional ? ["central", "east", "west"] : ["central", "east", "northeast", "west"]))
                for g in r.groups {
                    let e = try #require(g.panelBeta?.estimates.first)
                    let n = try #require(numpy.groups[g.name]?[key]), p = try #require(plm.groups[g.name]?[key])
                    for (x, y) in [(e.beta, n.beta), (e.stdError ?? .nan, n.std_error), (e.beta, p.beta), (e.stdError ?? .nan, p.std_error)] {
                        worst = max(worst, abs(x - y) / abs(y))
                        #expect(Self.close(x, y, 1e-10), "\(g.name) \(key): \(x) vs \(y)")
                    }
                    #expect(Self.close(e.speed, n.speed, 1e-10) && Self.close(e.halfLife, n.half_life, 1e-10), "\(g.name) \(key) speed")
                    #expect(g.panelBeta?.n == g.units.count)
                }
            }
        }
        #expect(worst < 1e-10)
    }

    @Test func refusesGroupsTooSmallAndGroupsThatVary() throws {
        let panel = try Self.panel(try Self.csv())
        let w = try Self.weights(panel.units)
        do {
            _ = try ConvergenceByGroup(panel: panel, group: "region", variable: "gdppc", model: .sar, weights: w)
            Issue.record("northeast (3 provinces) should be refused for a SAR cross-section")
        } catch {
            guard case .group(let name, let column, let units, _) = error else { Issue.record("\(error)"); return }
            #expect(name == "northeast" && column == "region" && units == 3)
            #expect(error.description.contains("group 'northeast' of region (3 units)") && error.description.contains("needs at least 4"), "\(error)")
        }
        // OLS alone fits northeast (3 units > 2 coefficients), a control more does not
        #expect(throws: Never.self) { try ConvergenceByGroup(panel: panel, group: "region", variable: "gdppc") }
        #expect(throws: DynamicsError.self) { try ConvergenceByGroup(panel: panel, group: "region", variable: "gdppc", conditional: ["urbanization_rate"]) }
        // a unit whose group changes between years
        let lines = try Self.csv().split(separator: "\n").map(String.init)
        let changed = lines.map { $0.hasPrefix("1,2015,") ? $0.replacingOccurrences(of: ",east", with: ",central") : $0 }
        let bad = try Self.panel(changed.joined(separator: "\n") + "\n")
        do {
            _ = try ConvergenceByGroup(panel: bad, group: "region", variable: "gdppc")
            Issue.record("a unit in two groups should be refused")
        } catch {
            #expect(error.description.contains("unit '1'") && error.description.contains("'central'"), "\(error)")
        }
        #expect(throws: DynamicsError.self) { try ConvergenceByGroup(panel: panel, group: "province_type", variable: "gdppc") }
    }
}
