import Foundation

extension PanelRegression {
    /// The single entry of the static spatial panel models: fits `model` to the balanced `panel` with the `effects`
    /// and the `estimator` chosen, and returns the result every fit shares (``SpatialFit``: coefficients, rho,
    /// lambda, covariance, method, warnings).
    ///
    /// It dispatches to the estimators (cast the result to reach their extra fields):
    ///
    /// | effects | `.ml` | `.gmm` |
    /// |---|---|---|
    /// | `.fixed(e)` | ``PanelRegression`` (sar, sdm, sem, sdem, sac) | `e = .individual`: ``PanelGeneralizedMoments`` within (sar, sem, sac) |
    /// | `.random` | ``RandomEffectsRegression`` (sar, sdm, sem, sdem) | ``PanelGeneralizedMoments`` random (sem, sac; sar by Baltagi's EC2SLS) |
    ///
    /// ```swift
    /// let gm = try PanelRegression.estimate(.sac, panel: paired.panel, y: "y", x: ["x1", "x2"], weights: paired.weights,
    ///                                       effects: .fixed(.individual), estimator: .gmm(GMMOptions(covariance: .cluster)))
    /// ```
    ///
    /// - Parameters:
    ///   - model: the spatial model (see the table for which estimator takes which).
    ///   - panel: the balanced panel; `y` the response, `x` the regressors.
    ///   - weights: the spatial weights over the panel's units.
    ///   - effects: ``PanelEffectsSpecification`` (default: unit fixed effects).
    ///   - estimator: ``Estimator/ml(_:)`` (default) or ``Estimator/gmm(_:)``. ML random effects take `covariance` (sandwiches for sar and sdm) but no
    ///     standard-error or traces options; the panel GM takes `covariance` (default, robust, cluster, dkraay), `moments`
    ///     (random effects) and `endogenous`/`instruments`.
    /// - Throws: ``ModelError/invalidArgument(_:)`` for an invalid combination (slx; a Durbin model by GMM; GMM with time
    ///   or two-way fixed effects; an option the estimator does not take), and whatever the estimator throws.
    public static func estimate(_ model: SpatialModel, panel: Panel, y: String, x: [String], weights: SpatialWeights,
                                effects: PanelEffectsSpecification = .fixed(.individual),
                                estimator: Estimator = .ml()) throws(ModelError) -> any SpatialFit {
        switch estimator {
        case .ml(let options):
            switch effects {
            case .fixed(let fixed):
                return try PanelRegression(model, panel: panel, y: y, x: x, weights: weights, effects: fixed,
                                           logDeterminant: try options.requestedLogDeterminant(weights), traces: options.traces,
                                           standardErrors: options.standardErrors, progress: options.progress,
                                           covariance: options.covariance)
            case .random:
                guard options.standardErrors == .informationMatrix, options.traces == nil else {
                    throw .invalidArgument("the random-effects ML fit reports its information-matrix covariance (or a sandwich "
                        + "through covariance:): drop the standard-error and traces options, or use fixed effects")
                }
                return try RandomEffectsRegression(model, panel: panel, y: y, x: x, weights: weights,
                                                   logDeterminant: try options.requestedLogDeterminant(weights),
                                                   covariance: options.covariance)
            }
        case .gmm(let o):
            guard model == .sar || model == .sem || model == .sac else {
                throw .invalidArgument("the panel GM fits sar (lag), sem (error) and sac (lag and error), not \(model.rawValue): "
                    + "estimate the Durbin panels with .ml")
            }
            try o.refuse([.wLags, .weighting, .maxIterations, .coordinates, .degreesOfFreedomCorrection],
                         for: "the panel GM (splm's spgm: instruments [X, W X, W^2 X], unit effects instead of an intercept)")
            let gm: PanelGMEffects
            switch effects {
            case .fixed(.individual): gm = .within
            case .random: gm = .random
            case .fixed(let other):
                throw .invalidArgument("the panel GM removes unit effects (within) or models them as random, not \(other.rawValue) fixed effects")
            }
            if gm == .within { try o.refuse([.moments], for: "the within panel GM, which uses the three within moments only") }
            return try PanelGeneralizedMoments(panel: panel, y: y, x: x, weights: weights, effects: gm, lag: model.hasLag,
                                               spatialError: model.hasError, moments: o.moments, endogenous: o.endogenous,
                                               instruments: o.instruments, covariance: o.covariance)
        }
    }
}
