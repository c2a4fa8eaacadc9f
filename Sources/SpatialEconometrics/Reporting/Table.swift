import Foundation

/// A table as papers print them, rendered as aligned text, Markdown or LaTeX (`booktabs`).
///
/// ```swift
/// var t = Table(title: "Global Moran's I", columns: ["Year", "I", "Sd(I)", "Z", "p"])
/// t.rows.append(["2014", "0.709***", "0.102", "7.306", "0.000"])
/// print(t.text)
/// ```
public struct Table: Sendable, Codable, Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// Lines printed under the table (legend of stars, method notes).
    public var notes: [String]

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

    /// GitHub-flavoured Markdown.
    public var markdown: String {
        var out = ["**\(title)**", "", "| " + columns.joined(separator: " | ") + " |",
                   "|" + columns.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|"]
        out += rows.map { "| " + $0.joined(separator: " | ") + " |" }
        if !notes.isEmpty { out.append(""); out += notes.map { "*\($0)*" } }
        return out.joined(separator: "\n")
    }

    /// LaTeX (`booktabs`), with special characters escaped.
    public var latex: String {
        func esc(_ s: String) -> String {
            var r = ""
            for ch in s {
                switch ch {
                case "&", "%", "$", "#", "_", "{", "}": r += "\\\(ch)"
                case "*": r += "$^{*}$"
                default: r.append(ch)
                }
            }
            return r.replacingOccurrences(of: "$^{*}$$^{*}$$^{*}$", with: "$^{***}$").replacingOccurrences(of: "$^{*}$$^{*}$", with: "$^{**}$")
        }
        var out = ["\\begin{table}[htbp]", "\\centering", "\\caption{\(esc(title))}",
                   "\\begin{tabular}{l" + String(repeating: "r", count: max(0, columns.count - 1)) + "}", "\\toprule",
                   columns.map(esc).joined(separator: " & ") + " \\\\", "\\midrule"]
        out += rows.map { $0.map(esc).joined(separator: " & ") + " \\\\" }
        out += ["\\bottomrule", "\\end{tabular}"]
        if !notes.isEmpty { out.append("\\par\\footnotesize " + notes.map(esc).joined(separator: " ")) }
        out.append("\\end{table}")
        return out.joined(separator: "\n")
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
