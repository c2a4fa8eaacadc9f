import Foundation

/// LISA clusters over time: each unit's local Moran cluster (HH, LL, LH, HL or not significant) in every period,
/// how often it changes, and the counts of transitions between categories from one period to the next (the
/// unit-by-period table regional studies print beside the per-period cluster maps; Rey 2001's LISA Markov counts the
/// same transitions of the quadrants).
///
/// Built from per-period ``LocalMoran`` results (``AutocorrelationByPeriod`` with `local: true`, seeded per period):
/// a unit's label in period t is its cluster at `alpha` after `adjustment` (``LocalMoran/clusters(alpha:adjustment:usePermutation:)``),
/// matched by id (a unit missing from a period has no label there, and no transition into or out of it).
public struct LISAOverTime: Sendable, Codable, Equatable {
    /// One unit's history.
    public struct UnitHistory: Sendable, Codable, Equatable {
        /// The unit's id.
        public let id: String
        /// Its cluster label per period (`nil` where the unit is missing).
        public let clusters: [String?]
        /// Its Moran-scatterplot quadrant per period, significant or not (`nil` where missing).
        public let quadrants: [String?]
        /// The number of consecutive periods (both present) whose cluster labels differ.
        public let changes: Int
    }

    /// The periods, in order.
    public let periods: [String]
    /// The units (in the first period's order, then units first seen later).
    public let units: [UnitHistory]
    /// The categories, in the order of ``transitions``' rows and columns: HH, LL, LH, HL, not significant.
    public let categories: [String]
    /// `transitions[a][b]`: the number of (unit, t) with category a in period t and b in period t + 1.
    public let transitions: [[Int]]
    /// `quadrantTransitions[a][b]`: transitions between Moran-scatterplot quadrants, significant or not, in the order
    /// HH, LH, LL, HL (giddy's `LISA_Markov` transition counts, Rey 2001).
    public let quadrantTransitions: [[Int]]
    /// The significance level of the labels.
    public let alpha: Double
    /// The multiple-testing adjustment of the labels.
    public let adjustment: PValueAdjustment

    enum CodingKeys: String, CodingKey {
        case periods, units, categories, transitions, quadrantTransitions = "quadrant_transitions", alpha, adjustment
    }

    /// The history of `periods` (label, local Moran) in period order.
    /// - Parameters:
    ///   - periods: each period's label and its local Moran.
    ///   - alpha: the significance level of the cluster labels.
    ///   - adjustment: the multiple-testing adjustment within each period.
    /// - Throws: ``ExploratoryError/invalidArgument(_:)`` for no period or an alpha outside (0, 1).
    public init(periods: [(period: String, local: LocalMoran)], alpha: Double = 0.05, adjustment: PValueAdjustment = .none) throws(ExploratoryError) {
        guard !periods.isEmpty else { throw .invalidArgument("LISA over time needs at least one period") }
        guard alpha > 0 && alpha < 1 else { throw .invalidArgument("alpha must be in (0, 1), got \(alpha)") }
        let categories = ["HH", "LL", "LH", "HL", "not significant"]
        var order = [String](), seen = Set<String>()
        var labels = [[String: String]](), quads = [[String: String]]()
        for (_, lisa) in periods {
            let cl = lisa.clusters(alpha: alpha, adjustment: adjustment)
            var l = [String: String](), q = [String: String]()
            for (u, c) in zip(lisa.units, cl) {
                l[u.id] = c; q[u.id] = u.quadrant.rawValue
                if seen.insert(u.id).inserted { order.append(u.id) }
            }
            labels.append(l); quads.append(q)
        }
        var transitions = [[Int]](repeating: [Int](repeating: 0, count: categories.count), count: categories.count)
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var units = [UnitHistory]()
        let quadrantIndex = Dictionary(uniqueKeysWithValues: Quadrant.allCases.enumerated().map { ($1.rawValue, $0) })
        var quadrantTransitions = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        for id in order {
            let q = quads.map { $0[id] }
            for t in 1..<max(1, q.count) {
                if let a = q[t - 1].flatMap({ quadrantIndex[$0] }), let b = q[t].flatMap({ quadrantIndex[$0] }) { quadrantTransitions[a][b] += 1 }
            }
            let c = labels.map { $0[id] }
            var changes = 0
            for t in 1..<max(1, c.count) {
                if let a = c[t - 1], let b = c[t] {
                    if a != b { changes += 1 }
                    if let i = index[a], let j = index[b] { transitions[i][j] += 1 }
                }
            }
            units.append(UnitHistory(id: id, clusters: c, quadrants: quads.map { $0[id] }, changes: changes))
        }
        self.periods = periods.map(\.period)
        self.units = units
        self.categories = categories
        self.transitions = transitions
        self.quadrantTransitions = quadrantTransitions
        self.alpha = alpha
        self.adjustment = adjustment
    }

    /// The unit-by-period table: one row per unit, its cluster in each period and its number of changes.
    public var table: Table {
        var t = Table(title: "LISA clusters by period", columns: ["Unit"] + periods + ["Changes"])
        for u in units { t.rows.append([u.id] + u.clusters.map { $0.map(Self.short) ?? "" } + ["\(u.changes)"]) }
        t.notes = ["Local Moran clusters at p ≤ \(Format.fixed(alpha, 2))" + (adjustment == .none ? "" : " (\(adjustment.rawValue) adjusted)")
                   + "; ns = not significant; changes between consecutive periods."]
        return t
    }

    /// The transition counts between consecutive periods (rows: from; columns: to).
    public var transitionTable: Table {
        var t = Table(title: "LISA cluster transitions between consecutive periods", columns: ["From \\ to"] + categories.map(Self.short))
        for (a, row) in zip(categories, transitions) { t.rows.append([Self.short(a)] + row.map { "\($0)" }) }
        return t
    }

    static func short(_ label: String) -> String { label == "not significant" ? "ns" : label }

    /// Both tables as text.
    public var summary: String { table.text + "\n" + transitionTable.text }
}
