import Foundation

/// A discrete first-order Markov chain of class transitions over consecutive periods: Quah's (1993) distribution
/// dynamics, Rey's (2001) regional income mobility; giddy's `Markov`.
///
/// With `n_ij` the number of unit-period transitions from class `i` at `t` to class `j` at `t + 1` (all units, all
/// consecutive pairs of periods pooled), the maximum-likelihood transition probabilities are
/// `p_ij = n_ij / n_i` with `n_i = sum_j n_ij` (Anderson & Goodman 1957). A class no unit leaves from (`n_i = 0`) is
/// an *empty class*: its row has no probabilities (nil, not zeros).
///
/// The chain is *ergodic* here when it is irreducible (every class reaches every other with positive probability,
/// no empty class); then the steady state `pi` is the unique solution of `pi P = pi`, `sum pi = 1` (solved as
/// `pi (I - P + 1 1') = 1'`), and the mean first passage times are Kemeny & Snell's (1976)
/// `M = (I - Z + E Z_dg) D`, `Z = (I - P + 1 pi')^-1`, `D = diag(1 / pi)` (the diagonal is the mean recurrence
/// time `1 / pi_i`), as giddy's `mfpt` of an ergodic chain. A chain that is not irreducible has no steady state and
/// no passage times here: the result says so and lists its recurrent (closed) classes.
///
/// Mobility: Shorrocks (1978) `M = (K - tr P) / (K - 1)` (0 immobile, 1 and above mobile) and Prais'
/// `1 - p_ii` per class (giddy `prais`); the expected sojourn in class `i` is `1 / (1 - p_ii)` (infinite, nil, when
/// `p_ii = 1`).
///
/// ```swift
/// let chain = try MarkovChain(classIDs: [[0, 0, 1], [1, 1, 0], [0, 1, 1]], classCount: 2)
/// print(chain.probabilities, chain.steadyState ?? [])
/// ```
public struct MarkovChain: Sendable, Codable, Equatable {
    /// Number of classes K.
    public let classCount: Int
    /// Class labels (`"1"`..`"K"`, or quadrant names for ``LISAMarkov``).
    public let classLabels: [String]
    /// Upper bounds of the classes: one list for pooled quantiles or given breaks, one per period for per-period
    /// quantiles; nil when the class ids were given.
    public let classBounds: [[Double]]?
    /// The units, in the order of the rows of ``classIDs``.
    public let units: [String]
    /// The periods, in order (numeric periods sorted numerically).
    public let periods: [String]
    /// `classIDs[i][t]`: the class (0-based) of unit `i` in period `t`.
    public let classIDs: [[Int]]
    /// `n_ij`, K x K.
    public let transitions: [[Int]]
    /// `p_ij`; nil rows for empty classes.
    public let probabilities: [[Double]?]
    /// Classes with no transitions out of them (0-based).
    public let emptyClasses: [Int]
    /// Irreducible with no empty class.
    public let isErgodic: Bool
    /// The closed communicating classes (0-based class indices), each sorted.
    public let recurrentClasses: [[Int]]
    /// The steady state, for an ergodic chain.
    public let steadyState: [Double]?
    /// Mean first passage times (row: from, column: to), for an ergodic chain.
    public let meanFirstPassageTimes: [[Double]]?
    /// Shorrocks' index (nil with an empty class).
    public let shorrocks: Double?
    /// Prais' `1 - p_ii` per class (nil for an empty class).
    public let prais: [Double?]
    /// Expected sojourn `1 / (1 - p_ii)` per class (nil for an empty class or `p_ii = 1`).
    public let sojournTimes: [Double?]
    /// What a reader must know (collapsed quantile classes, empty classes, a chain that is not ergodic).
    public let warnings: [String]

    /// The chain of given class ids (`classIDs[i][t]` for unit `i`, period `t`).
    /// - Throws: ``DynamicsError`` for fewer than two periods, ragged rows, or a class outside `0..<classCount`
    ///   (naming the unit and period).
    public init(classIDs: [[Int]], classCount: Int, units: [String]? = nil, periods: [String]? = nil,
                classLabels: [String]? = nil, classBounds: [[Double]]? = nil, warnings: [String] = []) throws(DynamicsError) {
        let n = classIDs.count
        guard n >= 1 else { throw .tooFewObservations(what: "Markov chain units", needed: 1, got: 0) }
        let t = classIDs[0].count
        guard t >= 2 else { throw .tooFewObservations(what: "Markov chain periods", needed: 2, got: t) }
        guard classCount >= 1 else { throw .invalidArgument("classCount must be positive") }
        let units = units ?? (1...n).map(String.init), periods = periods ?? (1...t).map(String.init)
        guard units.count == n, periods.count == t else { throw .invalidArgument("\(units.count) unit names and \(periods.count) period names for \(n) x \(t) class ids") }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (i, row) in classIDs.enumerated() {
            guard row.count == t else { throw .invalidArgument("unit '\(units[i])' has \(row.count) periods, the first unit \(t)") }
            for (s, c) in row.enumerated() where c < 0 || c >= classCount {
                throw .classOutOfRange(unit: units[i], period: periods[s], classID: c, classCount: classCount)
            }
            for s in 0..<(t - 1) { counts[row[s]][row[s + 1]] += 1 }
        }
        self.classCount = classCount
        let labels = classLabels ?? (1...classCount).map(String.init)
        self.classLabels = labels
        self.classBounds = classBounds
        self.units = units; self.periods = periods; self.classIDs = classIDs
        let chain = MarkovChainSummary(counts: counts)
        transitions = counts
        probabilities = chain.probabilities
        emptyClasses = chain.emptyClasses
        isErgodic = chain.isErgodic
        recurrentClasses = chain.recurrentClasses
        steadyState = chain.steadyState
        meanFirstPassageTimes = chain.meanFirstPassageTimes
        shorrocks = chain.shorrocks
        prais = chain.prais
        sojournTimes = chain.sojournTimes
        var notes = warnings
        if !chain.emptyClasses.isEmpty {
            notes.append("class\(chain.emptyClasses.count > 1 ? "es" : "") \(chain.emptyClasses.map { labels[$0] }.joined(separator: ", ")) never occur\(chain.emptyClasses.count > 1 ? "" : "s") before the last period: no transition probabilities, no steady state")
        } else if !chain.isErgodic {
            notes.append("the chain is not irreducible (recurrent classes \(chain.recurrentClasses.map { "{" + $0.map { labels[$0] }.joined(separator: ",") + "}" }.joined(separator: " "))): no unique steady state")
        }
        self.warnings = notes
    }

    /// The chain of `variable` in a balanced panel, classed by `classes`; `relative` divides each value by its
    /// period's cross-section mean first (Quah's relative income).
    /// - Throws: ``DynamicsError`` naming the unit and period of a missing or non-finite value, or a period whose
    ///   mean is 0 with `relative`.
    public init(panel: Panel, variable: String, classes: MarkovClasses = .pooledQuantiles(5), relative: Bool = false) throws(DynamicsError) {
        let y = try Self.values(panel: panel, variable: variable, relative: relative)
        let (ids, k, bounds, warnings) = try Self.classify(y, classes: classes, periods: panel.periods)
        try self.init(classIDs: ids, classCount: k, units: panel.units, periods: panel.periods, classBounds: bounds, warnings: warnings)
    }

    /// The chain of `variable` in the rows of `table`, a balanced panel of `unit` by `time`, with the units in the
    /// canonical order (ids sorted, numerically when all are integers), so the result does not depend on the order
    /// of the rows.
    /// - Throws: ``DynamicsError`` (``DynamicsError/data(_:)`` names an unbalanced panel's unit and period).
    public init(table: DataTable, unit: String, time: String, variable: String, classes: MarkovClasses = .pooledQuantiles(5),
                relative: Bool = false) throws(DynamicsError) {
        try self.init(panel: Self.canonicalPanel(table: table, unit: unit, time: time), variable: variable, classes: classes, relative: relative)
    }

    /// The balanced panel of `table` with its units in the canonical order (ids sorted, numerically when all are
    /// integers), so that nothing computed from it depends on the order of the rows.
    /// - Throws: ``DynamicsError/data(_:)`` naming a missing cell, a duplicated unit-period or a missing observation.
    public static func canonicalPanel(table: DataTable, unit: String, time: String) throws(DynamicsError) -> Panel {
        do {
            let ids = Array(Set(try table.strings(unit).map(CSVReader.trimmed)))
            return try Panel(table: table, unit: unit, time: time, unitOrder: UnitMatching.canonicalOrder(ids).map { ids[$0] })
        } catch { throw .data(error) }
    }

    /// `y[i][t]` of a panel (relative to each period's mean when asked).
    static func values(panel: Panel, variable: String, relative: Bool) throws(DynamicsError) -> [[Double]] {
        var y = [[Double]](repeating: [Double](repeating: 0, count: panel.periodCount), count: panel.unitCount)
        for t in 0..<panel.periodCount {
            let v: [Double]
            do { v = try panel.numbers(variable, period: t) } catch { throw .data(error) }
            for i in 0..<panel.unitCount {
                guard v[i].isFinite else { throw .nonFinite(what: "\(variable), unit '\(panel.units[i])', period '\(panel.periods[t])'") }
            }
            var mean = 1.0
            if relative {
                mean = v.reduce(0, +) / Double(v.count)
                guard mean != 0, mean.isFinite else { throw .invalidArgument("period '\(panel.periods[t])': the mean of \(variable) is 0, so values cannot be relative to it") }
            }
            for i in 0..<panel.unitCount { y[i][t] = relative ? v[i] / mean : v[i] }
        }
        return y
    }

    /// Class ids of `y[i][t]` by a ``MarkovClasses`` rule, with the number of classes and their bounds.
    static func classify(_ y: [[Double]], classes: MarkovClasses, periods: [String]) throws(DynamicsError) -> ([[Int]], Int, [[Double]], [String]) {
        let n = y.count, t = y.first?.count ?? 0
        switch classes {
        case .pooledQuantiles(let k):
            // numpy's flatten of the n x t array: unit-major (the order does not change quantiles)
            let b = try QuantileClassifier.upperBounds(y.flatMap { $0 }, classes: k)
            let w = b.count < k ? ["ties collapse the \(k) pooled quantile classes to \(b.count)"] : []
            return (y.map { $0.map { QuantileClassifier.classify($0, upperBounds: b) } }, b.count, [b], w)
        case .periodQuantiles(let k):
            var ids = [[Int]](repeating: [Int](repeating: 0, count: t), count: n), bounds = [[Double]]()
            for s in 0..<t {
                let b = try QuantileClassifier.upperBounds((0..<n).map { y[$0][s] }, classes: k)
                guard b.count == k else { throw .invalidArgument("period '\(periods[s])': ties collapse the \(k) quantile classes to \(b.count)") }
                bounds.append(b)
                for i in 0..<n { ids[i][s] = QuantileClassifier.classify(y[i][s], upperBounds: b) }
            }
            return (ids, k, bounds, [])
        case .breaks(let b):
            guard !b.isEmpty, b.allSatisfy(\.isFinite), zip(b, b.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw .invalidArgument("class breaks must be finite and strictly increasing, got \(b)")
            }
            let bounds = b + [.infinity]
            return (y.map { $0.map { QuantileClassifier.classify($0, upperBounds: bounds) } }, bounds.count, [b], [])
        }
    }

    /// The transition matrix as papers print it: rows the class at t, columns at t + 1, with each row's count
    /// `n_i`, then the steady state and the mobility indices.
    public var table: Table {
        var t = Table(title: "Markov transition probabilities (\(classCount) classes, \(units.count) units, \(periods.first ?? "")–\(periods.last ?? ""))",
                      columns: ["t \\ t+1", "n"] + classLabels)
        for i in 0..<classCount {
            t.rows.append([classLabels[i], String(transitions[i].reduce(0, +))] +
                          (probabilities[i].map { $0.map { String(format: "%.4f", $0) } } ?? Array(repeating: "—", count: classCount)))
        }
        if let s = steadyState { t.rows.append(["steady state", ""] + s.map { String(format: "%.4f", $0) }) }
        t.rows.append(["Prais 1 - p_ii", ""] + prais.map { $0.map { String(format: "%.4f", $0) } ?? "—" })
        t.notes = ["Shorrocks M = (K - tr P)/(K - 1) = " + (shorrocks.map { String(format: "%.4f", $0) } ?? "— (empty class)") + "."]
            + (steadyState == nil ? ["No steady state: " + (warnings.last ?? "the chain is not ergodic") + "."] : [])
            + warnings.dropLast(steadyState == nil ? 1 : 0)
        if let b = classBounds, b.count == 1 {
            t.notes.append("Class upper bounds: " + b[0].map { String(format: "%.6g", $0) }.joined(separator: ", ") + ".")
        }
        return t
    }

    /// ``table`` as text.
    public var summary: String { table.text }
}

/// The numbers of a transition-count matrix: probabilities, reducibility, steady state, passage times, mobility.
struct MarkovChainSummary {
    let probabilities: [[Double]?]
    let emptyClasses: [Int]
    let isErgodic: Bool
    let recurrentClasses: [[Int]]
    let steadyState: [Double]?
    let meanFirstPassageTimes: [[Double]]?
    let shorrocks: Double?
    let prais: [Double?]
    let sojournTimes: [Double?]

    init(counts: [[Int]]) {
        let k = counts.count
        let rowSums = counts.map { $0.reduce(0, +) }
        probabilities = (0..<k).map { i in rowSums[i] == 0 ? nil : counts[i].map { Double($0) / Double(rowSums[i]) } }
        emptyClasses = (0..<k).filter { rowSums[$0] == 0 }
        // reachability (transitive closure) on p_ij > 0; an empty class is treated as absorbing, as giddy fills it
        var reach = (0..<k).map { i in (0..<k).map { j in i == j || counts[i][j] > 0 } }
        for m in 0..<k { for i in 0..<k where reach[i][m] { for j in 0..<k where reach[m][j] { reach[i][j] = true } } }
        var seen = Set<Int>(), closed = [[Int]]()
        for i in 0..<k where !seen.contains(i) {
            let cls = (0..<k).filter { reach[i][$0] && reach[$0][i] }
            seen.formUnion(cls)
            // closed: nothing outside the class is reachable from it
            if cls.allSatisfy({ a in (0..<k).allSatisfy { b in !reach[a][b] || cls.contains(b) } }) { closed.append(cls) }
        }
        recurrentClasses = closed
        let irreducible = closed.count == 1 && closed[0].count == k
        isErgodic = irreducible && emptyClasses.isEmpty
        let p = probabilities.map { $0 ?? [] }
        if isErgodic, let pi = Self.steadyState(p) {
            steadyState = pi
            meanFirstPassageTimes = Self.passageTimes(p, pi)
        } else {
            steadyState = nil; meanFirstPassageTimes = nil
        }
        shorrocks = emptyClasses.isEmpty && k > 1 ? (Double(k) - (0..<k).reduce(0.0) { $0 + p[$1][$1] }) / Double(k - 1) : nil
        let probs = probabilities
        prais = (0..<k).map { i in probs[i].map { 1 - $0[i] } }
        sojournTimes = (0..<k).map { i in probs[i].flatMap { $0[i] < 1 ? 1 / (1 - $0[i]) : nil } }
    }

    /// `pi (I - P + J) = 1'`, J all ones.
    static func steadyState(_ p: [[Double]]) -> [Double]? {
        let k = p.count
        // transpose: (I - P + J)' pi' = 1
        var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k { for j in 0..<k { a[i][j] = (i == j ? 1.0 : 0.0) - p[j][i] + 1 } }
        guard var x = Self.solve(&a, [Double](repeating: 1, count: k)) else { return nil }
        let s = x.reduce(0, +)
        x = x.map { $0 / s }
        return x
    }

    static func passageTimes(_ p: [[Double]], _ pi: [Double]) -> [[Double]]? {
        let k = p.count
        var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k { for j in 0..<k { a[i][j] = (i == j ? 1.0 : 0.0) - p[i][j] + pi[j] } }
        guard let z = Self.inverse(a) else { return nil }
        var m = a
        for i in 0..<k { for j in 0..<k { m[i][j] = ((i == j ? 1.0 : 0.0) - z[i][j] + z[j][j]) / pi[j] } }
        return m
    }

    /// Gaussian elimination with partial pivoting (k is small); nil when singular.
    static func solve(_ a: inout [[Double]], _ b: [Double]) -> [Double]? {
        let k = a.count
        var b = b
        for c in 0..<k {
            guard let piv = (c..<k).max(by: { abs(a[$0][c]) < abs(a[$1][c]) }), abs(a[piv][c]) > 1e-300 else { return nil }
            a.swapAt(c, piv); b.swapAt(c, piv)
            for r in (c + 1)..<max(k, c + 1) where r < k {
                let f = a[r][c] / a[c][c]
                if f == 0 { continue }
                for j in c..<k { a[r][j] -= f * a[c][j] }
                b[r] -= f * b[c]
            }
        }
        var x = [Double](repeating: 0, count: k)
        for r in stride(from: k - 1, through: 0, by: -1) {
            var s = b[r]
            for j in (r + 1)..<max(k, r + 1) where j < k { s -= a[r][j] * x[j] }
            x[r] = s / a[r][r]
        }
        return x
    }

    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        let k = a.count
        var cols = [[Double]]()
        for j in 0..<k {
            var m = a
            guard let x = solve(&m, (0..<k).map { $0 == j ? 1 : 0 }) else { return nil }
            cols.append(x)
        }
        return (0..<k).map { i in (0..<k).map { j in cols[j][i] } }
    }
}
