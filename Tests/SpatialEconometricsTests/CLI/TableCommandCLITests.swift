import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial table`: fits saved by `spatial fit --json`, side by side, equal to the library's table of the same fits
/// (the JSON round trip of the numbers is exact); `--standalone` only with LaTeX; a file that is not a fit is named.
@Suite struct TableCommandCLITests {
    static let data = Fixtures.url("data/columbus/columbus.csv").path, queen = Fixtures.url("data/columbus/columbus_queen.gal").path

    static func savedFits() throws -> (dir: URL, files: [String]) {
        let dir = try SpatialCLI.temporaryDirectory()
        var files = [String]()
        for model in ["sar", "sem", "sdm"] {
            let r = try SpatialCLI.run(["--quiet", "fit", "--model", model, "--data", data, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen, "--json"])
            #expect(r.status == 0, "\(r.err)")
            let file = dir.appendingPathComponent("\(model).json")
            try r.out.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        return (dir, files)
    }

    @Test func savedFitsSideBySideEqualTheLibrarysTable() throws {
        let (dir, files) = try Self.savedFits()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try SpatialCLI.run(["table"] + files + ["--titles", "SAR,SEM,SDM"])
        #expect(table.status == 0, "\(table.err)")
        let d = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]), w = try Columbus.queen().transformed(.row)
        // `spatial fit` saves the point effects of the lag models (no --impacts: no standard errors), and the table shows them.
        let fits: [(fit: any SpatialFit, effects: ImpactMeasures?)] = try [SpatialModel.sar, .sem, .sdm].map {
            let fit = try SpatialRegression($0, data: d, weights: w)
            return (fit, $0 == .sem ? nil : try ImpactMeasures(fit, inference: .none))
        }
        let library = Table.sideBySide(fits, titles: ["SAR", "SEM", "SDM"])
        #expect(library.rows.contains { $0.first == "Direct effects" } && library.rows.contains { $0.first == "R^2" })
        #expect(table.out == library.text + "\n")
        for (format, expected) in [("markdown", library.markdown), ("csv", library.csv), ("html", library.html), ("latex", library.latex)] {
            let r = try SpatialCLI.run(["table"] + files + ["--titles", "SAR,SEM,SDM", "--format", format])
            #expect(r.status == 0 && r.out == (expected.hasSuffix("\n") ? expected : expected + "\n"), "\(format): \(r.err)")
        }
        let standalone = try SpatialCLI.run(["table"] + files + ["--format", "latex", "--standalone"])
        #expect(standalone.status == 0 && standalone.out.hasPrefix("% compile with pdflatex\n\\documentclass{article}"))
    }

    @Test func refusals() throws {
        let (dir, files) = try Self.savedFits()
        defer { try? FileManager.default.removeItem(at: dir) }
        let markdownStandalone = try SpatialCLI.run(["table"] + files + ["--format", "markdown", "--standalone"])
        #expect(markdownStandalone.status == 2 && markdownStandalone.err.contains("--standalone does not apply to `spatial table --format markdown`"),
                "\(markdownStandalone.err)")
        let titles = try SpatialCLI.run(["table"] + files + ["--titles", "A,B"])
        #expect(titles.status == 2 && titles.err.contains("--titles has 2 titles for 3 files"), "\(titles.err)")
        let none = try SpatialCLI.run(["table"])
        #expect(none.status == 2 && none.err.contains("missing the fits"), "\(none.err)")
        let notAFit = dir.appendingPathComponent("weights.json")
        try "{\"n\": 3}".write(to: notAFit, atomically: true, encoding: .utf8)
        let bad = try SpatialCLI.run(["table", files[0], notAFit.path])
        #expect(bad.status == 1 && bad.err.contains("'\(notAFit.path)' is not a fit saved as JSON by `spatial fit`: no key 'coefficients'"), "\(bad.err)")
    }
}
