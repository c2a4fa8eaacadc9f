import Foundation

/// The Monte Carlo log-determinant of Barry & Pace (1999): the power series
/// `ln|I - rho W| = -sum_{k>=1} rho^k tr(W^k) / k`, truncated at order m, with `tr(W^k)` from a ``TraceSeries``
/// (Hutchinson estimates with seeded Rademacher probes; `tr(W)` and `tr(W^2)` exact).
///
/// Accuracy at rho: the standard error over probes, and the truncation bound
/// `n sum_{k>m} |rho R|^k / k <= n |rho R|^(m+1) / ((m+1)(1 - |rho R|))` for the spectral radius `R` (1 when
/// row-standardised); together the 95% interval `estimate +- (1.96 se + truncation)` of Barry & Pace (their
/// probes are normal vectors scaled by `n / x'x`; Rademacher probes have `x'x = n` and a smaller variance).
/// The series converges only for `|rho| R < 1`, so the interval is the feasible one cut to `(-1/R, 1/R)`.
/// Traces: `tr(W A^-1) = sum_k rho^(k-1) tr(W^k)`, `tr((W A^-1)^2) = sum_k (k-1) rho^(k-2) tr(W^k)`.
///
/// Reference: Barry, R. P. & Pace, R. K. (1999), Monte Carlo estimates of the log determinant of large sparse
/// matrices, *Linear Algebra and its Applications* 289, 41–54.
///
/// - Complexity: O(m * probes * nnz) once; O(m * probes) per evaluation with its standard error, O(m) without.
public struct MonteCarloLogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/monteCarlo``.
    public let method = LogDeterminantMethod.monteCarlo
    public let interval: ClosedRange<Double>
    /// The estimated power traces (order m).
    public let series: TraceSeries
    /// Bound on the spectral radius of W used in the truncation bound.
    public let spectralRadius: Double

    /// - Parameters: `order` m (>= 3; default 100), `probes` (>= 2; default 32), `seed`.
    public init(_ weights: SpatialWeights, order: Int = 100, probes: Int = 32, seed: UInt64 = 1) throws(LogDeterminantError) {
        guard order >= 3 else { throw .invalidArgument("series order \(order) < 3") }
        let bounds = try SpectralBounds(weights)
        let r = max(abs(bounds.lower), abs(bounds.upper))
        spectralRadius = r
        let feasible = bounds.feasibleInterval
        interval = max(feasible.lowerBound, -1 / r)...min(feasible.upperBound, 1 / r)
        series = try TraceSeries(hutchinson: weights, order: order, probes: probes, seed: seed)
    }

    func coefficients(_ rho: Double) -> [Double] {
        var c = [Double](repeating: 0, count: series.traces.count), p = 1.0
        for k in 1..<c.count { p *= rho; c[k] = -p / Double(k) }
        return c
    }

    public func value(_ rho: Double) -> Double {
        guard interval.contains(rho) else { return .nan }
        return series.combination(coefficients(rho)).value
    }

    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        guard interval.contains(rho) else { return (.nan, .nan) }
        var t1 = 0.0, t2 = 0.0, p = 1.0
        for k in 1..<series.traces.count {
            t1 += p * series.traces[k]                                  // rho^(k-1)
            if k >= 2 { t2 += Double(k - 1) * pow(rho, Double(k - 2)) * series.traces[k] }
            p *= rho
        }
        return (t1, t2)
    }

    public var accuracy: LogDeterminantAccuracy { worstAccuracyOverWorkingRange() }

    public func accuracy(at rho: Double) -> LogDeterminantAccuracy {
        guard interval.contains(rho) else { return .stochastic(standardError: .nan, truncation: .nan) }
        let q = abs(rho) * spectralRadius, m = Double(series.order)
        let truncation = q < 1 ? Double(series.units) * pow(q, m + 1) / ((m + 1) * (1 - q)) : .infinity
        return .stochastic(standardError: series.combination(coefficients(rho)).standardError, truncation: truncation)
    }
}
