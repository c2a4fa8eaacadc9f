import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial moran --join-counts [--threshold X]` and `--local-geary`: JSON equal to the library, refusals naming the option.
@Suite struct LocalPatternsCLITests {
    let data = Fixtures.url("data/columbus/columbus.csv").path, gal = Fixtures.url("data/columbus/columbus_queen.gal").path

    @Test func joinCountsAndLocalGearyJSON() throws {
        let r = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--json", "--join-counts", "--threshold", "40",
                                    "--local-geary", "--permutations", "99", "--seed", "5", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        let x = try paired.table.numbers("CRIME")
        let jc = try JoinCounts(x, weights: paired.weights, threshold: 40, permutations: 99, seed: 5)
        let j = try #require(json["join_counts"] as? [String: Any])
        for (key, c) in [("bb", jc.bb), ("bw", jc.bw), ("ww", jc.ww)] {
            let o = try #require(j[key] as? [String: Any])
            // The CLI orders the units by sorted id: sums in another order, equal to the last bits.
            #expect(o["count"] as? Double == c.count)
            #expect(close(try #require(o["expected"] as? Double), c.expected, rtol: 1e-12))
            #expect(close(try #require(o["z"] as? Double), c.z, rtol: 1e-12))
            #expect(close(try #require(o["p"] as? Double), c.p, rtol: 1e-10))
            #expect(try #require(o["p_permutation"] as? Double) > 0)
        }
        let lg = try LocalGeary(x, weights: paired.weights, permutations: 99, seed: 5)
        let rows = try #require(json["local_geary"] as? [[String: Any]])
        #expect(rows.count == lg.units.count)
        let byId = Dictionary(uniqueKeysWithValues: lg.units.map { ($0.id, $0) })
        for row in rows {
            let id = try #require(row["id"] as? String)
            let u = try #require(byId[id])
            #expect(close(try #require(row["c"] as? Double), u.c, rtol: 1e-12))
            let p = try #require(row["p"] as? Double)
            #expect(p > 0 && p <= 0.5 + 1e-12)
            let cluster = try #require(row["cluster"] as? String)
            #expect(LocalGeary.Cluster(rawValue: cluster) != nil)
        }
    }

    /// `--bivariate Y`: "local" holds the bivariate local Moran (same shape as --local), plus "bivariate_moran".
    @Test func bivariateJSON() throws {
        let r = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--json", "--bivariate", "INC",
                                    "--permutations", "99", "--seed", "5", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        let bv = try BivariateLocalMoran(x: try paired.table.numbers("CRIME"), y: try paired.table.numbers("INC"), weights: paired.weights,
                                         permutations: 99, seed: 5)
        let byId = Dictionary(uniqueKeysWithValues: bv.units.map { ($0.id, $0) })
        let rows = try #require(json["local"] as? [[String: Any]])
        #expect(rows.count == 49)
        for row in rows {
            let id = try #require(row["id"] as? String)
            let u = try #require(byId[id])
            #expect(close(try #require(row["I"] as? Double), u.I, rtol: 1e-12))
            #expect(row["quadrant"] as? String == u.quadrant.rawValue)
            #expect(try #require(row["p_permutation"] as? Double) == u.pPermutation)
        }
        let global = try #require(json["bivariate_moran"] as? [String: Any])
        let bm = try BivariateMoran(x: try paired.table.numbers("CRIME"), y: try paired.table.numbers("INC"), weights: paired.weights)
        #expect(close(try #require(global["I"] as? Double), bm.I, rtol: 1e-12))
    }

    /// `--local-geary A,B,C` is the multivariate statistic; `--local-join-counts B` the co-location count.
    @Test func multivariateGearyAndLocalJoinCountsJSON() throws {
        let r = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--json", "--local-geary", "CRIME,INC,HOVAL",
                                    "--local-join-counts", "CP", "--threshold", "40", "--permutations", "99", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        let t = paired.table
        let mv = try LocalGeary(variables: [try t.numbers("CRIME"), try t.numbers("INC"), try t.numbers("HOVAL")], weights: paired.weights,
                                permutations: 99, seed: 1)
        let byId = Dictionary(uniqueKeysWithValues: mv.units.map { ($0.id, $0) })
        for row in try #require(json["local_geary"] as? [[String: Any]]) {
            let id = try #require(row["id"] as? String)
            let u = try #require(byId[id])
            #expect(close(try #require(row["c"] as? Double), u.c, rtol: 1e-12))
            #expect(row["cluster"] as? String == u.cluster.rawValue)
            #expect(["positive", "negative", "not significant"].contains(u.cluster.rawValue))
        }
        let ljc = try LocalJoinCounts(colocation: [try t.numbers("CRIME").map { $0 > 40 ? 1 : 0 }, try t.numbers("CP")], weights: paired.weights,
                                      permutations: 99, seed: 1)
        let counts = Dictionary(uniqueKeysWithValues: ljc.units.map { ($0.id, $0) })
        let rows = try #require(json["local_join_counts"] as? [[String: Any]])
        #expect(rows.count == 49)
        for row in rows {
            let id = try #require(row["id"] as? String)
            let u = try #require(counts[id])
            #expect(row["count"] as? Double == u.count)
            #expect((row["p"] as? Double) == u.p)
        }
        // Alone, --local-geary is the univariate statistic of --var.
        let alone = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--json", "--local-geary", "--quiet"])
        #expect(alone.status == 0, "\(alone.err)")
        #expect(alone.out.contains("local_geary"))
    }

    @Test func refusalsNameTheOption() throws {
        let notBinary = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--join-counts"])
        #expect(notBinary.status != 0 && notBinary.err.contains("--threshold"), "\(notBinary.err)")
        let stray = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--threshold", "40"])
        #expect(stray.status == 2 && stray.err.contains("--threshold"), "\(stray.err)")
        let byPeriod = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--join-counts", "--by", "CP"])
        #expect(byPeriod.status == 2 && byPeriod.err.contains("--join-counts"), "\(byPeriod.err)")
        let bvBy = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--bivariate", "INC", "--by", "CP"])
        #expect(bvBy.status == 2 && bvBy.err.contains("--bivariate"), "\(bvBy.err)")
        let missing = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--bivariate", "NOPE"])
        #expect(missing.status != 0 && missing.err.contains("NOPE"), "\(missing.err)")
        let notBinary2 = try SpatialCLI.run(["moran", "--data", data, "--var", "CP", "--weights", gal, "--local-join-counts", "INC"])
        #expect(notBinary2.status != 0 && notBinary2.err.contains("binary"), "\(notBinary2.err)")
    }
}
