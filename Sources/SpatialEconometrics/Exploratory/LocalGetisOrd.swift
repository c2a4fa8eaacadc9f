import Foundation

/// Local Getis–Ord statistics `G_i` (neighbours only) and `G_i*` (the unit included), reported as z-values as
/// spdep's `localG` does.
///
/// `G_i`: `x̄_i = (sum x - x_i)/(n - 1)`, `s_i^2 = (sum x^2 - x_i^2)/(n - 1) - x̄_i^2`,
/// `z_i = (sum_j w_ij x_j - W_i x̄_i) / sqrt(s_i^2 ((n - 1) S1i - W_i^2) / (n - 2))`;
/// `G_i*`: `x̄ = mean(x)`, `s^2 = sum (x - x̄)^2 / n`, `z_i = (sum_j w_ij x_j - W_i x̄) / sqrt(s^2 (n S1i - W_i^2) / (n - 1))`
/// with `W_i = sum_j w_ij`, `S1i = sum_j w_ij^2`. For `G_i*` the weights must include the unit itself: build them
/// with ``SpatialWeights/includingSelf()``. p-values are two-sided.
///
/// With `permutations > 0`, a conditional permutation test as esda's `G_Local`: `x_i` (and its self-weight) stays,
/// the neighbours' values are drawn from the other n - 1 units, shared draws by default (see
/// ``LocalPermutationDraws``); pseudo p-value folded, `(min(M, R - M) + 1) / (R + 1)` with M the draws with
/// `G_i^sim >= G_i`.
///
/// Reference: Ord, J. K. & Getis, A. (1995), Local spatial autocorrelation statistics: distributional issues and an
/// application, *Geographical Analysis* 27(4), 286–306.
public struct LocalGetisOrd: Sendable, Codable, Equatable {
    /// One unit's statistics: its id, the ratio `G_i`, its z-value and, with permutations, its pseudo p-value.
    public struct Unit: Sendable, Codable, Equatable {
        /// The unit's id (from the weights).
        public let id: String
        /// The ratio `sum_j w_ij x_j / sum_{j (!= i)} x_j`.
        public let G: Double
        /// The standardised statistic `z_i` (spdep's `localG` value).
        public let z: Double
        /// The two-sided normal p-value of ``z``.
        public let p: Double
        /// Folded conditional-permutation pseudo p-value, when permutations were run.
        public let pPermutation: Double?

        enum CodingKeys: String, CodingKey { case id, G, z, p, pPermutation = "p_permutation" }
    }

    /// Whether these are `G_i*` (the unit included through its self-weight) rather than `G_i`.
    public let star: Bool
    /// One row per unit, in the weights' order.
    public let units: [Unit]
    /// Conditional permutations per unit (0: none).
    public let permutations: Int
    /// The permutations' seed (`nil` without permutations).
    public let seed: UInt64?

    /// Local G (or G*) of `x`, ordered as the weights' ids.
    ///
    /// - Parameters:
    ///   - x: the variable, ordered as the weights' ids.
    ///   - weights: the spatial W.
    ///   - star: `true` for `G_i*` (weights with the diagonal, see ``SpatialWeights/includingSelf()``).
    ///   - permutations: R conditional permutations per unit (0: none).
    ///   - seed: seeds the draws; results are identical for any thread count.
    ///   - draws: shared draws (default) or an independent stream per unit.
    ///   - allowIslands: accept units without neighbours (their lag is 0, as spdep's `zero.policy = TRUE`); otherwise
    ///     they are an error.
    ///   - progress: called during the permutations (phase "local G permutations"), see ``ComputationProgress``.
    /// - Complexity: O(nnz), plus O(R sum_i k_i) with permutations (parallel over units).
    public init(_ x: [Double], weights: SpatialWeights, star: Bool, permutations: Int = 0, seed: UInt64 = 1,
                draws: LocalPermutationDraws = .shared, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        _ = try ExploratoryInput(x, weights, allowIslands: allowIslands)
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        let w = weights.matrix
        let n = Double(x.count)
        let total = x.reduce(0, +), total2 = x.reduce(0) { $0 + $1 * $1 }
        let mean = total / n
        let s2star = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let perm = permutations > 0
            ? ConditionalPermutation(values: x, weights: w, permutations: permutations, seed: seed, draws: draws,
                                     phase: "local G permutations", progress: progress)
            : nil
        var rows = [Unit]()
        for i in 0..<x.count {
            var lag = 0.0, wi = 0.0, s1i = 0.0
            for k in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = w.columnIndices[k]
                if !star && j == i { continue }
                lag += w.values[k] * x[j]; wi += w.values[k]; s1i += w.values[k] * w.values[k]
            }
            let z: Double, g: Double
            if star {
                let v = s2star * (n * s1i - wi * wi) / (n - 1)
                z = (lag - wi * mean) / v.squareRoot()
                g = lag / total
            } else {
                let xb = (total - x[i]) / (n - 1)
                let s2 = (total2 - x[i] * x[i]) / (n - 1) - xb * xb
                let v = s2 * ((n - 1) * s1i - wi * wi) / (n - 2)
                z = (lag - wi * xb) / v.squareRoot()
                g = lag / (total - x[i])
            }
            // G_i is the lag over a fixed denominator: increasing in the permuted lag when that is positive.
            let denominator = star ? total : total - x[i]
            rows.append(Unit(id: weights.ids[i], G: g, z: z, p: Normal.pValue(z, alternative: .twoSided),
                             pPermutation: perm?.foldedPValue(unit: i, direction: denominator)))
        }
        self.star = star
        units = rows
        self.permutations = permutations
        self.seed = permutations > 0 ? seed : nil
    }
}

extension SpatialWeights {
    /// The weights with every unit added to its own neighbours (for `G_i*`), re-weighted as the current
    /// transformation says: row-standardised weights become `1 / (k_i + 1)`, binary weights 1 (spdep `include.self`
    /// followed by `nb2listw`). Weights of other transformations get a self-weight of 1 and keep their other values.
    public func includingSelf() throws(WeightsError) -> SpatialWeights {
        var lists = [[Int]](), values = [[Double]]()
        for i in 0..<count {
            var nb = Array(neighbors(of: i)), wv = Array(weights(of: i))
            if !nb.contains(i) { nb.append(i); wv.append(1) }
            lists.append(nb); values.append(wv)
        }
        let base = try SpatialWeights(ids: ids, neighbors: lists, weights: values, allowSelfNeighbors: true)
        switch transformation {
        case .row: return try base.transformed(.binary).transformed(.row)
        case .binary: return try base.transformed(.binary)
        default: return base
        }
    }
}
