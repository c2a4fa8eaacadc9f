import Foundation

/// Local join counts of binary variables (Anselin & Li 2019; esda `Join_Counts_Local`, `Join_Counts_Local_BV`,
/// `Join_Counts_Local_MV`) with a conditional permutation test.
///
/// The weights are used in their **binary form** (`b_ij = 1` where `w_ij > 0`, self-pairs excluded) whatever their
/// transformation. Every form is `LJC_i = f_i sum_j b_ij v_j` for a focal indicator f and a neighbour indicator v:
/// - univariate (``Kind/univariate``): `f = v = x`: the number of i's neighbours that are 1 when i is 1;
/// - bivariate without co-location (``Kind/bivariate``, esda's case "BJC"): `f_i = x_i (1 - z_i)`,
///   `v_j = (1 - x_j) z_j`: joins from an x-unit to z-units (Anselin & Li's case for variables that never co-locate);
/// - co-location of k >= 2 variables (``Kind/colocation``, esda's "CLC" and `Join_Counts_Local_MV`): `f = v = prod_v x_v`.
///
/// Conditional permutations (the package's engine, ``LocalPermutationDraws``) hold unit i fixed and draw its
/// neighbours' rows from the other n - 1 units; the pseudo p-value is one-sided, `(M + 1)/(R + 1)` with M the draws
/// with `LJC_i^sim >= LJC_i` (Anselin & Li 2019: significance is of many joins), for units with `LJC_i > 0` (others
/// have no test: `nil`/NaN, as esda). esda folds the p-value (`min(M, R - M)`), which also calls a count in the
/// *lower* tail significant; for a count in the upper tail the two agree.
///
/// Reference: Anselin, L. & Li, X. (2019), Operational local join count statistics for cluster detection,
/// *Journal of Geographical Systems* 21:189-210.
public struct LocalJoinCounts: Sendable, Codable, Equatable {
    /// Which local join count.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// One binary variable: `x_i sum_j b_ij x_j`.
        case univariate
        /// Two variables that do not co-locate: `x_i (1 - z_i) sum_j b_ij (1 - x_j) z_j` (esda "BJC").
        case bivariate
        /// Co-location of k >= 2 variables: `prod_v x_vi sum_j b_ij prod_v x_vj` (esda "CLC", `Join_Counts_Local_MV`).
        case colocation
    }

    /// One unit's count.
    public struct Unit: Sendable, Codable, Equatable {
        /// The unit's id.
        public let id: String
        /// `LJC_i`.
        public let count: Double
        /// The one-sided pseudo p-value (`nil` without permutations or when `LJC_i = 0`).
        public let p: Double?
    }

    /// The units, in the weights' order.
    public let units: [Unit]
    /// Which statistic.
    public let kind: Kind
    /// The number of conditional permutations R (0: none).
    public let permutations: Int
    /// The seed of the permutations (`nil` without them).
    public let seed: UInt64?

    /// The univariate local join count of a 0/1 variable (ordered as the weights' ids).
    /// - Parameters:
    ///   - x: the 0/1 variable.
    ///   - weights: the spatial W; only which pairs are neighbours is used.
    ///   - permutations: R conditional permutations per unit (0: none).
    ///   - seed: seeds the draws; the same seed gives the same p-values on any machine and thread count.
    ///   - draws: shared draws (default, as esda's `crand`) or an independent stream per unit.
    ///   - allowIslands: accept units without neighbours (their count is 0); otherwise an error.
    ///   - progress: called during the permutations.
    public init(_ x: [Double], weights: SpatialWeights, permutations: Int = 0, seed: UInt64 = 1, draws: LocalPermutationDraws = .shared,
                allowIslands: Bool = false, progress: ProgressHandler? = nil) throws(ExploratoryError) {
        let v = try Self.binary(x, weights, name: "the variable", allowIslands: allowIslands)
        try self.init(kind: .univariate, focal: v, neighbour: v, weights: weights, permutations: permutations, seed: seed, draws: draws,
                      progress: progress)
    }

    /// The bivariate local join count without co-location (esda "BJC"): from units with x = 1 (and z = 0) to
    /// neighbours with z = 1 (and x = 0).
    /// - Parameters: as ``init(_:weights:permutations:seed:draws:allowIslands:progress:)``; `x` and `z` are 0/1.
    public init(x: [Double], z: [Double], weights: SpatialWeights, permutations: Int = 0, seed: UInt64 = 1,
                draws: LocalPermutationDraws = .shared, allowIslands: Bool = false, progress: ProgressHandler? = nil) throws(ExploratoryError) {
        let a = try Self.binary(x, weights, name: "x", allowIslands: allowIslands)
        let b = try Self.binary(z, weights, name: "z", allowIslands: allowIslands)
        try self.init(kind: .bivariate, focal: zip(a, b).map { $0 * (1 - $1) }, neighbour: zip(a, b).map { (1 - $0) * $1 }, weights: weights,
                      permutations: permutations, seed: seed, draws: draws, progress: progress)
    }

    /// The co-location local join count of k >= 2 variables (esda "CLC" for two, `Join_Counts_Local_MV` for more):
    /// units where all are 1 and their neighbours where all are 1.
    /// - Parameters: as ``init(_:weights:permutations:seed:draws:allowIslands:progress:)``; every variable is 0/1.
    public init(colocation variables: [[Double]], weights: SpatialWeights, permutations: Int = 0, seed: UInt64 = 1,
                draws: LocalPermutationDraws = .shared, allowIslands: Bool = false, progress: ProgressHandler? = nil) throws(ExploratoryError) {
        guard variables.count >= 2 else { throw .invalidArgument("co-location join counts need at least two variables, got \(variables.count)") }
        var all = [Double](repeating: 1, count: variables[0].count)
        for (k, x) in variables.enumerated() {
            let b = try Self.binary(x, weights, name: "variable \(k + 1)", allowIslands: allowIslands)
            for i in all.indices { all[i] *= b[i] }
        }
        try self.init(kind: .colocation, focal: all, neighbour: all, weights: weights, permutations: permutations, seed: seed, draws: draws,
                      progress: progress)
    }

    /// Checks a 0/1 variable (sizes, finite, both values, islands) and returns it.
    private static func binary(_ x: [Double], _ weights: SpatialWeights, name: String, allowIslands: Bool) throws(ExploratoryError) -> [Double] {
        for (i, v) in x.enumerated() where !v.isFinite { throw .nonFinite(index: i, id: i < weights.ids.count ? weights.ids[i] : "\(i + 1)") }
        if let k = x.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            let id = k < weights.ids.count ? weights.ids[k] : "\(k + 1)"
            throw .invalidArgument("local join counts need binary (0/1) variables, and \(name) is \(x[k]) at unit '\(id)' (row \(k + 1)): "
                                   + "code it first (CLI --threshold X: 1 strictly above X)")
        }
        do { _ = try ExploratoryInput(x, weights, allowIslands: allowIslands) } catch .constantVariable {
            throw .invalidArgument("local join counts need both values: \(name) is \(x.first == 1 ? 1 : 0) for all \(x.count) units")
        }
        return x
    }

    private init(kind: Kind, focal f: [Double], neighbour v: [Double], weights: SpatialWeights, permutations: Int, seed: UInt64,
                 draws: LocalPermutationDraws, progress: ProgressHandler?) throws(ExploratoryError) {
        guard permutations >= 0 else { throw .invalidArgument("permutations must be >= 0") }
        guard permutations <= ComputationLimits.maximumPermutations else {
            throw .invalidArgument(ComputationLimits.exceeded("permutations", permutations, ComputationLimits.maximumPermutations))
        }
        let b: SparseMatrix
        do { b = try weights.transformed(.binary).matrix } catch { throw .weights(error) }
        let n = f.count
        var counts = [Double](repeating: 0, count: n)
        for i in 0..<n where f[i] != 0 {
            var s = 0.0
            for k in b.rowStart[i]..<b.rowStart[i + 1] where b.columnIndices[k] != i { s += b.values[k] * v[b.columnIndices[k]] }
            counts[i] = f[i] * s
        }
        let perm = permutations > 0
            ? ConditionalPermutation(values: v, weights: b, permutations: permutations, seed: seed, draws: draws,
                                     phase: "local join count permutations", progress: progress)
            : nil
        units = (0..<n).map { i in
            var p: Double?
            if let perm, counts[i] > 0 {
                p = perm.permuted[i] ? Double(perm.atLeast[i] + 1) / Double(permutations + 1) : .nan
            }
            return Unit(id: weights.ids[i], count: counts[i], p: p)
        }
        self.kind = kind
        self.permutations = permutations
        self.seed = permutations > 0 ? seed : nil
    }

    /// The label of each unit at `alpha`: "cluster" (pseudo p at most alpha), "not significant", or "no joins"
    /// (`LJC_i = 0`, no test).
    public func clusters(alpha: Double = 0.05) -> [String] {
        units.map { u in u.count == 0 ? "no joins" : (u.p.map { $0 <= alpha } ?? false) ? "cluster" : "not significant" }
    }

    /// The table: id, count, pseudo p, label at 5%.
    public var table: Table {
        var t = Table(title: "Local join counts (\(kind.rawValue), \(permutations) conditional permutations)", columns: ["Id", "LJC_i", "p (perm.)", "Cluster (5%)"])
        for (u, c) in zip(units, clusters(alpha: 0.05)) {
            t.rows.append([u.id, Format.fixed(u.count, 0), u.p.map { Format.pValue($0) } ?? "", c])
        }
        t.notes = ["Binary form of W; one-sided pseudo p (M >= LJC_i) for units with joins (Anselin & Li 2019)."]
        return t
    }

    /// The table as text.
    public var summary: String { table.text }
}
