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
/// iteration stops after a step below 1e-8 relative (``isFinal(step:at:)``; one or two steps from Brent's answer),
/// after at most 8.
/// `converged` says whether it stopped that way (rather than at a step it refused or after 8), which a search on an
/// approximate log-determinant needs to know (``ConcentratedLikelihood``).
enum LagNewtonPolish {
    /// Whether a Newton step of this size ends the iteration: below 1e-8 relative the next one is below ~1e-15
    /// (quadratic convergence; linear at rate ~1e-6 from J'' by five-point differences still gives ~1e-14), so the
    /// estimate is then at the maximum to rounding. A test at 1e-12 would never be met at 10^5 units, where the
    /// five-point J' of an exact sparse log-determinant carries ~1e-10 relative rounding.
    static func isFinal(step: Double, at x: Double) -> Bool { step <= 1e-8 * max(1, abs(x)) }

    static func polish(from start: Double, in interval: ClosedRange<Double>, a00: Double, a0L: Double, aLL: Double, observations m: Double,
                       logLikelihood lnL: (Double) -> Double,
                       jacobianDerivatives: (Double) -> (first: Double, second: Double)) -> (rho: Double, converged: Bool) {
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
            if isFinal(step: step, at: r) { return (r, true) }
        }
        return (r, false)
    }
}
