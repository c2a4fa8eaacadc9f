import Foundation
import Testing
@testable import SpatialEconometrics

/// Bivariate local Moran, multivariate local Geary and local join counts against esda (Moran_Local_BV,
/// Geary_Local_MV, Join_Counts_Local/_BV/_MV) on columbus and China's provinces; the permutation p-values against a
/// brute-force recount of the same seeded draws (esda's RNG cannot be reproduced, so its p_sim is only compared
/// within simulation error).
@Suite struct LocalMultivariateTests {
    let fixture = "reference/py/local_patterns_multivariate.json"

    func columbus(_ name: String) throws -> [Double] { try Columbus.table().numbers(name) }

    /// China's provinces in 2022: per-capita GDP, urbanisation and patents per capita, ordered as the weights' ids
    /// (contiguity with the Hainan-Guangdong link), and the weights.
    func china() throws -> (gdppc: [Double], urbanization: [Double], patents: [Double], weights: SpatialWeights) {
        let ids = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv")).strings("id")
        let w = try SpatialWeights.contiguity(edges: try China31.edges("contiguity_edges_hainan_linked.csv"), ids: ids)
        let panel = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let rows = try panel.strings("year").enumerated().filter { $0.element == "2022" }.map(\.offset)
        let t = panel.selectingRows(rows)
        let index = Dictionary(uniqueKeysWithValues: try t.strings("id").enumerated().map { ($1, $0) })
        let order = try w.ids.map { try #require(index[$0]) }
        let gdp = try t.numbers("gdp"), pop = try t.numbers("population")
        let urb = try t.numbers("urbanization_rate"), pat = try t.numbers("patents_granted")
        return (order.map { gdp[$0] * 10000 / pop[$0] }, order.map { urb[$0] }, order.map { pat[$0] / pop[$0] }, w)
    }

    /// Row r of the shared table (``LocalPermutationDraws/shared``): an ordered random kmax-subset of 0..<n-1.
    func sharedRow(_ r: Int, kmax: Int, n: Int, seed: UInt64) -> [Int] {
        var g = SeededGenerator.stream(seed: seed, index: r)
        var picks = [Int](repeating: 0, count: kmax), set = Set<Int>()
        ConditionalPermutation.Job.orderedSample(k: kmax, from: n - 1, into: &picks, set: &set, shuffle: true, using: &g)
        return picks
    }

    /// The counts of draws with lag >= / <= observed, recomputed unit by unit from the shared rows: unit i uses the
    /// first k_i entries of every row, t -> t + (t >= i).
    func bruteForceCounts(values y: [Double], weights w: SparseMatrix, permutations: Int, seed: UInt64) -> (ge: [Int], le: [Int]) {
        let n = y.count
        var nb = [[(Int, Double)]]()
        for i in 0..<n {
            nb.append((w.rowStart[i]..<w.rowStart[i + 1]).filter { w.columnIndices[$0] != i }.map { (w.columnIndices[$0], w.values[$0]) })
        }
        let kmax = nb.map(\.count).max() ?? 0
        let rows = (0..<permutations).map { sharedRow($0, kmax: kmax, n: n, seed: seed) }
        var ge = [Int](repeating: 0, count: n), le = ge
        for i in 0..<n where !nb[i].isEmpty {
            let observed = nb[i].reduce(0.0) { $0 + $1.1 * y[$1.0] }
            for row in rows {
                var lag = 0.0
                for (q, (_, wq)) in nb[i].enumerated() { let t = row[q]; lag += wq * y[t >= i ? t + 1 : t] }
                if lag >= observed { ge[i] += 1 }
                if lag <= observed { le[i] += 1 }
            }
        }
        return (ge, le)
    }

    @Test func bivariateLocalMoranMatchesEsdaAndItsMoments() throws {
        let py = try FixtureJSON(fixture)
        let w = try Columbus.queen().transformed(.row)
        let bv = try BivariateLocalMoran(x: try columbus("CRIME"), y: try columbus("INC"), weights: w)
        let ref = py["moran_local_bv_CRIME_INC"]
        let quads: [Int: Quadrant] = [1: .highHigh, 2: .lowHigh, 3: .lowLow, 4: .highLow]
        for (k, u) in bv.units.enumerated() {
            #expect(close(u.I, try ref["Is"].numbers()[k], rtol: 1e-10))
            #expect(u.quadrant == quads[try ref["q"].integers()[k]])
            #expect(close(u.expected, try ref["expected_conditional"].numbers()[k], rtol: 1e-10, atol: 1e-14))
            #expect(close(u.variance, try ref["variance_conditional"].numbers()[k], rtol: 1e-10))
            #expect(u.pPermutation == nil)
        }
        let c = try china()
        let cbv = try BivariateLocalMoran(x: c.gdppc, y: c.urbanization, weights: c.weights.transformed(.row))
        let cref = py["china31_moran_local_bv_gdppc_urbanization_2022"]
        #expect(try cref["ids"].elements().map { try $0.string() } == c.weights.ids)
        for (k, u) in cbv.units.enumerated() {
            #expect(close(u.I, try cref["Is"].numbers()[k], rtol: 1e-10))
            #expect(u.quadrant == quads[try cref["q"].integers()[k]])
            #expect(close(u.variance, try cref["variance_conditional"].numbers()[k], rtol: 1e-10))
        }
    }

    @Test func bivariatePermutationsRecountTheSharedDraws() throws {
        let py = try FixtureJSON(fixture)
        let w = try Columbus.queen().transformed(.row)
        let x = try columbus("CRIME"), y = try columbus("INC")
        let bv = try BivariateLocalMoran(x: x, y: y, weights: w, permutations: 999, seed: 77)
        #expect(bv == (try BivariateLocalMoran(x: x, y: y, weights: w, permutations: 999, seed: 77)))
        let n = Double(x.count), my = y.reduce(0, +) / n
        let sd = (y.reduce(0) { $0 + ($1 - my) * ($1 - my) } / (n - 1)).squareRoot()
        let zy = y.map { ($0 - my) / sd }
        let counts = bruteForceCounts(values: zy, weights: w.matrix, permutations: 999, seed: 77)
        let esda = try py["moran_local_bv_CRIME_INC"]["p_sim"].numbers()
        var diff = 0.0
        for (i, u) in bv.units.enumerated() {
            let m = u.standardizedValue > 0 ? counts.ge[i] : counts.le[i]
            #expect(u.pPermutation == Double(min(m, 999 - m) + 1) / 1000)
            diff += (u.pPermutation ?? 1) - esda[i]
            // 999 draws: the folded p has sd at most ~0.016.
            #expect(abs((u.pPermutation ?? 1) - esda[i]) < 0.08)
        }
        #expect(abs(diff / n) < 0.02)
        let labels = bv.clusters(alpha: 0.05)
        for (u, l) in zip(bv.units, labels) { #expect(l == ((u.pPermutation ?? 1) <= 0.05 ? u.quadrant.rawValue : "not significant")) }
        #expect(labels.contains { $0 != "not significant" })
    }

    @Test func multivariateLocalGearyMatchesEsda() throws {
        let py = try FixtureJSON(fixture)
        let w = try Columbus.queen().transformed(.row)
        let vars = [try columbus("CRIME"), try columbus("INC"), try columbus("HOVAL")]
        let mv = try LocalGeary(variables: vars, weights: w, permutations: 999, seed: 9)
        let ref = py["geary_local_mv_CRIME_INC_HOVAL"]
        let esdaP = try ref["p_sim"].numbers()
        var diff = 0.0
        for (k, u) in mv.units.enumerated() {
            #expect(close(u.c, try ref["localG"].numbers()[k], rtol: 1e-10))
            let p = try #require(u.p)
            #expect(abs(p - esdaP[k]) < 0.08)
            diff += p - esdaP[k]
            #expect([.positive, .negative, .notSignificant].contains(u.cluster))
            if u.cluster == .positive { #expect(u.c < u.expected && p < 0.05) }
            if u.cluster == .negative { #expect(u.c > u.expected && p < 0.05) }
        }
        #expect(abs(diff / Double(mv.units.count)) < 0.02)
        #expect(mv.variableCount == 3)
        // The expectation is the mean of the univariate ones; one variable is the univariate statistic exactly.
        let singles = try vars.map { try LocalGeary($0, weights: w) }
        for (k, u) in mv.units.enumerated() {
            #expect(close(u.expected, singles.reduce(0) { $0 + $1.units[k].expected } / 3, rtol: 1e-12))
        }
        #expect(try LocalGeary(variables: [vars[0]], weights: w, permutations: 99, seed: 3) == (try LocalGeary(vars[0], weights: w, permutations: 99, seed: 3)))
        let c = try china()
        let cmv = try LocalGeary(variables: [c.gdppc, c.urbanization, c.patents], weights: c.weights.transformed(.row))
        for (k, u) in cmv.units.enumerated() {
            #expect(close(u.c, try py["china31_geary_local_mv_gdppc_urbanization_patentspc_2022"]["localG"].numbers()[k], rtol: 1e-10))
        }
    }

    /// The multivariate p-values recounted from unit i's own stream (the draws of ``LocalPermutationDraws/independent``).
    @Test func multivariatePermutationsRecountTheDraws() throws {
        let w = try Columbus.queen().transformed(.row)
        let vars = [try columbus("CRIME"), try columbus("INC")]
        let mv = try LocalGeary(variables: vars, weights: w, permutations: 199, seed: 4)
        let n = vars[0].count
        let zs = vars.map { x -> [Double] in
            let m = x.reduce(0, +) / Double(n)
            let sd = (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)).squareRoot()
            return x.map { ($0 - m) / sd }
        }
        let a = w.matrix
        for i in 0..<n {
            let nb = (a.rowStart[i]..<a.rowStart[i + 1]).filter { a.columnIndices[$0] != i }
            var g = SeededGenerator.stream(seed: 4, index: i)
            var picks = [Int](repeating: 0, count: nb.count), set = Set<Int>()
            var ge = 0
            for _ in 0..<199 {
                ConditionalPermutation.Job.orderedSample(k: nb.count, from: n - 1, into: &picks, set: &set, shuffle: true, using: &g)
                var c = 0.0
                for z in zs {
                    for (q, p) in nb.enumerated() { let t = picks[q], j = t >= i ? t + 1 : t; c += a.values[p] * (z[i] - z[j]) * (z[i] - z[j]) }
                }
                if c / 2 >= mv.units[i].c { ge += 1 }
            }
            #expect(mv.units[i].p == Double(min(ge, 199 - ge) + 1) / 200)
        }
    }

    @Test func localJoinCountsMatchEsda() throws {
        let py = try FixtureJSON(fixture)
        let w = try Columbus.queen().transformed(.row)
        let crime = try columbus("CRIME"), cp = try columbus("CP"), nsa = try columbus("NSA")
        let high = crime.map { $0 > 40 ? 1.0 : 0 }, low = crime.map { $0 < 20 ? 1.0 : 0 }
        let cases: [(String, LocalJoinCounts)] = [
            ("join_counts_local_CP", try LocalJoinCounts(cp, weights: w, permutations: 999, seed: 2)),
            ("join_counts_local_bv_CLC_CP_CRIMEgt40", try LocalJoinCounts(colocation: [cp, high], weights: w, permutations: 999, seed: 2)),
            ("join_counts_local_bv_BJC_CRIMEgt40_CRIMElt20", try LocalJoinCounts(x: high, z: low, weights: w, permutations: 999, seed: 2)),
            ("join_counts_local_mv_CP_CRIMEgt40_NSA", try LocalJoinCounts(colocation: [cp, high, nsa], weights: w, permutations: 999, seed: 2)),
        ]
        for (key, ljc) in cases {
            let counts = try py[key]["LJC"].numbers(), esdaP = try py[key]["p_sim"].numbers(allowNaN: true)
            #expect(ljc.units.map(\.count) == counts, "\(key)")
            #expect(counts.contains { $0 > 0 }, "\(key)")
            for (u, pe) in zip(ljc.units, esdaP) {
                #expect((u.p == nil) == (u.count == 0) && (u.count == 0) == pe.isNaN, "\(key) \(u.id)")
                // esda folds its p; in the upper tail (our one-sided p below 1/2) the two agree within simulation error.
                if let p = u.p, p < 0.4 { #expect(abs(p - pe) < 0.08, "\(key) \(u.id): \(p) vs esda \(pe)") }
            }
        }
        // Exact recount of the univariate test from the shared draws (binary W).
        let ljc = cases[0].1
        let counts = bruteForceCounts(values: cp, weights: try w.transformed(.binary).matrix, permutations: 999, seed: 2)
        for (i, u) in ljc.units.enumerated() where u.count > 0 { #expect(u.p == Double(counts.ge[i] + 1) / 1000) }
        #expect(ljc.clusters(alpha: 0.05).contains("cluster"))
        // The bivariate (BJC) and co-location (CLC) tests permute the neighbour indicator, (1 - x) z and x z: the
        // same recount on it gives their p-values exactly (the focal unit's indicator is 1 wherever the count is > 0).
        let b = try w.transformed(.binary).matrix
        for (k, v) in [(2, zip(high, low).map { (1 - $0) * $1 }), (1, zip(cp, high).map { $0 * $1 })] {
            let recount = bruteForceCounts(values: v, weights: b, permutations: 999, seed: 2)
            let units = cases[k].1.units
            #expect(units.contains { $0.count > 0 && $0.p != nil }, "\(cases[k].0)")
            for (i, u) in units.enumerated() where u.count > 0 { #expect(u.p == Double(recount.ge[i] + 1) / 1000, "\(cases[k].0) \(u.id)") }
        }
    }

    @Test func refusals() throws {
        let w = try Columbus.queen()
        let crime = try columbus("CRIME")
        #expect { try LocalJoinCounts(crime, weights: w) } throws: { "\($0)".contains("binary") && "\($0)".contains("--threshold") }
        #expect { try LocalJoinCounts(colocation: [try columbus("CP")], weights: w) } throws: { "\($0)".contains("two") }
        #expect { try LocalJoinCounts(Array(repeating: 1, count: crime.count), weights: w) } throws: { "\($0)".contains("both values") }
        #expect { try LocalGeary(variables: [], weights: w) } throws: { "\($0)".contains("at least one") }
        #expect { try BivariateLocalMoran(x: crime, y: Array(crime.dropLast()), weights: w) } throws: { _ in true }
    }
}
