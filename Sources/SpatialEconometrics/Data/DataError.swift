/// Errors raised while reading or using data tables and panels. Rows are 1-based data rows (the header is row 0).
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file or text that cannot be parsed: its source (file name), 1-based line and the reason.
    case malformed(source: String, line: Int, reason: String)
    /// A column that is not in the table, with the columns that are.
    case missingColumn(String, available: [String])
    /// A column name that appears twice in a header.
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
    /// An argument outside its domain (the message says which and why).
    case invalidArgument(String)
    /// The ids of the data (in `column`, or its rows when `nil`) are not the weights' ids: counts and the first ids
    /// without a partner on each side.
    case idsDoNotMatch(column: String?, source: String, dataCount: Int, weightsCount: Int, onlyInData: [String], onlyInWeights: [String])
    /// Several columns hold exactly the weights' ids (in different orders): the id column must be named.
    case ambiguousIdColumn(candidates: [String])
    /// No column holds the weights' ids, and the weights have ids of their own (so pairing by position would be a guess).
    case noIdColumn(source: String, weightsCount: Int, example: [String])
    /// An id that appears on more than one row (1-based rows).
    case duplicateId(column: String, id: String, rows: [Int])
    /// A column expression that does not parse, names an unknown column, or leaves a function's domain in some row.
    case expression(ExpressionError)

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
        case .idsDoNotMatch(let column, let source, let d, let w, let onlyD, let onlyW):
            let list = { (ids: [String]) in ids.map { "'\($0)'" }.joined(separator: ", ") }
            var s = "the weights cover \(w) units and \(source) has \(d) " + (column.map { "ids in column '\($0)'" } ?? "rows")
            if !onlyD.isEmpty { s += "; in the data but not in the weights: " + list(onlyD) + (onlyD.count == 5 ? ", ..." : "") }
            if !onlyW.isEmpty { s += "; in the weights but not in the data: " + list(onlyW) + (onlyW.count == 5 ? ", ..." : "") }
            if onlyD.isEmpty && d < w {
                s += ". Subset the weights to the data's units (`spatial weights --from W --keep ID,... --out F`, or --subset FILE; library: SpatialWeights.subset(ids:))"
            } else if !onlyD.isEmpty {
                s += ". Use weights over the data's units, or fix the ids"
            } else if column == nil {
                s += ". Each data row must be one unit of the weights"
            }
            return s
        case .ambiguousIdColumn(let c):
            return "columns " + c.map { "'\($0)'" }.joined(separator: ", ") + " all hold the weights' ids (in different orders): name the one that identifies the units (--id-column NAME; library: idColumn:)"
        case .noIdColumn(let source, let n, let example):
            return "no column of \(source) holds the weights' \(n) ids (e.g. " + example.map { "'\($0)'" }.joined(separator: ", ")
                + "): name the id column (--id-column NAME; library: idColumn:), or pair the rows in order with --by-position (library: byPosition: true) if they are in the weights' order"
        case .duplicateId(let c, let id, let rows):
            return "column '\(c)': id '\(id)' appears on rows \(rows.prefix(10).map(String.init).joined(separator: ", ")): each unit must appear once"
        case .expression(let e): return e.description
        }
    }
}

extension DataError {
    /// The same error with its 1-based data rows passed through `row`: from the rows of a table made by
    /// ``DataTable/selectingRows(_:)`` (a period, the rows paired with the weights) to those of the table it came from,
    /// so that a message names the row of the user's file. Errors without rows are returned unchanged.
    public func mappingRows(_ row: (Int) -> Int) -> DataError {
        switch self {
        case .notNumeric(let c, let r, let v): return .notNumeric(column: c, row: row(r), value: v)
        case .missingValue(let c, let r): return .missingValue(column: c, row: row(r))
        case .nonFinite(let c, let r): return .nonFinite(column: c, row: row(r))
        case .duplicateObservation(let u, let p, let rows): return .duplicateObservation(unit: u, period: p, rows: rows.map(row).sorted())
        case .duplicateId(let c, let id, let rows): return .duplicateId(column: c, id: id, rows: rows.map(row).sorted())
        case .expression(.outOfDomain(let e, let op, let r, let v)): return .expression(.outOfDomain(expression: e, operation: op, row: row(r), value: v))
        default: return self
        }
    }
}
