extension SpatialWeights {
    /// Contiguity on a regular grid of `rows x columns` cells (spdep's `cell2nb`), numbered row by row: cell
    /// (r, c) is unit `r * columns + c`, with id `"\(r * columns + c + 1)"`.
    ///
    /// Rook links the 4 edge-sharing cells, queen also the 4 corner-sharing ones; `torus` wraps the edges.
    /// Used for simulations and benchmarks at any N without geometry.
    ///
    /// - Complexity: O(rows x columns).
    public static func lattice(rows: Int, columns: Int, rule: ContiguityRule = .rook, torus: Bool = false) throws(WeightsError) -> SpatialWeights {
        guard rows > 0, columns > 0, rows <= 1 << 20, columns <= 1 << 20, rows * columns <= 1 << 28 else {
            throw .invalidArgument("lattice of \(rows) x \(columns) cells is empty or too large")
        }
        let n = rows * columns
        let offsets: [(Int, Int)] = rule == .rook ? [(-1, 0), (0, -1), (0, 1), (1, 0)]
            : [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
        var start = [Int](repeating: 0, count: n + 1)
        var cols = [Int]()
        cols.reserveCapacity(n * offsets.count)
        var row = [Int]()
        for r in 0..<rows {
            for c in 0..<columns {
                row.removeAll(keepingCapacity: true)
                for (dr, dc) in offsets {
                    var rr = r + dr, cc = c + dc
                    if torus { rr = (rr + rows) % rows; cc = (cc + columns) % columns }
                    guard rr >= 0, rr < rows, cc >= 0, cc < columns else { continue }
                    let j = rr * columns + cc
                    if j != r * columns + c && !row.contains(j) { row.append(j) }
                }
                row.sort()
                cols.append(contentsOf: row)
                start[r * columns + c + 1] = cols.count
            }
        }
        let m = SparseMatrix(uncheckedRows: n, columns: n, rowStart: start, columnIndices: cols, values: [Double](repeating: 1, count: cols.count))
        return SpatialWeights(unchecked: (1...n).map(String.init), matrix: m, transformation: .none, warnings: [])
    }
}
