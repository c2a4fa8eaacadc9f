import Foundation

/// What users check about a weights matrix before using it.
///
/// `similarToSymmetric` is true when `W = D^-1 C` for a symmetric C and a positive diagonal D, i.e. there is a
/// positive vector d with `d_i w_ij = d_j w_ji` for every pair (row-standardised symmetric contiguity is the
/// common case). Such a W has real eigenvalues, those of the symmetric `D^1/2 W D^-1/2`, which later allows the
/// fast symmetric eigen-solver for `ln|I - rho W|` (Ord 1975).
public struct WeightsDiagnostics: Sendable, Codable, Equatable {
    /// One bar of the neighbour-count histogram.
    public struct NeighborCount: Sendable, Codable, Equatable {
        /// A number of neighbours.
        public let neighbors: Int
        /// How many units have that number of neighbours.
        public let units: Int
    }

    /// The number of units n.
    public let n: Int
    /// The number of non-zero weights (links).
    public let nonzero: Int
    /// Ids of units with no neighbour.
    public let islands: [String]
    /// The smallest number of neighbours of a unit.
    public let minNeighbors: Int
    /// The largest number of neighbours of a unit.
    public let maxNeighbors: Int
    /// The mean number of neighbours, `nnz / n`.
    public let meanNeighbors: Double
    /// How many units have each number of neighbours, ascending by the number of neighbours.
    public let neighborCountDistribution: [NeighborCount]
    /// `w_ij == w_ji` for all pairs (to 1e-12 relative).
    public let symmetric: Bool
    /// `w_ij > 0` exactly when `w_ji > 0`.
    public let symmetricPattern: Bool
    /// Connected components of the undirected neighbour graph (islands count as one each).
    public let components: Int
    /// Whether `W = D^-1 C` for a symmetric C and a positive diagonal D (see the type's discussion): W then has real
    /// eigenvalues.
    public let similarToSymmetric: Bool
    /// Percentage of non-zero entries, `100 nnz / n^2`.
    public let percentNonzero: Double
    /// The transformation the weights carry (binary, row-standardised, ...).
    public let transformation: WeightsTransformation
    /// The smallest row sum `sum_j w_ij`.
    public let rowSumsMin: Double
    /// The largest row sum `sum_j w_ij`.
    public let rowSumsMax: Double

    enum CodingKeys: String, CodingKey {
        case n, nonzero, islands, minNeighbors = "min_neighbors", maxNeighbors = "max_neighbors", meanNeighbors = "mean_neighbors"
        case neighborCountDistribution = "neighbor_count_distribution", symmetric, symmetricPattern = "symmetric_pattern"
        case components, similarToSymmetric = "similar_to_symmetric", percentNonzero = "percent_nonzero", transformation
        case rowSumsMin = "row_sums_min", rowSumsMax = "row_sums_max"
    }
}

extension SpatialWeights {
    /// The diagnostics of these weights.
    ///
    /// - Complexity: O(nnz log(max neighbours)).
    public var diagnostics: WeightsDiagnostics {
        let card = cardinalities
        var dist = [Int: Int]()
        for c in card { dist[c, default: 0] += 1 }
        let m = matrix
        var symmetric = true, pattern = true
        for i in 0..<count {
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = m.columnIndices[k], v = m.values[k]
                let back = m[j, i]
                if back == 0 && v != 0 { pattern = false; symmetric = false }
                if abs(back - v) > 1e-12 * max(abs(v), abs(back)) { symmetric = false }
            }
        }
        let sums = m.rowSums
        return WeightsDiagnostics(
            n: count, nonzero: m.nonzeroCount,
            islands: (0..<count).filter { card[$0] == 0 }.map { ids[$0] },
            minNeighbors: card.min() ?? 0, maxNeighbors: card.max() ?? 0,
            meanNeighbors: count > 0 ? Double(m.nonzeroCount) / Double(count) : 0,
            neighborCountDistribution: dist.keys.sorted().map { .init(neighbors: $0, units: dist[$0] ?? 0) }, symmetric: symmetric, symmetricPattern: pattern,
            components: connectedComponents().count,
            similarToSymmetric: pattern && symmetrizingScale() != nil,
            percentNonzero: count > 0 ? 100 * Double(m.nonzeroCount) / (Double(count) * Double(count)) : 0,
            transformation: transformation,
            rowSumsMin: sums.min() ?? 0, rowSumsMax: sums.max() ?? 0)
    }

    /// Connected components of the undirected graph `w_ij > 0 or w_ji > 0`, each a list of unit indices.
    ///
    /// - Complexity: O(nnz alpha(n)) by union-find.
    public func connectedComponents() -> [[Int]] {
        var parent = Array(0..<count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for i in 0..<count {
            for k in matrix.rowStart[i]..<matrix.rowStart[i + 1] where matrix.values[k] != 0 {
                let a = find(i), b = find(matrix.columnIndices[k])
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var groups = [Int: [Int]]()
        for i in 0..<count { groups[find(i), default: []].append(i) }
        return groups.keys.sorted().map { groups[$0] ?? [] }
    }

    /// A positive vector d with `d_i w_ij = d_j w_ji` for all pairs, if one exists (then `D^1/2 W D^-1/2`
    /// is symmetric). Found by propagating ratios along a spanning tree of each component, then checked on
    /// every entry to 1e-10 relative.
    public func symmetrizingScale() -> [Double]? {
        let m = matrix
        var d = [Double](repeating: 0, count: count)
        var stack = [Int]()
        for root in 0..<count where d[root] == 0 {
            d[root] = 1
            stack.append(root)
            while let i = stack.popLast() {
                for k in m.rowStart[i]..<m.rowStart[i + 1] {
                    let j = m.columnIndices[k]
                    guard d[j] == 0 else { continue }
                    let back = m[j, i]
                    guard back > 0 else { return nil }
                    d[j] = d[i] * m.values[k] / back
                    stack.append(j)
                }
            }
        }
        for i in 0..<count {
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = m.columnIndices[k]
                let a = d[i] * m.values[k], b = d[j] * m[j, i]
                if abs(a - b) > 1e-10 * max(abs(a), abs(b)) { return nil }
            }
        }
        return d
    }
}

extension WeightsDiagnostics {
    /// A plain-text report of the diagnostics, for terminals and logs.
    public var summary: String {
        func yes(_ b: Bool) -> String { b ? "yes" : "no" }
        let rows: [(String, String)] = [
            ("units (n)", "\(n)"),
            ("non-zero links", "\(nonzero)  (\(String(format: "%.2f", percentNonzero))% of n^2)"),
            ("neighbours min / mean / max", "\(minNeighbors) / \(String(format: "%.3f", meanNeighbors)) / \(maxNeighbors)"),
            ("islands", islands.isEmpty ? "none" : "\(islands.count): " + islands.prefix(10).joined(separator: ", ") + (islands.count > 10 ? ", ..." : "")),
            ("symmetric", "\(yes(symmetric))  (pattern: \(yes(symmetricPattern)), similar to symmetric: \(yes(similarToSymmetric)))"),
            ("connected components", "\(components)"),
            ("row sums min / max", "\(String(format: "%.6g", rowSumsMin)) / \(String(format: "%.6g", rowSumsMax))"),
            ("transformation", transformation.rawValue),
        ]
        var s = rows.map { $0.0.padding(toLength: 30, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
        s += "\nneighbour counts (k: units)    " + neighborCountDistribution.map { "\($0.neighbors): \($0.units)" }.joined(separator: ", ")
        return s
    }
}
