/// Triplets CSV: one link per row, `from,to,weight`, or an edge list `from,to` (every weight 1).
///
/// A header row is optional (`from,to,weight`, `i,j,w`, `from_id,to_id`, ...) and detected unless `hasHeader`
/// says otherwise. Ids are text. Units with no link appear nowhere in the file: pass the units as `ids`
/// (e.g. the data's id column); otherwise they are the ids found, in order of first appearance as `from`, then
/// those that appear only as `to`. For an undirected edge list (each pair once, as `contiguity_edges.csv` of
/// china31) pass `symmetric: true` to add `j -> i` for every `i -> j`.
///
/// ```text
/// from,to,weight
/// a,b,0.5
/// b,a,0.5
/// b,c,1.25
/// ```
///
/// Reading rejects, naming the line and the ids: CSV syntax errors, a table without 2 or 3 columns, ragged
/// rows, an empty id, a weight that is not a number (`.malformed`) or is NaN, infinite or negative
/// (`.invalidWeight`), an id not among `ids` (`.unknownId`), a unit linked to itself unless
/// `allowSelfNeighbors` (`.selfNeighbor`), and a pair given twice, in either direction when `symmetric`
/// (`.duplicatePair`). Errors about a link come wrapped in ``WeightsError/inFile(source:line:_:)``.
public enum TripletsCSVFormat {
    /// Reads triplets or an edge list into weights.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: file name used in error messages.
    ///   - ids: the units in row order (needed to include units without links, such as china31's Hainan).
    ///   - symmetric: add `to -> from` with the same weight for every row (undirected edge lists).
    ///   - allowSelfNeighbors: accept `i,i,w` rows (kernel weights).
    ///   - hasHeader: whether the first row is a header; `nil` detects it (known column names such as `from`, `to`,
    ///     `i`, `j`, `weight`; a non-numeric third cell; a first row that is not among `ids`; or non-integer ids
    ///     above integer ids).
    /// - Complexity: O(size of the text).
    public static func read(_ text: String, source: String = "CSV", ids: [String]? = nil, symmetric: Bool = false,
                            allowSelfNeighbors: Bool = false, hasHeader: Bool? = nil) throws(WeightsError) -> SpatialWeights {
        let records = try WeightsFileText.csvRecords(text, source: source)
        guard let first = records.first else {
            throw .malformed(source: source, line: 1, reason: "empty file: expected rows 'from,to,weight' or 'from,to'")
        }
        let width = first.fields.count
        guard width == 2 || width == 3 else {
            throw .malformed(source: source, line: first.line, reason: "\(width) columns: expected 3 (from,to,weight) or 2 (from,to)")
        }
        for r in records where r.fields.count != width {
            throw .malformed(source: source, line: r.line, reason: "\(r.fields.count) cells, but the first row has \(width): rows must have equal length")
        }
        let header = hasHeader ?? looksLikeHeader(records, ids: ids)
        var links = WeightsLinkList(source: source)
        links.links.reserveCapacity(records.count)
        for r in records.dropFirst(header ? 1 : 0) {
            let from = WeightsFileText.trimmed(r.fields[0]), to = WeightsFileText.trimmed(r.fields[1])
            if from.isEmpty || to.isEmpty { throw .malformed(source: source, line: r.line, reason: "empty id") }
            var w = 1.0
            if width == 3 {
                guard let v = WeightsFileText.weight(r.fields[2]) else {
                    throw .malformed(source: source, line: r.line, reason: "weight \(WeightsFileText.quoted(r.fields[2])) for pair "
                        + "(\(WeightsFileText.quoted(from)), \(WeightsFileText.quoted(to))) is not a number")
                }
                guard v.isFinite, v >= 0 else { throw .inFile(source: source, line: r.line, .invalidWeight(from: from, to: to, value: v)) }
                w = v
            }
            links.links.append(.init(from: from, to: to, weight: w, line: r.line))
        }
        if let ids {
            return try links.weights(ids: ids, allowSelfNeighbors: allowSelfNeighbors, symmetric: symmetric) { _ in
                "not among the \(ids.count) ids given"
            }
        }
        return try links.weights(ids: links.idsInOrderOfAppearance(), allowSelfNeighbors: allowSelfNeighbors, symmetric: symmetric) { _ in
            "not among the file's ids"
        }
    }

    /// Triplets CSV text: a header `from,to,weight`, then one row per stored entry, row by row, weights written
    /// so that they read back exactly.
    ///
    /// Units without links do not appear: read such files back with `ids: weights.ids`.
    /// - Throws: `.unsupported` for an id that is empty or begins or ends with whitespace.
    public static func write(_ weights: SpatialWeights) throws(WeightsError) -> String {
        for id in weights.ids { try WeightsFileText.checkWritable(id, format: "CSV", token: false) }
        let ids = weights.ids.map(WeightsFileText.csvField)
        let m = weights.matrix
        var out = "from,to,weight\n"
        for i in 0..<weights.count {
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                out += ids[i] + "," + ids[m.columnIndices[k]] + "," + WeightsFileText.number(m.values[k]) + "\n"
            }
        }
        return out
    }

    /// Column names that mark a header row.
    static let headerNames: Set<String> = [
        "from", "to", "i", "j", "w", "wij", "w_ij", "weight", "weights", "value", "source", "target", "origin", "destination",
        "orig", "dest", "focal", "neighbor", "neighbour", "id", "id1", "id2", "i_id", "j_id", "from_id", "to_id",
    ]

    /// Whether the first row of a 2- or 3-column table is a header (see ``read(_:source:ids:symmetric:allowSelfNeighbors:hasHeader:)``).
    static func looksLikeHeader(_ records: [(line: Int, fields: [String])], ids: [String]?) -> Bool {
        guard let first = records.first, first.fields.count >= 2 else { return false }
        let cells = first.fields.map(WeightsFileText.trimmed)
        if cells.contains(where: { headerNames.contains($0.lowercased()) }) { return true }
        if cells.count == 3, CSVReader.number(cells[2]) == nil { return true }
        if let ids {
            let known = Set(ids)
            return !known.contains(cells[0]) || !known.contains(cells[1])
        }
        let isInteger = { (s: String) in Int(WeightsFileText.trimmed(s)) != nil }
        return !(isInteger(cells[0]) && isInteger(cells[1]))
            && records.count > 1 && records.dropFirst().allSatisfy { $0.fields.count >= 2 && isInteger($0.fields[0]) && isInteger($0.fields[1]) }
    }
}
