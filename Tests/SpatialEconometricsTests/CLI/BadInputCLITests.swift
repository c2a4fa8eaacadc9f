import Foundation
import Testing
@testable import SpatialEconometrics

/// The bad-input catalogue through the `spatial` binary (inputs from the 2026-12-01 audit in `Fixtures/reliability/`):
/// each case with the exit status and the message fragment it must give, or the exact result.
@Suite struct BadInputCLITests {
    static func file(_ path: String) -> String { Fixtures.url(path).path }
    static let columbus = file("data/columbus/columbus.csv")
    static let queen = file("data/columbus/columbus_queen.gal")
    static let produc = file("data/produc/produc.csv")
    static let usaww = file("data/produc/usaww.csv")
    static let panel = ["--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--weights", usaww, "--data", produc]

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { name }
    }

    // MARK: - Absurd counts and seeds: usage errors, never traps

    static let counts: [Case] = [
        Case(name: "permutations 1e12", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--permutations", "1000000000000"],
             status: 2, message: "--permutations 1000000000000 exceeds the limit of 1000000"),
        Case(name: "permutations Int.max", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--permutations", "9223372036854775807"],
             status: 2, message: "exceeds the limit"),
        Case(name: "permutations beyond Int", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--permutations", "99999999999999999999999"],
             status: 2, message: "exceeds the limit"),
        Case(name: "negative permutations", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--permutations", "-5"],
             status: 2, message: "must be >= 0"),
        Case(name: "simulate 1e12 draws", arguments: ["fit", "--model", "sar", "--data", columbus, "--y", "CRIME", "--x", "INC", "--weights", queen,
                                                     "--impacts", "simulate:1000000000000"], status: 2, message: "exceeds the limit of 1000000 draws"),
        Case(name: "negative seed", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--permutations", "9", "--seed", "-1"],
             status: 2, message: "--seed must be a whole number"),
    ]

    // MARK: - Options that do not apply are rejected

    static let inapplicable: [Case] = [
        Case(name: "panel --no-intercept", arguments: ["fit", "--model", "sdm", "--no-intercept"] + panel, status: 2, message: "--no-intercept does not apply to a panel"),
        Case(name: "panel --id-column", arguments: ["fit", "--model", "sdm", "--id-column", "bogus"] + panel, status: 2, message: "--id-column 'bogus' does not apply to a panel"),
        Case(name: "tests --id-column", arguments: ["tests", "--id-column", "state"] + panel, status: 2, message: "does not apply to a panel"),
        Case(name: "cross-section --effects", arguments: ["fit", "--model", "sar", "--data", columbus, "--y", "CRIME", "--x", "INC", "--weights", queen,
                                                         "--effects", "individual"], status: 2, message: "applies to panels only"),
        Case(name: "--estimator with random effects", arguments: ["fit", "--model", "sar", "--effects", "random", "--estimator", "direct"] + panel,
             status: 2, message: "--estimator applies to fixed effects"),
        Case(name: "random effects --se hessian", arguments: ["fit", "--model", "sar", "--effects", "random", "--se", "hessian"] + panel, status: 2,
             message: "applies to cross-section and fixed-effects fits"),
        Case(name: "--se unknown", arguments: ["fit", "--model", "sar", "--data", columbus, "--y", "CRIME", "--x", "INC", "--weights", queen, "--se", "robust"],
             status: 2, message: "--se must be one of information|hessian"),
        Case(name: "--id-column with --by-position", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--id-column", "POLYID",
                                                                "--by-position"], status: 2, message: "exclude each other"),
    ]

    // MARK: - Weights over other units, or with ids the data lack

    static let pairing: [Case] = [
        Case(name: "W over other units", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", file("reliability/w/diff_ids.gal")],
             status: 1, message: "in the weights but not in the data: '50'"),
        Case(name: "W over 48 of 49 units", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", file("reliability/w/subset48.gal")],
             status: 1, message: "the weights cover 48 units and columbus.csv has 49 ids in column 'POLYID'"),
        Case(name: "data over 48 of 49 units", arguments: ["moran", "--data", file("reliability/csv/short48.csv"), "--var", "CRIME", "--weights", queen],
             status: 1, message: "Subset the weights"),
        Case(name: "triplets with three candidate id columns", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", file("reliability/w/trip.csv")],
             status: 1, message: "'COLUMBUS.I', 'POLYID', 'NEIG' all hold the weights' ids"),
        Case(name: "panel subsample against the full W", arguments: ["fit", "--model", "sar", "--data", file("reliability/p/unit_dropped.csv"), "--unit", "state",
                                                                    "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--weights", usaww],
             status: 1, message: "the weights cover 48 units"),
        Case(name: "map joined by a property that matches nothing", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen,
                                                                               "--map", file("data/columbus/columbus.geojson"), "--map-id-property", "NEIGNO",
                                                                               "--map-out", "/dev/null"],
             status: 1, message: "no feature's 'NEIGNO' matches a unit id"),
    ]

    @Test(arguments: counts + inapplicable + pairing)
    func refused(_ c: Case) throws {
        let r = try SpatialCLI.run(c.arguments)
        #expect(r.status == c.status, "\(c.name): exit \(r.status), stderr \(r.err)")
        #expect(r.err.contains(c.message), "\(c.name): \(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "one line on stderr: \(r.err)")
        #expect(r.out.isEmpty)
    }

    // MARK: - Weights listed in another order give the canonical result

    @Test(arguments: ["reliability/w/shuffled_units.gal", "reliability/w/sorted_lex.gwt", "data/columbus/columbus_queen.gal"])
    func weightsInAnotherOrderGiveTheSameMoran(_ path: String) throws {
        let r = try SpatialCLI.run(["moran", "--data", Self.columbus, "--var", "CRIME", "--weights", Self.file(path), "--json"])
        #expect(r.status == 0, "\(r.err)")
        let j = r.json as? [String: Any]
        #expect(abs(((j?["moran"] as? [String: Any])?["I"] as? Double ?? 0) - 0.5001885571828609) < 1e-12)
        #expect(j?["id_column"] as? String == "POLYID" && j?["pairing"] as? String == "id_column")
    }

    @Test func shuffledGeoJSONMapIsJoinedById() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.svg"), b = dir.appendingPathComponent("b.svg")
        let base = ["moran", "--data", Self.columbus, "--var", "CRIME", "--weights", Self.queen, "--local", "--quiet"]
        let r1 = try SpatialCLI.run(base + ["--map", Self.file("data/columbus/columbus.geojson"), "--map-out", a.path])
        let r2 = try SpatialCLI.run(base + ["--map", Self.file("reliability/g/shuffled.geojson"), "--map-out", b.path])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.err) \(r2.err)")
        // Each polygon's tooltip names its unit and cluster: the same set of (unit, cluster) pairs in both maps.
        func titles(_ url: URL) throws -> Set<String> {
            let svg = try String(contentsOf: url, encoding: .utf8)
            return Set(svg.components(separatedBy: "<title>").dropFirst().compactMap { $0.components(separatedBy: "</title>").first })
        }
        let t1 = try titles(a), t2 = try titles(b)
        #expect(t1.count == 49 && t1 == t2)
        #expect(t1.contains { $0.hasPrefix("1: ") })
    }

    // MARK: - Messages that name the real cause and a fix that exists

    @Test func onePeriodPanelSaysToFitTheCrossSection() throws {
        for effects in ["twoways", "random"] {
            let r = try SpatialCLI.run(["fit", "--model", "sar", "--data", Self.file("reliability/p/T1.csv"), "--unit", "state", "--time", "year",
                                        "--y", "gsp", "--x", "pcap,emp", "--weights", Self.usaww, "--effects", effects])
            #expect(r.status == 1 && r.err.contains("the panel has one period") && r.err.contains("fit the cross-section"), "\(r.err)")
        }
    }

    @Test func islandsAreNamedWithFixesThatExist() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // China's contiguity without the Hainan-Guangdong link: Hainan (21) is an island.
        let gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: false)
        let panel = Self.file("data/china31/panel.csv")
        let leeyu = try SpatialCLI.run(["fit", "--model", "sdm", "--data", panel, "--unit", "id", "--time", "year", "--y", "gdp", "--x", "population",
                                        "--weights", gal.path])
        #expect(leeyu.status == 1 && leeyu.err.contains("unit '21' has no neighbour") && leeyu.err.contains("--estimator direct")
                && leeyu.err.contains("--add-link 21,"), "\(leeyu.err)")
        let direct = try SpatialCLI.run(["fit", "--model", "sdm", "--data", panel, "--unit", "id", "--time", "year", "--y", "gdp", "--x", "population",
                                         "--weights", gal.path, "--estimator", "direct", "--quiet"])
        #expect(direct.status == 0, "the fix it names works: \(direct.err)")
        let moran = try SpatialCLI.run(["moran", "--data", panel, "--var", "gdp", "--by", "year", "--weights", gal.path])
        #expect(moran.status == 1 && moran.err.contains("--allow-islands") && !moran.err.contains("pass allowIslands"), "\(moran.err)")
        let allowed = try SpatialCLI.run(["moran", "--data", panel, "--var", "gdp", "--by", "year", "--weights", gal.path, "--allow-islands", "--json"])
        #expect(allowed.status == 0 && (allowed.json as? [Any])?.count == 12, "\(allowed.err)")
        // Linking the island as the message says, then the Lee-Yu fit runs.
        let linked = dir.appendingPathComponent("linked.gal")
        let edit = try SpatialCLI.run(["weights", "--from", gal.path, "--add-link", "21,19", "--out", linked.path])
        #expect(edit.status == 0, "\(edit.err)")
        let refit = try SpatialCLI.run(["fit", "--model", "sdm", "--data", panel, "--unit", "id", "--time", "year", "--y", "gdp", "--x", "population",
                                        "--weights", linked.path, "--quiet"])
        #expect(refit.status == 0, "\(refit.err)")
    }

    // MARK: - Missing cells: an error naming the row, or dropped with --drop-missing

    @Test func missingCellsAreAnErrorOrDroppedWithTheWeightsSubset() throws {
        let base = ["fit", "--model", "sar", "--data", Self.file("reliability/csv/NA_y.csv"), "--y", "CRIME", "--x", "INC,HOVAL", "--weights", Self.queen]
        let refused = try SpatialCLI.run(base)
        #expect(refused.status == 1 && refused.err.contains("column 'CRIME', row 10: missing value"), "\(refused.err)")
        let dropped = try SpatialCLI.run(base + ["--drop-missing", "--json"])
        #expect(dropped.status == 0, "\(dropped.err)")
        #expect(dropped.err.contains("dropped 1 unit(s) with a missing value in CRIME, INC, HOVAL: 10"), "\(dropped.err)")
        #expect((dropped.json as? [String: Any])?["n"] as? Int == 48)
        let panel = try SpatialCLI.run(["fit", "--model", "sdm", "--data", Self.file("reliability/p/na.csv"), "--unit", "state", "--time", "year",
                                        "--y", "gsp", "--x", "pcap,emp", "--weights", Self.usaww, "--drop-missing", "--json"])
        #expect(panel.status == 0 && panel.err.contains("ARIZONA"), "\(panel.err)")
        #expect((panel.json as? [String: Any])?["n"] as? Int == 47)
    }

    /// Rows are the file's rows, 1-based, in every message: also within one period of `moran --by` (was the row among
    /// that period's rows) and under --drop-missing (was the row in the weights' order).
    @Test func badCellsAreNamedByTheirRowInTheFile() throws {
        var lines = try String(contentsOfFile: Self.produc, encoding: .utf8).split(separator: "\n").map(String.init)
        let k = try #require(lines.firstIndex { $0.hasPrefix("ARIZONA,1971,") })   // data row k (the header is line 0)
        var cells = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[8] = "abc"   // gsp
        lines[k] = cells.joined(separator: ",")
        let dir = try SpatialCLI.temporaryDirectory()
        let data = dir.appendingPathComponent("produc.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: data, atomically: true, encoding: .utf8)
        let message = "column 'gsp', row \(k): 'abc' is not a number"
        for extra in [[], ["--drop-missing"]] {
            let byYear = try SpatialCLI.run(["moran", "--data", data.path, "--var", "gsp", "--weights", Self.usaww, "--by", "year"] + extra)
            #expect(byYear.status == 1 && byYear.err.contains("period 1971: " + message), "\(byYear.err)")
        }
        // A cross-section in another order than the weights': ARIZONA 1971 is the 2nd unit of the weights.
        let rows = lines.filter { $0.contains(",1971,") }
        let cross = dir.appendingPathComponent("produc1971.csv")
        try ([lines[0]] + rows.reversed()).joined(separator: "\n").write(to: cross, atomically: true, encoding: .utf8)
        let row = rows.count - (try #require(rows.firstIndex { $0.hasPrefix("ARIZONA,") }))
        for command in [["moran", "--var", "gsp"], ["fit", "--model", "sar", "--y", "gsp", "--x", "pcap"]] {
            let r = try SpatialCLI.run(command + ["--data", cross.path, "--weights", Self.usaww, "--id-column", "state", "--drop-missing"])
            #expect(r.status == 1 && r.err.contains("column 'gsp', row \(row): 'abc' is not a number"), "\(command[0]): \(r.err)")
        }
    }

    // MARK: - JSON never holds a non-number for a number

    @Test func nonFiniteNumbersAreNullInJSON() throws {
        // Three observations and two regressors: OLS leaves no degrees of freedom for some statistics.
        let r = try SpatialCLI.run(["moran", "--data", Self.columbus, "--var", "CRIME", "--weights", Self.file("reliability/w/huge.gwt"), "--transform", "none", "--json"])
        #expect(!r.out.contains("\"NaN\"") && !r.out.contains("Infinity"), "\(r.out)")
        if r.status == 0 { #expect(r.json != nil, "valid JSON") }
    }
}
