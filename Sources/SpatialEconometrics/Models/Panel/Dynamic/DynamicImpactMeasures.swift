import Foundation

/// Short- and long-run effects of a dynamic spatial panel model (Debarsy, Ertur & LeSage 2012; Elhorst 2012, sec. 5),
/// both from the package's one effects code (``ImpactMeasures``, traces of W, no n x n matrix above the dense
/// threshold):
///
/// - short run, `(I - rho W)^-1 (beta_k I + theta_k W)`: the static effects of (beta, theta, rho) with their covariance
///   block;
/// - long run, `[(1 - tau) I - (rho + eta) W]^-1 (beta_k I + theta_k W)`: the static effects of
///   `beta* = beta/(1 - tau)`, `theta* = theta/(1 - tau)`, `rho* = (rho + eta)/(1 - tau)` with the delta-method
///   covariance `J V J'` of (beta*, theta*, rho*), J analytic. Simulated long-run inference
///   (``ImpactInference/simulation(draws:seed:)``) draws from that linearised covariance, not from the distribution of
///   (tau, eta, beta, theta, rho).
///
/// Direct = mean diagonal, total = mean row sum, indirect = total - direct, on the original W (N units).
public struct DynamicImpactMeasures: Sendable, Codable {
    /// The short-run effects, of `(I - rho W)^-1 (beta I + theta W)`.
    public let shortRun: ImpactMeasures
    /// The long-run effects, of `((1 - tau) I - (rho + eta) W)^-1 (beta I + theta W)`.
    public let longRun: ImpactMeasures
}

/// (beta, theta, rho) and their covariance as ``ImpactMeasures`` reads them.
struct DynamicEffectsSource: SpatialEffectsSource {
    let coefficients: [Coefficient]
    let rho: Coefficient?
    let covariance: Matrix
    let unitCount: Int
    let boundary: BoundaryHit?
    let weightsUsed: SpatialWeights?
    let logDeterminantUsed: (any LogDeterminant)?
}

extension DynamicPanelRegression {
    /// Index of the first regressor in ``coefficients`` (after the lag terms).
    var lagCount: Int { (tau == nil ? 0 : 1) + (eta == nil ? 0 : 1) }

    /// The source of the short-run (`longRun: false`) or long-run effects.
    func effectsSource(longRun: Bool, weights given: SpatialWeights?) throws(ModelError) -> DynamicEffectsSource {
        guard let rho else { throw .invalidArgument("no rho") }
        let l = lagCount, k = coefficients.count - l
        let tauValue = tau?.estimate ?? 0, etaValue = eta?.estimate ?? 0
        let c = 1 - tauValue
        // Parameters of the full covariance: (lags..., regressors..., rho); output: (regressors..., rho).
        let dim = coefficients.count + 1, out = k + 1
        var jac = Matrix(rows: out, columns: dim)
        var estimates = [Double](repeating: 0, count: out)
        if longRun {
            for j in 0..<k {
                let b = coefficients[l + j].estimate
                estimates[j] = b / c
                jac[j, l + j] = 1 / c
                if tau != nil { jac[j, 0] = b / (c * c) }
            }
            estimates[k] = (rho.estimate + etaValue) / c
            jac[k, dim - 1] = 1 / c
            if tau != nil { jac[k, 0] = (rho.estimate + etaValue) / (c * c) }
            if eta != nil { jac[k, l - 1] = 1 / c }
        } else {
            for j in 0..<k { estimates[j] = coefficients[l + j].estimate; jac[j, l + j] = 1 }
            estimates[k] = rho.estimate; jac[k, dim - 1] = 1
        }
        let cov: Matrix
        do { cov = try jac * (try covariance * jac.transposed) } catch { throw .numerical("effects covariance: \(error)") }
        let coefs = (0..<k).map { Coefficient(name: coefficients[l + $0].name, estimate: estimates[$0], stdError: cov[$0, $0].squareRoot()) }
        return DynamicEffectsSource(coefficients: coefs, rho: Coefficient(name: "rho", estimate: estimates[k], stdError: cov[k, k].squareRoot()),
                                    covariance: cov, unitCount: n, boundary: boundary, weightsUsed: given ?? weightsUsed,
                                    logDeterminantUsed: logDeterminantUsed)
    }

    /// Short-run effects `(I - rho W)^-1 (beta_k I + theta_k W)`. `weights`: pass W for a fit decoded from JSON.
    public func shortRunEffects(inference: ImpactInference = .delta, weights: SpatialWeights? = nil) throws(ModelError) -> ImpactMeasures {
        try ImpactMeasures(effectsSource(longRun: false, weights: weights), inference: inference)
    }

    /// Long-run effects `[(1 - tau) I - (rho + eta) W]^-1 (beta_k I + theta_k W)`; refused with
    /// ``ModelError/nonStationary(tau:eta:rho:modulus:)`` when the estimate is not stationary (they do not exist).
    public func longRunEffects(inference: ImpactInference = .delta, weights: SpatialWeights? = nil) throws(ModelError) -> ImpactMeasures {
        guard stationarity.isStationary else {
            throw .nonStationary(tau: tau?.estimate, eta: eta?.estimate, rho: rho?.estimate ?? .nan, modulus: stationarity.maximumModulus)
        }
        return try ImpactMeasures(effectsSource(longRun: true, weights: weights), inference: inference)
    }

    /// Both (the long run refused as in ``longRunEffects(inference:weights:)``).
    public func effects(inference: ImpactInference = .delta, weights: SpatialWeights? = nil) throws(ModelError) -> DynamicImpactMeasures {
        DynamicImpactMeasures(shortRun: try shortRunEffects(inference: inference, weights: weights),
                              longRun: try longRunEffects(inference: inference, weights: weights))
    }
}
