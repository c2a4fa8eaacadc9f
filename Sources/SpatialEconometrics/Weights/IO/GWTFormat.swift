/// GWT: GeoDa's weighted link list, used for distance and kernel weights.
///
/// A header line, `n` or GeoDa's `0 n name idvar`, then one line `from to weight` per link. Ids are text.
/// GWT has no unit list: units with no link (islands) appear nowhere in the file. Pass the units as `ids`
/// (e.g. the data's id column); otherwise the units are the ids found in the file, in order of first appearance
/// as a `from` id, then those that appear only as a `to` id, and their number must equal the header's n.
///
/// ```text
/// 0 3 example id
/// a b 0.5
/// b a 0.5
/// b c 1.25
/// c b 1.25
/// ```
///
/// Reading rejects, naming the line and the ids: a bad header or a non-integer or negative n, a line without
/// exactly three fields, a weight that is not a number (`.malformed`) or is NaN, infinite or negative
/// (`.invalidWeight`), an id not among `ids` (`.unknownId`), a unit linked to itself unless
/// `allowSelfNeighbors` (`.selfNeighbor`), a pair given twice (`.duplicatePair`), and a unit count that differs
/// from the header's n. Errors about a link come wrapped in ``WeightsError/inFile(source:line:_:)``.
public enum GWTFormat {
    /// Reads GWT text into weights.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: file name used in error messages.
    ///   - ids: the units in row order (needed to include units without links); their number must equal the header's n.
    ///   - allowSelfNeighbors: accept `i i w` lines (kernel weights carry `K(0)` on the diagonal).
    /// - Complexity: O(size of the text).
    public static func read(_ text: String, source: String = "GWT", ids: [String]? = nil,
                            allowSelfNeighbors: Bool = false) throws(WeightsError) -> SpatialWeights {
        let document = TokenizedLines(text)
        let lines = document.lines
        guard let h = document.firstNonBlank(from: 0) else {
            throw .malformed(source: source, line: 1, reason: "empty file: a GWT header ('n' or '0 n name idvar') is required")
        }
        let header = try WeightsFileHeader(lines[h], source: source, format: "GWT")
        let n = header.unitCount
        if let ids, ids.count != n {
            throw .malformed(source: source, line: header.line, reason: "the header declares \(n) units but \(ids.count) ids were given")
        }
        var links = WeightsLinkList(source: source)
        for line in lines.dropFirst(h + 1) where !line.isBlank {
            let t = line.tokens
            guard t.count == 3 else {
                throw .malformed(source: source, line: line.number,
                                 reason: "expected 'from to weight', found \(t.count) fields: \(WeightsFileText.quoted(t.joined(separator: " ")))")
            }
            guard let w = WeightsFileText.weight(t[2]) else {
                throw .malformed(source: source, line: line.number,
                                 reason: "weight \(WeightsFileText.quoted(t[2])) for pair (\(WeightsFileText.quoted(t[0])), \(WeightsFileText.quoted(t[1]))) is not a number")
            }
            guard w.isFinite, w >= 0 else { throw .inFile(source: source, line: line.number, .invalidWeight(from: t[0], to: t[1], value: w)) }
            links.links.append(.init(from: t[0], to: t[1], weight: w, line: line.number))
        }
        if let ids {
            var w = try links.weights(ids: ids, allowSelfNeighbors: allowSelfNeighbors) { _ in "not among the \(ids.count) ids given" }
            w.idVariable = header.idVariable
            return w
        }
        let found = links.idsInOrderOfAppearance()
        guard found.count == n else {
            throw .malformed(source: source, line: header.line, reason: "the header declares \(n) units but the file names \(found.count) distinct ids"
                + (found.count < n ? "; pass ids: (e.g. the data's id column) when some units have no links" : ""))
        }
        var w = try links.weights(ids: found, allowSelfNeighbors: allowSelfNeighbors) { _ in "not among the file's ids" }
        w.idVariable = header.idVariable
        return w
    }

    /// GWT text: GeoDa's header `0 n name idvar`, then one `from to weight` line per stored entry, row by row,
    /// weights written so that they read back exactly.
    ///
    /// Units without links do not appear in GWT: read such files back with `ids: weights.ids`.
    /// - Throws: `.unsupported` for an id that is empty or contains whitespace.
    public static func write(_ weights: SpatialWeights, name: String = "weights", idVariable: String? = nil) throws(WeightsError) -> String {
        for id in weights.ids { try WeightsFileText.checkWritable(id, format: "GWT", token: true) }
        let m = weights.matrix
        var out = WeightsFileHeader.geoDaLine(count: weights.count, name: name, idVariable: idVariable ?? weights.idVariable ?? "id")
        for i in 0..<weights.count {
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                out += "\(weights.ids[i]) \(weights.ids[m.columnIndices[k]]) \(WeightsFileText.number(m.values[k]))\n"
            }
        }
        return out
    }
}
