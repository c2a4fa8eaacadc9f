import Foundation

/// How the weights of a period are formed from W when only some units are observed in it.
public enum UnbalancedWeights: String, Sendable, Codable, CaseIterable {
    /// `W_t` = W restricted to the units observed in period t with W's transformation applied again
    /// (``SpatialWeights/subset(ids:)``, spdep's `subset.listw`): row-standardised W gets rows that sum to one over the
    /// observed neighbours. The default: a row-standardised W stays row-standardised in every period.
    case renormalized
    /// `W_t` = W restricted to the observed units, the weights kept as they are in W (the rows of a row-standardised
    /// W then sum to less than one where a neighbour is missing: Wang & Lee 2013's treatment of a missing y).
    case restricted
}

/// The exact projection off the unit and period dummies of an unbalanced panel, `M_D v = v - D (D'D)^- D'v`, D = the
/// dummies of the observed cells (Wansbeek & Kapteyn 1989; Baltagi 2021, sec. 9.3).
///
/// With `T_i` the periods of unit i, `N_t` the units of period t and C the N x T incidence (c_it = 1 when observed),
/// the two-way normal equations `diag(T_i) a + C b = D_N'v`, `C'a + diag(N_t) b = D_T'v` reduce, eliminating a, to the
/// T x T Schur complement `S = diag(N_t) - C' diag(1/T_i) C`, `S b = D_T'v - C' diag(1/T_i) D_N'v`. S has the null
/// vector 1 (the dummies' one collinearity) when the bipartite unit-period graph is connected: the last period's b is
/// fixed at 0 and the leading (T-1) x (T-1) block, positive definite, is factorised once (Cholesky). Then
/// `a_i = (D_N'v - C b)_i / T_i` and `M_D v = v - a_unit - b_period`. Balanced, this is
/// `v - unit mean - period mean + grand mean`. Individual or time effects alone: the unit or the period means over the
/// observed cells.
///
/// - Complexity: O(sum_i T_i^2 + T^3) once; O(observed cells + T^2) per vector.
struct UnbalancedProjection: Sendable {
    let effects: PanelEffects
    let unitOfCell: [Int], periodOfCell: [Int]
    let unitCount: Int, periodCount: Int
    let unitCells: [Double], periodCells: [Double]
    /// The Cholesky factor of the leading (T-1) x (T-1) block of S (two-way effects).
    let schur: Cholesky?

    /// Throws when the two-way design is not connected (the effects would have more than one collinearity).
    init(panel: UnbalancedPanel, effects: PanelEffects) throws(ModelError) {
        self.effects = effects
        let cells = panel.cells
        unitOfCell = cells.map(\.unit); periodOfCell = cells.map(\.period)
        let n = panel.unitCount, t = panel.periodCount
        unitCount = n; periodCount = t
        var tu = [Double](repeating: 0, count: n), nt = [Double](repeating: 0, count: t)
        for c in cells { tu[c.unit] += 1; nt[c.period] += 1 }
        unitCells = tu; periodCells = nt
        guard effects == .twoways, t > 1 else { schur = nil; return }
        // Connectivity of the unit-period graph (union-find over units + periods).
        var parent = Array(0..<(n + t))
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for c in cells { let a = find(c.unit), b = find(n + c.period); if a != b { parent[a] = b } }
        let root = find(n)
        if let p = (0..<t).first(where: { find(n + $0) != root }) {
            throw .invalidArgument("the unit-period design is not connected: no chain of observed cells links period '\(panel.periods[0])' to period "
                + "'\(panel.periods[p])' through shared units, so two-way effects are not identified together; fit the connected parts separately")
        }
        var periodsOfUnit = [[Int]](repeating: [], count: n)
        for c in cells { periodsOfUnit[c.unit].append(c.period) }
        let m = t - 1
        var s = Matrix(rows: m, columns: m)
        for p in 0..<m { s[p, p] = nt[p] }
        for i in 0..<n where tu[i] > 0 {
            let inv = 1 / tu[i]
            for p in periodsOfUnit[i] where p < m { for q in periodsOfUnit[i] where q < m { s[p, q] -= inv } }
        }
        do { schur = try Cholesky(s) } catch {
            throw .numerical("the Schur complement of the two-way dummies is not positive definite (\(error))")
        }
    }

    /// `M_D v` for a vector over the observed cells (time-major).
    func apply(_ v: [Double]) -> [Double] {
        guard effects != .none else { return v }
        let (a, b) = dummyCoefficients(v)
        var out = v
        for k in v.indices { out[k] -= a[unitOfCell[k]] + b[periodOfCell[k]] }
        return out
    }

    /// The least-squares coefficients of v on the unit dummies (a) and period dummies (b) of the observed cells, b of
    /// the last period 0 in the two-way case: `(I - M_D) v = a[unit] + b[period]`. Units (periods) without a cell get 0.
    func dummyCoefficients(_ v: [Double]) -> (units: [Double], periods: [Double]) {
        var su = [Double](repeating: 0, count: unitCount), st = [Double](repeating: 0, count: periodCount)
        for k in v.indices { su[unitOfCell[k]] += v[k]; st[periodOfCell[k]] += v[k] }
        var a = [Double](repeating: 0, count: unitCount), b = [Double](repeating: 0, count: periodCount)
        switch effects {
        case .none: return (a, b)
        case .individual:
            for i in 0..<unitCount where unitCells[i] > 0 { a[i] = su[i] / unitCells[i] }
        case .time:
            for p in 0..<periodCount where periodCells[p] > 0 { b[p] = st[p] / periodCells[p] }
        case .twoways:
            if let schur {
                let m = periodCount - 1
                var rhs = Array(st[0..<m])
                for k in v.indices where periodOfCell[k] < m { rhs[periodOfCell[k]] -= su[unitOfCell[k]] / unitCells[unitOfCell[k]] }
                if let sol = try? schur.solve(rhs) { for p in 0..<m { b[p] = sol[p] } }
            }
            var cb = [Double](repeating: 0, count: unitCount)
            for k in v.indices { cb[unitOfCell[k]] += b[periodOfCell[k]] }
            for i in 0..<unitCount where unitCells[i] > 0 { a[i] = (su[i] - cb[i]) / unitCells[i] }
        }
        return (a, b)
    }
}

/// `sum_g m_g ln|I - s W_g|`: the Jacobian of an unbalanced panel, one log-determinant per distinct set of observed
/// units with the number of periods that share it (Wang & Lee 2013; the balanced panel is one term with m = T).
/// Its interval is the intersection of the terms' intervals; its traces are the weighted sums of theirs.
struct SummedLogDeterminant: LogDeterminant {
    let terms: [(logDeterminant: any LogDeterminant, multiplicity: Double)]
    let interval: ClosedRange<Double>

    init(_ terms: [(logDeterminant: any LogDeterminant, multiplicity: Double)]) throws(ModelError) {
        self.terms = terms
        let lo = terms.map(\.logDeterminant.interval.lowerBound).max() ?? -1
        let hi = terms.map(\.logDeterminant.interval.upperBound).min() ?? 1
        guard lo < 0, hi > 0, lo < hi, lo.isFinite, hi.isFinite else {
            throw .invalidArgument("no period has a link between two observed units (every W_t is zero), so rho is not identified")
        }
        interval = lo...hi
    }

    private init(terms: [(logDeterminant: any LogDeterminant, multiplicity: Double)], interval: ClosedRange<Double>) {
        self.terms = terms; self.interval = interval
    }

    /// The sum of the terms' search approximations (a term without one contributes itself), when any has one.
    var search: (any LogDeterminant)? {
        guard terms.contains(where: { $0.logDeterminant.search != nil }) else { return nil }
        return SummedLogDeterminant(terms: terms.map { ($0.logDeterminant.search ?? $0.logDeterminant, $0.multiplicity) }, interval: interval)
    }

    var method: LogDeterminantMethod { terms.first?.logDeterminant.method ?? .eigenSymmetric }
    func value(_ rho: Double) -> Double { terms.reduce(0) { $0 + $1.multiplicity * $1.logDeterminant.value(rho) } }
    func traces(_ rho: Double) -> (first: Double, second: Double) {
        terms.reduce((0, 0)) { acc, t in let tr = t.logDeterminant.traces(rho); return (acc.0 + t.multiplicity * tr.first, acc.1 + t.multiplicity * tr.second) }
    }
    func accuracy(at rho: Double) -> LogDeterminantAccuracy {
        terms.reduce(LogDeterminantAccuracy.exact) { $0.worse($1.logDeterminant.accuracy(at: rho)) }
    }
    var accuracy: LogDeterminantAccuracy { terms.reduce(LogDeterminantAccuracy.exact) { $0.worse($1.logDeterminant.accuracy) } }
}

/// `ln|I - s 0| = 0`: the log-determinant of a period whose observed units have no link among them (W_t = 0). Its
/// interval is unbounded, so it does not narrow the intersection of ``SummedLogDeterminant``.
struct ZeroLogDeterminant: LogDeterminant {
    var method: LogDeterminantMethod { .eigenSymmetric }
    var interval: ClosedRange<Double> { -Double.infinity...Double.infinity }
    func value(_ rho: Double) -> Double { 0 }
    func traces(_ rho: Double) -> (first: Double, second: Double) { (0, 0) }
}
