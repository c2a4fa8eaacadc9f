import Foundation

/// How a fit's standard errors are computed.
public enum StandardErrorMethod: String, Sendable, Codable, CaseIterable {
    /// The analytical information matrix at the estimate (Anselin 1988, ch. 6), as spatialreg's `method = "eigen"`.
    case informationMatrix = "information"
    /// The inverse negative Hessian of the exact log-likelihood in (beta, rho, lambda) with sigma^2 concentrated out,
    /// by Richardson-extrapolated central differences (`NumericalDerivatives`), as spatialreg's `method = "Matrix"`
    /// and `"LU"` report (they use `nlme::fdHess`). At the maximum the profile Hessian's inverse equals the
    /// corresponding block of the full inverse Hessian, so concentrating sigma^2 out changes nothing.
    case hessian
}

/// The options every fit takes, cross-section, fixed or random effects: how ln|I - rho W| is computed, how the
/// information matrix's traces are formed, the standard errors, and a progress callback. A fit uses what applies to
/// it and refuses what it cannot honour (Hessian standard errors of a random-effects fit), never ignoring it.
///
/// ```swift
/// let options = FitOptions(standardErrors: .hessian)
/// let cross = try SpatialRegression(.sar, data: table, y: "CRIME", x: ["INC"], weights: w, options: options)
/// let fixed = try PanelRegression(.sar, panel: panel, y: "lgsp", x: ["lpcap"], weights: usaww, options: options)
/// let random = try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: ["lpcap"], weights: usaww,
///                                          options: FitOptions(logDeterminant: .method(.denseLU)))
/// ```
public struct FitOptions: Sendable {
    /// The log-determinant `ln|I - rho W|` (default ``LogDeterminantRequest/automatic``: chosen from W by
    /// ``LogDeterminantSelection``).
    public var logDeterminant: LogDeterminantRequest
    /// `nil`: ``InformationTraces/automatic(units:denseLimit:)``.
    public var traces: InformationTraces?
    /// How the standard errors are computed (default from the information matrix).
    public var standardErrors: StandardErrorMethod
    /// Called with the progress of the fit's long steps; `nil`: silent.
    public var progress: ProgressHandler?
    /// The covariance reported (default: the estimator's classical one; robust, cluster or Driscoll-Kraay sandwiches:
    /// ``CovarianceEstimator``, ``SandwichCovariance``). Coefficients' standard errors, tests and effects use it.
    public var covariance: CovarianceEstimator = .default

    /// Options for a fit; every default is the automatic choice (see each property).
    public init(logDeterminant: LogDeterminantRequest = .automatic, traces: InformationTraces? = nil,
                standardErrors: StandardErrorMethod = .informationMatrix, progress: ProgressHandler? = nil,
                covariance: CovarianceEstimator = .default) {
        self.covariance = covariance
        self.logDeterminant = logDeterminant
        self.traces = traces
        self.standardErrors = standardErrors
        self.progress = progress
    }
}

extension FitOptions {
    /// The log-determinant the options ask for: `nil` for `.automatic` (each fit then chooses), else the named method.
    func requestedLogDeterminant(_ weights: SpatialWeights) throws(ModelError) -> (any LogDeterminant)? {
        guard case .method = logDeterminant else { return nil }
        do { return try weights.logDeterminant(logDeterminant).logDeterminant } catch { throw .numerical("log-determinant: \(error)") }
    }

    /// Random-effects fits report GLS standard errors for beta and Hessian ones for phi and the spatial parameter;
    /// Hessian standard errors of the whole parameter vector are offered by the cross-section and fixed-effects fits,
    /// so asking a random-effects fit for them is refused rather than ignored.
    func checkRandomEffectsStandardErrors() throws(ModelError) {
        guard standardErrors == .informationMatrix else {
            throw .invalidArgument("standardErrors: .hessian is available for cross-section (SpatialRegression) and fixed-effects (PanelRegression) "
                + "fits; random-effects fits report GLS standard errors for beta and Hessian ones for phi and the spatial parameter")
        }
    }
}

extension PanelRegression {
    /// Fits a fixed-effects spatial panel with the given options (log-determinant, traces, standard errors, progress).
    public init(_ model: SpatialModel, panel: Panel, y: String, x: [String], weights: SpatialWeights, durbin: [String]? = nil,
                durbinWeights: SpatialWeights? = nil, errorWeights: SpatialWeights? = nil, effects: PanelEffects = .twoways,
                estimator: PanelEstimator = .leeyu, options: FitOptions) throws(ModelError) {
        try self.init(model, panel: panel, y: y, x: x, weights: weights, durbin: durbin, durbinWeights: durbinWeights, errorWeights: errorWeights,
                      effects: effects, estimator: estimator,
                      logDeterminant: options.requestedLogDeterminant(weights.aligned(to: panel)), traces: options.traces,
                      standardErrors: options.standardErrors, progress: options.progress, covariance: options.covariance)
    }
}

extension RandomEffectsRegression {
    /// Fits a random-effects spatial panel with the options value the other fits take: the log-determinant is used;
    /// traces and progress do not apply (the standard errors are not from the information matrix); Hessian standard
    /// errors are refused with ``ModelError/invalidArgument(_:)``, since beta's are the GLS ones. `covariance` (robust,
    /// cluster, Driscoll-Kraay) is honoured for every model (sem and sdem up to 1,000 units).
    public init(_ model: SpatialModel, panel: Panel, y: String, x: [String], weights: SpatialWeights, options: FitOptions) throws(ModelError) {
        try options.checkRandomEffectsStandardErrors()
        try self.init(model, panel: panel, y: y, x: x, weights: weights, logDeterminant: options.requestedLogDeterminant(weights.aligned(to: panel)),
                      covariance: options.covariance)
    }

    /// The non-spatial random-effects model (``nonSpatial(panel:y:x:covariance:)``) with the options value of the other
    /// fits: only `covariance` applies (no W); Hessian standard errors are refused as for the spatial models.
    public static func nonSpatial(panel: Panel, y: String, x: [String], options: FitOptions) throws(ModelError) -> RandomEffectsRegression {
        try options.checkRandomEffectsStandardErrors()
        return try nonSpatial(panel: panel, y: y, x: x, covariance: options.covariance)
    }
}
