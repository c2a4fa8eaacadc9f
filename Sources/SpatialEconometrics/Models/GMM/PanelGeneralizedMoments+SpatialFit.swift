import Foundation

/// The panel GM fit as a ``SpatialFit`` (what the tables, the JSON and the single panel entry
/// ``PanelRegression/estimate(_:panel:y:x:weights:effects:estimator:)`` read).
extension PanelGeneralizedMoments: SpatialFit {
    /// sar (lag only), sem (error only) or sac (both); `nil` for an IV fit with neither.
    public var fittedModel: SpatialModel? {
        switch (hasLag, hasSpatialError) {
        case (true, true): .sac
        case (true, false): .sar
        case (false, true): .sem
        case (false, false): nil
        }
    }
    /// lambda as a coefficient: a GM moment estimate without a standard error (`stdError`, `statistic` and `pValue`
    /// are `nan`, as splm gives none).
    public var lambda: Coefficient? {
        lambdaEstimate.map { Coefficient(name: "lambda", estimate: $0, stdError: .nan, statistic: .nan, pValue: .nan) }
    }
    /// The idiosyncratic variance sigma_v^2 (`nan` when the model has no spatial error moments to give it).
    public var sigma2: Double { sigmaV2 ?? .nan }
    /// GMM maximises no likelihood: `nan`.
    public var logLikelihood: Double { .nan }
    /// `nan` (no likelihood).
    public var aic: Double { .nan }
    /// `nan` (no likelihood).
    public var bic: Double { .nan }
    /// Instrumental variables / generalized moments.
    public var estimationMethod: EstimationMethod { .gmm }
    /// A lambda on the moments' search bound is reported in ``warnings``; no effects are computed from this fit.
    public var atBound: Bool { false }
    /// No log-determinant is used.
    public var logDeterminantName: String? { nil }
    /// No log-determinant is used.
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { nil }
    /// Bound hits are reported in ``warnings``.
    public var boundary: BoundaryHit? { nil }
    /// No log-determinant is used.
    public var logDeterminantUsed: (any LogDeterminant)? { nil }
    /// The weights are not kept (no effects are computed from the panel GM).
    public var weightsUsed: SpatialWeights? { nil }
    /// No R^2 is reported for the panel GM (splm neither).
    public var rSquared: GoodnessOfFit? { nil }
}
