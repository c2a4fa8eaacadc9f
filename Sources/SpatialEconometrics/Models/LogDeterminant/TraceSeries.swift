import Foundation

/// The traces `tr(W^k)`, k = 0...K, of a spatial weights matrix, exact or estimated, with standard errors: the
/// ingredient of impact measures for large N, e.g. the SAR average direct effect
/// `beta_r / n * tr((I - rho W)^-1) = beta_r / n * sum_k rho^k tr(W^k)` (LeSage & Pace 2009, sec. 4.2 and 4.6), and
/// of the Monte Carlo log-determinant `ln|I - rho W| = -sum_k rho^k tr(W^k) / k` (Barry & Pace 1999).
///
/// - Exact (``Method-swift.enum/exact``): `tr(W^k) = sum_i Re(lambda_i^k)` from the eigenvalues (small n).
/// - Stochastic (``Method-swift.enum/hutchinson(probes:seed:)``): Hutchinson's (1990) estimator
///   `tr(W^k) ~ (1/p) sum_l z_l' W^k z_l` with Rademacher probes `z_l`, one seeded stream per probe, computed by
///   repeated sparse products `W^k z = W (W^(k-1) z)`; `tr(W^0) = n`, `tr(W) = sum_i w_ii` and
///   `tr(W^2) = sum_ij w_ij w_ji` are exact from the entries. The standard error of each trace is the sample
///   standard deviation over probes divided by `sqrt(p)`.
///
/// ```swift
/// let w = try SpatialWeights.lattice(rows: 300, columns: 300).transformed(.row)
/// let t = try TraceSeries(w, order: 100, probes: 50, seed: 1)      // Hutchinson: n > 2,000
/// let direct = t.averageDiagonalOfInverse(rho: 0.5)                 // tr((I - 0.5 W)^-1) / n, with s.e.
/// ```
///
/// - Complexity: exact O(n^3) once; stochastic O(K * probes * nnz) time, O(n) memory per parallel block of probes.
public struct TraceSeries: Sendable, Codable, Equatable {
    /// How the traces were obtained.
    public enum Method: Sendable, Codable, Equatable {
        /// Exact traces, `tr(W^k) = sum_i Re(lambda_i^k)` from the eigenvalues (small n).
        case exact
        /// Hutchinson estimates `tr(W^k) ~ (1/p) sum_l z_l' W^k z_l` with p = `probes` Rademacher vectors, one stream
        /// per probe derived from `seed`.
        case hutchinson(probes: Int, seed: UInt64)
    }

    /// How the traces were obtained.
    public let method: Method
    /// Number of units n.
    public let units: Int
    /// `traces[k] = tr(W^k)`, k = 0...order.
    public let traces: [Double]
    /// Standard errors of ``traces`` (0 where exact).
    public let standardErrors: [Double]
    /// Per-probe values `z' W^k z` (stochastic method only), for the standard errors of combinations.
    let probeValues: [[Double]]

    /// The highest power K.
    public var order: Int { traces.count - 1 }

    /// Exact below `exactUpTo` units (eigenvalues), Hutchinson above.
    ///
    /// - Throws: ``LogDeterminantError/invalidArgument(_:)`` for `order < 0` or `probes < 2`,
    ///   ``LogDeterminantError/empty`` for no units.
    public init(_ weights: SpatialWeights, order: Int = 100, probes: Int = 50, seed: UInt64 = 1, exactUpTo: Int = 2_000) throws(LogDeterminantError) {
        if weights.count <= exactUpTo {
            try self.init(exact: weights, order: order)
        } else {
            try self.init(hutchinson: weights, order: order, probes: probes, seed: seed)
        }
    }

    /// Exact traces from the eigenvalues of W (dense: small n only).
    public init(exact weights: SpatialWeights, order: Int) throws(LogDeterminantError) {
        guard weights.count > 0 else { throw .empty }
        guard order >= 0 else { throw .invalidArgument("order \(order) < 0") }
        let eig: EigenvalueLogDeterminant
        do { eig = try EigenvalueLogDeterminant(weights) } catch { throw .unavailable("eigenvalues: \(error)") }
        var t = [Double](repeating: 0, count: order + 1)
        for l in eig.eigenvalues {
            var re = 1.0, im = 0.0
            for k in 0...order {
                t[k] += re
                (re, im) = (re * l.real - im * l.imaginary, re * l.imaginary + im * l.real)
            }
        }
        // Exact low orders from the entries (free of eigen-solver rounding).
        t[0] = Double(weights.count)
        let low = weights.matrix.firstTwoPowerTraces
        if order >= 1 { t[1] = low.first }
        if order >= 2 { t[2] = low.second }
        method = .exact; units = weights.count; traces = t
        standardErrors = [Double](repeating: 0, count: order + 1); probeValues = []
    }

    /// Hutchinson estimates with `probes` Rademacher vectors (seeded), exact for k <= 2.
    public init(hutchinson weights: SpatialWeights, order: Int, probes: Int = 50, seed: UInt64 = 1) throws(LogDeterminantError) {
        guard weights.count > 0 else { throw .empty }
        guard order >= 0 else { throw .invalidArgument("order \(order) < 0") }
        guard probes >= 2 else { throw .invalidArgument("at least 2 probes are needed for a standard error (got \(probes))") }
        let n = weights.count
        let a = WeightsOperator(weights).matrix   // similar to W: same power traces, better-conditioned products
        let samples = StochasticProbes.run(probes: probes, units: n, seed: seed) { z, w in
            var rows = [[Double]](repeating: [Double](repeating: 0, count: order + 1), count: w)
            let x = UnsafeMutablePointer<Double>.allocate(capacity: n * w), y = UnsafeMutablePointer<Double>.allocate(capacity: n * w)
            defer { x.deallocate(); y.deallocate() }
            x.update(from: z, count: n * w)
            for l in 0..<w { rows[l][0] = Double(n) }
            var (cur, nxt) = (x, y)
            for k in stride(from: 1, through: order, by: 1) {
                a.multiplyInterleaved(cur, into: nxt, width: w)
                let d = StochasticProbes.dots(z, nxt, n: n, width: w)
                for l in 0..<w { rows[l][k] = d[l] }
                swap(&cur, &nxt)
            }
            return rows
        }
        var t = [Double](repeating: 0, count: order + 1), se = t
        for k in 0...order {
            let s = StochasticProbes.meanAndStandardError(samples.map { $0[k] })
            t[k] = s.mean; se[k] = s.standardError
        }
        t[0] = Double(n); se[0] = 0
        let low = weights.matrix.firstTwoPowerTraces
        if order >= 1 { t[1] = low.first; se[1] = 0 }
        if order >= 2 { t[2] = low.second; se[2] = 0 }
        method = .hutchinson(probes: probes, seed: seed); units = n; traces = t; standardErrors = se
        probeValues = samples
    }

    /// `sum_k c_k tr(W^k)` and its standard error (from the per-probe values, so correlations between the traces
    /// are accounted for; exact low orders enter without error).
    public func combination(_ coefficients: [Double]) -> (value: Double, standardError: Double) {
        let c = Array(coefficients.prefix(traces.count))
        let value = zip(c, traces).reduce(0) { $0 + $1.0 * $1.1 }
        guard case .hutchinson = method, !probeValues.isEmpty else { return (value, 0) }
        let perProbe = probeValues.map { row in zip(c.indices, c).reduce(0.0) { $0 + ($1.0 > 2 ? $1.1 * row[$1.0] : 0) } }
        return (value, StochasticProbes.meanAndStandardError(perProbe).standardError)
    }

    /// `tr((I - rho W)^-1) / n ~ (1/n) sum_{k<=K} rho^k tr(W^k)`, the SAR direct-effect multiplier (LeSage & Pace
    /// 2009, eq. 4.25 ff.), with its standard error and a bound on the series truncation,
    /// `sum_{k>K} |rho|^k = |rho|^(K+1) / (1 - |rho|)` for spectral radius <= 1 (row-standardised W).
    public func averageDiagonalOfInverse(rho: Double) -> (value: Double, standardError: Double, truncation: Double) {
        guard rho.isFinite, abs(rho) < 1 else { return (.nan, .nan, .nan) }
        var c = [Double](repeating: 0, count: traces.count), p = 1.0
        for k in c.indices { c[k] = p; p *= rho }
        let r = combination(c)
        return (r.value / Double(units), r.standardError / Double(units), pow(abs(rho), Double(order + 1)) / (1 - abs(rho)))
    }
}
