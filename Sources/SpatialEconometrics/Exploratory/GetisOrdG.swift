import Foundation

/// Getis–Ord global G for non-negative variables: `G = sum_{i != j} w_ij x_i x_j / sum_{i != j} x_i x_j`,
/// `E[G] = S0 / (n (n - 1))`, variance under randomisation from the moments of x
/// (Getis & Ord 1992, eq. 12; coefficients b0..b4 as in spdep's `globalG.test`). Default alternative "greater"
/// (high values cluster).
///
/// Reference: Getis, A. & Ord, J. K. (1992), The analysis of spatial association by use of distance statistics,
/// *Geographical Analysis* 24(3), 189–206.
public struct GetisOrdG: Sendable, Codable, Equatable {
    /// `G = sum_{i != j} w_ij x_i x_j / sum_{i != j} x_i x_j`.
    public let G: Double
    /// `E[G] = S0 / (n (n - 1))`.
    public let expected: Double
    /// `Var[G]` under randomisation (Getis & Ord 1992, eq. 12).
    public let variance: Double
    /// `(G - E[G]) / sqrt(Var[G])`.
    public let z: Double
    /// The normal p-value of ``z`` for ``alternative``.
    public let p: Double
    /// Pseudo p-value `(M + 1)/(R + 1)` when permutations were run, otherwise `nil`.
    public let pPermutation: Double?
    /// The alternative hypothesis of the p-values (default "greater": high values cluster).
    public let alternative: Alternative

    enum CodingKeys: String, CodingKey { case G, expected, variance, z, p, pPermutation = "p_permutation", alternative }

    /// Computes the statistic (variables ordered as the weights' ids).
    /// - Parameters:
    ///   - x: the variable (non-negative), ordered as the weights' ids.
    ///   - weights: the spatial W (any W: not only symmetric or row-standardised).
    ///   - alternative: the alternative hypothesis of the p-values (default "greater": high values cluster).
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
        if let i = x.firstIndex(where: { $0 < 0 }) {
            throw .invalidArgument("Getis-Ord G needs non-negative values; unit '\(weights.ids[i])' has \(x[i])")
        }
        let w = weights.matrix
        let sums = WeightSums(w)
        let n = Double(x.count - input.islands.count)
        let m1 = x.reduce(0, +), m2 = x.reduce(0) { $0 + $1 * $1 }
        let m3 = x.reduce(0) { $0 + $1 * $1 * $1 }, m4 = x.reduce(0) { $0 + $1 * $1 * $1 * $1 }
        let denominator = m1 * m1 - m2
        let statistic: @Sendable ([Double]) -> Double = { v in
            var s = 0.0
            for i in 0..<w.rows {
                for k in w.rowStart[i]..<w.rowStart[i + 1] where w.columnIndices[k] != i { s += w.values[k] * v[i] * v[w.columnIndices[k]] }
            }
            return s / denominator
        }
        let value = statistic(x)
        let (s0, s1, s2) = (sums.s0, sums.s1, sums.s2)
        let e = s0 / (n * (n - 1))
        let b0 = (n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0
        let b1 = -((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
        let b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s0 * s0)
        let b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s0 * s0
        let b4 = s1 - s2 + s0 * s0
        let eg2 = (b0 * m2 * m2 + b1 * m4 + b2 * m1 * m1 * m2 + b3 * m1 * m3 + b4 * m1 * m1 * m1 * m1)
            / (denominator * denominator * n * (n - 1) * (n - 2) * (n - 3))
        G = value
        expected = e
        variance = eg2 - e * e
        z = (value - e) / variance.squareRoot()
        p = Normal.pValue(z, alternative: alternative)
        pPermutation = permutations > 0
            ? PermutationEngine.pseudoPValue(observed: value, draws: PermutationEngine.globalDraws(values: x, count: permutations, seed: seed, phase: "Getis-Ord G permutations", progress: progress, statistic: statistic), alternative: alternative)
            : nil
        self.alternative = alternative
    }
}
