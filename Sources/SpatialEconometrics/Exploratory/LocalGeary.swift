import Foundation

/// The local Geary statistic (Anselin 2019), univariate or multivariate, with a conditional permutation test and
/// cluster categories. The multivariate form (``init(variables:weights:permutations:seed:alpha:allowIslands:progress:)``)
/// averages the univariate statistics of k standardised variables whose neighbours are drawn together.
///
/// `c_i = sum_j w_ij (z_i - z_j)^2` with `z = (x - mean(x)) / sd(x)`, the standard deviation with divisor n (as
/// esda's `Geary_Local`; spdep's `localC` scales with divisor n - 1, so its values are `(n-1)/n` times these).
/// Small `c_i` is positive local association (similar neighbours), large `c_i` negative association.
/// Under conditional randomisation (`z_i` fixed, the neighbours' values drawn from the other n - 1 units)
/// `E[c_i] = W_i (z_i^2 + 2 z_i^2/(n-1) + (n - z_i^2)/(n-1))`, `W_i = sum_j w_ij` (self-weights excluded).
///
/// Permutations: R draws per unit of k_i distinct other units in random order, one seeded stream per unit (the
/// ``LocalPermutationDraws/independent`` scheme of the package's conditional permutation engine; the shared table
/// of ``LocalPermutationDraws/shared`` serves statistics linear in one lag, and `c_i` needs the lags of `z` and `z^2`
/// of the same draw); the pseudo p-value is PySAL's folded `(min(M, R - M) + 1)/(R + 1)`, M the draws with
/// `c_i* >= c_i`. Results are identical for any number of threads.
///
/// Clusters (Anselin 2019, as esda): among units with pseudo p < alpha, `c_i < E[c_i]` is positive association,
/// labelled HH (`z_i > 0` and its lag `sum_j w_ij z_j / W_i > 0`), LL (both < 0) or "other positive"; `c_i > E[c_i]`
/// is "negative".
///
/// Reference: Anselin, L. (2019), A local indicator of multivariate spatial association: extending Geary's c,
/// *Geographical Analysis* 51:133-150.
public struct LocalGeary: Sendable, Codable, Equatable {
    /// The cluster category of a unit.
    public enum Cluster: String, Sendable, Codable, CaseIterable {
        /// Positive association of high values.
        case highHigh = "HH"
        /// Positive association of low values.
        case lowLow = "LL"
        /// Positive association of mixed values (the unit and its lag on opposite sides of the mean).
        case otherPositive = "other positive"
        /// Positive association of several variables (multivariate `c_i` below its expectation; the multivariate
        /// statistic has no high/low side).
        case positive
        /// Negative association (`c_i` above its expectation).
        case negative
        /// Not significant at alpha, or no permutation test.
        case notSignificant = "not significant"
    }

    /// One unit's statistic.
    public struct Unit: Sendable, Codable, Equatable {
        /// The unit's id.
        public let id: String
        /// `c_i = sum_j w_ij (z_i - z_j)^2`.
        public let c: Double
        /// `E[c_i]` under conditional randomisation.
        public let expected: Double
        /// The folded pseudo p-value (`nil` without permutations; NaN for a unit without neighbours).
        public let p: Double?
        /// The cluster category at ``LocalGeary/alpha``.
        public let cluster: Cluster
    }

    /// The units, in the weights' order.
    public let units: [Unit]
    /// The significance level of the clusters.
    public let alpha: Double
    /// The number of permutations (0: none).
    public let permutations: Int
    /// The seed of the permutations (`nil` without them).
    public let seed: UInt64?
    /// The number k of variables (1: univariate; more: multivariate, Anselin 2019).
    public let variableCount: Int

    /// Computes the univariate statistic (Anselin 2019; esda `Geary_Local`, spdep `localC`).
    /// - Parameters:
    ///   - x: the variable, ordered as the weights' ids.
    ///   - weights: the spatial W (row-standardised in Anselin 2019 and esda's default).
    ///   - permutations: R conditional permutations per unit (0: none; then every cluster is "not significant").
    ///   - seed: seeds the draws (unit i uses `SeededGenerator.stream(seed:index: i)`).
    ///   - alpha: the significance level of the clusters (in (0, 1)).
    ///   - allowIslands: accept units without neighbours (their `c_i` is 0 and they are never significant).
    ///   - progress: called during the draws; see ``ComputationProgress``.
    public init(_ x: [Double], weights: SpatialWeights, permutations: Int = 0, seed: UInt64 = 1, alpha: Double = 0.05,
                allowIslands: Bool = false, progress: ProgressHandler? = nil) throws(ExploratoryError) {
        try self.init(variables: [x], weights: weights, permutations: permutations, seed: seed, alpha: alpha,
                      allowIslands: allowIslands, progress: progress)
    }

    /// Computes the multivariate statistic of k variables (Anselin 2019, eq. 11; esda `Geary_Local_MV`):
    /// `c_i = (1/k) sum_v sum_j w_ij (z_vi - z_vj)^2`, each variable standardised with divisor n. With one variable
    /// this is the univariate statistic and its clusters (HH, LL, other positive, negative); with several, a
    /// significant unit is ``Cluster/positive`` (`c_i < E[c_i]`, the mean of the univariate expectations) or
    /// ``Cluster/negative``, as Anselin (2019) and GeoDa (esda's `Geary_Local_MV` gives no labels). A permutation
    /// draws the other units' whole rows (all k values of a unit together), one seeded stream per unit.
    /// - Parameters:
    ///   - variables: k >= 1 variables, each ordered as the weights' ids.
    ///   - weights: the spatial W (esda's `Geary_Local_MV` row-standardises it).
    ///   - permutations: R conditional permutations per unit (0: none).
    ///   - seed: seeds the draws (unit i uses `SeededGenerator.stream(seed:index: i)`).
    ///   - alpha: the significance level of the clusters (in (0, 1)).
    ///   - allowIslands: accept units without neighbours (their `c_i` is 0 and they are never significant).
    ///   - progress: called during the draws; see ``ComputationProgress``.
    /// - Throws: ``ExploratoryError`` for no variable, a constant or non-finite variable, sizes, islands.
    public init(variables: [[Double]], weights: SpatialWeights, permutations: Int = 0, seed: UInt64 = 1, alpha: Double = 0.05,
                allowIslands: Bool = false, progress: ProgressHandler? = nil) throws(ExploratoryError) {
        guard !variables.isEmpty else { throw .invalidArgument("local Geary needs at least one variable") }
        for x in variables { _ = try ExploratoryInput(x, weights, allowIslands: allowIslands) }
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        guard alpha > 0 && alpha < 1 else { throw .invalidArgument("alpha must be in (0, 1), got \(alpha)") }
        let n = variables[0].count, m = variables.count, md = Double(variables.count)
        // zs[v][i]: variable v standardised with divisor n.
        let zs: [[Double]] = variables.map { x in
            let mean = x.reduce(0, +) / Double(n)
            let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
            return x.map { ($0 - mean) / sd }
        }
        let w = weights.matrix
        var cs = [Double](repeating: 0, count: n), expected = cs, lags = cs
        let nd = Double(n)
        for i in 0..<n {
            var c = 0.0, wi = 0.0, lag = 0.0
            for k in w.rowStart[i]..<w.rowStart[i + 1] where w.columnIndices[k] != i {
                for v in 0..<m {
                    let d = zs[v][i] - zs[v][w.columnIndices[k]]
                    c += w.values[k] * d * d
                }
                wi += w.values[k]; lag += w.values[k] * zs[0][w.columnIndices[k]]
            }
            cs[i] = c / md
            lags[i] = wi > 0 ? lag / wi : 0
            // E over z_j drawn from the others: mean -z_i/(n-1), mean square (n - z_i^2)/(n-1) (sum z^2 = n).
            var e = 0.0
            for v in 0..<m {
                let zi = zs[v][i]
                e += wi * (zi * zi + 2 * zi * zi / (nd - 1) + (nd - zi * zi) / (nd - 1))
            }
            expected[i] = e / md
        }
        var pValues: [Double]?
        if permutations > 0 {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
            buffer.initialize(repeating: .nan)
            defer { buffer.deallocate() }
            let out = UnsafeSendableBuffer(buffer)
            let reporter = ProgressReporter.make(phase: "local Geary permutations", total: n, handler: progress)
            let observed = cs
            PermutationEngine.perUnit(count: n, seed: seed) { i, g in
                defer { reporter?.advance(by: 1) }
                var wts = [Double]()
                for k in w.rowStart[i]..<w.rowStart[i + 1] where w.columnIndices[k] != i { wts.append(w.values[k]) }
                let k = wts.count
                guard k > 0 && k < n else { return }
                var picks = [Int](repeating: 0, count: k), set = Set<Int>()
                var atLeast = 0
                for _ in 0..<permutations {
                    ConditionalPermutation.Job.orderedSample(k: k, from: n - 1, into: &picks, set: &set, shuffle: true, using: &g)
                    var c = 0.0
                    for v in 0..<m {
                        let z = zs[v]
                        for q in 0..<k {
                            let t = picks[q], j = t >= i ? t + 1 : t
                            let d = z[i] - z[j]
                            c += wts[q] * d * d
                        }
                    }
                    if c / md >= observed[i] { atLeast += 1 }
                }
                out.buffer[i] = Double(min(atLeast, permutations - atLeast) + 1) / Double(permutations + 1)
            }
            reporter?.finish()
            pValues = Array(buffer)
        }
        var rows = [Unit]()
        for i in 0..<n {
            let p = pValues?[i]
            let cluster: Cluster
            if let p, p < alpha {
                if cs[i] > expected[i] {
                    cluster = .negative
                } else if m > 1 {
                    cluster = .positive
                } else if zs[0][i] > 0 && lags[i] > 0 {
                    cluster = .highHigh
                } else if zs[0][i] < 0 && lags[i] < 0 {
                    cluster = .lowLow
                } else {
                    cluster = .otherPositive
                }
            } else {
                cluster = .notSignificant
            }
            rows.append(Unit(id: weights.ids[i], c: cs[i], expected: expected[i], p: p, cluster: cluster))
        }
        units = rows
        self.alpha = alpha
        self.permutations = permutations
        self.seed = permutations > 0 ? seed : nil
        variableCount = m
    }

    /// The units as a table: id, c_i, E[c_i], pseudo p, cluster.
    public var table: Table {
        let kind = variableCount > 1 ? "Multivariate local Geary (\(variableCount) variables" : "Local Geary ("
        var t = Table(title: kind + (variableCount > 1 ? ", " : "") + "\(permutations) conditional permutations)", columns: ["Id", "c_i", "E[c_i]", "p (perm.)", "Cluster"])
        for u in units {
            t.rows.append([u.id, Format.fixed(u.c, 4), Format.fixed(u.expected, 4), u.p.map { Format.pValue($0) } ?? "", u.cluster.rawValue])
        }
        t.notes = ["z standardised with divisor n (esda)" + (variableCount > 1 ? "; c_i averaged over the variables" : "")
                   + "; clusters at alpha = \(alpha) (Anselin 2019)."]
        return t
    }

    /// The table as text.
    public var summary: String { table.text }
}
