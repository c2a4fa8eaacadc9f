import Foundation

/// Newton steps that polish a lag model's rho after Brent's method, shared by the cross-section and panel fits.
///
/// The concentrated log-likelihood of a lag model is `ln L(r) = c - m/2 ln(SSR(r)/m) + J(r)` with
/// `SSR(r) = |e0 - r eL|^2 = a00 - 2 r a0L + r^2 aLL` (e0, eL the residuals of y and W y on X) and the Jacobian term
/// J (`T* ln|I - r W|`, less `T* ln(1 - r)` for the Lee-Yu time transformation). Its score is
/// `m (a0L - r aLL) / SSR + J'(r)` and its derivative `m (-aLL SSR + 2 (a0L - r aLL)^2) / SSR^2 + J''(r)`.
/// Brent locates the maximum only to about sqrt(eps) (the likelihood is flat there), so without these steps a fit of
/// rescaled data (the same likelihood up to rounding) would differ in the eighth digit.
///
/// A step is taken only when the likelihood does not decrease (beyond 1e-12 relative) and stays in the interval; the
/// iteration stops when a step is below 1e-12 relative (one or two steps from Brent's answer), after at most 8.
enum LagNewtonPolish {
    static func polish(from start: Double, in interval: ClosedRange<Double>, a00: Double, a0L: Double, aLL: Double, observations m: Double,
                       logLikelihood lnL: (Double) -> Double, jacobianDerivatives: (Double) -> (first: Double, second: Double)) -> Double {
        func ssr(_ r: Double) -> Double { a00 - 2 * r * a0L + r * r * aLL }
        var r = start, current = lnL(start)
        for _ in 0..<8 {
            let s = ssr(r), j = jacobianDerivatives(r)
            let score = m * (a0L - r * aLL) / s + j.first
            let dscore = m * (-aLL * s + 2 * (a0L - r * aLL) * (a0L - r * aLL)) / (s * s) + j.second
            guard dscore < 0, dscore.isFinite, score.isFinite else { break }
            let next = r - score / dscore
            guard interval.contains(next) else { break }
            let value = lnL(next)
            guard value >= current - 1e-12 * abs(current) else { break }
            let step = abs(next - r)
            r = next
            current = value
            if step <= 1e-12 * max(1, abs(r)) { break }
        }
        return r
    }
}
