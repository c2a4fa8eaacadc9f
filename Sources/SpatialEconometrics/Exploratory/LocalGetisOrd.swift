import Foundation

/// Local Getis–Ord statistics `G_i` (neighbours only) and `G_i*` (the unit included), reported as z-values as
/// spdep's `localG` does.
///
/// `G_i`: `x̄_i = (sum x - x_i)/(n - 1)`, `s_i^2 = (sum x^2 - x_i^2)/(n - 1) - x̄_i^2`,
/// `z_i = (sum_j w_ij x_j - W_i x̄_i) / sqrt(s_i^2 ((n - 1) S1i - W_i^2) / (n - 2))`;
/// `G_i*`: `x̄ = mean(x)`, `s^2 = sum (x - x̄)^2 / n`, `z_i = (sum_j w_ij x_j - W_i x̄) / sqrt(s^2 (n S1i - W_i^2) / (n - 1))`
/// with `W_i = sum_j w_ij`, `S1i = sum_j w_ij^2`. For `G_i*` the weights must include the unit itself: build them
/// with ``SpatialWeights/includingSelf()``. p-values are two-sided.
///
/// Reference: Ord, J. K. & Getis, A. (1995), Local spatial autocorrelation statistics: distributional issues and an
/// application, *Geographical Analysis* 27(4), 286–306.
public struct LocalGetisOrd: Sendable, Codable, Equatable {
    public struct Unit: Sendable, Codable, Equatable {
        public let id: String
        /// The ratio `sum_j w_ij x_j / sum_{j (!= i)} x_j`.
        public let G: Double
        public let z: Double
        public let p: Double
    }

    public let star: Bool
    public let units: [Unit]

    /// - Parameter star: `true` for `G_i*` (weights with the diagonal, see ``SpatialWeights/includingSelf()``).
    public init(_ x: [Double], weights: SpatialWeights, star: Bool, allowIslands: Bool = false) throws(ExploratoryError) {
        _ = try ExploratoryInput(x, weights, allowIslands: allowIslands)
        let w = weights.matrix
        let n = Double(x.count)
        let total = x.reduce(0, +), total2 = x.reduce(0) { $0 + $1 * $1 }
        let mean = total / n
        let s2star = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        var rows = [Unit]()
        for i in 0..<x.count {
            var lag = 0.0, wi = 0.0, s1i = 0.0
            for k in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = w.columnIndices[k]
                if !star && j == i { continue }
                lag += w.values[k] * x[j]; wi += w.values[k]; s1i += w.values[k] * w.values[k]
            }
            let z: Double, g: Double
            if star {
                let v = s2star * (n * s1i - wi * wi) / (n - 1)
                z = (lag - wi * mean) / v.squareRoot()
                g = lag / total
            } else {
                let xb = (total - x[i]) / (n - 1)
                let s2 = (total2 - x[i] * x[i]) / (n - 1) - xb * xb
                let v = s2 * ((n - 1) * s1i - wi * wi) / (n - 2)
                z = (lag - wi * xb) / v.squareRoot()
                g = lag / (total - x[i])
            }
            rows.append(Unit(id: weights.ids[i], G: g, z: z, p: Normal.pValue(z, alternative: .twoSided)))
        }
        self.star = star
        units = rows
    }
}

extension SpatialWeights {
    /// The weights with every unit added to its own neighbours (for `G_i*`), re-weighted as the current
    /// transformation says: row-standardised weights become `1 / (k_i + 1)`, binary weights 1 (spdep `include.self`
    /// followed by `nb2listw`). Weights of other transformations get a self-weight of 1 and keep their other values.
    public func includingSelf() throws(WeightsError) -> SpatialWeights {
        var lists = [[Int]](), values = [[Double]]()
        for i in 0..<count {
            var nb = Array(neighbors(of: i)), wv = Array(weights(of: i))
            if !nb.contains(i) { nb.append(i); wv.append(1) }
            lists.append(nb); values.append(wv)
        }
        let base = try SpatialWeights(ids: ids, neighbors: lists, weights: values, allowSelfNeighbors: true)
        switch transformation {
        case .row: return try base.transformed(.binary).transformed(.row)
        case .binary: return try base.transformed(.binary)
        default: return base
        }
    }
}
