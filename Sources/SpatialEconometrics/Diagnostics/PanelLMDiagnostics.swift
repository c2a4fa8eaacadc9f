import Foundation

/// LM tests for spatial lag and error dependence in a panel with fixed effects (Anselin et al. 2008; Elhorst 2010;
/// Debarsy & Ertur 2010; splm's `slmtest`): the cross-section formulas of ``SpatialDiagnostics`` applied to the
/// within-transformed data and the residuals of the non-spatial within regression, with `W_NT = I_T kron W`.
/// A y constant after removing the effects, or fitted exactly by the within regression, is refused
/// (``ModelError/constantResponse(variable:effects:)``, ``ModelError/perfectFit``).
public struct PanelLMDiagnostics: Sendable, Codable {
    /// The fixed effects removed before the tests.
    public let effects: PanelEffects
    /// The LM tests and Moran's I of the within regression's residuals (``SpatialDiagnostics``, with `W_NT = I_T kron
    /// W`).
    public let diagnostics: SpatialDiagnostics

    /// Runs the LM tests on the within-transformed panel `y` on `x` (column names or expressions) with the given
    /// fixed `effects`, `W` being `weights` aligned to the panel's units.
    /// - Throws: ``ModelError`` for a constant or perfectly fitted response, collinear regressors or weights that do
    /// not match the panel's units.
    public init(panel: Panel, y: String, x: [String], weights: SpatialWeights, effects: PanelEffects = .twoways) throws(ModelError) {
        let w = try weights.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount
        let demean = { (v: [Double]) in PanelTransform.demean(v, n: n, t: t, effects: effects) }
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let yRaw = try column(y)
        // Constant after the effects are removed: judged against the magnitude of the original y.
        if ResponseCheck.isConstant(demean(yRaw), reference: ResponseCheck.meanMagnitude(yRaw)) {
            throw .constantResponse(variable: y, effects: effects == .none ? nil : effects.rawValue)
        }
        let data = try RegressionData(y: demean(yRaw), yName: y, columns: try x.map { name throws(ModelError) in (name, demean(try column(name))) },
                                      intercept: effects == .none)
        let ols = try OrdinaryLeastSquares(data)
        let stacked: SpatialWeights
        do { stacked = try w.blockDiagonal(periods: t) } catch { throw .invalidArgument("I_T kron W: \(error)") }
        diagnostics = try SpatialDiagnostics(ols: ols, data: data, weights: stacked)
        self.effects = effects
    }
}
