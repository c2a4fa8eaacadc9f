/// Errors raised while reading or using data tables and panels. Rows are 1-based data rows (the header is row 0).
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(source: String, line: Int, reason: String)
    case missingColumn(String, available: [String])
    case duplicateColumn(String)
    /// A cell that is needed as a number but is not one in decimal notation (text, hexadecimal `0x1A`, ...).
    case notNumeric(column: String, row: Int, value: String)
    /// A missing cell (empty or `NA`) in a column a computation needs.
    case missingValue(column: String, row: Int)
    /// A parsed number that is NaN or infinite.
    case nonFinite(column: String, row: Int)
    /// The panel lacks this unit-period combination.
    case missingObservation(unit: String, period: String)
    /// The panel has this unit-period combination more than once (data rows given).
    case duplicateObservation(unit: String, period: String, rows: [Int])
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .malformed(let s, let l, let r): return "\(s), line \(l): \(r)"
        case .missingColumn(let c, let a):
            let hint = a.count == 1 && a[0].contains(";") ? "; the file seems to be separated by semicolons: save it as comma-separated CSV" : ""
            return "no column '\(c)' (columns: \(a.prefix(30).joined(separator: ", "))\(hint))"
        case .duplicateColumn(let c): return "column '\(c)' appears more than once in the header"
        case .notNumeric(let c, let r, let v):
            if v.contains(","), CSVReader.number(v.replacingOccurrences(of: ",", with: ".")) != nil {
                return "column '\(c)', row \(r): '\(v)' is not a number: decimal commas are not read; write a decimal point (2.5), and separate fields by commas"
            }
            return "column '\(c)', row \(r): '\(v)' is not a number (write numbers in decimal notation, e.g. 26 or 2.6e1, and a missing value as NA or an empty cell)"
        case .missingValue(let c, let r): return "column '\(c)', row \(r): missing value"
        case .nonFinite(let c, let r): return "column '\(c)', row \(r): value is not finite"
        case .missingObservation(let u, let p): return "unbalanced panel: unit '\(u)' has no observation in period '\(p)'"
        case .duplicateObservation(let u, let p, let rows): return "unit '\(u)', period '\(p)' appears more than once (rows \(rows.map(String.init).joined(separator: ", ")))"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        }
    }
}
