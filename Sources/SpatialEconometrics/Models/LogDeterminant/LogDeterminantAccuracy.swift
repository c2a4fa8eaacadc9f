import Foundation

/// How accurate a ``LogDeterminant``'s `ln|I - rho W|` is: exact, interpolated with an estimated error, or
/// stochastic with a standard error and a deterministic (truncation or quadrature) error.
///
/// ``errorBound`` turns each into one number, `|estimate - ln|I - rho W|| <= errorBound` (exact methods: 0, i.e.
/// rounding only; stochastic ones: `1.96 standardError + truncation`, the 95% interval of Barry & Pace 1999).
public enum LogDeterminantAccuracy: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Exact to rounding (eigenvalues, dense LU, sparse Cholesky at the rho asked for).
    case exact
    /// A cubic spline through exact values on a rho grid (Pace & Barry 1997); `maximumError` estimates the largest
    /// absolute interpolation error over the grid's range.
    case interpolated(maximumError: Double)
    /// A stochastic trace estimate: `standardError` over the random probes and `truncation`, a bound or estimate of
    /// the deterministic error (series truncation, polynomial degree or quadrature nodes).
    case stochastic(standardError: Double, truncation: Double)

    /// A single absolute error bound: 0 when exact, the estimate when interpolated, and
    /// `1.96 standardError + truncation` (a 95% interval) when stochastic.
    public var errorBound: Double {
        switch self {
        case .exact: return 0
        case .interpolated(let e): return e
        case .stochastic(let se, let t): return 1.96 * se + t
        }
    }

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .interpolated(let e): return String(format: "interpolated (max error ~ %.2g)", e)
        case .stochastic(let se, let t): return String(format: "stochastic (s.e. %.2g, truncation %.2g)", se, t)
        }
    }

    /// The less accurate of two accuracies (larger ``errorBound``), for the worst case over several rho.
    func worse(_ other: LogDeterminantAccuracy) -> LogDeterminantAccuracy { other.errorBound > errorBound ? other : self }
}
