import Foundation

/// The Chebyshev log-determinant of Pace & LeSage (2004): `ln|I - rho W| = tr ln(I - rho W)` with `ln(1 - rho lambda)`
/// replaced by its Chebyshev expansion of degree q on the spectral interval `[a, b]` (``SpectralBounds``), so only
/// the traces `tr(T_j(M))`, `M = (2 W - (a + b) I) / (b - a)`, are needed; they do not depend on rho.
///
/// With `x_s = 2 (1/rho - c) / (b - a)`, `c = (a + b)/2`, the singularity of `ln(1 - rho lambda(x))`, and
/// `r = |x_s| + sqrt(x_s^2 - 1) > 1`, the expansion is known in closed form,
/// `ln(1 - rho lambda) = ln|1 - rho c| + ln((1 + sqrt(1 - 1/x_s^2)) / 2) - sum_{j>=1} (2/j) sign(x_s)^j r^-j T_j(x)`,
/// so the coefficients are exact and the truncation error is bounded by
/// `n sum_{j>q} (2/j) r^-j <= 2 n r^-(q+1) / ((q+1)(1 - 1/r))` (for a real spectrum inside `[a, b]`).
/// `tr(T_0) = n`, `tr(T_1)` and `tr(T_2) = 2 tr(M^2) - n` are exact from the entries; higher ones are Hutchinson
/// estimates with seeded Rademacher probes (for symmetric S two per product: `T_2j = 2 T_j^2 - I`,
/// `T_2j+1 = 2 T_j+1 T_j - T_1`). The reported standard error is that of the combination over probes.
/// Traces for the information matrix use numerically computed Chebyshev coefficients of `lambda / (1 - rho lambda)`
/// and its square (4q Chebyshev nodes).
///
/// For W not similar to a symmetric matrix the expansion applies to its eigenvalues in `[-||W||_inf, ||W||_inf]`;
/// complex eigenvalues make the bound an estimate.
///
/// Reference: Pace, R. K. & LeSage, J. P. (2004), Chebyshev approximation of log-determinants of spatial weight
/// matrices, *Computational Statistics & Data Analysis* 45, 179–196.
///
/// - Complexity: O(q * probes * nnz) once (q/2 products per probe when symmetric); O(q * probes) per evaluation.
public struct ChebyshevLogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/chebyshev``.
    public let method = LogDeterminantMethod.chebyshev
    public let interval: ClosedRange<Double>
    /// The spectral interval `[a, b]` mapped to `[-1, 1]`.
    public let spectrum: SpectralBounds
    /// `tr(T_j(M))`, j = 0...q (estimated for j > 2).
    public let chebyshevTraces: [Double]
    /// Per-probe `z' T_j(M) z`.
    let probeValues: [[Double]]
    /// The number of units n of W.
    public let units: Int
    /// The degree q of the Chebyshev expansion.
    public var degree: Int { chebyshevTraces.count - 1 }

    /// - Parameters: `degree` q (>= 3; default 60), `probes` (>= 2; default 32), `seed`.
    public init(_ weights: SpatialWeights, degree: Int = 60, probes: Int = 32, seed: UInt64 = 1) throws(LogDeterminantError) {
        guard degree >= 3 else { throw .invalidArgument("Chebyshev degree \(degree) < 3") }
        guard probes >= 2 else { throw .invalidArgument("at least 2 probes are needed (got \(probes))") }
        let op = WeightsOperator(weights)
        let b = try SpectralBounds.refined(weights: weights, operator: op, singular: SingularTerms(weights))
        spectrum = b
        interval = b.feasibleInterval
        let n = weights.count
        units = n
        let alpha = 2 / (b.upper - b.lower), beta = -(b.upper + b.lower) / (b.upper - b.lower)
        let a = op.matrix
        let q = degree, symmetric = op.isSymmetric
        // M v = alpha A v + beta v on interleaved blocks.
        @Sendable func applyM(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ w: Int) {
            a.multiplyInterleaved(x, into: y, width: w)
            for i in 0..<(n * w) { y[i] = alpha * y[i] + beta * x[i] }
        }
        let samples = StochasticProbes.run(probes: probes, units: n, seed: seed) { z, w in
            var rows = [[Double]](repeating: [Double](repeating: 0, count: q + 1), count: w)
            let size = n * w
            var prev = UnsafeMutablePointer<Double>.allocate(capacity: size), cur = UnsafeMutablePointer<Double>.allocate(capacity: size)
            var next = UnsafeMutablePointer<Double>.allocate(capacity: size)
            let v1 = UnsafeMutablePointer<Double>.allocate(capacity: size)
            defer { prev.deallocate(); cur.deallocate(); next.deallocate(); v1.deallocate() }
            prev.update(from: z, count: size)          // T_0 z
            applyM(z, cur, w)                           // T_1 z
            v1.update(from: cur, count: size)
            let zz = StochasticProbes.dots(z, z, n: n, width: w), z1 = StochasticProbes.dots(z, v1, n: n, width: w)
            for l in 0..<w { rows[l][0] = zz[l]; rows[l][1] = z1[l] }
            if symmetric {
                // Holding T_j z (prev) and T_{j+1} z (cur): record 2j and 2j+1, then advance.
                var j = 0
                while 2 * j <= q {
                    let pp = StochasticProbes.dots(prev, prev, n: n, width: w), pc = StochasticProbes.dots(prev, cur, n: n, width: w)
                    for l in 0..<w {
                        if 2 * j <= q && 2 * j >= 2 { rows[l][2 * j] = 2 * pp[l] - zz[l] }
                        if 2 * j + 1 <= q && 2 * j + 1 >= 2 { rows[l][2 * j + 1] = 2 * pc[l] - z1[l] }
                    }
                    if 2 * (j + 1) > q { break }
                    applyM(cur, next, w)
                    for i in 0..<size { next[i] = 2 * next[i] - prev[i] }
                    (prev, cur, next) = (cur, next, prev)
                    j += 1
                }
            } else {
                for j in stride(from: 2, through: q, by: 1) {
                    applyM(cur, next, w)
                    for i in 0..<size { next[i] = 2 * next[i] - prev[i] }
                    (prev, cur, next) = (cur, next, prev)
                    let d = StochasticProbes.dots(z, cur, n: n, width: w)
                    for l in 0..<w { rows[l][j] = d[l] }
                }
            }
            return rows
        }
        probeValues = samples
        var t = (0...q).map { j in StochasticProbes.meanAndStandardError(samples.map { $0[j] }).mean }
        let low = weights.matrix.firstTwoPowerTraces, dn = Double(n)
        t[0] = dn
        t[1] = alpha * low.first + beta * dn
        t[2] = 2 * (alpha * alpha * low.second + 2 * alpha * beta * low.first + beta * beta * dn) - dn
        chebyshevTraces = t
    }

    /// The singularity's position and the closed-form coefficients' ingredients at rho (nil at rho = 0).
    func singularity(_ rho: Double) -> (a: Double, r: Double, sign: Double, constant: Double)? {
        guard rho != 0 else { return nil }
        let lo = spectrum.lower, hi = spectrum.upper, c = (hi + lo) / 2
        let xs = 2 * (1 / rho - c) / (hi - lo)
        let a = abs(xs)
        guard a > 1 else { return (a, 1, xs < 0 ? -1 : 1, .nan) }
        let r = a + (a * a - 1).squareRoot()
        let constant = log(abs(1 - rho * c)) + log((1 + (1 - 1 / (a * a)).squareRoot()) / 2)
        return (a, r, xs < 0 ? -1 : 1, constant)
    }

    /// Coefficients `-(2/j) sign^j r^-j` for j = 0...q (0 at j = 0).
    func seriesCoefficients(_ r: Double, _ sign: Double) -> [Double] {
        var c = [Double](repeating: 0, count: chebyshevTraces.count), p = 1.0
        for j in 1..<c.count { p *= sign / r; c[j] = -2 / Double(j) * p }
        return c
    }

    public func value(_ rho: Double) -> Double {
        guard interval.contains(rho) else { return .nan }
        guard let s = singularity(rho) else { return 0 }
        let c = seriesCoefficients(s.r, s.sign)
        return Double(units) * s.constant + zip(c, chebyshevTraces).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        guard interval.contains(rho) else { return (.nan, .nan) }
        // Chebyshev coefficients of f1 = lambda / (1 - rho lambda) and f1^2 from values at N Chebyshev nodes.
        let q = degree, nodes = 4 * q + 4
        let lo = spectrum.lower, hi = spectrum.upper
        var b1 = [Double](repeating: 0, count: q + 1), b2 = b1
        for k in 0..<nodes {
            let theta = Double.pi * (Double(k) + 0.5) / Double(nodes)
            let x = cos(theta), lambda = (hi - lo) / 2 * x + (hi + lo) / 2
            let f1 = lambda / (1 - rho * lambda), f2 = f1 * f1
            for j in 0...q {
                let tj = cos(Double(j) * theta)
                b1[j] += f1 * tj; b2[j] += f2 * tj
            }
        }
        var t1 = 0.0, t2 = 0.0
        for j in 0...q {
            let scale = (j == 0 ? 1.0 : 2.0) / Double(nodes)
            t1 += scale * b1[j] * chebyshevTraces[j]
            t2 += scale * b2[j] * chebyshevTraces[j]
        }
        return (t1, t2)
    }

    public var accuracy: LogDeterminantAccuracy { worstAccuracyOverWorkingRange() }

    public func accuracy(at rho: Double) -> LogDeterminantAccuracy {
        guard interval.contains(rho) else { return .stochastic(standardError: .nan, truncation: .nan) }
        guard let s = singularity(rho) else { return .stochastic(standardError: 0, truncation: 0) }
        let q = Double(degree)
        let truncation = s.r > 1 ? 2 * Double(units) * pow(s.r, -(q + 1)) / ((q + 1) * (1 - 1 / s.r)) : .infinity
        let c = seriesCoefficients(s.r, s.sign)
        let perProbe = probeValues.map { row in (3..<c.count).reduce(0.0) { $0 + c[$1] * row[$1] } }
        return .stochastic(standardError: StochasticProbes.meanAndStandardError(perProbe).standardError, truncation: truncation)
    }
}
