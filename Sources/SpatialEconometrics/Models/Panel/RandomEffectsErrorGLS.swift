import Foundation

/// The GLS quadratic forms of the random-effects spatial error model without any n x n dense matrix.
///
/// The model of splm's `spml(model = "random", spatial.error = "b")` (Baltagi, Song & Koh 2003; Anselin 1988):
/// `y = X beta + u`, `u = (iota_T kron I_N) mu + (I_T kron B^-1) e`, `B = I - lambda W`, `mu ~ (0, sigma_mu^2)`,
/// `e ~ (0, sigma^2)`. With `phi = sigma_mu^2 / sigma^2`, `M = B'B`, `Jbar = J_T / T`, `E = I_T - Jbar`,
///
///     Omega = E kron M^-1 + Jbar kron (T phi I + M^-1),   Omega^-1 = E kron M + Jbar kron M (I + T phi M)^-1,
///     ln|Omega| = -T ln|M| + ln|I + T phi M| = -2T ln|B| + ln|I + T phi M|,
///
/// so for any columns `v`, `w` (time-major, unit means `vbar`):
/// `v' Omega^-1 w = sum_t (B (v_t - vbar))'(B (w_t - wbar)) + T vbar' M (I + T phi M)^-1 wbar`.
///
/// The within part is a quadratic polynomial in lambda whose three coefficient matrices are formed once; the between
/// part needs `(I + T phi M)^-1 (M vbar)`, a sparse SPD solve: one numeric sparse Cholesky factorisation per
/// (lambda, phi) on a pattern (that of `I + W + W' + W'W`) analysed once, which also gives `ln|I + T phi M|`.
/// This replaces the eigen-decomposition of `BB'` per lambda (O(N^3) each).
///
/// - Complexity: set-up O(NT k^2 + nnz(W'W)); per (lambda, phi) one sparse factorisation and k + 1 solves.
struct RandomEffectsErrorGLS: Sendable {
    let n: Int, t: Int
    /// Number of columns (y first, then the regressors).
    let count: Int
    /// Within-unit deviations: `P0 = D'D`, `P1 = D'(W D)`, `P2 = (W D)'(W D)`, summed over periods.
    let p0: Matrix, p1: Matrix, p2: Matrix
    /// The deviations themselves, `D` and `W D` (for the residual's quadratic form, computed without cancellation).
    let devs: [[Double]], wdevs: [[Double]]
    /// Unit means `m_c` and `W m_c`, `W' m_c`, `W'W m_c`.
    let means: [[Double]], wMeans: [[Double]], wtMeans: [[Double]], wtwMeans: [[Double]]
    /// The pattern of `I + W + W' + W'W` (CSR) with the values of I, W + W' and W'W aligned to it.
    let identityValues: [Double], symmetricValues: [Double], gramValues: [Double]
    let symbolic: SparseCholeskySymbolic

    init(weights w: SparseMatrix, n: Int, t: Int, columns: [[Double]]) throws(ModelError) {
        self.n = n; self.t = t; count = columns.count
        let wt = w.transposed
        func mul(_ m: SparseMatrix, _ v: [Double]) throws(ModelError) -> [Double] {
            do { return try m.multiply(v) } catch { throw .numerical("\(error)") }
        }
        var means = [[Double]](), devs = [[Double]](), wdevs = [[Double]]()
        for v in columns {
            var m = [Double](repeating: 0, count: n)
            for p in 0..<t { for i in 0..<n { m[i] += v[p * n + i] } }
            for i in 0..<n { m[i] /= Double(t) }
            var d = [Double](repeating: 0, count: n * t), wd = d
            for p in 0..<t {
                let block = (0..<n).map { v[p * n + $0] - m[$0] }
                let wb = try mul(w, block)
                for i in 0..<n { d[p * n + i] = block[i]; wd[p * n + i] = wb[i] }
            }
            means.append(m); devs.append(d); wdevs.append(wd)
        }
        // D'D, D'(WD), (WD)'(WD): (k+1) x (k+1) products of NT x (k+1) matrices, by BLAS.
        do {
            let d = try Matrix(columnArrays: devs), wd = try Matrix(columnArrays: wdevs)
            p0 = try d.crossProduct
            p1 = try Matrix.product(d, .transposed, wd, .none)
            p2 = try wd.crossProduct
        } catch { throw .numerical("random-effects error model: \(error)") }
        self.devs = devs; self.wdevs = wdevs
        self.means = means
        var wm = [[Double]](), wtm = [[Double]](), wtwm = [[Double]]()
        for m in means {
            let a = try mul(w, m)
            wm.append(a); wtm.append(try mul(wt, m)); wtwm.append(try mul(wt, a))
        }
        wMeans = wm; wtMeans = wtm; wtwMeans = wtwm
        // W'W: (W'W)_ij = sum_k w_ki w_kj, from each row k of W.
        var triplets = [SparseMatrix.Entry]()
        for i in 0..<n { triplets.append(.init(row: i, column: i, value: 0)) }
        for i in 0..<n {
            for k in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = w.columnIndices[k]
                triplets.append(.init(row: i, column: j, value: 0)); triplets.append(.init(row: j, column: i, value: 0))
            }
        }
        var gramTriplets = [SparseMatrix.Entry]()
        for k in 0..<n {
            let r = w.rowStart[k]..<w.rowStart[k + 1]
            for a in r { for b in r { gramTriplets.append(.init(row: w.columnIndices[a], column: w.columnIndices[b], value: w.values[a] * w.values[b])) } }
        }
        let pattern: SparseMatrix, gramMatrix: SparseMatrix
        do {
            pattern = try SparseMatrix(rows: n, columns: n, triplets: triplets + gramTriplets.map { .init(row: $0.row, column: $0.column, value: 0) }, duplicates: .sum)
            gramMatrix = try SparseMatrix(rows: n, columns: n, triplets: gramTriplets, duplicates: .sum)
            symbolic = try SparseCholeskySymbolic(pattern: pattern)
        } catch { throw .numerical("random-effects error model: \(error)") }
        // Values of I, W + W' and W'W on the pattern, row by row (each row's columns ascending).
        func aligned(_ m: SparseMatrix, transposedToo: Bool = false) -> [Double] {
            var out = [Double](repeating: 0, count: pattern.nonzeroCount)
            func add(_ i: Int, _ j: Int, _ v: Double) {
                var lo = pattern.rowStart[i], hi = pattern.rowStart[i + 1]
                while lo < hi { let mid = (lo + hi) / 2; if pattern.columnIndices[mid] < j { lo = mid + 1 } else { hi = mid } }
                if lo < pattern.rowStart[i + 1], pattern.columnIndices[lo] == j { out[lo] += v }
            }
            for i in 0..<n {
                for k in m.rowStart[i]..<m.rowStart[i + 1] {
                    add(i, m.columnIndices[k], m.values[k])
                    if transposedToo { add(m.columnIndices[k], i, m.values[k]) }
                }
            }
            return out
        }
        var id = [Double](repeating: 0, count: pattern.nonzeroCount)
        for i in 0..<n {
            for k in pattern.rowStart[i]..<pattern.rowStart[i + 1] where pattern.columnIndices[k] == i { id[k] = 1 }
        }
        identityValues = id
        symmetricValues = aligned(w, transposedToo: true)
        gramValues = aligned(gramMatrix)
    }

    /// GLS at (lambda, phi) with the effects' own spatial parameter `lambdaMu` (0: the model above; the generalized
    /// model ``GeneralizedRandomEffectsRegression`` otherwise): beta, the residual quadratic form `e' Omega^-1 e`,
    /// `X' Omega^-1 X` and `ln|K|`, `K = T phi M + M_mu`, `M_mu = B_mu'B_mu`, `B_mu = I - lambdaMu W` (with
    /// `lambdaMu = 0`, `K = I + T phi M`); nil when the factorisation fails or the regressors are collinear (Cholesky
    /// of the equilibrated normal equations with a pivot below 1e-7, the rank tolerance of ``LeastSquares``).
    ///
    /// With spatially correlated effects `Omega = Jbar kron (T phi M_mu^-1 + M^-1) + E kron M^-1`, and
    /// `(T phi M_mu^-1 + M^-1)^-1 = M K^-1 M_mu` (as `T phi M_mu^-1 + M^-1 = M_mu^-1 K M^-1`), a symmetric matrix, so the
    /// between part of `v' Omega^-1 w` is `T (M vbar)' K^-1 (M_mu wbar)`; `K = (T phi + 1) I - (T phi lambda + lambdaMu)
    /// (W + W') + (T phi lambda^2 + lambdaMu^2) W'W` is sparse SPD on the pattern analysed once.
    ///
    /// The normal equations come from the quadratic forms; the residual's own form is then computed from the residual
    /// vectors (`e = y - X beta` is linear in the stored deviations and solves), not as `y'Omega^-1 y - beta'X'Omega^-1 y`,
    /// whose cancellation would make the likelihood too noisy for finite-difference Hessians.
    func fit(lambda s: Double, lambdaMu a: Double = 0, phi: Double) -> (beta: [Double], sse: Double, xtx: Matrix, logDeterminant: Double)? {
        let tp = Double(t) * phi
        let ci = tp + 1, cs = -(tp * s + a), cg = tp * s * s + a * a
        var values = identityValues
        for k in values.indices { values[k] = ci * identityValues[k] + cs * symmetricValues[k] + cg * gramValues[k] }
        guard let factor = try? symbolic.factor(values: values) else { return nil }
        func dot(_ a: [Double], _ b: [Double]) -> Double { var r = 0.0; for i in a.indices { r += a[i] * b[i] }; return r }
        var g = Matrix(rows: count, columns: count)
        for i in 0..<count { for j in 0..<count { g[i, j] = p0[i, j] - s * (p1[i, j] + p1[j, i]) + s * s * p2[i, j] } }
        // z_c = K^-1 (M_mu m_c), q_c = M m_c; M m = m - s (W m + W' m) + s^2 W'W m.
        var z = [[Double]](), q = [[Double]]()
        for c in 0..<count {
            let mu = (0..<n).map { means[c][$0] - a * (wMeans[c][$0] + wtMeans[c][$0]) + a * a * wtwMeans[c][$0] }
            guard let zc = try? factor.solve(mu) else { return nil }
            z.append(zc)
            q.append(a == s ? mu : (0..<n).map { means[c][$0] - s * (wMeans[c][$0] + wtMeans[c][$0]) + s * s * wtwMeans[c][$0] })
        }
        let tt = Double(t)
        for i in 0..<count {
            for j in i..<count {
                g[i, j] += tt * 0.5 * (dot(q[i], z[j]) + dot(q[j], z[i]))
                if i != j { g[j, i] = g[i, j] }
            }
        }
        let k = count - 1
        var xtx = Matrix(rows: k, columns: k)
        var xty = [Double](repeating: 0, count: k)
        for i in 0..<k { xty[i] = g[i + 1, 0]; for j in 0..<k { xtx[i, j] = g[i + 1, j + 1] } }
        let d = (0..<k).map { xtx[$0, $0] > 0 ? 1 / xtx[$0, $0].squareRoot() : 0 }
        guard d.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        var a = xtx
        for i in 0..<k { for j in 0..<k { a[i, j] *= d[i] * d[j] } }
        guard let chol = try? Cholesky(a), (0..<k).allSatisfy({ chol.factor[$0, $0] > 1e-7 }),
              let u = try? chol.solve((0..<k).map { xty[$0] * d[$0] }) else { return nil }
        let beta = (0..<k).map { u[$0] * d[$0] }
        // e' Omega^-1 e from the residual vectors: within sum_t |B (e_t - ebar)|^2, between T (M ebar)' K^-1 (M_mu ebar).
        var ed = devs[0], wed = wdevs[0], em = q[0], ez = z[0]
        for j in 0..<k {
            let b = beta[j]
            for i in ed.indices { ed[i] -= b * devs[j + 1][i]; wed[i] -= b * wdevs[j + 1][i] }
            for i in em.indices { em[i] -= b * q[j + 1][i]; ez[i] -= b * z[j + 1][i] }
        }
        var within = 0.0
        for i in ed.indices { let v = ed[i] - s * wed[i]; within += v * v }
        let sse = within + tt * dot(em, ez)
        return (beta, sse, xtx, factor.logDeterminant)
    }
}
