import Foundation

extension PanelRegression {
    /// The sandwich covariance of a fixed-effects fit: the per-observation scores (``LikelihoodScores``) of the
    /// estimator's own likelihood on its transformed (demeaned) data, rows in the panel's time-major order (row
    /// `t n + i` is unit i in period t), the bread the inverse of its information matrix. Cluster groups the rows by
    /// unit, Driscoll-Kraay by period. Refuses HAC (GMM's), the bias-corrected estimates (not the maximum of the
    /// likelihood whose scores these are) and Hessian standard errors (the bread is the information matrix).
    static func sandwich(_ vce: CovarianceEstimator, estimator: PanelEstimator, standardErrors: StandardErrorMethod, data: SpatialLikelihoodData,
                         beta: [Double], rho: Double?, lambda: Double?, sigma2: Double, weights: SpatialWeights, jacobian: LikelihoodJacobian,
                         information: Matrix) throws(ModelError) -> (covariance: Matrix, label: String) {
        try vce.checkMaximumLikelihood()
        try vce.checkBread(standardErrors)
        if estimator == .biascorrected {
            throw .invalidArgument("vce \(vce): the bias-corrected estimates are not the maximum of a likelihood, so their scores do not sum to zero "
                + "and no sandwich applies; use --estimator leeyu (the default) or direct")
        }
        guard let wy = data.wy else { throw .invalidArgument("sandwich: the panel's W y is missing") }
        let n = weights.count
        let scores = try LikelihoodScores.gaussian(y: data.y, wy: wy, x: data.x, wx: data.wx, wwy: data.wwy, beta: beta, rho: rho, lambda: lambda,
                                                   sigma2: sigma2, weights: weights, multiplier: jacobian.multiplier, centered: jacobian.centered,
                                                   observations: data.observations)
        let rows = data.x.rows
        let units = (0..<rows).map { $0 % n }, periods = (0..<rows).map { $0 / n }
        return try LikelihoodScores.robustCovariance(scores: scores, information: information, estimator: vce, units: units, periods: periods,
                                                     classical: "analytical information matrix of the estimator's likelihood")
    }
}

extension FitOptions {
    /// The dynamic panel's bias-corrected estimates are not a likelihood maximum (their scores do not sum to zero), so
    /// a sandwich is refused for them; the uncorrected QML (`biasCorrected: false`) takes one.
    func checkDynamicCovariance(biasCorrected: Bool) throws(ModelError) {
        try covariance.checkMaximumLikelihood()
        guard covariance == .default || !biasCorrected else {
            throw .invalidArgument("vce \(covariance) is not available for the bias-corrected dynamic panel: the corrected estimates are not the maximum "
                + "of a likelihood, so no sandwich of its scores applies; fit the uncorrected QML (biasCorrected: false; CLI --uncorrected) or use vce default")
        }
    }
}
