import CLinearAlgebra
import Foundation

/// A complex number, as eigenvalues of non-symmetric matrices come.
public struct Complex: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double
    /// The complex number `real + imaginary i`.
    public init(_ real: Double, _ imaginary: Double = 0) { self.real = real; self.imaginary = imaginary }
    /// The modulus `sqrt(real^2 + imaginary^2)`.
    public var magnitude: Double { hypot(real, imaginary) }
    public var description: String { imaginary == 0 ? "\(real)" : "\(real)\(imaginary < 0 ? "-" : "+")\(abs(imaginary))i" }
}

/// Eigenvalues of a general real square matrix (LAPACK `dgeev`, no eigenvectors), complex in general.
///
/// Needed for the exact log-determinant of weights not similar to a symmetric matrix (asymmetric k-NN,
/// economic distance): `ln|I - rho W| = sum Re ln(1 - rho lambda_i)`, complex pairs giving real contributions.
///
/// - Complexity: O(n^3).
public struct GeneralEigen: Sendable {
    /// Eigenvalues in LAPACK's order (complex conjugate pairs adjacent, positive imaginary part first).
    public let values: [Complex]

    /// Computes the eigenvalues of the square, not necessarily symmetric, matrix `a` (LAPACK `dgeev`, no
    /// eigenvectors).
    /// - Throws: ``LinearAlgebraError`` for a non-square matrix, a non-finite entry or no convergence of the QR
    /// algorithm.
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .dimensionMismatch("eigenvalues of a \(a.rows) x \(a.columns) matrix") }
        try a.checkFinite()
        var m = a
        var n = try lapackInt(a.rows, "order"), lda = max(n, 1), info: Int32 = 0, ldv: Int32 = 1
        var wr = [Double](repeating: 0, count: a.rows), wi = [Double](repeating: 0, count: a.rows)
        var jl = CChar(UInt8(ascii: "N")), jr = CChar(UInt8(ascii: "N"))
        var dummy = [Double](repeating: 0, count: 1), dummy2 = [Double](repeating: 0, count: 1)
        if n > 0 {
            var lwork: Int32 = -1, wq = 0.0
            m.elements.withUnsafeMutableBufferPointer { p in
                dgeev_(&jl, &jr, &n, p.baseAddress, &lda, &wr, &wi, &dummy, &ldv, &dummy2, &ldv, &wq, &lwork, &info)
            }
            try checkIllegalArgument(info, "dgeev")
            lwork = Int32(max(wq, Double(3 * a.rows)))
            var work = [Double](repeating: 0, count: Int(lwork))
            m.elements.withUnsafeMutableBufferPointer { p in
                dgeev_(&jl, &jr, &n, p.baseAddress, &lda, &wr, &wi, &dummy, &ldv, &dummy2, &ldv, &work, &lwork, &info)
            }
            try checkIllegalArgument(info, "dgeev")
            if info > 0 { throw .noConvergence(routine: "dgeev", info: Int(info)) }
        }
        values = zip(wr, wi).map { Complex($0, $1) }
    }
}
