import Foundation

/// Transitions between the quadrants of the Moran scatterplot (Rey 2001; giddy's `LISA_Markov`).
///
/// In each period, with `z = y_t - mean(y_t)` and its lag `W z` (W row-standardised), a unit is in quadrant
/// 1 HH (`z > 0`, `Wz > 0`), 2 LH (`z <= 0`, `Wz > 0`), 3 LL (`z <= 0`, `Wz <= 0`) or 4 HL (`z > 0`,
/// `Wz <= 0`) (esda `Moran_Local.q`); the chain of those quadrants is a ``MarkovChain`` with classes HH, LH, LL, HL.
/// A quadrant never occupied before the last period is an empty class (no probabilities, no steady state).
///
/// ``independence`` tests whether a unit's own moves and its lag's moves are independent (giddy's `chi_2`): with
/// `P_y` and `P_l` the 2 x 2 transition matrices of "below the mean" for `y` and for `W y`, the expected quadrant
/// transitions are `n_i (A (P_y kron P_l) A')_ij` (A orders the states HH, LH, LL, HL), and
/// `chi2 = sum (n_ij - e_ij)^2 / e_ij` (terms with `e_ij = 0` divided by 1) on `(r_1 - 1)(r_2 - 1)` df, `r` the
/// numbers of non-empty rows of the observed and expected matrices.
public struct LISAMarkov: Sendable, Codable, Equatable {
    /// The quadrant chain (classes 0...3 are quadrants 1...4).
    public let chain: MarkovChain
    /// The chi-square test of independent own and neighbours' moves (nil when y or its lag never changes side of
    /// the mean state space, i.e. one of the two binary chains has a single state).
    public let independence: SpatialMarkov.HomogeneityTest?

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
        var below = ids, lagBelow = ids
        for s in 0..<t {
            let v = (0..<n).map { y[$0][s] }
            let mean = v.reduce(0, +) / Double(n)
            let z = v.map { $0 - mean }
            let lag: [Double]
            do { lag = try w.lag(z) } catch { throw .weights(error) }
            let ylag: [Double]
            do { ylag = try w.lag(v) } catch { throw .weights(error) }
            for i in 0..<n {
                let hi = z[i] > 0, lhi = lag[i] > 0
                ids[i][s] = hi ? (lhi ? 0 : 3) : (lhi ? 1 : 2)
                below[i][s] = v[i] / mean < 1 ? 1 : 0
                lagBelow[i][s] = ylag[i] / mean < 1 ? 1 : 0
            }
        }
        let quadrants = try MarkovChain(classIDs: ids, classCount: 4, units: panel.units, periods: panel.periods,
                                        classLabels: ["HH", "LH", "LL", "HL"])
        chain = quadrants
        independence = Self.independence(quadrants.transitions, below, lagBelow)
    }

    /// giddy `LISA_Markov.chi_2`.
    static func independence(_ observed: [[Int]], _ below: [[Int]], _ lagBelow: [[Int]]) -> SpatialMarkov.HomogeneityTest? {
        func binary(_ c: [[Int]]) -> [[Double]]? {
            var m = [[Double]](repeating: [0, 0], count: 2)
            for row in c { for s in 0..<(row.count - 1) { m[row[s]][row[s + 1]] += 1 } }
            let used = Set(c.flatMap { $0 })
            guard used.count == 2 else { return nil }
            return m.map { r in let sum = r[0] + r[1]; return sum == 0 ? [0, 0] : r.map { $0 / sum } }
        }
        guard let py = binary(below), let pl = binary(lagBelow) else { return nil }
        // kron state 2 a + b, a: y below (0 above), b: lag below; A reorders to HH (0,0), LH (1,0), LL (1,1), HL (0,1)
        let order = [(0, 0), (1, 0), (1, 1), (0, 1)]
        let rows = observed.map { Double($0.reduce(0, +)) }
        var expected = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for (i, (a, b)) in order.enumerated() {
            for (j, (c, d)) in order.enumerated() { expected[i][j] = rows[i] * py[a][c] * pl[b][d] }
        }
        // giddy chi2(T1 = observed, T2 = expected)
        let rs2 = expected.map { $0.reduce(0, +) }, rs1 = rows
        let dof = (rs1.filter { $0 > 0 }.count - 1) * (rs2.filter { $0 > 0 }.count - 1)
        var chi = 0.0
        for i in 0..<4 {
            let denom = rs2[i] == 0 ? 1 : rs2[i]
            for j in 0..<4 {
                let e = rs1[i] * expected[i][j] / denom
                let d = Double(observed[i][j]) - e
                chi += d * d / (e == 0 ? 1 : e)
            }
        }
        let p = dof > 0 ? ChiSquared(degreesOfFreedom: Double(dof)).upperTail(chi) : .nan
        return SpatialMarkov.HomogeneityTest(statistic: chi, df: dof, pValue: p)
    }

    /// The quadrant transition matrix (``MarkovChain/table``).
    public var summary: String {
        var t = chain.table
        t.title = "LISA Markov: transitions between Moran scatterplot quadrants"
        if let x = independence {
            t.notes.append(String(format: "Independence of own and neighbours' moves: chi2 = %.4f (df %d, p = %.4f).", x.statistic, x.df, x.pValue))
        }
        return t.text
    }
}
