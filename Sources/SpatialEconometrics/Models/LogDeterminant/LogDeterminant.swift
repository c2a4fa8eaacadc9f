import Foundation

/// How `ln|I - rho W|` is computed.
public enum LogDeterminantMethod: String, Sendable, Codable, CaseIterable {
    /// From the real eigenvalues of the symmetric matrix similar to W (`D^1/2 W D^-1/2`), LAPACK `dsyevd`.
    case eigenSymmetric = "eigen-symmetric"
    /// From the complex eigenvalues of W (LAPACK `dgeev`), for W not similar to a symmetric matrix.
    case eigenGeneral = "eigen-general"
    /// Dense LU factorisation of `I - rho W` at every rho (a check: O(n^3) per evaluation).
    case denseLU = "dense-lu"
    /// Sparse Cholesky of `I - rho S` on a rho grid with a fill-reducing ordering, interpolated by a cubic spline
    /// (Pace & Barry 1997): ``SparseCholeskyLogDeterminant``.
    case sparseCholesky = "sparse-cholesky"
    /// Sparse Cholesky of `I - rho S` at every rho asked for, exact to rounding: ``ExactSparseCholeskyLogDeterminant``.
    case sparseCholeskyExact = "sparse-cholesky-exact"
    /// Sparse LU of `I - rho W` without pivoting at every rho asked for, exact to rounding, for any W (e.g. asymmetric
    /// kNN): ``ExactSparseLULogDeterminant``.
    case sparseLUExact = "sparse-lu-exact"
    /// Chebyshev polynomial approximation with stochastic traces (Pace & LeSage 2004): ``ChebyshevLogDeterminant``.
    case chebyshev = "chebyshev"
    /// Truncated power series with stochastic traces (Barry & Pace 1999): ``MonteCarloLogDeterminant``.
    case monteCarlo = "monte-carlo"
    /// Stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017): ``LanczosQuadratureLogDeterminant``.
    case lanczosQuadrature = "lanczos-quadrature"

    /// Whether the method's value is exact to rounding (rather than interpolated or stochastic).
    public var isExact: Bool { self == .eigenSymmetric || self == .eigenGeneral || self == .denseLU || self == .sparseCholeskyExact || self == .sparseLUExact }
}

/// `ln|I - rho W|` as a function of rho, with the feasible interval and the traces the information matrix needs.
///
/// Implementations are computed once per W and reused for every rho (and every period of a panel). Large-N methods
/// (sparse Cholesky, Chebyshev, Monte Carlo, Lanczos quadrature) conform to the same protocol and report their
/// ``accuracy``; exact methods inherit ``LogDeterminantAccuracy/exact``. Outside ``interval`` `value` is NaN.
public protocol LogDeterminant: Sendable {
    /// Which method this is (reported with the fit as its log-determinant).
    var method: LogDeterminantMethod { get }
    /// The interval of rho for which `I - rho W` is non-singular and the likelihood is defined:
    /// `(1 / lambda_min, 1 / lambda_max)` for real eigenvalues.
    var interval: ClosedRange<Double> { get }
    /// `ln|I - rho W|`.
    func value(_ rho: Double) -> Double
    /// `tr(W (I - rho W)^-1)` and `tr([W (I - rho W)^-1]^2)`, derivatives of the log-determinant.
    func traces(_ rho: Double) -> (first: Double, second: Double)
    /// The accuracy of ``value(_:)`` at this rho (default: ``accuracy``).
    func accuracy(at rho: Double) -> LogDeterminantAccuracy
    /// The worst accuracy over the working range `0.95 x` each bound of ``interval`` (default: exact).
    var accuracy: LogDeterminantAccuracy { get }
    /// A cheap approximation of this log-determinant that a likelihood maximisation may use to *locate* its maximum,
    /// before Newton steps on this (exact) one take the estimate to the exact maximum (default: none). An exact sparse
    /// factorisation whose single evaluation is expensive carries one (e.g. ``ExactSparseCholeskyLogDeterminant/searching(with:)``); values, traces and every
    /// reported number come from this log-determinant, never from the search.
    var search: (any LogDeterminant)? { get }
}

extension LogDeterminant {
    public var accuracy: LogDeterminantAccuracy { .exact }
    public var search: (any LogDeterminant)? { nil }
    public func accuracy(at rho: Double) -> LogDeterminantAccuracy { accuracy }

    /// The worst of ``accuracy(at:)`` over 21 points spanning `0.95 x` each bound of the interval: the summary the
    /// approximate methods report as ``accuracy``.
    func worstAccuracyOverWorkingRange() -> LogDeterminantAccuracy {
        let lo = 0.95 * interval.lowerBound, hi = 0.95 * interval.upperBound
        var worst = LogDeterminantAccuracy.exact
        for i in 0...20 { worst = worst.worse(accuracy(at: lo + (hi - lo) * Double(i) / 20)) }
        return worst
    }
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
