import Foundation

/// Global join counts BB, BW and WW of a binary variable (Cliff & Ord 1981, ch. 1–2), with normal inference
/// under non-free or free sampling and an optional permutation test.
///
/// The weights are used in their **binary form** (`b_ij = 1` where `w_ij > 0`) whatever their transformation, so
/// the counts are joins. With `y_i` in {0, 1} (1 "black", 0 "white"):
/// `BB = (1/2) sum_ij b_ij y_i y_j`, `BW = (1/2) sum_ij b_ij (y_i - y_j)^2`, `WW = (1/2) sum_ij b_ij (1-y_i)(1-y_j)`,
/// so `BB + BW + WW = J = S0/2`. The sums `S0, S1, S2` are those of the binary W, `n_1` black and `n_0` white units,
/// `n^(k) = n(n-1)...(n-k+1)`.
///
/// Non-free sampling (the counts `n_1`, `n_0` fixed; spdep's `joincount.test` and `joincount.multi` default):
/// `E[BB] = S0 n_1^(2) / (2 n^(2))`,
/// `Var[BB] = (1/4)[S1 n_1^(2)/n^(2) + (S2 - 2 S1) n_1^(3)/n^(3) + (S0^2 + S1 - S2) n_1^(4)/n^(4)] - E[BB]^2`
/// (WW with `n_0`), `E[BW] = S0 n_1 n_0 / n^(2)`,
/// `Var[BW] = (1/4)[2 S1 n_1 n_0/n^(2) + (S2 - 2 S1) n_1 n_0 (n - 2)/n^(3) + 4 (S0^2 + S1 - S2) n_1^(2) n_0^(2)/n^(4)] - E[BW]^2`.
/// Free sampling (each unit black with probability `p = n_1/n`, `q = 1 - p`):
/// `E[BB] = S0 p^2 / 2`, `Var[BB] = (1/4)[S1 p^2 + (S2 - 2 S1) p^3 + (S1 - S2) p^4]`, `E[BW] = S0 p q`,
/// `Var[BW] = (1/4)[S2 p q - 4 (S2 - S1) p^2 q^2]`.
/// `z = (count - E) / sd` for all three. Positive autocorrelation is many BB and WW joins and few BW joins: the
/// p-values of BB and WW are for ``alternative``, that of BW for its reverse (so the default "greater" tests
/// positive autocorrelation with all three). Units without neighbours (with `allowIslands`) reduce n in the
/// moments, as spdep's `adjust.n`.
///
/// Permutations (R random relabellings of the units, one seeded stream per draw) give pseudo p-values
/// `(M + 1)/(R + 1)` in the same directions. esda's `Join_Counts` counts draws `>=` the observed value for both BB and
/// BW, that is its `p_sim_bw` tests *negative* autocorrelation; ours for BW is its reverse.
///
/// Reference: Cliff, A. D. & Ord, J. K. (1981), *Spatial Processes: Models and Applications*, Pion, ch. 1–2.
public struct JoinCounts: Sendable, Codable, Equatable {
    /// How the colours are sampled under the null hypothesis.
    public enum Sampling: String, Sendable, Codable, CaseIterable {
        /// The numbers of black and white units fixed (randomisation; spdep's default `"nonfree"`).
        case nonFree = "nonfree"
        /// Each unit black independently with probability `n_1/n` (spdep's `"free"`).
        case free
    }

    /// One join count with its moments and tests.
    public struct Count: Sendable, Codable, Equatable {
        /// The number of joins.
        public let count: Double
        /// Its expectation under the null hypothesis.
        public let expected: Double
        /// Its variance under the null hypothesis.
        public let variance: Double
        /// `(count - expected) / sqrt(variance)`.
        public let z: Double
        /// The normal p-value of ``z`` (direction: see ``JoinCounts``).
        public let p: Double
        /// The permutation pseudo p-value (`nil` without permutations).
        public let pPermutation: Double?

        enum CodingKeys: String, CodingKey { case count, expected, variance, z, p, pPermutation = "p_permutation" }
    }

    /// Black–black joins (both units 1).
    public let bb: Count
    /// Black–white joins.
    public let bw: Count
    /// White–white joins (both units 0).
    public let ww: Count
    /// The number of joins `J = S0/2` of the binary W.
    public let joins: Double
    /// The number of black units (1).
    public let black: Int
    /// The number of white units (0).
    public let white: Int
    /// The sampling of the normal moments.
    public let sampling: Sampling
    /// The threshold that coded the variable (1 strictly above it), or `nil` when it was binary.
    public let threshold: Double?
    /// The alternative hypothesis (for BB and WW; BW is tested in the reverse direction).
    public let alternative: Alternative
    /// The number of permutations (0: none).
    public let permutations: Int
    /// The seed of the permutations.
    public let seed: UInt64

    enum CodingKeys: String, CodingKey { case bb, bw, ww, joins, black, white, sampling, threshold, alternative, permutations, seed }

    /// Computes the join counts.
    /// - Parameters:
    ///   - x: the variable, ordered as the weights' ids: 0/1, or any values with `threshold`.
    ///   - weights: the spatial W; only its binary form (which pairs are neighbours) is used.
    ///   - threshold: codes `x` as 1 strictly above it, 0 otherwise; without it `x` must be 0/1.
    ///   - sampling: non-free (default) or free sampling for the normal moments.
    ///   - alternative: the alternative of BB and WW (default "greater": positive autocorrelation); BW uses its reverse.
    ///   - permutations: R random relabellings for pseudo p-values (0: none).
    ///   - seed: seeds the draws; the same seed gives the same p-values on any machine and thread count.
    ///   - allowIslands: accept units without neighbours, reducing n by their number; otherwise they are an error.
    ///   - progress: called during the permutation draws; see ``ComputationProgress``.
    /// - Throws: ``ExploratoryError`` for a non-binary variable without threshold, a single colour, sizes, NaN,
    ///   islands or fewer than 4 units.
    public init(_ x: [Double], weights: SpatialWeights, threshold: Double? = nil, sampling: Sampling = .nonFree,
                alternative: Alternative = .greater, permutations: Int = 0, seed: UInt64 = 1, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        if let threshold, !threshold.isFinite { throw .invalidArgument("threshold must be finite (--threshold)") }
        for (i, v) in x.enumerated() where !v.isFinite { throw .nonFinite(index: i, id: i < weights.ids.count ? weights.ids[i] : "\(i + 1)") }
        let y: [Double]
        if let threshold {
            y = x.map { $0 > threshold ? 1 : 0 }
        } else {
            if let k = x.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                throw .invalidArgument("join counts need a binary (0/1) variable, and row \(k + 1) is \(x[k]): give a threshold "
                                       + "(CLI --threshold X; library threshold:) to code 1 strictly above it")
            }
            y = x
        }
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        let input: ExploratoryInput
        do { input = try ExploratoryInput(y, weights, allowIslands: allowIslands) } catch .constantVariable {
            throw .invalidArgument("join counts need both colours: all \(y.count) units are \(y.first == 1 ? 1 : 0)"
                                   + (threshold.map { " (threshold \($0))" } ?? ""))
        }
        let binary: SparseMatrix
        do { binary = try weights.transformed(.binary).matrix } catch { throw .weights(error) }
        let sums = WeightSums(binary)
        let (s0, s1, s2) = (sums.s0, sums.s1, sums.s2)
        let n = Double(y.count - input.islands.count)
        let n1 = y.reduce(0, +), n0 = Double(y.count) - n1
        let counts: @Sendable ([Double]) -> (bb: Double, bw: Double) = { v in
            var bb = 0.0, bw = 0.0
            for i in 0..<binary.rows {
                for k in binary.rowStart[i]..<binary.rowStart[i + 1] {
                    let b = binary.values[k], vj = v[binary.columnIndices[k]]
                    bb += b * v[i] * vj
                    bw += b * (v[i] - vj) * (v[i] - vj)
                }
            }
            return (bb / 2, bw / 2)
        }
        let observed = counts(y)
        let observedWW = s0 / 2 - observed.bb - observed.bw
        func falling(_ a: Double, _ k: Int) -> Double { (0..<k).reduce(1.0) { $0 * (a - Double($1)) } }
        let eBB: Double, vBB: Double, eWW: Double, vWW: Double, eBW: Double, vBW: Double
        switch sampling {
        case .nonFree:
            func same(_ m: Double) -> (Double, Double) {
                let e = s0 * falling(m, 2) / (2 * falling(n, 2))
                let v = 0.25 * (s1 * falling(m, 2) / falling(n, 2) + (s2 - 2 * s1) * falling(m, 3) / falling(n, 3)
                                + (s0 * s0 + s1 - s2) * falling(m, 4) / falling(n, 4)) - e * e
                return (e, v)
            }
            (eBB, vBB) = same(n1)
            (eWW, vWW) = same(n0)
            eBW = s0 * n1 * n0 / falling(n, 2)
            vBW = 0.25 * (2 * s1 * n1 * n0 / falling(n, 2) + (s2 - 2 * s1) * n1 * n0 * (n1 + n0 - 2) / falling(n, 3)
                          + 4 * (s0 * s0 + s1 - s2) * falling(n1, 2) * falling(n0, 2) / falling(n, 4)) - eBW * eBW
        case .free:
            let p = n1 / Double(y.count), q = n0 / Double(y.count)
            func same(_ p: Double) -> (Double, Double) {
                (s0 * p * p / 2, (s1 * p * p + (s2 - 2 * s1) * p * p * p + (s1 - s2) * p * p * p * p) / 4)
            }
            (eBB, vBB) = same(p)
            (eWW, vWW) = same(q)
            eBW = s0 * p * q
            vBW = (s2 * p * q - 4 * (s2 - s1) * p * p * q * q) / 4
        }
        let reverse: Alternative = alternative == .greater ? .less : alternative == .less ? .greater : .twoSided
        var pBB: Double?, pBW: Double?, pWW: Double?
        if permutations > 0 {
            // The same seed gives the same relabellings in both passes, so draw r's BB and BW are of one permutation.
            let bbDraws = PermutationEngine.globalDraws(values: y, count: permutations, seed: seed, phase: "join count permutations (BB)",
                                                        progress: progress) { counts($0).bb }
            let bwDraws = PermutationEngine.globalDraws(values: y, count: permutations, seed: seed, phase: "join count permutations (BW)",
                                                        progress: progress) { counts($0).bw }
            let wwDraws = zip(bbDraws, bwDraws).map { s0 / 2 - $0 - $1 }
            pBB = PermutationEngine.pseudoPValue(observed: observed.bb, draws: bbDraws, alternative: alternative)
            pBW = PermutationEngine.pseudoPValue(observed: observed.bw, draws: bwDraws, alternative: reverse)
            pWW = PermutationEngine.pseudoPValue(observed: observedWW, draws: wwDraws, alternative: alternative)
        }
        func count(_ c: Double, _ e: Double, _ v: Double, _ alt: Alternative, _ pp: Double?) -> Count {
            let z = (c - e) / v.squareRoot()
            return Count(count: c, expected: e, variance: v, z: z, p: Normal.pValue(z, alternative: alt), pPermutation: pp)
        }
        bb = count(observed.bb, eBB, vBB, alternative, pBB)
        bw = count(observed.bw, eBW, vBW, reverse, pBW)
        ww = count(observedWW, eWW, vWW, alternative, pWW)
        joins = s0 / 2
        black = Int(n1)
        white = Int(n0)
        self.sampling = sampling
        self.threshold = threshold
        self.alternative = alternative
        self.permutations = permutations
        self.seed = seed
    }

    /// The counts as a table: count, expectation, variance, z, p (and the pseudo p with permutations).
    public var table: Table {
        var columns = ["Joins", "Count", "Expected", "Variance", "z", "p"]
        if permutations > 0 { columns.append("p (perm.)") }
        var t = Table(title: "Join counts (\(black) black, \(white) white, \(Format.fixed(joins, 1)) joins)", columns: columns)
        for (name, c) in [("BB", bb), ("BW", bw), ("WW", ww)] {
            var row = [name, Format.fixed(c.count, 1), Format.fixed(c.expected, 4), Format.fixed(c.variance, 4), Format.fixed(c.z, 4), Format.pValue(c.p)]
            if let pp = c.pPermutation { row.append(Format.pValue(pp)) }
            t.rows.append(row)
        }
        let coded = threshold.map { "black = 1 strictly above \($0)" } ?? "black = 1"
        t.notes = ["Binary form of W; \(sampling == .nonFree ? "non-free" : "free") sampling; \(coded). p \(alternative.rawValue) "
                   + "for BB and WW, reversed for BW (positive autocorrelation: few BW joins)."]
        return t
    }

    /// The table as text.
    public var summary: String { table.text }
}
