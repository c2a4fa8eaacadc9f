import Foundation
import Testing
@testable import SpatialEconometrics

/// Local Geary of columbus CRIME against esda's Geary_Local and spdep's localC.
@Suite struct LocalGearyTests {
    @Test func statisticMatchesEsdaAndSpdep() throws {
        let r = try FixtureJSON("reference/r/columbus_local_patterns.json")["results"]
        let py = try FixtureJSON("reference/py/columbus_local_patterns.json")
        let x = try Columbus.crime()
        let lg = try LocalGeary(x, weights: try Columbus.queen().transformed(.row))
        let esda = try py["geary_local_CRIME_queen_R"]["localG"].numbers()
        let spdep = try r["localC_CRIME_W"]["c_population_sd"].numbers()
        #expect(lg.units.count == esda.count)
        for (u, (a, b)) in zip(lg.units, zip(esda, spdep)) {
            #expect(close(u.c, a, rtol: 1e-10))
            #expect(close(u.c, b, rtol: 1e-10))
            #expect(u.cluster == .notSignificant && u.p == nil)
        }
        // Binary W: spdep's localC (divisor n - 1) times n/(n - 1).
        let b = try LocalGeary(x, weights: try Columbus.queen().transformed(.binary))
        let n = Double(x.count)
        for (u, c) in zip(b.units, try r["localC_CRIME_B"]["c"].numbers()) { #expect(close(u.c, c * n / (n - 1), rtol: 1e-10)) }
    }

    /// The conditional expectation equals the mean of every ordered choice of neighbours (by simulation) and the
    /// permutation test is seeded, in (0, 1], and agrees with esda's p_sim within simulation error on average.
    @Test func permutationsAreSeededAndSane() throws {
        let py = try FixtureJSON("reference/py/columbus_local_patterns.json")
        let x = try Columbus.crime()
        let w = try Columbus.queen().transformed(.row)
        let a = try LocalGeary(x, weights: w, permutations: 999, seed: 12345)
        let b = try LocalGeary(x, weights: w, permutations: 999, seed: 12345)
        #expect(a == b)
        let esda = try py["geary_local_CRIME_queen_R"]["p_sim"].numbers()
        var diff = 0.0
        for (u, p) in zip(a.units, esda) {
            let mine = try #require(u.p)
            #expect(mine > 0 && mine <= 0.5 + 1e-12)
            // Folded p from 999 draws: sd at most sqrt(0.25/1000) ~ 0.016 per unit.
            #expect(abs(mine - p) < 0.08)
            diff += mine - p
        }
        #expect(abs(diff / Double(esda.count)) < 0.02)
        #expect(a.units.contains { $0.cluster != .notSignificant })
        for u in a.units where u.cluster == .highHigh || u.cluster == .lowLow || u.cluster == .otherPositive { #expect(u.c < u.expected) }
    }

    @Test func rowOrderInvariance() throws {
        let x = try Columbus.crime()
        let w = try Columbus.queen().transformed(.row)
        let a = try LocalGeary(x, weights: w, permutations: 99, seed: 3)
        let order = Array(w.ids.reversed())
        let index = Dictionary(uniqueKeysWithValues: w.ids.enumerated().map { ($1, $0) })
        let b = try LocalGeary(order.map { x[index[$0]!] }, weights: try w.reordered(to: order), permutations: 99, seed: 3)
        let byId = Dictionary(uniqueKeysWithValues: b.units.map { ($0.id, $0) })
        for u in a.units {
            #expect(close(u.c, byId[u.id]!.c, rtol: 1e-12))
            #expect(close(u.expected, byId[u.id]!.expected, rtol: 1e-12))
        }
    }

    @Test func refusals() throws {
        let w = try Columbus.queen()
        let x = try Columbus.crime()
        #expect { try LocalGeary(x, weights: w, alpha: 2) } throws: { "\($0)".contains("alpha") }
        #expect { try LocalGeary(x, weights: w, permutations: -1) } throws: { "\($0)".contains("permutations") }
        #expect { try LocalGeary(Array(repeating: 1, count: x.count), weights: w) } throws: { ($0 as? ExploratoryError) == .constantVariable }
    }
}
