import Foundation
import Testing
@testable import SpatialEconometrics

/// The audit's real at-bound case: China's provinces 2011-2022, the economic-geography nested W
/// `0.5 W_distance + 0.5 W_economic` (inverse squared great-circle distance between capitals and economic distance
/// of mean log per-capita GDP, each row-standardised), the two-way Lee-Yu SDM of the urbanisation rate on log
/// per-capita GDP: rho ends at 1 - 2e-10, where effects of 1e8 used to be printed without a warning.
@Suite struct ChinaNestedBoundTests {
    static func data() throws -> (panel: Panel, table: DataTable, weights: SpatialWeights) {
        let provinces = try Dataset.china31.table("provinces.csv")
        let ids = try provinces.strings("id")
        let capitals = zip(try provinces.numbers("capital_lon"), try provinces.numbers("capital_lat")).map { Point2D($0, $1) }
        let distance = try SpatialWeights.inverseDistance(points: capitals, ids: ids, power: 2, metric: .greatCircle)
        var t = try Dataset.china31.table("panel.csv")
        let gdp = try t.numbers("gdp"), pop = try t.numbers("population")
        t = try t.adding("lgdppc", values: zip(gdp, pop).map { log($0 * 10_000 / $1) })
        let panel = try Panel(table: t, unit: "id", time: "year", unitOrder: ids)
        let mean = (0..<panel.unitCount).map { i in
            (0..<panel.periodCount).map { p in (try? panel.numbers("lgdppc", period: p)[i]) ?? 0 }.reduce(0, +) / Double(panel.periodCount)
        }
        let economic = try SpatialWeights.economicDistance(values: mean, ids: ids)
        var w = try SpatialWeights.economicGeography(geographic: distance.transformed(.row), economic: economic.transformed(.row), phi: 0.5)
        w.idVariable = "id"
        return (panel, t, w)
    }

    @Test func twoWayLeeYuSDMIsFlaggedAndItsEffectsRefused() throws {
        let (panel, _, w) = try Self.data()
        let fit = try PanelRegression(.sdm, panel: panel, y: "urbanization_rate", x: ["lgdppc"], weights: w, effects: .twoways, estimator: .leeyu)
        let rho = try #require(fit.rho?.estimate)
        #expect(rho > 0.9999 && fit.atBound)
        #expect(fit.summary.split(separator: "\n").first?.lowercased().contains("bound") == true, "first line: \(fit.summary.prefix(120))")
        do {
            _ = try ImpactMeasures(fit, weights: w, inference: .simulation(draws: 100, seed: 1))
            Issue.record("effects at the bound must be refused")
        } catch {
            guard case .atBound = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("rho"))
        }
        // The direct approach on the same data stays inside the interval and keeps its effects.
        let direct = try PanelRegression(.sdm, panel: panel, y: "urbanization_rate", x: ["lgdppc"], weights: w, effects: .twoways, estimator: .direct)
        #expect(!direct.atBound && (direct.rho?.estimate ?? 1) < 0.9)
        #expect(try ImpactMeasures(direct, weights: w).total.count == 1)
    }

    @Test func theCLIExitsThreeAndPrintsNoEffects() throws {
        let (_, table, w) = try Self.data()
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wFile = dir.appendingPathComponent("nested.gwt"), csv = dir.appendingPathComponent("china.csv")
        try w.write(to: wFile)
        let ids = try table.strings("id"), years = try table.strings("year")
        let u = try table.numbers("urbanization_rate"), g = try table.numbers("lgdppc")
        let lines = ["id,year,urbanization_rate,lgdppc"] + (0..<table.rowCount).map { "\(ids[$0]),\(years[$0]),\(u[$0]),\(g[$0])" }
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let base = ["fit", "--model", "sdm", "--data", csv.path, "--unit", "id", "--time", "year", "--y", "urbanization_rate", "--x", "lgdppc",
                    "--weights", wFile.path, "--impacts", "simulate:200", "--json", "--quiet"]
        let r = try SpatialCLI.run(base)
        #expect(r.status == 3, "\(r.err)")
        let j = r.json as? [String: Any]
        #expect(j?["at_bound"] as? Bool == true && j?["effects"] == nil)
        #expect(r.err.contains("effects refused"))
        let allowed = try SpatialCLI.run(base + ["--allow-bound"])
        #expect(allowed.status == 0 && (allowed.json as? [String: Any])?["effects"] == nil)
    }
}
