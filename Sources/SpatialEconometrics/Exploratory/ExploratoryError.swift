/// Errors of the exploratory statistics. Messages name the unit or the problem.
public enum ExploratoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The variable and the weights differ in size (the message gives both).
    case sizeMismatch(String)
    /// A NaN or infinite value at this unit (0-based index, id).
    case nonFinite(index: Int, id: String)
    /// The variable has (numerically) zero variance: autocorrelation is undefined.
    case constantVariable
    /// Units without neighbours; allowed only with `allowIslands` (spdep's `zero.policy = TRUE`).
    case islands([String])
    /// Fewer units than the statistic needs (given, needed).
    case tooFewUnits(Int, needed: Int)
    /// An argument outside its domain (the message says which and why).
    case invalidArgument(String)
    /// A data problem while reading the variable of a panel (a missing column, a non-numeric cell), kept typed: its
    /// message names the column and the 1-based row.
    case data(DataError)
    /// Weights that do not fit the data (e.g. a panel's units that are not the weights' ids), kept typed.
    case weights(WeightsError)

    public var description: String {
        switch self {
        case .sizeMismatch(let s): return "size mismatch: \(s)"
        case .nonFinite(let i, let id): return "value of unit '\(id)' (row \(i + 1)) is missing or not finite"
        case .constantVariable: return "the variable is constant: spatial autocorrelation is undefined"
        case .islands(let ids): return "\(ids.count) unit(s) without neighbours (\(ids.prefix(10).joined(separator: ", "))): keep them with --allow-islands (library: allowIslands: true; their lag is 0 and n is adjusted, as spdep's zero.policy = TRUE), or link them to a neighbour (spatial weights --from W --add-link A,B)"
        case .tooFewUnits(let n, let k): return "\(n) units: at least \(k) are needed"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .data(let e): return e.description
        case .weights(let e): return e.description
        }
    }
}

/// Checks shared by the exploratory statistics: sizes, finite values, variance, islands.
struct ExploratoryInput {
    let x: [Double]
    let weights: SpatialWeights
    let islands: [Int]

    init(_ x: [Double], _ weights: SpatialWeights, allowIslands: Bool, minimumUnits: Int = 4) throws(ExploratoryError) {
        guard x.count == weights.count else {
            throw .sizeMismatch("\(x.count) values for weights over \(weights.count) units")
        }
        for (i, v) in x.enumerated() where !v.isFinite { throw .nonFinite(index: i, id: weights.ids[i]) }
        guard x.count >= minimumUnits else { throw .tooFewUnits(x.count, needed: minimumUnits) }
        let mean = x.reduce(0, +) / Double(x.count)
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let scale = x.reduce(0) { max($0, abs($1)) }
        guard ss > 1e-28 * max(1, scale * scale) * Double(x.count) else { throw .constantVariable }
        // The moments use sums of squared row and column sums: weights near 1e300 overflow them to infinity.
        let largest = weights.matrix.values.reduce(0) { max($0, $1) }
        let perRow = Double(weights.cardinalities.max() ?? 0)
        guard (largest * perRow * largest * perRow * 4 * Double(max(1, weights.count))).isFinite else {
            throw .invalidArgument("weights as large as \(largest) overflow the moments of the statistic (sums of squared weights exceed "
                + "the largest double): rescale W, e.g. row-standardise it (--transform row; library: transformed(.row))")
        }
        let isl = weights.cardinalities.enumerated().filter { $0.element == 0 }.map(\.offset)
        if !isl.isEmpty && !allowIslands { throw .islands(isl.map { weights.ids[$0] }) }
        self.x = x
        self.weights = weights
        self.islands = isl
    }

    /// The moments the global tests share: n (less islands), `z = x - mean`, `z'z`, `sum z^4`, and the weight sums.
    struct Moments {
        let n: Double
        let z: [Double]
        let zz: Double
        let z4: Double
        let sums: WeightSums
    }

    var moments: Moments {
        let mean = x.reduce(0, +) / Double(x.count)
        let z = x.map { $0 - mean }
        return Moments(n: Double(x.count - islands.count), z: z, zz: z.reduce(0) { $0 + $1 * $1 },
                       z4: z.reduce(0) { $0 + $1 * $1 * $1 * $1 }, sums: WeightSums(weights.matrix))
    }
}

/// The weight sums of Cliff & Ord (1981): `S0 = sum w_ij`, `S1 = (1/2) sum (w_ij + w_ji)^2`,
/// `S2 = sum_i (w_i. + w_.i)^2`.
struct WeightSums {
    let s0: Double, s1: Double, s2: Double

    init(_ w: SparseMatrix) {
        let t = w.transposed
        var s0 = 0.0, s1 = 0.0
        var rowSum = [Double](repeating: 0, count: w.rows), colSum = [Double](repeating: 0, count: w.rows)
        for i in 0..<w.rows {
            // Merge row i of W and of W' (both sorted) to visit every (i, j) with w_ij + w_ji != 0 once.
            var a = w.rowStart[i], b = t.rowStart[i]
            let ae = w.rowStart[i + 1], be = t.rowStart[i + 1]
            while a < ae || b < be {
                let ja = a < ae ? w.columnIndices[a] : Int.max, jb = b < be ? t.columnIndices[b] : Int.max
                var sum = 0.0
                if ja <= jb { sum += w.values[a]; rowSum[i] += w.values[a]; colSum[ja] += w.values[a]; s0 += w.values[a]; a += 1 }
                if jb <= ja { sum += t.values[b]; b += 1 }
                s1 += sum * sum
            }
        }
        self.s0 = s0
        self.s1 = s1 / 2
        self.s2 = zip(rowSum, colSum).reduce(0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) }
    }
}
