/// GAL: the neighbour-list format of GeoDa, PySAL and spdep (`write.nb.gal`) for binary weights such as
/// contiguity or k nearest neighbours.
///
/// A header line, `n` or GeoDa's `0 n name idvar`, then for each unit a line `id k` followed by a line with its
/// k neighbour ids (blank when k = 0; the blank line may also be left out). Ids are text and are kept as written.
/// Lists need not be symmetric (kNN lists are not).
///
/// ```text
/// 0 3 example id
/// a 1
/// b
/// b 2
/// a c
/// c 1
/// b
/// ```
///
/// Reading rejects, naming the line and the id: a header that is not `n` or `0 n name idvar`, a non-integer
/// or negative count, fewer units than declared or a missing or short neighbour line (truncation), a count that
/// differs from the number of ids listed, a unit listed twice (`.duplicateId`), a neighbour that is not one of the
/// units (`.unknownId`), a unit among its own neighbours (`.selfNeighbor`), a neighbour listed twice
/// (`.duplicatePair`), and content after the last declared unit. Errors of the last four kinds come wrapped in
/// ``WeightsError/inFile(source:line:_:)``.
public enum GALFormat {
    /// Reads GAL text into binary weights, rows in the order of the file's units.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: file name used in error messages.
    /// - Complexity: O(size of the text).
    public static func read(_ text: String, source: String = "GAL") throws(WeightsError) -> SpatialWeights {
        let document = TokenizedLines(text)
        let lines = document.lines
        guard let h = document.firstNonBlank(from: 0) else {
            throw .malformed(source: source, line: 1, reason: "empty file: a GAL header ('n' or '0 n name idvar') is required")
        }
        let header = try WeightsFileHeader(lines[h], source: source, format: "GAL")
        let n = header.unitCount
        // Each unit takes at least its 'id k' line: reject impossible counts before reading (and allocating) anything.
        guard n <= lines.count - h - 1 else {
            throw .malformed(source: source, line: header.line,
                             reason: "the header declares \(n) units but only \(lines.count - h - 1) lines follow")
        }
        var ids = [String](), unitLines = [Int]()
        var links = WeightsLinkList(source: source)
        var seen = Set<String>()
        var p = h + 1
        while ids.count < n {
            guard let u = document.firstNonBlank(from: p) else {
                throw .malformed(source: source, line: lines.last?.number ?? header.line,
                                 reason: "unexpected end of file after \(ids.count) of the \(n) units declared in the header (truncated file?)")
            }
            let unit = lines[u]
            guard unit.tokens.count == 2 else {
                throw .malformed(source: source, line: unit.number,
                                 reason: "expected 'id count' for unit \(ids.count + 1) of \(n), found \(WeightsFileText.quoted(unit.tokens.joined(separator: " ")))")
            }
            let id = unit.tokens[0]
            guard let k = Int(unit.tokens[1]) else {
                throw .malformed(source: source, line: unit.number,
                                 reason: "neighbour count \(WeightsFileText.quoted(unit.tokens[1])) of unit \(WeightsFileText.quoted(id)) is not an integer")
            }
            guard k >= 0 else {
                throw .malformed(source: source, line: unit.number, reason: "negative neighbour count (\(k)) for unit \(WeightsFileText.quoted(id))")
            }
            guard seen.insert(id).inserted else { throw .inFile(source: source, line: unit.number, .duplicateId(id)) }
            ids.append(id)
            unitLines.append(unit.number)
            p = u + 1
            if k == 0 { continue }
            guard p < lines.count else {
                throw .malformed(source: source, line: unit.number,
                                 reason: "unit \(WeightsFileText.quoted(id)) declares \(k) neighbours but the file ends (truncated file?)")
            }
            let list = lines[p]
            guard list.tokens.count == k else {
                throw .malformed(source: source, line: list.number,
                                 reason: "unit \(WeightsFileText.quoted(id)) declares \(k) neighbours on line \(unit.number) but this line lists \(list.tokens.count)")
            }
            for to in list.tokens { links.links.append(.init(from: id, to: to, weight: 1, line: list.number)) }
            p += 1
        }
        if let extra = document.firstNonBlank(from: p) {
            throw .malformed(source: source, line: lines[extra].number,
                             reason: "content after the \(n) units declared in the header: \(WeightsFileText.quoted(lines[extra].tokens.joined(separator: " ")))")
        }
        var w = try links.weights(ids: ids) { "neighbour of unit '\($0.from)' is not among the \(n) units of the file" }
        w.idVariable = header.idVariable
        return w
    }

    /// GAL text for binary weights, with GeoDa's header `0 n name idvar` and neighbours in column order.
    ///
    /// - Parameters:
    ///   - weights: binary weights without self-neighbours.
    ///   - name: the header's layer name (whitespace becomes `_`).
    ///   - idVariable: the header's id variable name (whitespace becomes `_`); default the weights' ``SpatialWeights/idVariable``,
    ///     else `id`.
    /// - Throws: `.unsupported` when the weights are not binary (GAL has no values: write
    ///   `weights.transformed(.binary)` or use GWT, triplets CSV or JSON), have a self-neighbour, or have an id that
    ///   is empty or contains whitespace.
    public static func write(_ weights: SpatialWeights, name: String = "weights", idVariable: String? = nil) throws(WeightsError) -> String {
        let m = weights.matrix
        for id in weights.ids { try WeightsFileText.checkWritable(id, format: "GAL", token: true) }
        for i in 0..<weights.count {
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = m.columnIndices[k]
                if m.values[k] != 1 {
                    throw .unsupported("GAL holds neighbour lists only, and w(\(weights.ids[i]), \(weights.ids[j])) = \(m.values[k]): "
                        + "write weights.transformed(.binary), or use GWT, triplets CSV or JSON to keep the values")
                }
                if i == j { throw .unsupported("GAL cannot hold self-neighbours (unit '\(weights.ids[i])')") }
            }
        }
        var out = WeightsFileHeader.geoDaLine(count: weights.count, name: name, idVariable: idVariable ?? weights.idVariable ?? "id")
        for i in 0..<weights.count {
            let r = m.rowStart[i]..<m.rowStart[i + 1]
            out += "\(weights.ids[i]) \(r.count)\n"
            out += r.map { weights.ids[m.columnIndices[$0]] }.joined(separator: " ") + "\n"
        }
        return out
    }
}
