import Foundation
import Testing
@testable import SpatialEconometrics

/// Panel gap filling: interpolation between adjacent years, extrapolation at the ends, and the list of filled cells.
@Suite struct IndexGapFillingTests {
    @Test func seriesByHand() throws {
        let linear = PanelGapFilling(extrapolation: .linear)
        // Years 2010, 2011, 2013, 2014, 2016, 2017 with gaps at 2010, 2013, 2017.
        let times: [Double] = [2010, 2011, 2013, 2014, 2016, 2017]
        let series: [Double?] = [nil, 2, nil, 8, 14, nil]
        let f = try linear.fillSeries(series, times: times)
        #expect(f.map(\.index) == [0, 2, 5])
        #expect(close(f[0].value, 0, atol: 1e-12) && f[0].method == .linearExtrapolation)   // 2 - (8-2)/3
        #expect(close(f[1].value, 6, rtol: 1e-14) && f[1].method == .interpolation)          // 2 + 6 * 2/3
        #expect(close(f[2].value, 17, rtol: 1e-14) && f[2].method == .linearExtrapolation)   // 14 + 3
        let nearest = try PanelGapFilling(extrapolation: .nearest).fillSeries(series, times: times)
        #expect(nearest.map(\.value) == [2, 6, 14] && nearest[0].method == .nearest)
        #expect(throws: IndexError.cannotFill(variable: "x", unit: "", reason: "gap at the start of the series (period position 1); allow extrapolation (linear or nearest)")) {
            try PanelGapFilling(extrapolation: .none).fillSeries(series, times: times)
        }
        #expect(throws: IndexError.cannotFill(variable: "v", unit: "u", reason: "no observed value in any period")) {
            try linear.fillSeries([nil, nil], times: [1, 2], variable: "v", unit: "u")
        }
        #expect(throws: IndexError.cannotFill(variable: "x", unit: "",
                                              reason: "linear extrapolation needs two observed periods, the series has one; use nearest-value extrapolation")) {
            try linear.fillSeries([nil, 3], times: [1, 2])
        }
        #expect(try linear.fillSeries([1, 2], times: [1, 2]).isEmpty)
    }

    @Test func panelFillingIsListedAndFeedsTheIndex() throws {
        let csv = """
            id,year,a,b
            p,2020,1,4
            q,2020,2,
            r,2020,4,1
            p,2021,,3
            q,2021,3,2
            r,2021,5,2
            p,2022,3,5
            q,2022,4,6
            r,2022,6,2
            """
        let table = try DataTable(csv: csv)
        #expect(throws: IndexError.missingValue(variable: "b", row: 2, unit: "q", period: "2020")) {
            try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: [Indicator("a"), Indicator("b")])
        }
        let index = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: [Indicator("a"), Indicator("b")],
                                       gapFilling: PanelGapFilling())
        #expect(index.filled.count == 2)
        let a = try #require(index.filled.first { $0.variable == "a" })
        #expect(a.unit == "p" && a.period == "2021" && a.row == 4 && a.value == 2 && a.method == .interpolation)
        let b = try #require(index.filled.first { $0.variable == "b" })
        #expect(b.unit == "q" && b.period == "2020" && b.row == 2 && close(b.value, -2, rtol: 1e-14) && b.method == .linearExtrapolation)
        #expect(index.summary.contains("Filled missing values (2)") && index.summary.contains("linear interpolation"))
        // The filled values are the ones used.
        let direct = try CompositeIndex(values: [[1, 4], [2, -2], [4, 1], [2, 3], [3, 2], [5, 2], [3, 5], [4, 6], [6, 2]],
                                        indicators: [Indicator("a"), Indicator("b")])
        for (x, y) in zip(index.scores, direct.scores) { #expect(close(x.score, y.score, rtol: 1e-14)) }
        let panel = try Panel(table: table, unit: "id", time: "year")
        let result = try PanelGapFilling(extrapolation: .nearest).fill(panel, variables: ["b"])
        #expect(try result.data.numbers("b")[1] == 2)
        #expect(result.table.rows.count == 1)
    }
}
