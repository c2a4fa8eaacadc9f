import CLinearAlgebra
import Foundation

/// LU factorisation with partial pivoting `P A = L U` (LAPACK `dgetrf`), for solves and (log-)determinants
/// of general square matrices, e.g. the dense check `ln|I - rho W|` of the log-determinant methods.
public struct LUDecomposition: Sendable {
    /// L (unit lower, strict lower triangle) and U (upper triangle) packed as LAPACK returns them.
    public let packed: Matrix
    /// 1-based pivot indices as LAPACK returns them.
    public let pivots: [Int32]
    /// The first exactly zero pivot (1-based), if any; the factorisation is then singular.
    public let zeroPivot: Int?

    /// Factors the square matrix `a` as `P A = L U` with partial pivoting (LAPACK `dgetrf`); an exactly singular
    /// matrix is not an error here: ``zeroPivot`` says where it is.
    /// - Throws: ``LinearAlgebraError`` for a non-square matrix or a non-finite entry.
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .dimensionMismatch("LU of a \(a.rows) x \(a.columns) matrix") }
        try a.checkFinite()
        var f = a
        var n = try lapackInt(a.rows, "order"), lda = max(n, 1), info: Int32 = 0
        var ipiv = [Int32](repeating: 0, count: a.rows)
        if n > 0 {
            f.elements.withUnsafeMutableBufferPointer { p in
                ipiv.withUnsafeMutableBufferPointer { ip in dgetrf_(&n, &n, p.baseAddress, &lda, ip.baseAddress, &info) }
            }
        }
        try checkIllegalArgument(info, "dgetrf")
        packed = f
        pivots = ipiv
        zeroPivot = info > 0 ? Int(info) : nil
    }

    /// `ln |det A|` and the sign of `det A` (sign 0 for a singular matrix, with log -infinity).
    public var logAbsDeterminant: (logAbs: Double, sign: Double) {
        if zeroPivot != nil { return (-.infinity, 0) }
        var s = 1.0, l = 0.0
        for i in 0..<packed.rows {
            let u = packed[i, i]
            if u < 0 { s = -s }
            if Int(pivots[i]) != i + 1 { s = -s }
            l += log(abs(u))
        }
        return (l, s)
    }

    /// `det A` (may overflow for large matrices; prefer `logAbsDeterminant`).
    public var determinant: Double {
        let (l, s) = logAbsDeterminant
        return s == 0 ? 0 : s * exp(l)
    }

    /// Solves `A X = B` (LAPACK `dgetrs`).
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        if let p = zeroPivot { throw .singular(pivot: p) }
        guard b.rows == packed.rows else { throw .dimensionMismatch("solve with \(packed.rows) x \(packed.rows) and right side of \(b.rows) rows") }
        var x = b
        var n = try lapackInt(packed.rows, "order"), nrhs = try lapackInt(b.columns, "rhs"), lda = max(n, 1), info: Int32 = 0
        var tr = CChar(UInt8(ascii: "N"))
        if n > 0 && nrhs > 0 {
            packed.elements.withUnsafeBufferPointer { pa in
                pivots.withUnsafeBufferPointer { ip in
                    x.elements.withUnsafeMutableBufferPointer { pb in dgetrs_(&tr, &n, &nrhs, pa.baseAddress, &lda, ip.baseAddress, pb.baseAddress, &lda, &info) }
                }
            }
        }
        try checkIllegalArgument(info, "dgetrs")
        return x
    }

    /// `A^-1` by solving against the identity.
    public func inverse() throws(LinearAlgebraError) -> Matrix { try solve(.identity(packed.rows)) }
}
