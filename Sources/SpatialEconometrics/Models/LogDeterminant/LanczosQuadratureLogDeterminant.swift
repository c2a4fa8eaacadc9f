import Foundation

/// Stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017): `ln|I - rho S| = tr f(S)`, `f(lambda) = ln(1 - rho lambda)`,
/// estimated by `(n / p) sum_l sum_k tau_lk^2 f(theta_lk)`, where `theta_lk` and `tau_lk` are the eigenvalues of the
/// m x m Lanczos tridiagonal matrix started from the normalised Rademacher probe `z_l / sqrt(n)` and the first
/// components of its eigenvectors: the m-point Gauss quadrature of the probe's spectral measure. S is the symmetric
/// matrix similar to W. Nodes and weights do not depend on rho, so every rho (and the traces
/// `tr(W A^-1) = tr S(I - rho S)^-1`, `tr((W A^-1)^2)`) costs O(m * probes).
///
/// Variance reduction: each probe's quadrature estimates only `z'(f - p)(S) z`, where p is f's degree-2 Chebyshev
/// interpolant on the spectral interval, whose trace is exact from the entries (`tr S`, `tr S^2`): a control
/// variate that removes the bulk of the probe-to-probe variance and keeps the estimator unbiased.
///
/// Accuracy at rho: the standard error over probes, and the quadrature bound: an m-point Gauss rule integrates
/// polynomials of degree 2m - 1 exactly, so per probe the error is at most `2 n E_{2m-1}(f)`, the best uniform
/// approximation error on the spectral interval, bounded through f's Chebyshev coefficients (see
/// ``ChebyshevLogDeterminant``) by `2 n * 2 r^-2m / (2m (1 - 1/r))`. (The bound assumes exact Lanczos; without
/// reorthogonalisation the Gauss rule is preserved to rounding in practice — Knizhnerman 1996.)
///
/// Reference: Ubaru, S., Chen, J. & Saad, Y. (2017), Fast estimation of tr(f(A)) via stochastic Lanczos quadrature,
/// *SIAM Journal on Matrix Analysis and Applications* 38(4), 1075–1099.
///
/// - Complexity: O(m * probes * nnz + probes * m^3) once; O(m * probes) per evaluation.
public struct LanczosQuadratureLogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/lanczosQuadrature``.
    public let method = LogDeterminantMethod.lanczosQuadrature
    public let interval: ClosedRange<Double>
    /// The bounds of W's real spectrum that fix the feasible interval.
    public let spectrum: SpectralBounds
    /// Per probe: Gauss nodes and weights (weights sum to 1).
    let nodes: [[Double]], quadratureWeights: [[Double]]
    /// The number of units n of W.
    public let units: Int
    /// Lanczos steps m per probe.
    public let steps: Int

    /// Throws ``LogDeterminantError/notSimilarToSymmetric(_:)`` for W not similar to a symmetric matrix.
    ///
    /// - Parameters: `steps` m (>= 2; default 30), `probes` (>= 2; default 32), `seed`.
    public init(_ weights: SpatialWeights, steps: Int = 30, probes: Int = 32, seed: UInt64 = 1) throws(LogDeterminantError) {
        guard steps >= 2 else { throw .invalidArgument("Lanczos steps \(steps) < 2") }
        guard probes >= 2 else { throw .invalidArgument("at least 2 probes are needed (got \(probes))") }
        let op = WeightsOperator(weights)
        guard op.isSymmetric else { throw .notSimilarToSymmetric(.lanczosQuadrature) }
        let b = try SpectralBounds.refined(weights: weights, operator: op, singular: SingularTerms(weights))
        spectrum = b
        interval = b.feasibleInterval
        let n = weights.count
        units = n
        let m = min(steps, n)
        self.steps = m
        let a = op.matrix
        let rows = StochasticProbes.run(probes: probes, units: n, seed: seed) { z, w in
            let size = n * w
            let vPrev = UnsafeMutablePointer<Double>.allocate(capacity: size), v = UnsafeMutablePointer<Double>.allocate(capacity: size)
            let u = UnsafeMutablePointer<Double>.allocate(capacity: size)
            defer { vPrev.deallocate(); v.deallocate(); u.deallocate() }
            let scale = 1 / Double(n).squareRoot()
            for i in 0..<size { v[i] = z[i] * scale; vPrev[i] = 0 }
            var alpha = [[Double]](repeating: [], count: w), beta = [[Double]](repeating: [], count: w)
            var done = [Bool](repeating: false, count: w)
            var betaPrev = [Double](repeating: 0, count: w)
            for _ in 0..<m {
                a.multiplyInterleaved(v, into: u, width: w)
                let al = StochasticProbes.dots(u, v, n: n, width: w)
                var norms = [Double](repeating: 0, count: w)
                for i in 0..<n {
                    for l in 0..<w {
                        let k = i * w + l
                        u[k] -= al[l] * v[k] + betaPrev[l] * vPrev[k]
                        norms[l] += u[k] * u[k]
                    }
                }
                for l in 0..<w where !done[l] {
                    alpha[l].append(al[l])
                    let bl = norms[l].squareRoot()
                    if bl <= 1e-12 * max(1, abs(al[l])) || alpha[l].count == m { done[l] = true } else { beta[l].append(bl) }
                    betaPrev[l] = bl
                }
                if done.allSatisfy({ $0 }) { break }
                for i in 0..<n {
                    for l in 0..<w {
                        let k = i * w + l
                        let bl = betaPrev[l] > 0 ? betaPrev[l] : 1
                        vPrev[k] = v[k]; v[k] = u[k] / bl
                    }
                }
            }
            var out = [[Double]]()
            for l in 0..<w {
                let k = alpha[l].count
                var t = Matrix(rows: k, columns: k)
                for i in 0..<k { t[i, i] = alpha[l][i] }
                for i in 0..<(k - 1) { t[i, i + 1] = beta[l][i]; t[i + 1, i] = beta[l][i] }
                guard let e = try? SymmetricEigen(t, vectors: true), let vec = e.vectors else { out.append([]); continue }
                out.append(e.values + (0..<k).map { vec[0, $0] * vec[0, $0] })
            }
            return out
        }
        lowTraces = weights.matrix.firstTwoPowerTraces
        nodes = rows.map { Array($0.prefix($0.count / 2)) }
        self.quadratureWeights = rows.map { Array($0.suffix($0.count / 2)) }
    }

    /// Exact `tr(S)` and `tr(S^2)`.
    let lowTraces: (first: Double, second: Double)

    /// Per-probe estimates of `tr f(S)` with the degree-2 control variate.
    func perProbe(_ f: (Double) -> Double) -> [Double] {
        // Quadratic interpolant of f at the three Chebyshev points of the spectral interval, in the monomial basis.
        let lo = spectrum.lower, hi = spectrum.upper, c = (hi + lo) / 2, h = (hi - lo) / 2
        let xs = [c - h * 0.8660254037844386, c, c + h * 0.8660254037844386], ys = xs.map(f)
        let d1 = (ys[1] - ys[0]) / (xs[1] - xs[0]), d2 = (ys[2] - ys[1]) / (xs[2] - xs[1])
        let a2 = (d2 - d1) / (xs[2] - xs[0]), a1 = d1 - a2 * (xs[0] + xs[1]), a0 = ys[0] - a1 * xs[0] - a2 * xs[0] * xs[0]
        let p = { (x: Double) in a0 + a1 * x + a2 * x * x }
        let exact = a0 * Double(units) + a1 * lowTraces.first + a2 * lowTraces.second
        return zip(nodes, quadratureWeights).map { th, tau in
            exact + Double(units) * zip(th, tau).reduce(0) { $0 + $1.1 * (f($1.0) - p($1.0)) }
        }
    }

    public func value(_ rho: Double) -> Double {
        guard interval.contains(rho) else { return .nan }
        return StochasticProbes.meanAndStandardError(perProbe { log(abs(1 - rho * $0)) }).mean
    }

    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        guard interval.contains(rho) else { return (.nan, .nan) }
        let t1 = StochasticProbes.meanAndStandardError(perProbe { $0 / (1 - rho * $0) }).mean
        let t2 = StochasticProbes.meanAndStandardError(perProbe { let q = $0 / (1 - rho * $0); return q * q }).mean
        return (t1, t2)
    }

    public var accuracy: LogDeterminantAccuracy { worstAccuracyOverWorkingRange() }

    public func accuracy(at rho: Double) -> LogDeterminantAccuracy {
        guard interval.contains(rho) else { return .stochastic(standardError: .nan, truncation: .nan) }
        let se = StochasticProbes.meanAndStandardError(perProbe { log(abs(1 - rho * $0)) }).standardError
        guard rho != 0 else { return .stochastic(standardError: se, truncation: 0) }
        let lo = spectrum.lower, hi = spectrum.upper
        let a = abs(2 * (1 / rho - (hi + lo) / 2) / (hi - lo))
        guard a > 1 else { return .stochastic(standardError: se, truncation: .infinity) }
        let r = a + (a * a - 1).squareRoot(), m2 = 2 * Double(steps)
        return .stochastic(standardError: se, truncation: 2 * Double(units) * 2 * pow(r, -m2) / (m2 * (1 - 1 / r)))
    }
}
