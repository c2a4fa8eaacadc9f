import Foundation

/// How continuous values are put into the classes (states) of a ``MarkovChain`` or ``SpatialMarkov``.
///
/// Quantile classes follow mapclassify's `Quantiles` (which giddy uses): the upper bounds are
/// `scipy.stats.scoreatpercentile(y, p)` at `p = 100/K, 200/K, ..., 100` (linear interpolation between order
/// statistics), repeated bounds are merged (fewer classes when ties collapse quantiles, with a warning), and a value
/// is in the first class whose upper bound it does not exceed: class `j` is `(b_{j-1}, b_j]`.
public enum MarkovClasses: Sendable, Codable, Equatable {
    /// `K` quantile classes of all values of all periods pooled (the default; giddy `Spatial_Markov(fixed=True)`).
    case pooledQuantiles(Int)
    /// `K` quantile classes formed within each period (giddy's `Quantiles(y_t)` per column).
    case periodQuantiles(Int)
    /// Given increasing upper bounds `b_1 < ... < b_{K-1}`: class 0 is `x <= b_1`, class `K-1` is `x > b_{K-1}`
    /// (mapclassify `UserDefined` with `+inf` appended, as giddy's `cutoffs`).
    case breaks([Double])
}

/// mapclassify's quantile rule, as a namespace.
public enum QuantileClassifier {
    /// mapclassify `quantile(y, k)`: the distinct upper bounds (the last is the maximum).
    /// - Throws: ``DynamicsError`` for `k < 1`, no values or a non-finite value.
    public static func upperBounds(_ values: [Double], classes k: Int) throws(DynamicsError) -> [Double] {
        guard k >= 1, k <= 1000 else { throw .invalidArgument("the number of classes must be 1 to 1000, got \(k)") }
        guard !values.isEmpty else { throw .tooFewObservations(what: "quantile classes", needed: 1, got: 0) }
        if let i = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(what: "value \(i + 1)") }
        let sorted = values.sorted()
        let w = 100.0 / Double(k)
        // numpy.arange(w, 100 + w, w): length ceil((stop - start) / step), p_i = start + i step
        let count = Int((((100 + w) - w) / w).rounded(.up))
        var p = (0..<count).map { w + Double($0) * w }
        if let last = p.last, last > 100 { p[p.count - 1] = 100 }
        let q = p.map { scoreAtPercentile(sorted, $0) }
        var bounds = [Double]()
        for v in q.sorted() where bounds.last != v { bounds.append(v) }   // numpy.unique
        return bounds
    }

    /// scipy's `scoreatpercentile(a, per)` with `interpolation_method="fraction"` on sorted values, to the bit.
    static func scoreAtPercentile(_ sorted: [Double], _ per: Double) -> Double {
        let idx = per / 100 * Double(sorted.count - 1)
        let i = Int(idx)
        if Double(i) == idx { return sorted[i] }
        let j = i + 1
        let w0 = Double(j) - idx, w1 = idx - Double(i)
        return (sorted[i] * w0 + sorted[j] * w1) / (w0 + w1)
    }

    /// The class of `x` given upper bounds (mapclassify `bin1d`): the first `j` with `x <= bounds[j]`; values above
    /// the last bound go to the last class (class 0 when there are no bounds).
    public static func classify(_ x: Double, upperBounds bounds: [Double]) -> Int {
        guard !bounds.isEmpty else { return 0 }
        var lo = 0, hi = bounds.count - 1
        if x > bounds[hi] { return hi }
        while lo < hi {
            let mid = (lo + hi) / 2
            if x <= bounds[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
