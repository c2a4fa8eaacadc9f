import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial kde` and `spatial markov` in-process: the JSON shapes of issue 16, equal to the library and to the
/// scipy / giddy references, row-order invariance, and errors that name the period.
@Suite struct DynamicsCLITests {
    /// china31 with a gdppc column, written to `dir` (rows shuffled with a seed when given).
    static func chinaCSV(in dir: URL, shuffle seed: UInt64? = nil) throws -> URL {
        let t = try DynamicsFixture.chinaTable()
        var lines = ["id,year,gdppc"]
        let ids = try t.strings("id"), years = try t.strings("year"), v = try t.numbers("gdppc")
        var order = Array(ids.indices)
        if let seed { order = OrderInvarianceTests.permutation(order.count, seed: seed) }
        for i in order { lines.append("\(ids[i]),\(years[i]),\("\(v[i])")") }
        let url = dir.appendingPathComponent("china\(seed.map { "-\($0)" } ?? "").csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func kdeJSONMatchesScipy() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ref = try DynamicsFixture.load()
        let data = try Self.chinaCSV(in: dir), svg = dir.appendingPathComponent("kde.svg"), surface = dir.appendingPathComponent("s.svg")
        let r = try SpatialCLI.run(["kde", "--data", data.path, "--var", "gdppc", "--by", "year", "--bandwidth", "silverman",
                                    "--grid", "0,200000,201", "--svg", svg.path, "--surface-svg", surface.path, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let j = try #require(r.json as? [String: Any])
        let grid = try #require(j["grid"] as? [Double])
        #expect(grid.count == 201 && grid.first == 0 && grid.last == 200000)
        let densities = try #require(j["densities"] as? [String: [Double]]), bandwidths = try #require(j["bandwidths"] as? [String: Double])
        #expect(densities.count == 12)
        for (year, d) in densities {
            let e = try #require(ref.kde.years[year]?["silverman"])
            #expect(maxAbsDiff(d, e.density) <= 1e-12 * (e.density.max() ?? 1), "\(year)")
            #expect(abs((bandwidths[year] ?? 0) - e.bandwidth) <= 1e-12 * e.bandwidth)
        }
        #expect(((j["main_peak"] as? [String: Any])?["2022"] as? [String: Any])?["width"] is Double)
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("</svg>"))
        #expect(try String(contentsOf: surface, encoding: .utf8).contains("</svg>"))
        // shuffled rows: the same JSON
        let shuffled = try Self.chinaCSV(in: dir, shuffle: 5)
        let s = try SpatialCLI.run(["kde", "--data", shuffled.path, "--var", "gdppc", "--by", "year", "--bandwidth", "silverman",
                                    "--grid", "0,200000,201", "--json"])
        #expect((s.json as? [String: Any])?["densities"] as? [String: [Double]] == densities)
        // text: the paper's table
        let text = try SpatialCLI.run(["kde", "--data", data.path, "--var", "gdppc", "--by", "year"])
        #expect(text.status == 0 && text.out.contains("Main peak") && text.out.contains("2022"))
    }

    @Test func kdeErrorsNameThePeriod() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("c.csv")
        try "year,x\n2020,1\n2020,2\n2021,3\n2021,3\n".write(to: f, atomically: true, encoding: .utf8)
        let r = try SpatialCLI.run(["kde", "--data", f.path, "--var", "x", "--by", "year"])
        #expect(r.status == 1 && r.err.contains("year 2021"), "\(r.err)")
        let bad = try SpatialCLI.run(["kde", "--data", f.path, "--var", "x", "--by", "year", "--bandwidth", "wide"])
        #expect(bad.status == 2 && bad.err.contains("--bandwidth"))
        let grid = try SpatialCLI.run(["kde", "--data", f.path, "--var", "x", "--by", "year", "--grid", "1,0,10"])
        #expect(grid.status == 2 && grid.err.contains("--grid"))
    }

    @Test func markovJSONMatchesGiddy() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ref = try DynamicsFixture.load()
        let data = try Self.chinaCSV(in: dir), gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        let base = ["markov", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc"]
        let plain = try SpatialCLI.run(base + ["--relative", "--json"])
        #expect(plain.status == 0, "\(plain.err)")
        let pj = try #require(plain.json as? [String: Any])
        let r5 = try #require(ref.markov["china31_relative_pooled5"])
        #expect((pj["transitions"] as? [[Double]]) == r5.transitions)
        #expect(maxAbsDiff((pj["steady_state"] as? [Double]) ?? [], r5.steady_state ?? []) <= 1e-12)
        #expect((pj["classes"] as? [String: Any])?["k"] as? Int == 5)

        let sp = try SpatialCLI.run(base + ["--classes", "4", "--relative", "--weights", gal.path, "--spatial", "--json"])
        #expect(sp.status == 0, "\(sp.err)")
        let sj = try #require(sp.json as? [String: Any])
        let r = try #require(ref.spatial_markov["china31_relative4"])
        #expect((sj["transitions"] as? [[Double]]) == r.transitions)
        let spatial = try #require(sj["spatial"] as? [String: Any])
        #expect((spatial["transitions"] as? [[[Double]]]) == r.T)
        let probs = try #require(spatial["probabilities"] as? [[Any]])
        #expect(probs.count == 4)
        let tests = try #require(spatial["tests"] as? [String: [String: Any]])
        #expect(abs((tests["LR"]?["statistic"] as? Double ?? 0) - r.LR) <= 1e-12 * r.LR && tests["LR"]?["df"] as? Int == r.dof)
        #expect(abs((tests["Q"]?["p_value"] as? Double ?? 0) - r.Q_p_value) <= 1e-10)
        #expect((spatial["steady_states"] as? [Any])?.count == 4)
        // shuffled rows: identical
        let shuffled = try Self.chinaCSV(in: dir, shuffle: 9)
        let ss = try SpatialCLI.run(["markov", "--data", shuffled.path, "--unit", "id", "--time", "year", "--var", "gdppc",
                                     "--classes", "4", "--relative", "--weights", gal.path, "--spatial", "--json"])
        #expect(jsonDifference(sj, try #require(ss.json), rtol: 0) == nil)

        let lisa = try SpatialCLI.run(base + ["--weights", gal.path, "--lisa", "--json"])
        #expect(lisa.status == 0, "\(lisa.err)")
        #expect(((lisa.json as? [String: Any])?["transitions"] as? [[Double]]) == ref.lisa_markov["china31"]?.transitions)
        #expect(((lisa.json as? [String: Any])?["classes"] as? [String: Any])?["labels"] as? [String] == ["HH", "LH", "LL", "HL"])
        let chi = ((lisa.json as? [String: Any])?["independence"] as? [String: Any])?["statistic"] as? Double
        #expect(abs((chi ?? 0) - (ref.lisa_markov["china31"]?.chi_2_panel[0] ?? 1)) <= 1e-10)

        let text = try SpatialCLI.run(base + ["--classes", "4", "--weights", gal.path, "--spatial"])
        #expect(text.status == 0 && text.out.contains("Bickenbach") && text.out.contains("Lag class"))
    }

    @Test func nonErgodicChainsHaveNullSteadyStates() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // two units that never move: two absorbing classes
        let f = dir.appendingPathComponent("a.csv")
        try "u,t,x\na,1,1\na,2,1\na,3,1\nb,1,9\nb,2,9\nb,3,9\n".write(to: f, atomically: true, encoding: .utf8)
        let r = try SpatialCLI.run(["markov", "--data", f.path, "--unit", "u", "--time", "t", "--var", "x", "--breaks", "5", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let j = try #require(r.json as? [String: Any])
        #expect(j["steady_state"] is NSNull && j["ergodic"] as? Bool == false)
        #expect(((j["warnings"] as? [String])?.first ?? "").contains("not irreducible"))
        let usage = try SpatialCLI.run(["markov", "--data", f.path, "--unit", "u", "--time", "t", "--var", "x", "--weights", "w.gal"])
        #expect(usage.status == 2 && usage.err.contains("--spatial"))
    }

    @Test func convergenceJSONMatchesTheReferences() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ref = try Fixtures.decode(ConvergenceTests.Fixture.self, "reference/py/convergence_china31.json")
        let data = try Self.chinaCSV(in: dir), gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        let svg = dir.appendingPathComponent("sigma.svg")
        let r = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--svg", svg.path, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let j = try #require(r.json as? [String: Any])
        let beta = try #require(j["beta"] as? [String: Any]), speed = try #require(j["speed"] as? [String: Any])
        #expect(ConvergenceTests.close(beta["estimate"] as? Double, ref.beta.absolute_ols.beta, 1e-10) && beta["source"] as? String == "OLS")
        #expect(ConvergenceTests.close(speed["std_error"] as? Double, ref.beta.absolute_ols.speed_std_error, 1e-10))
        #expect(ConvergenceTests.close((j["half_life"] as? [String: Any])?["estimate"] as? Double, ref.beta.absolute_ols.half_life, 1e-10))
        let trends = try #require((j["sigma"] as? [String: Any])?["trends"] as? [[String: Any]])
        #expect(ConvergenceTests.close(trends.first { $0["measure"] as? String == "gini" }?["slope"] as? Double, ref.sigma.trends["gini"]?.slope ?? 0, 1e-9))
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("Gini"))
        let sar = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--model", "sar",
                                      "--weights", gal.path, "--json"])
        #expect(sar.status == 0, "\(sar.err)")
        let sj = try #require(sar.json as? [String: Any])
        #expect(((sj["beta"] as? [String: Any])?["source"] as? String) == "SAR coefficient")
        #expect((sj["estimates"] as? [Any])?.count == 3)
        // a missing data file is an error (exit 1)
        let cond = try SpatialCLI.run(["convergence", "--data", dir.appendingPathComponent("full.csv").path, "--unit", "id", "--time", "year",
                                       "--var", "gdppc", "--json"])
        #expect(cond.status == 1)
        let shuffled = try Self.chinaCSV(in: dir, shuffle: 3)
        let s = try SpatialCLI.run(["convergence", "--data", shuffled.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--json"])
        #expect(jsonDifference(j, try #require(s.json), rtol: 1e-13) == nil)
        let noModel = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--weights", gal.path])
        #expect(noModel.status == 2 && noModel.err.contains("--model"))
    }
    @Test func panelConvergenceJSONMatchesTheReferences() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ref = try Fixtures.decode(PanelConvergenceTests.Fixture.self, "reference/py/panel_convergence_china31.json")
        let data = try Self.chinaCSV(in: dir), gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        let base = ["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--panel"]
        let r = try SpatialCLI.run(base + ["--effects", "individual", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let p = try #require((r.json as? [String: Any])?["panel_beta"] as? [String: Any])
        let w = try #require(ref.within["absolute_individual"])
        let beta = try #require(p["beta"] as? [String: Any])
        #expect(PanelConvergenceTests.close(beta["estimate"] as? Double, w.beta, 1e-10) && PanelConvergenceTests.close(beta["std_error"] as? Double, w.std_error, 1e-10))
        #expect(PanelConvergenceTests.close((p["half_life"] as? [String: Any])?["estimate"] as? Double, w.half_life, 1e-10))
        #expect(p["effects"] as? String == "individual" && p["T"] as? Int == 11)
        let sar = try SpatialCLI.run(base + ["--model", "sar", "--weights", gal.path, "--json"])
        #expect(sar.status == 0, "\(sar.err)")
        let sp = try #require((sar.json as? [String: Any])?["panel_beta"] as? [String: Any])
        let d = try #require(ref.dynamic["sar_absolute_twoways"])
        let sb = try #require(sp["beta"] as? [String: Any])
        #expect(PanelConvergenceTests.close(sb["estimate"] as? Double, d.coefficient.beta, 1e-6) && (sb["source"] as? String ?? "").contains("tau - 1"))
        #expect(PanelConvergenceTests.close((sp["speed"] as? [String: Any])?["estimate"] as? Double, d.coefficient.speed, 1e-6))
        #expect((sp["estimates"] as? [Any])?.count == 3)
        let text = try SpatialCLI.run(base + ["--model", "sdm", "--weights", gal.path])
        #expect(text.status == 0 && text.out.contains("tau = 1 + beta") && text.out.contains("Nickell"))
        let sem = try SpatialCLI.run(base + ["--model", "sem", "--weights", gal.path])
        #expect(sem.status == 2 && sem.err.contains("dynamic panel"))
        let noPanel = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--effects", "twoways"])
        #expect(noPanel.status == 2 && noPanel.err.contains("--panel"))
    }
    @Test func clubsJSONMatchesConvergenceClubs() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ref = try #require(try PhillipsSulTests.reference()["china31"] as? [String: Any])
        let r3 = try #require(ref["trim_0.3"] as? [String: Any])
        let data = try Self.chinaCSV(in: dir)
        let base = ["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--clubs"]
        let r = try SpatialCLI.run(base + ["--json"])
        #expect(r.status == 0, "\(r.err)")
        let c = try #require((r.json as? [String: Any])?["clubs"] as? [String: Any])
        let overall = try #require(c["overall"] as? [String: Any]), all = try #require(r3["all"] as? [String: Any])
        #expect(PhillipsSulTests.close(overall["t"] as? Double ?? .nan, all["t"] as? Double, 1e-9) && overall["converges"] as? Bool == false)
        #expect(c["hp_lambda"] as? Double == 400 && c["trim"] as? Double == 0.3)
        let refMerged = ((r3["merged"] as? [String: Any])?["clubs"] as? [[String: Any]]) ?? []
        let merged = try #require(c["merged"] as? [[String: Any]])
        #expect(merged.map { $0["units"] as? [String] ?? [] } == refMerged.map { PhillipsSulTests.ids($0["id"]).map(String.init) })
        #expect(c["divergent"] as? [String] == PhillipsSulTests.ids((r3["clubs"] as? [String: Any])?["divergent"]).map(String.init))
        let text = try SpatialCLI.run(base + ["--trim", "0.3333333333333333", "--hp-lambda", "400"])
        #expect(text.status == 0 && text.out.contains("Phillips-Sul convergence clubs") && text.out.contains("HP trend with lambda = 400"))
        let bad = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--trim", "0.3"])
        #expect(bad.status == 2 && bad.err.contains("--clubs"))
        let badTrim = try SpatialCLI.run(base + ["--trim", "1.5"])
        #expect(badTrim.status == 2 && badTrim.err.contains("(0, 1)"))
    }

    /// `--group`: per-group JSON equal to the library's per-group fit (and so to the numpy/plm within estimates),
    /// identical for shuffled rows; a spatial model refuses the 3-province northeast by name.
    @Test func convergenceByGroupJSON() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("g.csv"), shuffled = dir.appendingPathComponent("gs.csv")
        try ConvergenceByGroupTests.csv().write(to: data, atomically: true, encoding: .utf8)
        try ConvergenceByGroupTests.csv(shuffle: 4).write(to: shuffled, atomically: true, encoding: .utf8)
        let ref = try Fixtures.decode(ConvergenceByGroupTests.NumpyFixture.self, "reference/py/panel_convergence_groups_china31.json")
        let args = ["--unit", "id", "--time", "year", "--var", "gdppc", "--group", "region", "--panel", "--effects", "twoways", "--clubs", "--json"]
        let r = try SpatialCLI.run(["convergence", "--data", data.path] + args)
        #expect(r.status == 0, "\(r.err)")
        let j = try #require(r.json as? [String: Any])
        #expect(j["group"] as? String == "region")
        let groups = try #require(j["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String ?? "" } == ["central", "east", "northeast", "west"])
        for g in groups {
            let name = g["group"] as? String ?? ""
            let beta = try #require((g["panel_beta"] as? [String: Any])?["beta"] as? [String: Any])
            let e = try #require(ref.groups[name]?["absolute_twoways"])
            #expect(PanelConvergenceTests.close(beta["estimate"] as? Double, e.beta, 1e-10) && PanelConvergenceTests.close(beta["std_error"] as? Double, e.std_error, 1e-10), "\(name)")
            #expect(g["units"] as? [String] == ref.groups[name]?.ids && g["n"] as? Int == ref.groups[name]?.ids?.count, "\(name)")
            #expect((g["clubs"] as? [String: Any])?["overall"] is [String: Any] && (g["sigma"] as? [String: Any])?["rows"] is [Any])
        }
        // the whole sample is still there, unchanged
        let whole = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--json"])
        #expect(jsonDifference(try #require(whole.json as? [String: Any])["beta"] as Any, j["beta"] as Any, rtol: 0) == nil)
        let s = try SpatialCLI.run(["convergence", "--data", shuffled.path] + args)
        #expect(jsonDifference(j, try #require(s.json), rtol: 1e-13) == nil)
        let text = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--group", "region"])
        #expect(text.status == 0 && text.out.contains("region = northeast: "))
        let gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        let small = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--group", "region",
                                        "--model", "sar", "--weights", gal.path, "--json"])
        #expect(small.status == 1 && small.err.contains("group 'northeast'"), "\(small.err)")
        let missing = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--group", "belt"])
        #expect(missing.status == 1 && missing.err.contains("belt"))
    }

    /// The clustering options of ConvergenceClubs from the CLI: the same clubs as the R package.
    @Test func clubOptionsJSONMatchConvergenceClubs() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = try PhillipsSulOptionsTests.reference()
        let data = try Self.chinaCSV(in: dir)
        let base = ["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--clubs"]
        let inc = try #require(cases["china31_incremental_from_minus1"])
        let r = try SpatialCLI.run(base + ["--trim", "\(1.0 / 3)", "--cstar", "-1", "--cstar-increment", "0.1", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let c = try #require((r.json as? [String: Any])?["clubs"] as? [String: Any])
        let refClubs = ((inc["clubs"] as? [String: Any])?["clubs"] as? [[String: Any]]) ?? []
        let clubs = try #require(c["clubs"] as? [[String: Any]])
        #expect(clubs.map { $0["units"] as? [String] ?? [] } == refClubs.map { PhillipsSulTests.ids($0["id"]).map(String.init) })
        #expect(zip(clubs, refClubs).allSatisfy { PhillipsSulTests.close($0["cstar"] as? Double ?? .nan, $1["cstar"] as? Double, 1e-12) || ($0["cstar"] as? Double == 0) })
        #expect(c["cstar_increment"] as? Double == 0.1 && c["cstar_cap"] as? Double == 3 && c["merge"] as? String == "ps")
        let vd = try #require(cases["china31_vlt_divergent"])
        let v = try SpatialCLI.run(base + ["--merge", "vlt", "--merge-divergent", "--json"])
        let vc = try #require((v.json as? [String: Any])?["clubs"] as? [String: Any])
        let refMerged = ((vd["merged"] as? [String: Any])?["clubs"] as? [[String: Any]]) ?? []
        #expect((vc["merged"] as? [[String: Any]])?.map { $0["units"] as? [String] ?? [] } == refMerged.map { PhillipsSulTests.ids($0["id"]).map(String.init) })
        #expect(vc["remaining_divergent"] as? [String] == PhillipsSulTests.ids((vd["merged"] as? [String: Any])?["divergent"]).map(String.init))
        #expect(vc["estar"] as? Double == -1.65)
        for (args, word) in [(["--cstar-cap", "2"], "--cstar-increment"), (["--estar", "-1"], "--merge-divergent"), (["--cstar-increment", "0"], "> 0")] {
            let bad = try SpatialCLI.run(base + args)
            #expect(bad.status == 2 && bad.err.contains(word), "\(args): \(bad.err)")
        }
        let noClubs = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--merge", "vlt"])
        #expect(noClubs.status == 2 && noClubs.err.contains("--clubs"))
    }

    /// `--group` with a spatial model: the weights' units in another order give the same JSON (and the per-group
    /// SAR equals the library's fit with the group's own weights, checked in `ConvergenceByGroupTests`).
    @Test func convergenceByGroupWithWeightsIsOrderFree() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let region = try ConvergenceByGroupTests.regions()
        let data = dir.appendingPathComponent("g28.csv")
        try ConvergenceByGroupTests.csv(keep: { region[$0] != "northeast" }, shuffle: 8).write(to: data, atomically: true, encoding: .utf8)
        let ids = (1...31).map(String.init).filter { region[$0] != "northeast" }
        var galFiles = [URL]()
        for (k, order) in [ids, OrderInvarianceTests.permutation(ids.count, seed: 21).map { ids[$0] }].enumerated() {
            var w = try ConvergenceByGroupTests.weights(order).transformed(.binary)
            w.idVariable = "id"
            let url = dir.appendingPathComponent("w\(k).gal")
            try w.write(to: url)
            galFiles.append(url)
        }
        var outputs = [[String: Any]]()
        for gal in galFiles {
            let r = try SpatialCLI.run(["convergence", "--data", data.path, "--unit", "id", "--time", "year", "--var", "gdppc", "--group", "region",
                                        "--model", "sar", "--weights", gal.path, "--json"])
            #expect(r.status == 0, "\(r.err)")
            outputs.append(try #require(r.json as? [String: Any]))
        }
        #expect(jsonDifference(outputs[0]["groups"] as Any, outputs[1]["groups"] as Any, rtol: 1e-10) == nil)
        let groups = try #require(outputs[0]["groups"] as? [[String: Any]])
        #expect(groups.count == 3 && groups.allSatisfy { ($0["estimates"] as? [Any])?.count == 3 })
        #expect((outputs[0]["group_notes"] as? [String])?.first?.contains("re-standardised") == true)
    }
}
