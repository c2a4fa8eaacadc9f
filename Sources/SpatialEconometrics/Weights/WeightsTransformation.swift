import Foundation

/// Transformations of a weights matrix.
///
/// - `row`: `w_ij / sum_j w_ij` (R `nb2listw(style = "W")`, PySAL `transform = "r"`); an island stays a zero row.
/// - `binary`: `1` where `w_ij > 0` (style `"B"`).
/// - `spectral`: `W / |lambda|_max`, the largest eigenvalue modulus (Kelejian & Prucha 2010), keeping
///   `(I - rho W)` invertible for `|rho| < 1` without row-standardising.
/// - `symmetrized`: `(W + W') / 2`.
/// - `none`: as built or read.
public enum WeightsTransformation: String, Sendable, Codable, CaseIterable {
    case none, row, binary, spectral, symmetrized
}

extension SpatialWeights {
    /// The weights after `transformation`.
    ///
    /// - Complexity: O(nnz), except `spectral`: O(n^3) by dense eigenvalues for n <= 1,500, otherwise
    ///   O(nnz) per step of a shifted power iteration on the non-negative matrix (Perron root).
    public func transformed(_ t: WeightsTransformation) throws(WeightsError) -> SpatialWeights {
        var w = self
        w.transformation = t
        switch t {
        case .none:
            w.transformation = transformation
        case .row:
            var v = matrix.values
            for i in 0..<count {
                let r = matrix.rowStart[i]..<matrix.rowStart[i + 1]
                let s = r.reduce(0.0) { $0 + v[$1] }
                if s > 0 { for k in r { v[k] /= s } }
            }
            w.matrix = matrix.withValues(v)
        case .binary:
            w.matrix = matrix.withValues(matrix.values.map { $0 > 0 ? 1 : 0 })
        case .spectral:
            let radius = try spectralRadius()
            guard radius > 0 else { throw .unsupported("spectral normalisation of a weights matrix with no non-zero eigenvalue") }
            w.matrix = matrix.withValues(matrix.values.map { $0 / radius })
        case .symmetrized:
            let tr = matrix.transposed
            var triplets = [SparseMatrix.Entry]()
            triplets.reserveCapacity(2 * matrix.nonzeroCount)
            for m in [matrix, tr] {
                for i in 0..<count {
                    for k in m.rowStart[i]..<m.rowStart[i + 1] { triplets.append(.init(row: i, column: m.columnIndices[k], value: m.values[k] / 2)) }
                }
            }
            w.matrix = SparseMatrix.fromValidTriplets(rows: count, triplets: triplets)
        }
        return w
    }

    /// The largest eigenvalue modulus of W (its spectral radius; the Perron root, since W is non-negative).
    public func spectralRadius() throws(WeightsError) -> Double {
        if count == 0 || matrix.nonzeroCount == 0 { return 0 }
        if count <= 1_500 {
            do {
                return try GeneralEigen(matrix.dense).values.map(\.magnitude).max() ?? 0
            } catch { throw .unsupported("eigenvalues of W failed: \(error)") }
        }
        // Shifted power iteration: rho(W + I) = rho(W) + 1 for non-negative W, and W + I is aperiodic,
        // so the iteration converges even for bipartite patterns (lattices) where plain power iteration oscillates.
        var x = [Double](repeating: 1, count: count)
        var estimate = 0.0
        for _ in 0..<10_000 {
            guard var y = try? matrix.multiply(x) else { break }
            for i in 0..<count { y[i] += x[i] }
            let norm = y.reduce(0) { max($0, abs($1)) }
            guard norm > 0 else { return 0 }
            let next = norm - 1
            for i in 0..<count { x[i] = y[i] / norm }
            if abs(next - estimate) <= 1e-12 * max(1, abs(next)) { return next }
            estimate = next
        }
        return estimate
    }
}
