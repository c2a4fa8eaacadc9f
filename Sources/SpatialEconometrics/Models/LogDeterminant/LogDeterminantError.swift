/// Errors raised while preparing a large-N log-determinant (``SparseCholeskyLogDeterminant``, ``ExactSparseLULogDeterminant``,
/// ``ChebyshevLogDeterminant``, ``MonteCarloLogDeterminant``, ``LanczosQuadratureLogDeterminant``) or choosing one.
public enum LogDeterminantError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The weights have no units.
    case empty
    /// The method needs W similar to a symmetric matrix (`d_i w_ij = d_j w_ji`, e.g. row-standardised symmetric
    /// weights) and these weights are not; use ``LogDeterminantMethod/sparseLUExact`` (exact),
    /// ``LogDeterminantMethod/chebyshev`` or ``LogDeterminantMethod/monteCarlo`` (or the automatic choice).
    case notSimilarToSymmetric(LogDeterminantMethod)
    /// The sparse Cholesky or LU factor would be too large (fill), with the entries it would need.
    case fillTooLarge(String)
    /// `I - rho W` is not positive definite at this rho: rho lies outside the feasible interval.
    case outsideFeasibleInterval(rho: Double, interval: ClosedRange<Double>)
    /// Sparse LU without pivoting (``ExactSparseLULogDeterminant``) met a pivot too small for a stable factor at this
    /// rho, which lies outside the range where the factorisation is known to be stable (`rho >= 0` or
    /// `|rho| ||W||_inf < 1`): no value is given rather than an inaccurate one; use `eigen-general` or `dense-lu`.
    case unstableFactorisation(rho: Double, String)
    /// W has no eigenvalues of both signs (a zero matrix, or all islands).
    case degenerateSpectrum
    /// A parameter (probes, degree, grid size, ...) is out of range.
    case invalidArgument(String)
    /// The method is not available for this input (dense eigenvalues of very large n, ...).
    case unavailable(String)

    public var description: String {
        switch self {
        case .empty: return "the weights have no units"
        case .notSimilarToSymmetric(let m):
            return "\(m.rawValue) needs W similar to a symmetric matrix (e.g. row-standardised symmetric weights); use sparse-lu-exact (exact), chebyshev or monte-carlo"
        case .fillTooLarge(let s): return "sparse factor fill too large: \(s)"
        case .outsideFeasibleInterval(let r, let i): return "rho = \(r) is outside the feasible interval [\(i.lowerBound), \(i.upperBound)]"
        case .unstableFactorisation(let r, let s):
            return "sparse LU without pivoting is not stable at rho = \(r) (\(s)); use eigen-general or dense-lu"
        case .degenerateSpectrum: return "W has no eigenvalues of both signs (zero matrix or only islands)"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .unavailable(let s): return "method unavailable: \(s)"
        }
    }
}
