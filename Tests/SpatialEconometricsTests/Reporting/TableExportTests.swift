import Foundation
import Testing
@testable import SpatialEconometrics

/// Tables as papers paste them: Markdown that pandoc renders as meant (stars as stars, one note per paragraph),
/// LaTeX whose notation is math and whose special characters are escaped, the coefficient (SE) layout and several
/// fits side by side. Rendering checks run where pandoc / pdflatex are installed and are skipped (visibly) elsewhere.
@Suite struct TableExportTests {
    static func tool(_ name: String) -> URL? {
        ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"].map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ tool: URL, _ arguments: [String], input: String, in directory: URL? = nil) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = tool
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin; p.standardOutput = stdout; p.standardError = FileHandle.nullDevice
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    static func columbusFits() throws -> (sar: SpatialRegression, sem: SpatialRegression, sdm: SpatialRegression) {
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]), w = try Columbus.queen().transformed(.row)
        return (try SpatialRegression(.sar, data: data, weights: w), try SpatialRegression(.sem, data: data, weights: w),
                try SpatialRegression(.sdm, data: data, weights: w))
    }

    static let sample = Table(title: "Global Moran's I of ln_gdp", columns: ["Year", "I", "p"],
                              rows: [["2014", "0.709***", "0.000"], ["2015", "0.120*", "0.081"]],
                              notes: ["permutations: 999 | seed 1", Format.starsLegend])

    @Test func markdownEscapesStarsAndKeepsNotesApart() {
        let md = Self.sample.markdown
        #expect(md.contains("| 2014 | 0.709\\*\\*\\* | 0.000 |"))
        #expect(md.contains("\n\n\\* p < 0.1, \\*\\* p < 0.05, \\*\\*\\* p < 0.01"))
        #expect(md.contains("**Global Moran's I of ln\\_gdp**"))
        #expect(md.contains("permutations: 999 \\| seed 1"))
    }

    @Test(.enabled(if: TableExportTests.tool("pandoc") != nil, "pandoc is not installed: the Markdown rendering check is skipped"))
    func pandocRendersTheMarkdownAsMeant() throws {
        let pandoc = try #require(Self.tool("pandoc"))
        for format in ["markdown", "gfm"] {
            let (status, html) = try Self.run(pandoc, ["-f", format, "-t", "html"], input: Self.sample.markdown)
            #expect(status == 0)
            #expect(html.contains("<table"), "\(format): no table")
            #expect(html.contains("0.709***"), "\(format): stars lost")
            #expect(!html.contains("<em>") && !html.contains("<strong>p"), "\(format): stars read as emphasis: \(html)")
            #expect(html.contains("<p>* p &lt; 0.1, ** p &lt; 0.05, *** p &lt; 0.01</p>"), "\(format): legend: \(html)")
            #expect(html.contains("<p>permutations: 999 | seed 1</p>"), "\(format): notes merged: \(html)")
        }
    }

    @Test func latexSetsTheNotationAsMath() throws {
        let sdm = try Self.columbusFits().sdm
        let tex = sdm.table.latex
        #expect(tex.contains("$\\sigma^2$") && tex.contains("$\\ln|I - \\rho W|$") && tex.contains("$\\rho$ & "), "\(tex)")
        #expect(tex.contains("$^{***}$") && tex.contains("$<$ 0.1"))
        // Outside math no bare ^ or _ is left, and the dollars pair up.
        var inMath = false, bare = [Character]()
        var previous: Character = " "
        for ch in tex {
            if ch == "$" && previous != "\\" { inMath.toggle() } else if !inMath && (ch == "^" || ch == "_") && previous != "\\" { bare.append(ch) }
            previous = ch
        }
        #expect(!inMath && bare.isEmpty, "unbalanced math or bare \(bare)")
        #expect(LaTeXText.escape("W_INC & 50% #1 {x} ~ a\\b") == "W\\_INC \\& 50\\% \\#1 \\{x\\} \\textasciitilde{} a\\textbackslash{}b")
        #expect(LaTeXText.escape("chi2(2) = 3.1; theta") == "$\\chi^2(2)$ = 3.1; $\\theta$")
        #expect(LaTeXText.escape("rhombus prior") == "rhombus prior")
        #expect(sdm.table.latexDocument.hasPrefix("% compile with pdflatex\n\\documentclass{article}"))
        let chinese = Table(title: "莫兰指数", columns: ["年份", "I"], rows: [["2014", "0.7"]])
        #expect(chinese.latexDocument.hasPrefix("% compile with xelatex") && chinese.latexDocument.contains("ctexart"))
    }

    @Test(.enabled(if: TableExportTests.tool("pdflatex") != nil, "pdflatex is not installed: the LaTeX compile check is skipped"))
    func pdflatexCompilesTheTables() throws {
        let pdflatex = try #require(Self.tool("pdflatex"))
        let fits = try Self.columbusFits()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spatial-latex-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let effects = try ImpactMeasures(fits.sdm, inference: .delta)
        let documents = [fits.sdm.table.latexDocument, Table.sideBySide([fits.sar, fits.sem, fits.sdm], titles: ["SAR", "SEM", "SDM"]).latexDocument,
                         Table.latexDocument([Table.coefficients(of: fits.sdm), Table.effects(effects), Table.effects(effects, layout: .statistics)]),
                         Table.sideBySide([(fit: fits.sar, effects: try ImpactMeasures(fits.sar, inference: .delta)), (fit: fits.sdm, effects: effects)]).latexDocument]
        for (k, document) in documents.enumerated() {
            try document.write(to: dir.appendingPathComponent("t\(k).tex"), atomically: true, encoding: .utf8)
            let (status, log) = try Self.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "t\(k).tex"], input: "", in: dir)
            #expect(status == 0, "pdflatex failed on table \(k): \(log.suffix(2_000))")
        }
    }

    @Test func coefficientsWithStandardErrorsBelow() throws {
        let fits = try Self.columbusFits()
        let t = Table.coefficients(of: fits.sdm)
        #expect(t.columns == ["Variable", "Main", "Wx"])
        let inc = try #require(fits.sdm.coefficients.first { $0.name == "INC" }), wInc = try #require(fits.sdm.coefficients.first { $0.name == "W_INC" })
        let row = try #require(t.rows.firstIndex { $0.first == "INC" })
        #expect(t.rows[row] == ["INC", Format.fixed(inc.estimate, 4) + Format.stars(inc.pValue), Format.fixed(wInc.estimate, 4) + Format.stars(wInc.pValue)])
        #expect(t.rows[row + 1] == ["", "(\(Format.fixed(inc.stdError, 4)))", "(\(Format.fixed(wInc.stdError, 4)))"])
        let rho = try #require(fits.sdm.rho)
        #expect(t.rows.suffix(2) == [["rho", Format.fixed(rho.estimate, 4) + Format.stars(rho.pValue), ""], ["", "(\(Format.fixed(rho.stdError, 4)))", ""]])
        // Intercept, INC, HOVAL, then rho: two rows each.
        #expect(t.rows.count == 8)
        let stats = Table.coefficients(of: fits.sar, layout: .statistics)
        #expect(stats.columns == ["Variable", "Coef.", "Std. Err.", "z", "p"])
    }

    @Test func fitsSideBySide() throws {
        let fits = try Self.columbusFits()
        let t = Table.sideBySide([fits.sar, fits.sem, fits.sdm], titles: ["SAR", "SEM", "SDM"])
        #expect(t.columns == ["", "(1) SAR", "(2) SEM", "(3) SDM"])
        let names = t.rows.map(\.[0]).filter { !$0.isEmpty }
        #expect(names == ["(Intercept)", "INC", "HOVAL", "W_INC", "W_HOVAL", "rho", "lambda", "N", "log-likelihood", "R^2", "AIC"])
        #expect(t.rows.first { $0.first == "R^2" } == ["R^2"] + [fits.sar, fits.sem, fits.sdm].map { Format.fixed($0.pseudoRSquared ?? .nan, 4) })
        #expect(t.notes.contains { $0.hasPrefix("R^2: ") && $0.contains("yhat = X b + rho W y") && $0.contains("corr(y, X b)^2") })
        let wInc = try #require(t.rows.firstIndex { $0.first == "W_INC" })
        #expect(t.rows[wInc][1] == "" && t.rows[wInc][2] == "" && !t.rows[wInc][3].isEmpty)
        let lambda = try #require(t.rows.firstIndex { $0.first == "lambda" })
        let l = try #require(fits.sem.lambda)
        #expect(t.rows[lambda] == ["lambda", "", Format.fixed(l.estimate, 4) + Format.stars(l.pValue), ""])
        #expect(t.rows[lambda + 1] == ["", "", "(\(Format.fixed(l.stdError, 4)))", ""])
        #expect(t.rows.first { $0.first == "N" } == ["N", "49", "49", "49"])
        #expect(t.rows.first { $0.first == "log-likelihood" } == ["log-likelihood"] + [fits.sar, fits.sem, fits.sdm].map { Format.fixed($0.logLikelihood, 3) })
    }

    @Test func effectsBlocksFollowTheFitStatistics() throws {
        let fits = try Self.columbusFits()
        let sarEffects = try ImpactMeasures(fits.sar, inference: .delta), sdmEffects = try ImpactMeasures(fits.sdm, inference: .delta)
        let t = Table.sideBySide([(fit: fits.sar, effects: sarEffects), (fit: fits.sem, effects: nil), (fit: fits.sdm, effects: sdmEffects)])
        let labels = t.rows.map(\.[0])
        let aic = try #require(labels.firstIndex(of: "AIC"))
        #expect(Array(labels[(aic + 1)...]) == ["Direct effects", "INC", "", "HOVAL", "", "Indirect effects", "INC", "", "HOVAL", "",
                                                "Total effects", "INC", "", "HOVAL", ""])
        let indirect = try #require(labels.firstIndex(of: "Indirect effects"))
        let sdmInc = try #require(sdmEffects.indirect.first { $0.name == "INC" })
        #expect(t.rows[indirect + 1][3] == Format.fixed(sdmInc.estimate, 4) + (sdmInc.pValue.map(Format.stars) ?? ""))
        #expect(t.rows[indirect + 2][3] == "(" + Format.fixed(try #require(sdmInc.stdError), 4) + ")")
        #expect(t.rows[indirect + 1][2] == "" && t.rows[indirect + 2][2] == "", "the SEM has no effects")
        #expect(t.notes.contains { $0.hasPrefix("Effects inference: delta method") })
        // The effects table in the paper layout: estimate with stars over (SE), Direct | Indirect | Total.
        let e = Table.effects(sdmEffects)
        #expect(e.columns == ["Variable", "Direct", "Indirect", "Total"] && e.rows.count == 4)
        #expect(e.rows[1] == ["", "(" + Format.fixed(try #require(sdmEffects.direct[0].stdError), 4) + ")",
                              "(" + Format.fixed(try #require(sdmEffects.indirect[0].stdError), 4) + ")",
                              "(" + Format.fixed(try #require(sdmEffects.total[0].stdError), 4) + ")"])
        #expect(Table.effects(sdmEffects, layout: .statistics) == sdmEffects.table)
    }
}
