import Foundation

// The weights of a panel: W for each period's block, and W reordered to a panel's units.

extension SpatialWeights {
    /// `I_T kron W`: the weights of a time-major stacked panel, one block per period; ids are `"<id>@<period index>"`.
    public func blockDiagonal(periods t: Int) throws(WeightsError) -> SpatialWeights {
        guard t >= 1 else { throw .invalidArgument("periods must be >= 1") }
        let n = count
        var start = [0], cols = [Int](), vals = [Double]()
        for p in 0..<t {
            for i in 0..<n {
                for k in matrix.rowStart[i]..<matrix.rowStart[i + 1] { cols.append(p * n + matrix.columnIndices[k]); vals.append(matrix.values[k]) }
                start.append(cols.count)
            }
        }
        let m = SparseMatrix(uncheckedRows: n * t, columns: n * t, rowStart: start, columnIndices: cols, values: vals)
        return SpatialWeights(unchecked: (0..<t).flatMap { p in ids.map { "\($0)@\(p)" } }, matrix: m, transformation: transformation, warnings: [])
    }
}

extension SpatialWeights {
    /// These weights reordered to the panel's units (the order of its time-major stacking), or a size mismatch
    /// naming both counts.
    func aligned(to panel: Panel) throws(ModelError) -> SpatialWeights {
        do { return try reordered(to: panel.units) } catch {
            throw .sizeMismatch("the panel's \(panel.unitCount) units do not match the weights' \(count) ids (\(error))")
        }
    }
}
