import Foundation

/// The analytical information matrix of the spatial models, shared by cross-sections and panels.
///
/// Parameters `(beta, rho?, lambda?, sigma^2)`. The design X is stacked in blocks of n rows (one block per period of a
/// panel; a single block for a cross-section); W acts within each block. With `A = I - rho W`, `B = I - lambda W`,
/// `G = W A^-1`, `H = W B^-1`, `K = B G B^-1` and `m_t = B G X_t beta` (Anselin 1988, ch. 6; Elhorst 2014, ch. 3;
/// Lee & Yu 2010):
///
///     I_bb = sum_t (B X_t)'(B X_t) / s2            I_b,rho = sum_t (B X_t)' m_t / s2
///     I_rho,rho = sum_t |m_t|^2 / s2 + T* [tr(K^2) + tr(K'K)]
///     I_lambda,lambda = T* [tr(H^2) + tr(H'H)]      I_rho,lambda = T* [tr(KH) + tr(KH')]
///     I_rho,s2 = T* tr(G) / s2    I_lambda,s2 = T* tr(H) / s2    I_s2,s2 = n* / (2 s2^2)
///
/// `T*` (the trace multiplier) and `n*` (the observations) are T and NT for the direct approach and T - 1,
/// (N - 1)(T - 1) etc. for the Lee–Yu transformed models. With `center`, every operator O is replaced by `J O J`,
/// `J = I - 11'/n`: the transformed model of Lee & Yu (2010) after `F_N` removes time effects, whose traces equal
/// those of `F_N' O F_N` (for row-standardised W).
///
/// With `errorWeights` M (the SAC with a second matrix for the error, `u = lambda M u + e`) the error operators are
/// `B = I - lambda M` and `H = M B^-1` (G and A keep W); the formulas are unchanged (Anselin 1988, ch. 6, writes the
/// SAC with W1 for the lag and W2 for the error; with M = W they are the ones above). Checked against minus the
/// Hessian of the exact expected log-likelihood (`SACErrorWeightsSandwichTests`).
///
/// Dense n x n matrices: the cost is O(n^3) once per fit (moderate n).
enum InformationMatrix {
    static func full(x: Matrix, blockSize n: Int, beta: [Double], sigma2 s2: Double, rho: Double?, lambda: Double?,
                      weights: SpatialWeights, errorWeights: SpatialWeights? = nil, traceMultiplier tp: Double, observations: Double,
                      center: Bool) throws(ModelError) -> Matrix {
        let k = x.columns
        let blocks = n > 0 ? x.rows / n : 0
        guard n == weights.count, blocks * n == x.rows else { throw .sizeMismatch("design of \(x.rows) rows is not a stack of blocks of \(weights.count) units") }
        let errorMatrix = errorWeights ?? weights
        guard errorMatrix.count == n else { throw .sizeMismatch("the error weights have \(errorMatrix.count) units, W has \(n)") }
        let nSpatial = (rho == nil ? 0 : 1) + (lambda == nil ? 0 : 1)
        let dim = k + nSpatial + 1
        var info = Matrix(rows: dim, columns: dim)
        do {
            let w = weights.matrix.dense
            let id = Matrix.identity(n)
            func centered(_ m: Matrix) -> Matrix {
                guard center else { return m }
                // J M J = M - 1(1'M)/n - (M1)1'/n + 11'(1'M1)/n^2
                var out = m
                var colMean = [Double](repeating: 0, count: n), rowMean = [Double](repeating: 0, count: n)
                var all = 0.0
                for j in 0..<n { for i in 0..<n { colMean[j] += m[i, j]; rowMean[i] += m[i, j] } }
                for i in 0..<n { all += rowMean[i] }
                for j in 0..<n { for i in 0..<n { out[i, j] = m[i, j] - colMean[j] / Double(n) - rowMean[i] / Double(n) + all / Double(n * n) } }
                return out
            }
            // B and B^-1 only when there is an error term: for lag models every product with them is skipped.
            var b: Matrix? = nil, bInv: Matrix? = nil
            var h: Matrix? = nil
            if let l = lambda {
                let bm = try id - l * (errorWeights == nil ? w : errorMatrix.matrix.dense)
                let bi = try LUDecomposition(bm).inverse()
                b = bm; bInv = bi
                h = centered(try errorMatrix.matrix.multiply(bi))
            }
            // Per-block (J) B (J) X_t, stacked.
            var bx = Matrix(rows: x.rows, columns: k)
            for t in 0..<blocks {
                var xt = Matrix(rows: n, columns: k)
                for j in 0..<k { for i in 0..<n { xt[i, j] = x[t * n + i, j] } }
                let p: Matrix
                if let bm = b { p = try centered(bm) * xt } else { p = center ? centerColumns(xt) : xt }
                for j in 0..<k { for i in 0..<n { bx[t * n + i, j] = p[i, j] } }
            }
            let xtx = try bx.crossProduct
            for i in 0..<k { for j in 0..<k { info[i, j] = xtx[i, j] / s2 } }
            var idx = k
            var kc: Matrix? = nil
            if let r = rho {
                let aInv = try LUDecomposition(try id - r * w).inverse()
                let g = try weights.matrix.multiply(aInv)
                let gc = centered(g)
                let km: Matrix
                if let bm = b, let bi = bInv { km = centered(try bm * (try g * bi)) } else { km = gc }
                kc = km
                let xb = try x.multiply(beta)
                var m = [Double](repeating: 0, count: x.rows)
                let bg = b.map { bm in (try? bm * g).map(centered) } ?? gc
                guard let bg else { throw ModelError.numerical("B G") }
                for t in 0..<blocks {
                    let mt = try bg.multiply(Array(xb[(t * n)..<((t + 1) * n)]))
                    for i in 0..<n { m[t * n + i] = mt[i] }
                }
                let cross = try bx.multiply(m, .transposed)
                for i in 0..<k { info[i, idx] = cross[i] / s2; info[idx, i] = cross[i] / s2 }
                info[idx, idx] = m.reduce(0) { $0 + $1 * $1 } / s2 + tp * (traceOfProduct(km, km) + traceOfTransposeProduct(km, km))
                info[idx, dim - 1] = tp * gc.diagonalElements.reduce(0, +) / s2
                info[dim - 1, idx] = info[idx, dim - 1]
                idx += 1
            }
            if let hm = h {
                info[idx, idx] = tp * (traceOfProduct(hm, hm) + traceOfTransposeProduct(hm, hm))
                info[idx, dim - 1] = tp * hm.diagonalElements.reduce(0, +) / s2
                info[dim - 1, idx] = info[idx, dim - 1]
                if let km = kc {
                    let c = tp * (traceOfProduct(km, hm) + traceOfTransposeProduct(km, hm))
                    info[idx - 1, idx] = c
                    info[idx, idx - 1] = c
                }
            }
            info[dim - 1, dim - 1] = observations / (2 * s2 * s2)
        } catch { throw .numerical("information matrix: \(error)") }
        return info
    }

    /// `J X` (each column minus its mean).
    static func centerColumns(_ x: Matrix) -> Matrix {
        var out = x
        for j in 0..<x.columns {
            let mean = x.column(j).reduce(0, +) / Double(x.rows)
            for i in 0..<x.rows { out[i, j] -= mean }
        }
        return out
    }

    /// The inverse of the information matrix, without the sigma^2 row and column.
    static func covariance(_ info: Matrix) throws(ModelError) -> Matrix {
        let full = try inverse(info)
        let d = info.rows - 1
        var out = Matrix(rows: d, columns: d)
        for i in 0..<d { for j in 0..<d { out[i, j] = full[i, j] } }
        return out
    }

    static func inverse(_ info: Matrix) throws(ModelError) -> Matrix {
        do { return try Cholesky(info).inverse() } catch {
            throw .numerical("the information matrix is not positive definite (\(error)); the estimate may be at a bound")
        }
    }

    /// `tr(P Q)`.
    static func traceOfProduct(_ p: Matrix, _ q: Matrix) -> Double {
        var s = 0.0
        for i in 0..<p.rows { for k in 0..<p.columns { s += p[i, k] * q[k, i] } }
        return s
    }

    /// `tr(P' Q)`, the sum of element-wise products.
    static func traceOfTransposeProduct(_ p: Matrix, _ q: Matrix) -> Double {
        zip(p.elements, q.elements).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
