import Foundation

extension ConcentratedLikelihood {
    /// The covariance of `(beta, rho?, lambda?)` as the inverse negative Hessian of the log-likelihood with sigma^2
    /// concentrated out, `ln L(b, r, l) = -m/2 (ln(2 pi e'e / m) + 1) + c + J_rho(r) + J_lambda(l)`,
    /// `e = B (y - r W y - X b)`, by Richardson-extrapolated central differences (`NumericalDerivatives`) of the
    /// least-squares part plus the Jacobian terms' exact diagonal `J''(s) = -T* tr((W A^-1)^2) (+ c/(1 - s)^2)`, on the
    /// same transformed data as the estimate: what spatialreg's `method = "Matrix"` / `"LU"` report (`nlme::fdHess`).
    /// At the maximum the profile Hessian's inverse equals the corresponding block of the full inverse Hessian, so
    /// concentrating sigma^2 out changes nothing.
    ///
    /// Needs `data.wy` for lag models (W y), and for error models `data.wy` (W y), `data.wx`, and `data.wwy` with
    /// both. Throws the information matrix's singularity error naming the parameters, or a numerical error when the
    /// Hessian is not negative definite; returns the near-singularity warning when there is one.
    static func hessianCovariance(_ data: SpatialLikelihoodData, lag: LikelihoodJacobian?, error: LikelihoodJacobian?, at estimate: LikelihoodEstimate,
                                  names: [String]) throws(ModelError) -> (covariance: Matrix, nearSingularWarning: String?) {
        let k = data.x.columns, count = data.y.count
        let hasLag = lag != nil, hasError = error != nil
        let wy = data.wy ?? [Double](repeating: 0, count: count)
        if hasError && (data.wx == nil || data.wy == nil || (hasLag && data.wwy == nil)) {
            throw .invalidArgument("Hessian of an error model needs W y and W X (and W W y with a lag)")
        }
        func logLikelihood(_ p: [Double]) -> Double {
            let r = hasLag ? p[k] : 0, l = hasError ? p[k + (hasLag ? 1 : 0)] : 0
            if let lag, !lag.interval.contains(r) { return .nan }
            if let error, !error.interval.contains(l) { return .nan }
            let beta = Array(p[0..<k])
            guard let xb = try? data.x.multiply(beta) else { return .nan }
            var u = (0..<count).map { data.y[$0] - r * wy[$0] - xb[$0] }
            if l != 0, let wx = data.wx {
                // W u = W y - r W W y - W X b.
                guard let wxb = try? wx.multiply(beta) else { return .nan }
                let wwy = data.wwy, ey = data.errorWy ?? wy
                for i in 0..<count { u[i] -= l * (ey[i] - r * (wwy?[i] ?? 0) - wxb[i]) }
            }
            let sse = dot(u, u)
            return value(sse: sse, observations: data.observations, constant: data.constant)
        }
        let at = estimate.beta + (hasLag ? [estimate.rho ?? 0] : []) + (hasError ? [estimate.lambda ?? 0] : [])
        // The Jacobian terms are separable (each a function of one spatial parameter): their Hessian is diagonal,
        // J''(s) from the log-determinant's traces; only the least-squares part is differenced, so the Hessian costs
        // no factorisation per evaluation.
        var negative = NumericalDerivatives.hessian(logLikelihood, at: at)
        for e in negative.elements.indices { negative.elements[e] = -negative.elements[e] }
        if let lag, let r = estimate.rho { negative[k, k] -= lag.derivatives(r).second }
        if let error, let l = estimate.lambda { let i = k + (hasLag ? 1 : 0); negative[i, i] -= error.derivatives(l).second }
        guard negative.elements.allSatisfy(\.isFinite), let inverse = try? Cholesky(negative).inverse() else {
            throw InformationMatrix.singularError(negative, names: names)
                ?? .numerical("the Hessian of the log-likelihood is not negative definite at the estimate")
        }
        return (inverse, InformationMatrix.nearSingularWarning(negative, inverse: inverse, names: names))
    }
}
