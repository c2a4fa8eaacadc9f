import Foundation

/// Options of the entropy weight method.
public struct EntropyOptions: Sendable, Codable, Equatable {
    /// How indicators are made comparable.
    public enum Normalization: String, Sendable, Codable, CaseIterable {
        /// `x' = (x - min)/(max - min)` for positive, `(max - x)/(max - min)` for negative indicators (default).
        case minMax = "min-max"
        /// `x' = x / max` for positive, `min / x` for negative indicators (needs x > 0; linear proportion method).
        case ratio
    }

    /// How weights are chosen.
    public enum Weighting: String, Sendable, Codable, CaseIterable {
        /// w_j = d_j / sum d (Shannon entropy weights).
        case entropy
        /// w_j = 1/m.
        case equal
        /// Coefficient-of-variation weights `w_j = V_j / sum V`, `V_j = s_j / mean_j` (on the raw values by default,
        /// ``EntropyOptions/cvBasis``).
        case cv
        /// CRITIC weights (Diakoulaki, Mavrotas and Papayannakis 1995): `C_j = s_j sum_k (1 - r_jk)` on the normalised
        /// matrix, `w_j = C_j / sum C` (``EntropyOptions/criticConflict``).
        case critic
        /// Improved CRITIC: the coefficient of variation as the contrast intensity and absolute correlations as the
        /// conflict, `C_j = (s_j / mean_j) sum_k (1 - |r_jk|)` on the normalised matrix (s_j sample SD, mean_j the
        /// mean of x'_j, r_jk Pearson correlations), `w_j = C_j / sum C`. The CV makes the contrast scale-free
        /// (min-max values of an indicator with a long right tail have a small mean and so a large V_j), and |r|
        /// counts a strong negative correlation as redundancy rather than conflict. ``EntropyOptions/criticConflict``
        /// does not apply (always |r|).
        case improvedCritic = "improved-critic"
    }

    /// The values the coefficient of variation of ``Weighting/cv`` is computed on.
    public enum CVBasis: String, Sendable, Codable, CaseIterable {
        /// The raw indicator values (the textbook `V_j = s_j / |mean x_j|`; scale-free, independent of the direction;
        /// needs a positive mean).
        case raw
        /// The normalised values x'_ij (direction-aware: a negative indicator's CV is that of its reversed scale).
        case normalized
    }

    /// The conflict term of CRITIC.
    public enum CriticConflict: String, Sendable, Codable, CaseIterable {
        /// `sum_k (1 - r_jk)` (Diakoulaki et al. 1995; the default).
        case signed
        /// `sum_k (1 - |r_jk|)` (a strong negative correlation counts as redundancy, not conflict; with the CV as the
        /// contrast this is ``Weighting/improvedCritic``).
        case absolute
    }

    /// The default shift added to the normalised values before the proportions p_ij are formed, so that
    /// ln p_ij exists: 0.0001, the value most studies use ("translated by 0.0001").
    public static let defaultShift = 0.0001

    /// Added to every x'_ij before p_ij = (x'_ij + shift) / sum_i (x'_ij + shift). 0 uses the convention 0 ln 0 = 0.
    /// The scores use the unshifted x'_ij (the shifted variant only adds `shift` to every score, since the weights sum to 1).
    public var shift: Double
    /// How the indicators are made comparable (default ``Normalization/minMax``).
    public var normalization: Normalization
    /// How the weights are chosen (default ``Weighting/entropy``).
    public var weighting: Weighting
    /// Weights computed separately in each period (normalisation over that period's units only), instead of
    /// over all units and periods together (the default, which keeps scores comparable across years).
    public var perPeriod: Bool
    /// Also compute the entropy-TOPSIS closeness score.
    public var topsis: Bool
    /// What the CV of ``Weighting/cv`` is computed on (default ``CVBasis/raw``).
    public var cvBasis: CVBasis
    /// The conflict term of ``Weighting/critic`` (default ``CriticConflict/signed``, Diakoulaki et al.).
    public var criticConflict: CriticConflict
    /// Combines the weights of ``weighting`` with a second set (CRITIC, CV, entropy or given subjective weights);
    /// `nil`: none.
    public var combination: WeightCombination?

    /// Defaults: shift 0.0001, min-max normalisation, entropy weights, pooled over periods, no TOPSIS, CV on the raw
    /// values, CRITIC with the signed conflict, no combination.
    public init(shift: Double = EntropyOptions.defaultShift, normalization: Normalization = .minMax, weighting: Weighting = .entropy,
                perPeriod: Bool = false, topsis: Bool = false, cvBasis: CVBasis = .raw, criticConflict: CriticConflict = .signed,
                combination: WeightCombination? = nil) {
        self.shift = shift
        self.normalization = normalization
        self.weighting = weighting
        self.perPeriod = perPeriod
        self.topsis = topsis
        self.cvBasis = cvBasis
        self.criticConflict = criticConflict
        self.combination = combination
    }

    enum CodingKeys: String, CodingKey {
        case shift, normalization, weighting, perPeriod = "per_period", topsis, cvBasis = "cv_basis", criticConflict = "critic_conflict", combination
    }

    /// Decodes what the encoder wrote; the keys added later (`cv_basis`, `critic_conflict`, `combination`) may be
    /// absent (their defaults).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        shift = try c.decode(Double.self, forKey: .shift)
        normalization = try c.decode(Normalization.self, forKey: .normalization)
        weighting = try c.decode(Weighting.self, forKey: .weighting)
        perPeriod = try c.decode(Bool.self, forKey: .perPeriod)
        topsis = try c.decode(Bool.self, forKey: .topsis)
        cvBasis = try c.decodeIfPresent(CVBasis.self, forKey: .cvBasis) ?? .raw
        criticConflict = try c.decodeIfPresent(CriticConflict.self, forKey: .criticConflict) ?? .signed
        combination = try c.decodeIfPresent(WeightCombination.self, forKey: .combination)
    }
}

/// A composite index by the entropy weight method (or equal weights), for a cross-section or a panel, with
/// first-level dimension sub-indices and optionally the entropy-TOPSIS score.
///
/// For n observations (units, or unit-years pooled) and m indicators:
///
/// 1. normalise: `x'_ij = (x_ij - min_j)/(max_j - min_j)` (positive) or `(max_j - x_ij)/(max_j - min_j)` (negative);
/// 2. proportions `p_ij = (x'_ij + s) / sum_i (x'_ij + s)` with the shift `s` (``EntropyOptions/defaultShift`` = 0.0001;
///    with s = 0, 0 ln 0 = 0);
/// 3. entropy `e_j = -(1/ln n) sum_i p_ij ln p_ij`, divergence `d_j = 1 - e_j`, weight `w_j = d_j / sum_k d_k`
///    (or, by ``EntropyOptions/weighting``: equal `1/m`; coefficient of variation `w_j = V_j / sum V`,
///    `V_j = s_j / mean_j`; CRITIC `w_j = C_j / sum C`, `C_j = s_j sum_k (1 - r_jk)` on x'; and optionally combined
///    with a second set, ``WeightCombination``);
/// 4. score `S_i = sum_j w_j x'_ij` in [0, 1]; a dimension g has weight `W_g = sum_{j in g} w_j`, score
///    `S_ig = sum_{j in g} w_j x'_ij` (the dimension scores add up to S_i) and index `S_ig / W_g` in [0, 1], which equals
///    the entropy index of that dimension's indicators alone (the entropy of an indicator depends on its column only);
/// 5. entropy-TOPSIS: `v_ij = w_j x'_ij`, ideal `v+_j = max_i v_ij`, anti-ideal `v-_j = min_i v_ij`,
///    `D+_i = ||v_i - v+||`, `D-_i = ||v_i - v-||`, closeness `C_i = D-_i / (D+_i + D-_i)`.
///
/// In a panel the default normalises over all units and years together (Yang et al.'s time-augmented entropy
/// method), so that scores are comparable across years; ``EntropyOptions/perPeriod`` computes each year on its own.
///
/// References: Shannon, C. E. (1948); Zou, Z., Yun, Y. and Sun, J. (2006), "Entropy method for determination of
/// weight of evaluating indicators in fuzzy synthetic evaluation for water quality assessment", *Journal of
/// Environmental Sciences* 18(5), 1020–1023; Hwang, C.-L. and Yoon, K. (1981), *Multiple Attribute Decision Making*
/// (TOPSIS); Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995), "Determining objective weights in multiple
/// criteria problems: the CRITIC method", *Computers & Operations Research* 22(7), 763–770.
///
/// ```swift
/// let index = try CompositeIndex(panel: Panel(table: table, unit: "id", time: "year"),
///                                indicators: try Indicator.parse("gdppc:+,urban:+,pollution:-"),
///                                groups: [IndicatorGroup("economy", indicators: ["gdppc", "urban"]),
///                                         IndicatorGroup("environment", indicators: ["pollution"])])
/// print(index.indicatorTable.text)
/// print(index.scoreTable.text)
/// ```
public struct CompositeIndex: Sendable, Codable, Equatable {
    /// One indicator's weight (per period with ``EntropyOptions/perPeriod``).
    public struct Weight: Sendable, Codable, Equatable {
        /// The indicator's name (its column).
        public let indicator: String
        /// Whether larger values are better (positive) or worse (negative).
        public let direction: IndicatorDirection
        /// The dimension (first-level group) the indicator belongs to, if any.
        public let group: String?
        /// The period these weights were computed in (with ``EntropyOptions/perPeriod``); `nil` when pooled over all
        /// periods.
        public let period: String?
        /// The weight: `w_j = d_j / sum_k d_k` (entropy), `1/m` (equal), `V_j / sum V` (CV), `C_j / sum C` (CRITIC),
        /// or the combined weight of a ``WeightCombination``.
        public let weight: Double
        /// The entropy `e_j = -(1/ln n) sum_i p_ij ln p_ij`.
        public let entropy: Double
        /// The divergence `d_j = 1 - e_j`.
        public let divergence: Double
        /// The smallest raw value of the indicator over the observations normalised together.
        public let min: Double
        /// The largest raw value of the indicator over the observations normalised together.
        public let max: Double
        /// The sample standard deviation s_j the CV or CRITIC weight used (CV: of the raw or normalised values, CRITIC:
        /// of the normalised values); `nil` for entropy and equal weights.
        public let sd: Double?
        /// The coefficient of variation `V_j = s_j / mean_j` (CV weights only).
        public let cv: Double?
        /// CRITIC's conflict `sum_k (1 - r_jk)` (or `sum_k (1 - |r_jk|)`), CRITIC weights only.
        public let conflict: Double?
        /// CRITIC's information `C_j = s_j * conflict_j` (CRITIC weights only).
        public let information: Double?
        /// With a ``WeightCombination``: the first set's weight w1_j (of ``EntropyOptions/weighting``); ``weight`` is
        /// then the combined weight.
        public let firstWeight: Double?
        /// With a ``WeightCombination``: the second set's weight w2_j (CRITIC, CV, entropy or the given weight,
        /// rescaled to sum 1).
        public let secondWeight: Double?
        /// With a ``WeightCombination``: every set's weight w_kj, k = 1, ..., K (the first two are ``firstWeight``
        /// and ``secondWeight``).
        public let setWeights: [Double]?

        init(indicator: String, direction: IndicatorDirection, group: String?, period: String?, weight: Double, entropy: Double,
             divergence: Double, min: Double, max: Double, sd: Double? = nil, cv: Double? = nil, conflict: Double? = nil,
             information: Double? = nil, setWeights: [Double]? = nil) {
            self.indicator = indicator; self.direction = direction; self.group = group; self.period = period
            self.weight = weight; self.entropy = entropy; self.divergence = divergence; self.min = min; self.max = max
            self.sd = sd; self.cv = cv; self.conflict = conflict; self.information = information
            self.firstWeight = setWeights?.first; self.secondWeight = setWeights.flatMap { $0.count > 1 ? $0[1] : nil }
            self.setWeights = setWeights
        }

        enum CodingKeys: String, CodingKey {
            case indicator, direction, group, period = "time", weight, entropy, divergence, min, max, sd, cv, conflict, information
            case firstWeight = "first_weight", secondWeight = "second_weight", setWeights = "set_weights"
        }
    }

    /// The coefficients of the K weight sets of a ``WeightCombination`` in one period: the linear shares
    /// (`[alpha, 1 - alpha]` for two sets) or the normalised game-theory coefficients `a*_k = |a_k| / sum |a_k|`.
    public struct CombinationCoefficients: Sendable, Codable, Equatable {
        /// The period (with ``EntropyOptions/perPeriod``); `nil` when pooled.
        public let period: String?
        /// The coefficients of the sets, the first set's first.
        public let coefficients: [Double]
        enum CodingKeys: String, CodingKey { case period = "time", coefficients }
    }

    /// A dimension's summed weight.
    public struct GroupWeight: Sendable, Codable, Equatable {
        /// The dimension's name.
        public let group: String
        /// The period (with ``EntropyOptions/perPeriod``); `nil` when pooled.
        public let period: String?
        /// The dimension's weight `W_g = sum_{j in g} w_j`.
        public let weight: Double
        enum CodingKeys: String, CodingKey { case group, period = "time", weight }
    }

    /// One observation's scores.
    public struct Score: Sendable, Codable, Equatable {
        /// The observation's unit (`nil` for a table without a unit column).
        public let unit: String?
        /// The observation's period (`nil` for a cross-section).
        public let time: String?
        /// 1-based data row.
        public let row: Int
        /// S_i.
        public let score: Double
        /// S_ig by dimension (they add up to S_i).
        public let groups: [String: Double]
        /// S_ig / W_g by dimension, in [0, 1].
        public let groupIndices: [String: Double]
        /// The entropy-TOPSIS closeness `C_i = D-_i / (D+_i + D-_i)` in [0, 1], when requested.
        public let topsis: Double?

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// Reserved keys that a dimension may not be called.
        static let reserved: Set<String> = ["unit", "time", "row", "score", "topsis", "group_indices"]

        /// A score row (normally made by ``CompositeIndex``).
        public init(unit: String?, time: String?, row: Int, score: Double, groups: [String: Double], groupIndices: [String: Double], topsis: Double?) {
            self.unit = unit; self.time = time; self.row = row; self.score = score
            self.groups = groups; self.groupIndices = groupIndices; self.topsis = topsis
        }

        /// `{"unit","time","row","score","<group>":S_ig,...,"group_indices":{...},"topsis"}`.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encodeIfPresent(unit, forKey: Key("unit"))
            try c.encodeIfPresent(time, forKey: Key("time"))
            try c.encode(row, forKey: Key("row"))
            try c.encode(score, forKey: Key("score"))
            for (g, v) in groups { try c.encode(v, forKey: Key(g)) }
            if !groupIndices.isEmpty { try c.encode(groupIndices, forKey: Key("group_indices")) }
            try c.encodeIfPresent(topsis, forKey: Key("topsis"))
        }

        /// Decodes what ``encode(to:)`` wrote; keys other than the reserved ones are dimensions.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            unit = try c.decodeIfPresent(String.self, forKey: Key("unit"))
            time = try c.decodeIfPresent(String.self, forKey: Key("time"))
            row = try c.decode(Int.self, forKey: Key("row"))
            score = try c.decode(Double.self, forKey: Key("score"))
            topsis = try c.decodeIfPresent(Double.self, forKey: Key("topsis"))
            groupIndices = try c.decodeIfPresent([String: Double].self, forKey: Key("group_indices")) ?? [:]
            var g = [String: Double]()
            for k in c.allKeys where !Self.reserved.contains(k.stringValue) { g[k.stringValue] = try c.decode(Double.self, forKey: k) }
            groups = g
        }
    }

    /// The indicators, with their directions, in the order given.
    public let indicators: [Indicator]
    /// The first-level dimensions (empty: none).
    public let groups: [IndicatorGroup]
    /// The options the index was computed with.
    public let options: EntropyOptions
    /// The indicators' weights (entropy or equal): one entry per indicator (per indicator and period with
    /// ``EntropyOptions/perPeriod``).
    public let indicatorWeights: [Weight]
    /// The dimensions' summed weights, one per dimension (per dimension and period with
    /// ``EntropyOptions/perPeriod``).
    public let groupWeights: [GroupWeight]
    /// In table order for a cross-section; time-major (all units of the first period, then the next) for a panel.
    public let scores: [Score]
    /// Cells filled before the computation (empty unless gap filling was requested).
    public let filled: [FilledCell]
    /// The panel's periods in order (empty for a cross-section).
    public let periods: [String]
    /// The coefficients of a linear or game-theory ``WeightCombination``, one entry per block (pooled: one); empty
    /// otherwise.
    public let combinationCoefficients: [CombinationCoefficients]

    enum CodingKeys: String, CodingKey {
        case indicators, groups, options, indicatorWeights = "weights", groupWeights = "group_weights", scores, filled, periods
        case combinationCoefficients = "combination_coefficients"
    }

    /// Decodes what the encoder wrote; `combination_coefficients` (added later) may be absent.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        indicators = try c.decode([Indicator].self, forKey: .indicators)
        groups = try c.decode([IndicatorGroup].self, forKey: .groups)
        options = try c.decode(EntropyOptions.self, forKey: .options)
        indicatorWeights = try c.decode([Weight].self, forKey: .indicatorWeights)
        groupWeights = try c.decode([GroupWeight].self, forKey: .groupWeights)
        scores = try c.decode([Score].self, forKey: .scores)
        filled = try c.decode([FilledCell].self, forKey: .filled)
        periods = try c.decode([String].self, forKey: .periods)
        combinationCoefficients = try c.decodeIfPresent([CombinationCoefficients].self, forKey: .combinationCoefficients) ?? []
    }

    /// Computes the index from a matrix of values.
    ///
    /// - Parameters:
    ///   - values: one row per observation, one column per indicator; every cell present and finite.
    ///   - indicators: the indicators, one per column of `values`, with their directions.
    ///   - groups: the first-level dimensions (default none).
    ///   - units: the rows' units (`nil`: none).
    ///   - times: the rows' periods (needed for ``EntropyOptions/perPeriod``).
    ///   - options: shift, normalisation, weighting, per-period weights and TOPSIS.
    ///   - rows: 1-based data rows for error messages and the output (default 1...n).
    ///   - filled: the cells filled before the computation, reported with the result (default none).
    public init(values: [[Double]], indicators: [Indicator], groups: [IndicatorGroup] = [], units: [String]? = nil,
                times: [String]? = nil, options: EntropyOptions = EntropyOptions(), rows: [Int]? = nil,
                filled: [FilledCell] = []) throws(IndexError) {
        let m = indicators.count, n = values.count
        guard m >= 1 else { throw .invalidArgument("no indicators") }
        guard Set(indicators.map(\.name)).count == m else { throw .invalidArgument("an indicator is listed twice") }
        guard options.shift.isFinite, options.shift >= 0 else {
            throw .invalidArgument("the shift must be zero or positive (got \(options.shift)): negative values have no logarithm")
        }
        if let units, units.count != n { throw .invalidArgument("\(units.count) unit labels for \(n) rows") }
        if let times, times.count != n { throw .invalidArgument("\(times.count) period labels for \(n) rows") }
        let rowNo = rows ?? Array(0..<n).map { $0 + 1 }
        guard rowNo.count == n else { throw .invalidArgument("\(rowNo.count) row numbers for \(n) rows") }
        for (i, r) in values.enumerated() {
            guard r.count == m else { throw .invalidArgument("row \(rowNo[i]) has \(r.count) values for \(m) indicators") }
            for (j, v) in r.enumerated() where !v.isFinite { throw .nonFinite(variable: indicators[j].name, row: rowNo[i]) }
        }
        // Dimensions: every member must be an indicator, in one dimension only.
        var groupOf = [String: String]()
        for g in groups {
            guard !Score.reserved.contains(g.name) else { throw .invalidArgument("a dimension may not be called '\(g.name)'") }
            for name in g.indicators {
                guard indicators.contains(where: { $0.name == name }) else {
                    throw .invalidArgument("dimension '\(g.name)' lists '\(name)', which is not among the indicators (\(indicators.map(\.name).joined(separator: ", ")))")
                }
                if let other = groupOf[name] { throw .invalidArgument("indicator '\(name)' is in dimensions '\(other)' and '\(g.name)'") }
                groupOf[name] = g.name
            }
        }
        guard Set(groups.map(\.name)).count == groups.count else { throw .invalidArgument("a dimension name is used twice") }

        // Blocks: all rows together, or one block per period.
        var blocks = [(period: String?, rows: [Int])]()
        var periodList = [String]()
        if let times {
            var rowsOf = [String: [Int]]()
            for (i, t) in times.enumerated() { if rowsOf[t] == nil { periodList.append(t) }; rowsOf[t, default: []].append(i) }
            if let numeric = LabelOrder.numericallySorted(periodList) { periodList = numeric }
            blocks = options.perPeriod ? periodList.map { ($0, rowsOf[$0] ?? []) } : [(nil, Array(0..<n))]
        } else {
            guard !options.perPeriod else { throw .invalidArgument("per-period weights need periods: a Panel, or a period column (by:)") }
            blocks = [(nil, Array(0..<n))]
        }

        var weightsOut = [Weight](), groupWeightsOut = [GroupWeight](), coefficientsOut = [CombinationCoefficients]()
        let givenWeights = try options.combination?.validated(indicators: indicators, first: options.weighting)
        var scoreOf = [Int: Score]()
        for block in blocks {
            let nb = block.rows.count
            guard nb >= 2 else {
                throw .tooFewObservations(what: "entropy weights" + (block.period.map { " in period \($0)" } ?? ""), needed: 2, got: nb)
            }
            // Normalised values x'_ij of this block, column by column.
            var xs = [[Double]]()
            var entropy = [Double](), mins = [Double](), maxs = [Double]()
            for (j, ind) in indicators.enumerated() {
                let col = block.rows.map { values[$0][j] }
                let lo = col.min() ?? 0, hi = col.max() ?? 0
                guard hi > lo else { throw .constantIndicator(indicator: ind.name, period: block.period) }
                if options.normalization == .ratio {
                    for (k, v) in col.enumerated() where v < 0 || (v == 0 && ind.direction == .negative) {
                        throw .negativeValue(variable: ind.name, row: rowNo[block.rows[k]], value: v,
                                             reason: ind.direction == .negative ? "is not positive (ratio normalisation of a negative indicator divides by it)"
                                                                                : "is negative (ratio normalisation needs non-negative values for ln p)")
                    }
                }
                let xn = col.map { Self.normalized($0, ind.direction, options.normalization, min: lo, max: hi) }
                let z = xn.map { $0 + options.shift }
                let total = z.reduce(0, +)
                var h = 0.0
                for v in z where v > 0 {
                    let p = v / total
                    h -= p * log(p)
                }
                entropy.append(h / log(Double(nb)))
                xs.append(xn)
                mins.append(lo); maxs.append(hi)
            }
            let divergence = entropy.map { 1 - $0 }
            let raw = (0..<m).map { j in block.rows.map { values[$0][j] } }
            let first = try ObjectiveWeights.compute(options.weighting, normalized: xs, raw: raw, divergence: divergence, indicators: indicators,
                                                     options: options, period: block.period)
            var w = first.weights
            var sets: [[Double]]? = nil
            if let combination = options.combination {
                var others = [[Double]]()
                for method in combination.methods {
                    others.append(try ObjectiveWeights.compute(method, normalized: xs, raw: raw, divergence: divergence, indicators: indicators,
                                                               options: options, period: block.period).weights)
                }
                if let givenWeights { others.append(givenWeights) }
                if !others.isEmpty {
                    sets = [first.weights] + others
                    let combined = try combination.combine([first.weights] + others, period: block.period)
                    w = combined.weights
                    if let c = combined.coefficients { coefficientsOut.append(CombinationCoefficients(period: block.period, coefficients: c)) }
                }
            }
            for (j, ind) in indicators.enumerated() {
                weightsOut.append(Weight(indicator: ind.name, direction: ind.direction, group: groupOf[ind.name], period: block.period,
                                         weight: w[j], entropy: entropy[j], divergence: divergence[j], min: mins[j], max: maxs[j],
                                         sd: first.sd?[j], cv: first.cv?[j], conflict: first.conflict?[j], information: first.information?[j],
                                         setWeights: sets?.map { $0[j] }))
            }
            var gw = [String: Double]()
            for g in groups {
                let s = g.indicators.reduce(0.0) { acc, name in acc + (indicators.firstIndex { $0.name == name }.map { w[$0] } ?? 0) }
                gw[g.name] = s
                groupWeightsOut.append(GroupWeight(group: g.name, period: block.period, weight: s))
            }
            // TOPSIS ideal and anti-ideal points of the weighted normalised matrix.
            let vPlus = (0..<m).map { j in (xs[j].max() ?? 0) * w[j] }, vMinus = (0..<m).map { j in (xs[j].min() ?? 0) * w[j] }
            for (k, r) in block.rows.enumerated() {
                var s = 0.0, dp = 0.0, dm = 0.0
                var gs = [String: Double]()
                for j in 0..<m {
                    let v = w[j] * xs[j][k]
                    s += v
                    dp += (v - vPlus[j]) * (v - vPlus[j]); dm += (v - vMinus[j]) * (v - vMinus[j])
                    if let g = groupOf[indicators[j].name] { gs[g, default: 0] += v }
                }
                var gi = [String: Double]()
                for g in groups { gi[g.name] = (gw[g.name] ?? 0) > 0 ? (gs[g.name] ?? 0) / (gw[g.name] ?? 1) : 0 }
                let dPlus = dp.squareRoot(), dMinus = dm.squareRoot()
                let closeness = dPlus + dMinus > 0 ? dMinus / (dPlus + dMinus) : 0
                scoreOf[r] = Score(unit: units?[r], time: times?[r], row: rowNo[r], score: s, groups: gs, groupIndices: gi,
                                   topsis: options.topsis ? closeness : nil)
            }
        }
        self.indicators = indicators
        self.groups = groups
        self.options = options
        self.indicatorWeights = weightsOut
        self.groupWeights = groupWeightsOut
        self.scores = (0..<n).compactMap { scoreOf[$0] }
        self.filled = filled
        self.periods = periodList
        self.combinationCoefficients = coefficientsOut
    }

    /// The normalised value x' of a raw value x of an indicator whose range over the observations normalised
    /// together is [min, max]: min-max `(x - min)/(max - min)` or `(max - x)/(max - min)`, ratio `x / max` or `min / x`.
    static func normalized(_ x: Double, _ direction: IndicatorDirection, _ normalization: EntropyOptions.Normalization,
                           min lo: Double, max hi: Double) -> Double {
        switch normalization {
        case .minMax: return direction == .positive ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo)
        case .ratio: return direction == .positive ? x / hi : lo / x
        }
    }

    /// Computes the index of a balanced panel: all units and periods together (n = N T), or period by period with
    /// ``EntropyOptions/perPeriod``; scores come out time-major, in the panel's unit order.
    ///
    /// A missing cell is an error naming the indicator, row, unit and period, unless `gapFilling` is given, in which
    /// case gaps are filled first (``PanelGapFilling``) and listed in ``filled``.
    ///
    /// ```swift
    /// let panel = try Panel(table: table, unit: "id", time: "year")
    /// let index = try CompositeIndex(panel: panel, indicators: try Indicator.parse("gdppc:+,urban:+,pollution:-"))
    /// ```
    public init(panel: Panel, indicators: [Indicator], groups: [IndicatorGroup] = [], options: EntropyOptions = EntropyOptions(),
                gapFilling: PanelGapFilling? = nil) throws(IndexError) {
        let input = try Input(panel: panel, indicators: indicators, gapFilling: gapFilling)
        try self.init(input, indicators: indicators, groups: groups, options: options)
    }

    /// Computes the index of the rows of a table: a cross-section (one row per unit, `unit` naming them in the
    /// scores), or, with `by`, rows grouped by a period column that need not form a balanced panel (repeated
    /// cross-sections: ``EntropyOptions/perPeriod`` weights each period's rows). A balanced panel is passed as a
    /// ``Panel`` (``init(panel:indicators:groups:options:gapFilling:)``). Scores are in table order; a missing cell is
    /// an error naming the indicator and row.
    public init(table: DataTable, indicators: [Indicator], unit: String? = nil, by period: String? = nil, groups: [IndicatorGroup] = [],
                options: EntropyOptions = EntropyOptions()) throws(IndexError) {
        let input = try Input(table: table, indicators: indicators, unit: unit, by: period)
        try self.init(input, indicators: indicators, groups: groups, options: options)
    }

    init(_ input: Input, indicators: [Indicator], groups: [IndicatorGroup], options: EntropyOptions) throws(IndexError) {
        try self.init(values: input.values, indicators: indicators, groups: groups, units: input.units, times: input.times, options: options,
                      rows: input.rows, filled: input.filled)
    }

    /// The indicator values of a panel or of a table's rows, with their labels: what every computation on an
    /// indicator system (the index, the obstacle degrees, grey relational analysis) reads the same way.
    struct Input {
        var values: [[Double]]
        var units: [String]?
        var times: [String]?
        /// 1-based data rows.
        var rows: [Int]
        var filled: [FilledCell]

        /// A balanced panel, time-major, gaps filled first when asked.
        init(panel: Panel, indicators: [Indicator], gapFilling: PanelGapFilling?) throws(IndexError) {
            var data = panel.table
            filled = []
            if let gapFilling {
                let result = try gapFilling.fill(panel, variables: indicators.map(\.name))
                data = result.data
                filled = result.filled
            }
            let n = panel.unitCount
            let units = panel.rowOrder.indices.map { panel.units[$0 % n] }, times = panel.rowOrder.indices.map { panel.periods[$0 / n] }
            values = try Self.read(data, rows: panel.rowOrder, indicators: indicators, units: units, times: times)
            self.units = units
            self.times = times
            rows = panel.rowOrder.map { $0 + 1 }
        }

        /// The rows of a table in table order, labelled by the `unit` and `by` columns.
        init(table: DataTable, indicators: [Indicator], unit: String?, by period: String?) throws(IndexError) {
            units = try unit.map { c throws(IndexError) in try dataStep { () throws(DataError) in try table.strings(c) }.map(CSVReader.trimmed) }
            times = try period.map { c throws(IndexError) in try dataStep { () throws(DataError) in try table.strings(c) }.map(CSVReader.trimmed) }
            values = try Self.read(table, rows: Array(0..<table.rowCount), indicators: indicators, units: units, times: times)
            rows = (0..<table.rowCount).map { $0 + 1 }
            filled = []
        }

        /// Reads the indicators of `rows` (0-based, in that order) of `table`; `units` and `times` are the labels of
        /// those rows, in the same order.
        static func read(_ table: DataTable, rows order: [Int], indicators: [Indicator], units: [String]?, times: [String]?) throws(IndexError) -> [[Double]] {
            let cols = try indicators.map { ind throws(IndexError) in try dataStep { () throws(DataError) in try table.optionalNumbers(ind.name) } }
            var values = [[Double]]()
            values.reserveCapacity(order.count)
            for (k, r) in order.enumerated() {
                var row = [Double]()
                for (j, c) in cols.enumerated() {
                    guard let v = c[r] else {
                        throw .missingValue(variable: indicators[j].name, row: r + 1, unit: units?[k], period: times?[k])
                    }
                    row.append(v)
                }
                values.append(row)
            }
            return values
        }
    }

    /// The table form of earlier versions: with `unit` and `time`, the table read as a balanced panel.
    @available(*, deprecated, renamed: "init(panel:indicators:groups:options:gapFilling:)",
               message: "pass a panel as a Panel: CompositeIndex(panel: Panel(table:unit:time:), ...); rows of a table as CompositeIndex(table:indicators:unit:by:)")
    public init(table: DataTable, indicators: [Indicator], unit: String? = nil, time: String?,
                groups: [IndicatorGroup] = [], options: EntropyOptions = EntropyOptions(),
                gapFilling: PanelGapFilling? = nil) throws(IndexError) {
        if let unit, let time {
            let panel = try dataStep { () throws(DataError) in try Panel(table: table, unit: unit, time: time) }
            try self.init(panel: panel, indicators: indicators, groups: groups, options: options, gapFilling: gapFilling)
        } else {
            guard gapFilling == nil else { throw .invalidArgument("filling gaps needs both a unit and a time column") }
            try self.init(table: table, indicators: indicators, unit: unit, by: time, groups: groups, options: options)
        }
    }

    /// The indicator weights of one period (`nil`: the pooled weights).
    public func indicatorWeights(period: String?) -> [Weight] { indicatorWeights.filter { $0.period == period } }

    /// The normalised values x'_ij of the rows the index was computed from (`values` and `times` as given to
    /// ``init(values:indicators:groups:units:times:options:rows:filled:)``), from the ranges in ``indicatorWeights``:
    /// the same numbers the weights and scores were computed with.
    func normalizedValues(_ values: [[Double]], times: [String]?) -> [[Double]] {
        var range = [String: (Double, Double)]()
        for w in indicatorWeights { range["\(w.period ?? "")\u{1}\(w.indicator)"] = (w.min, w.max) }
        return values.enumerated().map { i, row in
            let period = options.perPeriod ? (times?[i] ?? "") : ""
            return row.enumerated().map { j, v in
                let (lo, hi) = range["\(period)\u{1}\(indicators[j].name)"] ?? (0, 1)
                return Self.normalized(v, indicators[j].direction, options.normalization, min: lo, max: hi)
            }
        }
    }

    /// Deprecated: renamed ``indicatorWeights``, since `weights` names the spatial W only.
    @available(*, deprecated, renamed: "indicatorWeights", message: "'weights' names the spatial W only")
    public var weights: [Weight] { indicatorWeights }

    /// The indicator weights of one period (`nil`: the pooled weights); renamed ``indicatorWeights(period:)``, since
    /// `weights` names the spatial W only.
    @available(*, deprecated, renamed: "indicatorWeights(period:)", message: "'weights' names the spatial W only")
    public func weights(period: String?) -> [Weight] { indicatorWeights(period: period) }

    private var methodNote: String {
        var w = ObjectiveWeights.name(options.weighting)
        switch options.weighting {
        case .cv: w += options.cvBasis == .raw ? " (V_j = s_j / mean_j of the raw values)" : " (V_j = s_j / mean_j of the normalised values)"
        case .critic: w += options.criticConflict == .signed ? " (C_j = s_j sum_k (1 - r_jk) on the normalised values)" : " (C_j = s_j sum_k (1 - |r_jk|) on the normalised values)"
        case .improvedCritic: w += " (C_j = (s_j / mean_j) sum_k (1 - |r_jk|) on the normalised values)"
        default: break
        }
        if let c = options.combination {
            let partner = c.partnerName + (c.given != nil ? " (rescaled to sum 1)" : "")
            let k = 1 + max(c.methods.count, c.given == nil ? 0 : 1)
            let sets = (1...k).map { "w\($0)" }
            switch c.rule {
            case .multiplicative: w += " combined multiplicatively with \(partner): w = \(sets.joined(separator: " ")) / sum \(sets.joined(separator: " "))"
            case .linear: w += " combined linearly with \(partner): w = " + zip(c.linearShares, sets).map { "\(Format.trimmed($0)) \($1)" }.joined(separator: " + ")
            case .gameTheory:
                let coef = combinationCoefficients.count == 1 ? combinationCoefficients[0].coefficients.map { Format.fixed($0, 4) }.joined(separator: ", ") : "per period"
                w += " combined with \(partner) by game theory: w = " + sets.enumerated().map { "a\($0.offset + 1) \($0.element)" }.joined(separator: " + ")
                    + ", a = |a| / sum |a| = (\(coef))"
            }
        }
        let norm = options.normalization == .minMax ? "min-max normalisation" : "ratio normalisation"
        let pooled = options.perPeriod ? "each period normalised and weighted separately" : (periods.isEmpty ? "cross-section" : "all units and periods normalised together")
        let shift = options.shift == 0 ? "no shift (0 ln 0 = 0)" : "shift \(Format.trimmed(options.shift)) before p_ij"
        return "\(w), \(norm), \(shift); \(pooled)" + (options.topsis ? "; entropy-TOPSIS closeness" : "")
    }

    /// The indicator system as papers print it: Dimension | Indicator | Direction | e | d | Weight, with a row per
    /// dimension holding its summed weight. With per-period weights: Indicator | Direction | one weight per period.
    public var indicatorTable: Table {
        if options.perPeriod {
            var t = Table(title: "Indicator weights by period", columns: ["Dimension", "Indicator", "Direction"] + periods)
            for ind in indicators {
                var row = [groups.first { $0.indicators.contains(ind.name) }?.name ?? "", ind.name, ind.direction.rawValue]
                for p in periods { row.append(indicatorWeights.first { $0.indicator == ind.name && $0.period == p }.map { Format.fixed($0.weight, 4) } ?? "") }
                t.rows.append(row)
            }
            for g in groups {
                t.rows.append([g.name, "(sum)", ""] + periods.map { p in groupWeights.first { $0.group == g.name && $0.period == p }.map { Format.fixed($0.weight, 4) } ?? "" })
            }
            t.notes = [methodNote + "."]
            return t
        }
        // The statistics columns follow the method: entropy (e, d), CV (s, V), CRITIC (s, conflict, C); a combination
        // adds the two sets' weights before the combined one.
        var statistics: [(String, (Weight) -> Double?)]
        switch options.weighting {
        case .entropy, .equal: statistics = [("Entropy e", { $0.entropy }), ("Divergence d", { $0.divergence })]
        case .cv: statistics = [("SD s", { $0.sd }), ("CV V", { $0.cv })]
        case .critic: statistics = [("SD s", { $0.sd }), ("Conflict", { $0.conflict }), ("Information C", { $0.information })]
        case .improvedCritic: statistics = [("SD s", { $0.sd }), ("CV V", { $0.cv }), ("Conflict", { $0.conflict }), ("Information C", { $0.information })]
        }
        if let c = options.combination {
            let k = 1 + max(c.methods.count, c.given == nil ? 0 : 1)
            statistics += (0..<k).map { i in ("w\(i + 1)", { $0.setWeights.flatMap { i < $0.count ? $0[i] : nil } }) }
        }
        var t = Table(title: "Indicator system and weights", columns: ["Dimension", "Indicator", "Direction"] + statistics.map(\.0) + ["Weight"])
        let ws = indicatorWeights(period: nil)
        func row(_ w: Weight, _ dim: String) -> [String] {
            [dim, w.indicator, w.direction.rawValue] + statistics.map { $0.1(w).map { Format.fixed($0, 4) } ?? "" } + [Format.fixed(w.weight, 4)]
        }
        for g in groups {
            let gw = groupWeights.first { $0.group == g.name && $0.period == nil }?.weight ?? 0
            t.rows.append([g.name + " (sum)", "", ""] + statistics.map { _ in "" } + [Format.fixed(gw, 4)])
            for name in g.indicators { if let w = ws.first(where: { $0.indicator == name }) { t.rows.append(row(w, "")) } }
        }
        for w in ws where w.group == nil { t.rows.append(row(w, groups.isEmpty ? "" : "(none)")) }
        t.notes = [methodNote + "."]
        return t
    }

    /// Scores by unit and year (one column per period, then the mean), or for a cross-section
    /// Unit | Score | dimensions | TOPSIS | Rank.
    public var scoreTable: Table {
        if !periods.isEmpty, scores.allSatisfy({ $0.unit != nil && $0.time != nil }) {
            var unitsInOrder = [String](), seen = Set<String>()
            for s in scores where seen.insert(s.unit ?? "").inserted { unitsInOrder.append(s.unit ?? "") }
            var lookup = [String: Double]()
            for s in scores { lookup["\(s.unit ?? "")\u{1}\(s.time ?? "")"] = s.score }
            var t = Table(title: "Composite index scores by year", columns: ["Unit"] + periods + ["Mean"])
            for u in unitsInOrder {
                let vals = periods.map { lookup["\(u)\u{1}\($0)"] }
                let present = vals.compactMap { $0 }
                t.rows.append([u] + vals.map { $0.map { Format.fixed($0, 4) } ?? "" } + [Format.fixed(present.reduce(0, +) / Double(max(present.count, 1)), 4)])
            }
            let means = periods.map { p -> String in
                let v = scores.filter { $0.time == p }.map(\.score)
                return Format.fixed(v.reduce(0, +) / Double(max(v.count, 1)), 4)
            }
            t.rows.append(["Mean"] + means + [Format.fixed(scores.map(\.score).reduce(0, +) / Double(max(scores.count, 1)), 4)])
            t.notes = [methodNote + "."]
            if !filled.isEmpty { t.notes.append("\(filled.count) missing cells filled before weighting (listed below).") }
            return t
        }
        var cols = ["Unit", "Score"] + groups.map(\.name)
        if options.topsis { cols.append("TOPSIS") }
        cols.append("Rank")
        var t = Table(title: "Composite index scores", columns: cols)
        let ranks = Dictionary(uniqueKeysWithValues: scores.indices.sorted { scores[$0].score > scores[$1].score }.enumerated().map { ($1, $0 + 1) })
        for (i, s) in scores.enumerated() {
            var row = [s.unit ?? (s.time.map { "\($0)" } ?? "row \(s.row)"), Format.fixed(s.score, 4)]
            row += groups.map { Format.fixed(s.groups[$0.name] ?? 0, 4) }
            if options.topsis { row.append(Format.fixed(s.topsis ?? .nan, 4)) }
            row.append("\(ranks[i] ?? 0)")
            t.rows.append(row)
        }
        t.notes = [methodNote + "."]
        return t
    }

    /// Mean dimension indices (S_ig / W_g, in [0, 1]) and the mean score by period (or over all units for a
    /// cross-section): the trend table of the sub-systems; `nil` without dimensions.
    public var dimensionTable: Table? {
        guard !groups.isEmpty else { return nil }
        var t = Table(title: "Dimension indices (mean over units)", columns: ["Period"] + groups.map(\.name) + ["Score"])
        for p in periods.isEmpty ? [nil] : periods.map(Optional.some) {
            let sel = scores.filter { p == nil || $0.time == p }
            let k = Double(max(sel.count, 1))
            t.rows.append([p ?? "all"] + groups.map { g in Format.fixed(sel.map { $0.groupIndices[g.name] ?? 0 }.reduce(0, +) / k, 4) }
                          + [Format.fixed(sel.map(\.score).reduce(0, +) / k, 4)])
        }
        t.notes = ["Dimension index = sum of its weighted normalised indicators / its summed weight (the entropy index of that dimension alone)."]
        return t
    }

    /// Indicator table, score table, dimension table and (if any) the filled cells.
    public var summary: String {
        var s = indicatorTable.text + "\n\n" + scoreTable.text
        if let d = dimensionTable { s += "\n\n" + d.text }
        if !filled.isEmpty {
            s += "\n\n" + FilledCell.table(filled).text
        }
        return s
    }
}
