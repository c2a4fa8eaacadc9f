import Foundation

/// Weights as JSON: ids, 0-based neighbour lists and aligned weights, lossless (every double reads back exactly)
/// and able to hold islands, asymmetric lists and self-neighbours.
///
/// ```json
/// {
///   "n": 3,
///   "transformation": "row",
///   "ids": ["a", "b", "c"],
///   "neighbors": [[1], [0, 2], [1]],
///   "weights": [[1], [0.5, 0.5], [1]]
/// }
/// ```
///
/// `ids` (strings or integers) defaults to `"1"`...`"n"`, `weights` to 1, `transformation` (a
/// ``WeightsTransformation`` raw value) to `none`; `n`, when present, must equal the number of lists. The PySAL-style
/// layout of this package's reference fixtures, `{"n": 49, "neighbors_0based": [[...]], "weights": [[...]],
/// "transform": "R"}`, is read as well (`transform` O, R or B).
///
/// Reading rejects, naming the entry (e.g. `neighbors[3][2]`) or, for JSON syntax errors, the line and column:
/// invalid JSON (strict RFC 8259: no trailing commas, comments, NaN or repeated keys), a missing or mistyped key, lists of different lengths, an index outside `0..<n` (`.unknownId`), a unit
/// among its own neighbours unless `allowSelfNeighbors` (`.selfNeighbor`), a neighbour listed twice
/// (`.duplicatePair`), repeated ids (`.duplicateId`), and NaN, infinite or negative weights (`.invalidWeight`).
/// Typed errors come wrapped in ``WeightsError/inFile(source:line:_:)`` with line 0.
public enum WeightsJSONFormat {
    /// Reads weights from JSON text.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: file name used in error messages.
    ///   - allowSelfNeighbors: accept `i` among the neighbours of `i` (kernel weights).
    public static func read(_ text: String, source: String = "JSON", allowSelfNeighbors: Bool = false) throws(WeightsError) -> SpatialWeights {
        try read(Data(text.utf8), source: source, allowSelfNeighbors: allowSelfNeighbors)
    }

    /// Reads weights from JSON bytes (UTF-8).
    ///
    /// - Complexity: O(size of the data).
    public static func read(_ data: Data, source: String = "JSON", allowSelfNeighbors: Bool = false) throws(WeightsError) -> SpatialWeights {
        let root: [String: JSONValue]
        switch JSONValue.parse(data) {
        case .failure(let e): throw .malformed(source: source, line: e.line, reason: "not valid JSON: \(e.message)")
        case .success(.object(let o)): root = o
        case .success: throw .malformed(source: source, line: 0, reason: "the top level must be an object with keys 'ids', 'neighbors', 'weights'")
        }
        func bad(_ reason: String) -> WeightsError { .malformed(source: source, line: 0, reason: reason) }

        let neighborsKey = root["neighbors"] != nil ? "neighbors" : "neighbors_0based"
        guard let rawNeighbors = root[neighborsKey] else { throw bad("no key 'neighbors' (0-based neighbour lists)") }
        guard case .array(let lists) = rawNeighbors else { throw bad("'\(neighborsKey)' must be an array of arrays of indices") }
        let n = lists.count
        var neighbors = [[Int]]()
        neighbors.reserveCapacity(n)
        for (i, raw) in lists.enumerated() {
            guard case .array(let list) = raw else { throw bad("\(neighborsKey)[\(i)] must be an array of indices, found \(raw.summary)") }
            var row = [Int]()
            row.reserveCapacity(list.count)
            for (k, x) in list.enumerated() {
                guard let j = x.integer else { throw bad("\(neighborsKey)[\(i)][\(k)] must be an integer index, found \(x.summary)") }
                row.append(j)
            }
            neighbors.append(row)
        }
        if let raw = root["n"] {
            guard let declared = raw.integer else { throw bad("'n' must be an integer, found \(raw.summary)") }
            guard declared == n else { throw bad("'n' is \(declared) but '\(neighborsKey)' has \(n) lists") }
        }

        var ids = [String]()
        if let raw = root["ids"] {
            guard case .array(let list) = raw else { throw bad("'ids' must be an array of strings, found \(raw.summary)") }
            guard list.count == n else { throw bad("'ids' has \(list.count) entries but '\(neighborsKey)' has \(n) lists") }
            ids.reserveCapacity(n)
            for (k, x) in list.enumerated() {
                switch x {
                case .string(let s): ids.append(s)
                case .integer(let i): ids.append(String(i))
                default: throw bad("ids[\(k)] must be a string or an integer, found \(x.summary)")
                }
            }
        } else {
            ids = (0..<n).map { String($0 + 1) }
        }

        var weights: [[Double]]?
        if let raw = root["weights"] {
            guard case .array(let lists) = raw else { throw bad("'weights' must be an array of arrays of numbers, found \(raw.summary)") }
            guard lists.count == n else { throw bad("'weights' has \(lists.count) lists but '\(neighborsKey)' has \(n)") }
            var all = [[Double]]()
            all.reserveCapacity(n)
            for (i, rawList) in lists.enumerated() {
                guard case .array(let list) = rawList else { throw bad("weights[\(i)] must be an array of numbers, found \(rawList.summary)") }
                guard list.count == neighbors[i].count else {
                    throw bad("weights[\(i)] has \(list.count) entries but \(neighborsKey)[\(i)] has \(neighbors[i].count)")
                }
                var row = [Double]()
                row.reserveCapacity(list.count)
                for (k, x) in list.enumerated() {
                    guard let v = x.number else { throw bad("weights[\(i)][\(k)] must be a number, found \(x.summary)") }
                    row.append(v)
                }
                all.append(row)
            }
            weights = all
        }

        let transformation = try readTransformation(root, source: source)

        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted { throw .inFile(source: source, line: 0, .duplicateId(id)) }
        var triplets = [SparseMatrix.Entry]()
        triplets.reserveCapacity(neighbors.reduce(0) { $0 + $1.count })
        for (i, row) in neighbors.enumerated() {
            var inRow = Set<Int>()
            for (k, j) in row.enumerated() {
                guard j >= 0, j < n else {
                    throw .inFile(source: source, line: 0, .unknownId(String(j),
                        context: "\(neighborsKey)[\(i)][\(k)], a neighbour of unit '\(ids[i])': indices are 0-based and there are \(n) units"))
                }
                if j == i && !allowSelfNeighbors { throw .inFile(source: source, line: 0, .selfNeighbor(ids[i])) }
                guard inRow.insert(j).inserted else { throw .inFile(source: source, line: 0, .duplicatePair(ids[i], ids[j])) }
                let v = weights?[i][k] ?? 1
                guard v.isFinite, v >= 0 else { throw .inFile(source: source, line: 0, .invalidWeight(from: ids[i], to: ids[j], value: v)) }
                triplets.append(.init(row: i, column: j, value: v))
            }
        }
        return try SpatialWeights(ids: ids, matrix: SparseMatrix.fromValidTriplets(rows: n, triplets: triplets), transformation: transformation)
    }

    /// JSON text for the weights: `n`, `transformation`, `ids`, then one line per unit in `neighbors` and `weights`.
    /// Every weight is written in the shortest form that reads back as the same double.
    public static func write(_ weights: SpatialWeights) -> String {
        let m = weights.matrix
        var out = "{\n  \"n\": \(weights.count),\n  \"transformation\": \(string(weights.transformation.rawValue)),\n"
        out += "  \"ids\": [" + weights.ids.map(string).joined(separator: ", ") + "],\n"
        for (key, last) in [("neighbors", false), ("weights", true)] {
            out += "  \"\(key)\": ["
            for i in 0..<weights.count {
                let r = m.rowStart[i]..<m.rowStart[i + 1]
                let cells = key == "neighbors" ? r.map { String(m.columnIndices[$0]) } : r.map { WeightsFileText.number(m.values[$0]) }
                out += (i == 0 ? "\n    [" : ",\n    [") + cells.joined(separator: ", ") + "]"
            }
            out += (weights.count > 0 ? "\n  ]" : "]") + (last ? "\n" : ",\n")
        }
        return out + "}\n"
    }

    // MARK: - Helpers

    static func readTransformation(_ root: [String: JSONValue], source: String) throws(WeightsError) -> WeightsTransformation {
        if let raw = root["transformation"] {
            guard case .string(let s) = raw, let t = WeightsTransformation(rawValue: s) else {
                throw .malformed(source: source, line: 0, reason: "'transformation' must be one of "
                    + WeightsTransformation.allCases.map(\.rawValue).joined(separator: ", ") + ", found \(raw.summary)")
            }
            return t
        }
        if let raw = root["transform"] {
            guard case .string(let s) = raw else { throw .malformed(source: source, line: 0, reason: "PySAL 'transform' must be O, R or B, found \(raw.summary)") }
            switch s.uppercased() {
            case "O": return .none
            case "R": return .row
            case "B": return .binary
            default: throw .malformed(source: source, line: 0, reason: "PySAL 'transform' must be O, R or B, found \(raw.summary)")
            }
        }
        return .none
    }

    /// A JSON string literal.
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
