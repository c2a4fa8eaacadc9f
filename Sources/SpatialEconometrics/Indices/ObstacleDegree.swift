import Foundation

/// The obstacle degree model: which indicators (and dimensions) hold a unit's composite index back, per unit and
/// period.
///
/// With the composite index's normalised values x'_ij (in [0, 1], 1 the best observed) and indicator weights w_j
/// (``CompositeIndex``, any ``EntropyOptions/weighting``):
///
/// - factor contribution `F_j = R_g w_gj = w_j`: the dimension's weight times the indicator's weight within its
///   dimension, which is the indicator's overall weight (`W_g * w_j / W_g`);
/// - indicator deviation `I_ij = 1 - x'_ij` (the distance from the best observed value);
/// - obstacle degree `O_ij = F_j I_ij / sum_k F_k I_ik` (a share: the row's obstacle degrees sum to 1; tables print
///   percentages), and of a dimension `U_ig = sum_{j in g} O_ij`.
///
/// The denominator `sum_k F_k I_ik = 1 - S_i` (``deviationSum``) is zero only for a unit at the best observed value
/// of every indicator: such a row has no obstacle degrees (empty ``Row/indicators``), named in the table notes.
///
/// References: Yang, Y. and Hu, N. (2019), "The spatial and temporal evolution of coordinated ecological and
/// socioeconomic development in the provinces along the Silk Road Economic Belt in China", *Sustainable Cities and
/// Society* 47, 101466 (obstacle degree model); Chen, M., Lu, D. and Zha, L. (2010), "The comprehensive evaluation
/// of China's urbanization and effects on resources and environment", *Journal of Geographical Sciences* 20(1),
/// 17–30.
///
/// ```swift
/// let obstacles = try ObstacleDegree(panel: Panel(table: table, unit: "id", time: "year"),
///                                    indicators: try Indicator.parse("gdppc:+,urban:+,pollution:-"),
///                                    groups: [IndicatorGroup("economy", indicators: ["gdppc", "urban"]),
///                                             IndicatorGroup("environment", indicators: ["pollution"])])
/// print(obstacles.topFactorsTable(count: 3, period: "2022").text)
/// ```
public struct ObstacleDegree: Sendable, Codable, Equatable {
    /// One observation's obstacle degrees.
    public struct Row: Sendable, Codable, Equatable {
        /// The unit (`nil` without a unit column).
        public let unit: String?
        /// The period (`nil` for a cross-section).
        public let time: String?
        /// 1-based data row.
        public let row: Int
        /// The composite index score S_i.
        public let score: Double
        /// `sum_j F_j I_ij = 1 - S_i`.
        public let deviationSum: Double
        /// The deviations `I_ij = 1 - x'_ij` by indicator.
        public let deviations: [String: Double]
        /// The obstacle degrees `O_ij` by indicator (shares summing to 1); empty when ``deviationSum`` is 0.
        public let indicators: [String: Double]
        /// The dimensions' obstacle degrees `U_ig = sum_{j in g} O_ij`.
        public let groups: [String: Double]
        /// The indicators by decreasing obstacle degree (ties in indicator order).
        public let top: [String]

        enum CodingKeys: String, CodingKey { case unit, time, row, score, deviationSum = "deviation_sum", deviations, indicators, groups, top }
    }

    /// The indicators, with their directions.
    public let indicators: [Indicator]
    /// The dimensions (empty: none).
    public let groups: [IndicatorGroup]
    /// The options of the composite index whose weights and normalisation are used.
    public let options: EntropyOptions
    /// The indicator weights (the factor contributions F_j), as ``CompositeIndex/indicatorWeights``.
    public let indicatorWeights: [CompositeIndex.Weight]
    /// The dimensions' weights.
    public let groupWeights: [CompositeIndex.GroupWeight]
    /// One row per observation, in the index's order (time-major for a panel).
    public let rows: [Row]
    /// The periods in order (empty for a cross-section).
    public let periods: [String]
    /// Cells filled before the computation (empty unless gap filling was requested).
    public let filled: [FilledCell]

    enum CodingKeys: String, CodingKey {
        case indicators, groups, options, indicatorWeights = "weights", groupWeights = "group_weights", rows = "obstacles", periods, filled
    }

    /// The obstacle degrees of a composite index computed from `values` (one row per observation, one column per
    /// indicator; the arguments are those of ``CompositeIndex/init(values:indicators:groups:units:times:options:rows:filled:)``).
    public init(values: [[Double]], indicators: [Indicator], groups: [IndicatorGroup] = [], units: [String]? = nil, times: [String]? = nil,
                options: EntropyOptions = EntropyOptions(), rows: [Int]? = nil, filled: [FilledCell] = []) throws(IndexError) {
        let index = try CompositeIndex(values: values, indicators: indicators, groups: groups, units: units, times: times, options: options,
                                       rows: rows, filled: filled)
        self.init(index: index, values: values, times: times)
    }

    /// The obstacle degrees of a balanced panel (time-major; gaps filled first when `gapFilling` is given).
    public init(panel: Panel, indicators: [Indicator], groups: [IndicatorGroup] = [], options: EntropyOptions = EntropyOptions(),
                gapFilling: PanelGapFilling? = nil) throws(IndexError) {
        let input = try CompositeIndex.Input(panel: panel, indicators: indicators, gapFilling: gapFilling)
        try self.init(values: input.values, indicators: indicators, groups: groups, units: input.units, times: input.times, options: options,
                      rows: input.rows, filled: input.filled)
    }

    /// The obstacle degrees of the rows of a table (a cross-section, or rows grouped by the period column `by`).
    public init(table: DataTable, indicators: [Indicator], unit: String? = nil, by period: String? = nil, groups: [IndicatorGroup] = [],
                options: EntropyOptions = EntropyOptions()) throws(IndexError) {
        let input = try CompositeIndex.Input(table: table, indicators: indicators, unit: unit, by: period)
        try self.init(values: input.values, indicators: indicators, groups: groups, units: input.units, times: input.times, options: options,
                      rows: input.rows)
    }

    private init(index: CompositeIndex, values: [[Double]], times: [String]?) {
        let normalized = index.normalizedValues(values, times: times)
        let w = index.indicators.map { ind in index.indicatorWeights.first { $0.indicator == ind.name }?.weight ?? 0 }
        var out = [Row]()
        for (i, s) in index.scores.enumerated() {
            let wi = index.options.perPeriod ? index.indicatorWeights(period: s.time).map(\.weight) : w
            let dev = normalized[i].map { 1 - $0 }
            let fi = zip(wi, dev).map { $0 * $1 }
            let total = fi.reduce(0, +)
            var byIndicator = [String: Double](), deviations = [String: Double](), byGroup = [String: Double]()
            for (j, ind) in index.indicators.enumerated() {
                deviations[ind.name] = dev[j]
                if total > 0 { byIndicator[ind.name] = fi[j] / total }
            }
            if total > 0 {
                for g in index.groups { byGroup[g.name] = g.indicators.reduce(0) { $0 + (byIndicator[$1] ?? 0) } }
            }
            let order = total > 0 ? index.indicators.indices.sorted { fi[$0] != fi[$1] ? fi[$0] > fi[$1] : $0 < $1 }.map { index.indicators[$0].name } : []
            out.append(Row(unit: s.unit, time: s.time, row: s.row, score: s.score, deviationSum: total, deviations: deviations,
                           indicators: byIndicator, groups: byGroup, top: order))
        }
        indicators = index.indicators
        groups = index.groups
        options = index.options
        indicatorWeights = index.indicatorWeights
        groupWeights = index.groupWeights
        rows = out
        periods = index.periods
        filled = index.filled
    }

    private var periodColumns: [String?] { periods.isEmpty ? [nil] : periods.map(Optional.some) }

    private func mean(_ pick: (Row) -> Double?, period: String?) -> Double? {
        let v = rows.filter { period == nil || $0.time == period }.compactMap(pick)
        return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }

    private var notes: [String] {
        var n = ["O_ij = F_j I_ij / sum_k F_k I_ik with F_j = w_j (\(ObjectiveWeights.name(options.weighting))), I_ij = 1 - x'_ij; "
                 + "dimension obstacle = sum of its indicators'; means over units, in %."]
        let atOptimum = rows.filter { $0.indicators.isEmpty }
        if !atOptimum.isEmpty {
            n.append("No obstacle degrees for \(atOptimum.count) row(s) at the best observed value of every indicator (1 - S = 0): "
                     + atOptimum.prefix(5).map { [$0.unit, $0.time].compactMap { $0 }.joined(separator: " ") }.joined(separator: "; ")
                     + (atOptimum.count > 5 ? "; ..." : "") + ".")
        }
        return n
    }

    /// Mean obstacle degree of each indicator (%) by period (one column per period, then the mean), or over all
    /// units for a cross-section.
    public var indicatorTable: Table {
        let cols = periods.isEmpty ? ["All units"] : periods + ["Mean"]
        var t = Table(title: "Obstacle degree by indicator (%)", columns: ["Dimension", "Indicator"] + cols)
        for ind in indicators {
            var row = [groups.first { $0.indicators.contains(ind.name) }?.name ?? "", ind.name]
            for p in periodColumns { row.append(mean({ $0.indicators[ind.name] }, period: p).map { Format.fixed(100 * $0, 2) } ?? "") }
            if !periods.isEmpty { row.append(mean({ $0.indicators[ind.name] }, period: nil).map { Format.fixed(100 * $0, 2) } ?? "") }
            t.rows.append(row)
        }
        t.notes = notes
        return t
    }

    /// Mean obstacle degree of each dimension (%) by period; `nil` without dimensions.
    public var dimensionTable: Table? {
        guard !groups.isEmpty else { return nil }
        let cols = periods.isEmpty ? ["All units"] : periods + ["Mean"]
        var t = Table(title: "Obstacle degree by dimension (%)", columns: ["Dimension"] + cols)
        for g in groups {
            var row = [g.name]
            for p in periodColumns { row.append(mean({ $0.indicators.isEmpty ? nil : $0.groups[g.name] }, period: p).map { Format.fixed(100 * $0, 2) } ?? "") }
            if !periods.isEmpty { row.append(mean({ $0.indicators.isEmpty ? nil : $0.groups[g.name] }, period: nil).map { Format.fixed(100 * $0, 2) } ?? "") }
            t.rows.append(row)
        }
        t.notes = notes
        return t
    }

    /// The main obstacle factors of each unit as papers print them: Unit | Period | 1 | 2 | ... with
    /// "indicator (degree %)" in each cell, the `count` largest obstacle degrees in decreasing order.
    ///
    /// - Parameters:
    ///   - count: how many factors (default 5; at most the number of indicators).
    ///   - period: one period's rows (`nil`: every row).
    public func topFactorsTable(count: Int = 5, period: String? = nil) -> Table {
        let k = Swift.max(1, Swift.min(count, indicators.count))
        var t = Table(title: "Main obstacle factors" + (period.map { " (\($0))" } ?? ""),
                      columns: ["Unit"] + (periods.isEmpty || period != nil ? [] : ["Period"]) + (1...k).map { "\($0)" })
        for r in rows where period == nil || r.time == period {
            var row = [r.unit ?? "row \(r.row)"]
            if !periods.isEmpty && period == nil { row.append(r.time ?? "") }
            for j in 0..<k {
                if j < r.top.count, let o = r.indicators[r.top[j]] { row.append("\(r.top[j]) (\(Format.fixed(100 * o, 2)))") } else { row.append("") }
            }
            t.rows.append(row)
        }
        t.notes = notes
        return t
    }

    /// Indicator table, dimension table and the main obstacle factors (of the last period for a panel).
    public var summary: String {
        var s = indicatorTable.text
        if let d = dimensionTable { s += "\n\n" + d.text }
        s += "\n\n" + topFactorsTable(count: 5, period: periods.last).text
        if !filled.isEmpty { s += "\n\n" + FilledCell.table(filled).text }
        return s
    }
}
