import Foundation

/// What every spatial fit reports (maximum likelihood or GMM), cross-section or panel, fixed or random effects: the value
/// effects, tables, JSON and the command-line tool read, so that no caller assembles a report field by field for each
/// estimator.
///
/// `SpatialRegression`, `PanelRegression` and `RandomEffectsRegression` conform, and so do the GMM fits
/// (`SpatialTwoStageLeastSquares`, `GeneralizedMomentsError`, `GeneralizedSpatialTwoStageLeastSquares`,
/// `PanelGeneralizedMoments`, which report ``estimationMethod`` `.gmm`); the single entries
/// ``SpatialRegression/estimate(_:data:y:x:weights:intercept:estimator:)`` and
/// ``PanelRegression/estimate(_:panel:y:x:weights:effects:estimator:)`` return one of them; what only some of them have
/// (fixed effects, phi, the within R^2) stays on the concrete type.
public protocol SpatialFit: Sendable {
    /// The spatial model (`nil` for a non-spatial random-effects fit).
    var fittedModel: SpatialModel? { get }
    /// Units of one cross-section.
    var n: Int { get }
    /// beta, then theta (`W_<x>`) for Durbin models.
    var coefficients: [Coefficient] { get }
    /// The spatial lag parameter rho with its standard error (`nil` for models without `W y`).
    var rho: Coefficient? { get }
    /// The spatial error parameter lambda with its standard error (`nil` for models without `W u`).
    var lambda: Coefficient? { get }
    /// The covariance of the estimates as the estimator reports it: coefficients first, then the spatial parameters
    /// it gives a variance for (the ML fits: rho and/or lambda; S2SLS: rho; GS2SLS: rho and lambda; the panel GM: rho,
    /// lambda being a moment estimate without one; random effects: the GLS coefficients only). Rows and columns follow
    /// ``coefficients`` then ``rho``, ``lambda`` (those with a standard error).
    var covariance: Matrix { get }
    /// The estimated variance of the innovations (random effects: the idiosyncratic variance `sigma_e^2`).
    var sigma2: Double { get }
    /// The maximised log-likelihood.
    var logLikelihood: Double { get }
    /// `AIC = -2 ln L + 2 p`, p the parameters estimated.
    var aic: Double { get }
    /// `BIC = -2 ln L + p ln m`, m the likelihood's observations.
    var bic: Double { get }
    /// How the standard errors were computed.
    var standardErrors: String { get }
    /// Warnings about the fit (at a bound, near-singular information matrix, perfect fit), as the summary prints
    /// them.
    var warnings: [String] { get }
    /// A spatial parameter at a bound of its interval (``BoundaryStatus``): effects refuse such a fit.
    var atBound: Bool { get }
    /// The log-determinant method's name, when the fit used one.
    var logDeterminantName: String? { get }
    /// The accuracy of the log-determinant method (exact, interpolated, stochastic), `nil` when none was used.
    var logDeterminantAccuracy: LogDeterminantAccuracy? { get }
    /// The spatial parameter at a bound, its estimate and the bound (`nil` when none is).
    var boundary: BoundaryHit? { get }
    /// The log-determinant object the fit used (not encoded): effects reuse its traces.
    var logDeterminantUsed: (any LogDeterminant)? { get }
    /// The weights the fit was fitted with, in its unit order (not encoded: `nil` after decoding, and for a
    /// non-spatial fit). ``ImpactMeasures`` takes them from here.
    var weightsUsed: SpatialWeights? { get }
    /// The R^2 the package reports for this kind of fit, with its definition (``GoodnessOfFit``; `nil` where none is defined).
    var rSquared: GoodnessOfFit? { get }
    /// How the fit was estimated (``EstimationMethod``): `.ml` unless the type says otherwise (the GMM fits say `.gmm`).
    var estimationMethod: EstimationMethod { get }
}

extension SpatialFit {
    /// Maximum likelihood, the default of the fits that do not say otherwise.
    public var estimationMethod: EstimationMethod { .ml }
}

extension SpatialRegression: SpatialFit {
    public var fittedModel: SpatialModel? { model }
    public var logDeterminantName: String? { logDeterminantMethod?.rawValue }
    public var rSquared: GoodnessOfFit? {
        pseudoRSquared.map { GoodnessOfFit(value: $0, definition: GoodnessOfFit.pseudoDefinition(model)) }
    }
}

extension PanelRegression: SpatialFit {
    public var fittedModel: SpatialModel? { model }
    public var logDeterminantName: String? { logDeterminantMethod.rawValue }
    public var rSquared: GoodnessOfFit? {
        GoodnessOfFit(value: rSquaredWithin, definition: "within R^2 = 1 - SSE / sum(y~^2) on the estimator's transformed data")
    }
}

extension RandomEffectsRegression: SpatialFit {
    public var fittedModel: SpatialModel? { model }
    public var logDeterminantName: String? { logDeterminantUsed?.method.rawValue }
    /// The accuracy of the log-determinant used (`nil` for the non-spatial model).
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { logDeterminantUsed?.accuracy }
    /// No R^2 is reported for random-effects fits (the GLS quasi-demeaning has no agreed one).
    public var rSquared: GoodnessOfFit? { nil }
}
