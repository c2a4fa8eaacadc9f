import Foundation
import SpatialEconometrics

/// `spatial table A.json B.json ...`: fits saved as JSON by `spatial fit`, side by side (``Table/sideBySide(columns:titles:title:)``).
struct TableCommand: Command {
    static let name = "table"
    static let summary = "fits saved as JSON by `spatial fit`, side by side: coefficient (SE) columns, as papers print them"
    static let synopsis = ["FIT.json... [--titles A,B,...] [--title T] [--format text|markdown|latex|csv|html] [--standalone]"]
    static let positionals = [Positional(name: "FIT.json...", help: "the JSON files written by `spatial fit` (its JSON output), one column each",
                                         missing: "missing the fits: give one or more JSON files written by `spatial fit` (its JSON output)")]
    static let groups = [
        OptionGroup("Table", [
            Option("--titles", .list, "A,B,...", help: "column titles, in the order of the files (each column is headed (k) title)"),
            Option("--title", .value, "T", default: "Estimates", help: "the table's title"),
            SharedOptions.format.with(help: "text, markdown (pandoc/GitHub), latex (booktabs; pdflatex), csv or html",
                                      kind: .choice(OutputFormat.Kind.allCases.filter { $0 != .json }.map(\.rawValue))),
            SharedOptions.standalone,
        ]),
    ]
    static let notes = """
        Rows: each coefficient (estimate with stars, then its standard error in parentheses), the W_ terms after the \
        others, rho, lambda and phi, then N, T (panels), log-likelihood, R^2 (with its definition in the notes), AIC and \
        the direct, indirect and total effects of the fits that have them. Stars: * p < 0.1, ** p < 0.05, \
        *** p < 0.01. A file that is not a fit's JSON is an error naming the file and the missing key.
        """

    let files: [String]
    let titles: [String]?
    let title: String
    let format: String
    let standalone: Bool
    var mode: String { "`spatial table --format \(format)`" }

    init(_ o: inout ParsedOptions) throws(UsageError) {
        files = o.positionals
        guard !files.isEmpty else { throw .missingArgument(Self.positionals[0].missing) }
        titles = try o.list("--titles")
        title = try o.given("--title") ?? "Estimates"
        format = try o.choice("--format")
        // --standalone is read only for LaTeX: elsewhere the runner refuses it as not applying.
        standalone = format == "latex" ? try o.flag("--standalone") : false
        if let titles, titles.count != files.count {
            throw .invalid("--titles", message: "--titles has \(titles.count) titles for \(files.count) files: give one per file")
        }
    }

    /// The fields of `spatial fit --json` a column needs.
    struct SavedFit: Decodable {
        struct Parameter: Decodable {
            let estimate: Double, stdError: Double, z: Double, pValue: Double
            enum CodingKeys: String, CodingKey { case estimate, stdError = "std_error", z, pValue = "p_value" }
        }
        let coefficients: [Coefficient]
        let rho: Parameter?, lambda: Parameter?, phi: Parameter?
        /// A static fit's blocks (a dynamic fit's `short_run`/`long_run` blocks are not shown side by side: all nil).
        struct Effects: Decodable { let direct, indirect, total: [EffectEstimate]?; let inference: String? }
        let n: Int
        let t: Int?
        let logLikelihood: Double
        let aic: Double
        let rSquared: GoodnessOfFit?
        let effects: Effects?
        enum CodingKeys: String, CodingKey {
            case coefficients, rho, lambda, phi, n, t, logLikelihood = "log_likelihood", aic, rSquared = "r_squared", effects
        }
    }

    struct FileError: Error, CustomStringConvertible {
        let description: String
    }

    static func column(_ path: String) throws -> ModelColumn {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(description: "cannot read '\(path)': check the path")
        }
        let saved: SavedFit
        do { saved = try JSONDecoder().decode(SavedFit.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            let at = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw FileError(description: "'\(path)' is not a fit saved as JSON by `spatial fit`: no key '\(at)'")
        } catch {
            throw FileError(description: "'\(path)' is not a fit saved as JSON by `spatial fit` (\(error))")
        }
        // The spatial parameters as coefficients named rho, lambda, phi.
        let spatial = [("rho", saved.rho), ("lambda", saved.lambda), ("phi", saved.phi)].compactMap { name, p in
            p.map { Coefficient(name: name, estimate: $0.estimate, stdError: $0.stdError, statistic: $0.z, pValue: $0.pValue) }
        }
        return ModelColumn(coefficients: saved.coefficients, spatial: spatial, n: saved.n, t: saved.t,
                           logLikelihood: saved.logLikelihood, aic: saved.aic, rSquared: saved.rSquared,
                           effects: saved.effects.flatMap { e in
                               guard let d = e.direct, let i = e.indirect, let t = e.total else { return nil }
                               return .init(direct: d, indirect: i, total: t, inference: e.inference ?? "")
                           })
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let table = Table.sideBySide(columns: try files.map(Self.column), titles: titles, title: title)
        switch format {
        case "markdown": context.console.text(table.markdown)
        case "latex": context.console.text(standalone ? table.latexDocument : table.latex)
        case "csv": context.console.text(table.csv)
        case "html": context.console.text(table.html)
        default: context.console.text(table.text)
        }
        return ExitStatus.success
    }
}
