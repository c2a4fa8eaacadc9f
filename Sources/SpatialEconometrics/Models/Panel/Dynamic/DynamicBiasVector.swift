import Foundation

/// The leading-order bias of the QML estimator of the dynamic spatial panel model, the vector a of Yu, de Jong & Lee
/// (2008, Theorem 3) and Lee & Yu (2010, two-way effects): the estimate's bias is `-Sigma^-1 a / T`, so the corrected
/// estimate is `theta_bc = theta + n I^-1 a` with `I = nT Sigma` the information matrix (``InformationMatrix``).
///
/// With `S = I - rho W`, `A = S^-1 (tau I + eta W)`, `P = (I - A)^-1`, `P S^-1 = (S - tau I - eta W)^-1`,
/// `G = W S^-1`, in the order (tau, eta, beta, theta, rho, sigma^2):
///
///     a_tau = tr(P S^-1)/n     a_eta = tr(W P S^-1)/n     a_beta = a_theta = 0
///     a_rho = [tau tr(G P S^-1) + eta tr(G W P S^-1) + tr(G)]/n     a_s2 = 1/(2 s2)
///
/// Every trace is that of a rational function f of W. With two-way effects the transformed model has n = N - 1 and
/// `W* = F_N' W F_N`, whose traces are those over W less f(1) (W row-standardised: `tr f(W*) = tr f(W) - f(1)`).
///
/// From W's eigenvalues `w_i` (the sums `sum_i f(w_i)`) when the spectrum is known; otherwise from the
/// log-determinant's traces `R(s) = tr(W (I - s W)^-1)` and `R'(s) = tr((W (I - s W)^-1)^2)` by partial fractions,
/// with `c = 1 - tau`, `b = (rho + eta)/c` (so `P S^-1 = (I - b W)^-1 / c`):
/// `tr(P S^-1) = (N + b R(b))/c`, `tr(W P S^-1) = R(b)/c`, `tr(G P S^-1) = [rho R(rho) - b R(b)]/((rho - b) c)`,
/// `tr(G W P S^-1) = [R(rho) - R(b)]/((rho - b) c)` (their limits `(R + s R')/c`, `R'/c` when b is within 1e-6 of
/// rho), `tr G = R(rho)`: no n x n matrix (sparse exact log-determinants factorise, approximate ones approximate).
struct DynamicBiasVector {
    /// The traces `tr(P S^-1)`, `tr(W P S^-1)`, `tr(G P S^-1)`, `tr(G W P S^-1)`, `tr(G)` in the transformed space.
    let traces: [Double]
    /// The vector a in the fit's parameter order (tau? eta? beta theta rho sigma^2).
    let a: [Double]

    init(tau: Double, eta: Double, rho: Double, sigma2: Double, lags: DynamicLags, regressors k: Int, units n: Int, twoWays: Bool,
         spectrum: WeightsSpectrum, logDeterminant ld: any LogDeterminant) throws(ModelError) {
        let c = 1 - tau, d = rho + eta
        var tr = [Double](repeating: 0, count: 5)
        switch spectrum {
        case .eigenvalues(let values, let unit):
            // Complex arithmetic on (re, im) pairs.
            for (i, w) in values.enumerated() where !(twoWays && i == unit) {
                let (sr, si) = (1 - rho * w.real, -rho * w.imaginary)           // s = 1 - rho w
                let (mr, mi) = (c - d * w.real, -d * w.imaginary)               // m = c - d w
                func inv(_ a: Double, _ b: Double) -> (Double, Double) { let q = a * a + b * b; return (a / q, -b / q) }
                func mul(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double) { (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0) }
                let im = inv(mr, mi), isv = inv(sr, si), ww = (w.real, w.imaginary)
                let wm = mul(ww, im), wsm = mul(wm, isv), wws = mul(ww, wsm)
                tr[0] += im.0; tr[1] += wm.0; tr[2] += wsm.0; tr[3] += wws.0; tr[4] += mul(ww, isv).0
            }
            if twoWays && unit == nil { throw .invalidArgument("the two-way dynamic model needs W 1 = 1 (row-standardised W)") }
        case .range:
            let b = d / c
            guard ld.interval.contains(b), ld.interval.contains(rho) else {
                throw .invalidArgument("bias correction: (rho + eta)/(1 - tau) = \(b) is outside the feasible interval \(ld.interval) of the "
                    + "log-determinant, so (I - A)^-1 does not exist")
            }
            let tb = ld.traces(b), tr0 = ld.traces(rho)
            let nn = Double(n + (twoWays ? 1 : 0))
            tr[0] = (nn + b * tb.first) / c
            tr[1] = tb.first / c
            if abs(rho - b) > 1e-6 {
                tr[2] = (rho * tr0.first - b * tb.first) / ((rho - b) * c)
                tr[3] = (tr0.first - tb.first) / ((rho - b) * c)
            } else {
                let mid = ld.traces((rho + b) / 2), s = (rho + b) / 2
                tr[2] = (mid.first + s * mid.second) / c
                tr[3] = mid.second / c
            }
            tr[4] = tr0.first
            if twoWays {
                let f1 = 1 / (c - d)
                tr[0] -= f1; tr[1] -= f1; tr[2] -= f1 / (1 - rho); tr[3] -= f1 / (1 - rho); tr[4] -= 1 / (1 - rho)
            }
        }
        traces = tr
        let nn = Double(n)
        var a = [Double]()
        if lags.hasTime { a.append(tr[0] / nn) }
        if lags.hasSpace { a.append(tr[1] / nn) }
        a += [Double](repeating: 0, count: k)
        a.append((tau * tr[2] + eta * tr[3] + tr[4]) / nn)
        a.append(1 / (2 * sigma2))
        self.a = a
    }
}
