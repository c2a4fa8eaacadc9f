import Foundation
import Testing
@testable import SpatialEconometrics

/// The trust property: shuffling the rows of a data file, or the order of the units inside a weights file, changes no
/// result of any command (the package matches rows to units by id and works in one canonical unit order). Seeded
/// permutations of columbus (cross-section), produc (panel, dense usaww) and china31 (panel, contiguity GAL), through
/// the `spatial` binary and the library entry points.
@Suite struct OrderInvarianceTests {
    /// A seeded permutation of 0..<n (xoshiro via the package's generator).
    static func permutation(_ n: Int, seed: UInt64) -> [Int] {
        var g = SeededGenerator(seed: seed)
        return Array(0..<n).shuffled(using: &g)
    }

    /// The CSV text with its data rows permuted (the files used here have no quoted line breaks).
    static func shuffledCSV(_ text: String, seed: UInt64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        let p = permutation(lines.count, seed: seed)
        return ([header] + p.map { lines[$0] }).joined(separator: "\n") + "\n"
    }

    /// The weights with their units listed in a permuted order, written in the same format.
    static func shuffledWeights(_ w: SpatialWeights, seed: UInt64, to url: URL) throws {
        let p = permutation(w.count, seed: seed)
        try w.reordered(to: p.map { w.ids[$0] }).write(to: url)
    }

    struct Case {
        let name: String
        let data: String      // fixture path
        let weights: String   // fixture path, or "" for china31 (built)
        let commands: [[String]]  // arguments after the data/weights options
        let rtol: Double
    }

    static let columbusCommands: [[String]] = [
        ["moran", "--var", "CRIME", "--local", "--geary", "--getis-ord", "--permutations", "99", "--seed", "7"],
        ["ols", "--y", "CRIME", "--x", "INC,HOVAL"],
        ["fit", "--model", "sar", "--y", "CRIME", "--x", "INC,HOVAL", "--impacts", "simulate:200"],
        ["fit", "--model", "sem", "--y", "CRIME", "--x", "INC,HOVAL"],
        ["fit", "--model", "sdm", "--y", "CRIME", "--x", "INC,HOVAL", "--impacts", "delta"],
        ["fit", "--model", "sdm", "--y", "CRIME", "--x", "INC,HOVAL", "--durbin", "HOVAL", "--impacts", "delta"],
        ["fit", "--model", "sar", "--y", "CRIME", "--x", "INC,HOVAL", "--vce", "robust"],
        ["moran", "--var", "CRIME", "--join-counts", "--threshold", "35", "--local-geary", "--permutations", "99", "--seed", "3"],
        ["moran", "--var", "CRIME", "--local-join-counts", "NSB", "--no-colocation", "--threshold", "40", "--permutations", "99", "--seed", "3"],
        ["gmm", "--model", "sar", "--y", "CRIME", "--x", "INC,HOVAL", "--impacts", "delta"],
        ["gmm", "--model", "sem", "--y", "CRIME", "--x", "INC,HOVAL", "--errors", "het"],
        ["gmm", "--model", "sac", "--y", "CRIME", "--x", "INC,HOVAL"],
        ["gmm", "--model", "sdem", "--y", "CRIME", "--x", "INC,HOVAL", "--errors", "kp99", "--impacts", "delta"],
        ["gmm", "--model", "sar", "--y", "CRIME", "--x", "INC,HOVAL", "--vce", "hac:parzen:adaptive:5", "--coordinates", "X,Y"],
    ]

    static let producCommands: [[String]] = [
        ["moran", "--var", "gsp", "--by", "year", "--permutations", "49"],
        ["gmm", "--model", "sar", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pc,emp", "--effects", "random"],
        ["gmm", "--model", "sac", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pc,emp", "--effects", "random", "--endog", "pcap",
         "--instruments", "hwy,water"],
        ["fit", "--model", "sdm", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--impacts", "simulate:100"],
        ["fit", "--model", "sem", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--effects", "individual"],
        ["fit", "--model", "sdem", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--durbin", "emp"],
        ["fit", "--model", "sac", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--impacts", "delta"],
        ["tests", "--unit", "state", "--time", "year", "--y", "unemp", "--x", "pcap,emp", "--effects", "twoways"],
        ["fit", "--model", "sdm", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--vce", "dkraay:2"],
        ["fit", "--model", "sdm", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--dynamic", "--impacts", "delta"],
        ["fit", "--model", "sar", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--unbalanced", "--vce", "cluster"],
        ["fit", "--model", "sar", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--effects", "random", "--vce", "cluster"],
        ["fit", "--model", "sem", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--effects", "random", "--vce", "cluster"],
        ["fit", "--model", "gspre", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--vce", "robust"],
        ["markov", "--unit", "state", "--time", "year", "--var", "gsp", "--relative", "--spatial", "--classes", "4"],
        ["fit", "--method", "gmm", "--model", "sac", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--vce", "cluster"],
        ["fit", "--method", "gmm", "--model", "sem", "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp", "--effects", "random"],
    ]

    static let chinaCommands: [[String]] = [
        ["moran", "--var", "gdp", "--by", "year", "--local", "--permutations", "49"],
        ["moran", "--var", "gdp", "--by", "year", "--bivariate", "population", "--local-geary", "gdp,population", "--local-join-counts",
         "--threshold", "18000", "--join-counts", "--permutations", "29"],
        ["fit", "--model", "sar", "--unit", "id", "--time", "year", "--y", "gdp", "--x", "population", "--effects", "random"],
    ]

    /// Runs every command on the original files and on `shuffles` shuffled copies; results must be identical
    /// (closed-form and iterative results alike: the computation runs in the same canonical order, so the numbers agree
    /// to the last bits; 1e-12 relative leaves room for nothing but summation-order noise).
    func check(data: URL, weights: URL, commands: [[String]], shuffles: [UInt64], shuffleWeights: Bool = true) throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: data, encoding: .utf8)
        let w = try SpatialWeights.read(from: weights)
        for command in commands {
            let base = try SpatialCLI.run(command + ["--data", data.path, "--weights", weights.path, "--json", "--quiet"])
            #expect(base.status == 0, "\(command.joined(separator: " ")): \(base.err)")
            guard let reference = base.json else { Issue.record("no JSON from \(command)"); continue }
            for seed in shuffles {
                let d = dir.appendingPathComponent("rows-\(seed).csv")
                try Self.shuffledCSV(text, seed: seed).write(to: d, atomically: true, encoding: .utf8)
                var wFile = weights
                if shuffleWeights {
                    wFile = dir.appendingPathComponent("w-\(seed)." + weights.pathExtension)
                    try Self.shuffledWeights(w, seed: seed &+ 1000, to: wFile)
                }
                let r = try SpatialCLI.run(command + ["--data", d.path, "--weights", wFile.path, "--json", "--quiet"])
                #expect(r.status == 0, "\(command.joined(separator: " ")) shuffled \(seed): \(r.err)")
                guard let j = r.json else { Issue.record("no JSON from shuffled \(command)"); continue }
                // The fit JSON records the weights file it read: the one input that legitimately differs.
                #expect(Self.weightsSource(j) == nil || Self.weightsSource(j) == wFile.path)
                let diff = jsonDifference(Self.withoutWeightsSource(reference), Self.withoutWeightsSource(j), rtol: 1e-12)
                #expect(diff == nil, "\(command.joined(separator: " ")), shuffle \(seed): \(diff ?? "")")
            }
        }
    }

    static func weightsSource(_ json: Any) -> String? { ((json as? [String: Any])?["weights"] as? [String: Any])?["source"] as? String }

    static func withoutWeightsSource(_ json: Any) -> Any {
        guard var object = json as? [String: Any], var weights = object["weights"] as? [String: Any] else { return json }
        weights["source"] = nil
        object["weights"] = weights
        return object
    }

    @Test func columbusCommandsIgnoreRowAndUnitOrder() throws {
        try check(data: Fixtures.url("data/columbus/columbus.csv"), weights: Fixtures.url("data/columbus/columbus_queen.gal"),
                  commands: Self.columbusCommands, shuffles: [1, 2, 3, 4, 5])
    }

    /// The control: pairing by position (`--by-position`) on the shuffled rows does change Moran's I, so the shuffles
    /// above are real and the comparison can fail.
    @Test func positionPairingOfShuffledRowsChangesTheResult() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.appendingPathComponent("rows.csv")
        try Self.shuffledCSV(try Fixtures.text("data/columbus/columbus.csv"), seed: 1).write(to: d, atomically: true, encoding: .utf8)
        let gal = Fixtures.url("data/columbus/columbus_queen.gal").path
        let byId = try SpatialCLI.run(["moran", "--data", d.path, "--var", "CRIME", "--weights", gal, "--json"])
        let byPosition = try SpatialCLI.run(["moran", "--data", d.path, "--var", "CRIME", "--weights", gal, "--by-position", "--json"])
        let i1 = ((byId.json as? [String: Any])?["moran"] as? [String: Any])?["I"] as? Double
        let i2 = ((byPosition.json as? [String: Any])?["moran"] as? [String: Any])?["I"] as? Double
        #expect(i1.map { abs($0 - 0.500188557) < 1e-8 } == true)
        #expect(i2.map { abs($0 - 0.500188557) > 0.05 } == true, "by position: \(i2 ?? .nan)")
        #expect(byPosition.err.contains("by position"), "a warning says so: \(byPosition.err)")
        #expect((byPosition.json as? [String: Any])?["pairing"] as? String == "position")
    }

    @Test func producPanelCommandsIgnoreRowAndUnitOrder() throws {
        try check(data: Fixtures.url("data/produc/produc.csv"), weights: Fixtures.url("data/produc/usaww.csv"),
                  commands: Self.producCommands, shuffles: [11, 12, 13])
    }

    @Test func chinaPanelCommandsIgnoreRowAndUnitOrder() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        try check(data: Fixtures.url("data/china31/panel.csv"), weights: gal, commands: Self.chinaCommands, shuffles: [21, 22, 23])
    }

    /// The library entry point: PairedData gives the same table and weights, so every statistic agrees exactly.
    @Test func pairedDataIsCanonical() throws {
        let text = try Fixtures.text("data/columbus/columbus.csv")
        let w = try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal")).transformed(.row)
        let reference = try PairedData(table: DataTable(csv: text), weights: w)
        #expect(reference.idColumn == "POLYID" && reference.pairing == .idColumn)
        let moran = try GlobalMoran(try reference.table.numbers("CRIME"), weights: reference.weights, permutations: 99, seed: 3)
        for seed: UInt64 in 1...5 {
            let p = Self.permutation(w.count, seed: seed + 50)
            let shuffledW = try w.reordered(to: p.map { w.ids[$0] })
            let paired = try PairedData(table: DataTable(csv: Self.shuffledCSV(text, seed: seed)), weights: shuffledW)
            #expect(paired.weights == reference.weights)
            #expect(try paired.table.numbers("CRIME") == reference.table.numbers("CRIME"))
            let m = try GlobalMoran(try paired.table.numbers("CRIME"), weights: paired.weights, permutations: 99, seed: 3)
            #expect(m.I == moran.I && m.pPermutation == moran.pPermutation)
            let fit = try SpatialRegression(.sdm, data: RegressionData(table: paired.table, y: "CRIME", x: ["INC", "HOVAL"]), weights: paired.weights)
            let fit0 = try SpatialRegression(.sdm, data: RegressionData(table: reference.table, y: "CRIME", x: ["INC", "HOVAL"]), weights: reference.weights)
            #expect(fit.rho?.estimate == fit0.rho?.estimate && fit.logLikelihood == fit0.logLikelihood)
        }
    }

    /// The library panel entry point.
    @Test func pairedPanelIsCanonical() throws {
        let text = try Fixtures.text("data/produc/produc.csv")
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        let reference = try PairedPanel(table: DataTable(csv: text), unit: "state", time: "year", weights: w)
        let fit0 = try PanelRegression(.sdm, panel: reference.panel, y: "gsp", x: ["pcap", "emp"], weights: reference.weights)
        for seed: UInt64 in 1...3 {
            let p = Self.permutation(w.count, seed: seed + 70)
            let paired = try PairedPanel(table: DataTable(csv: Self.shuffledCSV(text, seed: seed)), unit: "state", time: "year",
                                         weights: w.reordered(to: p.map { w.ids[$0] }))
            #expect(paired.panel.units == reference.panel.units && paired.weights == reference.weights)
            let fit = try PanelRegression(.sdm, panel: paired.panel, y: "gsp", x: ["pcap", "emp"], weights: paired.weights)
            #expect(fit.rho?.estimate == fit0.rho?.estimate && fit.logLikelihood == fit0.logLikelihood)
        }
    }
}
