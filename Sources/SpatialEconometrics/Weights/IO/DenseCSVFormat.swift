/// Dense CSV: the full n x n matrix, one row per unit, as R's `write.csv` or a spreadsheet writes it.
///
/// A header row of ids and a first column of ids are both optional and detected from the content:
/// - a first row with a non-numeric cell after its first is a header (`state,ALABAMA,ARIZONA,...`);
/// - an all-numeric first row is a header when the shape says so: n + 1 rows of n cells, or a square table
///   whose corner cell is not a number (`POLYID,1,2,...,49` over rows `1,0,0.5,...`);
/// - a first column of ids is present when the data rows have one cell more than there are rows.
///
/// The header may have n + 1 cells (a corner cell, ignored) or n. Ids come from the first column, else the
/// header, else are `"1"`...`"n"`; when both are present they must agree. Zero cells are not links.
///
/// ```text
/// id,a,b,c
/// a,0,1,0
/// b,0.5,0,0.5
/// c,0,1,0
/// ```
///
/// Reading rejects, naming the line, the column and the ids: CSV syntax errors, ragged rows, a table that is not
/// n x n (with or without the id column), header ids that differ from the row ids, empty or repeated ids, a cell
/// that is not a number (`.malformed`), NaN, infinite or negative cells (`.invalidWeight`), and a non-zero
/// diagonal (`.selfNeighbor`, unless `allowSelfNeighbors`). Typed errors come wrapped in
/// ``WeightsError/inFile(source:line:_:)``.
public enum DenseCSVFormat {
    /// Reads a dense CSV matrix into weights.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: file name used in error messages.
    ///   - allowSelfNeighbors: accept non-zero diagonal cells (kernel weights).
    /// - Complexity: O(n^2) time for the n^2 cells; memory O(size of the text + nnz).
    public static func read(_ text: String, source: String = "CSV", allowSelfNeighbors: Bool = false) throws(WeightsError) -> SpatialWeights {
        let records = try WeightsFileText.csvRecords(text, source: source)
        guard let first = records.first else { throw .malformed(source: source, line: 1, reason: "empty file: no rows") }
        let layout = try Layout(records, source: source)
        let rows = records.dropFirst(layout.hasHeader ? 1 : 0)
        let n = rows.count, offset = layout.hasIdColumn ? 1 : 0

        // Ids: first column, else header, else 1...n; header and first column must agree.
        var headerIds: [String]?, corner: String?
        if layout.hasHeader {
            let h = first.fields.map(WeightsFileText.trimmed)
            headerIds = Array(h.count == n + offset ? h.dropFirst(offset) : h[...])
            // The corner cell of `state,ALABAMA,...` names the data column of the ids.
            if offset == 1, h.count == n + 1, let c = h.first, !c.isEmpty, Double(c) == nil { corner = c }
        }
        var ids = [String]()
        ids.reserveCapacity(n)
        for (k, r) in rows.enumerated() {
            if layout.hasIdColumn {
                ids.append(WeightsFileText.trimmed(r.fields[0]))
            } else if let headerIds, k < headerIds.count {
                ids.append(headerIds[k])
            } else {
                ids.append(String(k + 1))
            }
        }
        if layout.hasIdColumn, let headerIds {
            for (k, (h, r)) in zip(headerIds, ids).enumerated() where h != r {
                throw .malformed(source: source, line: first.line, reason: "column \(k + 1 + offset) is headed \(WeightsFileText.quoted(h)) "
                    + "but row \(k + 1) (line \(rows[rows.startIndex + k].line)) has id \(WeightsFileText.quoted(r)): header and first column must list the same ids in the same order")
            }
        }
        var seen = Set<String>()
        for (k, id) in ids.enumerated() {
            let line = layout.hasIdColumn ? rows[rows.startIndex + k].line : first.line
            if id.isEmpty { throw .malformed(source: source, line: line, reason: "empty id for row \(k + 1)") }
            guard seen.insert(id).inserted else { throw .inFile(source: source, line: line, .duplicateId(id)) }
        }

        var triplets = [SparseMatrix.Entry]()
        for (i, r) in rows.enumerated() {
            for j in 0..<n {
                let cell = r.fields[j + offset]
                guard let v = WeightsFileText.weight(cell) else {
                    throw .malformed(source: source, line: r.line, reason: "row \(i + 1) (\(WeightsFileText.quoted(ids[i]))), column \(j + 1 + offset) "
                        + "(\(WeightsFileText.quoted(ids[j]))): \(WeightsFileText.quoted(cell)) is not a number")
                }
                guard v.isFinite, v >= 0 else { throw .inFile(source: source, line: r.line, .invalidWeight(from: ids[i], to: ids[j], value: v)) }
                guard v != 0 else { continue }
                if i == j && !allowSelfNeighbors { throw .inFile(source: source, line: r.line, .selfNeighbor(ids[i])) }
                triplets.append(.init(row: i, column: j, value: v))
            }
        }
        var w = try SpatialWeights(ids: ids, matrix: SparseMatrix.fromValidTriplets(rows: n, triplets: triplets))
        w.idVariable = corner
        return w
    }

    /// Dense CSV text: a header `idColumnName,id_1,...,id_n`, then one row per unit `id_i,w_i1,...,w_in`, every
    /// weight written so that it reads back exactly (zeros as `0`).
    ///
    /// Stored zero weights are not distinguishable from absent links in this format.
    /// - Parameters:
    ///   - weights: the weights to write.
    ///   - idColumnName: the corner cell (default: the weights' ``SpatialWeights/idVariable``, else `id`); replaced by `id` when empty or numeric, so that the header is
    ///     always detected on reading.
    /// - Complexity: O(n^2) text: for small n (use triplets CSV or JSON for large sparse weights).
    /// - Throws: `.unsupported` for an id that is empty or begins or ends with whitespace.
    public static func write(_ weights: SpatialWeights, idColumnName: String? = nil) throws(WeightsError) -> String {
        for id in weights.ids { try WeightsFileText.checkWritable(id, format: "CSV", token: false) }
        let corner = WeightsFileText.trimmed(idColumnName ?? weights.idVariable ?? "id")
        let ids = weights.ids.map(WeightsFileText.csvField)
        var out = ([corner.isEmpty || CSVReader.number(corner) != nil ? "id" : WeightsFileText.csvField(corner)] + ids)
            .joined(separator: ",") + "\n"
        let m = weights.matrix
        var row = [String](repeating: "0", count: weights.count)
        for i in 0..<weights.count {
            let r = m.rowStart[i]..<m.rowStart[i + 1]
            for k in r { row[m.columnIndices[k]] = WeightsFileText.number(m.values[k]) }
            out += ids[i] + "," + row.joined(separator: ",") + "\n"
            for k in r { row[m.columnIndices[k]] = "0" }
        }
        return out
    }

    /// Where the ids are in a dense CSV table, found from its content (see ``DenseCSVFormat``).
    struct Layout {
        let hasHeader: Bool
        let hasIdColumn: Bool

        /// Detects the layout and checks the shape: equal row widths, n rows of n (+ 1) cells, header width.
        init(_ records: [(line: Int, fields: [String])], source: String) throws(WeightsError) {
            guard let first = records.first else { throw .malformed(source: source, line: 1, reason: "empty file: no rows") }
            let restOfFirstIsNumeric = first.fields.dropFirst().allSatisfy { CSVReader.number($0) != nil }
            let width = records.count > 1 ? records[1].fields.count : first.fields.count
            if !restOfFirstIsNumeric {
                hasHeader = true
            } else if width == records.count - 1 {
                hasHeader = true  // n + 1 rows of n cells: a numeric header, no id column
            } else if width == records.count {
                // Square: a non-numeric corner cell means a header and an id column.
                hasHeader = first.fields.first.map { CSVReader.number($0) == nil } ?? false
            } else {
                hasHeader = false
            }
            let rows = records.dropFirst(hasHeader ? 1 : 0)
            let n = rows.count
            guard let firstRow = rows.first else {
                // A header alone: zero units if it holds at most a corner cell.
                guard first.fields.count <= 1 else { throw .malformed(source: source, line: first.line, reason: "a header but no data rows") }
                hasIdColumn = true
                return
            }
            let c = firstRow.fields.count
            for r in rows where r.fields.count != c {
                throw .malformed(source: source, line: r.line, reason: "\(r.fields.count) cells, but the first data row (line \(firstRow.line)) has \(c): rows must have equal length")
            }
            if c == n + 1 {
                hasIdColumn = true
            } else if c == n {
                hasIdColumn = false
            } else {
                throw .malformed(source: source, line: firstRow.line,
                                 reason: "\(n) rows of \(c) cells: a dense weights matrix is n x n, optionally with a first column of ids (not square)")
            }
            if hasHeader {
                let ok = first.fields.count == c || (hasIdColumn && first.fields.count == c - 1)
                guard ok else {
                    throw .malformed(source: source, line: first.line, reason: "the header has \(first.fields.count) cells, the rows have \(c)")
                }
            }
        }
    }
}
