import Foundation

/// A table of named columns read from CSV: cells are kept as text and parsed to numbers on request,
/// so id columns (state names) and numeric columns live side by side. Columns built in code from numbers
/// (`adding(_:values:)`, `init(numericColumns:)`) are stored as numbers and never turned into text, so a panel of
/// ten million rows costs 8 bytes a cell.
///
/// Missing cells are empty, `NA`, `N/A` or `.`. Numbers are read in decimal notation only (sign, digits, decimal
/// point, exponent): a cell such as `0x1A` is not a number (``DataError/notNumeric(column:row:value:)``), never 26.
/// `NaN`, `inf`, `Infinity` and overflowing values such as `1e400` are not missing cells: they read as non-finite
/// and ``numbers(_:)`` rejects them (``DataError/nonFinite(column:row:)``). Numeric access names the column and
/// the 1-based data row of any cell that is missing, not a number or not finite.
///
/// Lines may end with LF, CRLF or a lone CR.
///
/// ```swift
/// let table = try DataTable(csv: text)
/// let crime = try table.numbers("CRIME")
/// ```
public struct DataTable: Sendable, Equatable {
    /// A column's storage: text from a file, or numbers built in code (non-finite = missing).
    enum Column: Sendable, Equatable {
        case text([String])
        case numbers([Double])

        var count: Int {
            switch self { case .text(let v): return v.count; case .numbers(let v): return v.count }
        }

        var strings: [String] {
            switch self {
            case .text(let v): return v
            case .numbers(let v): return v.map { $0.isFinite ? "\($0)" : "NA" }
            }
        }

        func selecting(_ rows: [Int]) -> Column {
            switch self { case .text(let v): return .text(rows.map { v[$0] }); case .numbers(let v): return .numbers(rows.map { v[$0] }) }
        }
    }

    /// The column names, in the header's order.
    public let columnNames: [String]
    let columns: [Column]
    /// `cells[column][row]`, as text (numeric columns are formatted on request).
    public var cells: [[String]] { columns.map(\.strings) }
    /// The number of data rows.
    public var rowCount: Int { columns.first?.count ?? 0 }
    /// Where the table came from (file name), for error messages.
    public let source: String

    /// Parses CSV text with a header row.
    public init(csv text: String, source: String = "CSV") throws(DataError) {
        let recs = try CSVReader.records(text, source: source)
        guard let header = recs.first else { throw .malformed(source: source, line: 1, reason: "empty file (a header row is required)") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for n in names {
            if n.isEmpty && names.count > 1 { continue }
            if !seen.insert(n).inserted { throw .duplicateColumn(n) }
        }
        var cols = [[String]](repeating: [], count: names.count)
        for r in recs.dropFirst() {
            guard r.fields.count == names.count else {
                let hint = names.count == 1 && header.fields[0].contains(";")
                    ? " (the header has no comma but has semicolons: save the file as comma-separated CSV, with decimal points)" : ""
                throw .malformed(source: source, line: r.line, reason: "\(r.fields.count) fields, the header has \(names.count)" + hint)
            }
            for (j, f) in r.fields.enumerated() { cols[j].append(f) }
        }
        self.columnNames = names
        self.columns = cols.map { .text($0) }
        self.source = source
    }

    /// Reads a CSV file, or a shapefile's dBASE attribute table when the name ends in `.dbf` (``init(dbf:)``).
    public init(contentsOf url: URL) throws(DataError) {
        if url.pathExtension.lowercased() == "dbf" {
            try self.init(dbf: url)
            return
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .malformed(source: url.lastPathComponent, line: 0, reason: "cannot read file as UTF-8 text (\(error.localizedDescription))")
        }
        try self.init(csv: text, source: url.lastPathComponent)
    }

    /// A table from columns built in code.
    public init(columns: [(name: String, values: [String])], source: String = "table") throws(DataError) {
        let n = columns.first?.values.count ?? 0
        for c in columns where c.values.count != n { throw .invalidArgument("column '\(c.name)' has \(c.values.count) rows, expected \(n)") }
        try self.init(checked: columns.map { ($0.name, Column.text($0.values)) }, source: source)
    }

    /// A table of numeric columns built in code (non-finite values are missing cells), stored as numbers.
    public init(numericColumns columns: [(name: String, values: [Double])], source: String = "table") throws(DataError) {
        try self.init(checked: columns.map { ($0.name, Column.numbers($0.values)) }, source: source)
    }

    init(checked columns: [(String, Column)], source: String) throws(DataError) {
        let n = columns.first?.1.count ?? 0
        var seen = Set<String>()
        for (name, c) in columns {
            guard c.count == n else { throw .invalidArgument("column '\(name)' has \(c.count) rows, expected \(n)") }
            guard seen.insert(name).inserted else { throw .duplicateColumn(name) }
        }
        columnNames = columns.map(\.0)
        self.columns = columns.map(\.1)
        self.source = source
    }

    func columnIndex(_ name: String) throws(DataError) -> Int {
        guard let j = columnNames.firstIndex(of: name) else { throw .missingColumn(name, available: columnNames) }
        return j
    }

    /// The raw text of a column.
    public func strings(_ name: String) throws(DataError) -> [String] { columns[try columnIndex(name)].strings }

    /// A numeric column; `nil` for missing cells. Throws for text that is not a number.
    /// `name` may be an expression over the columns (``ColumnExpression``) when no column has that name.
    public func optionalNumbers(_ name: String) throws(DataError) -> [Double?] {
        guard let j = columnNames.firstIndex(of: name) else { return try expressionValues(name).values }
        guard case .text(let text) = columns[j] else {
            if case .numbers(let v) = columns[j] { return v.map { $0.isFinite ? $0 : nil } }
            return []
        }
        var out = [Double?]()
        out.reserveCapacity(rowCount)
        for (i, s) in text.enumerated() {
            if CSVReader.isMissing(s) { out.append(nil); continue }
            guard let v = CSVReader.number(s) else { throw .notNumeric(column: name, row: i + 1, value: String(s.prefix(40))) }
            out.append(v)
        }
        return out
    }

    /// A numeric column with every cell present and finite, or an error naming the first bad cell.
    /// `name` may be an expression over the columns (``ColumnExpression``) when no column has that name.
    public func numbers(_ name: String) throws(DataError) -> [Double] {
        guard let j = columnNames.firstIndex(of: name) else {
            return try self.numbers(of: Self.parse(name, columns: columnNames))
        }
        if case .numbers(let v) = columns[j] {
            if let i = v.firstIndex(where: { !$0.isFinite }) { throw .missingValue(column: name, row: i + 1) }
            return v
        }
        let v = try optionalNumbers(name)
        var out = [Double]()
        out.reserveCapacity(v.count)
        for (i, x) in v.enumerated() {
            guard let x else { throw .missingValue(column: name, row: i + 1) }
            guard x.isFinite else { throw .nonFinite(column: name, row: i + 1) }
            out.append(x)
        }
        return out
    }

    /// Several numeric columns as a column-major matrix (n x k).
    public func matrix(_ names: [String]) throws(DataError) -> Matrix {
        var e = [Double]()
        e.reserveCapacity(rowCount * names.count)
        for n in names { e.append(contentsOf: try numbers(n)) }
        return (try? Matrix(rows: rowCount, columns: names.count, columnMajor: e)) ?? Matrix(rows: 0, columns: 0)
    }

    /// A copy with a numeric column added (or replaced), e.g. a log or per-capita transform.
    /// Non-finite values are written as missing cells.
    public func adding(_ name: String, values: [Double]) throws(DataError) -> DataTable {
        guard values.count == rowCount else { throw .invalidArgument("column '\(name)' has \(values.count) values for \(rowCount) rows") }
        var names = columnNames, cols = columns
        if let j = names.firstIndex(of: name) { cols[j] = .numbers(values) } else { names.append(name); cols.append(.numbers(values)) }
        return DataTable(names: names, columns: cols, source: source)
    }

    /// A copy in which every text column whose cells are all numbers or missing is stored as numbers (parsed once),
    /// except the columns named in `keepingText` (ids). Repeated numeric access (a battery of model fits) then costs
    /// no parsing; other columns, and the errors for them, are unchanged.
    public func parsingNumericColumns(keepingText: Set<String> = []) -> DataTable {
        var cols = columns
        for (j, name) in columnNames.enumerated() where !keepingText.contains(name) {
            guard case .text = cols[j], let v = try? optionalNumbers(name) else { continue }
            cols[j] = .numbers(v.map { $0 ?? .nan })
        }
        return DataTable(names: columnNames, columns: cols, source: source)
    }

    /// The rows (0-based) of each distinct value of `column`, e.g. each period: values in order of first appearance,
    /// or numerically sorted when all are numbers (years).
    public func rowGroups(by column: String) throws(DataError) -> [(value: String, rows: [Int])] {
        let values = try strings(column).map { $0.trimmingCharacters(in: .whitespaces) }
        var order = [String](), rows = [String: [Int]]()
        for (i, v) in values.enumerated() {
            if rows[v] == nil { order.append(v) }
            rows[v, default: []].append(i)
        }
        if let numeric = LabelOrder.numericallySorted(order) { order = numeric }
        return order.map { ($0, rows[$0] ?? []) }
    }

    /// The rows at the given indices (0-based), in that order.
    public func selectingRows(_ rows: [Int]) -> DataTable {
        DataTable(names: columnNames, columns: columns.map { $0.selecting(rows) }, source: source)
    }

    init(names: [String], columns: [Column], source: String) {
        self.columnNames = names
        self.columns = columns
        self.source = source
    }
}
