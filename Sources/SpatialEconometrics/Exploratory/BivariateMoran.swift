import Foundation

/// Bivariate Moran's I: x against the spatial lag of y, `I_xy = (n / S0) z_x' W z_y / (z_x' z_x)` with both
/// variables standardised (`z = (v - mean) / sd`, sd with divisor n), as PySAL's `Moran_BV` and GeoDa; for
/// row-standardised W this is `z_x' W z_y / n`. The permutation test permutes y (one stream per draw).
///
/// Reference: Anselin, L., Syabri, I. & Smirnov, O. (2002), Visualizing multivariate spatial correlation with
/// dynamically linked windows, in *New Tools for Spatial Data Analysis*.
public struct BivariateMoran: Sendable, Codable, Equatable {
    /// `I_xy = (n/S0) z_x' W z_y / z_x'z_x` of the standardised variables.
    public let I: Double
    /// Pseudo p-value `(M + 1)/(R + 1)` when permutations were run, otherwise `nil`.
    public let pPermutation: Double?
    /// The permutation draws' summary (`nil` without permutations).
    public let permutation: PermutationSummary?

    enum CodingKeys: String, CodingKey { case I, pPermutation = "p_permutation", permutation }

    /// Computes the statistic (variables ordered as the weights' ids).
    /// - Parameters:
    ///   - x: the first variable, whose value at i is compared with the lag of `y`.
    ///   - y: the second variable, whose spatial lag `W z_y` enters the statistic.
    ///   - weights: the spatial W (any W: not only symmetric or row-standardised).
    ///   - alternative: the alternative hypothesis of the p-values (default two-sided).
    ///   - permutations: R random permutations for a pseudo p-value (0: none).
    ///   - seed: seeds the draws; the same seed gives the same p-value on any machine and thread count.
    ///   - allowIslands: accept units without neighbours, reducing n by their number (spdep's `zero.policy` with
    ///     `adjust.n`); otherwise they are an error.
    ///   - progress: called during the permutation draws (parallel over all cores, one seeded stream per
    ///     draw, identical results for any thread count), throttled to about every 0.2 s; see ``ComputationProgress``.
    public init(x: [Double], y: [Double], weights: SpatialWeights, alternative: Alternative = .twoSided, permutations: Int = 0,
                seed: UInt64 = 1, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        _ = try ExploratoryInput(x, weights, allowIslands: allowIslands)
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        _ = try ExploratoryInput(y, weights, allowIslands: allowIslands)
        let w = weights.matrix
        let n = Double(x.count)
        func standardized(_ v: [Double]) -> [Double] {
            let m = v.reduce(0, +) / n
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot()
            return v.map { ($0 - m) / sd }
        }
        let zx = standardized(x), zy = standardized(y)
        let s0 = w.values.reduce(0, +)
        let zxx = zx.reduce(0) { $0 + $1 * $1 }
        let statistic: @Sendable ([Double]) -> Double = { v in
            let lag = (try? w.multiply(v)) ?? []
            var s = 0.0
            for i in 0..<zx.count { s += zx[i] * lag[i] }
            return n / s0 * s / zxx
        }
        I = statistic(zy)
        if permutations > 0 {
            let draws = PermutationEngine.globalDraws(values: zy, count: permutations, seed: seed, phase: "bivariate Moran permutations", progress: progress, statistic: statistic)
            let s = PermutationSummary(observed: I, draws: draws, seed: seed, alternative: alternative)
            permutation = s
            pPermutation = s.pValue
        } else {
            permutation = nil
            pPermutation = nil
        }
    }
}
