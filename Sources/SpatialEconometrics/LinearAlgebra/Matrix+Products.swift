import CLinearAlgebra

/// Whether an operand enters a product as is or transposed.
public enum Transpose: Sendable {
    /// The operand as is (`N` in BLAS) or transposed (`T`).
    case none, transposed
    var flag: CChar { self == .none ? CChar(UInt8(ascii: "N")) : CChar(UInt8(ascii: "T")) }
}

extension Matrix {
    /// General product `alpha * op(A) * op(B)` through BLAS `dgemm`.
    ///
    /// - Complexity: O(m n k) flops in BLAS.
    public static func product(
        _ a: Matrix, _ ta: Transpose = .none, _ b: Matrix, _ tb: Transpose = .none, alpha: Double = 1
    ) throws(LinearAlgebraError) -> Matrix {
        let (m, ka) = ta == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = tb == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard ka == kb else {
            throw .dimensionMismatch("product of \(m) x \(ka) and \(kb) x \(n)")
        }
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if ka == 0 { return c }
        var mm = try lapackInt(m, "rows \(m)"), nn = try lapackInt(n, "columns \(n)"), kk = try lapackInt(ka, "inner \(ka)")
        var lda = try lapackInt(max(a.rows, 1), "lda"), ldb = try lapackInt(max(b.rows, 1), "ldb"), ldc = max(mm, 1)
        var al = alpha, be = 0.0
        var fa = ta.flag, fb = tb.flag
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    dgemm_(&fa, &fb, &mm, &nn, &kk, &al, pa.baseAddress, &lda, pb.baseAddress, &ldb, &be, pc.baseAddress, &ldc)
                }
            }
        }
        return c
    }

    /// `A * B`.
    public static func * (a: Matrix, b: Matrix) throws(LinearAlgebraError) -> Matrix { try product(a, .none, b, .none) }

    /// Matrix-vector product `op(A) x` through BLAS `dgemv`.
    public func multiply(_ x: [Double], _ t: Transpose = .none) throws(LinearAlgebraError) -> [Double] {
        let (m, n) = t == .none ? (rows, columns) : (columns, rows)
        guard x.count == n else { throw .dimensionMismatch("\(m) x \(n) matrix times vector of length \(x.count)") }
        var y = [Double](repeating: 0, count: m)
        if m == 0 || n == 0 { return y }
        var r = try lapackInt(rows, "rows"), c = try lapackInt(columns, "columns"), lda = max(r, 1)
        var al = 1.0, be = 0.0, inc: Int32 = 1
        var f = t.flag
        elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    dgemv_(&f, &r, &c, &al, pa.baseAddress, &lda, px.baseAddress, &inc, &be, py.baseAddress, &inc)
                }
            }
        }
        return y
    }

    /// The cross-product `A' A` (symmetric, both triangles filled) through BLAS `dsyrk`.
    public var crossProduct: Matrix {
        get throws(LinearAlgebraError) {
            var c = Matrix(rows: columns, columns: columns)
            if columns == 0 || rows == 0 { return c }
            var n = try lapackInt(columns, "columns"), k = try lapackInt(rows, "rows"), lda = max(k, 1), ldc = max(n, 1)
            var al = 1.0, be = 0.0
            var uplo = CChar(UInt8(ascii: "U")), tr = CChar(UInt8(ascii: "T"))
            elements.withUnsafeBufferPointer { pa in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    dsyrk_(&uplo, &tr, &n, &k, &al, pa.baseAddress, &lda, &be, pc.baseAddress, &ldc)
                }
            }
            c.symmetrizeFromUpper()
            return c
        }
    }

    /// Copies the upper triangle into the lower one.
    mutating func symmetrizeFromUpper() {
        for j in 0..<columns {
            for i in (j + 1)..<max(rows, j + 1) { elements[i + j * rows] = elements[j + i * rows] }
        }
    }

    /// Element-wise sum.
    public static func + (a: Matrix, b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.rows == b.rows, a.columns == b.columns else {
            throw .dimensionMismatch("sum of \(a.rows) x \(a.columns) and \(b.rows) x \(b.columns)")
        }
        var c = a
        for k in c.elements.indices { c.elements[k] += b.elements[k] }
        return c
    }

    /// Element-wise difference.
    public static func - (a: Matrix, b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.rows == b.rows, a.columns == b.columns else {
            throw .dimensionMismatch("difference of \(a.rows) x \(a.columns) and \(b.rows) x \(b.columns)")
        }
        var c = a
        for k in c.elements.indices { c.elements[k] -= b.elements[k] }
        return c
    }

    /// Scalar multiple.
    public static func * (s: Double, a: Matrix) -> Matrix {
        var c = a
        for k in c.elements.indices { c.elements[k] *= s }
        return c
    }
}
