import Foundation

/// The moment conditions and weighting of a GM spatial-error fit (``GeneralizedMomentsError``).
///
/// - `heteroskedastic`: Kelejian & Prucha (2010), Arraiz, Drukker, Kelejian & Prucha (2010): `A1 = W'W - diag(W'W)`,
///   `A2 = W`, weighted by the inverse of the heteroskedasticity-robust covariance of the moments,
///   `Psi_rs = (2n)^-1 tr[(A_r + A_r') Sigma (A_s + A_s') Sigma]`, `Sigma = diag(e_i^2)`; spreg's `GM_Error_Het`.
/// - `homoskedastic`: Drukker, Egger & Prucha (2013): `A1 = [W'W - n^-1 tr(W'W) I] / (1 + [n^-1 tr(W'W)]^2)`,
///   `A2 = (W + W')/2`, weighted by the inverse of
///   `Psi_11 = n^-1 [2 s^4 tr(A1^2) + (mu4 - 3 s^4) a1'a1]`, `Psi_12 = n^-1 s^4 tr(2 A1 A2)`,
///   `Psi_22 = n^-1 s^4 tr(2 A2^2)` (a1 the diagonal of A1, s^2 and mu4 the second and fourth moments of e);
///   spreg's `GM_Error_Hom` with its default `A1 = "hom_sc"`.
/// - `kelejianPrucha1999`: Kelejian & Prucha (1999), the original GM estimator (spatialreg's `GMerrorsar`): on the OLS
///   residuals u, the three moments `n^-1 E[e'e] = sigma^2`, `n^-1 E[e'W'W e] = sigma^2 n^-1 tr(W'W)` and
///   `n^-1 E[e'W e] = 0` (`e = u - lambda W u`), i.e. `g - G [lambda, lambda^2]' - c sigma^2 = 0` with
///   `g = n^-1 [u'u, ubar'ubar, u'ubar]'`, `G = n^-1 [[2 u'ubar, -ubar'ubar], [2 ubar'ubbar, -ubbar'ubbar],
///   [u'ubbar + ubar'ubar, -ubar'ubbar]]`, `c = [1, n^-1 tr(W'W), 0]'` (`ubar = W u`, `ubbar = W W u`), solved by
///   nonlinear least squares for (lambda, sigma^2) with identity weighting and no further step (homoskedastic
///   innovations assumed); the SEM and SDEM without endogenous regressors only.
public enum MomentWeighting: String, Sendable, Codable, CaseIterable {
    /// Arraiz et al. (2010): robust to heteroskedasticity of unknown form.
    case heteroskedastic = "het"
    /// Drukker, Egger & Prucha (2013): homoskedastic innovations.
    case homoskedastic = "hom"
    /// Kelejian & Prucha (1999): three unweighted moments, nonlinear least squares, then feasible GLS.
    case kelejianPrucha1999 = "kp99"
}
