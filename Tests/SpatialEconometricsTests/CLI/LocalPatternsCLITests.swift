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

    @Test func refusalsNameTheOption() throws {
        let notBinary = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--join-counts"])
        #expect(notBinary.status != 0 && notBinary.err.contains("--threshold"), "\(notBinary.err)")
        let stray = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--threshold", "40"])
        #expect(stray.status == 2 && stray.err.contains("--threshold"), "\(stray.err)")
        let byPeriod = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--join-counts", "--by", "CP"])
        #expect(byPeriod.status == 2 && byPeriod.err.contains("--join-counts"), "\(byPeriod.err)")
    }
}
