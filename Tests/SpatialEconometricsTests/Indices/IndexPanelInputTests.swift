import Foundation
import Testing
@testable import SpatialEconometrics

/// A panel is passed as a `Panel` to every index (composite index, coupling, inequality) and gives what the table
/// forms give on the same rows; the rows of a table (cross-section, or grouped by a period column) keep their form.
@Suite struct IndexPanelInputTests {
    /// Three units x three years, rows in an order that is neither unit- nor time-major.
    static let csv = """
        id,year,region,a,b,u1,u2,pop
        q,2021,east,3,5,0.2,0.4,10
        p,2020,east,1,4,0.1,0.3,20
        r,2020,west,4,2,0.5,0.5,30
        q,2020,east,2,6,0.3,0.2,15
        r,2021,west,5,3,0.6,0.4,25
        p,2021,east,2,2,0.4,0.6,12
        p,2022,east,6,1,0.7,0.8,11
        r,2022,west,3,3,0.2,0.9,28
        q,2022,east,4,4,0.9,0.1,16
        """

    @Test func compositeIndexOfAPanel() throws {
        let table = try DataTable(csv: Self.csv)
        let panel = try Panel(table: table, unit: "id", time: "year", unitOrder: ["r", "q", "p"])
        let indicators = [Indicator("a"), Indicator("b", .negative)]
        let index = try CompositeIndex(panel: panel, indicators: indicators, options: EntropyOptions(perPeriod: true))
        // Time-major in the panel's unit order, each score with its unit, period and row of the table.
        #expect(index.scores.map { $0.unit ?? "" } == ["r", "q", "p", "r", "q", "p", "r", "q", "p"])
        #expect(index.scores.map { $0.time ?? "" } == ["2020", "2020", "2020", "2021", "2021", "2021", "2022", "2022", "2022"])
        #expect(index.scores.map(\.row) == panel.rowOrder.map { $0 + 1 } && index.periods == ["2020", "2021", "2022"])
        // The rows of the table grouped by year give the same weights and, row by row, the same scores.
        let rows = try CompositeIndex(table: table, indicators: indicators, unit: "id", by: "year", options: EntropyOptions(perPeriod: true))
        #expect(rows.indicatorWeights == index.indicatorWeights)
        for s in index.scores { #expect(rows.scores.first { $0.row == s.row }?.score == s.score) }
        // A cross-section: one block, per-period weights refused with the fix.
        let cross = try CompositeIndex(table: table, indicators: indicators, unit: "id")
        #expect(cross.periods.isEmpty && cross.scores.map(\.row) == Array(1...9))
        #expect(throws: IndexError.invalidArgument("per-period weights need periods: a Panel, or a period column (by:)")) {
            try CompositeIndex(table: table, indicators: indicators, options: EntropyOptions(perPeriod: true))
        }
    }

    @Test func couplingOfAPanel() throws {
        let table = try DataTable(csv: Self.csv)
        let panel = try Panel(table: table, unit: "id", time: "year")
        let cc = try CouplingCoordination(panel: panel, systems: ["u1", "u2"], systemWeights: [0.4, 0.6])
        let byRow = try CouplingCoordination(table: table, systems: ["u1", "u2"], systemWeights: [0.4, 0.6], unit: "id", time: "year")
        #expect(cc.rows.count == 9)
        for (k, r) in panel.rowOrder.enumerated() {
            #expect(cc.rows[k] == byRow.rows[r])
            #expect(cc.rows[k].unit == panel.units[k % panel.unitCount] && cc.rows[k].time == panel.periods[k / panel.unitCount])
        }
    }

    @Test func inequalityOfAPanel() throws {
        let table = try DataTable(csv: Self.csv)
        let panel = try Panel(table: table, unit: "id", time: "year")
        let trend = try Inequality.byPeriod(panel: panel, variable: "a", group: "region", sampleWeight: "pop")
        let byRows = try Inequality.byPeriod(table: table, variable: "a", by: "year", group: "region", sampleWeight: "pop")
        #expect(trend.rows.map(\.period) == ["2020", "2021", "2022"] && trend.sampleWeight == "pop")
        for (p, t) in zip(trend.rows, byRows.rows) {
            #expect(p.period == t.period && p.n == t.n && abs(p.gini - t.gini) < 1e-15 && abs(p.theil - t.theil) < 1e-15)
            #expect(p.groups?.map(\.name) == t.groups?.map(\.name))
        }
        // A missing cell is named by its row in the table, its unit and its period.
        let gap = try DataTable(csv: Self.csv.replacingOccurrences(of: "r,2021,west,5,", with: "r,2021,west,NA,"))
        #expect(throws: IndexError.missingValue(variable: "a", row: 5, unit: "r", period: "2021")) {
            try Inequality.byPeriod(panel: Panel(table: gap, unit: "id", time: "year"), variable: "a")
        }
    }
}
