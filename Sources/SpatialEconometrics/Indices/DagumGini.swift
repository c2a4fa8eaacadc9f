import Foundation

/// Dagum's decomposition of the Gini coefficient by groups (regions): within-group inequality, the net
/// contribution of between-group inequality, and the intensity of transvariation (overlap between groups).
///
/// With groups j = 1..k of sizes n_j (population shares p_j = n_j / n), means mu_j (ordered so that the richer
/// group comes first in each pair), and income shares s_j = p_j mu_j / mu:
///
/// - overall Gini `G = sum_j sum_h sum_i sum_r |y_ji - y_hr| / (2 n^2 mu)`
/// - within-group Gini `G_jj = sum_i sum_r |y_ji - y_jr| / (2 n_j^2 mu_j)`,
///   between-group Gini `G_jh = sum_i sum_r |y_ji - y_hr| / (n_j n_h (mu_j + mu_h))`
/// - `G_w = sum_j G_jj p_j s_j`
/// - relative economic affluence `D_jh = (d_jh - p_jh) / (d_jh + p_jh)`, where `d_jh` is the mean of
///   `max(y_ji - y_hr, 0)` over all pairs (the richer group's advantage) and `p_jh` the mean of `max(y_hr - y_ji, 0)`
/// - net between-group `G_nb = sum_{j<h} G_jh (p_j s_h + p_h s_j) D_jh`
/// - transvariation `G_t = sum_{j<h} G_jh (p_j s_h + p_h s_j) (1 - D_jh)`
///
/// and `G = G_w + G_nb + G_t` exactly. With population weights every count is replaced by the summed weights
/// (every mean by the weighted mean), which keeps the identity.
///
/// Reference: Dagum, C. (1997), "A new approach to the decomposition of the Gini income inequality ratio",
/// *Empirical Economics* 22(4), 515–531.
///
/// ```swift
/// let d = try DagumGini(values: gdppc, groups: regions)
/// print(d.within, d.netBetween, d.transvariation)   // sums to d.gini
/// ```
public struct DagumGini: Sendable, Codable, Equatable {
    /// One group: its size, shares, mean and within-group Gini `G_jj`.
    public struct Group: Sendable, Codable, Equatable {
        /// The group's label.
        public let name: String
        /// The number of units in the group.
        public let n: Int
        /// p_j: share of the population (of the weights).
        public let populationShare: Double
        /// s_j = p_j mu_j / mu: share of the total.
        public let incomeShare: Double
        /// The group's (weighted) mean mu_j.
        public let mean: Double
        /// G_jj.
        public let gini: Double
        /// G_jj p_j s_j, its term in G_w.
        public let contribution: Double

        enum CodingKeys: String, CodingKey {
            case name, n, populationShare = "population_share", incomeShare = "income_share", mean, gini, contribution
        }
    }

    /// One pair of groups, the richer (higher mean) first.
    public struct Pair: Sendable, Codable, Equatable {
        /// The group with the higher mean.
        public let richer: String
        /// The group with the lower mean.
        public let poorer: String
        /// G_jh.
        public let gini: Double
        /// D_jh in [0, 1].
        public let relativeAffluence: Double
        /// G_jh (p_j s_h + p_h s_j) D_jh.
        public let netBetween: Double
        /// G_jh (p_j s_h + p_h s_j) (1 - D_jh).
        public let transvariation: Double

        enum CodingKeys: String, CodingKey {
            case richer, poorer, gini, relativeAffluence = "relative_affluence", netBetween = "net_between", transvariation
        }
    }

    /// G (equal to the ordinary Gini coefficient without small-sample correction).
    public let gini: Double
    /// G_w.
    public let within: Double
    /// G_nb.
    public let netBetween: Double
    /// G_t.
    public let transvariation: Double
    /// The groups, with their within-group Gini.
    public let groups: [Group]
    /// Every pair of groups, the richer first.
    public let pairs: [Pair]

    /// Shares of G (they sum to 1).
    public var withinShare: Double { gini > 0 ? within / gini : 0 }
    /// G_nb / G.
    public var netBetweenShare: Double { gini > 0 ? netBetween / gini : 0 }
    /// G_t / G.
    public var transvariationShare: Double { gini > 0 ? transvariation / gini : 0 }

    enum CodingKeys: String, CodingKey {
        case gini, within, netBetween = "net_between", transvariation, groups, pairs
        case withinShare = "within_share", netBetweenShare = "net_between_share", transvariationShare = "transvariation_share"
    }

    /// Encodes the components with their shares (`within_share`, ...).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(gini, forKey: .gini); try c.encode(within, forKey: .within)
        try c.encode(netBetween, forKey: .netBetween); try c.encode(transvariation, forKey: .transvariation)
        try c.encode(withinShare, forKey: .withinShare); try c.encode(netBetweenShare, forKey: .netBetweenShare)
        try c.encode(transvariationShare, forKey: .transvariationShare)
        try c.encode(groups, forKey: .groups); try c.encode(pairs, forKey: .pairs)
    }

    /// Decodes what ``encode(to:)`` wrote (the shares are recomputed).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gini = try c.decode(Double.self, forKey: .gini); within = try c.decode(Double.self, forKey: .within)
        netBetween = try c.decode(Double.self, forKey: .netBetween); transvariation = try c.decode(Double.self, forKey: .transvariation)
        groups = try c.decode([Group].self, forKey: .groups); pairs = try c.decode([Pair].self, forKey: .pairs)
    }

    /// Decomposes the Gini of `values` by `groups` (labels, one per value; groups are listed in order of first
    /// appearance), optionally with positive population weights (`sampleWeights`, one per value).
    ///
    /// Throws for negative or non-finite values, non-positive weights, fewer than two values or a zero mean.
    public init(values: [Double], groups labels: [String], sampleWeights: [Double]? = nil, variable: String = "x") throws(IndexError) {
        let input = try InequalityInput(values: values, sampleWeights: sampleWeights, variable: variable, sampleWeightName: "weight")
        guard labels.count == values.count else { throw .invalidArgument("\(labels.count) group labels for \(values.count) values") }
        try self.init(validated: input, labels: labels, variable: variable)
    }

    /// Deprecated: `weights` is now `sampleWeights` (``init(values:groups:sampleWeights:variable:)``), since
    /// `weights` names the spatial W only.
    @available(*, deprecated, renamed: "init(values:groups:sampleWeights:variable:)", message: "'weights' names the spatial W only")
    public init(values: [Double], groups labels: [String], weights: [Double]?, variable: String = "x") throws(IndexError) {
        try self.init(values: values, groups: labels, sampleWeights: weights, variable: variable)
    }

    init(validated input: InequalityInput, labels: [String], variable: String) throws(IndexError) {
        let values = input.values, weights = input.sampleWeights
        guard values.count >= 2 else { throw .tooFewObservations(what: "Dagum's Gini decomposition of '\(variable)'", needed: 2, got: values.count) }
        let (names, index) = groupIndex(labels)
        let all = WeightedSample(values, sampleWeights: weights)
        let mu = all.mean
        guard mu > 0 else { throw .invalidArgument("'\(variable)' has mean 0: the Gini coefficient is undefined") }
        let samples = names.indices.map { g in
            let members = index.indices.filter { index[$0] == g }
            return (WeightedSample(members.map { values[$0] }, sampleWeights: members.map { weights[$0] }), members.count)
        }
        let totalW = all.totalWeight
        let p = samples.map { $0.0.totalWeight / totalW }
        let m = samples.map { $0.0.mean }
        let s = zip(p, m).map { $0 * $1 / mu }
        var groupsOut = [Group](), gw = 0.0
        for g in names.indices {
            let (smp, n) = samples[g]
            let gjj = m[g] > 0 ? smp.meanAbsoluteDifference(from: smp) / (2 * m[g]) : 0
            gw += gjj * p[g] * s[g]
            groupsOut.append(Group(name: names[g], n: n, populationShare: p[g], incomeShare: s[g], mean: m[g], gini: gjj, contribution: gjj * p[g] * s[g]))
        }
        var pairsOut = [Pair](), gnb = 0.0, gt = 0.0
        for j in names.indices {
            for h in (j + 1)..<max(names.count, j + 1) {
                // The richer group first, so that D_jh >= 0.
                let (a, b) = m[j] >= m[h] ? (j, h) : (h, j)
                let wab = samples[a].0.totalWeight * samples[b].0.totalWeight
                let d = samples[b].0.weightedPositiveDifferences(from: samples[a].0) / wab   // E max(y_a - y_b, 0)
                let q = samples[a].0.weightedPositiveDifferences(from: samples[b].0) / wab   // E max(y_b - y_a, 0)
                let gjh = m[a] + m[b] > 0 ? (d + q) / (m[a] + m[b]) : 0
                let djh = d + q > 0 ? (d - q) / (d + q) : 0
                let weight = p[a] * s[b] + p[b] * s[a]
                let nb = gjh * weight * djh, tv = gjh * weight * (1 - djh)
                gnb += nb; gt += tv
                pairsOut.append(Pair(richer: names[a], poorer: names[b], gini: gjh, relativeAffluence: djh, netBetween: nb, transvariation: tv))
            }
        }
        gini = all.meanAbsoluteDifference(from: all) / (2 * mu)
        within = gw
        netBetween = gnb
        transvariation = gt
        groups = groupsOut
        pairs = pairsOut
    }

    /// The paper table: overall G, G_w, G_nb, G_t with their shares, then the within-group and between-group Ginis.
    public var table: Table {
        var t = Table(title: "Dagum Gini decomposition", columns: ["Component", "Value", "Share (%)"])
        t.rows = [["G (overall)", Format.fixed(gini, 4), "100.00"],
                  ["G_w (within)", Format.fixed(within, 4), Format.fixed(100 * withinShare, 2)],
                  ["G_nb (net between)", Format.fixed(netBetween, 4), Format.fixed(100 * netBetweenShare, 2)],
                  ["G_t (transvariation)", Format.fixed(transvariation, 4), Format.fixed(100 * transvariationShare, 2)]]
        for g in groups { t.rows.append(["G_jj \(g.name) (n = \(g.n))", Format.fixed(g.gini, 4), ""]) }
        for pr in pairs { t.rows.append(["G_jh \(pr.richer)-\(pr.poorer) (D = \(Format.fixed(pr.relativeAffluence, 3)))", Format.fixed(pr.gini, 4), ""]) }
        t.notes = ["Dagum (1997): G = G_w + G_nb + G_t; D_jh = relative economic affluence of the richer group j over h."]
        return t
    }

    /// ``table`` as plain text.
    public var summary: String { table.text }
}
