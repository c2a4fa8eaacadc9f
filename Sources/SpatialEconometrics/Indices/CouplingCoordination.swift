import Foundation

/// A classification of a value in [0, 1] into labelled classes by lower bounds: class k covers
/// `[lowerBounds[k], lowerBounds[k+1])`, the last class is closed at the top (a value on a boundary belongs to the
/// higher class). Papers differ in where they put the boundaries; pass your own to follow a given study.
public struct Classification: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The classification's name, as the tables print it.
    public let name: String
    /// Ascending lower bounds, one per label; the first is usually 0.
    public let lowerBounds: [Double]
    /// The classes' labels, one per lower bound, from the lowest class up.
    public let labels: [String]

    /// Throws unless the bounds are finite and strictly ascending and there is one label per bound.
    public init(name: String, lowerBounds: [Double], labels: [String]) throws(IndexError) {
        guard !labels.isEmpty, lowerBounds.count == labels.count else {
            throw .invalidArgument("classification '\(name)': \(lowerBounds.count) bounds for \(labels.count) labels")
        }
        for (a, b) in zip(lowerBounds, lowerBounds.dropFirst()) where !(a < b) {
            throw .invalidArgument("classification '\(name)': bounds must be strictly ascending (\(a) then \(b))")
        }
        guard lowerBounds.allSatisfy(\.isFinite) else { throw .invalidArgument("classification '\(name)': bounds must be finite") }
        self.name = name
        self.lowerBounds = lowerBounds
        self.labels = labels
    }

    init(unchecked name: String, _ pairs: [(Double, String)]) {
        self.name = name
        lowerBounds = pairs.map(\.0)
        labels = pairs.map(\.1)
    }

    /// The label of the class of `value` (values below the first bound get the first label).
    public func classify(_ value: Double) -> String {
        var k = 0
        for (i, b) in lowerBounds.enumerated() where value >= b { k = i }
        return labels[k]
    }

    /// `"[0, 0.1) extreme imbalance; [0.1, 0.2) ...; [0.9, 1] quality coordination"`.
    public var description: String {
        lowerBounds.indices.map { i in
            let lo = Format.trimmed(lowerBounds[i])
            let hi = i + 1 < lowerBounds.count ? Format.trimmed(lowerBounds[i + 1]) + ")" : "1]"
            return "[\(lo), \(hi) \(labels[i])"
        }.joined(separator: "; ")
    }

    /// The ten coordination levels of the coupling coordination degree D, in steps of 0.1 (Liao 1999 and the
    /// literature since): extreme imbalance, serious imbalance, moderate imbalance, mild imbalance, on the verge of
    /// imbalance, barely coordinated, primary, intermediate, good and quality coordination.
    public static let coordinationLevels = Classification(unchecked: "coordination level (D)", [
        (0.0, "extreme imbalance"), (0.1, "serious imbalance"), (0.2, "moderate imbalance"), (0.3, "mild imbalance"),
        (0.4, "on the verge of imbalance"), (0.5, "barely coordinated"), (0.6, "primary coordination"),
        (0.7, "intermediate coordination"), (0.8, "good coordination"), (0.9, "quality coordination"),
    ])

    /// The coupling stages of the coupling degree C: low-level coupling [0, 0.3), antagonism [0.3, 0.5),
    /// running-in [0.5, 0.8), high-level coupling [0.8, 1].
    public static let couplingStages = Classification(unchecked: "coupling stage (C)", [
        (0.0, "low-level coupling"), (0.3, "antagonism"), (0.5, "running-in"), (0.8, "high-level coupling"),
    ])
}

extension Format {
    /// A bound as short as possible: 0.1, 0.25, 1.
    static func trimmed(_ x: Double) -> String {
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// The coupling coordination degree model of m subsystems (e.g. economy–environment, digital economy–green
/// development) with subsystem scores U_1..U_m in [0, 1] (typically entropy-weighted indices, see ``CompositeIndex``):
///
/// - coupling degree `C = [prod_i U_i / (mean_i U_i)^m]^K`; the default `K = 1/m` gives the standard
///   `C = m [prod U_i / (sum U_i)^m]^(1/m)`, for two systems `C = 2 sqrt(U1 U2) / (U1 + U2)`; `K = 1` is the squared
///   variant some papers report (`C = U1 U2 / ((U1 + U2)/2)^2`); larger K are the "adjustment coefficient" variants.
///   C is in [0, 1] for every K > 0 (AM–GM). C = 0 when every U_i = 0.
/// - comprehensive development index `T = sum_i a_i U_i` with given weights a_i (sum 1; default equal)
/// - coupling coordination degree `D = sqrt(C T)`
/// - classes: ``Classification/coordinationLevels`` for D and ``Classification/couplingStages`` for C (configurable)
/// - relative development degree `E = U1 / U2` for two systems: E <= 0.8 system 1 lagging, 0.8 < E <= 1.2
///   synchronous, E > 1.2 system 2 lagging (bounds configurable); for m > 2 the system with the lowest score is
///   reported as lagging when min U / max U <= the lower bound (0.8), otherwise synchronous.
///
/// The three-system formula `[U1 U2 U3 / ((U1+U2)(U1+U3)(U2+U3))]^(1/3)` found in older papers is not offered: it
/// cannot reach 1 (Wang et al. 2021).
///
/// References: Liao, C. (1999), coupling coordination of environment and economy, *Tropical Geography* 19(2);
/// Wang, S., Kong, W., Ren, L., Zhi, D. and Dai, B. (2021), "Research on misuses and modification of coupling
/// coordination degree model in China", *Journal of Natural Resources* 36(3), 793–810.
///
/// ```swift
/// let c = CouplingCoordination.couplingDegree([0.4565, 0.5545], exponent: 1)   // 0.9906 (squared variant)
/// let cc = try CouplingCoordination(scores: [[0.4565, 0.5545]], systems: ["economy", "environment"])
/// print(cc.rows[0].D, cc.rows[0].coordinationClass)
/// ```
public struct CouplingCoordination: Sendable, Codable, Equatable {
    /// One observation (unit, period).
    public struct Row: Sendable, Codable, Equatable {
        /// The observation's unit (`nil` when none was given).
        public let unit: String?
        /// The observation's period (`nil` for a cross-section).
        public let time: String?
        /// The subsystem scores `U_1..U_m`, in the order of ``CouplingCoordination/systems``.
        public let scores: [Double]
        /// The coupling degree `C = [prod_i U_i / (mean_i U_i)^m]^K`.
        public let C: Double
        /// The comprehensive development index `T = sum_i a_i U_i`.
        public let T: Double
        /// The coupling coordination degree `D = sqrt(C T)`.
        public let D: Double
        /// Class of D (``CouplingCoordination/coordinationLevels``).
        public let coordinationClass: String
        /// Stage of C (``CouplingCoordination/couplingStages``).
        public let couplingStage: String
        /// U1 / U2 for two systems (`nil` for m > 2 or U2 = 0).
        public let relativeDevelopment: Double?
        /// "synchronous" or "<system> lagging".
        public let developmentType: String

        enum CodingKeys: String, CodingKey {
            case unit, time, scores = "U", C, T, D, coordinationClass = "class", couplingStage = "coupling_stage"
            case relativeDevelopment = "relative_development", developmentType = "development_type"
        }
    }

    /// The subsystems' names, in the order of each row's scores.
    public let systems: [String]
    /// a_i, the systems' weights in T = sum a_i U_i.
    public let systemWeights: [Double]
    /// K.
    public let exponent: Double
    /// The classes of D (default ``Classification/coordinationLevels``).
    public let coordinationLevels: Classification
    /// The stages of C (default ``Classification/couplingStages``).
    public let couplingStages: Classification
    /// Bounds of the synchronous band of E = U1/U2: (lower, upper].
    public let synchronousBand: [Double]
    /// One row per observation, in the order of the input.
    public let rows: [Row]

    /// `C = [prod U_i / (mean U)^m]^K`, default K = 1/m; 0 when every U_i is 0.
    public static func couplingDegree(_ u: [Double], exponent: Double? = nil) -> Double {
        let m = Double(u.count)
        guard m > 0 else { return .nan }
        let k = exponent ?? 1 / m
        let mean = u.reduce(0, +) / m
        guard mean > 0 else { return 0 }
        // Product of ratios U_i / mean, each <= m, so no underflow for moderate m.
        let ratio = u.reduce(1.0) { $0 * ($1 / mean) }
        return pow(ratio, k)
    }

    /// - Parameters:
    ///   - scores: one row per observation, one score per system, each in [0, 1].
    ///   - systems: the systems' names (at least two).
    ///   - systemWeights: a_i for T (non-negative, summing to 1); default equal weights 1/m.
    ///   - exponent: K (> 0); default 1/m.
    ///   - units: the rows' units (`nil`: none).
    ///   - times: the rows' periods (`nil`: none).
    ///   - coordinationLevels: the classes of D (default ``Classification/coordinationLevels``).
    ///   - couplingStages: the stages of C (default ``Classification/couplingStages``).
    ///   - synchronousBand: the (lower, upper] bounds of E = U1/U2 counted as synchronous; default [0.8, 1.2].
    ///   - rows: 1-based data rows for error messages (default 1...n).
    public init(scores: [[Double]], systems: [String], systemWeights: [Double]? = nil, exponent: Double? = nil,
                units: [String]? = nil, times: [String]? = nil,
                coordinationLevels: Classification = .coordinationLevels, couplingStages: Classification = .couplingStages,
                synchronousBand: [Double] = [0.8, 1.2], rows rowNumbers: [Int]? = nil) throws(IndexError) {
        let m = systems.count
        guard m >= 2 else { throw .tooFewObservations(what: "coupling coordination (systems)", needed: 2, got: m) }
        let a = systemWeights ?? [Double](repeating: 1 / Double(m), count: m)
        guard a.count == m else { throw .invalidArgument("\(a.count) weights for \(m) systems") }
        guard a.allSatisfy({ $0.isFinite && $0 >= 0 }), abs(a.reduce(0, +) - 1) <= 1e-6 else {
            throw .invalidArgument("the weights of T must be non-negative and sum to 1 (got \(a.map { Format.trimmed($0) }.joined(separator: ", ")))")
        }
        let k = exponent ?? 1 / Double(m)
        guard k.isFinite, k > 0 else { throw .invalidArgument("the exponent K must be positive (got \(k))") }
        guard synchronousBand.count == 2, synchronousBand[0] > 0, synchronousBand[0] < synchronousBand[1] else {
            throw .invalidArgument("the synchronous band must be two increasing positive bounds (got \(synchronousBand))")
        }
        if let units, units.count != scores.count { throw .invalidArgument("\(units.count) unit labels for \(scores.count) rows") }
        if let times, times.count != scores.count { throw .invalidArgument("\(times.count) period labels for \(scores.count) rows") }
        if let rowNumbers, rowNumbers.count != scores.count { throw .invalidArgument("\(rowNumbers.count) row numbers for \(scores.count) rows") }
        var out = [Row]()
        for (r, u) in scores.enumerated() {
            let rowNo = rowNumbers?[r] ?? r + 1
            guard u.count == m else { throw .invalidArgument("row \(rowNo) has \(u.count) scores for \(m) systems") }
            for (i, v) in u.enumerated() {
                guard v.isFinite else { throw .nonFinite(variable: systems[i], row: rowNo) }
                guard v >= 0, v <= 1 else { throw .outOfRange(variable: systems[i], row: rowNo, value: v, range: "[0, 1] (rescale the subsystem scores first)") }
            }
            let c = Self.couplingDegree(u, exponent: k)
            let t = zip(a, u).reduce(0) { $0 + $1.0 * $1.1 }
            let d = (c * t).squareRoot()
            var e: Double? = nil
            var type: String
            if m == 2 {
                if u[1] > 0 {
                    let ratio = u[0] / u[1]
                    e = ratio
                    type = ratio <= synchronousBand[0] ? "\(systems[0]) lagging" : ratio > synchronousBand[1] ? "\(systems[1]) lagging" : "synchronous"
                } else {
                    type = u[0] > 0 ? "\(systems[1]) lagging" : "synchronous"
                }
            } else {
                let lo = u.min() ?? 0, hi = u.max() ?? 0
                let lag = u.firstIndex(of: lo) ?? 0
                type = hi > 0 && lo / hi <= synchronousBand[0] ? "\(systems[lag]) lagging" : "synchronous"
            }
            out.append(Row(unit: units?[r], time: times?[r], scores: u, C: c, T: t, D: d,
                           coordinationClass: coordinationLevels.classify(d), couplingStage: couplingStages.classify(c),
                           relativeDevelopment: e, developmentType: type))
        }
        self.systems = systems
        self.systemWeights = a
        self.exponent = k
        self.coordinationLevels = coordinationLevels
        self.couplingStages = couplingStages
        self.synchronousBand = synchronousBand
        self.rows = out
    }

    /// Reads the system score columns of a balanced panel: rows time-major, in the panel's unit order, each labelled
    /// with its unit and period. Missing cells are errors naming the system, row, unit and period.
    public init(panel: Panel, systems: [String], systemWeights: [Double]? = nil, exponent: Double? = nil,
                coordinationLevels: Classification = .coordinationLevels, couplingStages: Classification = .couplingStages,
                synchronousBand: [Double] = [0.8, 1.2]) throws(IndexError) {
        let cols = try systems.map { s throws(IndexError) in try dataStep { () throws(DataError) in try panel.table.optionalNumbers(s) } }
        let n = panel.unitCount
        var scores = [[Double]]()
        scores.reserveCapacity(panel.rowOrder.count)
        for (k, r) in panel.rowOrder.enumerated() {
            var row = [Double]()
            for (j, c) in cols.enumerated() {
                guard let v = c[r] else {
                    throw .missingValue(variable: systems[j], row: r + 1, unit: panel.units[k % n], period: panel.periods[k / n])
                }
                row.append(v)
            }
            scores.append(row)
        }
        try self.init(scores: scores, systems: systems, systemWeights: systemWeights, exponent: exponent,
                      units: panel.rowOrder.indices.map { panel.units[$0 % n] }, times: panel.rowOrder.indices.map { panel.periods[$0 / n] },
                      coordinationLevels: coordinationLevels, couplingStages: couplingStages, synchronousBand: synchronousBand,
                      rows: panel.rowOrder.map { $0 + 1 })
    }

    /// Reads the system score columns of a table, row by row in table order, with optional unit and period labels
    /// copied to each row (the rows need not form a balanced panel; a panel can be passed as such:
    /// ``init(panel:systems:systemWeights:exponent:coordinationLevels:couplingStages:synchronousBand:)``). Missing
    /// cells are errors naming the system and row.
    public init(table: DataTable, systems: [String], systemWeights: [Double]? = nil, exponent: Double? = nil,
                unit: String? = nil, time: String? = nil,
                coordinationLevels: Classification = .coordinationLevels, couplingStages: Classification = .couplingStages,
                synchronousBand: [Double] = [0.8, 1.2]) throws(IndexError) {
        let cols = try systems.map { s throws(IndexError) in try dataStep { () throws(DataError) in try table.optionalNumbers(s) } }
        let units = try unit.map { c throws(IndexError) in try dataStep { () throws(DataError) in try table.strings(c) } }
        let times = try time.map { c throws(IndexError) in try dataStep { () throws(DataError) in try table.strings(c) } }
        var scores = [[Double]]()
        for r in 0..<table.rowCount {
            var row = [Double]()
            for (j, c) in cols.enumerated() {
                guard let v = c[r] else {
                    throw .missingValue(variable: systems[j], row: r + 1, unit: units?[r], period: times?[r])
                }
                row.append(v)
            }
            scores.append(row)
        }
        try self.init(scores: scores, systems: systems, systemWeights: systemWeights, exponent: exponent, units: units, times: times,
                      coordinationLevels: coordinationLevels, couplingStages: couplingStages, synchronousBand: synchronousBand)
    }

    enum CodingKeys: String, CodingKey {
        case systems, systemWeights = "weights", exponent, coordinationLevels, couplingStages, synchronousBand, rows
    }

    /// Deprecated: renamed ``systemWeights``, since `weights` names the spatial W only.
    @available(*, deprecated, renamed: "systemWeights", message: "'weights' names the spatial W only")
    public var weights: [Double] { systemWeights }

    /// Deprecated: `weights` is now `systemWeights`
    /// (``init(scores:systems:systemWeights:exponent:units:times:coordinationLevels:couplingStages:synchronousBand:rows:)``),
    /// since `weights` names the spatial W only.
    @available(*, deprecated, renamed: "init(scores:systems:systemWeights:exponent:units:times:coordinationLevels:couplingStages:synchronousBand:rows:)",
               message: "'weights' names the spatial W only")
    public init(scores: [[Double]], systems: [String], weights: [Double]?, exponent: Double? = nil,
                units: [String]? = nil, times: [String]? = nil,
                coordinationLevels: Classification = .coordinationLevels, couplingStages: Classification = .couplingStages,
                synchronousBand: [Double] = [0.8, 1.2], rows rowNumbers: [Int]? = nil) throws(IndexError) {
        try self.init(scores: scores, systems: systems, systemWeights: weights, exponent: exponent, units: units, times: times,
                      coordinationLevels: coordinationLevels, couplingStages: couplingStages, synchronousBand: synchronousBand, rows: rowNumbers)
    }

    /// Deprecated: `weights` is now `systemWeights`
    /// (``init(table:systems:systemWeights:exponent:unit:time:coordinationLevels:couplingStages:synchronousBand:)``),
    /// since `weights` names the spatial W only.
    @available(*, deprecated, renamed: "init(table:systems:systemWeights:exponent:unit:time:coordinationLevels:couplingStages:synchronousBand:)",
               message: "'weights' names the spatial W only")
    public init(table: DataTable, systems: [String], weights: [Double]?, exponent: Double? = nil,
                unit: String? = nil, time: String? = nil,
                coordinationLevels: Classification = .coordinationLevels, couplingStages: Classification = .couplingStages,
                synchronousBand: [Double] = [0.8, 1.2]) throws(IndexError) {
        try self.init(table: table, systems: systems, systemWeights: weights, exponent: exponent, unit: unit, time: time,
                      coordinationLevels: coordinationLevels, couplingStages: couplingStages, synchronousBand: synchronousBand)
    }

    /// The formula in words, for table notes.
    public var formula: String {
        let m = systems.count
        let kText = abs(exponent - 1 / Double(m)) < 1e-12 ? "1/\(m) (standard)" : Format.trimmed(exponent) + (exponent == 1 ? " (squared variant)" : "")
        return "C = [prod U_i / (mean U)^\(m)]^K with K = \(kText); T = " +
            zip(systemWeights, systems).map { "\(Format.trimmed($0)) \($1)" }.joined(separator: " + ") + "; D = sqrt(C T)"
    }

    /// The paper table: [Unit |] [Year |] U_1..U_m | C | T | D | coupling stage | coordination level | type, with
    /// the formula and the class thresholds in the notes.
    public var table: Table {
        let hasUnit = rows.contains { $0.unit != nil }, hasTime = rows.contains { $0.time != nil }
        var cols = [String]()
        if hasUnit { cols.append("Unit") }
        if hasTime { cols.append("Year") }
        if cols.isEmpty { cols.append("Row") }
        cols += systems + ["C", "T", "D", "Coupling stage", "Coordination level", "Type"]
        var t = Table(title: "Coupling coordination degree of " + systems.joined(separator: ", "), columns: cols)
        for (i, r) in rows.enumerated() {
            var row = [String]()
            if hasUnit { row.append(r.unit ?? "") }
            if hasTime { row.append(r.time ?? "") }
            if !hasUnit && !hasTime { row.append("\(i + 1)") }
            row += r.scores.map { Format.fixed($0, 4) }
            row += [Format.fixed(r.C, 4), Format.fixed(r.T, 4), Format.fixed(r.D, 4), r.couplingStage, r.coordinationClass, r.developmentType]
            t.rows.append(row)
        }
        t.notes = [formula + " (Wang et al. 2021).",
                   "Coupling stages of C: " + couplingStages.description + ".",
                   "Coordination levels of D: " + coordinationLevels.description + ".",
                   systems.count == 2
                       ? "Type from E = \(systems[0])/\(systems[1]): E <= \(Format.trimmed(synchronousBand[0])) \(systems[0]) lagging, E > \(Format.trimmed(synchronousBand[1])) \(systems[1]) lagging, otherwise synchronous."
                       : "Type: the lowest-scoring system lags when min/max U <= \(Format.trimmed(synchronousBand[0])), otherwise synchronous."]
        return t
    }

    /// ``table`` as plain text.
    public var summary: String { table.text }
}
