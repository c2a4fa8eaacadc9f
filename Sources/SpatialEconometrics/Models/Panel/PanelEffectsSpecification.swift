import Foundation

/// The unit (and time) effects of a panel fit through the single panel entry
/// (``PanelRegression/estimate(_:panel:y:x:weights:effects:estimator:)``): fixed effects removed by a transformation,
/// or random unit effects `mu_i ~ (0, sigma_mu^2)` estimated by GLS.
///
/// - ML: `fixed(e)` is ``PanelRegression`` with ``PanelEffects`` `e` (Lee & Yu 2010); `random` is
///   ``RandomEffectsRegression`` (Elhorst 2014, ch. 3).
/// - GMM: `fixed(.individual)` is the within panel GM (``PanelGMEffects/within``, Mutl & Pfaffermayr 2011); `random` the
///   random-effects panel GM (``PanelGMEffects/random``, Kapoor, Kelejian & Prucha 2007); other fixed effects are refused.
public enum PanelEffectsSpecification: Sendable, Codable, Equatable {
    /// Fixed effects: unit, time, both, or none (pooled).
    case fixed(PanelEffects)
    /// Random unit effects.
    case random
}
