import Foundation

/// Options of grey relational analysis.
public struct GreyRelationalOptions: Sendable, Codable, Equatable {
    /// The resolution (distinguishing) coefficient rho in (0, 1]; 0.5 by default, Deng's choice.
    public var resolution: Double
    /// A reference sequence in the indicators' raw units, by indicator name (normalised like the data); `nil`: the
    /// optimum, the best normalised value of each indicator over the observations normalised together.
    public var reference: [String: Double]?
    /// The grade is the weighted mean `sum_j w_j xi_ij` with the composite index's weights
    /// (``EntropyOptions/weighting``) instead of the plain mean `(1/m) sum_j xi_ij`.
    public var weighted: Bool

    /// Defaults: rho = 0.5, the optimum as reference, the plain mean.
    public init(resolution: Double = 0.5, reference: [String: Double]? = nil, weighted: Bool = false) {
        self.resolution = resolution
        self.reference = reference
        self.weighted = weighted
    }
}

/// Grey relational analysis (Deng's grey relational grade) of an indicator system: how close each observation's
/// profile is to a reference sequence, with a ranking.
///
/// On the normalised values x'_ij of ``CompositeIndex`` (min-max by default; direction-aware, so larger is better
/// for every indicator) and a reference sequence x'_0j (default: the optimum `max_i x'_ij`, 1 under min-max, or a
/// given sequence normalised the same way):
///
/// - `Delta_ij = |x'_0j - x'_ij|`, `Delta_min = min_i min_j Delta_ij`, `Delta_max = max_i max_j Delta_ij` over the
///   observations normalised together (all units and periods pooled, or one period with
///   ``EntropyOptions/perPeriod``);
/// - grey relational coefficient `xi_ij = (Delta_min + rho Delta_max) / (Delta_ij + rho Delta_max)`, rho the
///   resolution coefficient (default 0.5);
/// - grey relational grade `r_i = (1/m) sum_j xi_ij`, or `sum_j w_j xi_ij` with the index's weights
///   (``GreyRelationalOptions/weighted``); ranked within each period (1 = closest to the reference).
///
/// References: Deng, J.-L. (1982), "Control problems of grey systems", *Systems & Control Letters* 1(5), 288–294;
/// Deng, J.-L. (1989), "Introduction to grey system theory", *The Journal of Grey System* 1(1), 1–24; Kuo, Y.,
/// Yang, T. and Huang, G.-W. (2008), "The use of grey relational analysis in solving multiple attribute decision-making
/// problems", *Computers & Industrial Engineering* 55(1), 80–93.
///
/// ```swift
/// let gra = try GreyRelationalAnalysis(panel: Panel(table: table, unit: "id", time: "year"),
///                                      indicators: try Indicator.parse("gdppc:+,urban:+,pollution:-"),
///                                      greyOptions: GreyRelationalOptions(resolution: 0.5))
/// print(gra.gradeTable.text)
/// ```
public struct GreyRelationalAnalysis: Sendable, Codable, Equatable {
    /// One observation's grade.
    public struct Row: Sendable, Codable, Equatable {
        /// The unit (`nil` without a unit column).
        public let unit: String?
        /// The period (`nil` for a cross-section).
        public let time: String?
        /// 1-based data row.
        public let row: Int
        /// The grey relational grade r_i.
        public let grade: Double
        /// Rank of the grade within the row's period (1 = largest).
        public let rank: Int
        /// The grey relational coefficients xi_ij by indicator.
        public let coefficients: [String: Double]
    }

    /// The extremes and reference of one block of observations normalised together.
    public struct Block: Sendable, Codable, Equatable {
        /// The period (with ``EntropyOptions/perPeriod``); `nil` when pooled.
        public let period: String?
        /// `min_i min_j Delta_ij`.
        public let deltaMin: Double
        /// `max_i max_j Delta_ij`.
        public let deltaMax: Double
        /// The normalised reference sequence x'_0j, in indicator order.
        public let reference: [Double]
        enum CodingKeys: String, CodingKey { case period = "time", deltaMin = "delta_min", deltaMax = "delta_max", reference }
    }

    /// The indicators, with their directions.
    public let indicators: [Indicator]
    /// The grey relational options.
    public let greyOptions: GreyRelationalOptions
    /// The composite index options whose normalisation (and, for a weighted grade, weights) are used.
    public let options: EntropyOptions
    /// The indicator weights of the index (used by a weighted grade).
    public let indicatorWeights: [CompositeIndex.Weight]
    /// One entry per block (pooled: one).
    public let blocks: [Block]
    /// One row per observation, in the index's order (time-major for a panel).
    public let rows: [Row]
    /// The periods in order (empty for a cross-section).
    public let periods: [String]
    /// Cells filled before the computation (empty unless gap filling was requested).
    public let filled: [FilledCell]

    enum CodingKeys: String, CodingKey {
        case indicators, greyOptions = "grey_options", options, indicatorWeights = "weights", blocks, rows = "grades", periods, filled
    }

    /// Grey relational analysis of `values` (one row per observation, one column per indicator; the arguments are
    /// those of ``CompositeIndex/init(values:indicators:groups:units:times:options:rows:filled:)``).
    public init(values: [[Double]], indicators: [Indicator], units: [String]? = nil, times: [String]? = nil,
                options: EntropyOptions = EntropyOptions(), greyOptions: GreyRelationalOptions = GreyRelationalOptions(),
                rows: [Int]? = nil, filled: [FilledCell] = []) throws(IndexError) {
        let rho = greyOptions.resolution
        guard rho.isFinite, rho > 0, rho <= 1 else { throw .invalidArgument("the resolution coefficient rho must be in (0, 1], got \(rho) (0.5 is Deng's choice)") }
        var reference: [Double]?
        if let given = greyOptions.reference {
            let names = Set(indicators.map(\.name))
            for key in given.keys.sorted() where !names.contains(key) {
                throw .invalidArgument("reference value for '\(key)', which is not among the indicators (\(indicators.map(\.name).joined(separator: ", ")))")
            }
            var r = [Double]()
            for ind in indicators {
                guard let v = given[ind.name] else { throw .invalidArgument("no reference value for indicator '\(ind.name)': give one for every indicator (name=value)") }
                guard v.isFinite else { throw .invalidArgument("the reference value of '\(ind.name)' is not finite") }
                r.append(v)
            }
            reference = r
        }
        let index = try CompositeIndex(values: values, indicators: indicators, units: units, times: times, options: options, rows: rows, filled: filled)
        let x = index.normalizedValues(values, times: times)
        let m = indicators.count
        // Blocks: the rows normalised together.
        var blockRows = [String: [Int]]()
        for i in x.indices { blockRows[options.perPeriod ? (times?[i] ?? "") : "", default: []].append(i) }
        var coefficient = [[Double]](repeating: [], count: x.count)
        var blocksOut = [Block]()
        for key in (options.perPeriod ? index.periods : [""]) {
            let members = blockRows[key] ?? []
            guard !members.isEmpty else { continue }
            let period: String? = options.perPeriod ? key : nil
            let ws = index.indicatorWeights(period: period)
            let x0: [Double] = (0..<m).map { j in
                if let reference {
                    return CompositeIndex.normalized(reference[j], indicators[j].direction, options.normalization, min: ws[j].min, max: ws[j].max)
                }
                return members.map { x[$0][j] }.max() ?? 1
            }
            for (j, v) in x0.enumerated() where !v.isFinite {
                throw .invalidArgument("the reference value of '\(indicators[j].name)' has no normalised value under \(options.normalization.rawValue) normalisation (got \(v)): give a positive value")
            }
            var lo = Double.infinity, hi = -Double.infinity
            for i in members { for j in 0..<m { let d = abs(x0[j] - x[i][j]); lo = Swift.min(lo, d); hi = Swift.max(hi, d) } }
            guard hi > 0 else {
                throw .invalidArgument("grey relational analysis" + (period.map { " in period \($0)" } ?? "") + ": every observation equals the reference sequence (max Delta = 0)")
            }
            for i in members { coefficient[i] = (0..<m).map { j in (lo + rho * hi) / (abs(x0[j] - x[i][j]) + rho * hi) } }
            blocksOut.append(Block(period: period, deltaMin: lo, deltaMax: hi, reference: x0))
        }
        var grades = [Double]()
        for (i, s) in index.scores.enumerated() {
            let w = greyOptions.weighted ? index.indicatorWeights(period: options.perPeriod ? s.time : nil).map(\.weight) : [Double](repeating: 1 / Double(m), count: m)
            grades.append(zip(w, coefficient[i]).reduce(0) { $0 + $1.0 * $1.1 })
        }
        // Ranks within each period (all rows for a cross-section or rows without periods).
        var rank = [Int](repeating: 0, count: grades.count)
        var byPeriod = [String: [Int]]()
        for (i, s) in index.scores.enumerated() { byPeriod[s.time ?? "", default: []].append(i) }
        for (_, members) in byPeriod {
            for (k, i) in members.sorted(by: { grades[$0] != grades[$1] ? grades[$0] > grades[$1] : $0 < $1 }).enumerated() { rank[i] = k + 1 }
        }
        self.rows = index.scores.enumerated().map { i, s in
            Row(unit: s.unit, time: s.time, row: s.row, grade: grades[i], rank: rank[i],
                coefficients: Dictionary(uniqueKeysWithValues: zip(indicators.map(\.name), coefficient[i])))
        }
        self.indicators = indicators
        self.greyOptions = greyOptions
        self.options = options
        self.indicatorWeights = index.indicatorWeights
        self.blocks = blocksOut
        self.periods = index.periods
        self.filled = index.filled
    }

    /// Grey relational analysis of a balanced panel (time-major; gaps filled first when `gapFilling` is given).
    public init(panel: Panel, indicators: [Indicator], options: EntropyOptions = EntropyOptions(),
                greyOptions: GreyRelationalOptions = GreyRelationalOptions(), gapFilling: PanelGapFilling? = nil) throws(IndexError) {
        let input = try CompositeIndex.Input(panel: panel, indicators: indicators, gapFilling: gapFilling)
        try self.init(values: input.values, indicators: indicators, units: input.units, times: input.times, options: options,
                      greyOptions: greyOptions, rows: input.rows, filled: input.filled)
    }

    /// Grey relational analysis of the rows of a table (a cross-section, or rows grouped by the period column `by`).
    public init(table: DataTable, indicators: [Indicator], unit: String? = nil, by period: String? = nil,
                options: EntropyOptions = EntropyOptions(), greyOptions: GreyRelationalOptions = GreyRelationalOptions()) throws(IndexError) {
        let input = try CompositeIndex.Input(table: table, indicators: indicators, unit: unit, by: period)
        try self.init(values: input.values, indicators: indicators, units: input.units, times: input.times, options: options,
                      greyOptions: greyOptions, rows: input.rows)
    }

    private var note: String {
        let ref = greyOptions.reference == nil ? "the optimum of each indicator" : "the given reference sequence"
        let grade = greyOptions.weighted ? "weighted mean of xi (\(ObjectiveWeights.name(options.weighting)))" : "mean of xi"
        let pooled = options.perPeriod ? "each period separately" : (periods.isEmpty ? "all units" : "all units and periods together")
        return "xi_ij = (Delta_min + rho Delta_max) / (Delta_ij + rho Delta_max), rho = \(Format.trimmed(greyOptions.resolution)); reference: \(ref); "
            + "grade = \(grade); \(options.normalization.rawValue) normalisation over \(pooled); rank within each period."
    }

    /// Grades by unit: for a panel one column per period and the mean, then the rank of the last period; for a
    /// cross-section Unit | Grade | Rank.
    public var gradeTable: Table {
        if !periods.isEmpty, rows.allSatisfy({ $0.unit != nil && $0.time != nil }) {
            var units = [String](), seen = Set<String>()
            for r in rows where seen.insert(r.unit ?? "").inserted { units.append(r.unit ?? "") }
            var lookup = [String: Row]()
            for r in rows { lookup["\(r.unit ?? "")\u{1}\(r.time ?? "")"] = r }
            let last = periods.last ?? ""
            var t = Table(title: "Grey relational grades by year", columns: ["Unit"] + periods + ["Mean", "Rank \(last)"])
            for u in units {
                let vals = periods.map { lookup["\(u)\u{1}\($0)"]?.grade }
                let present = vals.compactMap { $0 }
                t.rows.append([u] + vals.map { $0.map { Format.fixed($0, 4) } ?? "" }
                              + [Format.fixed(present.reduce(0, +) / Double(Swift.max(present.count, 1)), 4), lookup["\(u)\u{1}\(last)"].map { "\($0.rank)" } ?? ""])
            }
            t.notes = [note]
            return t
        }
        var t = Table(title: "Grey relational grades", columns: ["Unit", "Grade", "Rank"])
        for r in rows { t.rows.append([r.unit ?? (r.time.map { "\($0)" } ?? "row \(r.row)"), Format.fixed(r.grade, 4), "\(r.rank)"]) }
        t.notes = [note]
        return t
    }

    /// Mean grey relational coefficient of each indicator by period: which indicators are closest to the reference.
    public var coefficientTable: Table {
        let cols = periods.isEmpty ? ["All units"] : periods
        var t = Table(title: "Mean grey relational coefficients by indicator", columns: ["Indicator"] + cols)
        for ind in indicators {
            var row = [ind.name]
            for p in periods.isEmpty ? [nil] : periods.map(Optional.some) {
                let v = rows.filter { p == nil || $0.time == p }.compactMap { $0.coefficients[ind.name] }
                row.append(Format.fixed(v.reduce(0, +) / Double(Swift.max(v.count, 1)), 4))
            }
            t.rows.append(row)
        }
        t.notes = [note]
        return t
    }

    /// The grade table and the coefficient table.
    public var summary: String {
        var s = gradeTable.text + "\n\n" + coefficientTable.text
        if !filled.isEmpty { s += "\n\n" + FilledCell.table(filled).text }
        return s
    }
}
