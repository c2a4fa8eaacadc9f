/// Errors raised while preparing a large-N log-determinant (``SparseCholeskyLogDeterminant``,
/// ``ChebyshevLogDeterminant``, ``MonteCarloLogDeterminant``, ``LanczosQuadratureLogDeterminant``) or choosing one.
public enum LogDeterminantError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The weights have no units.
    case empty
    /// The method needs W similar to a symmetric matrix (`d_i w_ij = d_j w_ji`, e.g. row-standardised symmetric
    /// weights) and these weights are not; use ``LogDeterminantMethod/chebyshev`` or
    /// ``LogDeterminantMethod/monteCarlo`` (or the automatic choice).
    case notSimilarToSymmetric(LogDeterminantMethod)
    /// The Cholesky factor would be too large (fill), with the entries it would need.
    case fillTooLarge(String)
    /// `I - rho W` is not positive definite at this rho: rho lies outside the feasible interval.
    case outsideFeasibleInterval(rho: Double, interval: ClosedRange<Double>)
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
            return "\(m.rawValue) needs W similar to a symmetric matrix (e.g. row-standardised symmetric weights); use chebyshev or monte-carlo"
        case .fillTooLarge(let s): return "sparse Cholesky fill too large: \(s)"
        case .outsideFeasibleInterval(let r, let i): return "rho = \(r) is outside the feasible interval [\(i.lowerBound), \(i.upperBound)]"
        case .degenerateSpectrum: return "W has no eigenvalues of both signs (zero matrix or only islands)"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .unavailable(let s): return "method unavailable: \(s)"
        }
    }
}
