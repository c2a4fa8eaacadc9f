import Foundation

/// How a fit's standard errors are computed.
public enum StandardErrorMethod: String, Sendable, Codable, CaseIterable {
    /// The analytical information matrix at the estimate (Anselin 1988, ch. 6), as spatialreg's `method = "eigen"`.
    case informationMatrix = "information"
    /// The inverse negative Hessian of the exact log-likelihood in (beta, rho, lambda) with sigma^2 concentrated out,
    /// by Richardson-extrapolated central differences (``NumericalDerivatives``), as spatialreg's `method = "Matrix"`
    /// and `"LU"` report (they use `nlme::fdHess`). At the maximum the profile Hessian's inverse equals the
    /// corresponding block of the full inverse Hessian, so concentrating sigma^2 out changes nothing.
    case hessian
}

/// The options every fit takes: how ln|I - rho W| is computed, how the information matrix's traces are formed, the
/// standard errors, and a progress callback.
///
/// ```swift
/// let fit = try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(standardErrors: .hessian))
/// ```
public struct FitOptions: Sendable {
    public var logDeterminant: LogDeterminantRequest
    /// `nil`: ``InformationTraces/automatic(units:denseLimit:)``.
    public var traces: InformationTraces?
    public var standardErrors: StandardErrorMethod
    public var progress: ProgressHandler?

    public init(logDeterminant: LogDeterminantRequest = .automatic, traces: InformationTraces? = nil,
                standardErrors: StandardErrorMethod = .informationMatrix, progress: ProgressHandler? = nil) {
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
    public init(_ model: SpatialModel, panel: Panel, y: String, x: [String], weights: SpatialWeights, effects: PanelEffects = .twoways,
                estimator: PanelEstimator = .leeyu, options: FitOptions) throws(ModelError) {
        try self.init(model, panel: panel, y: y, x: x, weights: weights, effects: effects, estimator: estimator,
                      logDeterminant: options.requestedLogDeterminant(weights.aligned(to: panel)), traces: options.traces,
                      standardErrors: options.standardErrors, progress: options.progress)
    }
}

extension RandomEffectsRegression {
    /// Fits a random-effects spatial panel with the given options (the log-determinant; traces and progress do not apply).
    public init(_ model: SpatialModel, panel: Panel, y: String, x: [String], weights: SpatialWeights, options: FitOptions) throws(ModelError) {
        try options.checkRandomEffectsStandardErrors()
        try self.init(model, panel: panel, y: y, x: x, weights: weights, logDeterminant: options.requestedLogDeterminant(weights.aligned(to: panel)))
    }
}
