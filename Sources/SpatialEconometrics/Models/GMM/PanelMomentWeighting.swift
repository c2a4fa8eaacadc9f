import Foundation

/// Which moment conditions and weighting estimate the error parameters of a random-effects spatial panel GM fit
/// (``PanelGeneralizedMoments``; Kapoor, Kelejian & Prucha 2007, section 3; splm's `spgm(moments =)`).
///
/// With `theta = (lambda, lambda^2, sigma_v^2, sigma_1^2)` and the six KKP moments `G theta = g` (three within, three
/// between; ``PanelGeneralizedMoments``):
/// - `initial` (splm's default): the three within moments, unweighted, give `(lambda, sigma_v^2)`, and
///   `sigma_1^2 = (u - lambda W u)' Q1 (u - lambda W u) / N`;
/// - `weights`: all six, weighted by `(diag(sigma_v^4/(T-1), sigma_1^4) kron I_3)^-1` at the initial estimates;
/// - `fullweights`: all six, weighted by `(diag(sigma_v^4/(T-1), sigma_1^4) kron T_W)^-1`, KKP's asymptotically
///   optimal weighting under normal innovations.
///
/// The within estimator uses the three within moments only (splm ignores `moments` there).
/// - Reference: Kapoor, M., Kelejian, H. H. & Prucha, I. R. (2007), "Panel data models with spatially correlated
///   error components", *Journal of Econometrics* 140(1), 97–130.
public enum PanelMomentWeighting: String, Sendable, Codable, CaseIterable {
    /// The within moments, identity weight (splm's default).
    case initial
    /// Six moments, the variances' weight with an identity block.
    case weights
    /// Six moments, KKP's optimal weight with the trace block `T_W`.
    case fullweights
}
