import Foundation

/// The one sandwich engine behind every robust covariance: `V = A^-1 B A^-1` from the per-observation score
/// contributions `s_i` (m x p) and the bread `A^-1` (p x p: the inverse information matrix, or inverse negative Hessian,
/// of the full parameter vector, concentrated-out parameters such as sigma^2 included).
///
/// The meat B (``CovarianceEstimator``):
///
///     robust:          B = c sum_i s_i s_i',                          c = m/(m - 1)            (White 1980)
///     cluster by unit: B = c sum_g S_g S_g',  S_g = sum_{i in g} s_i,  c = G/(G - 1)            (Arellano 1987)
///     Driscoll-Kraay:  h_t = sum_i s_it,  Omega_l = sum_{t > l} h_t h_{t-l}',
///                      B = Omega_0 + sum_{l=1..L} (1 - l/(L + 1)) (Omega_l + Omega_l')     (Driscoll & Kraay 1998)
///
/// `smallSample: false` drops the factors c (HC0, `plm::vcovHC(type = "HC0")`); Driscoll-Kraay has none (as
/// `plm::vcovSCC(type = "HC0")`; Hoechle 2007 describes Stata `xtscc`'s). For least squares (`s_i = x_i e_i`,
/// `A = X'X`) the three equal `sandwich::vcovHC(type = "HC0")`, `plm::vcovHC(method = "arellano")` and
/// `plm::vcovSCC` (tested to 1e-10 on columbus and produc). Units and periods are labels (any integers): the
/// result does not depend on the order of the rows beyond rounding.
///
/// - Complexity: O(m p^2) for the meat, O(T L p^2) for Driscoll-Kraay's lags.
public struct SandwichCovariance: Sendable {
    /// `A^-1 B A^-1` (p x p).
    public let covariance: Matrix
    /// The meat B (p x p), small-sample factor included.
    public let meat: Matrix
    /// The estimator used (Driscoll-Kraay with its lags resolved).
    public let estimator: CovarianceEstimator
    /// The small-sample factor applied to B (1 when none).
    public let factor: Double
    /// Clusters (units) or periods summed over (m for robust).
    public let groups: Int

    /// The sandwich of `scores` (m x p, row i observation i) with the bread `bread` (p x p).
    /// - Parameters:
    ///   - units: the unit (cluster) label of each row; needed by ``CovarianceEstimator/cluster``.
    ///   - periods: the period label of each row (ordered as the integers); needed by Driscoll-Kraay.
    ///   - smallSample: apply the factors m/(m - 1), G/(G - 1).
    /// - Throws: ``ModelError/invalidArgument(_:)`` for ``CovarianceEstimator/default`` or HAC (not a sandwich of
    ///   scores), missing or mis-sized labels, fewer than 2 clusters, or lags not below the number of periods;
    ///   ``ModelError/sizeMismatch(_:)`` for a bread that does not match the scores.
    public init(scores: Matrix, bread: Matrix, estimator: CovarianceEstimator, units: [Int]? = nil, periods: [Int]? = nil,
                smallSample: Bool = true) throws(ModelError) {
        let m = scores.rows, p = scores.columns
        guard bread.rows == p, bread.columns == p else {
            throw .sizeMismatch("bread \(bread.rows) x \(bread.columns) for \(p) score columns")
        }
        guard m >= 2 else { throw .invalidArgument("a sandwich covariance needs at least 2 observations (\(m))") }
        var b = Matrix(rows: p, columns: p)
        var resolved = estimator, factor = 1.0, groups = m
        func addOuter(_ u: [Double], _ v: [Double], weight: Double) {
            for j in 0..<p { for i in 0..<p { b[i, j] += weight * u[i] * v[j] } }
        }
        func sums(by labels: [Int]) -> (keys: [Int], totals: [[Double]]) {
            var index = [Int: Int](), keys = [Int](), totals = [[Double]]()
            for r in 0..<m {
                let g: Int
                if let known = index[labels[r]] { g = known } else {
                    g = keys.count; index[labels[r]] = g; keys.append(labels[r]); totals.append([Double](repeating: 0, count: p))
                }
                for j in 0..<p { totals[g][j] += scores[r, j] }
            }
            // Sorted by label, so that the sum (and its rounding) does not depend on the rows' order.
            let order = keys.indices.sorted { keys[$0] < keys[$1] }
            return (order.map { keys[$0] }, order.map { totals[$0] })
        }
        switch estimator {
        case .default:
            throw .invalidArgument("the default covariance is the estimator's own (information matrix), not a sandwich")
        case .hac:
            try estimator.checkMaximumLikelihood()
        case .robust:
            // sum_i s_i s_i' = S'S.
            do { b = try scores.crossProduct } catch { throw .numerical("scores' cross product: \(error)") }
            if smallSample { factor = Double(m) / Double(m - 1) }
        case .cluster:
            guard let units, units.count == m else { throw .invalidArgument("cluster-robust covariance needs the unit of each of the \(m) observations") }
            let g = sums(by: units)
            groups = g.keys.count
            guard groups >= 2 else { throw .invalidArgument("cluster-robust covariance needs at least 2 clusters (units); there is \(groups)") }
            for s in g.totals { addOuter(s, s, weight: 1) }
            if smallSample { factor = Double(groups) / Double(groups - 1) }
        case .driscollKraay(let requested):
            guard let periods, periods.count == m else { throw .invalidArgument("the Driscoll-Kraay covariance needs the period of each of the \(m) observations") }
            let h = sums(by: periods)
            let t = h.keys.count
            groups = t
            let lags = requested ?? CovarianceEstimator.defaultDriscollKraayLags(periods: t)
            guard lags < t else { throw .invalidArgument("Driscoll-Kraay with \(lags) lags needs more than \(lags) periods; there are \(t)") }
            resolved = .driscollKraay(lags: lags)
            for s in h.totals { addOuter(s, s, weight: 1) }
            if lags > 0 {
                for l in 1...lags {
                    let w = 1 - Double(l) / Double(lags + 1)
                    for tt in l..<t {
                        addOuter(h.totals[tt], h.totals[tt - l], weight: w)
                        addOuter(h.totals[tt - l], h.totals[tt], weight: w)
                    }
                }
            }
        }
        if factor != 1 { for i in b.elements.indices { b.elements[i] *= factor } }
        let v: Matrix
        do { v = try bread * (try b * bread) } catch { throw .numerical("sandwich: \(error)") }
        // Symmetric up to rounding: make it exactly so.
        var sym = v
        for j in 0..<p { for i in 0..<j { let a = 0.5 * (v[i, j] + v[j, i]); sym[i, j] = a; sym[j, i] = a } }
        covariance = sym
        meat = b
        self.estimator = resolved
        self.factor = factor
        self.groups = groups
    }

    /// What the fit's `standardErrors` text says about this covariance (estimator, factor, groups and the Lin & Lee
    /// caveat).
    public var label: String {
        let correction = factor == 1 ? "no small-sample factor" : String(format: "factor %.6g", factor)
        switch estimator {
        case .robust: return "heteroskedasticity-robust sandwich (White 1980) over \(groups) observations, \(correction == "no small-sample factor" ? correction : correction + " = m/(m-1)")"
        case .cluster: return "cluster-robust sandwich by unit (Arellano 1987), \(groups) clusters, \(correction == "no small-sample factor" ? correction : correction + " = G/(G-1)")"
        case .driscollKraay(let l): return "Driscoll-Kraay sandwich (Driscoll & Kraay 1998), \(groups) periods, \(l ?? 0) Bartlett lags, no small-sample factor"
        default: return "\(estimator)"
        }
    }
}
