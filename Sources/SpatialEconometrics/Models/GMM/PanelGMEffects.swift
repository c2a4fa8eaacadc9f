import Foundation

/// The individual effects of a spatial panel GM fit (``PanelGeneralizedMoments``; splm's `spgm(model =)`).
public enum PanelGMEffects: String, Sendable, Codable, CaseIterable {
    /// Fixed unit effects removed by the within transformation `Q0 = (I_T - J_T/T) kron I_N` (Mutl & Pfaffermayr 2011).
    case within
    /// Random unit effects: feasible GLS with `y - theta ybar_i`, `theta = 1 - sigma_v/sigma_1` (Kapoor, Kelejian & Prucha 2007).
    case random
}
