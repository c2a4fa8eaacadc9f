import Foundation

/// Internal helpers shared by the weights builders: default ids and fast CSR assembly.
extension SpatialWeights {
    /// `ids`, or `"0" ..< "n-1"` when nil; throws if the count differs from `n`.
    static func resolveIds(_ ids: [String]?, count n: Int, what: String = "points") throws(WeightsError) -> [String] {
        guard let ids else { return (0..<n).map { String($0) } }
        guard ids.count == n else { throw .sizeMismatch("\(n) \(what) and \(ids.count) ids") }
        return ids
    }

    /// Weights from rows built by this package: `columns[rowStart[i]..<rowStart[i+1]]` ascending and unique,
    /// in range. Ids are checked for duplicates and values for finiteness by `init(ids:matrix:)`.
    static func assemble(ids: [String], rowStart: [Int], columns: [Int], values: [Double], warnings: [String] = []) throws(WeightsError) -> SpatialWeights {
        let m = SparseMatrix(uncheckedRows: ids.count, columns: ids.count, rowStart: rowStart, columnIndices: columns, values: values)
        return try SpatialWeights(ids: ids, matrix: m, warnings: warnings)
    }

    /// Binary symmetric weights from undirected pairs encoded `a << 32 | b` with `a < b`, sorted and unique.
    static func assembleUndirected(ids: [String], pairs: [UInt64], warnings: [String] = []) throws(WeightsError) -> SpatialWeights {
        let n = ids.count
        var rowStart = [Int](repeating: 0, count: n + 1)
        for p in pairs {
            rowStart[Int(p >> 32) + 1] += 1
            rowStart[Int(p & 0xFFFF_FFFF) + 1] += 1
        }
        for i in 0..<n { rowStart[i + 1] += rowStart[i] }
        var next = rowStart
        var columns = [Int](repeating: 0, count: rowStart[n])
        // Pairs sorted by (a, b): row b receives its smaller neighbours a in ascending order before any of its
        // own pairs (b, c) with c > b, so every row comes out sorted.
        for p in pairs {
            let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
            columns[next[a]] = b; next[a] += 1
            columns[next[b]] = a; next[b] += 1
        }
        return try assemble(ids: ids, rowStart: rowStart, columns: columns,
                            values: [Double](repeating: 1, count: columns.count), warnings: warnings)
    }

    /// Weights from unordered (row, column, value) entries with unique positions (built by this package):
    /// a counting sort by row, then each row sorted by column.
    ///
    /// - Complexity: O(n + nnz log(max row length)).
    static func assembleEntries(ids: [String], rows: [Int], columns: [Int], values: [Double], warnings: [String] = []) throws(WeightsError) -> SpatialWeights {
        let n = ids.count
        var rowStart = [Int](repeating: 0, count: n + 1)
        for r in rows { rowStart[r + 1] += 1 }
        for i in 0..<n { rowStart[i + 1] += rowStart[i] }
        var next = rowStart
        var cols = [Int](repeating: 0, count: rows.count), vals = [Double](repeating: 0, count: rows.count)
        for k in 0..<rows.count {
            let r = rows[k]
            cols[next[r]] = columns[k]; vals[next[r]] = values[k]; next[r] += 1
        }
        var scratch = [(Int, Double)]()
        for i in 0..<n {
            let lo = rowStart[i], hi = rowStart[i + 1]
            guard hi - lo > 1 else { continue }
            scratch.removeAll(keepingCapacity: true)
            for k in lo..<hi { scratch.append((cols[k], vals[k])) }
            scratch.sort { $0.0 < $1.0 }
            for (t, e) in scratch.enumerated() { cols[lo + t] = e.0; vals[lo + t] = e.1 }
        }
        return try assemble(ids: ids, rowStart: rowStart, columns: cols, values: vals, warnings: warnings)
    }

    /// A short list of ids for messages: the first 20, then "and N more".
    static func idList(_ units: [Int], ids: [String]) -> String {
        units.prefix(20).map { ids[$0] }.joined(separator: ", ") + (units.count > 20 ? " and \(units.count - 20) more" : "")
    }
}
