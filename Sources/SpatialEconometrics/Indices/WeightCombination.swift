import Foundation

/// How a composite index combines two sets of indicator weights: the objective weights of
/// ``EntropyOptions/weighting`` (w1, e.g. entropy) with a second set w2 — another objective method (CRITIC, CV,
/// entropy) or given subjective weights (AHP, Delphi, expert scores).
///
/// With both sets summing to 1:
///
/// - ``Rule/multiplicative``: `w_j = w1_j w2_j / sum_k w1_k w2_k`;
/// - ``Rule/linear``: `w_j = alpha w1_j + (1 - alpha) w2_j`, `alpha` in [0, 1] the share of the first set;
/// - ``Rule/gameTheory`` (the game-theory or Nash-equilibrium combination): `w = a1 w1 + a2 w2` with the
///   coefficients minimising `|| sum_k a_k w_k - w_l ||_2` for every l at once; the first-order conditions are the
///   linear system `sum_k a_k (w_l . w_k) = w_l . w_l` (l = 1, 2), solved exactly (LAPACK LU), and the
///   coefficients are then normalised as `a*_k = |a_k| / sum |a_k|` (absolute values, as in the papers that use
///   it, so that the combination stays a convex one). The system is singular only when w1 = w2, which is refused
///   (nothing to combine).
///
/// Given weights are matched to the indicators by name, must be non-negative and are rescaled to sum 1 (said in
/// the table note).
///
/// References: Lai, C., Chen, X., Chen, X., Wang, Z., Wu, X. and Zhao, S. (2015), "A fuzzy comprehensive
/// evaluation model for flood risk based on the combination weight of game theory", *Natural Hazards* 77(2),
/// 1243–1259 (game-theory combination); Saaty, T. L. (1980), *The Analytic Hierarchy Process* (subjective weights);
/// Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995), *Computers & Operations Research* 22(7), 763–770 (CRITIC).
///
/// ```swift
/// let options = EntropyOptions(combination: WeightCombination(with: .critic, rule: .gameTheory))
/// let ahp = EntropyOptions(combination: WeightCombination(given: ["gdppc": 0.4, "urban": 0.35, "pollution": 0.25],
///                                                         rule: .linear, alpha: 0.5))
/// ```
public struct WeightCombination: Sendable, Codable, Equatable {
    /// How the two sets are combined.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        /// `w = w1 w2 / sum w1 w2`.
        case multiplicative
        /// `w = alpha w1 + (1 - alpha) w2`.
        case linear
        /// `w = a*_1 w1 + a*_2 w2` from the game-theory (Nash) system, `a*_k = |a_k| / sum |a_k|`.
        case gameTheory = "game-theory"
    }

    /// The second set's method (CRITIC, CV, entropy or equal), or `nil` when ``given`` holds it.
    public let with: EntropyOptions.Weighting?
    /// Given (subjective) weights by indicator name, or `nil` when ``with`` names a method.
    public let given: [String: Double]?
    /// The combination rule.
    public let rule: Rule
    /// The share of the first set in ``Rule/linear`` (ignored by the other rules).
    public let alpha: Double

    /// Combines with a second objective method.
    public init(with method: EntropyOptions.Weighting, rule: Rule, alpha: Double = 0.5) {
        self.with = method
        self.given = nil
        self.rule = rule
        self.alpha = alpha
    }

    /// Combines with given (subjective) weights, one per indicator, matched by name.
    public init(given weights: [String: Double], rule: Rule, alpha: Double = 0.5) {
        self.with = nil
        self.given = weights
        self.rule = rule
        self.alpha = alpha
    }

    /// What the second set is, for table notes: "CRITIC weights" or "given weights".
    var partnerName: String {
        if let with { return ObjectiveWeights.name(with) }
        return "given weights"
    }

    /// The combined weights of `w1` and `w2` (each summing to 1) and the coefficients of the two sets
    /// (`[alpha, 1 - alpha]`, the normalised game-theory coefficients, or `nil` for the multiplicative rule).
    func combine(_ w1: [Double], _ w2: [Double], period: String?) throws(IndexError) -> (weights: [Double], coefficients: [Double]?) {
        let at = period.map { " in period \($0)" } ?? ""
        switch rule {
        case .multiplicative:
            let prod = zip(w1, w2).map { $0 * $1 }
            let total = prod.reduce(0, +)
            guard total > 0 else {
                throw .invalidArgument("multiplicative combination\(at): every product w1_j w2_j is zero (the two sets weight disjoint indicators); use the linear rule")
            }
            return (prod.map { $0 / total }, nil)
        case .linear:
            return (zip(w1, w2).map { alpha * $0 + (1 - alpha) * $1 }, [alpha, 1 - alpha])
        case .gameTheory:
            let sets = [w1, w2]
            func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            var a = [Double](), b = [Double]()
            for l in 0..<2 { for k in 0..<2 { a.append(dot(sets[l], sets[k])) } }
            for l in 0..<2 { b.append(dot(sets[l], sets[l])) }
            // a holds rows (l) of A; Matrix(rowArrays:) takes rows.
            let coefficients: [Double]
            do {
                let lu = try LUDecomposition(try Matrix(rowArrays: [[a[0], a[1]], [a[2], a[3]]]))
                let x = try lu.solve(try Matrix(rowArrays: [[b[0]], [b[1]]]))
                coefficients = [x[0, 0], x[1, 0]]
            } catch {
                throw .invalidArgument("game-theory combination\(at): the system (w_l . w_k) a = (w_l . w_l) is singular, i.e. the two weight sets are equal: nothing to combine, use either")
            }
            // Equal sets make the system singular in exact arithmetic but rounding can leave a tiny pivot: refuse that too.
            let maxDiff = zip(w1, w2).map { abs($0 - $1) }.max() ?? 0
            guard maxDiff > 1e-12, coefficients.allSatisfy(\.isFinite) else {
                throw .invalidArgument("game-theory combination\(at): the two weight sets are equal (largest difference \(maxDiff)): nothing to combine, use either")
            }
            let total = coefficients.map(abs).reduce(0, +)
            guard total > 0 else { throw .invalidArgument("game-theory combination\(at): both coefficients are zero") }
            let normalised = coefficients.map { abs($0) / total }
            return (zip(w1, w2).map { normalised[0] * $0 + normalised[1] * $1 }, normalised)
        }
    }

    /// Checks the rule's parameters and the given weights against the indicators; returns the given weights in
    /// indicator order, rescaled to sum 1 (`nil` for a method partner).
    func validated(indicators: [Indicator], first: EntropyOptions.Weighting) throws(IndexError) -> [Double]? {
        if rule == .linear {
            guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
                throw .invalidArgument("the linear combination's alpha (the first set's share) must be in [0, 1], got \(alpha)")
            }
        }
        if let with {
            guard given == nil else { throw .invalidArgument("a weight combination takes a method or given weights, not both") }
            guard with != first else {
                throw .invalidArgument("combining \(ObjectiveWeights.name(first)) with themselves: choose another second set (critic, cv, entropy or given weights)")
            }
            return nil
        }
        guard let given else { throw .invalidArgument("a weight combination needs a second set: a method (critic, cv, entropy) or given weights") }
        let names = Set(indicators.map(\.name))
        for key in given.keys.sorted() where !names.contains(key) {
            throw .invalidArgument("given weight for '\(key)', which is not among the indicators (\(indicators.map(\.name).joined(separator: ", ")))")
        }
        var out = [Double]()
        for ind in indicators {
            guard let v = given[ind.name] else {
                throw .invalidArgument("no given weight for indicator '\(ind.name)': give one for every indicator (name=weight)")
            }
            guard v.isFinite, v >= 0 else { throw .invalidArgument("the given weight of '\(ind.name)' must be a finite number >= 0, got \(v)") }
            out.append(v)
        }
        let total = out.reduce(0, +)
        guard total > 0 else { throw .invalidArgument("the given weights are all zero") }
        return out.map { $0 / total }
    }
}
