import Foundation
import Testing
@testable import SpatialEconometrics

/// Gini, Theil and CV against PySAL `inequality` (`inequality_china31.json`); Dagum's decomposition against the
/// independent double-sum script (`dagum_china31.py`); weighting and decomposition identities.
@Suite struct IndexInequalityTests {
    struct PySAL: Decodable {
        struct Year: Decodable { let gini, theil, theil_between, theil_within, cv: Double; let n: Int }
        let results: [String: Year]
    }
    struct Dagum: Decodable {
        struct Group: Decodable { let name: String; let n: Int; let mean, gini, population_share, income_share: Double }
        struct Pair: Decodable { let richer, poorer: String; let gini, D, net_between, transvariation: Double }
        struct Year: Decodable { let gini, within, net_between, transvariation: Double; let groups: [Group]; let pairs: [Pair] }
        let years: [String: Year]
    }

    static func trend() throws -> InequalityTrend {
        var t = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let gdp = try t.numbers("gdp"), pop = try t.numbers("population")
        t = try t.adding("gdppc", values: zip(gdp, pop).map { $0 * 10000 / $1 })
        let regions = try China31Indicators.regions()
        let ids = try t.strings("id")
        t = try DataTable(columns: [("id", ids), ("year", try t.strings("year")), ("gdppc", try t.strings("gdppc")),
                                    ("region", ids.map { regions[$0] ?? "" }), ("population", try t.strings("population"))])
        return try Inequality.byPeriod(table: t, variable: "gdppc", by: "year", group: "region")
    }

    @Test func matchesPySALByYear() throws {
        let ref = try Fixtures.decode(PySAL.self, "reference/py/inequality_china31.json")
        let trend = try Self.trend()
        #expect(trend.rows.map { $0.period ?? "" } == (2011...2022).map(String.init))
        for r in trend.rows {
            let p = try #require(ref.results[r.period ?? ""])
            #expect(r.n == p.n)
            #expect(close(r.gini, p.gini, rtol: 1e-12))
            #expect(close(r.theil, p.theil, rtol: 1e-12))
            #expect(close(r.theilBetween ?? .nan, p.theil_between, rtol: 1e-10))
            #expect(close(r.theilWithin ?? .nan, p.theil_within, rtol: 1e-10))
            #expect(close(r.cv, p.cv, rtol: 1e-12))
            // Shorrocks: the split is exact for T and for L.
            #expect(close((r.theilBetween ?? 0) + (r.theilWithin ?? 0), r.theil, rtol: 1e-12))
            #expect(close((r.meanLogDeviationBetween ?? 0) + (r.meanLogDeviationWithin ?? 0), r.meanLogDeviation ?? .nan, rtol: 1e-12))
        }
        let text = trend.summary
        #expect(text.contains("2022") && text.contains("Dagum") && text.contains("northeast"))
    }

    @Test func dagumMatchesIndependentScript() throws {
        let ref = try Fixtures.decode(Dagum.self, "reference/py/dagum_china31.json")
        let trend = try Self.trend()
        for r in trend.rows {
            let d = try #require(r.dagum), p = try #require(ref.years[r.period ?? ""])
            #expect(close(d.gini, p.gini, rtol: 1e-12))
            #expect(close(d.gini, r.gini, rtol: 1e-13))
            #expect(close(d.within, p.within, rtol: 1e-11))
            #expect(close(d.netBetween, p.net_between, rtol: 1e-11))
            #expect(close(d.transvariation, p.transvariation, rtol: 1e-10))
            #expect(close(d.within + d.netBetween + d.transvariation, d.gini, rtol: 1e-13))
            #expect(d.groups.map(\.name) == p.groups.map(\.name))
            for (a, b) in zip(d.groups, p.groups) {
                #expect(a.n == b.n && close(a.gini, b.gini, rtol: 1e-11) && close(a.mean, b.mean, rtol: 1e-13))
                #expect(close(a.incomeShare, b.income_share, rtol: 1e-12) && close(a.populationShare, b.population_share, rtol: 1e-14))
            }
            #expect(d.pairs.count == 6 && p.pairs.count == 6)
            for b in p.pairs {
                let a = try #require(d.pairs.first { $0.richer == b.richer && $0.poorer == b.poorer })
                #expect(close(a.gini, b.gini, rtol: 1e-11) && close(a.relativeAffluence, b.D, rtol: 1e-10))
                #expect(close(a.netBetween, b.net_between, rtol: 1e-10) && close(a.transvariation, b.transvariation, rtol: 1e-9, atol: 1e-15))
            }
        }
    }

    @Test func integerWeightsEqualReplicatedData() throws {
        let x: [Double] = [3, 7, 7, 1.5, 12, 4], w: [Double] = [2, 1, 3, 1, 2, 4]
        let g = ["a", "b", "a", "c", "b", "c"]
        var xr = [Double](), gr = [String]()
        for i in x.indices { for _ in 0..<Int(w[i]) { xr.append(x[i]); gr.append(g[i]) } }
        let weighted = try Inequality(values: x, sampleWeights: w, groups: g)
        let replicated = try Inequality(values: xr, groups: gr)
        #expect(weighted.weighted && !replicated.weighted)
        func pair(_ f: (Inequality) -> Double?) -> (Double, Double) { (f(weighted) ?? .nan, f(replicated) ?? .nan) }
        let pairs: [(Double, Double)] = [
            pair { $0.gini }, pair { $0.theil }, pair { $0.cv }, pair { $0.theilBetween }, pair { $0.theilWithin },
            pair { $0.meanLogDeviation }, pair { $0.meanLogDeviationBetween }, pair { $0.dagum?.within },
            pair { $0.dagum?.netBetween }, pair { $0.dagum?.transvariation },
        ]
        for (a, b) in pairs { #expect(close(a, b, rtol: 1e-12, atol: 1e-15)) }
        // Direct double sum for the weighted Gini.
        let mu = zip(x, w).map { $0 * $1 }.reduce(0, +) / w.reduce(0, +), wt = w.reduce(0, +)
        var s = 0.0
        for i in x.indices { for j in x.indices { s += w[i] * w[j] * abs(x[i] - x[j]) } }
        #expect(close(weighted.gini, s / (wt * wt * 2 * mu), rtol: 1e-13))
    }

    @Test func zerosAndErrors() throws {
        let z = try Inequality(values: [0, 1, 2, 3])
        #expect(z.meanLogDeviation == nil)
        #expect(close(z.gini, 5.0 / 12, rtol: 1e-14))   // sum|xi-xj| = 20, / (2 * 16 * 1.5)
        #expect(throws: IndexError.negativeValue(variable: "x", row: 2, value: -1, reason: "is negative (inequality measures need non-negative values)")) {
            try Inequality(values: [1, -1, 2])
        }
        #expect(throws: IndexError.outOfRange(variable: "weight", row: 3, value: 0, range: "(0, inf) (population weights must be positive)")) {
            try Inequality(values: [1, 2, 3], sampleWeights: [1, 1, 0])
        }
        #expect(throws: IndexError.invalidArgument("'x' is 0 everywhere: inequality is undefined")) { try Inequality(values: [0, 0]) }
        let t = try DataTable(csv: "y,v,g\n2020,1,a\n2020,,b\n2021,2,a\n2021,3,b\n")
        #expect(throws: IndexError.missingValue(variable: "v", row: 2, unit: nil, period: "2020")) {
            try Inequality.byPeriod(table: t, variable: "v", by: "y", group: "g")
        }
    }
}
