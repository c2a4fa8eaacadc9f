import Foundation

/// Global Moran's I with its moments under normality and randomisation (Cliff & Ord 1981) and an optional
/// permutation test.
///
/// `I = (n / S0) (z' W z) / (z' z)`, `z = x - mean(x)`, `E[I] = -1 / (n - 1)`;
/// normality: `Var[I] = (n^2 S1 - n S2 + 3 S0^2) / (S0^2 (n^2 - 1)) - E[I]^2`;
/// randomisation: `Var[I] = [n((n^2 - 3n + 3) S1 - n S2 + 3 S0^2) - b2((n^2 - n) S1 - 2n S2 + 6 S0^2)]
/// / ((n-1)(n-2)(n-3) S0^2) - E[I]^2` with kurtosis `b2 = n sum z^4 / (sum z^2)^2`.
/// Works for any W (not only symmetric or row-standardised). p-values follow spdep's `moran.test`
/// (default alternative "greater"). With islands allowed, n is reduced by their number (spdep `adjust.n`).
///
/// Reference: Cliff, A. D. & Ord, J. K. (1981), *Spatial Processes: Models and Applications*, Pion, ch. 2.
public struct GlobalMoran: Sendable, Codable, Equatable {
    /// `I = (n / S0) (z' W z) / (z' z)`.
    public let I: Double
    /// `E[I] = -1 / (n - 1)`.
    public let expected: Double
    /// `Var[I]` under normality.
    public let varianceNormality: Double
    /// `(I - E[I]) / sqrt(Var[I])` under normality.
    public let zNormality: Double
    /// The normal p-value of ``zNormality`` for ``alternative``.
    public let pNormality: Double
    /// `Var[I]` under randomisation (with the kurtosis b2).
    public let varianceRandomization: Double
    /// `(I - E[I]) / sqrt(Var[I])` under randomisation.
    public let zRandomization: Double
    /// The normal p-value of ``zRandomization`` for ``alternative``.
    public let pRandomization: Double
    /// Pseudo p-value `(M + 1)/(R + 1)` when permutations were run, otherwise `nil`.
    public let pPermutation: Double?
    /// The permutation draws' summary (`nil` without permutations).
    public let permutation: PermutationSummary?
    /// The alternative hypothesis of the p-values (default "greater": positive autocorrelation).
    public let alternative: Alternative
    /// The number of units n (reduced by the islands when they are allowed).
    public let n: Int

    enum CodingKeys: String, CodingKey {
        case I, expected, varianceNormality = "variance_normality", zNormality = "z_normality", pNormality = "p_normality"
        case varianceRandomization = "variance_randomization", zRandomization = "z_randomization", pRandomization = "p_randomization"
        case pPermutation = "p_permutation", permutation, alternative, n
    }

    /// Computes the statistic for `x` (ordered as the weights' ids).
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
            let lag = (try? w.multiply(v)) ?? []
            var num = 0.0
            for i in 0..<v.count { num += v[i] * lag[i] }
            return n / sums.s0 * num / zz
        }
        let value = statistic(z)
        let e = -1 / (n - 1)
        let (s0, s1, s2) = (sums.s0, sums.s1, sums.s2)
        let vn = (n * n * s1 - n * s2 + 3 * s0 * s0) / (s0 * s0 * (n * n - 1)) - e * e
        let b2 = Double(x.count) * z4 / (zz * zz)
        let vr = (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0))
            / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - e * e
        I = value
        expected = e
        varianceNormality = vn
        zNormality = (value - e) / vn.squareRoot()
        pNormality = Normal.pValue(zNormality, alternative: alternative)
        varianceRandomization = vr
        zRandomization = (value - e) / vr.squareRoot()
        pRandomization = Normal.pValue(zRandomization, alternative: alternative)
        if permutations > 0 {
            let draws = PermutationEngine.globalDraws(values: z, count: permutations, seed: seed, phase: "Moran's I permutations", progress: progress, statistic: statistic)
            let summary = PermutationSummary(observed: value, draws: draws, seed: seed, alternative: alternative)
            permutation = summary
            pPermutation = summary.pValue
        } else {
            permutation = nil
            pPermutation = nil
        }
        self.alternative = alternative
        self.n = Int(n)
    }

    /// Standard deviation under randomisation (what papers print as "Sd(I)").
    public var standardDeviation: Double { varianceRandomization.squareRoot() }
}

extension GlobalMoran {
    /// A one-row report.
    /// The summary as a ``Table`` (for Markdown, LaTeX, CSV and HTML exports).
    public var summary: String { table.text }

    /// Moments and p-values under randomisation, normality and (when run) permutation.
    public var table: Table {
        var t = Table(title: "Global Moran's I", columns: ["", "I", "E[I]", "Var[I]", "z", "p"])
        t.rows.append(["randomisation", Format.fixed(I, 6), Format.fixed(expected, 6), Format.fixed(varianceRandomization, 6),
                       Format.fixed(zRandomization, 4), Format.fixed(pRandomization, 6)])
        t.rows.append(["normality", "", "", Format.fixed(varianceNormality, 6), Format.fixed(zNormality, 4), Format.fixed(pNormality, 6)])
        if let p = pPermutation, let s = permutation {
            t.rows.append(["permutation (\(s.permutations))", "", Format.fixed(s.mean, 6), Format.fixed(s.standardDeviation * s.standardDeviation, 6), "", Format.fixed(p, 6)])
        }
        t.notes = ["alternative: \(alternative.rawValue); n = \(n)"]
        return t
    }
}
