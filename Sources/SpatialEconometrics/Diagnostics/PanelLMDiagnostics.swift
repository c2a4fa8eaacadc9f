import Foundation

extension SpatialWeights {
    /// `I_T kron W`: the weights of a time-major stacked panel, one block per period; ids are `"<id>@<period index>"`.
    public func blockDiagonal(periods t: Int) throws(WeightsError) -> SpatialWeights {
        guard t >= 1 else { throw .invalidArgument("periods must be >= 1") }
        let n = count
        var start = [0], cols = [Int](), vals = [Double]()
        for p in 0..<t {
            for i in 0..<n {
                for k in matrix.rowStart[i]..<matrix.rowStart[i + 1] { cols.append(p * n + matrix.columnIndices[k]); vals.append(matrix.values[k]) }
                start.append(cols.count)
            }
        }
        let m = SparseMatrix(uncheckedRows: n * t, columns: n * t, rowStart: start, columnIndices: cols, values: vals)
        return SpatialWeights(unchecked: (0..<t).flatMap { p in ids.map { "\($0)@\(p)" } }, matrix: m, transformation: transformation, warnings: [])
    }
}

/// LM tests for spatial lag and error dependence in a panel with fixed effects (Anselin et al. 2008; Elhorst 2010;
/// Debarsy & Ertur 2010; splm's `slmtest`): the cross-section formulas of ``SpatialDiagnostics`` applied to the
/// within-transformed data and the residuals of the non-spatial within regression, with `W_NT = I_T kron W`.
/// A y constant after removing the effects, or fitted exactly by the within regression, is refused
/// (``ModelError/constantResponse(variable:effects:)``, ``ModelError/perfectFit``).
public struct PanelLMDiagnostics: Sendable, Codable {
    public let effects: PanelEffects
    public let diagnostics: SpatialDiagnostics

    public init(panel: Panel, y: String, x: [String], weights: SpatialWeights, effects: PanelEffects) throws {
        let w = try weights.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount
        let demean = { (v: [Double]) in PanelTransform.demean(v, n: n, t: t, effects: effects) }
        let yRaw = try panel.numbers(y)
        // Constant after the effects are removed: judged against the magnitude of the original y.
        if ResponseCheck.isConstant(demean(yRaw), reference: ResponseCheck.meanMagnitude(yRaw)) {
            throw ModelError.constantResponse(variable: y, effects: effects == .none ? nil : effects.rawValue)
        }
        let data = try RegressionData(y: demean(yRaw), yName: y, columns: try x.map { ($0, demean(try panel.numbers($0))) },
                                      intercept: effects == .none)
        let ols = try OrdinaryLeastSquares(data)
        diagnostics = try SpatialDiagnostics(ols: ols, data: data, weights: try w.blockDiagonal(periods: t))
        self.effects = effects
    }
}
