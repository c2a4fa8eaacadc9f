/// How the conditional permutations of a local statistic (``LocalMoran``, ``LocalGetisOrd``) draw the values that
/// replace unit i's neighbours. Either way each unit gets a valid conditional permutation test: R draws, each a
/// uniformly random ordered set of k_i distinct units other than i, with `x_i` held fixed.
public enum LocalPermutationDraws: String, Sendable, Codable, CaseIterable {
    /// One table of R random ordered k_max-subsets of `{0, ..., n-2}` shared by all units, as esda's `crand` does:
    /// unit i with k_i neighbours uses the first k_i entries of each row and maps an entry t to unit
    /// `t + (t >= i ? 1 : 0)`, which excludes i itself. Row r comes from `SeededGenerator.stream(seed:index: r)`.
    /// Every unit's test is exact on its own, but the units' p-values are dependent (they see the same draws), as
    /// in esda. The default: it replaces the per-draw random-number work and scattered reads of the variable with a
    /// sequential scan of a cached table: about 19 times less time than `.independent` at n = 10^5 (Performance.md).
    case shared
    /// An independent seeded stream per unit (`SeededGenerator.stream(seed:index: i)`): Floyd sampling of k_i
    /// distinct units, then a shuffle when the weights differ. The units' p-values are independent given the data.
    case independent
}
