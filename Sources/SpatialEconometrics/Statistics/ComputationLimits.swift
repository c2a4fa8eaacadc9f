/// Documented upper bounds on the counts a caller controls, so that an absurd request (`permutations:
/// 1_000_000_000_000`) is a typed error instead of an allocation failure or an integer overflow.
///
/// The bounds are far above what inference needs (999 or 9,999 permutations, 1,000 to 10,000 simulated draws)
/// and keep memory within a few GB: a local permutation table of 10^6 draws for a unit with 20 neighbours is
/// 160 MB; 10^6 effect draws of 10 regressors keep 240 MB of draws.
public enum ComputationLimits {
    /// At most this many permutations in any permutation test (global or local).
    public static let maximumPermutations = 1_000_000
    /// At most this many simulated draws of the effects (``ImpactInference/simulation(draws:seed:)``).
    public static let maximumSimulationDraws = 1_000_000

    /// The message for a count above its bound.
    static func exceeded(_ what: String, _ value: Int, _ limit: Int) -> String {
        "\(what) = \(value) exceeds the limit of \(limit) (ComputationLimits; far more than inference needs: 999 or 9,999 are usual)"
    }
}
