import Foundation

/// The bivariate local Moran statistic (Anselin, Syabri & Smirnov 2002): a unit's value of x against the spatial lag
/// of another variable y, with conditional-randomisation moments, a conditional permutation test, quadrants and
/// cluster labels.
///
/// `I_i = z_x,i sum_j w_ij z_y,j` with both variables standardised by their sample standard deviation (divisor
/// n - 1), as spdep's `localmoran_bv`; this equals esda's `Moran_Local_BV` (`(n - 1) z_x,i (W z_y)_i / sum z_x^2`
/// with divisor-n z). Under conditional randomisation (`x_i` fixed, the k_i neighbours' y drawn without replacement
/// from the n - 1 other units; self-weights excluded) `E[I_i] = -z_x,i z_y,i W_i / (n - 1)` and
/// `Var[I_i] = z_x,i^2 (n / (n - 2)) (w_i2 - W_i^2 / (n - 1)) (m_y - z_y,i^2 / (n - 1))`, `W_i = sum_j w_ij`,
/// `w_i2 = sum_j w_ij^2`, `m_y = sum z_y^2 / n = (n - 1)/n`: the finite-population variance of a weighted sample, the
/// univariate local Moran's with `z_y` in the lag. `z = (I - E)/sd`, p two-sided normal.
///
/// The permutation test is the package's conditional permutation engine (``LocalPermutationDraws``) on `z_y` with
/// `z_x,i` fixed: the pseudo p-value is PySAL's folded `(min(M, R - M) + 1)/(R + 1)`, M the draws with
/// `I_i^sim >= I_i`; the same seed gives the same p-values on any machine and thread count. Quadrants: HH when
/// `z_x,i > 0` and `(W z_y)_i > 0`, LH, LL, HL (esda's `q` 1, 2, 3, 4); a cluster is the quadrant of a unit with
/// pseudo p (or, without permutations, normal p) at most alpha.
///
/// ```swift
/// let bv = try BivariateLocalMoran(x: crime, y: income, weights: w.transformed(.row), permutations: 999, seed: 1)
/// let labels = bv.clusters(alpha: 0.05)
/// ```
///
/// Reference: Anselin, L., Syabri, I. & Smirnov, O. (2002), Visualizing multivariate spatial correlation with
/// dynamically linked windows, in *New Tools for Spatial Data Analysis*; Anselin, L. (1995), Local indicators of
/// spatial association — LISA, *Geographical Analysis* 27(2).
public struct BivariateLocalMoran: Sendable, Codable, Equatable {
    /// One row per unit, in the weights' order; the fields mean what they mean in ``LocalMoran`` (``LocalMoran/Unit/I``
    /// is the bivariate statistic, ``LocalMoran/Unit/standardizedValue`` the unit's `z_x`,
    /// ``LocalMoran/Unit/standardizedLag`` the lag of `z_y`).
    public let units: [LocalMoran.Unit]
    /// The number of conditional permutations R (0: none).
    public let permutations: Int
    /// The seed of the permutation draws (`nil` without permutations).
    public let seed: UInt64?
    /// How the permutation draws were made (`nil` without permutations).
    public let permutationDraws: LocalPermutationDraws?

    enum CodingKeys: String, CodingKey { case units, permutations, seed, permutationDraws = "permutation_draws" }

    /// Bivariate local Moran of `x` with the lag of `y` (both ordered as the weights' ids).
    /// - Parameters:
    ///   - x: the variable whose value at i enters the statistic.
    ///   - y: the variable whose spatial lag enters the statistic.
    ///   - weights: the spatial W (row-standardised in esda's default and GeoDa).
    ///   - permutations: R conditional permutations per unit (0: none).
    ///   - seed: seeds the draws; the same seed gives the same p-values on any machine and thread count.
    ///   - draws: shared draws (default, as esda's `crand`) or an independent stream per unit.
    ///   - allowIslands: accept units without neighbours (their lag is 0, never significant); otherwise an error.
    ///   - progress: called during the permutations (phase "bivariate local Moran permutations").
    /// - Complexity: O(nnz) without permutations; O(R sum_i k_i) with them, parallel over units.
    public init(x: [Double], y: [Double], weights: SpatialWeights, permutations: Int = 0, seed: UInt64 = 1,
                draws: LocalPermutationDraws = .shared, allowIslands: Bool = false, progress: ProgressHandler? = nil) throws(ExploratoryError) {
        _ = try ExploratoryInput(x, weights, allowIslands: allowIslands)
        _ = try ExploratoryInput(y, weights, allowIslands: allowIslands)
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        let count = x.count, n = Double(count)
        func standardized(_ v: [Double]) -> [Double] {
            let m = v.reduce(0, +) / n
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
            return v.map { ($0 - m) / sd }
        }
        let zx = standardized(x), zy = standardized(y)
        let my = zy.reduce(0) { $0 + $1 * $1 } / n
        let w = weights.matrix
        // The lag without self-weights (constant under the permutation, and not part of the statistic's definition
        // in spdep; esda adds them back, which no W with a zero diagonal sees).
        var lag = [Double](repeating: 0, count: count), wsum = lag, wsq = lag
        for i in 0..<count {
            for k in w.rowStart[i]..<w.rowStart[i + 1] where w.columnIndices[k] != i {
                lag[i] += w.values[k] * zy[w.columnIndices[k]]
                wsum[i] += w.values[k]; wsq[i] += w.values[k] * w.values[k]
            }
        }
        let perm = permutations > 0
            ? ConditionalPermutation(values: zy, weights: w, permutations: permutations, seed: seed, draws: draws,
                                     phase: "bivariate local Moran permutations", progress: progress)
            : nil
        var rows = [LocalMoran.Unit]()
        rows.reserveCapacity(count)
        for i in 0..<count {
            let ii = zx[i] * lag[i]
            let e = -zx[i] * zy[i] * wsum[i] / (n - 1)
            let v = zx[i] * zx[i] * (n / (n - 2)) * (wsq[i] - wsum[i] * wsum[i] / (n - 1)) * (my - zy[i] * zy[i] / (n - 1))
            let z = v > 0 ? (ii - e) / v.squareRoot() : .nan
            rows.append(LocalMoran.Unit(id: weights.ids[i], I: ii, expected: e, variance: v, z: z,
                                        p: z.isFinite ? Normal.pValue(z, alternative: .twoSided) : .nan,
                                        pPermutation: perm?.foldedPValue(unit: i, direction: zx[i]), quadrant: Quadrant(value: zx[i], lag: lag[i]),
                                        standardizedValue: zx[i], standardizedLag: lag[i]))
        }
        units = rows
        self.permutations = permutations
        self.seed = permutations > 0 ? seed : nil
        permutationDraws = permutations > 0 ? draws : nil
    }

    /// The cluster label of each unit at `alpha` ("HH", "LH", "LL", "HL", or "not significant"): the pseudo p-value
    /// when permutations were run (else the normal one), after `adjustment`; a NaN p is never significant.
    public func clusters(alpha: Double = 0.05, adjustment: PValueAdjustment = .none) -> [String] {
        let p = units.map { $0.pPermutation ?? $0.p }
        return zip(units, PValues.adjust(p, method: adjustment)).map { $1 <= alpha ? $0.quadrant.rawValue : "not significant" }
    }

    /// The table: id, I_i, z, p, pseudo p, quadrant, cluster at 5%.
    public var table: Table {
        var t = Table(title: "Bivariate local Moran's I", columns: ["Unit", "I_i", "z", "p", "p (perm.)", "Quadrant", "Cluster (5%)"])
        for (u, c) in zip(units, clusters(alpha: 0.05)) {
            t.rows.append([u.id, Format.fixed(u.I, 4), Format.fixed(u.z, 3), Format.pValue(u.p),
                           u.pPermutation.map { Format.pValue($0) } ?? "", u.quadrant.rawValue, c])
        }
        t.notes = ["I_i = z_x,i (W z_y)_i, sample-sd z (spdep localmoran_bv = esda Moran_Local_BV); moments under conditional randomisation"
                   + (permutations > 0 ? "; \(permutations) conditional permutations, seed \(seed ?? 0)" : "")]
        return t
    }

    /// The table as text (``table``).
    public var summary: String { table.text }
}
