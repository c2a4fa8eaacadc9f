import Foundation

extension SpatialWeights {
    /// Economic-distance weights `w_ij = 1 / |y_i - y_j|` for i != j, from one value per unit (typically a
    /// per-capita income or GDP averaged over the sample period): units with similar economies weigh more
    /// (Case, Rosen & Hines 1993, *Budget spillovers and fiscal policy interdependence*, J. Public Economics
    /// 52(3): 285-307). Dense and symmetric; usually row-standardised afterwards (``transformed(_:)`` with
    /// `.row`).
    ///
    /// - Parameters:
    ///   - values: `y_i` aligned with `ids`, finite.
    ///   - ids: default `"0"`, `"1"`, ...
    /// - Throws: two equal values (infinite weight; the error names both units), a non-finite value (naming the
    ///   unit), n above ``maximumDenseUnits``.
    /// - Complexity: O(n^2) time and memory.
    public static func economicDistance(values: [Double], ids: [String]? = nil) throws(WeightsError) -> SpatialWeights {
        let ids = try resolveIds(ids, count: values.count, what: "values")
        let n = values.count
        guard n <= maximumDenseUnits else {
            throw .invalidArgument("economic distance weights are dense; \(n) units exceed the limit of \(maximumDenseUnits)")
        }
        for (i, v) in values.enumerated() where !v.isFinite {
            throw .invalidArgument("unit '\(ids[i])' has a non-finite value (\(v)) for the economic distance")
        }
        // Equal values give an infinite weight: find them in O(n log n) before the O(n^2) loop.
        let order = (0..<n).sorted { (values[$0], $0) < (values[$1], $1) }
        for t in 1..<max(1, n) where values[order[t]] == values[order[t - 1]] {
            throw .invalidArgument("units '\(ids[order[t - 1]])' and '\(ids[order[t]])' have the same value (\(values[order[t]])), "
                + "so their economic-distance weight 1/|y_i - y_j| is infinite")
        }
        var columns = [Int](), weights = [Double]()
        columns.reserveCapacity(n * max(0, n - 1)); weights.reserveCapacity(n * max(0, n - 1))
        for i in 0..<n {
            for j in 0..<n where j != i {
                columns.append(j)
                weights.append(1 / abs(values[i] - values[j]))
            }
        }
        return try assemble(ids: ids, rowStart: (0...n).map { $0 * max(0, n - 1) }, columns: columns, values: weights)
    }

    /// The nested economic-geography matrix `W = phi W_geo + (1 - phi) W_econ`, a convex combination of a
    /// geographic and an economic weights matrix (Debarsy & LeSage 2018, *Flexible dependence modeling using
    /// convex combinations of different types of connectivity structures*, Regional Science and Urban Economics
    /// 69: 48-68; LeSage & Pace 2009, ch. 3, on combining weights).
    ///
    /// The two matrices are combined as given; if both are row-standardised the result is too, otherwise users
    /// usually row-standardise it afterwards (``transformed(_:)`` with `.row`). `economic` may list the same ids
    /// in another order (it is reordered to `geographic`'s). Entries that come out exactly zero are dropped.
    ///
    /// - Parameters:
    ///   - geographic: `W_geo`, e.g. contiguity or inverse distance.
    ///   - economic: `W_econ` on the same ids, e.g. ``economicDistance(values:ids:)``.
    ///   - phi: weight of the geographic matrix, in [0, 1].
    /// - Throws: phi outside [0, 1] or NaN, ids that differ between the two matrices.
    /// - Complexity: O(n + nnz(W_geo) + nnz(W_econ)).
    public static func economicGeography(geographic: SpatialWeights, economic: SpatialWeights, phi: Double) throws(WeightsError) -> SpatialWeights {
        guard phi >= 0, phi <= 1 else { throw .invalidArgument("phi must be in [0, 1] (got \(phi))") }
        guard geographic.count == economic.count else {
            throw .sizeMismatch("geographic weights over \(geographic.count) units, economic weights over \(economic.count)")
        }
        let e = geographic.ids == economic.ids ? economic : try economic.reordered(to: geographic.ids)
        let a = geographic.matrix, b = e.matrix
        let n = geographic.count
        var rowStart = [0], columns = [Int](), values = [Double]()
        columns.reserveCapacity(a.nonzeroCount + b.nonzeroCount); values.reserveCapacity(a.nonzeroCount + b.nonzeroCount)
        func append(_ j: Int, _ v: Double) { if v != 0 { columns.append(j); values.append(v) } }
        for i in 0..<n {
            var p = a.rowStart[i], q = b.rowStart[i]
            let pe = a.rowStart[i + 1], qe = b.rowStart[i + 1]
            while p < pe || q < qe {
                let ja = p < pe ? a.columnIndices[p] : Int.max, jb = q < qe ? b.columnIndices[q] : Int.max
                if ja == jb {
                    append(ja, phi * a.values[p] + (1 - phi) * b.values[q]); p += 1; q += 1
                } else if ja < jb {
                    append(ja, phi * a.values[p]); p += 1
                } else {
                    append(jb, (1 - phi) * b.values[q]); q += 1
                }
            }
            rowStart.append(columns.count)
        }
        return try assemble(ids: geographic.ids, rowStart: rowStart, columns: columns, values: values)
    }

    /// The economic-geography matrix `W = W_geo diag(y_1 / ybar, ..., y_n / ybar)`, i.e.
    /// `w_ij = w_geo,ij * y_j / ybar` with `ybar` the mean of the `y_j`: neighbours with larger economies
    /// (e.g. per-capita GDP averaged over the sample) weigh more. Common in the Chinese regional literature,
    /// usually cited to Lin, Long & Wu (2005), *Spatial econometric analysis of regional economic convergence in
    /// China, 1978-2002* (in Chinese), China Economic Quarterly 4 (supplement). Users usually row-standardise the result
    /// afterwards (``transformed(_:)`` with `.row`); give `geographic` untransformed or row-standardised as the
    /// application requires.
    ///
    /// - Parameters:
    ///   - geographic: `W_geo`, whose links are kept.
    ///   - values: `y_j` aligned with `geographic.ids`, finite and >= 0 with a positive mean.
    /// - Throws: a size mismatch, a negative or non-finite value (naming the unit), a zero mean.
    /// - Complexity: O(n + nnz).
    public static func economicGeography(geographic: SpatialWeights, values: [Double]) throws(WeightsError) -> SpatialWeights {
        guard values.count == geographic.count else {
            throw .sizeMismatch("weights over \(geographic.count) units and \(values.count) values")
        }
        for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
            throw .invalidArgument("unit '\(geographic.ids[i])' has value \(v); economic-geography weights need finite values >= 0")
        }
        let mean = values.reduce(0, +) / Double(max(1, values.count))
        guard mean > 0, mean.isFinite else { throw .invalidArgument("the mean of the values is \(mean); it must be positive and finite") }
        let m = geographic.matrix
        let scaled = m.columnIndices.indices.map { m.values[$0] * (values[m.columnIndices[$0]] / mean) }
        return try assemble(ids: geographic.ids, rowStart: m.rowStart, columns: m.columnIndices, values: scaled)
    }
}
