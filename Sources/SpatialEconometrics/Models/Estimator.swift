import Foundation

/// How a model is estimated, with the options of that method: the argument of the single entry of each model family,
/// ``SpatialRegression/estimate(_:data:y:x:weights:intercept:estimator:)`` (cross-section) and
/// ``PanelRegression/estimate(_:panel:y:x:weights:effects:estimator:)`` (panel).
///
/// - `ml(FitOptions)`: maximum likelihood through the log-determinant `ln|I - rho W|` (Anselin 1988; Elhorst 2014):
///   ``SpatialRegression``, ``PanelRegression``, ``RandomEffectsRegression``.
/// - `gmm(GMMOptions)`: instrumental variables / generalized moments, no normality and no log-determinant:
///   ``SpatialTwoStageLeastSquares`` (Kelejian & Prucha 1998), ``GeneralizedMomentsError`` (Kelejian & Prucha 2010),
///   ``GeneralizedSpatialTwoStageLeastSquares`` and, for panels, ``PanelGeneralizedMoments`` (Kapoor, Kelejian &
///   Prucha 2007; Mutl & Pfaffermayr 2011).
///
/// The plain tag each fit reports is ``method`` (``EstimationMethod``, JSON `"method": "ml"` or `"gmm"`).
public enum Estimator: Sendable {
    /// Maximum likelihood with its options (log-determinant, traces, standard errors, covariance, progress).
    case ml(FitOptions = FitOptions())
    /// Instrumental variables / generalized moments with its options (instruments, moments, covariance).
    case gmm(GMMOptions = GMMOptions())

    /// The estimation method this estimator is (the ``SpatialFit/estimationMethod`` of its fits).
    public var method: EstimationMethod {
        switch self {
        case .ml: .ml
        case .gmm: .gmm
        }
    }
}
