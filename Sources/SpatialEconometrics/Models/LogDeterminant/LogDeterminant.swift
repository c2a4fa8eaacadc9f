import Foundation

/// How `ln|I - rho W|` is computed.
public enum LogDeterminantMethod: String, Sendable, Codable, CaseIterable {
    /// From the real eigenvalues of the symmetric matrix similar to W (`D^1/2 W D^-1/2`), LAPACK `dsyevd`.
    case eigenSymmetric = "eigen-symmetric"
    /// From the complex eigenvalues of W (LAPACK `dgeev`), for W not similar to a symmetric matrix.
    case eigenGeneral = "eigen-general"
    /// Dense LU factorisation of `I - rho W` at every rho (a check: O(n^3) per evaluation).
    case denseLU = "dense-lu"
}

/// `ln|I - rho W|` as a function of rho, with the feasible interval and the traces the information matrix needs.
///
/// Implementations are computed once per W and reused for every rho (and every period of a panel). Large-N methods
/// (sparse Cholesky, Chebyshev, Monte Carlo) conform to the same protocol.
public protocol LogDeterminant: Sendable {
    var method: LogDeterminantMethod { get }
    /// The interval of rho for which `I - rho W` is non-singular and the likelihood is defined:
    /// `(1 / lambda_min, 1 / lambda_max)` for real eigenvalues.
    var interval: ClosedRange<Double> { get }
    /// `ln|I - rho W|`.
    func value(_ rho: Double) -> Double
    /// `tr(W (I - rho W)^-1)` and `tr([W (I - rho W)^-1]^2)`, derivatives of the log-determinant.
    func traces(_ rho: Double) -> (first: Double, second: Double)
}

extension SpatialWeights {
    /// The exact eigenvalue log-determinant of these weights: symmetric solver when W is similar to a symmetric
    /// matrix (row-standardised symmetric contiguity), general complex solver otherwise.
    ///
    /// - Complexity: O(n^3) once, O(n) per evaluation; n x n dense memory during the eigen-decomposition.
    public func eigenLogDeterminant() throws(ModelError) -> EigenvalueLogDeterminant {
        try EigenvalueLogDeterminant(self)
    }
}
