import Foundation
import Testing
@testable import SpatialEconometrics

/// Entropy weights, scores, dimension sub-indices and entropy-TOPSIS against the independent numpy implementation
/// (`reference/py/scripts/entropy_china31.py`) on China's 31 provinces, 2011–2022.
@Suite struct IndexEntropyTests {
    static func indicators(_ directions: [String]) -> [Indicator] {
        zip(China31Indicators.names, directions).map { Indicator($0, $1 == "-" ? .negative : .positive) }
    }

    /// The index against a fixture case: every indicator's weight, entropy and divergence, every row's score, TOPSIS
    /// closeness and dimension scores and indices, the dimension weights. Lengths are checked first and a value missing
    /// on either side fails, naming it (the fits are run with `topsis: true`).
    static func check(_ index: CompositeIndex, _ c: EntropyFixture.Case, period: String? = nil) throws {
        let ws = index.indicatorWeights(period: period)
        #expect(ws.map(\.indicator) == China31Indicators.names)
        try #require(ws.count == c.weight.count && ws.count == c.entropy.count && ws.count == c.divergence.count)
        for (j, w) in ws.enumerated() {
            #expect(close(w.weight, c.weight[j], rtol: 1e-10), "weight \(w.indicator)")
            #expect(close(w.entropy, c.entropy[j], rtol: 1e-12), "entropy \(w.indicator)")
            #expect(close(w.divergence, c.divergence[j], rtol: 1e-9), "divergence \(w.indicator)")
        }
        try #require(index.scores.count == c.score.count && index.scores.count == c.topsis.count)
        for g in China31Indicators.groups {
            try #require(c.group_scores[g.name]?.count == c.score.count && c.group_indices[g.name]?.count == c.score.count, "fixture group \(g.name)")
        }
        for (i, s) in index.scores.enumerated() {
            #expect(close(s.score, c.score[i], rtol: 1e-10, atol: 1e-14))
            #expect(close(try #require(s.topsis, "row \(i): no TOPSIS closeness"), c.topsis[i], rtol: 1e-10, atol: 1e-14))
            for g in China31Indicators.groups {
                let score = try #require(s.groups[g.name], "row \(i): no \(g.name) score"), gi = try #require(s.groupIndices[g.name], "row \(i): no \(g.name) index")
                #expect(close(score, try #require(c.group_scores[g.name])[i], rtol: 1e-10, atol: 1e-14), "row \(i) \(g.name)")
                #expect(close(gi, try #require(c.group_indices[g.name])[i], rtol: 1e-10, atol: 1e-14), "row \(i) \(g.name) index")
            }
        }
        let groupWeights = index.groupWeights.filter { $0.period == period }
        #expect(groupWeights.count == c.group_weights.count)
        for g in groupWeights {
            #expect(close(g.weight, try #require(c.group_weights[g.group], "fixture group_weights.\(g.group)"), rtol: 1e-10))
        }
    }

    /// Scores joined to a table sorted by unit then year (the order in which a position join put 370 of 372 scores
    /// on the wrong row) land on their own (unit, year), and equal the fixture's values there.
    @Test func scoresAreJoinedByUnitAndPeriodNotByRow() throws {
        let fx = try EntropyFixture.load()
        let table = try China31Indicators.table()
        let index = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: Self.indicators(fx.cases.pooled.directions),
                                       groups: China31Indicators.groups, options: EntropyOptions(topsis: true))
        let ids = try table.strings("id"), years = try table.strings("year")
        let byUnit = (0..<table.rowCount).sorted { (ids[$0], years[$0]) < (ids[$1], years[$1]) }
        let sorted = table.selectingRows(byUnit)
        let joined = try index.addingScores(to: sorted, unit: "id", time: "year")
        try #require(fx.rows.count == fx.cases.pooled.score.count && joined.rowCount == fx.rows.count)
        let expected = Dictionary(uniqueKeysWithValues: zip(zip(fx.rows.map(\.id), fx.rows.map(\.year)).map { "\($0)|\($1)" }, fx.cases.pooled.score))
        let su = try joined.strings("id"), sy = try joined.strings("year"), score = try joined.numbers("score")
        // Every joined (unit, year) is one of the fixture's: a missing one fails naming it.
        let want = try (0..<joined.rowCount).map { try #require(expected["\(su[$0])|\(sy[$0])"], "no fixture score for \(su[$0]) \(sy[$0])") }
        var misplaced = 0
        for r in 0..<joined.rowCount where !close(score[r], want[r], rtol: 1e-10, atol: 1e-14) { misplaced += 1 }
        #expect(misplaced == 0)
        #expect(try joined.numbers("economy_index").count == joined.rowCount && (try joined.numbers("topsis")).count == joined.rowCount)
        // The control: pairing the time-major scores with the sorted rows by position misplaces almost all of them.
        let byPosition = zip(index.scores, want).filter { !close($0.0.score, $0.1, rtol: 1e-10) }.count
        #expect(byPosition > 300)
    }

    @Test func pooledPanelMatchesIndependentComputation() throws {
        let fx = try EntropyFixture.load()
        let table = try China31Indicators.table()
        let index = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: Self.indicators(fx.cases.pooled.directions),
                                       groups: China31Indicators.groups, options: EntropyOptions(topsis: true))
        // Time-major order, as the fixture.
        #expect(index.scores.map { $0.unit ?? "" } == fx.rows.map(\.id))
        #expect(index.scores.map { $0.time ?? "" } == fx.rows.map(\.year))
        #expect(index.periods.count == 12)
        try Self.check(index, fx.cases.pooled)
        #expect(close(index.indicatorWeights.map(\.weight).reduce(0, +), 1, rtol: 1e-14))
        // Dimension scores add up to the score.
        for s in index.scores { #expect(close(s.groups.values.reduce(0, +), s.score, rtol: 1e-12, atol: 1e-15)) }
    }

    @Test func shiftZeroNegativeIndicatorAndEqualWeights() throws {
        let fx = try EntropyFixture.load()
        let table = try China31Indicators.table()
        func run(_ c: EntropyFixture.Case, _ options: EntropyOptions) throws -> CompositeIndex {
            try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: Self.indicators(c.directions),
                               groups: China31Indicators.groups, options: options)
        }
        try Self.check(try run(fx.cases.pooled_shift0, EntropyOptions(shift: 0, topsis: true)), fx.cases.pooled_shift0)
        let neg = try run(fx.cases.pooled_negative, EntropyOptions(topsis: true))
        #expect(neg.indicatorWeights[2].direction == .negative)
        try Self.check(neg, fx.cases.pooled_negative)
        let eq = try run(fx.cases.pooled_equal, EntropyOptions(weighting: .equal, topsis: true))
        #expect(eq.indicatorWeights.allSatisfy { $0.weight == 0.2 })
        try Self.check(eq, fx.cases.pooled_equal)
    }

    @Test func perYearWeightsMatch() throws {
        let fx = try EntropyFixture.load()
        let table = try China31Indicators.table()
        let index = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: Self.indicators(fx.cases.per_year.directions),
                                       groups: China31Indicators.groups, options: EntropyOptions(perPeriod: true, topsis: true))
        #expect(index.indicatorWeights.count == 5 * 12)
        #expect(fx.cases.per_year.years.keys.sorted() == index.periods)
        for (year, block) in fx.cases.per_year.years.sorted(by: { $0.key < $1.key }) {
            let ws = index.indicatorWeights(period: year)
            try #require(ws.count == 5 && block.weight.count == 5 && block.entropy.count == 5, "\(year)")
            for (j, w) in ws.enumerated() {
                #expect(close(w.weight, block.weight[j], rtol: 1e-10), "\(year) \(w.indicator)")
                #expect(close(w.entropy, block.entropy[j], rtol: 1e-12))
            }
            let scores = index.scores.filter { $0.time == year }
            let economy = try #require(block.group_indices["economy"], "\(year): no economy indices in the fixture")
            try #require(scores.count == 31 && block.score.count == 31 && block.topsis.count == 31 && economy.count == 31, "\(year)")
            for (i, s) in scores.enumerated() {
                #expect(close(s.score, block.score[i], rtol: 1e-10, atol: 1e-14))
                #expect(close(try #require(s.topsis, "\(year) row \(i)"), block.topsis[i], rtol: 1e-10, atol: 1e-14))
                #expect(close(try #require(s.groupIndices["economy"], "\(year) row \(i)"), economy[i], rtol: 1e-10, atol: 1e-14))
            }
        }
        #expect(index.indicatorTable.columns.contains("2016"))
    }

    @Test func dimensionIndexEqualsEntropyIndexOfItsIndicatorsAlone() throws {
        let table = try China31Indicators.table()
        let all = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: Self.indicators(["+", "+", "+", "+", "+"]),
                                     groups: China31Indicators.groups)
        let economy = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"), indicators: [Indicator("gdppc"), Indicator("fiscal_share")])
        try #require(all.scores.count == economy.scores.count && !all.scores.isEmpty)
        for (a, b) in zip(all.scores, economy.scores) { #expect(close(try #require(a.groupIndices["economy"]), b.score, rtol: 1e-12, atol: 1e-15)) }
    }

    @Test func crossSectionByHand() throws {
        // n = 3, one positive and one negative indicator, shift 0: worked by hand.
        let csv = "region,a,b\nr1,1,10\nr2,2,30\nr3,4,20\n"
        let index = try CompositeIndex(table: DataTable(csv: csv), indicators: Indicator.parse("a:+,b:-"), unit: "region",
                                       options: EntropyOptions(shift: 0))
        // a' = (0, 1/3, 1), b' = (1, 0, 1/2)
        func e(_ x: [Double]) -> Double { let s = x.reduce(0, +); return -x.filter { $0 > 0 }.map { $0 / s * log($0 / s) }.reduce(0, +) / log(3) }
        let ea = e([0, 1.0 / 3, 1]), eb = e([1, 0, 0.5])
        let wa = (1 - ea) / (2 - ea - eb)
        #expect(close(index.indicatorWeights[0].weight, wa, rtol: 1e-14))
        #expect(close(index.scores[1].score, wa / 3, rtol: 1e-14))
        #expect(close(index.scores[2].score, wa + (1 - wa) / 2, rtol: 1e-14))
        #expect(index.scores.map { $0.unit ?? "" } == ["r1", "r2", "r3"])
        let text = index.summary
        #expect(text.contains("Rank") && text.contains("no shift (0 ln 0 = 0)"))
    }

    @Test func errorsNameTheCell() throws {
        let csv = "id,year,a,b\n1,2020,1,5\n2,2020,NA,5\n1,2021,3,5\n2,2021,4,5\n"
        let t = try DataTable(csv: csv)
        #expect(throws: IndexError.missingValue(variable: "a", row: 2, unit: "2", period: "2020")) {
            try CompositeIndex(panel: Panel(table: t, unit: "id", time: "year"), indicators: [Indicator("a")])
        }
        #expect(throws: IndexError.constantIndicator(indicator: "b", period: nil)) {
            try CompositeIndex(values: [[1, 5], [2, 5]], indicators: [Indicator("a"), Indicator("b")])
        }
        #expect(throws: IndexError.constantIndicator(indicator: "a", period: "2021")) {
            try CompositeIndex(values: [[1], [2], [3], [3]], indicators: [Indicator("a")], times: ["2020", "2020", "2021", "2021"],
                               options: EntropyOptions(perPeriod: true))
        }
        #expect(throws: IndexError.negativeValue(variable: "a", row: 2, value: -1, reason: "is negative (ratio normalisation needs non-negative values for ln p)")) {
            try CompositeIndex(values: [[1], [-1], [3]], indicators: [Indicator("a")], options: EntropyOptions(normalization: .ratio))
        }
        #expect(throws: IndexError.invalidArgument("the shift must be zero or positive (got -0.1): negative values have no logarithm")) {
            try CompositeIndex(values: [[1], [2]], indicators: [Indicator("a")], options: EntropyOptions(shift: -0.1))
        }
        #expect(throws: IndexError.invalidArgument("per-period weights need periods: a Panel, or a period column (by:)")) {
            try CompositeIndex(values: [[1], [2]], indicators: [Indicator("a")], options: EntropyOptions(perPeriod: true))
        }
        #expect(throws: IndexError.invalidArgument("indicator 'b': direction must be + or -, not 'x'")) { try Indicator.parse("a:+,b:x") }
        #expect(throws: IndexError.invalidArgument("dimension 'g' lists 'c', which is not among the indicators (a, b)")) {
            try CompositeIndex(values: [[1, 2], [2, 1]], indicators: [Indicator("a"), Indicator("b")], groups: [IndicatorGroup("g", indicators: ["c"])])
        }
        let message = IndexError.missingValue(variable: "a", row: 2, unit: "2", period: "2020").description
        #expect(message.contains("'a'") && message.contains("row 2") && message.contains("unit '2'") && message.contains("2020"))
    }

    @Test func parsingAndJSON() throws {
        let inds = try Indicator.parse("gdp:+, pollution:-, rd")
        #expect(inds == [Indicator("gdp"), Indicator("pollution", .negative), Indicator("rd")])
        let gs = try IndicatorGroup.parse("econ=gdp,rd;env=pollution")
        #expect(gs == [IndicatorGroup("econ", indicators: ["gdp", "rd"]), IndicatorGroup("env", indicators: ["pollution"])])
        let index = try CompositeIndex(values: [[1, 3, 2], [2, 1, 5], [4, 2, 1]], indicators: inds, groups: gs, units: ["a", "b", "c"])
        let data = try JSONEncoder().encode(index)
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let first = try #require((obj["scores"] as? [[String: Any]])?.first)
        #expect(first["econ"] is Double && first["env"] is Double && first["score"] is Double && first["unit"] as? String == "a")
        let back = try JSONDecoder().decode(CompositeIndex.self, from: data)
        #expect(back == index)
        let table = index.indicatorTable.text
        #expect(table.contains("econ (sum)") && table.contains("pollution"))
    }
}
