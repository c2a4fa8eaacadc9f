import Foundation
import Testing
@testable import SpatialEconometrics

/// Join counts on columbus (CP, and CRIME > 40) against spdep's joincount.test / joincount.multi and esda's Join_Counts.
@Suite struct JoinCountsTests {
    let r: FixtureJSON
    let py: FixtureJSON

    init() throws {
        r = try FixtureJSON("reference/r/columbus_local_patterns.json")["results"]
        py = try FixtureJSON("reference/py/columbus_local_patterns.json")
    }

    func variable(_ key: String) throws -> (x: [Double], threshold: Double?) {
        key == "join_counts_CP" ? (try Columbus.table().numbers("CP"), nil) : (try Columbus.crime(), 40)
    }

    @Test(arguments: ["join_counts_CP", "join_counts_CRIME_gt_40"])
    func matchesSpdepAndEsda(key: String) throws {
        let (x, threshold) = try variable(key)
        // Row-standardised W: the counts use its binary form all the same.
        let w = try Columbus.queen().transformed(.row)
        for sampling in JoinCounts.Sampling.allCases {
            let jc = try JoinCounts(x, weights: w, threshold: threshold, sampling: sampling)
            let ref = r[key][sampling.rawValue]
            for (name, c) in [("bb", jc.bb), ("ww", jc.ww)] {
                #expect(close(c.count, try ref[name]["count"].number(), rtol: 1e-12))
                #expect(close(c.expected, try ref[name]["expected"].number(), rtol: 1e-10))
                #expect(close(c.variance, try ref[name]["variance"].number(), rtol: 1e-10))
                #expect(close(c.z, try ref[name]["z"].number(), rtol: 1e-10))
                #expect(close(c.p, try ref[name]["p"].number(), rtol: 1e-8))
            }
            #expect(jc.black == Int(try r[key]["n_black"].number()))
            #expect(close(jc.bw.count, try py[key]["bw"].number(), rtol: 1e-12))
            #expect(close(jc.bb.count, try py[key]["bb"].number(), rtol: 1e-12))
            #expect(close(jc.ww.count, try py[key]["ww"].number(), rtol: 1e-12))
            #expect(close(jc.joins, try py[key]["J"].number(), rtol: 1e-12))
            if sampling == .nonFree {
                let m = r[key]["multi_bw"]
                #expect(close(jc.bw.expected, try m["expected"].number(), rtol: 1e-10))
                #expect(close(jc.bw.variance, try m["variance"].number(), rtol: 1e-10))
                #expect(close(jc.bw.z, try m["z"].number(), rtol: 1e-10))
            }
        }
    }

    /// Free-sampling BW moments by simulation: independent Bernoulli(p) colours.
    @Test func freeSamplingBWMomentsBySimulation() throws {
        let w = try Columbus.queen()
        let x = try Columbus.table().numbers("CP")
        let jc = try JoinCounts(x, weights: w, sampling: .free)
        let p = Double(jc.black) / Double(x.count)
        let b = w.matrix
        var g = SeededGenerator(seed: 7)
        var sum = 0.0, sum2 = 0.0
        let reps = 40_000
        for _ in 0..<reps {
            let y = x.indices.map { _ in Double.random(in: 0..<1, using: &g) < p ? 1.0 : 0.0 }
            var bw = 0.0
            for i in 0..<b.rows { for k in b.rowStart[i]..<b.rowStart[i + 1] { let d = y[i] - y[b.columnIndices[k]]; bw += d * d } }
            sum += bw / 2; sum2 += bw * bw / 4
        }
        let mean = sum / Double(reps), variance = sum2 / Double(reps) - mean * mean
        #expect(abs(mean - jc.bw.expected) < 0.2)
        #expect(abs(variance / jc.bw.variance - 1) < 0.05)
    }

    @Test func permutationIsSeededAndSane() throws {
        let w = try Columbus.queen()
        let x = try Columbus.table().numbers("CP")
        let a = try JoinCounts(x, weights: w, permutations: 999, seed: 12345)
        let b = try JoinCounts(x, weights: w, permutations: 999, seed: 12345)
        #expect(a == b)
        // esda's p_sim_bb is 0.001; its p_sim_bw (draws >= observed) is 1, ours is the reverse tail.
        #expect(try a.bb.pPermutation! <= py["join_counts_CP"]["p_sim_bb"].number() + 0.002)
        #expect(a.bw.pPermutation! <= 0.002)
        #expect(a.ww.pPermutation! < 0.2)
        let c = try JoinCounts(x, weights: w, permutations: 999, seed: 1)
        #expect(c.bb.count == a.bb.count)
    }

    @Test func rowOrderInvariance() throws {
        let w = try Columbus.queen()
        let x = try Columbus.crime()
        let a = try JoinCounts(x, weights: w, threshold: 40)
        let order = Array(w.ids.reversed())
        let w2 = try w.reordered(to: order)
        let index = Dictionary(uniqueKeysWithValues: w.ids.enumerated().map { ($1, $0) })
        let b = try JoinCounts(order.map { x[index[$0]!] }, weights: w2, threshold: 40)
        for (u, v) in [(a.bb, b.bb), (a.bw, b.bw), (a.ww, b.ww)] {
            #expect(u.count == v.count)
            #expect(close(u.z, v.z, rtol: 1e-12))
        }
    }

    @Test func refusals() throws {
        let w = try Columbus.queen()
        let x = try Columbus.crime()
        #expect { try JoinCounts(x, weights: w) } throws: { "\($0)".contains("--threshold") }
        #expect { try JoinCounts(x, weights: w, threshold: 1e6) } throws: { "\($0)".contains("both colours") }
        #expect { try JoinCounts(x, weights: w, threshold: .nan) } throws: { "\($0)".contains("--threshold") }
        #expect { try JoinCounts(Array(x.prefix(10)), weights: w, threshold: 40) } throws: { "\($0)".contains("size mismatch") }
    }
}
