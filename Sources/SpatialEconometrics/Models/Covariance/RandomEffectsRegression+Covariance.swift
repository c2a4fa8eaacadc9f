import Foundation

extension RandomEffectsRegression {
    /// The sandwich covariance of a random-effects lag (SAR, SDM) or non-spatial fit, of the full vector
    /// `theta = (beta, rho?, phi, sigma_e^2)`, from the per-cell scores of the log-likelihood in whitened form.
    ///
    /// With `Omega = sigma^2 (I_T kron I_N + phi J_T kron I_N)` (unit blocks), `P = I_NT - psi (J_T/T kron I_N)`,
    /// `psi = 1 - (1 + T phi)^-1/2`, is symmetric with `P'P = sigma^2 Omega^-1` (the quasi-demeaning; no square-root
    /// choice arises). With `u = y - rho W y - X b`, `e* = P u` and `ubar_i` unit i's mean of u, cell (t, i) contributes
    ///
    ///     l_ti = -1/2 ln(2 pi s2) - 1/(2T) ln(1 + T phi) + [ln(I - rho W)]_ii - e*_ti^2 / (2 s2),
    ///
    /// (`ln|I - rho W| = tr ln(I - rho W)` allocated to unit i in each of the T periods, as the fixed-effects scores do),
    /// so the score rows are
    ///
    ///     d/d beta: X*_ti e*_ti / s2        d/d rho: (W y)*_ti e*_ti / s2 - G_ii,   G = W (I - rho W)^-1
    ///     d/d phi:  -1 / (2 (1 + T phi)) + (T/2) (1 + T phi)^-3/2 e*_ti ubar_i / s2
    ///     d/d s2:   -1 / (2 s2) + e*_ti^2 / (2 s2^2)
    ///
    /// (``LikelihoodScores`` gives the beta, rho and s2 columns on the quasi-demeaned data). They sum to the gradient,
    /// zero at the estimate. Robust sums the NT cells, cluster the T cells of each unit (as Stata's
    /// `xtreg, re vce(robust)` clusters the quasi-demeaned data by panel), Driscoll-Kraay the N cells of each period.
    /// The bread is the inverse of the analytical information matrix in the same parameters (phi and sigma_e^2, not
    /// sigma_mu^2, for meat and bread alike). With `y = (I_T kron A^-1)(X b + u)`, `Sigma = sigma^2 Omega~` and
    /// `G~ = I_T kron G` commuting with `Omega~ = (I_T + phi J_T) kron I_N`, `Sigma^-1 dSigma/drho = (I_T kron A' G A'^-1) + G~'`
    /// does not involve phi, so the (beta, rho, sigma^2) block is the fixed-effects one on the quasi-demeaned X*
    /// (``InformationMatrix``: `X*'X*/s2`, `X*'G~X*b/s2`, `T [tr(G^2) + tr(G'G)] + |G~X*b|^2/s2`, `T tr(G)/s2`,
    /// `NT/(2 s2^2)`), and phi adds `phi-phi = N T^2 / (2 (1 + T phi)^2)`, `phi-s2 = NT / (2 s2 (1 + T phi))`,
    /// `phi-rho = T tr(G) / (1 + T phi)`, `phi-beta = 0` (`Sigma^-1 dSigma/dphi = J_T kron I_N / (1 + T phi)`). As beta
    /// is orthogonal to (phi, sigma^2), the non-spatial model's beta block is the cluster sandwich of the GLS
    /// regression on the quasi-demeaned data (Stata's `xtreg, re vce(robust)`, `plm::vcovHC(method = "arellano")` on
    /// the quasi-demeaned pooled regression, at the ML phi). The sandwich corrects the covariance only (Lin & Lee 2010).
    ///
    /// - Returns: the p x p covariance of theta (order above) and its label.
    static func sandwich(_ vce: CovarianceEstimator, likelihood: RandomEffectsLikelihood, weights: SpatialWeights?, beta: [Double], rho: Double?,
                         phi: Double, sigma2 s2: Double) throws(ModelError) -> (covariance: Matrix, label: String) {
        try vce.checkMaximumLikelihood()
        let n = likelihood.n, t = likelihood.t, m = n * t, k = beta.count
        guard let d = likelihood.quasiDemeaned(logPhi: log(phi)) else { throw .numerical("sandwich: the quasi-demeaned data at phi = \(phi)") }
        var lagRows: [Double]? = nil, traceG = 0.0
        if let rho {
            guard let weights else { throw .invalidArgument("sandwich: a lag model needs its W") }
            let g = try LikelihoodScores.jacobianDiagonal(weights: weights, at: rho)
            lagRows = (0..<m).map { g[$0 % n] }
            traceG = g.reduce(0, +)
        }
        let wy = d.wy ?? [Double](repeating: 0, count: m)
        let base = try LikelihoodScores.gaussian(y: d.y, wy: wy, x: d.x, wx: nil, wwy: nil, beta: beta, rho: rho, lambda: nil, sigma2: s2,
                                                 lagJacobianRows: lagRows, errorJacobianRows: nil, observations: Double(m))
        // The phi column, inserted before sigma^2's: e* = P u, ubar_i from the untransformed data.
        let r = rho ?? 0, tt = Double(t), a = 1 + tt * phi
        var xb = [Double](repeating: 0, count: m), xsb = xb
        do {
            xb = try Matrix(columnArrays: likelihood.raw).multiply(beta)
            xsb = try d.x.multiply(beta)
        } catch { throw .numerical("sandwich: \(error)") }
        var ubar = [Double](repeating: 0, count: n)
        for o in 0..<m { ubar[o % n] += (likelihood.y[o] - r * likelihood.wy[o] - xb[o]) / tt }
        let p = base.columns + 1
        var scores = Matrix(rows: m, columns: p)
        for o in 0..<m {
            for j in 0..<(p - 2) { scores[o, j] = base[o, j] }
            let e = d.y[o] - r * wy[o] - xsb[o]
            scores[o, p - 2] = -1 / (2 * a) + tt / 2 * pow(a, -1.5) * e * ubar[o % n] / s2
            scores[o, p - 1] = base[o, p - 2]
        }
        // The information matrix: (beta, rho?, sigma^2) on the quasi-demeaned data, then phi's row and column before sigma^2's.
        let base3: Matrix
        if let rho, let weights {
            base3 = try InformationMatrix.compute(x: d.x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: nil, weights: weights,
                                                  traceMultiplier: tt, observations: Double(m), center: false,
                                                  traces: .automatic(units: n)).info
        } else {
            var b = Matrix(rows: k + 1, columns: k + 1)
            let xtx: Matrix
            do { xtx = try d.x.crossProduct } catch { throw .numerical("sandwich: \(error)") }
            for i in 0..<k { for j in 0..<k { b[i, j] = xtx[i, j] / s2 } }
            b[k, k] = Double(m) / (2 * s2 * s2)
            base3 = b
        }
        var info = Matrix(rows: p, columns: p)
        for i in 0..<(p - 1) {
            for j in 0..<(p - 1) {
                let bi = i < p - 2 ? i : p - 1, bj = j < p - 2 ? j : p - 1
                info[bi, bj] = base3[i, j]
            }
        }
        let phiIndex = p - 2
        info[phiIndex, phiIndex] = Double(n) * tt * tt / (2 * a * a)
        info[phiIndex, p - 1] = Double(m) / (2 * s2 * a); info[p - 1, phiIndex] = info[phiIndex, p - 1]
        if rho != nil { info[phiIndex, k] = tt * traceG / a; info[k, phiIndex] = info[phiIndex, k] }
        let bread = try InformationMatrix.inverse(info)
        let sandwich = try SandwichCovariance(scores: scores, bread: bread, estimator: vce, units: (0..<m).map { $0 % n }, periods: (0..<m).map { $0 / n })
        return (sandwich.covariance, sandwich.label + "; scores of the quasi-demeaned (whitened) cells, parameters (beta, "
            + (rho == nil ? "" : "rho, ") + "phi, sigma_e^2); bread: the inverse analytical information matrix; "
            + CovarianceEstimator.linLeeCaveat)
    }
}
