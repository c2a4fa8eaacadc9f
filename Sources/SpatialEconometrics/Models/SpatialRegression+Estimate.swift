import Foundation

extension SpatialRegression {
    /// The single entry of the cross-sectional spatial models: fits `model` to `data` by the `estimator` chosen and
    /// returns the result every fit shares (``SpatialFit``: coefficients, rho, lambda, covariance, method, warnings).
    ///
    /// It dispatches to the estimators, which keep their own types (cast the result to reach their extra fields):
    ///
    /// | model | `.ml` | `.gmm` |
    /// |---|---|---|
    /// | sar, sdm | ``SpatialRegression`` | ``SpatialTwoStageLeastSquares`` (S2SLS, Kelejian & Prucha 1998) |
    /// | sem, sdem | ``SpatialRegression`` | ``GeneralizedMomentsError`` (GM, Kelejian & Prucha 2010; Drukker et al. 2013) |
    /// | sac | ``SpatialRegression`` | ``GeneralizedSpatialTwoStageLeastSquares`` (GS2SLS, Arraiz et al. 2010) |
    /// | slx | ``SpatialRegression`` (OLS on `[X, W X]`) | refused |
    ///
    /// ```swift
    /// let ml = try SpatialRegression.estimate(.sar, data: paired.table, y: "CRIME", x: ["INC", "HOVAL"], weights: paired.weights)
    /// let gmm = try SpatialRegression.estimate(.sar, data: paired.table, y: "CRIME", x: ["INC", "HOVAL"], weights: paired.weights,
    ///                                          estimator: .gmm(GMMOptions(covariance: .robust)))
    /// ```
    ///
    /// - Parameters:
    ///   - model: sar, sdm, sem, sdem, sac (either method) or slx (ML only).
    ///   - data: the observations, one row per unit in the order of `weights`' ids.
    ///   - y: the response column; `x`: the regressors (without spatial lags: the Durbin models add `W X`).
    ///   - weights: the spatial weights W.
    ///   - intercept: add a constant column (not lagged).
    ///   - estimator: ``Estimator/ml(_:)`` (default) or ``Estimator/gmm(_:)`` with its ``GMMOptions``.
    /// - Throws: ``ModelError/invalidArgument(_:)`` for an invalid combination (slx by GMM; a GMM option the model's
    ///   estimator does not take, e.g. `wLags` for the GM error fit, `moments` for a cross-section, a panel
    ///   covariance for S2SLS, `.hac` without `coordinates`), and whatever the estimator throws.
    public static func estimate(_ model: SpatialModel, data: DataTable, y: String, x: [String], weights: SpatialWeights,
                                intercept: Bool = true, estimator: Estimator = .ml()) throws(ModelError) -> any SpatialFit {
        switch estimator {
        case .ml(let options):
            return try SpatialRegression(model, data: data, y: y, x: x, weights: weights, intercept: intercept, options: options)
        case .gmm(let o):
            try o.refuse([.moments], for: "a cross-section (it chooses the random-effects panel GM's moments)")
            switch model {
            case .slx:
                throw .invalidArgument("the SLX has no GMM fit (it is OLS on [X, W X], nothing is endogenous): estimate it with .ml")
            case .sac:
                try o.refuse([.covariance, .coordinates, .degreesOfFreedomCorrection],
                             for: "the SAC's GS2SLS (its covariance follows its moments: weighting heteroskedastic or homoskedastic)")
                return try GeneralizedSpatialTwoStageLeastSquares(data: data, y: y, x: x, weights: weights, intercept: intercept,
                                                                  endogenous: o.endogenous, instruments: o.instruments, wLags: o.wLags,
                                                                  weighting: o.weighting, maxIterations: o.maxIterations)
            case .sem, .sdem:
                try o.refuse([.wLags, .covariance, .coordinates, .degreesOfFreedomCorrection],
                             for: "the GM error fit (sem, sdem), heteroskedasticity-robust by construction with instruments [X (, W X)]")
                return try GeneralizedMomentsError(model, data: data, y: y, x: x, weights: weights, intercept: intercept,
                                                   weighting: o.weighting, endogenous: o.endogenous, instruments: o.instruments,
                                                   maxIterations: o.maxIterations)
            case .sar, .sdm:
                try o.refuse([.weighting, .maxIterations], for: "S2SLS (sar, sdm), which has no error moments")
                let covariance: TwoStageCovariance
                var kernel: SpatialWeights? = nil, label: String? = nil
                switch o.covariance {
                case .default: covariance = .classical
                case .robust: covariance = .white
                case .hac(let spec):
                    guard let points = o.coordinates else {
                        throw .invalidArgument("covariance hac needs the units' coordinates (GMMOptions.coordinates, in the data's row order)")
                    }
                    covariance = .hac
                    kernel = try spec.kernelWeights(points: points, ids: weights.ids)
                    label = spec.label
                case .cluster, .driscollKraay:
                    throw .invalidArgument("covariance \(o.covariance) needs a panel; S2SLS takes default, robust (White, HC0) or hac")
                }
                if kernel == nil, o.coordinates != nil {
                    throw .invalidArgument("coordinates are the distances of the spatial HAC: give covariance .hac or drop them")
                }
                if covariance != .classical, o.degreesOfFreedomCorrection {
                    throw .invalidArgument("degreesOfFreedomCorrection scales sigma^2 of the classical covariance; covariance \(o.covariance) has no sigma^2")
                }
                return try SpatialTwoStageLeastSquares(model, data: data, y: y, x: x, weights: weights, intercept: intercept,
                                                       endogenous: o.endogenous, instruments: o.instruments, wLags: o.wLags,
                                                       covariance: covariance, degreesOfFreedomCorrection: o.degreesOfFreedomCorrection,
                                                       hacKernel: kernel, hacLabel: label)
            }
        }
    }
}
