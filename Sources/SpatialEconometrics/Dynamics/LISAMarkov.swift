import Foundation

/// Transitions between the quadrants of the Moran scatterplot (Rey 2001; giddy's `LISA_Markov`).
///
/// In each period, with `z = y_t - mean(y_t)` and its lag `W z` (W row-standardised), a unit is in quadrant
/// 1 HH (`z > 0`, `Wz > 0`), 2 LH (`z <= 0`, `Wz > 0`), 3 LL (`z <= 0`, `Wz <= 0`) or 4 HL (`z > 0`,
/// `Wz <= 0`) (esda `Moran_Local.q`); the chain of those quadrants is a ``MarkovChain`` with classes HH, LH, LL, HL.
/// A quadrant never occupied before the last period is an empty class (no probabilities, no steady state).
public struct LISAMarkov: Sendable, Codable, Equatable {
    /// The quadrant chain (classes 0...3 are quadrants 1...4).
    public let chain: MarkovChain

    /// The quadrant transitions of `variable` in a balanced panel whose units are `weights`' units.
    /// - Throws: ``DynamicsError``.
    public init(panel: Panel, variable: String, weights: SpatialWeights) throws(DynamicsError) {
        guard weights.ids == panel.units else {
            throw .invalidArgument("the weights' \(weights.ids.count) units are not the panel's \(panel.unitCount) units in the same order (use PairedPanel)")
        }
        let y = try MarkovChain.values(panel: panel, variable: variable, relative: false)
        let w: SpatialWeights
        do { w = try weights.transformed(.row) } catch { throw .weights(error) }
        let n = panel.unitCount, t = panel.periodCount
        var ids = [[Int]](repeating: [Int](repeating: 0, count: t), count: n)
        for s in 0..<t {
            let v = (0..<n).map { y[$0][s] }
            let mean = v.reduce(0, +) / Double(n)
            let z = v.map { $0 - mean }
            let lag: [Double]
            do { lag = try w.lag(z) } catch { throw .weights(error) }
            for i in 0..<n {
                let hi = z[i] > 0, lhi = lag[i] > 0
                ids[i][s] = hi ? (lhi ? 0 : 3) : (lhi ? 1 : 2)
            }
        }
        chain = try MarkovChain(classIDs: ids, classCount: 4, units: panel.units, periods: panel.periods,
                                classLabels: ["HH", "LH", "LL", "HL"])
    }

    /// The quadrant transition matrix (``MarkovChain/table``).
    public var summary: String {
        var t = chain.table
        t.title = "LISA Markov: transitions between Moran scatterplot quadrants"
        return t.text
    }
}
