import Foundation

/// The covariance a two-stage least-squares fit reports.
///
/// With `Zhat = P_H Z` (`P_H = H (H'H)^-1 H'`) and the structural residuals `u = y - Z d`:
/// - `classical`: `sigma^2 (Zhat'Zhat)^-1`, `sigma^2 = u'u / n` (spreg's default) or `u'u / (n - k)` (spreg's
///   `sig2n_k = True`, spatialreg's `stsls`);
/// - `white`: `(Zhat'Zhat)^-1 Zhat' diag(u_i^2) Zhat (Zhat'Zhat)^-1`, heteroskedasticity-robust (White 1980; HC0:
///   spreg's `robust = "white"`, spatialreg's `robust = TRUE`);
/// - `hac`: `(Zhat'Zhat)^-1 Zhat' diag(u) K diag(u) Zhat (Zhat'Zhat)^-1`, robust to heteroskedasticity and spatial
///   correlation of unknown form (Kelejian & Prucha 2007, ``SpatialHAC``; spreg's `robust = "hac"` with its kernel
///   weights `gwk`), K the kernel weights given to the fit (symmetrised).
public enum TwoStageCovariance: String, Sendable, Codable, CaseIterable {
    /// Homoskedastic errors: `sigma^2 (Zhat'Zhat)^-1`.
    case classical
    /// White's heteroskedasticity-consistent sandwich (HC0).
    case white
    /// Kelejian & Prucha's (2007) spatial HAC with the fit's kernel weights.
    case hac
}
