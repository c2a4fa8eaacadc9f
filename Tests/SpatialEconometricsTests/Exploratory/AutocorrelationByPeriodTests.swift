import Foundation
import Testing
@testable import SpatialEconometrics

/// Per-year Moran's I of per-capita GDP of China's 31 provinces against esda (`china31_moran_by_year.py`).
@Suite struct AutocorrelationByPeriodTests {
    static func china31() throws -> (Panel, SpatialWeights) {
        let provinces = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        let ids = try provinces.strings("id")
        let edges = try DataTable(contentsOf: Fixtures.url("data/china31/contiguity_edges_hainan_linked.csv"))
        let from = try edges.strings("from_id"), to = try edges.strings("to_id")
        var lists = [[Int]](repeating: [], count: ids.count)
        for (a, b) in zip(from, to) {
            let i = try #require(ids.firstIndex(of: a)), j = try #require(ids.firstIndex(of: b))
            lists[i].append(j); lists[j].append(i)
        }
        let w = try SpatialWeights(ids: ids, neighbors: lists).transformed(.row)
        var table = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let gdp = try table.numbers("gdp"), pop = try table.numbers("population")
        table = try table.adding("gdppc", values: zip(gdp, pop).map { $0 * 10000 / $1 })
        return (try Panel(table: table, unit: "id", time: "year", unitOrder: ids), w)
    }

    @Test func perYearMoranMatchesEsda() throws {
        let (panel, w) = try Self.china31()
        let byYear = try AutocorrelationByPeriod(panel: panel, variable: "gdppc", weights: w, geary: true)
        let ref = try FixtureJSON("reference/py/china31_moran_by_year.json")["years"]
        #expect(byYear.rows.map(\.period) == (try ref.keys()) && byYear.rows.count == 12)
        for row in byYear.rows {
            let r = ref[row.period]
            #expect(close(row.moran.I, try r["I"].number(), rtol: 1e-10))
            #expect(close(row.moran.varianceRandomization, try r["VI_rand"].number(), rtol: 1e-10))
            #expect(close(row.moran.zRandomization, try r["z_rand"].number(), rtol: 1e-10))
            #expect(close(row.moran.pRandomization, try r["p_rand"].number(), rtol: 1e-8))
            #expect(close(row.moran.zNormality, try r["z_norm"].number(), rtol: 1e-10))
        }
        let text = byYear.summary
        #expect(text.contains("2022") && text.contains("***"))
        #expect(byYear.table.markdown.contains("| 2011 |"))
        #expect(byYear.table.latex.contains("\\toprule"))
    }

    /// Period t is seeded with seed + t, for the global and the local statistics; the cross-section initialiser
    /// (what `spatial moran --by` calls) gives the panel initialiser's rows.
    @Test func periodsAreSeededBySeedPlusIndex() throws {
        let (panel, w) = try Self.china31()
        let byYear = try AutocorrelationByPeriod(panel: panel, variable: "gdppc", weights: w, geary: true, local: true, permutations: 49, seed: 7)
        for (t, row) in byYear.rows.enumerated() {
            let x = try panel.numbers("gdppc", period: t)
            let m = try GlobalMoran(x, weights: w, permutations: 49, seed: 7 + UInt64(t))
            let lisa = try LocalMoran(x, weights: w, permutations: 49, seed: 7 + UInt64(t))
            #expect(row.moran.pPermutation == m.pPermutation && row.moran.permutation?.mean == m.permutation?.mean, "\(row.period)")
            #expect(row.local?.units.map(\.pPermutation) == lisa.units.map(\.pPermutation), "\(row.period)")
            #expect(row.geary != nil && row.getisOrd == nil)
        }
        #expect(Set(byYear.rows.map { $0.moran.permutation?.mean }).count > 1, "the periods do not share draws")
        let sections = try panel.periods.indices.map {
            AutocorrelationByPeriod.CrossSection(period: panel.periods[$0], values: try panel.numbers("gdppc", period: $0), weights: w)
        }
        let fromSections = try AutocorrelationByPeriod(variable: "gdppc", periods: sections, geary: true, local: true, permutations: 49, seed: 7)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let a = try encoder.encode(byYear), b = try encoder.encode(fromSections)
        #expect(a == b, "the two initialisers agree")
        // Progress phases name their period.
        final class Phases: @unchecked Sendable { let lock = NSLock(); var names = Set<String>() }
        let phases = Phases()
        _ = try AutocorrelationByPeriod(variable: "gdppc", periods: Array(sections.prefix(2)), permutations: 19, seed: 7,
                                        progress: { p in phases.lock.lock(); phases.names.insert(p.phase); phases.lock.unlock() })
        #expect(phases.names.contains("2011: Moran's I permutations") && phases.names.contains("2012: Moran's I permutations"), "\(phases.names)")
    }

    @Test func unbalancedPanelIsNamed() throws {
        let csv = "id,year,v\na,2001,1\nb,2001,2\na,2002,3\n"
        #expect(throws: DataError.missingObservation(unit: "b", period: "2002")) {
            try Panel(table: DataTable(csv: csv), unit: "id", time: "year")
        }
        let dup = "id,year,v\na,2001,1\na,2001,2\n"
        #expect(throws: DataError.duplicateObservation(unit: "a", period: "2001", rows: [1, 2])) {
            try Panel(table: DataTable(csv: dup), unit: "id", time: "year")
        }
    }
}

/// The pooled panel Moran's I with block-diagonal W (`I_T kron W`) equals its definition computed period by period.
@Suite struct PooledMoranTests {
    @Test func pooledMoranWithBlockDiagonalWeights() throws {
        let (panel, w) = try AutocorrelationByPeriodTests.china31()
        let t = panel.periodCount, n = panel.unitCount
        let stacked = try panel.numbers("gdppc")
        let pooled = try GlobalMoran(stacked, weights: w.blockDiagonal(periods: t))
        let mean = stacked.reduce(0, +) / Double(n * t)
        let z = stacked.map { $0 - mean }
        var num = 0.0
        for p in 0..<t {
            let block = Array(z[(p * n)..<((p + 1) * n)])
            let lag = try w.lag(block)
            num += zip(block, lag).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let s0 = w.matrix.values.reduce(0, +) * Double(t)
        let expected = Double(n * t) / s0 * num / z.reduce(0) { $0 + $1 * $1 }
        #expect(close(pooled.I, expected, rtol: 1e-12))
        #expect(close(pooled.expected, -1 / Double(n * t - 1), rtol: 1e-12))
        #expect(pooled.pRandomization < 0.001)
    }
}
