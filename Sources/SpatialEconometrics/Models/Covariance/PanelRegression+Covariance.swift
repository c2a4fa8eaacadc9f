import Foundation

extension PanelRegression {
    /// The sandwich covariance of a fixed-effects fit: the per-observation scores (``LikelihoodScores``) of the
    /// estimator's own likelihood on its transformed (demeaned) data, rows in the panel's time-major order (row
    /// `t n + i` is unit i in period t), the bread the inverse of its information matrix. Cluster groups the rows by
    /// unit, Driscoll-Kraay by period. Refuses HAC (GMM's), the bias-corrected estimates (not the maximum of the
    /// likelihood whose scores these are) and Hessian standard errors (the bread is the information matrix).
    ///
    /// The SAC with a second error matrix M (`errorWeights`): the scores take `B = I - lambda M` and lambda's Jacobian
    /// rows `diag(M (I - lambda M)^-1)`, the bread is the information matrix with M for the error
    /// (``InformationMatrix/full(x:blockSize:beta:sigma2:rho:lambda:weights:errorWeights:traceMultiplier:observations:center:)``,
    /// dense: refused above ``InformationMatrix/denseTraceMaximumUnits`` units), `information` (W's) is not used.
    static func sandwich(_ vce: CovarianceEstimator, estimator: PanelEstimator, standardErrors: StandardErrorMethod, data: SpatialLikelihoodData,
                         beta: [Double], rho: Double?, lambda: Double?, sigma2: Double, weights: SpatialWeights, errorWeights: SpatialWeights? = nil,
                         jacobian: LikelihoodJacobian, information: Matrix) throws(ModelError) -> (covariance: Matrix, label: String) {
        try vce.checkMaximumLikelihood()
        try vce.checkBread(standardErrors)
        if estimator == .biascorrected {
            throw .invalidArgument("vce \(vce): the bias-corrected estimates are not the maximum of a likelihood, so their scores do not sum to zero "
                + "and no sandwich applies; use --estimator leeyu (the default) or direct")
        }
        guard let wy = data.wy else { throw .invalidArgument("sandwich: the panel's W y is missing") }
        let n = weights.count
        var bread = information
        if let m = errorWeights {
            guard n <= InformationMatrix.denseTraceMaximumUnits else {
                throw .invalidArgument("vce \(vce) of the SAC with a second error matrix (errorWeights, --error-weights) needs its information matrix "
                    + "(the sandwich's bread) with M, formed densely up to \(InformationMatrix.denseTraceMaximumUnits) units; this panel has \(n): "
                    + "use --vce default (the Hessian), or the SAC with one W")
            }
            guard data.errorWy != nil else { throw .invalidArgument("sandwich: the panel's M y is missing") }
            bread = try InformationMatrix.full(x: data.x, blockSize: n, beta: beta, sigma2: sigma2, rho: rho, lambda: lambda, weights: weights,
                                               errorWeights: m, traceMultiplier: jacobian.multiplier, observations: data.observations,
                                               center: jacobian.centered)
        }
        let scores = try LikelihoodScores.gaussian(y: data.y, wy: wy, x: data.x, wx: data.wx, wwy: data.wwy, beta: beta, rho: rho, lambda: lambda,
                                                   sigma2: sigma2, weights: weights, errorWeights: errorWeights,
                                                   errorWy: errorWeights == nil ? nil : data.errorWy, multiplier: jacobian.multiplier,
                                                   centered: jacobian.centered, observations: data.observations)
        let rows = data.x.rows
        let units = (0..<rows).map { $0 % n }, periods = (0..<rows).map { $0 / n }
        return try LikelihoodScores.robustCovariance(scores: scores, information: bread, estimator: vce, units: units, periods: periods,
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
