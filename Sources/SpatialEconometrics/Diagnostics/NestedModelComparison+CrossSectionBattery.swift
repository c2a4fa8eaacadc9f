import Foundation

extension NestedModelComparison {
    /// The likelihood-ratio, Wald and Hausman tests that go with a cross-section fit, in one call: what
    /// `spatial fit` reports under `"tests"` (the keys are those of its JSON).
    ///
    /// - `lr_vs_ols`, `wald_spatial`: the fit's own LR test against OLS and Wald test of its spatial parameters
    ///   (``SpatialRegression/lrVersusOLS``, ``SpatialRegression/waldSpatial``), when the model has them.
    /// - SDM: `wald_sdm_sar` (theta = 0, ``waldNoSpatialLagsOfX(_:)``), `wald_sdm_sem` (common factor
    ///   theta + rho beta = 0, ``waldCommonFactor(_:)``), and the LR tests `lr_sdm_sar`, `lr_sdm_sem`, `lr_sdm_slx`
    ///   against the restricted models refitted on the same data and weights (``likelihoodRatio(unrestricted:restricted:)``).
    /// - SEM and SDEM: `spatial_hausman`, OLS against the error model (``spatialHausman(_:data:y:x:weights:intercept:spatialregVariant:)``).
    /// - A Durbin model with a chosen subset or a second weights matrix for W X (``DurbinTerms``): the SDM nests the
    ///   SAR (theta = 0) but neither the SEM nor the full SLX, so only `wald_sdm_sar` and `lr_sdm_sar` (SDM), and no
    ///   test for the SDEM beyond its own.
    ///
    /// The panel counterpart, which fits every model itself, is ``PanelModelSelection``.
    ///
    /// ```swift
    /// let sdm = try SpatialRegression(.sdm, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
    /// let tests = try NestedModelComparison.crossSectionBattery(sdm, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
    /// tests["lr_sdm_sar"]?.pValue
    /// ```
    ///
    /// - Parameters:
    ///   - fit: the fitted model.
    ///   - data: the table it was fitted on (the restricted models and the Hausman test's OLS are fitted on it, as
    ///     ``SpatialRegression/init(_:data:y:x:weights:intercept:options:)`` takes it).
    ///   - y: the response it was fitted with.
    ///   - x: the regressors it was fitted with.
    ///   - intercept: whether it had an intercept.
    ///   - weights: the weights it was fitted with, in the data's unit order.
    ///   - options: the restricted fits' options (only their log-likelihoods are used, so the standard-error method
    ///     does not matter; the default chooses the log-determinant automatically, as the fit did by default).
    /// - Returns: the tests by key; an SAR, SLX or SAC fit gets only its own `lr_vs_ols` / `wald_spatial`.
    /// - Throws: any ``ModelError`` of the restricted fits or of the tests (e.g. a singular covariance of the
    ///   restrictions).
    /// - Complexity: an SDM fits three more models (SAR, SEM, SLX); SEM and SDEM one OLS and k sparse solves.
    public static func crossSectionBattery(_ fit: SpatialRegression, data: DataTable, y: String, x: [String], weights: SpatialWeights,
                                           intercept: Bool = true, options: FitOptions = FitOptions()) throws(ModelError) -> [String: TestResult] {
        try crossSectionBattery(fit, data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights, options: options)
    }

    /// The same battery on the design the fit was fitted on (``RegressionData``, regressors without spatial lags).
    public static func crossSectionBattery(_ fit: SpatialRegression, data: RegressionData, weights: SpatialWeights,
                                           options: FitOptions = FitOptions()) throws(ModelError) -> [String: TestResult] {
        var tests = [String: TestResult]()
        if let lr = fit.lrVersusOLS { tests["lr_vs_ols"] = lr }
        if let wald = fit.waldSpatial { tests["wald_spatial"] = wald }
        if fit.durbin != nil || fit.separateDurbinWeights {
            if fit.model == .sdm {
                tests["wald_sdm_sar"] = try waldNoSpatialLagsOfX(fit)
                tests["lr_sdm_sar"] = likelihoodRatio(unrestricted: fit, restricted: try SpatialRegression(.sar, data: data, weights: weights, options: options))
            }
            return tests
        }
        switch fit.model {
        case .sdm:
            tests["wald_sdm_sar"] = try waldNoSpatialLagsOfX(fit)
            tests["wald_sdm_sem"] = try waldCommonFactor(fit)
            for restricted in [SpatialModel.sar, .sem, .slx] {
                let r = try SpatialRegression(restricted, data: data, weights: weights, options: options)
                tests["lr_sdm_" + restricted.rawValue] = likelihoodRatio(unrestricted: fit, restricted: r)
            }
        case .sem, .sdem:
            tests["spatial_hausman"] = try spatialHausman(fit, data: data, weights: weights)
        default:
            break
        }
        return tests
    }
}
