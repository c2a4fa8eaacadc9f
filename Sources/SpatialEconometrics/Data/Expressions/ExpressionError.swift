import Foundation

/// Errors of a column expression (`log(gsp)`, `pc / emp`) or a formula (`log(gsp) ~ log(pcap) + unemp`): where in the
/// text (1-based character position), which column, or which data row (1-based) made it fail, and how to fix it.
public enum ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not parse: `message` says what was found at `position`, `fix` what to write instead.
    case syntax(expression: String, position: Int, message: String, fix: String)
    /// A name at `position` that is not a column of the table.
    case unknownColumn(String, expression: String, position: Int, available: [String])
    /// A function name at `position` that the language does not have.
    case unknownFunction(String, expression: String, position: Int)
    /// A value out of a function's domain (log of a non-positive value, square root of a negative one, a division by
    /// zero, a result that is not finite) in data row `row` (1-based).
    case outOfDomain(expression: String, operation: String, row: Int, value: Double)
    /// `lag()` or `diff()` used on a table that is not a panel.
    case needsPanel(expression: String, function: String)

    /// The functions an expression may call.
    public static let functions = ["log", "ln", "log10", "exp", "sqrt", "abs", "lag", "diff", "I"]

    public var description: String {
        switch self {
        case .syntax(let e, let p, let m, let f):
            return "expression '\(e)', position \(p): \(m); \(f)"
        case .unknownColumn(let c, let e, let p, let a):
            let similar = a.first { $0.lowercased() == c.lowercased() }.map { " (did you mean '\($0)'?)" } ?? ""
            return "expression '\(e)', position \(p): no column '\(c)'\(similar) (columns: \(a.prefix(30).joined(separator: ", ")))"
                + "; write a column name as in the header, and names with blanks, dashes or other characters in backticks: `\(c)`"
        case .unknownFunction(let f, let e, let p):
            return "expression '\(e)', position \(p): unknown function '\(f)'; the functions are "
                + Self.functions.joined(separator: ", ") + " (log and ln are natural logarithms)"
        case .outOfDomain(let e, let op, let r, let v):
            return "expression '\(e)', row \(r): \(op) of \(Self.format(v)) is not defined; "
                + "drop or fix the row, or transform the variable so that its values are in the domain (e.g. log(x + c) for x > -c)"
        case .needsPanel(let e, let f):
            return "expression '\(e)': \(f)() needs a panel (the previous period of the same unit); "
                + "evaluate it on a Panel (unit and time columns), e.g. a panel fit or Panel.values(of:)"
        }
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(format: "%.0f", v) : "\(v)"
    }
}
