import Foundation

/// The Hodrick-Prescott (1997) trend of a series: the `tau` minimising
/// `sum_t (y_t - tau_t)^2 + lambda sum_t (tau_{t+1} - 2 tau_t + tau_{t-1})^2`, i.e. the solution of the banded
/// (pentadiagonal) symmetric positive-definite system
///
///     (I + lambda D'D) tau = y,   D the (T - 2) x T second-difference matrix,
///
/// solved exactly (Cholesky, LAPACK `dpotrf`/`dpotrs`, on the T x T matrix; T is a number of periods), as
/// `mFilter::hpfilter(type = "lambda")` and `statsmodels.tsa.filters.hp_filter.hpfilter` define it. The cycle is
/// `y - tau`. Phillips & Sul (2007, 2009) remove the business cycle of log per-capita income this way before the
/// log t test (``ConvergenceClubs``); `lambda = 400` is their choice for annual data (Ravn & Uhlig 2002 give 6.25,
/// Hodrick & Prescott 100: state the value used).
///
/// Reference: Hodrick, R. J. & Prescott, E. C. (1997), Postwar U.S. business cycles: an empirical investigation,
/// *J. Money, Credit and Banking* 29, 1–16.
public enum HodrickPrescottFilter {
    /// The trend of `series` for smoothing parameter `lambda` (>= 0; 0 returns the series).
    /// - Throws: ``DynamicsError`` for a negative or non-finite lambda, fewer than 3 values, or a non-finite value.
    public static func trend(_ series: [Double], lambda: Double) throws(DynamicsError) -> [Double] {
        guard lambda.isFinite, lambda >= 0 else { throw .invalidArgument("the HP smoothing parameter must be finite and >= 0 (got \(lambda))") }
        for (t, v) in series.enumerated() where !v.isFinite { throw .nonFinite(what: "HP filter: value \(t + 1) of the series (\(v))") }
        let n = series.count
        guard n >= 3 else { throw .tooFewObservations(what: "HP filter", needed: 3, got: n) }
        if lambda == 0 { return series }
        var a = Matrix(rows: n, columns: n)
        for i in 0..<n { a[i, i] = 1 }
        // D'D: row r of D is (1, -2, 1) at columns r, r+1, r+2.
        let d = [1.0, -2.0, 1.0]
        for r in 0..<(n - 2) {
            for p in 0..<3 { for q in 0..<3 { a[r + p, r + q] += lambda * d[p] * d[q] } }
        }
        do { return try Cholesky(a).solve(series) } catch { throw .invalidArgument("HP filter: \(error)") }
    }
}
