import Foundation

/// Spatial Markov chains (Rey 2001): class transitions conditioned on the class of the spatial lag at the start of
/// each transition; giddy's `Spatial_Markov(y, w, k, m, fixed=True)`.
///
/// The variable `y_it` is classed by pooled quantiles (``MarkovClasses``) into K classes, and its spatial lag
/// `(W y_t)_i` (W row-standardised) by pooled quantiles of all lags into K lag classes. `T_l[i][j]` counts the
/// transitions from class i to j of units whose lag was in class l at the start; `P_l` are their ML probabilities
/// (rows of empty classes nil) and each `P_l` gets the steady state of an ergodic chain (nil otherwise, as in
/// ``MarkovChain``).
///
/// Homogeneity (Bickenbach & Bode 2003), H0: `P_l = P` for every l, with `P` the pooled chain's probabilities:
/// - `Q = sum_l sum_i n_{l,i} sum_j (p_{l,ij} - p_ij)^2 / p_ij` (terms with `p_ij = 0` are 0),
/// - `LR = 2 sum_l sum_i sum_j n_{l,ij} ln(p_{l,ij} / p_ij)` over `n_{l,ij} > 0`,
/// - both chi-square with `df = sum_i (b_i - 1)(a_i - 1)`, `b_i` the number of lag classes with transitions out of
///   class i, `a_i` the number of positive entries of the pooled row i (giddy's `homogeneity`).
///
/// ```swift
/// let sm = try SpatialMarkov(panel: panel, variable: "gdppc", weights: w, classes: 4, relative: true)
/// print(sm.summary)
/// ```
public struct SpatialMarkov: Sendable, Codable, Equatable {
    /// A homogeneity test statistic with its chi-square df and p-value.
    public struct HomogeneityTest: Sendable, Codable, Equatable {
        /// The statistic (chi-square under H0).
        public let statistic: Double
        /// Degrees of freedom, `sum_i (b_i - 1)(a_i - 1)`.
        public let df: Int
        /// `P(chi2_df > statistic)` (NaN when df is 0).
        public let pValue: Double
    }

    /// The chain of all transitions (giddy's `transitions`, `p`, `s`).
    public let pooled: MarkovChain
    /// Upper bounds of the lag classes (pooled quantiles of W y).
    public let lagBounds: [Double]
    /// `lagClassIDs[i][t]`: the class of unit i's spatial lag in period t.
    public let lagClassIDs: [[Int]]
    /// `T_l`, one K x K count matrix per lag class.
    public let conditionalTransitions: [[[Int]]]
    /// `P_l` (nil rows for classes never left under lag class l).
    public let conditionalProbabilities: [[[Double]?]]
    /// Steady state of each `P_l` (nil when that chain is not ergodic).
    public let conditionalSteadyStates: [[Double]?]
    /// The likelihood-ratio test of homogeneity.
    public let lr: HomogeneityTest
    /// The Pearson-type Q test of homogeneity.
    public let q: HomogeneityTest
    /// Collapsed classes and conditional chains without a steady state.
    public let warnings: [String]

    /// Spatial Markov chains of `variable` in a balanced panel whose units are `weights`' units (row-standardised
    /// here whatever its transformation), with `classes` pooled-quantile classes of the variable and of its lag,
    /// or given breaks for the variable (`breaks`) and the lag (`lagBreaks`).
    /// - Throws: ``DynamicsError`` (weights not matching the panel's units, a bad value naming unit and period).
    public init(panel: Panel, variable: String, weights: SpatialWeights, classes: Int = 5, relative: Bool = false,
                breaks: [Double]? = nil, lagBreaks: [Double]? = nil) throws(DynamicsError) {
        guard weights.ids == panel.units else {
            throw .invalidArgument("the weights' \(weights.ids.count) units are not the panel's \(panel.unitCount) units in the same order (use PairedPanel)")
        }
        let y = try MarkovChain.values(panel: panel, variable: variable, relative: relative)
        let w: SpatialWeights
        do { w = try weights.transformed(.row) } catch { throw .weights(error) }
        let n = panel.unitCount, t = panel.periodCount
        var lag = [[Double]](repeating: [Double](repeating: 0, count: t), count: n)
        for s in 0..<t {
            let l: [Double]
            do { l = try w.lag((0..<n).map { y[$0][s] }) } catch { throw .weights(error) }
            for i in 0..<n { lag[i][s] = l[i] }
        }
        let (ids, k, bounds, warn1) = try MarkovChain.classify(y, classes: breaks.map { .breaks($0) } ?? .pooledQuantiles(classes), periods: panel.periods)
        let (lids, m, lb, warn2) = try MarkovChain.classify(lag, classes: lagBreaks.map { .breaks($0) } ?? .pooledQuantiles(classes), periods: panel.periods)
        pooled = try MarkovChain(classIDs: ids, classCount: k, units: panel.units, periods: panel.periods, classBounds: bounds, warnings: warn1)
        lagBounds = lb[0]; lagClassIDs = lids
        var tl = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: k), count: k), count: m)
        for i in 0..<n { for s in 0..<(t - 1) { tl[lids[i][s]][ids[i][s]][ids[i][s + 1]] += 1 } }
        conditionalTransitions = tl
        let summaries = tl.map { MarkovChainSummary(counts: $0) }
        conditionalProbabilities = summaries.map(\.probabilities)
        conditionalSteadyStates = summaries.map(\.steadyState)
        (lr, q) = Self.homogeneity(tl)
        var notes = warn1 + warn2.map { "lag: " + $0 }
        for (l, s) in summaries.enumerated() where s.steadyState == nil {
            notes.append("lag class \(l + 1): " + (s.emptyClasses.isEmpty ? "the chain is not irreducible" : "class\(s.emptyClasses.count > 1 ? "es" : "") \(s.emptyClasses.map { String($0 + 1) }.joined(separator: ", ")) never left") + ", no steady state")
        }
        warnings = notes
    }

    /// Bickenbach & Bode's Q and LR tests of `P_l = P` (giddy `homogeneity`).
    static func homogeneity(_ m: [[[Int]]]) -> (HomogeneityTest, HomogeneityTest) {
        let k = m.first?.count ?? 0
        var total = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for t in m { for i in 0..<k { for j in 0..<k { total[i][j] += Double(t[i][j]) } } }
        let ni = total.map { $0.reduce(0, +) }
        let p = (0..<k).map { i in total[i].map { ni[i] == 0 ? 0 : $0 / ni[i] } }
        var qs = 0.0, lrs = 0.0
        var b = [Int](repeating: 0, count: k)
        for t in m {
            for i in 0..<k {
                let nim = Double(t[i].reduce(0, +))
                guard nim > 0 else { continue }
                b[i] += 1
                for j in 0..<k {
                    let pm = Double(t[i][j]) / nim
                    if p[i][j] > 0 { qs += nim * (pm - p[i][j]) * (pm - p[i][j]) / p[i][j] }
                    if t[i][j] > 0, p[i][j] > 0 { lrs += Double(t[i][j]) * log(pm / p[i][j]) }
                }
            }
        }
        let a = total.map { $0.filter { $0 > 0 }.count }
        let df = (0..<k).reduce(0) { $0 + (b[$1] - 1) * (a[$1] - 1) }
        func pv(_ x: Double) -> Double { df > 0 ? ChiSquared(degreesOfFreedom: Double(df)).upperTail(x) : .nan }
        return (HomogeneityTest(statistic: 2 * lrs, df: df, pValue: pv(2 * lrs)), HomogeneityTest(statistic: qs, df: df, pValue: pv(qs)))
    }

    /// The pooled matrix, then one block per lag class (rows t, columns t + 1, with each row's count), then the
    /// homogeneity tests: the layout of Rey (2001) and of regional papers.
    public var table: Table {
        let k = pooled.classCount
        var t = Table(title: "Spatial Markov transition probabilities (\(k) classes; lag classes by pooled quantiles of W y)",
                      columns: ["Lag class", "t \\ t+1", "n"] + pooled.classLabels)
        func row(_ label: String, _ cls: String, _ counts: [Int], _ p: [Double]?) -> [String] {
            [label, cls, String(counts.reduce(0, +))] + (p.map { $0.map { String(format: "%.4f", $0) } } ?? Array(repeating: "—", count: k))
        }
        for i in 0..<k { t.rows.append(row(i == 0 ? "all" : "", pooled.classLabels[i], pooled.transitions[i], pooled.probabilities[i])) }
        for l in conditionalTransitions.indices {
            for i in 0..<k {
                t.rows.append(row(i == 0 ? String(l + 1) : "", pooled.classLabels[i], conditionalTransitions[l][i], conditionalProbabilities[l][i]))
            }
        }
        func f(_ x: HomogeneityTest) -> String { String(format: "%.4f (df %d, p = %.4f)", x.statistic, x.df, x.pValue) }
        t.notes = ["Homogeneity (Bickenbach & Bode 2003): LR = \(f(lr)); Q = \(f(q))."] + warnings
        return t
    }

    /// ``table`` as text.
    public var summary: String { table.text }
}
