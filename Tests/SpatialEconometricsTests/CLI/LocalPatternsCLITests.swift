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
        let grid = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--local", "--map-grid", "g.svg"])
        #expect(grid.status == 2 && grid.err.contains("--map-grid"), "\(grid.err)")
        let noColocation = try SpatialCLI.run(["moran", "--data", data, "--var", "CP", "--weights", gal, "--local-join-counts", "--no-colocation"])
        #expect(noColocation.status == 2 && noColocation.err.contains("--no-colocation"), "\(noColocation.err)")
        let missing = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--bivariate", "NOPE"])
        #expect(missing.status != 0 && missing.err.contains("NOPE"), "\(missing.err)")
        let notBinary2 = try SpatialCLI.run(["moran", "--data", data, "--var", "CP", "--weights", gal, "--local-join-counts", "INC"])
        #expect(notBinary2.status != 0 && notBinary2.err.contains("binary"), "\(notBinary2.err)")
    }

    /// `--local-join-counts Z --no-colocation`: the bivariate join count (esda BJC) of the library, kind "bivariate"
    /// (high-crime neighbourhoods with NSB = 0 next to lower-crime ones with NSB = 1).
    @Test func bivariateJoinCountJSON() throws {
        let r = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--json", "--local-join-counts", "NSB",
                                    "--no-colocation", "--threshold", "40", "--permutations", "99", "--seed", "4", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["local_join_counts_kind"] as? String == "bivariate")
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        let t = paired.table
        let bjc = try LocalJoinCounts(x: try t.numbers("CRIME").map { $0 > 40 ? 1 : 0 }, z: try t.numbers("NSB"), weights: paired.weights,
                                      permutations: 99, seed: 4)
        let byId = Dictionary(uniqueKeysWithValues: bjc.units.map { ($0.id, $0) })
        let rows = try #require(json["local_join_counts"] as? [[String: Any]])
        #expect(rows.count == 49)
        for row in rows {
            let id = try #require(row["id"] as? String)
            let u = try #require(byId[id])
            #expect(row["count"] as? Double == u.count)
            #expect((row["p"] as? Double) == u.p)
        }
        #expect(bjc.units.contains { $0.count > 0 })
        // Co-location (the default) is another statistic: the two must differ somewhere.
        let clc = try SpatialCLI.run(["moran", "--data", data, "--var", "CRIME", "--weights", gal, "--json", "--local-join-counts", "NSB",
                                      "--threshold", "40", "--quiet"])
        #expect(clc.status == 0 && clc.out != r.out)
    }

    /// `--by` with the bivariate LISA, local Geary, local join counts and join counts: each period's object equals
    /// that period's rows run alone with the seed S + t (t the period's 0-based position), and `--map-grid` draws every period.
    @Test func byPeriodEqualsEachPeriodAlone() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try China31Weights.contiguityGAL(in: dir, hainanLinked: true).path
        let panel = Fixtures.url("data/china31/panel.csv").path
        let options = ["--var", "gdp", "--weights", w, "--bivariate", "population", "--local-geary", "gdp,population", "--local-join-counts",
                       "--threshold", "18000", "--join-counts", "--permutations", "49", "--json", "--quiet"]
        let grid = dir.appendingPathComponent("grid.svg").path
        let r = try SpatialCLI.run(["moran", "--data", panel, "--by", "year", "--seed", "5", "--map", Fixtures.url("data/china31/provinces.geojson").path,
                                    "--map-out", dir.appendingPathComponent("last.svg").path, "--map-grid", grid] + options)
        #expect(r.status == 0, "\(r.err)")
        let periods = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        #expect(periods.count == 12)
        let lines = try String(contentsOfFile: panel, encoding: .utf8).split(separator: "\n").map(String.init)
        let yearColumn = try #require(lines[0].split(separator: ",").firstIndex(of: "year"))
        for (t, object) in periods.enumerated() {
            let year = try #require(object["period"] as? String)
            let rows = lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[yearColumn] == year }
            #expect(rows.count == 31)
            let file = dir.appendingPathComponent("year-\(year).csv")
            try ([lines[0]] + rows).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            let alone = try SpatialCLI.run(["moran", "--data", file.path, "--seed", "\(5 + t)"] + options)
            #expect(alone.status == 0, "\(alone.err)")
            var single = try #require(try JSONSerialization.jsonObject(with: Data(alone.out.utf8)) as? [String: Any])
            single["period"] = year
            for key in ["local", "bivariate_moran", "local_geary", "local_join_counts", "join_counts", "local_join_counts_kind"] {
                #expect(object[key] != nil, "\(year) \(key)")
            }
            #expect(jsonDifference(object, single, rtol: 0) == nil, "\(year): \(jsonDifference(object, single, rtol: 0) ?? "")")
        }
        // The periods differ (the seeds and the data do): a per-period result is not one result repeated.
        #expect(jsonDifference(periods[0]["local"] as Any, periods[11]["local"] as Any, rtol: 0) != nil)
        let svg = try String(contentsOfFile: grid, encoding: .utf8)
        for year in 2011...2022 { #expect(svg.contains(">\(year)</text>"), "\(year)") }
        #expect(svg.contains("Bivariate LISA clusters of gdp with the lag of population by year"))
        // One polygon per province and period, and one shared legend (each category once).
        #expect(svg.components(separatedBy: "<path").count - 1 >= 31 * 12)
        #expect(svg.components(separatedBy: ">HH  (").count == 2)
    }
}
