import Foundation

/// A table of named columns read from CSV: cells are kept as text and parsed to numbers on request,
/// so id columns (state names) and numeric columns live side by side.
///
/// Missing cells are empty, `NA`, `N/A` or `.`. Numeric access names the column and the 1-based data row of
/// any cell that is missing or not a number.
///
/// ```swift
/// let table = try DataTable(csv: text)
/// let crime = try table.numbers("CRIME")
/// ```
public struct DataTable: Sendable, Equatable {
    public let columnNames: [String]
    /// `cells[column][row]`.
    public let cells: [[String]]
    public var rowCount: Int { cells.first?.count ?? 0 }
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
                throw .malformed(source: source, line: r.line, reason: "\(r.fields.count) fields, the header has \(names.count)")
            }
            for (j, f) in r.fields.enumerated() { cols[j].append(f) }
        }
        self.columnNames = names
        self.cells = cols
        self.source = source
    }

    /// Reads a CSV file.
    public init(contentsOf url: URL) throws(DataError) {
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
        columnNames = columns.map(\.name)
        cells = columns.map(\.values)
        self.source = source
    }

    func columnIndex(_ name: String) throws(DataError) -> Int {
        guard let j = columnNames.firstIndex(of: name) else { throw .missingColumn(name, available: columnNames) }
        return j
    }

    /// The raw text of a column.
    public func strings(_ name: String) throws(DataError) -> [String] { cells[try columnIndex(name)] }

    /// A numeric column; `nil` for missing cells. Throws for text that is not a number.
    public func optionalNumbers(_ name: String) throws(DataError) -> [Double?] {
        let j = try columnIndex(name)
        var out = [Double?]()
        out.reserveCapacity(rowCount)
        for (i, s) in cells[j].enumerated() {
            if CSVReader.isMissing(s) { out.append(nil); continue }
            guard let v = CSVReader.number(s) else { throw .notNumeric(column: name, row: i + 1, value: String(s.prefix(40))) }
            out.append(v)
        }
        return out
    }

    /// A numeric column with every cell present and finite, or an error naming the first bad cell.
    public func numbers(_ name: String) throws(DataError) -> [Double] {
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
        let cellsOut = values.map { $0.isFinite ? "\($0)" : "NA" }
        var names = columnNames, cols = cells
        if let j = names.firstIndex(of: name) { cols[j] = cellsOut } else { names.append(name); cols.append(cellsOut) }
        return DataTable(names: names, cells: cols, source: source)
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
        if order.allSatisfy({ Double($0) != nil }) { order.sort { (Double($0) ?? 0) < (Double($1) ?? 0) } }
        return order.map { ($0, rows[$0] ?? []) }
    }

    /// The rows at the given indices (0-based), in that order.
    public func selectingRows(_ rows: [Int]) -> DataTable {
        DataTable(names: columnNames, cells: cells.map { c in rows.map { c[$0] } }, source: source)
    }

    init(names: [String], cells: [[String]], source: String) {
        self.columnNames = names
        self.cells = cells
        self.source = source
    }
}
