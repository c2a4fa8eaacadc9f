import Foundation

/// Geary's C with its moments under normality and randomisation (Cliff & Ord 1981) and an optional permutation test.
///
/// `C = (n - 1) sum_ij w_ij (x_i - x_j)^2 / (2 S0 sum z^2)`, `E[C] = 1`;
/// normality: `Var[C] = ((2 S1 + S2)(n - 1) - 4 S0^2) / (2 (n + 1) S0^2)`;
/// randomisation: `Var[C] = [(n-1) S1 (n^2 - 3n + 3 - (n-1) b2) - (1/4)(n-1) S2 (n^2 + 3n - 6 - (n^2 - n + 2) b2)
/// + S0^2 (n^2 - 3 - (n-1)^2 b2)] / (n (n-2)(n-3) S0^2)`.
/// As in spdep's `geary.test`, `z = (E[C] - C) / sd`, so a positive z means positive autocorrelation, and the
/// default alternative "greater" tests for it.
///
/// Reference: Geary, R. C. (1954), The contiguity ratio and statistical mapping, *The Incorporated Statistician* 5;
/// Cliff & Ord (1981), ch. 2.
public struct GearyC: Sendable, Codable, Equatable {
    /// `C = (n - 1) sum_ij w_ij (x_i - x_j)^2 / (2 S0 sum z^2)`.
    public let C: Double
    /// `E[C] = 1`.
    public let expected: Double
    /// `Var[C]` under normality.
    public let varianceNormality: Double
    /// `(E[C] - C) / sqrt(Var[C])` under normality (positive for positive autocorrelation).
    public let zNormality: Double
    /// The normal p-value of ``zNormality`` for ``alternative``.
    public let pNormality: Double
    /// `Var[C]` under randomisation (with the kurtosis b2).
    public let varianceRandomization: Double
    /// `(E[C] - C) / sqrt(Var[C])` under randomisation.
    public let zRandomization: Double
    /// The normal p-value of ``zRandomization`` for ``alternative``.
    public let pRandomization: Double
    /// Pseudo p-value `(M + 1)/(R + 1)` when permutations were run, otherwise `nil`.
    public let pPermutation: Double?
    /// The permutation draws' summary (`nil` without permutations).
    public let permutation: PermutationSummary?
    /// The alternative hypothesis of the p-values (default "greater": positive autocorrelation).
    public let alternative: Alternative

    enum CodingKeys: String, CodingKey {
        case C, expected, varianceNormality = "variance_normality", zNormality = "z_normality", pNormality = "p_normality"
        case varianceRandomization = "variance_randomization", zRandomization = "z_randomization", pRandomization = "p_randomization"
        case pPermutation = "p_permutation", permutation, alternative
    }

    /// Computes the statistic (variables ordered as the weights' ids).
    /// - Parameters:
    ///   - x: the variable, ordered as the weights' ids.
    ///   - weights: the spatial W (any W: not only symmetric or row-standardised).
    ///   - alternative: the alternative hypothesis of the p-values (default "greater": positive autocorrelation).
    ///   - permutations: R random permutations for a pseudo p-value (0: none).
    ///   - seed: seeds the draws; the same seed gives the same p-value on any machine and thread count.
    ///   - allowIslands: accept units without neighbours, reducing n by their number (spdep's `zero.policy` with
    ///     `adjust.n`); otherwise they are an error.
    ///   - progress: called during the permutation draws (parallel over all cores, one seeded stream per
    ///     draw, identical results for any thread count), throttled to about every 0.2 s; see ``ComputationProgress``.
    public init(_ x: [Double], weights: SpatialWeights, alternative: Alternative = .greater, permutations: Int = 0,
                seed: UInt64 = 1, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        let input = try ExploratoryInput(x, weights, allowIslands: allowIslands)
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        let w = weights.matrix
        let m = input.moments
        let (n, z, zz, z4, sums) = (m.n, m.z, m.zz, m.z4, m.sums)
        let statistic: @Sendable ([Double]) -> Double = { v in
            var s = 0.0
            for i in 0..<w.rows {
                for k in w.rowStart[i]..<w.rowStart[i + 1] {
                    let d = v[i] - v[w.columnIndices[k]]
                    s += w.values[k] * d * d
                }
            }
            return (n - 1) * s / (2 * sums.s0 * zz)
        }
        let value = statistic(z)
        let (s0, s1, s2) = (sums.s0, sums.s1, sums.s2)
        let b2 = Double(x.count) * z4 / (zz * zz)
        let vn = ((2 * s1 + s2) * (n - 1) - 4 * s0 * s0) / (2 * (n + 1) * s0 * s0)
        let vr = ((n - 1) * s1 * (n * n - 3 * n + 3 - (n - 1) * b2)
                  - 0.25 * (n - 1) * s2 * (n * n + 3 * n - 6 - (n * n - n + 2) * b2)
                  + s0 * s0 * (n * n - 3 - (n - 1) * (n - 1) * b2)) / (n * (n - 2) * (n - 3) * s0 * s0)
        C = value
        expected = 1
        varianceNormality = vn
        zNormality = (1 - value) / vn.squareRoot()
        pNormality = Normal.pValue(zNormality, alternative: alternative)
        varianceRandomization = vr
        zRandomization = (1 - value) / vr.squareRoot()
        pRandomization = Normal.pValue(zRandomization, alternative: alternative)
        if permutations > 0 {
            // Small C is positive autocorrelation: count draws as extreme in that direction by negating.
            let draws = PermutationEngine.globalDraws(values: z, count: permutations, seed: seed, phase: "Geary's C permutations", progress: progress, statistic: statistic)
            let summary = PermutationSummary(observed: -value, draws: draws.map { -$0 }, seed: seed, alternative: alternative)
            permutation = PermutationSummary(mean: draws.reduce(0, +) / Double(draws.count), sd: summary.standardDeviation,
                                             from: summary)
            pPermutation = summary.pValue
        } else {
            permutation = nil
            pPermutation = nil
        }
        self.alternative = alternative
    }
}

extension PermutationSummary {
    init(mean: Double, sd: Double, from s: PermutationSummary) {
        self.permutations = s.permutations
        self.seed = s.seed
        self.mean = mean
        self.standardDeviation = sd
        self.pValue = s.pValue
    }
}
