import CLinearAlgebra

/// Cholesky factorisation `A = U'U` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// Used for solving normal equations and inverting information matrices. Only the upper triangle
/// of the input is read.
public struct Cholesky: Sendable {
    /// The factor U in the upper triangle (the strict lower triangle is zero).
    public let factor: Matrix

    /// Factors the symmetric positive definite `a` as `A = U'U` (LAPACK `dpotrf`); only the upper triangle of `a` is
    /// read.
    /// - Throws: ``LinearAlgebraError`` for a non-square matrix or a non-finite entry, and
    ///   ``LinearAlgebraError/notPositiveDefinite(order:)`` naming the leading minor that is not positive.
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .dimensionMismatch("Cholesky of a \(a.rows) x \(a.columns) matrix") }
        try a.checkFinite()
        var f = a
        var n = try lapackInt(a.rows, "order"), lda = max(n, 1), info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "U"))
        if n > 0 {
            f.elements.withUnsafeMutableBufferPointer { p in dpotrf_(&uplo, &n, p.baseAddress, &lda, &info) }
        }
        try checkIllegalArgument(info, "dpotrf")
        if info > 0 { throw .notPositiveDefinite(order: Int(info)) }
        for j in 0..<a.columns { for i in (j + 1)..<max(a.rows, j + 1) { f[i, j] = 0 } }
        factor = f
    }

    /// Solves `A X = B` (LAPACK `dpotrs`).
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard b.rows == factor.rows else { throw .dimensionMismatch("solve with \(factor.rows) x \(factor.rows) and right side of \(b.rows) rows") }
        var x = b
        var n = try lapackInt(factor.rows, "order"), nrhs = try lapackInt(b.columns, "rhs"), lda = max(n, 1), ldb = max(n, 1), info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "U"))
        if n > 0 && nrhs > 0 {
            factor.elements.withUnsafeBufferPointer { pa in
                x.elements.withUnsafeMutableBufferPointer { pb in dpotrs_(&uplo, &n, &nrhs, pa.baseAddress, &lda, pb.baseAddress, &ldb, &info) }
            }
        }
        try checkIllegalArgument(info, "dpotrs")
        return x
    }

    /// Solves `A x = b` for one right-hand side.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
    }

    /// `A^-1` (LAPACK `dpotri`), both triangles filled.
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        var inv = factor
        var n = try lapackInt(factor.rows, "order"), lda = max(n, 1), info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "U"))
        if n > 0 { inv.elements.withUnsafeMutableBufferPointer { p in dpotri_(&uplo, &n, p.baseAddress, &lda, &info) } }
        try checkIllegalArgument(info, "dpotri")
        if info > 0 { throw .singular(pivot: Int(info)) }
        inv.symmetrizeFromUpper()
        return inv
    }

    /// `ln det A = 2 sum ln U_ii`.
    public var logDeterminant: Double {
        factor.diagonalElements.reduce(0) { $0 + 2 * log($1) }
    }
}

import Foundation
