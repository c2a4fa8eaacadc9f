import Foundation

/// An arithmetic expression over a table's columns, such as `log(gsp)`, `pc / emp`, `x^2` or `` `GDP per capita` - 1 ``:
/// numbers, column names (in backticks when they hold blanks, dashes or other characters), `+ - * / ^`, unary minus,
/// parentheses and the functions `log`/`ln` (natural), `log10`, `exp`, `sqrt`, `abs`, and for panels `lag(x)` (the
/// previous period of the same unit, missing in the first period) and `diff(x)` (`x - lag(x)`). `I(x)` is `x`.
///
/// Precedence is R's: `^` binds tightest and is right-associative (`2^3^2 = 2^9`), then unary minus (`-2^2 = -4`),
/// then `*`, `/` and `:` (a product, as a formula's interaction `a:b`), then `+` and `-`, each left to right
/// (`a / b * c = (a / b) * c`).
///
/// Every entry point that takes a column name takes an expression: a string that is a column's name is that column,
/// exactly as before; any other string is parsed. The expression's ``text`` (trimmed) names the result in tables.
///
/// ```swift
/// let e = try ColumnExpression("log(gsp) - log(emp)")
/// let v = try table.values(of: e)      // [Double?], missing where an input is missing
/// ```
public struct ColumnExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression's syntax tree.
    public indirect enum Node: Sendable, Equatable {
        /// A number literal.
        case number(Double)
        /// A column, with the 1-based position of its name in the text.
        case column(String, position: Int)
        /// Unary minus.
        case negate(Node)
        /// A binary operation on two operands.
        case binary(Operator, Node, Node)
        /// A function applied to one argument.
        case function(Function, Node)
    }

    /// A binary operator of an expression: `+`, `-`, `*`, `/` and `^` (power), with the usual precedence (`^` binds
    /// tightest and is right-associative).
    public enum Operator: Character, Sendable, Equatable {
        /// The operators, by their symbol (their raw value).
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    /// A function an expression may call: `log` (natural), `log10`, `exp`, `sqrt`, `abs`, and on a panel `lag(x)`
    /// (the unit's value in the previous period) and `diff(x)` (`x - lag(x)`), both missing in a unit's first period.
    public enum Function: String, Sendable, Equatable, CaseIterable {
        /// The functions, by the name written in an expression (`ln` is also read as `log`).
        case log, log10, exp, sqrt, abs, lag, diff
    }

    /// The text as written, trimmed: the result's name.
    public let text: String
    /// The parsed syntax tree.
    public let node: Node
    /// The text the nodes' positions refer to when it is not ``text`` (a formula, for its terms).
    public let source: String?

    public var description: String { text }

    /// Parses `text`; errors give the 1-based character position and a fix.
    public init(_ text: String) throws(ExpressionError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        self.text = trimmed
        self.source = nil
        var parser = ExpressionParser(trimmed, tokens: try ExpressionTokenizer.tokens(trimmed))
        self.node = try parser.parseWhole()
    }

    /// An expression from a tree built in code (formula interactions), named `text`.
    public init(text: String, node: Node, source: String? = nil) {
        self.text = text
        self.node = node
        self.source = source
    }

    /// The columns the expression reads, in order of first use.
    public var columns: [String] {
        var out = [String]()
        func walk(_ n: Node) {
            switch n {
            case .number: break
            case .column(let c, _): if !out.contains(c) { out.append(c) }
            case .negate(let a), .function(_, let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            }
        }
        walk(node)
        return out
    }

    /// True when the expression uses `lag()` or `diff()` (it needs a panel).
    public var usesPanelFunctions: Bool {
        func walk(_ n: Node) -> Bool {
            switch n {
            case .number, .column: return false
            case .negate(let a): return walk(a)
            case .function(let f, let a): return f == .lag || f == .diff || walk(a)
            case .binary(_, let a, let b): return walk(a) || walk(b)
            }
        }
        return walk(node)
    }

    /// When the expression is one bare column name: that name (a plain name keeps the table's own errors).
    var bareColumn: String? {
        if case .column(let c, _) = node { return c }
        return nil
    }

    /// Splits a comma-separated list of expressions at the commas outside parentheses and backticks
    /// (`log(pcap), pow(a, b)` has two items), trimming each item and dropping blank ones.
    public static func splitList(_ list: String) -> [String] {
        var items = [String](), current = "", depth = 0, quoted = false
        for ch in list {
            if ch == "`" { quoted.toggle() }
            else if !quoted && ch == "(" { depth += 1 }
            else if !quoted && ch == ")" { depth = max(0, depth - 1) }
            if ch == "," && depth == 0 && !quoted { items.append(current); current = ""; continue }
            current.append(ch)
        }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
