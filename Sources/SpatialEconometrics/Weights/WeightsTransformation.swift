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
    /// The transformations of the list above.
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
    ///
    /// - Constant non-zero row sums c (row-standardised W): c, exactly (Perron–Frobenius).
    /// - Up to 1,500 units: dense eigenvalues.
    /// - W similar to a symmetric matrix (symmetric contiguity or distance weights, binary or weighted): Lanczos on the
    ///   symmetric `S = D^1/2 W D^-1/2` with 64, 128, ... steps until the largest Ritz value's residual bound
    ///   `beta_m |s_m|` is below 1e-11 of it (Golub & Van Loan 2013, sec. 10.1).
    /// - Otherwise: power iteration on `A = W + I` (aperiodic, so it converges on bipartite patterns too) bracketed by
    ///   the Collatz–Wielandt bounds `min_i (A x)_i / x_i <= rho(A) <= max_i (A x)_i / x_i` for positive x, until the
    ///   bracket is within 1e-10 relative; the midpoint. The minimum leaves out rows without links (they only add the
    ///   eigenvalue 0) and entries below 1e-9 of the largest: on a W that is not strongly connected (directed kNN),
    ///   those are the parts of smaller radius, which decay geometrically.
    ///
    /// - Throws: ``WeightsError/unsupported(_:)`` when neither iteration reaches its tolerance in 50,000 steps (parts
    ///   of W with nearly equal radii), naming the bracket reached and the transformations that need no radius.
    public func spectralRadius() throws(WeightsError) -> Double {
        if count == 0 || matrix.nonzeroCount == 0 { return 0 }
        if let c = constantRowSum() { return c }
        if count <= 1_500 {
            do {
                return try GeneralEigen(matrix.dense).values.map(\.magnitude).max() ?? 0
            } catch { throw .unsupported("eigenvalues of W failed: \(error)") }
        }
        let op = WeightsOperator(self)
        if op.isSymmetric {
            var steps = 64
            while true {
                let m = min(steps, count)
                let r = SpectralBounds.lanczosExtremes(op.matrix, steps: m)
                if r.steps > 0, r.maxRitz > 0, r.maxResidual <= 1e-11 * r.maxRitz { return r.maxRitz }
                if m >= min(count, 4_096) { break }
                steps *= 2
            }
        }
        // Power iteration on A = W + I with the Collatz-Wielandt bracket (rho(A) = rho(W) + 1).
        let linked = matrix.rowSums.map { $0 > 0 }
        var x = [Double](repeating: 1, count: count)
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<50_000 {
            guard var y = try? matrix.multiply(x) else { break }
            var low = Double.infinity, high = 0.0, norm = 0.0
            for i in 0..<count {
                y[i] += x[i]
                let ratio = y[i] / x[i]
                // x has maximum 1: entries below 1e-9 belong to parts of W whose radius is smaller (they decay
                // geometrically), so they do not bound rho(W) from below.
                if linked[i] && x[i] >= 1e-9 { low = min(low, ratio) }
                high = max(high, ratio)
                norm = max(norm, y[i])
            }
            lo = low - 1; hi = min(hi, high - 1)
            if low.isFinite && hi - lo <= 1e-10 * hi { return (lo + hi) / 2 }
            guard norm > 0, norm.isFinite else { break }
            for i in 0..<count { x[i] = y[i] / norm }
        }
        throw .unsupported("the spectral radius of W did not converge (power iteration bracket [\(lo), \(hi)] after 50,000 steps): "
            + "use the row or binary transformation, or normalise by a radius you know")
    }
}
