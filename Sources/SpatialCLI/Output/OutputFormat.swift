import Foundation
import SpatialEconometrics

/// How a command prints its results: `--format text|markdown|latex|csv|html|json` (`--json` is a synonym of
/// `--format json`), `--standalone` (LaTeX: a complete document) and `--layout se|statistics` (coefficient tables),
/// declared once in ``SharedOptions/exportGroup``.
///
/// Text without `--layout` is the command's summary as always; every other format renders the command's tables
/// (``Table``), coefficient tables in `--layout` (default `se`: estimate with stars over its standard error, the
/// layout papers print).
struct OutputFormat: Sendable {
    enum Kind: String, CaseIterable, Sendable { case text, markdown, latex, csv, html, json }

    let kind: Kind
    let standalone: Bool
    /// `--layout` as given (`nil`: the default of the format).
    let givenLayout: CoefficientLayout?

    var isJSON: Bool { kind == .json }
    var layout: CoefficientLayout { givenLayout ?? .standardErrorsBelow }

    init(kind: Kind = .text, standalone: Bool = false, layout: CoefficientLayout? = nil) {
        self.kind = kind; self.standalone = standalone; givenLayout = layout
    }

    /// Reads the options; `coefficients`: the command prints coefficient tables (else `--layout` is not read, and refused).
    init(_ o: inout ParsedOptions, coefficients: Bool = true) throws(UsageError) {
        let json = try o.flag("--json")
        var kind = Kind.text
        if o.has("--format") {
            kind = Kind(rawValue: try o.choice("--format")) ?? .text
            if json, kind != .json { throw .exclusive("--json", "--format") }
        }
        if json { kind = .json }
        self.kind = kind
        // Read only where they apply: elsewhere the runner refuses them as not applying to the mode.
        standalone = kind == .latex ? try o.flag("--standalone") : false
        givenLayout = kind == .json || !coefficients ? nil : try o.given("--layout").flatMap(CoefficientLayout.init(rawValue:))
    }

    /// The mode's name in refusals of options that do not apply (`--standalone` outside LaTeX, `--layout` with JSON).
    var modeSuffix: String { kind == .text ? "" : " --format \(kind.rawValue)" }

    /// Whether the command prints its summary (text without `--layout`) rather than its tables.
    var printsSummary: Bool { kind == .text && givenLayout == nil }

    /// `tables` in the chosen format: text, Markdown and HTML tables separated by a blank line; LaTeX `table`
    /// environments, or one complete document with `--standalone`; CSV tables separated by a blank line (CSV has no
    /// titles or notes).
    func render(_ tables: [Table]) -> String {
        switch kind {
        case .text, .json: return tables.map(\.text).joined(separator: "\n\n")
        case .markdown: return tables.map(\.markdown).joined(separator: "\n\n")
        case .latex: return standalone ? Table.latexDocument(tables) : tables.map(\.latex).joined(separator: "\n\n")
        case .csv: return tables.map(\.csv).joined(separator: "\r\n")
        case .html: return tables.map(\.html).joined(separator: "\n\n")
        }
    }
}
