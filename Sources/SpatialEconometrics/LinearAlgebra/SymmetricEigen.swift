import CLinearAlgebra
import Foundation

/// Eigenvalues (ascending) and optionally eigenvectors of a real symmetric matrix (LAPACK `dsyevd`,
/// divide and conquer). Only the upper triangle is read.
///
/// Used for the exact log-determinant `ln|I - rho W| = sum ln(1 - rho lambda_i)` when W is symmetric or
/// similar to a symmetric matrix (`D^-1 C` with symmetric C: eigenvalues of `D^-1/2 C D^-1/2`).
///
/// - Complexity: O(n^3).
public struct SymmetricEigen: Sendable {
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// Eigenvectors as columns (present when requested).
    public let vectors: Matrix?

    /// Computes the eigenvalues (ascending) of the symmetric matrix `a`, and its eigenvectors when `vectors` is true
    /// (LAPACK `dsyevd`; only the upper triangle is read).
    /// - Throws: ``LinearAlgebraError`` for a non-square matrix, a non-finite entry or no convergence.
    public init(_ a: Matrix, vectors wantVectors: Bool = false) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .dimensionMismatch("eigenvalues of a \(a.rows) x \(a.columns) matrix") }
        try a.checkFinite()
        var m = a
        var n = try lapackInt(a.rows, "order"), lda = max(n, 1), info: Int32 = 0
        var w = [Double](repeating: 0, count: a.rows)
        var jobz = CChar(UInt8(ascii: wantVectors ? "V" : "N")), uplo = CChar(UInt8(ascii: "U"))
        if n > 0 {
            var lwork: Int32 = -1, liwork: Int32 = -1, wq = 0.0, iwq: Int32 = 0
            m.elements.withUnsafeMutableBufferPointer { p in
                dsyevd_(&jobz, &uplo, &n, p.baseAddress, &lda, &w, &wq, &lwork, &iwq, &liwork, &info)
            }
            try checkIllegalArgument(info, "dsyevd")
            lwork = Int32(max(wq, 1)); liwork = max(iwq, 1)
            var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
            m.elements.withUnsafeMutableBufferPointer { p in
                dsyevd_(&jobz, &uplo, &n, p.baseAddress, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
            }
            try checkIllegalArgument(info, "dsyevd")
            if info > 0 { throw .noConvergence(routine: "dsyevd", info: Int(info)) }
        }
        values = w
        vectors = wantVectors ? m : nil
    }
}
