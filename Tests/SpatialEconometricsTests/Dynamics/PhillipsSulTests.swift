import Foundation
import Testing
@testable import SpatialEconometrics

/// The Phillips-Sul log t test, club clustering and merging against the R package ConvergenceClubs 2.2.5
/// (`reference/r/phillips_sul.json`, `r/scripts/39_phillips_sul.R`) on its bundled `filteredGDP` (152 countries,
/// 1970-2003) and on china31 per-capita GDP (HP trend of ln y, lambda = 400, solved exactly in R).
@Suite struct PhillipsSulTests {
    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.url("reference/r/phillips_sul.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func ids(_ v: Any?) -> [Int] {
        if let a = v as? [Int] { return a }
        if let i = v as? Int { return [i] }
        return []
    }

    static func close(_ a: Double, _ b: Double?, _ rtol: Double) -> Bool { b.map { abs(a - $0) <= rtol * max(abs($0), 1e-300) } ?? false }

    static func checkTest(_ t: LogTTest, _ m: Any?, _ what: String) {
        let m = m as? [String: Any] ?? [:]
        #expect(close(t.beta, m["beta"] as? Double, 1e-9) && close(t.stdError, m["std_error"] as? Double, 1e-9), "\(what): b \(t.beta) se \(t.stdError) vs \(m)")
        #expect(close(t.t, m["t"] as? Double, 1e-9), "\(what): t \(t.t) vs \(m["t"] ?? "nil")")
    }

    /// Clubs by 1-based row, against R's list (same order: core first, then the sieve's units in ranking order).
    static func checkClubs(_ found: [ConvergenceClubs.Club], _ ref: Any?, _ names: [String], _ what: String) {
        let r = ((ref as? [String: Any])?["clubs"] as? [[String: Any]]) ?? []
        #expect(found.count == r.count, "\(what): \(found.count) clubs vs \(r.count)")
        for (k, (c, e)) in zip(found, r).enumerated() {
            #expect(c.units == ids(e["id"]).map { names[$0 - 1] }, "\(what) club \(k + 1)")
            checkTest(c.test, e["model"], "\(what) club \(k + 1)")
        }
    }

    @Test func filteredGDPMatchesConvergenceClubs() throws {
        let ref = try #require(try Self.reference()["filteredGDP"] as? [String: Any])
        let table = try DataTable(contentsOf: Fixtures.url("data/filteredgdp/filteredGDP.csv"))
        let names = try table.strings("Countries")
        let years = (1970...2003).map { "Y\($0)" }
        let columns = try years.map { try table.numbers($0) }
        let series = names.indices.map { i in columns.map { $0[i] } }
        let h = try LogTTest.transitionVariance(series)
        #expect(maxAbsDiff(h, try #require(ref["H"] as? [Double])) <= 1e-14)
        for (key, trim) in [("trim_0.333333", 1.0 / 3), ("trim_0.3", 0.3)] {
            let r = try #require(ref[key] as? [String: Any])
            let clubs = try ConvergenceClubs(series: series, units: names, periods: years, trim: trim)
            Self.checkTest(clubs.overall, r["all"], "\(key) all")
            #expect(!clubs.overall.converges)
            Self.checkClubs(clubs.clubs, r["clubs"], names, "\(key) clubs")
            Self.checkClubs(clubs.merged, r["merged"], names, "\(key) merged")
            #expect(clubs.divergent.isEmpty == Self.ids((r["clubs"] as? [String: Any])?["divergent"]).isEmpty)
        }
    }

    @Test func china31MatchesConvergenceClubs() throws {
        let ref = try #require(try Self.reference()["china31"] as? [String: Any])
        let panel = try DynamicsFixture.chinaPanel()
        // HP trend of ln y: the exact solution of (I + 400 D'D) tau = ln y, as R's solve()
        let trendRef = try #require(ref["hp_trend"] as? [[Double]])
        for i in 0..<panel.unitCount {
            let ly = (0..<panel.periodCount).map { (try? panel.numbers("gdppc", period: $0)[i]).map { log($0) } ?? .nan }
            let tr = try HodrickPrescottFilter.trend(ly, lambda: 400)
            // cond(I + 400 D'D) is about 6e3: two exact solvers of ln y ~ 10 differ by ~1e-12 (observed 1.5e-12)
            #expect(maxAbsDiff(tr, trendRef[i]) <= 1e-11, "unit \(i + 1)")
        }
        let names = panel.units
        for (key, trim) in [("trim_0.3", 0.3), ("trim_0.333333", 1.0 / 3)] {
            let r = try #require(ref[key] as? [String: Any])
            let clubs = try ConvergenceClubs(panel: panel, variable: "gdppc", trim: trim)
            #expect(clubs.hpLambda == 400 && clubs.logarithm)
            Self.checkTest(clubs.overall, r["all"], "\(key) all")
            Self.checkClubs(clubs.clubs, r["clubs"], names, "\(key) clubs")
            Self.checkClubs(clubs.merged, r["merged"], names, "\(key) merged")
            #expect(clubs.divergent == Self.ids((r["clubs"] as? [String: Any])?["divergent"]).map { names[$0 - 1] })
            #expect(clubs.summary.contains("Merged 1"))
        }
    }

    @Test func refusesDegenerateInput() throws {
        #expect(throws: DynamicsError.self) { try LogTTest(series: [[1, 2, 3, 4, 5]], trim: 0.3) }
        #expect(throws: DynamicsError.self) { try LogTTest(series: [[1, 2, 3], [2, 3, 4]], trim: 0.5) }
        #expect(throws: DynamicsError.self) { try LogTTest(series: [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]]) }
        #expect(throws: DynamicsError.self) { try HodrickPrescottFilter.trend([1, 2, .nan, 4], lambda: 400) }
        #expect(throws: DynamicsError.self) { try HodrickPrescottFilter.trend([1, 2, 3], lambda: -1) }
        // a linear series is its own HP trend
        let line = (0..<10).map { 2 + 0.5 * Double($0) }
        #expect(maxAbsDiff(try HodrickPrescottFilter.trend(line, lambda: 1600), line) <= 1e-9)  // cond ~ 2.6e4
    }
}
