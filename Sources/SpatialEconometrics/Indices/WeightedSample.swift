import Foundation

/// A sample with non-negative sample weights, sorted by value, with prefix sums of weights and of weighted values, so that
/// sums of pairwise differences cost O(n log n) instead of O(n^2). Internal to the inequality measures.
struct WeightedSample: Sendable {
    let x: [Double]
    let w: [Double]
    /// `cumW[k]` = sum of the weights of the k smallest values; `cumWX[k]` likewise for w x.
    let cumW: [Double]
    let cumWX: [Double]
    var totalWeight: Double { cumW.last ?? 0 }
    var mean: Double { totalWeight > 0 ? (cumWX.last ?? 0) / totalWeight : 0 }

    init(_ values: [Double], sampleWeights weights: [Double]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        x = order.map { values[$0] }
        w = order.map { weights[$0] }
        var cw = [0.0], cwx = [0.0]
        cw.reserveCapacity(order.count + 1); cwx.reserveCapacity(order.count + 1)
        for (xi, wi) in zip(x, w) { cw.append((cw.last ?? 0) + wi); cwx.append((cwx.last ?? 0) + wi * xi) }
        cumW = cw
        cumWX = cwx
    }

    /// The number of values strictly below `y`.
    func countBelow(_ y: Double) -> Int {
        var lo = 0, hi = x.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if x[mid] < y { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `sum_i sum_r w_i v_r max(y_i - x_r, 0)` for `y` from `other` and `x` from `self`.
    func weightedPositiveDifferences(from other: WeightedSample) -> Double {
        var total = 0.0
        for (yi, wi) in zip(other.x, other.w) {
            let k = countBelow(yi)
            total += wi * (yi * cumW[k] - cumWX[k])
        }
        return total
    }

    /// The weighted mean absolute difference `E|Y - X|` between a draw of `other` and a draw of `self`.
    func meanAbsoluteDifference(from other: WeightedSample) -> Double {
        let ww = totalWeight * other.totalWeight
        guard ww > 0 else { return 0 }
        return (weightedPositiveDifferences(from: other) + other.weightedPositiveDifferences(from: self)) / ww
    }
}

/// Validated inputs of an inequality measure: values and sample (population) weights, 1 when not given.
struct InequalityInput {
    let values: [Double]
    let sampleWeights: [Double]

    /// `rows` are the 1-based data rows named in errors.
    init(values: [Double], sampleWeights weights: [Double]?, variable: String, sampleWeightName weightName: String, rows: [Int]? = nil) throws(IndexError) {
        if let rows, rows.count != values.count { throw .invalidArgument("\(rows.count) row numbers for \(values.count) values") }
        let rowNumbers = rows ?? Array(1...max(values.count, 1))
        for (i, v) in values.enumerated() {
            guard v.isFinite else { throw .nonFinite(variable: variable, row: rowNumbers[i]) }
            guard v >= 0 else { throw .negativeValue(variable: variable, row: rowNumbers[i], value: v, reason: "is negative (inequality measures need non-negative values)") }
        }
        if let weights {
            guard weights.count == values.count else { throw .invalidArgument("\(weights.count) weights for \(values.count) values") }
            for (i, v) in weights.enumerated() {
                guard v.isFinite else { throw .nonFinite(variable: weightName, row: rowNumbers[i]) }
                guard v > 0 else { throw .outOfRange(variable: weightName, row: rowNumbers[i], value: v, range: "(0, inf) (population weights must be positive)") }
            }
        }
        self.values = values
        self.sampleWeights = weights ?? [Double](repeating: 1, count: values.count)
    }
}

/// Group labels in order of first appearance and each observation's group index.
func groupIndex(_ labels: [String]) -> (names: [String], index: [Int]) {
    var names = [String](), lookup = [String: Int](), index = [Int]()
    index.reserveCapacity(labels.count)
    for l in labels {
        if let k = lookup[l] { index.append(k) } else { lookup[l] = names.count; index.append(names.count); names.append(l) }
    }
    return (names, index)
}
