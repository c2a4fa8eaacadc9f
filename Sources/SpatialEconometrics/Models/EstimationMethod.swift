import Foundation

/// How a spatial fit was estimated: the `method` every ``SpatialFit`` reports.
///
/// - `ml`: maximum likelihood (or quasi-ML) under normal errors, through the log-determinant `ln|I - rho W|`:
///   ``SpatialRegression``, the panel fits.
/// - `gmm`: instrumental variables / generalized moments, no normality and no log-determinant: S2SLS
///   (``SpatialTwoStageLeastSquares``, Kelejian & Prucha 1998), GM for the spatial error
///   (``GeneralizedMomentsError``, Kelejian & Prucha 2010; Drukker, Egger & Prucha 2013) and GS2SLS
///   (``GeneralizedSpatialTwoStageLeastSquares``); their log-likelihood and AIC are `nan`.
public enum EstimationMethod: String, Sendable, Codable, CaseIterable {
    /// Maximum likelihood.
    case ml
    /// Instrumental variables / generalized method of moments.
    case gmm
}
