import Foundation

/// A sparse matrix in compressed sparse row (CSR) form: the storage of spatial weights.
///
/// Row `i` holds the entries `values[rowStart[i] ..< rowStart[i+1]]` in columns
/// `columnIndices[...]`, sorted ascending with no duplicates (the initialisers enforce both).
///
/// - Complexity: mat-vec and mat-mat products are O(nnz) and O(nnz * k); memory is O(n + nnz).
public struct SparseMatrix: Equatable, Sendable, Codable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// Row `i`'s entries are at positions `rowStart[i] ..< rowStart[i+1]` of ``columnIndices`` and ``values`` (`rows
    /// + 1` offsets).
    public let rowStart: [Int]
    /// The 0-based column of each stored entry, ascending within a row.
    public let columnIndices: [Int]
    /// The value of each stored entry, in the order of ``columnIndices``.
    public internal(set) var values: [Double]

    /// A matrix from CSR arrays; throws unless they are consistent (sorted, unique, in range).
    public init(rows: Int, columns: Int, rowStart: [Int], columnIndices: [Int], values: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, rowStart.count == rows + 1, rowStart.first == 0,
              rowStart.last == columnIndices.count, columnIndices.count == values.count else {
            throw .dimensionMismatch("inconsistent CSR arrays for a \(rows) x \(columns) matrix")
        }
        for i in 0..<rows where rowStart[i] > rowStart[i + 1] {
            throw .dimensionMismatch("CSR row pointers decrease at row \(i + 1)")
        }
        for i in 0..<rows {
            var previous = -1
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = columnIndices[k]
                guard j >= 0, j < columns else { throw .dimensionMismatch("column index \(j) out of range in row \(i + 1)") }
                guard j > previous else { throw .dimensionMismatch("unsorted or duplicate column \(j + 1) in row \(i + 1)") }
                previous = j
            }
        }
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Unchecked initialiser for arrays built correctly by this package.
    init(uncheckedRows rows: Int, columns: Int, rowStart: [Int], columnIndices: [Int], values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.columnIndices = columnIndices
        self.values = values
    }

    /// One entry of a matrix in coordinate form.
    public struct Entry: Equatable, Sendable {
        /// The entry's 0-based row, 0-based column and value.
        public var row: Int, column: Int, value: Double
        /// An entry `value` at (`row`, `column`), both 0-based.
        public init(row: Int, column: Int, value: Double) { self.row = row; self.column = column; self.value = value }
    }

    /// How `init(triplets:)` treats two entries at the same position.
    public enum DuplicatePolicy: Sendable {
        /// The values of entries at the same position are added.
        case sum
        /// A second entry at the same position is an error.
        case reject
    }

    /// A matrix from coordinate triplets (any order). Duplicates are summed or rejected.
    ///
    /// - Complexity: O(nnz + rows) (counting sort by row, then a sort within each row).
    public init(rows: Int, columns: Int, triplets: [Entry], duplicates: DuplicatePolicy = .reject) throws(LinearAlgebraError) {
        var counts = [Int](repeating: 0, count: rows + 1)
        for e in triplets {
            guard e.row >= 0, e.row < rows, e.column >= 0, e.column < columns else {
                throw .dimensionMismatch("entry (\(e.row + 1), \(e.column + 1)) outside a \(rows) x \(columns) matrix")
            }
            counts[e.row + 1] += 1
        }
        for i in 0..<rows { counts[i + 1] += counts[i] }
        var cols = [Int](repeating: 0, count: triplets.count)
        var vals = [Double](repeating: 0, count: triplets.count)
        var next = counts
        for e in triplets {
            cols[next[e.row]] = e.column
            vals[next[e.row]] = e.value
            next[e.row] += 1
        }
        var outStart = [Int](repeating: 0, count: rows + 1)
        var outCols = [Int](), outVals = [Double]()
        outCols.reserveCapacity(triplets.count); outVals.reserveCapacity(triplets.count)
        for i in 0..<rows {
            let range = counts[i]..<counts[i + 1]
            let order = range.sorted { cols[$0] < cols[$1] }
            for k in order {
                if let last = outCols.last, outCols.count > outStart[i], last == cols[k] {
                    if duplicates == .reject { throw .dimensionMismatch("duplicate entry (\(i + 1), \(cols[k] + 1))") }
                    outVals[outVals.count - 1] += vals[k]
                } else {
                    outCols.append(cols[k]); outVals.append(vals[k])
                }
            }
            outStart[i + 1] = outCols.count
        }
        self.init(uncheckedRows: rows, columns: columns, rowStart: outStart, columnIndices: outCols, values: outVals)
    }

    /// A sparse copy of a dense matrix, keeping the non-zero entries.
    public init(dense: Matrix) {
        var start = [0], cols = [Int](), vals = [Double]()
        for i in 0..<dense.rows {
            for j in 0..<dense.columns where dense[i, j] != 0 { cols.append(j); vals.append(dense[i, j]) }
            start.append(cols.count)
        }
        self.init(uncheckedRows: dense.rows, columns: dense.columns, rowStart: start, columnIndices: cols, values: vals)
    }

    /// Number of stored entries.
    public var nonzeroCount: Int { columnIndices.count }

    /// Stored entries of row `i` as (column, value) pairs.
    public func row(_ i: Int) -> [(column: Int, value: Double)] {
        (rowStart[i]..<rowStart[i + 1]).map { (columnIndices[$0], values[$0]) }
    }

    /// Entry (i, j) by binary search in row i (0 if not stored).
    public subscript(i: Int, j: Int) -> Double {
        var lo = rowStart[i], hi = rowStart[i + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if columnIndices[mid] == j { return values[mid] }
            if columnIndices[mid] < j { lo = mid + 1 } else { hi = mid }
        }
        return 0
    }

    /// `A x`.
    public func multiply(_ x: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard x.count == columns else { throw .dimensionMismatch("\(rows) x \(columns) sparse matrix times vector of length \(x.count)") }
        var y = [Double](repeating: 0, count: rows)
        x.withUnsafeBufferPointer { px in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<rows {
                        var s = 0.0
                        for k in rowStart[i]..<rowStart[i + 1] { s += v[k] * px[ci[k]] }
                        y[i] = s
                    }
                }
            }
        }
        return y
    }

    /// `A B` for a dense B: each column of B through the CSR rows.
    public func multiply(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard b.rows == columns else { throw .dimensionMismatch("\(rows) x \(columns) sparse matrix times \(b.rows) x \(b.columns)") }
        var c = Matrix(rows: rows, columns: b.columns)
        for j in 0..<b.columns {
            let y = try multiply(b.column(j))
            c.elements.replaceSubrange((j * rows)..<((j + 1) * rows), with: y)
        }
        return c
    }

    /// `A' x` without forming the transpose.
    public func multiplyTransposed(_ x: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard x.count == rows else { throw .dimensionMismatch("transpose of \(rows) x \(columns) sparse matrix times vector of length \(x.count)") }
        var y = [Double](repeating: 0, count: columns)
        for i in 0..<rows where x[i] != 0 {
            for k in rowStart[i]..<rowStart[i + 1] { y[columnIndices[k]] += values[k] * x[i] }
        }
        return y
    }

    /// The transpose, in CSR.
    ///
    /// - Complexity: O(nnz + columns).
    public var transposed: SparseMatrix {
        var counts = [Int](repeating: 0, count: columns + 1)
        for j in columnIndices { counts[j + 1] += 1 }
        for j in 0..<columns { counts[j + 1] += counts[j] }
        var next = counts
        var cols = [Int](repeating: 0, count: nonzeroCount), vals = [Double](repeating: 0, count: nonzeroCount)
        for i in 0..<rows {
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = columnIndices[k]
                cols[next[j]] = i
                vals[next[j]] = values[k]
                next[j] += 1
            }
        }
        return SparseMatrix(uncheckedRows: columns, columns: rows, rowStart: counts, columnIndices: cols, values: vals)
    }

    /// Row sums.
    public var rowSums: [Double] {
        (0..<rows).map { i in (rowStart[i]..<rowStart[i + 1]).reduce(0.0) { $0 + values[$1] } }
    }

    /// A dense copy (for small matrices and checks only: O(rows * columns) memory).
    public var dense: Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in 0..<rows { for k in rowStart[i]..<rowStart[i + 1] { m[i, columnIndices[k]] = values[k] } }
        return m
    }

    /// The same sparsity pattern with new values (same count).
    func withValues(_ v: [Double]) -> SparseMatrix {
        SparseMatrix(uncheckedRows: rows, columns: columns, rowStart: rowStart, columnIndices: columnIndices, values: v)
    }
}
