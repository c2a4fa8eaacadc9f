import Foundation

/// A table as papers print them, rendered as aligned text, Markdown or LaTeX (`booktabs`).
///
/// ```swift
/// var t = Table(title: "Global Moran's I", columns: ["Year", "I", "Sd(I)", "Z", "p"])
/// t.rows.append(["2014", "0.709***", "0.102", "7.306", "0.000"])
/// print(t.text)
/// ```
public struct Table: Sendable, Codable, Equatable {
    /// The title printed above the table (a caption in LaTeX).
    public var title: String
    /// The column headers.
    public var columns: [String]
    /// The rows, each a list of cells as printed (as many as ``columns``).
    public var rows: [[String]]
    /// Lines printed under the table (legend of stars, method notes).
    public var notes: [String]

    /// A table with a title, its column headers, rows of cells (each as many as the headers) and notes.
    public init(title: String, columns: [String], rows: [[String]] = [], notes: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }

    /// Plain text with right-aligned numeric columns (the first column left-aligned).
    public var text: String {
        let widths = columns.indices.map { j in ([columns[j]] + rows.map { j < $0.count ? $0[j] : "" }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { j in
                let c = cells[j], pad = String(repeating: " ", count: max(0, widths[j] - c.count))
                return j == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))
        var out = [title, rule, line(columns), rule]
        out += rows.map { line($0 + Array(repeating: "", count: max(0, columns.count - $0.count))) }
        out.append(rule)
        out += notes
        return out.joined(separator: "\n")
    }

    /// Markdown (GitHub and pandoc pipe tables): `*`, `_`, `|` and backslashes in cells, title and notes are
    /// escaped, so significance stars print as stars; each note is its own paragraph (pandoc would otherwise join
    /// consecutive lines into one).
    public var markdown: String {
        func esc(_ s: String) -> String {
            var r = ""
            for ch in s {
                switch ch {
                case "*", "_", "|", "\\", "`": r += "\\" + String(ch)
                default: r.append(ch)
                }
            }
            return r
        }
        var out = ["**\(esc(title))**", "", "| " + columns.map(esc).joined(separator: " | ") + " |",
                   "|" + columns.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|"]
        out += rows.map { "| " + $0.map(esc).joined(separator: " | ") + " |" }
        for note in notes { out += ["", esc(note)] }
        return out.joined(separator: "\n")
    }

    /// LaTeX (`booktabs`): the reports' ASCII notation as math (`sigma^2`, `R^2`, `ln|I - rho W|`, `rho`, ...),
    /// stars as superscripts, special characters escaped (`LaTeXText`), the notes one per line under the tabular.
    /// Compiles with `pdflatex` (packages `booktabs`) when the labels are ASCII; see ``latexDocument``.
    public var latex: String {
        let esc = LaTeXText.escape
        var out = ["\\begin{table}[htbp]", "\\centering", "\\caption{\(esc(title))}",
                   "\\begin{tabular}{l" + String(repeating: "r", count: max(0, columns.count - 1)) + "}", "\\toprule",
                   columns.map(esc).joined(separator: " & ") + " \\\\", "\\midrule"]
        out += rows.map { $0.map(esc).joined(separator: " & ") + " \\\\" }
        out += ["\\bottomrule", "\\end{tabular}"]
        for note in notes { out.append("\\par\\smallskip{\\footnotesize " + esc(note) + "}") }
        out.append("\\end{table}")
        return out.joined(separator: "\n")
    }

    /// CSV (RFC 4180): the header row and the rows; fields with a comma, quote or line break are quoted. The title
    /// and notes are not part of a CSV table.
    public var csv: String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// An HTML `<table>` with the title as caption and the notes as paragraphs after it (text escaped).
    public var html: String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = ["<table>", "<caption>\(esc(title))</caption>", "<thead><tr>" + columns.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        out += rows.map { "<tr>" + $0.map { "<td>\(esc($0))</td>" }.joined() + "</tr>" }
        out += ["</tbody>", "</table>"] + notes.map { "<p>\(esc($0))</p>" }
        return out.joined(separator: "\n")
    }

    /// Whether every title, column, cell and note is ASCII (then ``latexDocument`` compiles with `pdflatex`).
    public var isASCII: Bool {
        ([title] + columns + rows.flatMap { $0 } + notes).allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }
    }

    /// A complete LaTeX document holding ``latex``: `article` with `booktabs` for `pdflatex` when the labels are
    /// ASCII, else `ctexart` for `xelatex` (Chinese and other non-ASCII labels); its first line says which.
    public var latexDocument: String { Self.latexDocument([self]) }

    /// A complete LaTeX document holding several tables (``latex`` of each, in order): `article` with `booktabs`
    /// for `pdflatex` when every table is ASCII, else `ctexart` for `xelatex`; its first line says which.
    public static func latexDocument(_ tables: [Table]) -> String {
        let ascii = tables.allSatisfy(\.isASCII)
        return ([ascii ? "% compile with pdflatex" : "% compile with xelatex (labels are not ASCII; ctex package)",
                 ascii ? "\\documentclass{article}" : "\\documentclass{ctexart}",
                 "\\usepackage{booktabs}", "\\begin{document}"] + tables.map(\.latex) + ["\\end{document}", ""]).joined(separator: "\n")
    }
}

/// Number formatting shared by the reports.
public enum Format {
    /// Significance stars: `***` p < 0.01, `**` p < 0.05, `*` p < 0.1.
    public static func stars(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : ""
    }

    /// The legend printed under tables that use stars.
    public static let starsLegend = "* p < 0.1, ** p < 0.05, *** p < 0.01"

    /// Fixed decimals, `nan` as "NA".
    public static func fixed(_ x: Double, _ digits: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "NA" : (x > 0 ? "Inf" : "-Inf") }
        let s = String(format: "%.\(digits)f", x)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    /// A p-value: fixed digits, or "< 0.001"-style floor written as 0.000 as papers do.
    public static func pValue(_ p: Double, _ digits: Int = 3) -> String { fixed(p, digits) }
}
