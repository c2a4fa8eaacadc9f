import Foundation

extension CovarianceEstimator {
    /// A cross-section has no unit or period structure: cluster and Driscoll-Kraay are refused, as are HAC (GMM's)
    /// and a sandwich over the numerical Hessian (the bread is the information matrix).
    func checkCrossSection(standardErrors: StandardErrorMethod) throws(ModelError) {
        try checkMaximumLikelihood()
        if needsPanel {
            throw .invalidArgument("vce \(self) needs a panel (units observed over periods); a cross-section takes default or robust")
        }
        try checkBread(standardErrors)
    }

    /// The sandwich's bread is the inverse information matrix: Hessian standard errors with a robust covariance are
    /// refused rather than one of them ignored.
    func checkBread(_ standardErrors: StandardErrorMethod) throws(ModelError) {
        if self != .default && standardErrors == .hessian {
            throw .invalidArgument("vce \(self) is a sandwich whose bread is the information matrix; it does not combine with Hessian standard errors "
                + "(--se hessian): choose one")
        }
    }
}

extension SpatialRegression {
    /// SLX (least squares) with a sandwich covariance: the Gaussian likelihood's scores `x_i e_i / s2`, `-1/(2 s2) +
    /// e_i^2/(2 s2^2)` and the bread `diag(s2 (X'X)^-1, 2 s2^2/n)`; for beta this is HC0 times m/(m - 1).
    func robustSLX(design: RegressionData, ols: OrdinaryLeastSquares, estimator: CovarianceEstimator) throws(ModelError) -> SpatialRegression {
        guard let weights = weightsUsed else { throw .invalidArgument("SLX robust covariance: no weights") }
        let k = design.k, n = design.n, s2 = ols.sigma2ML
        let wy = [Double](repeating: 0, count: n)
        let scores = try LikelihoodScores.gaussian(y: design.y, wy: wy, x: design.x, wx: nil, wwy: nil, beta: ols.coefficients.map(\.estimate),
                                                   rho: nil, lambda: nil, sigma2: s2, weights: weights, observations: Double(n))
        var info = Matrix(rows: k + 1, columns: k + 1)
        let xtx: Matrix
        do { xtx = try design.x.crossProduct } catch { throw .numerical("\(error)") }
        for j in 0..<k { for i in 0..<k { info[i, j] = xtx[i, j] / s2 } }
        info[k, k] = Double(n) / (2 * s2 * s2)
        let robust = try LikelihoodScores.robustCovariance(scores: scores, information: info, estimator: estimator, units: nil, periods: nil,
                                                           classical: "information matrix of the Gaussian likelihood (s2 (X'X)^-1 for beta)")
        let cov = robust.covariance
        let old = self.coefficients
        let coefficients = (0..<k).map { Coefficient(name: design.xNames[$0], estimate: old[$0].estimate, stdError: cov[$0, $0].squareRoot(),
                                                     tDegreesOfFreedom: Double(n - k)) }
        var out = SpatialRegression(model: model, yName: yName, n: n, coefficients: coefficients, rho: nil, lambda: nil, sigma2: sigma2,
                                    logLikelihood: logLikelihood, parameterCount: parameterCount, covariance: cov, standardErrors: robust.label,
                                    logDeterminantMethod: nil, lrVersusOLS: nil, waldSpatial: nil, residuals: residuals,
                                    pseudoRSquared: pseudoRSquared, warnings: warnings)
        out.weightsUsed = weights
        return out
    }
}
