import Foundation

/// Inequality of one variable across units (regions, provinces): Gini coefficient, Theil T (GE(1)) and Theil L
/// (mean log deviation, GE(0)) with their between/within decomposition by groups, the coefficient of variation
/// (sigma convergence when tracked over years) and, with groups, Dagum's Gini decomposition.
///
/// With population shares `p_i = w_i / sum w` (`p_i = 1/n` unweighted) and mean `mu = sum p_i x_i`:
///
/// - Gini `G = sum_i sum_j p_i p_j |x_i - x_j| / (2 mu)` (no small-sample correction; PySAL's `Gini`)
/// - Theil T `T = sum_i p_i (x_i / mu) ln(x_i / mu)` (0 ln 0 = 0), split by groups g with population shares P_g,
///   means mu_g and shares of the total s_g = P_g mu_g / mu into
///   between `T_b = sum_g s_g ln(mu_g / mu)` and within `T_w = sum_g s_g T_g` (Shorrocks 1980)
/// - Theil L (mean log deviation) `L = sum_i p_i ln(mu / x_i)`, between `sum_g P_g ln(mu / mu_g)`,
///   within `sum_g P_g L_g` (needs every x_i > 0; `nil` otherwise)
/// - coefficient of variation `CV = sqrt(sum_i p_i (x_i - mu)^2) / mu` (population standard deviation, ddof = 0)
///
/// References: Gini (1912); Theil, H. (1967), *Economics and Information Theory*; Shorrocks, A. F. (1980),
/// "The class of additively decomposable inequality measures", *Econometrica* 48(3), 613–625; Barro, R. J. and
/// Sala-i-Martin, X. (1992), "Convergence", *Journal of Political Economy* 100(2) (sigma convergence);
/// Dagum (1997), see ``DagumGini``. Unweighted values match PySAL `inequality` (`Gini`, `Theil`, `TheilD`).
///
/// ```swift
/// let ineq = try Inequality(values: gdppc, groups: regions)
/// print(ineq.gini, ineq.theil, ineq.theilBetween ?? 0, ineq.cv)
/// ```
public struct Inequality: Sendable, Codable, Equatable {
    /// One group of the decomposition.
    public struct Group: Sendable, Codable, Equatable {
        /// The group's label.
        public let name: String
        /// The number of units in the group.
        public let n: Int
        /// P_g.
        public let populationShare: Double
        /// s_g = P_g mu_g / mu.
        public let incomeShare: Double
        /// The group's (weighted) mean mu_g.
        public let mean: Double
        /// T_g, the Theil T within the group.
        public let theil: Double
        /// L_g, or `nil` when the group has a zero value.
        public let meanLogDeviation: Double?
        /// G_jj, the Gini within the group.
        public let gini: Double

        enum CodingKeys: String, CodingKey {
            case name, n, populationShare = "population_share", incomeShare = "income_share", mean, theil
            case meanLogDeviation = "mean_log_deviation", gini
        }
    }

    /// The variable's name (as the tables print it).
    public let variable: String
    /// The period (with ``byPeriod(table:variable:by:group:sampleWeight:)``).
    public let period: String?
    /// The number of units.
    public let n: Int
    /// Whether population weights were used.
    public let weighted: Bool
    /// The (weighted) mean `mu = sum p_i x_i`.
    public let mean: Double
    /// The Gini coefficient `G = sum_i sum_j p_i p_j |x_i - x_j| / (2 mu)`.
    public let gini: Double
    /// Theil T (GE(1)).
    public let theil: Double
    /// The between-group Theil T, `T_b = sum_g s_g ln(mu_g / mu)` (`nil` without groups).
    public let theilBetween: Double?
    /// The within-group Theil T, `T_w = sum_g s_g T_g` (`nil` without groups).
    public let theilWithin: Double?
    /// Theil L = mean log deviation (GE(0)); `nil` if a value is 0.
    public let meanLogDeviation: Double?
    /// The between-group Theil L, `sum_g P_g ln(mu / mu_g)` (`nil` without groups or with a zero value).
    public let meanLogDeviationBetween: Double?
    /// The within-group Theil L, `sum_g P_g L_g` (`nil` without groups or with a zero value).
    public let meanLogDeviationWithin: Double?
    /// Coefficient of variation, population standard deviation (ddof = 0) over the mean.
    public let cv: Double
    /// The groups of the decomposition, in order of first appearance (`nil` without groups).
    public let groups: [Group]?
    /// Dagum's decomposition of the Gini by the same groups (`nil` without groups).
    public let dagum: DagumGini?

    enum CodingKeys: String, CodingKey {
        case variable, period, n, weighted, mean, gini, theil, theilBetween = "theil_between", theilWithin = "theil_within"
        case meanLogDeviation = "mean_log_deviation", meanLogDeviationBetween = "mean_log_deviation_between"
        case meanLogDeviationWithin = "mean_log_deviation_within", cv, groups, dagum
    }

    /// Share of Theil T due to differences between groups.
    public var theilBetweenShare: Double? { theilBetween.map { theil > 0 ? $0 / theil : 0 } }

    /// Computes every measure for `values` (non-negative, not all zero), optionally population-weighted and
    /// decomposed by `groups` (one label per value).
    ///
    /// - Parameters:
    ///   - values: the variable, one value per unit, non-negative and not all zero.
    ///   - sampleWeights: positive population weights, one per value (`nil`: every unit counts once).
    ///   - groups: one group label per value for the decompositions (`nil`: none).
    ///   - variable: the variable's name in tables and messages.
    ///   - sampleWeightName: the weights' name in error messages (their column).
    ///   - period: the period these values belong to, reported with the result (`nil`: none).
    ///   - rows: 1-based data rows used in error messages (default 1...n).
    public init(values: [Double], sampleWeights: [Double]? = nil, groups labels: [String]? = nil, variable: String = "x",
                sampleWeightName: String = "weight", period: String? = nil, rows: [Int]? = nil) throws(IndexError) {
        let input = try InequalityInput(values: values, sampleWeights: sampleWeights, variable: variable, sampleWeightName: sampleWeightName, rows: rows)
        guard values.count >= 2 else { throw .tooFewObservations(what: "inequality of '\(variable)'" + (period.map { " in period \($0)" } ?? ""), needed: 2, got: values.count) }
        if let labels, labels.count != values.count { throw .invalidArgument("\(labels.count) group labels for \(values.count) values") }
        let x = input.values, w = input.sampleWeights
        let totalW = w.reduce(0, +)
        let mu = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / totalW
        guard mu > 0 else { throw .invalidArgument("'\(variable)' is 0 everywhere" + (period.map { " in period \($0)" } ?? "") + ": inequality is undefined") }
        let all = WeightedSample(x, sampleWeights: w)
        self.variable = variable
        self.period = period
        self.n = x.count
        self.weighted = sampleWeights != nil
        self.mean = mu
        self.gini = all.meanAbsoluteDifference(from: all) / (2 * mu)
        self.theil = Self.theilT(x, w)
        self.meanLogDeviation = Self.theilL(x, w)
        let variance = zip(x, w).reduce(0) { $0 + $1.1 * ($1.0 - mu) * ($1.0 - mu) } / totalW
        self.cv = variance.squareRoot() / mu
        guard let labels else {
            theilBetween = nil; theilWithin = nil; meanLogDeviationBetween = nil; meanLogDeviationWithin = nil
            groups = nil; dagum = nil
            return
        }
        let dagum = try DagumGini(validated: input, labels: labels, variable: variable)
        let (names, index) = groupIndex(labels)
        var out = [Group](), tb = 0.0, tw = 0.0, lb = 0.0, lw: Double? = 0
        for (g, name) in names.enumerated() {
            let members = index.indices.filter { index[$0] == g }
            let xg = members.map { x[$0] }, wg = members.map { w[$0] }
            let pg = wg.reduce(0, +) / totalW
            let mg = zip(xg, wg).reduce(0) { $0 + $1.0 * $1.1 } / wg.reduce(0, +)
            let sg = pg * mg / mu
            let tg = mg > 0 ? Self.theilT(xg, wg) : 0
            let lg = Self.theilL(xg, wg)
            if sg > 0 { tb += sg * log(mg / mu) }
            tw += sg * tg
            if mg > 0 { lb += pg * log(mu / mg) }
            if let l = lw, let lg { lw = l + pg * lg } else { lw = nil }
            out.append(Group(name: name, n: members.count, populationShare: pg, incomeShare: sg, mean: mg, theil: tg,
                             meanLogDeviation: lg, gini: dagum.groups[g].gini))
        }
        theilBetween = tb
        theilWithin = tw
        meanLogDeviationWithin = lw
        meanLogDeviationBetween = lw == nil ? nil : lb
        groups = out
        self.dagum = dagum
    }

    /// Theil T of one (sub)sample: `sum p_i (x_i/mu) ln(x_i/mu)`, 0 ln 0 = 0.
    static func theilT(_ x: [Double], _ w: [Double]) -> Double {
        let tw = w.reduce(0, +)
        let mu = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / tw
        guard mu > 0 else { return 0 }
        return zip(x, w).reduce(0) { acc, e in e.0 > 0 ? acc + e.1 / tw * (e.0 / mu) * log(e.0 / mu) : acc }
    }

    /// Theil L of one (sub)sample: `sum p_i ln(mu/x_i)`, `nil` if some x_i = 0.
    static func theilL(_ x: [Double], _ w: [Double]) -> Double? {
        guard x.allSatisfy({ $0 > 0 }) else { return nil }
        let tw = w.reduce(0, +)
        let mu = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / tw
        return zip(x, w).reduce(0) { $0 + $1.1 / tw * log(mu / $1.0) }
    }

    /// One ``Inequality`` per period of `by` (periods sorted numerically when they are numbers), or one for the
    /// whole table when `by` is `nil`: the table regional studies print year by year (sigma convergence: a falling CV).
    /// The rows of a period need not form a balanced panel (a panel can be passed as such:
    /// ``byPeriod(panel:variable:group:sampleWeight:)``).
    ///
    /// Errors name the table row of a missing or invalid cell.
    ///
    /// - Parameters:
    ///   - table: the rows, one per unit (and period).
    ///   - variable: the column measured.
    ///   - by: the period column (`nil`: the whole table at once).
    ///   - group: the column of the groups of the Theil and Dagum decompositions (`nil`: none).
    ///   - sampleWeight: the column of positive population weights (`nil`: every unit counts once).
    public static func byPeriod(table: DataTable, variable: String, by: String? = nil, group: String? = nil,
                                sampleWeight weight: String? = nil) throws(IndexError) -> InequalityTrend {
        let sections: [(period: String?, rows: [Int])]
        if let by {
            sections = try dataStep { () throws(DataError) in try table.rowGroups(by: by) }.map { ($0.value, $0.rows) }
        } else {
            sections = [(nil, Array(0..<table.rowCount))]
        }
        return try trend(table, sections: sections, variable: variable, group: group, sampleWeight: weight)
    }

    /// One ``Inequality`` per period of a balanced panel, each over the panel's units in its unit order. Errors name
    /// the table row, unit and period of a missing or invalid cell. A group column of numbers is read as numbers
    /// (the panel parses its numeric columns), so its labels print as numbers.
    ///
    /// ```swift
    /// let trend = try Inequality.byPeriod(panel: Panel(table: table, unit: "id", time: "year"), variable: "gdppc", group: "region")
    /// ```
    public static func byPeriod(panel: Panel, variable: String, group: String? = nil, sampleWeight: String? = nil) throws(IndexError) -> InequalityTrend {
        let n = panel.unitCount
        let sections = panel.periods.indices.map { t in (period: Optional(panel.periods[t]), rows: (0..<n).map { panel.rowOrder[t * n + $0] }) }
        return try trend(panel.table, sections: sections, variable: variable, group: group, sampleWeight: sampleWeight,
                         unitOfRow: { r in panel.rowOrder.firstIndex(of: r).map { panel.units[$0 % n] } })
    }

    /// The measures of each section (a period's 0-based rows of `table`).
    private static func trend(_ table: DataTable, sections: [(period: String?, rows: [Int])], variable: String, group: String?,
                              sampleWeight weight: String?, unitOfRow: (Int) -> String? = { _ in nil }) throws(IndexError) -> InequalityTrend {
        let x = try dataStep { () throws(DataError) in try table.optionalNumbers(variable) }
        let w = try weight.map { name throws(IndexError) in try dataStep { () throws(DataError) in try table.optionalNumbers(name) } }
        let g = try group.map { name throws(IndexError) in try dataStep { () throws(DataError) in try table.strings(name) } }
        var out = [Inequality]()
        for s in sections {
            var xs = [Double](), ws = [Double](), gs = [String]()
            for r in s.rows {
                guard let v = x[r] else { throw .missingValue(variable: variable, row: r + 1, unit: unitOfRow(r), period: s.period) }
                xs.append(v)
                if let w, let weight {
                    guard let wv = w[r] else { throw .missingValue(variable: weight, row: r + 1, unit: unitOfRow(r), period: s.period) }
                    ws.append(wv)
                }
                if let g, let group {
                    let label = g[r].trimmingCharacters(in: .whitespaces)
                    if CSVReader.isMissing(label) { throw .missingValue(variable: group, row: r + 1, unit: unitOfRow(r), period: s.period) }
                    gs.append(label)
                }
            }
            out.append(try Inequality(values: xs, sampleWeights: weight == nil ? nil : ws, groups: group == nil ? nil : gs, variable: variable,
                                      sampleWeightName: weight ?? "weight", period: s.period, rows: s.rows.map { $0 + 1 }))
        }
        return InequalityTrend(variable: variable, group: group, sampleWeight: weight, rows: out)
    }

    /// Deprecated: `weights` is now `sampleWeights`
    /// (``init(values:sampleWeights:groups:variable:sampleWeightName:period:rows:)``), since `weights` names the
    /// spatial W only.
    @available(*, deprecated, renamed: "init(values:sampleWeights:groups:variable:sampleWeightName:period:rows:)",
               message: "'weights' names the spatial W only")
    public init(values: [Double], weights: [Double]?, groups labels: [String]? = nil, variable: String = "x",
                weightName: String = "weight", period: String? = nil, rows: [Int]? = nil) throws(IndexError) {
        try self.init(values: values, sampleWeights: weights, groups: labels, variable: variable, sampleWeightName: weightName, period: period, rows: rows)
    }

    /// Deprecated: `weight` is now `sampleWeight` (``byPeriod(table:variable:by:group:sampleWeight:)``), since
    /// `weights` names the spatial W only.
    @available(*, deprecated, renamed: "byPeriod(table:variable:by:group:sampleWeight:)", message: "'weights' names the spatial W only")
    public static func byPeriod(table: DataTable, variable: String, by: String? = nil, group: String? = nil,
                                weight: String?) throws(IndexError) -> InequalityTrend {
        try byPeriod(table: table, variable: variable, by: by, group: group, sampleWeight: weight)
    }
}

/// Inequality measures period by period: the sigma-convergence table (Year | Gini | Theil T | between | within |
/// between share | MLD | CV).
public struct InequalityTrend: Sendable, Codable, Equatable {
    /// The variable's name.
    public let variable: String
    /// The column of the groups (`nil`: no decomposition).
    public let group: String?
    /// The column of population weights (`nil`: unweighted).
    public let sampleWeight: String?
    /// One result per period, in the periods' order.
    public let rows: [Inequality]

    enum CodingKeys: String, CodingKey { case variable, group, sampleWeight = "weight", rows }

    /// Deprecated: renamed ``sampleWeight``, since `weights` names the spatial W only.
    @available(*, deprecated, renamed: "sampleWeight", message: "'weights' names the spatial W only")
    public var weight: String? { sampleWeight }

    /// Period | n | Gini | Theil T | [T between | T within | between %] | Theil L | CV | [Dagum G_w | G_nb | G_t].
    public var table: Table {
        let grouped = group != nil
        var cols = ["Period", "n", "Gini", "Theil T"]
        if grouped { cols += ["T between", "T within", "Between (%)"] }
        cols += ["Theil L (MLD)", "CV"]
        if grouped { cols += ["Dagum G_w", "G_nb", "G_t"] }
        var t = Table(title: "Inequality of \(variable)" + (sampleWeight.map { " (weighted by \($0))" } ?? "") + (group.map { ", groups: \($0)" } ?? ""),
                      columns: cols)
        for r in rows {
            var row = [r.period ?? "all", "\(r.n)", Format.fixed(r.gini, 4), Format.fixed(r.theil, 4)]
            if grouped {
                row += [r.theilBetween.map { Format.fixed($0, 4) } ?? "", r.theilWithin.map { Format.fixed($0, 4) } ?? "",
                        r.theilBetweenShare.map { Format.fixed(100 * $0, 2) } ?? ""]
            }
            row += [r.meanLogDeviation.map { Format.fixed($0, 4) } ?? "NA", Format.fixed(r.cv, 4)]
            if grouped, let d = r.dagum { row += [Format.fixed(d.within, 4), Format.fixed(d.netBetween, 4), Format.fixed(d.transvariation, 4)] }
            t.rows.append(row)
        }
        t.notes = ["Gini without small-sample correction; Theil T = GE(1), Theil L = GE(0) (NA if a value is 0); CV = population sd / mean (sigma convergence: falling CV)."]
        if grouped { t.notes.append("Between/within: Shorrocks (1980) decomposition of Theil T; Dagum (1997): G = G_w + G_nb + G_t.") }
        return t
    }

    /// ``table`` plus, with groups, the group table and Dagum's decomposition of the last period.
    public var summary: String {
        var s = table.text
        if group != nil, let last = rows.last, let groups = last.groups {
            var g = Table(title: "Groups" + (last.period.map { " in \($0)" } ?? ""), columns: ["Group", "n", "Mean", "Pop. share", "Share of total", "Theil T", "Gini (G_jj)"])
            for x in groups {
                g.rows.append([x.name, "\(x.n)", Format.fixed(x.mean, 2), Format.fixed(x.populationShare, 4), Format.fixed(x.incomeShare, 4),
                               Format.fixed(x.theil, 4), Format.fixed(x.gini, 4)])
            }
            s += "\n\n" + g.text
            if let d = last.dagum { s += "\n\n" + d.summary }
        }
        return s
    }
}
