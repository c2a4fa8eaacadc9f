import Foundation

/// The Moran scatterplot quadrant of a unit: its value against its spatial lag, both centred.
public enum Quadrant: String, Sendable, Codable, CaseIterable {
    /// High value, high neighbours (quadrant I).
    case highHigh = "HH"
    /// Low value, high neighbours (quadrant II).
    case lowHigh = "LH"
    /// Low value, low neighbours (quadrant III).
    case lowLow = "LL"
    /// High value, low neighbours (quadrant IV).
    case highLow = "HL"

    init(value: Double, lag: Double) {
        switch (value > 0, lag > 0) {
        case (true, true): self = .highHigh
        case (false, true): self = .lowHigh
        case (false, false): self = .lowLow
        case (true, false): self = .highLow
        }
    }
}

/// Which variance the analytical z of local Moran uses.
public enum LocalMoranVariance: String, Sendable, Codable {
    /// Conditional randomisation (Sokal, Oden & Thomson 1998), spdep's default (`conditional = TRUE`).
    case conditional
    /// Total randomisation (Anselin 1995, Appendix).
    case total
}

/// Multiple-testing correction of local p-values before labelling clusters.
public enum PValueAdjustment: String, Sendable, Codable, CaseIterable {
    /// No adjustment.
    case none
    /// Bonferroni: p * n.
    case bonferroni
    /// False discovery rate (Benjamini & Hochberg 1995).
    case fdr
}

/// Local Moran's I (LISA) for every unit, with analytical moments, conditional-permutation pseudo p-values,
/// quadrants and cluster labels.
///
/// `I_i = (z_i / m2) sum_j w_ij z_j`, `m2 = sum z^2 / n` (spdep `mlvar = TRUE`). Under conditional randomisation
/// (default) `E[I_i] = -z_i^2 W_i / ((n - 1) m2)` and
/// `Var[I_i] = (z_i / m2)^2 (n / (n - 2)) (w_i2 - W_i^2 / (n - 1)) (m2 - z_i^2 / (n - 1))`, with `W_i = sum_j w_ij`
/// and `w_i2 = sum_j w_ij^2`; under total randomisation `E[I_i] = -W_i / (n - 1)` and Anselin's (1995) variance with
/// `b2 = m4 / m2^2`. p-values are two-sided, as spdep's `localmoran`. The permutation test holds `x_i` fixed and draws
/// its neighbours' values from the other n - 1 units; its pseudo p-value is PySAL's folded
/// `(min(M, R - M) + 1) / (R + 1)`, M = draws with `I_i^sim >= I_i`. By default the draws are **shared across
/// units** (one seeded table of random neighbour sets, as esda's `crand`; see ``LocalPermutationDraws/shared``):
/// each unit's test is exact, but the units' p-values are dependent. Pass `draws: .independent` for one seeded
/// stream per unit. Either way the results do not depend on the number of threads.
///
/// ```swift
/// let lisa = try LocalMoran(x, weights: w.transformed(.row), permutations: 9999, seed: 1)
/// let labels = lisa.clusters(alpha: 0.05, adjustment: .fdr)
/// ```
///
/// References: Anselin, L. (1995), Local indicators of spatial association — LISA, *Geographical Analysis* 27(2);
/// Sokal, R. R., Oden, N. L. & Thomson, B. A. (1998), Local spatial autocorrelation in a biological model,
/// *Geographical Analysis* 30(4).
public struct LocalMoran: Sendable, Codable, Equatable {
    /// One unit's row of the LISA table.
    public struct Unit: Sendable, Codable, Equatable {
        /// The unit's id (from the weights).
        public let id: String
        /// `I_i = (z_i / m2) sum_j w_ij z_j`.
        public let I: Double
        /// `E[I_i]` under the chosen randomisation (``LocalMoran/varianceKind``).
        public let expected: Double
        /// `Var[I_i]` under the chosen randomisation.
        public let variance: Double
        /// `(I_i - E[I_i]) / sqrt(Var[I_i])`.
        public let z: Double
        /// The two-sided normal p-value of ``z``.
        public let p: Double
        /// The folded pseudo p-value `(min(M, R - M) + 1) / (R + 1)` of the conditional permutation test (`nil`
        /// without permutations).
        public let pPermutation: Double?
        /// The Moran scatterplot quadrant of the unit (HH, LH, LL, HL).
        public let quadrant: Quadrant
        /// The standardised value and its spatial lag (Moran scatterplot coordinates).
        public let standardizedValue: Double
        /// The spatial lag of the standardised values, `sum_j w_ij z_j / sd` (the scatterplot's vertical coordinate).
        public let standardizedLag: Double

        enum CodingKeys: String, CodingKey {
            case id, I, expected, variance, z, p, pPermutation = "p_permutation", quadrant
            case standardizedValue = "standardized_value", standardizedLag = "standardized_lag"
        }
    }

    /// One row per unit, in the weights' order.
    public let units: [Unit]
    /// The randomisation assumption of the analytical moments (conditional or total).
    public let varianceKind: LocalMoranVariance
    /// The number of conditional permutations R (0: none).
    public let permutations: Int
    /// The seed of the permutation draws (`nil` without permutations).
    public let seed: UInt64?
    /// How the permutation draws were made (`nil` without permutations).
    public let permutationDraws: LocalPermutationDraws?

    /// Local Moran of `x` (ordered as the weights' ids).
    ///
    /// - Parameters:
    ///   - x: the variable, ordered as the weights' ids.
    ///   - weights: the spatial W.
    ///   - variance: the analytical moments (conditional randomisation by default, as spdep).
    ///   - permutations: R conditional permutations per unit (0: none; esda and GeoDa use 999 or 9,999).
    ///   - seed: seeds the draws; the same seed gives the same p-values on any machine and thread count.
    ///   - draws: shared draws (default, fast) or an independent stream per unit, see ``LocalPermutationDraws``.
    ///   - allowIslands: accept units without neighbours (their lag is 0, as spdep's `zero.policy = TRUE`); otherwise
    ///     they are an error.
    ///   - progress: called during the permutations (phase "local Moran permutations"), see ``ComputationProgress``.
    /// - Complexity: O(nnz) without permutations; O(R sum_i k_i) with them, parallel over units.
    public init(_ x: [Double], weights: SpatialWeights, variance: LocalMoranVariance = .conditional, permutations: Int = 0,
                seed: UInt64 = 1, draws: LocalPermutationDraws = .shared, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        _ = try ExploratoryInput(x, weights, allowIslands: allowIslands)
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        let w = weights.matrix
        let count = x.count, n = Double(count)
        let mean = x.reduce(0, +) / n
        let z = x.map { $0 - mean }
        let m2 = z.reduce(0) { $0 + $1 * $1 } / n
        let m4 = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        let b2 = m4 / (m2 * m2)
        let lag = (try? w.multiply(z)) ?? [Double](repeating: 0, count: count)
        let sd = m2.squareRoot() * (n / (n - 1)).squareRoot()
        // I_i^sim >= I_i  <=>  z_i L_i^sim >= z_i L_i: the lag's direction is the sign of z_i.
        let pPerm = permutations > 0
            ? ConditionalPermutation(values: z, weights: w, permutations: permutations, seed: seed, draws: draws,
                                     phase: "local Moran permutations", progress: progress)
            : nil
        var rows = [Unit]()
        rows.reserveCapacity(count)
        for i in 0..<count {
            var wi = 0.0, wi2 = 0.0
            for k in w.rowStart[i]..<w.rowStart[i + 1] { wi += w.values[k]; wi2 += w.values[k] * w.values[k] }
            let ii = z[i] / m2 * lag[i]
            let e: Double, v: Double
            switch variance {
            case .conditional:
                e = -(z[i] * z[i] * wi) / ((n - 1) * m2)
                v = (z[i] / m2) * (z[i] / m2) * (n / (n - 2)) * (wi2 - wi * wi / (n - 1)) * (m2 - z[i] * z[i] / (n - 1))
            case .total:
                e = -wi / (n - 1)
                v = wi2 * (n - b2) / (n - 1) + (wi * wi - wi2) * (2 * b2 - n) / ((n - 1) * (n - 2)) - e * e
            }
            let zi = (ii - e) / v.squareRoot()
            rows.append(Unit(id: weights.ids[i], I: ii, expected: e, variance: v, z: zi, p: Normal.pValue(zi, alternative: .twoSided),
                             pPermutation: pPerm?.foldedPValue(unit: i, direction: z[i]), quadrant: Quadrant(value: z[i], lag: lag[i]),
                             standardizedValue: z[i] / sd, standardizedLag: lag[i] / sd))
        }
        units = rows
        varianceKind = variance
        self.permutations = permutations
        self.seed = permutations > 0 ? seed : nil
        permutationDraws = permutations > 0 ? draws : nil
    }

    /// Cluster label of each unit at significance level `alpha` ("HH", "LH", "LL", "HL", or "not significant"),
    /// using the permutation p-value when available, else the analytical one, after `adjustment`.
    public func clusters(alpha: Double = 0.05, adjustment: PValueAdjustment = .none, usePermutation: Bool = true) -> [String] {
        let p = units.map { usePermutation ? ($0.pPermutation ?? $0.p) : $0.p }
        let adjusted = PValues.adjust(p, method: adjustment)
        return zip(units, adjusted).map { $1 <= alpha ? $0.quadrant.rawValue : "not significant" }
    }
}

/// Multiple-testing adjustments of p-values.
public enum PValues {
    /// Adjusted p-values (Bonferroni: `min(1, n p)`; FDR: Benjamini & Hochberg step-up, as R's `p.adjust`).
    public static func adjust(_ p: [Double], method: PValueAdjustment) -> [Double] {
        let n = Double(p.count)
        switch method {
        case .none: return p
        case .bonferroni: return p.map { min(1, $0 * n) }
        case .fdr:
            let order = p.indices.sorted { p[$0] > p[$1] }
            var out = p
            var running = 1.0
            for (rank, idx) in order.enumerated() {
                let i = n - Double(rank)
                running = min(running, p[idx] * n / i)
                out[idx] = min(1, running)
            }
            return out
        }
    }
}

extension LocalMoran {
    /// The LISA table (id, I, z, p, pseudo p, quadrant, cluster at 5%).
    public var table: Table {
        var t = Table(title: "Local Moran's I (LISA)", columns: ["Unit", "I_i", "z", "p", "p (perm.)", "Quadrant", "Cluster (5%)"])
        let cl = clusters(alpha: 0.05)
        for (u, c) in zip(units, cl) {
            t.rows.append([u.id, Format.fixed(u.I, 4), Format.fixed(u.z, 3), Format.pValue(u.p),
                           u.pPermutation.map { Format.pValue($0) } ?? "", u.quadrant.rawValue, c])
        }
        t.notes = ["variance: \(varianceKind.rawValue) randomisation; p two-sided" + (permutations > 0 ? "; \(permutations) conditional permutations, seed \(seed ?? 0)" : "")]
        return t
    }

    /// The LISA table as text (``table``).
    public var summary: String { table.text }
}
