import Foundation
import Testing
@testable import SpatialEconometrics

/// `--format` on `fit`, `tests` and `moran`: each export is the library's tables in that format (nothing else on
/// stdout), `--json` is `--format json`, and the options that do not apply are refused naming the mode.
@Suite struct OutputFormatCLITests {
    static let data = Fixtures.url("data/columbus/columbus.csv").path, queen = Fixtures.url("data/columbus/columbus_queen.gal").path
    static let produc = Fixtures.url("data/produc/produc.csv").path, usaww = Fixtures.url("data/produc/usaww.csv").path

    func fit(_ extra: [String]) throws -> SpatialCLI.Result {
        try SpatialCLI.run(["--quiet", "fit", "--model", "sdm", "--data", Self.data, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", Self.queen,
                            "--impacts", "delta"] + extra)
    }

    @Test func fitExportsAreTheLibrarysTables() throws {
        let d = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]), w = try Columbus.queen().transformed(.row)
        let sdm = try SpatialRegression(.sdm, data: d, weights: w)
        let effects = try ImpactMeasures(sdm, inference: .delta)
        let tests = try NestedModelComparison.crossSectionBattery(sdm, data: try Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"], weights: w)
        for layout in CoefficientLayout.allCases {
            let tables = [Table.coefficients(of: sdm, layout: layout), Table.effects(effects, layout: layout), Table.tests(tests)]
            let md = try fit(["--format", "markdown", "--layout", layout.rawValue])
            #expect(md.status == 0 && md.out == tables.map(\.markdown).joined(separator: "\n\n") + "\n", "\(md.err)")
            let tex = try fit(["--format", "latex", "--standalone", "--layout", layout.rawValue])
            #expect(tex.status == 0 && tex.out.trimmingCharacters(in: .newlines) == Table.latexDocument(tables).trimmingCharacters(in: .newlines))
        }
        // The default layout of an export is coefficient (SE).
        let csv = try fit(["--format", "csv"])
        #expect(csv.status == 0 && csv.out.hasPrefix("Variable,Main,Wx\r\n(Intercept)"))
        let html = try fit(["--format", "html"])
        #expect(html.status == 0 && html.out.hasPrefix("<table>") && html.out.contains("<caption>Direct, indirect and total effects</caption>"))
        // --json and --format json print the same JSON, with R^2 and the weights' source.
        let json = try fit(["--json"]), formatJSON = try fit(["--format", "json"])
        #expect(json.status == 0 && json.out == formatJSON.out)
        let object = try #require(json.json as? [String: Any])
        let r2 = try #require(object["r_squared"] as? [String: Any]), weights = try #require(object["weights"] as? [String: Any])
        // The CLI fits the rows in the weights' order: the same numbers up to rounding.
        #expect(abs(((r2["value"] as? Double) ?? .nan) - (sdm.pseudoRSquared ?? .nan)) < 1e-12 && (r2["definition"] as? String)?.contains("pseudo R^2") == true)
        #expect((weights["source"] as? String) == Self.queen && (weights["transformation"] as? String) == "row" && (object["estimator"] as? String) == "ml")
        // Text with --layout prints the tables in that layout instead of the summary.
        let text = try fit(["--layout", "se"])
        #expect(text.status == 0 && text.out == [Table.coefficients(of: sdm), Table.effects(effects), Table.tests(tests)].map(\.text).joined(separator: "\n\n") + "\n")
    }

    @Test func refusals() throws {
        let both = try fit(["--json", "--format", "csv"])
        #expect(both.status == 2 && both.err.contains("--json") && both.err.contains("--format"), "\(both.err)")
        let standalone = try fit(["--format", "markdown", "--standalone"])
        #expect(standalone.status == 2 && standalone.err.contains("--standalone"), "\(standalone.err)")
        let layoutJSON = try fit(["--json", "--layout", "se"])
        #expect(layoutJSON.status == 2 && layoutJSON.err.contains("--layout"), "\(layoutJSON.err)")
        let moranLayout = try SpatialCLI.run(["--quiet", "moran", "--data", Self.data, "--var", "CRIME", "--weights", Self.queen, "--layout", "se"])
        #expect(moranLayout.status == 2 && moranLayout.err.contains("--layout"), "\(moranLayout.err)")
    }

    @Test func testsAndMoranExport() throws {
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.usaww)).transformed(.row)
        let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]
        let battery = try PanelModelSelection(panel: panel, y: "log(gsp)", x: x, weights: w, effects: .twoways, estimator: .leeyu, inference: .none)
        let r = try SpatialCLI.run(["--quiet", "tests", "--data", Self.produc, "--unit", "state", "--time", "year", "--y", "log(gsp)",
                                    "--x", x.joined(separator: ","), "--weights", Self.usaww, "--format", "markdown"])
        #expect(r.status == 0 && r.out == battery.table.markdown + "\n", "\(r.err)")

        let moran = try GlobalMoran(try Columbus.crime(), weights: try Columbus.queen().transformed(.row))
        let m = try SpatialCLI.run(["--quiet", "moran", "--data", Self.data, "--var", "CRIME", "--weights", Self.queen, "--format", "latex"])
        #expect(m.status == 0 && m.out == moran.table.latex + "\n", "\(m.err)")
        let lisa = try SpatialCLI.run(["--quiet", "moran", "--data", Self.data, "--var", "CRIME", "--weights", Self.queen, "--local", "--format", "csv"])
        #expect(lisa.status == 0 && lisa.out.contains("Unit,I_i,z,p") && !lisa.out.contains("Global Moran"))
    }
}
