import Foundation

/// How a composite index combines sets of indicator weights: the objective weights of ``EntropyOptions/weighting``
/// (w_1, e.g. entropy) with a second set w_2 — another objective method (CRITIC, improved CRITIC, CV, entropy) or
/// given subjective weights (AHP, Delphi, expert scores) — or with several further objective methods w_2, ..., w_K
/// (``further``; e.g. entropy, CRITIC and CV, K = 3).
///
/// With every set summing to 1 (w_kj: set k's weight of indicator j):
///
/// - ``Rule/multiplicative``: `w_j = prod_k w_kj / sum_i prod_k w_ki`;
/// - ``Rule/linear``: `w_j = sum_k c_k w_kj` with given shares `c_k >= 0`, `sum c_k = 1` (``shares``; for two sets
///   `c = (alpha, 1 - alpha)`, ``alpha`` the share of the first set);
/// - ``Rule/gameTheory`` (the game-theory or Nash-equilibrium combination): `w = sum_k a_k w_k` with the
///   coefficients minimising `|| sum_k a_k w_k - w_l ||_2` for every l at once; the first-order conditions are the
///   K x K linear system `sum_k a_k (w_l . w_k) = w_l . w_l` (l = 1, ..., K), solved exactly (LAPACK LU), and the
///   coefficients are then normalised as `a*_k = |a_k| / sum |a_k|` (absolute values, as in the papers that use
///   it, so that the combination stays a convex one). The system (a Gram matrix) is singular when the sets are
///   linearly dependent, e.g. two of them equal, which is refused.
///
/// Given weights are matched to the indicators by name, must be non-negative and are rescaled to sum 1 (said in
/// the table note).
///
/// References: Lai, C., Chen, X., Chen, X., Wang, Z., Wu, X. and Zhao, S. (2015), "A fuzzy comprehensive
/// evaluation model for flood risk based on the combination weight of game theory", *Natural Hazards* 77(2),
/// 1243–1259 (game-theory combination, stated there for L weight sets); Saaty, T. L. (1980), *The Analytic Hierarchy Process* (subjective weights);
/// Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995), *Computers & Operations Research* 22(7), 763–770 (CRITIC).
///
/// ```swift
/// let options = EntropyOptions(combination: WeightCombination(with: .critic, rule: .gameTheory))
/// let ahp = EntropyOptions(combination: WeightCombination(given: ["gdppc": 0.4, "urban": 0.35, "pollution": 0.25],
///                                                         rule: .linear, alpha: 0.5))
/// // entropy, CRITIC and CV (K = 3)
/// let three = EntropyOptions(combination: WeightCombination(with: [.critic, .cv], rule: .gameTheory))
/// let shares = EntropyOptions(combination: WeightCombination(with: [.critic, .cv], rule: .linear, shares: [0.5, 0.3, 0.2]))
/// ```
public struct WeightCombination: Sendable, Codable, Equatable {
    /// How the two sets are combined.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        /// `w = prod_k w_k / sum prod_k w_k`.
        case multiplicative
        /// `w = sum_k c_k w_k` (two sets: `alpha w1 + (1 - alpha) w2`).
        case linear
        /// `w = sum_k a*_k w_k` from the game-theory (Nash) system, `a*_k = |a_k| / sum |a_k|`.
        case gameTheory = "game-theory"
    }

    /// The second set's method (CRITIC, CV, entropy or equal), or `nil` when ``given`` holds it.
    public let with: EntropyOptions.Weighting?
    /// Given (subjective) weights by indicator name, or `nil` when ``with`` names a method.
    public let given: [String: Double]?
    /// The combination rule.
    public let rule: Rule
    /// The share of the first set in ``Rule/linear`` with two sets (ignored by the other rules and when ``shares``
    /// is given).
    public let alpha: Double
    /// Objective methods beyond ``with``: sets w_3, ..., w_K (empty: two sets).
    public let further: [EntropyOptions.Weighting]
    /// The shares `c_1, ..., c_K` of ``Rule/linear`` (non-negative, summing to 1; nil: `alpha, 1 - alpha` for two sets).
    public let shares: [Double]?

    /// Combines with a second objective method.
    public init(with method: EntropyOptions.Weighting, rule: Rule, alpha: Double = 0.5) {
        self.init(with: [method], rule: rule, alpha: alpha, shares: nil)
    }

    /// Combines the first set with the objective methods `methods` (w_2, ..., w_K in order); `shares` are the K
    /// linear shares, the first set's first (needed by ``Rule/linear`` when K > 2).
    public init(with methods: [EntropyOptions.Weighting], rule: Rule, alpha: Double = 0.5, shares: [Double]? = nil) {
        self.with = methods.first
        self.further = Array(methods.dropFirst())
        self.given = nil
        self.rule = rule
        self.alpha = alpha
        self.shares = shares
    }

    /// Combines with given (subjective) weights, one per indicator, matched by name.
    public init(given weights: [String: Double], rule: Rule, alpha: Double = 0.5) {
        self.with = nil
        self.further = []
        self.given = weights
        self.rule = rule
        self.alpha = alpha
        self.shares = nil
    }

    enum CodingKeys: String, CodingKey { case with, given, rule, alpha, further, shares }

    /// Decodes what the encoder wrote; `further` and `shares` (added later) may be absent.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        with = try c.decodeIfPresent(EntropyOptions.Weighting.self, forKey: .with)
        given = try c.decodeIfPresent([String: Double].self, forKey: .given)
        rule = try c.decode(Rule.self, forKey: .rule)
        alpha = try c.decode(Double.self, forKey: .alpha)
        further = try c.decodeIfPresent([EntropyOptions.Weighting].self, forKey: .further) ?? []
        shares = try c.decodeIfPresent([Double].self, forKey: .shares)
    }

    /// The objective partner methods w_2, ..., w_K (empty with given weights).
    var methods: [EntropyOptions.Weighting] { (with.map { [$0] } ?? []) + further }

    /// What the other sets are, for table notes: "CRITIC weights", "CRITIC weights, coefficient-of-variation
    /// weights" or "given weights".
    var partnerName: String {
        given != nil ? "given weights" : methods.map(ObjectiveWeights.name).joined(separator: ", ")
    }

    /// The linear shares of the K sets.
    var linearShares: [Double] { shares ?? [alpha, 1 - alpha] }

    /// The combined weights of `sets` (w_1, ..., w_K, each summing to 1) and the coefficients of the sets (the
    /// linear shares, the normalised game-theory coefficients, or `nil` for the multiplicative rule).
    func combine(_ sets: [[Double]], period: String?) throws(IndexError) -> (weights: [Double], coefficients: [Double]?) {
        let at = period.map { " in period \($0)" } ?? ""
        let m = sets.first?.count ?? 0, kk = sets.count
        func mix(_ c: [Double]) -> [Double] { (0..<m).map { j in (0..<kk).reduce(0) { $0 + c[$1] * sets[$1][j] } } }
        switch rule {
        case .multiplicative:
            let prod = (0..<m).map { j in sets.reduce(1.0) { $0 * $1[j] } }
            let total = prod.reduce(0, +)
            guard total > 0 else {
                throw .invalidArgument("multiplicative combination\(at): every product prod_k w_kj is zero (no indicator has a positive weight in every set); use the linear rule")
            }
            return (prod.map { $0 / total }, nil)
        case .linear:
            let c = linearShares
            return (mix(c), c)
        case .gameTheory:
            func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            // Equal sets make the system singular in exact arithmetic but rounding can leave a tiny pivot: refuse them first.
            for l in 0..<kk {
                for k in (l + 1)..<kk {
                    let maxDiff = zip(sets[l], sets[k]).map { abs($0 - $1) }.max() ?? 0
                    guard maxDiff > 1e-12 else {
                        throw .invalidArgument("game-theory combination\(at): weight sets \(l + 1) and \(k + 1) are equal (largest difference \(maxDiff)): nothing to combine, drop one")
                    }
                }
            }
            let coefficients: [Double]
            do {
                let gram = try Matrix(rowArrays: (0..<kk).map { l in (0..<kk).map { k in dot(sets[l], sets[k]) } })
                let x = try LUDecomposition(gram).solve(try Matrix(rowArrays: (0..<kk).map { [dot(sets[$0], sets[$0])] }))
                coefficients = (0..<kk).map { x[$0, 0] }
            } catch {
                throw .invalidArgument("game-theory combination\(at): the system (w_l . w_k) a = (w_l . w_l) is singular: the \(kk) weight sets are linearly dependent; drop one")
            }
            guard coefficients.allSatisfy(\.isFinite) else {
                throw .invalidArgument("game-theory combination\(at): the system (w_l . w_k) a = (w_l . w_l) has no finite solution: the weight sets are (nearly) linearly dependent; drop one")
            }
            let total = coefficients.map(abs).reduce(0, +)
            guard total > 0 else { throw .invalidArgument("game-theory combination\(at): every coefficient is zero") }
            let normalised = coefficients.map { abs($0) / total }
            return (mix(normalised), normalised)
        }
    }

    /// Checks the rule's parameters and the given weights against the indicators; returns the given weights in
    /// indicator order, rescaled to sum 1 (`nil` for a method partner).
    func validated(indicators: [Indicator], first: EntropyOptions.Weighting) throws(IndexError) -> [Double]? {
        let k = 1 + max(methods.count, given == nil ? 0 : 1)
        if rule == .linear {
            if let shares {
                guard shares.count == k else {
                    throw .invalidArgument("the linear combination of \(k) weight sets needs \(k) shares (the first set's first), got \(shares.count)")
                }
                for (i, c) in shares.enumerated() where !(c.isFinite && c >= 0) {
                    throw .invalidArgument("share \(i + 1) of the linear combination must be a finite number >= 0, got \(c)")
                }
                let total = shares.reduce(0, +)
                guard abs(total - 1) <= 1e-9 else { throw .invalidArgument("the linear combination's shares must sum to 1, they sum to \(total)") }
            } else {
                guard k == 2 else {
                    throw .invalidArgument("the linear combination of \(k) weight sets needs their \(k) shares (shares, --combine-shares), alpha is for two sets")
                }
                guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
                    throw .invalidArgument("the linear combination's alpha (the first set's share) must be in [0, 1], got \(alpha)")
                }
            }
        } else if shares != nil {
            throw .invalidArgument("shares apply to the linear combination only")
        }
        if !methods.isEmpty {
            guard given == nil else { throw .invalidArgument("a weight combination takes methods or given weights, not both") }
            let all = [first] + methods
            for (i, mth) in all.enumerated() where all[..<i].contains(mth) {
                throw .invalidArgument("\(ObjectiveWeights.name(mth)) appear twice in the combination: each weight set once (critic, improved-critic, cv, entropy, equal or given weights)")
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
