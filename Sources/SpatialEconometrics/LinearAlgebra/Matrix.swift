import Foundation

/// A dense matrix of `Double`s stored column by column (Fortran / BLAS order).
///
/// Element (i, j) lives at `elements[i + j * rows]`. The type is a value: copies are cheap until written
/// (copy-on-write of the underlying array). Products and factorisations go through BLAS/LAPACK; see the
/// extensions in this folder.
///
/// ```swift
/// var a = Matrix(rows: 2, columns: 2, columnMajor: [4, 2, 2, 3])
/// a[0, 1] = 2
/// let b = try a * a
/// ```
public struct Matrix: Equatable, Sendable, Codable, CustomStringConvertible {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// Column-major storage, `rows * columns` entries.
    public internal(set) var elements: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.elements = Array(repeating: value, count: self.rows * self.columns)
        DenseAllocationMonitor.note(rows: self.rows, columns: self.columns)
    }

    /// A matrix from column-major storage. Throws if the count does not match.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw .dimensionMismatch("\(elements.count) elements for a \(rows) x \(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
        DenseAllocationMonitor.note(rows: rows, columns: columns)
    }

    /// A matrix from an array of rows (all of equal length).
    public init(rowArrays: [[Double]]) throws(LinearAlgebraError) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        var e = [Double](repeating: 0, count: r * c)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == c else { throw .dimensionMismatch("row \(i + 1) has \(row.count) entries, expected \(c)") }
            for j in 0..<c { e[i + j * r] = row[j] }
        }
        self.rows = r
        self.columns = c
        self.elements = e
        DenseAllocationMonitor.note(rows: r, columns: c)
    }

    /// A matrix whose columns are the given vectors (all of equal length).
    public init(columnArrays: [[Double]]) throws(LinearAlgebraError) {
        let r = columnArrays.first?.count ?? 0
        var e = [Double]()
        e.reserveCapacity(r * columnArrays.count)
        for (j, col) in columnArrays.enumerated() {
            guard col.count == r else { throw .dimensionMismatch("column \(j + 1) has \(col.count) entries, expected \(r)") }
            e.append(contentsOf: col)
        }
        self.rows = r
        self.columns = columnArrays.count
        self.elements = e
        DenseAllocationMonitor.note(rows: r, columns: columnArrays.count)
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<max(n, 0) { m.elements[i + i * n] = 1 }
        return m
    }

    /// A diagonal matrix.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for (i, v) in d.enumerated() { m.elements[i + i * d.count] = v }
        return m
    }

    /// The entry at `row` and `column` (0-based; column-major storage, `elements[row + column * rows]`). Unchecked
    /// beyond the array's own bounds check.
    @inline(__always)
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    /// Whether `rows == columns`.
    public var isSquare: Bool { rows == columns }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { Array(elements[(j * rows)..<((j + 1) * rows)]) }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { (0..<columns).map { elements[i + $0 * rows] } }

    /// The rows as arrays (for printing and JSON).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The main diagonal.
    public var diagonalElements: [Double] { (0..<min(rows, columns)).map { elements[$0 + $0 * rows] } }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] }
        }
        return t
    }

    /// Whether `self` equals its transpose to within `tolerance` (absolute).
    public func isSymmetric(tolerance: Double = 0) -> Bool {
        guard isSquare else { return false }
        for j in 0..<columns {
            for i in (j + 1)..<max(rows, j + 1) where abs(self[i, j] - self[j, i]) > tolerance { return false }
        }
        return true
    }

    /// Throws `nonFinite` at the first NaN or infinity.
    public func checkFinite() throws(LinearAlgebraError) {
        for (k, v) in elements.enumerated() where !v.isFinite { throw .nonFinite(row: k % rows, column: k / rows) }
    }

    public var description: String {
        rowArrays.map { $0.map { String(format: "%12.6g", $0) }.joined(separator: " ") }.joined(separator: "\n")
    }
}
