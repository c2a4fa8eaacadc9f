import Foundation

/// The Phillips & Sul (2007) log t convergence test of a group of series.
///
/// From the series `X_it` (log per-capita income, usually its Hodrick-Prescott trend), the relative transition
/// paths `h_it = X_it / ((1/N) sum_j X_jt)`, their cross-sectional variance `H_t = (1/N) sum_i (h_it - 1)^2`, and the
/// regression
///
///     log(H_1 / H_t) - 2 log(log t) = a + b log t + u_t,   t = [rT] + 1, ..., T
///
/// (the first `[rT]` periods dropped, `[.]` R's `round`, half to even; Phillips & Sul recommend r = 0.3 for T <= 50).
/// `b = 2 alpha`, twice the speed of convergence of the loadings. The t statistic of b uses a HAC long-run variance
/// of the residuals: quadratic spectral kernel with Andrews' (1991) AR(1) plug-in bandwidth
/// `B = 1.3221 (a T)^(1/5)`, `a = 4 rho^2 / (1 - rho)^4`, rho the AR(1) coefficient of u (no intercept), exactly as
/// the R package ConvergenceClubs' `estimateMod(HACmethod = "FQSB")` (`ps_andrews_hac`) computes it:
/// `omega = u'u/(T - 1) + 2 sum_{l=1}^{T-2} k(l/B) sum_{s=1}^{T-1-l} u_s u_{s+l} / (T - 1)`, T here the regression's
/// length, and `se(b) = sqrt(omega / sum (log t - mean)^2)`. Convergence (`b >= 0`) is rejected at 5% when
/// `t_b < -1.65` (one-sided; ``pValue`` = `Phi(t_b)`).
///
/// References: Phillips, P. C. B. & Sul, D. (2007), Transition modeling and econometric convergence tests,
/// *Econometrica* 75, 1771–1855. Sichera, R. & Pizzuto, P. (2019), ConvergenceClubs: a package for performing the
/// Phillips and Sul's club convergence clustering procedure, *The R Journal* 11(2), 142–151.
public struct LogTTest: Sendable, Codable, Equatable {
    /// The critical value: convergence is rejected when `t < -1.65`.
    public static let criticalValue = -1.65

    /// The slope b of `log t` (`2 alpha`).
    public let beta: Double
    /// Its HAC standard error.
    public let stdError: Double
    /// `b / se(b)`.
    public let t: Double
    /// One-sided `Phi(t)`.
    public let pValue: Double
    /// The trimming fraction r.
    public let trim: Double
    /// The first period (1-based) of the regression, `round(r T) + 1`.
    public let firstPeriod: Int
    /// Number of series.
    public let units: Int
    /// Whether convergence is not rejected (`t >= -1.65`).
    public var converges: Bool { t >= Self.criticalValue }

    /// The test on `series` (one array of T values per unit, all positive or all of one sign: `h` divides by the
    /// cross-section mean), trimming the first `trim` of the periods.
    /// - Throws: ``DynamicsError`` for fewer than 2 series, series of unequal length, too few periods left after
    ///   trimming (at least 3), a zero cross-section mean, or a degenerate regression (all `H_t` equal, or a
    ///   non-finite HAC variance).
    public init(series: [[Double]], trim: Double = 0.3) throws(DynamicsError) {
        guard series.count >= 2 else { throw .tooFewObservations(what: "the log t test", needed: 2, got: series.count) }
        let h = try Self.transitionVariance(series)
        try self.init(h: h, trim: trim, units: series.count)
    }

    /// The test from the cross-sectional variances `H_t` of the relative transition paths.
    init(h: [Double], trim: Double, units: Int) throws(DynamicsError) {
        guard trim > 0, trim < 1 else { throw .invalidArgument("the log t test's trimming fraction must be in (0, 1) (got \(trim))") }
        let nT = h.count
        let start = Int((Double(nT) * trim).rounded(.toNearestOrEven)) + 1
        guard nT - start + 1 >= 3 else {
            throw .tooFewObservations(what: "the log t regression (T = \(nT), periods \(start)..\(nT) after trimming r = \(trim))", needed: 3, got: max(nT - start + 1, 0))
        }
        guard h[0] > 0, h[0].isFinite else { throw .invalidArgument("the log t test: H_1 = \(h[0]), the series do not differ in the first period") }
        var x = [Double](), y = [Double]()
        for t in start...nT {
            guard h[t - 1] > 0 else { throw .invalidArgument("the log t test: H_\(t) = 0 (the series are equal in period \(t)); log(H_1/H_t) is not defined") }
            let lt = log(Double(t))
            x.append(lt); y.append(log(h[0] / h[t - 1]) - 2 * log(lt))
        }
        let m = Double(x.count)
        let xm = x.reduce(0, +) / m, ym = y.reduce(0, +) / m
        var sxx = 0.0, sxy = 0.0
        for i in x.indices { sxx += (x[i] - xm) * (x[i] - xm); sxy += (x[i] - xm) * (y[i] - ym) }
        let b = sxy / sxx, a = ym - b * xm
        let u = x.indices.map { y[$0] - a - b * x[$0] }
        let omega = Self.quadraticSpectralLongRunVariance(u)
        guard omega.isFinite, omega > 0 else { throw .invalidArgument("the log t test: the HAC long-run variance of the residuals is \(omega) (a degenerate regression)") }
        let se = (omega / sxx).squareRoot()
        beta = b; stdError = se; t = b / se; pValue = Normal.cdf(b / se)
        self.trim = trim; firstPeriod = start; self.units = units
    }

    /// `H_t = (1/N) sum_i (h_it - 1)^2`, `h_it = X_it / mean_j X_jt`.
    static func transitionVariance(_ series: [[Double]]) throws(DynamicsError) -> [Double] {
        let n = series.count, nT = series.first?.count ?? 0
        for (i, s) in series.enumerated() where s.count != nT {
            throw .invalidArgument("series \(i + 1) has \(s.count) periods, the first has \(nT)")
        }
        var out = [Double](repeating: 0, count: nT)
        for t in 0..<nT {
            var mean = 0.0
            for s in series { guard s[t].isFinite else { throw .nonFinite(what: "log t test, period \(t + 1)") }; mean += s[t] }
            mean /= Double(n)
            guard mean != 0 else { throw .invalidArgument("the log t test: the cross-section mean of period \(t + 1) is 0 (h = X / mean is not defined)") }
            var v = 0.0
            for s in series { let d = s[t] / mean - 1; v += d * d }
            out[t] = v / Double(n)
        }
        return out
    }

    /// ConvergenceClubs' `ps_andrews_hac`: the quadratic-spectral long-run variance with Andrews' AR(1) bandwidth.
    static func quadraticSpectralLongRunVariance(_ u: [Double]) -> Double {
        let n = u.count
        var s12 = 0.0, s11 = 0.0
        for i in 0..<(n - 1) { s12 += u[i] * u[i + 1]; s11 += u[i] * u[i] }
        let rho = s12 / s11
        let alpha = 4 * rho * rho / pow(1 - rho, 4)
        let bandwidth = 1.3221 * pow(alpha * Double(n), 0.2)
        let t2 = n - 1
        var out = 0.0
        if t2 >= 2 {
            for l in 1...(t2 - 1) {
                let z = 1.2 * Double.pi * Double(l) / bandwidth
                let k = (sin(z) / z - cos(z)) * (3 / (z * z))
                var c = 0.0
                for s in 0..<(t2 - l) { c += u[s] * u[s + l] }
                out += 2 * c * k / Double(t2)
            }
        }
        return out + u.reduce(0) { $0 + $1 * $1 } / Double(t2)
    }
}
