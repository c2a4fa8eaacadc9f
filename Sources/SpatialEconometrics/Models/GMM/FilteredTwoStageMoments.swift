import Foundation

/// The one engine of the GM fits whose regressors include endogenous variables: spatially filtered two-stage least
/// squares with the moments of the spatial error (spreg's `BaseGM_Endog_Error_Het` / `BaseGM_Endog_Error_Hom`, of
/// which `GM_Combo_Het` / `GM_Combo_Hom` and `GM_Endog_Combo_*` are the case "W y among the endogenous").
///
/// Given `y`, the regressors `Z = [X, Y_end]` (W y the last column for the SAC) and the instruments H:
/// 1. 2SLS of y on Z with H, `u = y - Z d`; lambda~ from the unweighted moments (``MomentOperators``);
/// 2. 2SLS of `y - lambda W y` on `Zs = Z - lambda W Z` with the same H, `u = y - Z d`; lambda minimising the moments
///    weighted by `Psi^-1`, Psi with the estimation effect of d (`a_r = H P alpha_r`,
///    `P = n (H'H)^-1 H'Zs [Zs'H (H'H)^-1 H'Zs]^-1`, `alpha_1 = -2/n Zs'A1 e`, `alpha_2 = -1/n Zs'(W + W') e`);
///    heteroskedastic: `Psi += n^-1 a_r' Sigma a_s` (Arraiz et al. 2010); homoskedastic: `Psi_11 += n^-1 (s^2 a1'a1 +
///    2 mu3 a1'd1)`, `Psi_12 += n^-1 (s^2 a1'a2 + mu3 a2'd1)`, `Psi_22 += n^-1 s^2 a2'a2` (Drukker, Egger & Prucha
///    2013; d1 the diagonal of A1); repeated while lambda moves by more than `tolerance`.
///
/// Covariance at the final lambda: heteroskedastic spreg's `get_Omega_GS2SLS`; homoskedastic spreg's
/// `get_omega_hom`: `var(d) = s^2 [Zs'H (H'H)^-1 H'Zs]^-1`, `var(lambda) = (J'Psi^-1 J)^-1 / n`,
/// `cov(d, lambda) = P' Psi_DL Psi^-1 J var(lambda)`, `Psi_DL = n^-1 (mu3 H'[d1, 0] + s^2 H'[a1, a2])`.
struct FilteredTwoStageMoments {
    let d: [Double]
    let lambda: Double
    /// Covariance of (d..., lambda).
    let covariance: Matrix
    /// `u = y - Z d`.
    let u: [Double]
    /// `e = u - lambda W u`.
    let e: [Double]
    let sigma2: Double
    let iterations: Int
    let warnings: [String]

    /// - Parameters:
    ///   - clampLast: spreg's `GM_*_Het` sets a 2SLS coefficient of W y (the last column of Z) outside [-0.9, 0.9] to
    ///     the nearer bound before the moments; true for the heteroskedastic SAC.
    init(y: [Double], z zColumns: [[Double]], names: [String], h: Matrix, weights: SpatialWeights, weighting: MomentWeighting,
         clampLast: Bool, maxIterations: Int, tolerance: Double) throws(ModelError) {
        guard weighting != .kelejianPrucha1999 else {
            throw .invalidArgument("Kelejian & Prucha's (1999) GM (kp99, spatialreg GMerrorsar) takes no instruments: use the het or hom moments")
        }
        let n = y.count, k = zColumns.count, nd = Double(n)
        let w = weights.matrix
        let operators = MomentOperators(w, weighting: weighting)
        func mul(_ a: Matrix, _ ta: Transpose, _ b: Matrix, _ tb: Transpose = .none) throws(ModelError) -> Matrix {
            do { return try Matrix.product(a, ta, b, tb) } catch { throw .numerical("\(error)") }
        }
        func inv(_ a: Matrix, _ what: String) throws(ModelError) -> Matrix {
            do { return try LUDecomposition(a).inverse() } catch { throw .numerical("\(what) is singular: \(error)") }
        }
        func lag(_ v: [Double]) throws(ModelError) -> [Double] {
            do { return try w.multiply(v) } catch { throw .numerical("W v: \(error)") }
        }
        func column(_ v: [Double]) throws(ModelError) -> Matrix {
            do { return try Matrix(rows: v.count, columns: 1, columnMajor: v) } catch { throw .numerical("\(error)") }
        }
        func times(_ a: Matrix, _ v: [Double]) throws(ModelError) -> [Double] {
            do { return try a.multiply(v) } catch { throw .numerical("\(error)") }
        }
        // (H'H)^-1 M is solved with the Cholesky factor of H'H, never by its explicit inverse: with instruments on
        // different scales (elect80's long, lat and their lags, cond(H'H) = 1e7) the product of the inverse with H'Z
        // and the cancellation in Z'H (H'H)^-1 H'Z lost five digits (8e-6 relative in rho against a QR projection).
        let hh = try mul(h, .transposed, h)
        let hhFactor: Cholesky
        do { hhFactor = try Cholesky(hh) } catch { throw .numerical("the instruments' cross-product H'H is singular: \(error)") }
        func hhSolve(_ m: Matrix) throws(ModelError) -> Matrix {
            do { return try hhFactor.solve(m) } catch { throw .numerical("(H'H)^-1 H'Z: \(error)") }
        }
        let wzColumns = try zColumns.map { v throws(ModelError) in try lag(v) }
        let wy = try lag(y)
        func filtered(_ lambda: Double) throws(ModelError) -> Matrix {
            do { return try Matrix(columnArrays: (0..<k).map { j in zip(zColumns[j], wzColumns[j]).map { $0 - lambda * $1 } }) } catch {
                throw .numerical("\(error)")
            }
        }
        var warnings = [String]()
        // 2SLS of yv on zv with H; returns d and the inverse of Zs'P_H Zs.
        func tsls(_ yv: [Double], _ zv: Matrix) throws(ModelError) -> (d: [Double], ai: Matrix) {
            let m = try mul(h, .transposed, zv), q = try hhSolve(m)
            let a = try mul(m, .transposed, q)
            let hy = try mul(h, .transposed, try column(yv))
            let b = try mul(q, .transposed, hy)
            let ai: Matrix, solved: Matrix
            do { let factor = try Cholesky(a); ai = try factor.inverse(); solved = try factor.solve(b) } catch { throw .collinear(names) }
            var d = solved.column(0)
            if clampLast, abs(d[k - 1]) > 0.9 {
                warnings.append("the 2SLS rho \(d[k - 1]) was set to \(d[k - 1] > 0 ? 0.9 : -0.9) before the moments, as spreg does")
                d[k - 1] = d[k - 1] > 0 ? 0.9 : -0.9
            }
            return (d, ai)
        }
        func residuals(_ d: [Double]) -> [Double] {
            (0..<n).map { i in y[i] - (0..<k).reduce(0) { $0 + zColumns[$1][i] * d[$1] } }
        }
        func pHat(_ zs: Matrix) throws(ModelError) -> Matrix {
            let m = try mul(h, .transposed, zs), q = try hhSolve(m)
            return nd * (try mul(q, .none, try inv(try mul(m, .transposed, q), "Zs'P_H Zs")))
        }
        let d1 = operators.a1Diagonal
        // Psi of the moments with the estimation effect of d, and a_1, a_2, e.
        func psi(_ u: [Double], _ lambda: Double, _ p: Matrix, _ zs: Matrix) throws(ModelError) -> (psi: [[Double]], a1: [Double], a2: [Double], e: [Double]) {
            let wu = try lag(u)
            let e = zip(u, wu).map { $0 - lambda * $1 }
            let a1e = try operators.a1Times(e)
            let we: [Double], wte: [Double]
            do { we = try w.multiply(e); wte = try w.multiplyTransposed(e) } catch { throw .numerical("\(error)") }
            let alpha1 = try times(zs, a1e, transposed: true).map { -2 / nd * $0 }
            let alpha2 = try times(zs, zip(we, wte).map { $0 + $1 }, transposed: true).map { -1 / nd * $0 }
            let hp = try mul(h, .none, p)
            let a1 = try times(hp, alpha1), a2 = try times(hp, alpha2)
            var base = try operators.psi(u, lambda: lambda)
            var p11 = 0.0, p12 = 0.0, p22 = 0.0
            switch weighting {
            case .heteroskedastic:
                for i in 0..<n { let s = e[i] * e[i]; p11 += a1[i] * s * a1[i]; p12 += a1[i] * s * a2[i]; p22 += a2[i] * s * a2[i] }
            case .homoskedastic:
                let s2 = e.reduce(0) { $0 + $1 * $1 } / nd, mu3 = e.reduce(0) { $0 + $1 * $1 * $1 } / nd
                for i in 0..<n {
                    p11 += s2 * a1[i] * a1[i] + 2 * mu3 * a1[i] * d1[i]
                    p12 += s2 * a1[i] * a2[i] + mu3 * a2[i] * d1[i]
                    p22 += s2 * a2[i] * a2[i]
                }
            case .kelejianPrucha1999: throw .invalidArgument("kp99 moments have no Psi")
            }
            base[0][0] += p11 / nd; base[0][1] += p12 / nd; base[1][0] += p12 / nd; base[1][1] += p22 / nd
            return (base, a1, a2, e)
        }
        func times(_ a: Matrix, _ v: [Double], transposed: Bool) throws(ModelError) -> [Double] {
            do { return try a.multiply(v, transposed ? .transposed : .none) } catch { throw .numerical("\(error)") }
        }
        var d = try tsls(y, try filtered(0)).d
        var u = residuals(d)
        var moments = try operators.moments(u)
        var lambda = GeneralizedMomentsError.minimise(moments, weight: [[1, 0], [0, 1]])
        var steps = 0, change = Double.infinity
        while steps < maxIterations && change > tolerance {
            let zs = try filtered(lambda)
            d = try tsls(zip(y, wy).map { $0 - lambda * $1 }, zs).d
            u = residuals(d)
            let ps = try psi(u, lambda, try pHat(zs), zs).psi
            moments = try operators.moments(u)
            let next = GeneralizedMomentsError.minimise(moments, weight: try GeneralizedMomentsError.inverse(ps))
            change = abs(next - lambda)
            lambda = next
            steps += 1
        }
        warnings += GeneralizedMomentsError.iterationWarnings(maxIterations: maxIterations, change: change, tolerance: tolerance, lambda: lambda)
        // Covariance at the final lambda.
        let zs = try filtered(lambda)
        let p = try pHat(zs)
        let (ps, a1, a2, e) = try psi(u, lambda, p, zs)
        let psInv = try GeneralizedMomentsError.inverse(ps)
        let j = [moments.G[0][0] + 2 * lambda * moments.G[0][1], moments.G[1][0] + 2 * lambda * moments.G[1][1]]
        let pj = [psInv[0][0] * j[0] + psInv[0][1] * j[1], psInv[1][0] * j[0] + psInv[1][1] * j[1]]
        let jpj = j[0] * pj[0] + j[1] * pj[1]
        let l = h.columns
        let s2 = e.reduce(0) { $0 + $1 * $1 } / nd
        let aMatrix: Matrix
        do { aMatrix = try Matrix(columnArrays: [a1, a2]) } catch { throw .numerical("\(error)") }
        var cov = Matrix(rows: k + 1, columns: k + 1)
        switch weighting {
        case .heteroskedastic:
            let o = [pj[0] / jpj, pj[1] / jpj]
            var sh = h
            for c in 0..<l { for i in 0..<n { sh[i, c] *= e[i] * e[i] } }
            let pdd = (1 / nd) * (try mul(sh, .transposed, h))
            let pdl = (1 / nd) * (try mul(sh, .transposed, aMatrix))
            let vdd = (1 / nd) * (try mul(p, .transposed, try mul(pdd, .none, p)))
            let pdlo = (0..<l).map { r in pdl[r, 0] * o[0] + pdl[r, 1] * o[1] }
            let vdl = try times(p, pdlo, transposed: true).map { $0 / nd }
            let vll = (o[0] * (ps[0][0] * o[0] + ps[0][1] * o[1]) + o[1] * (ps[1][0] * o[0] + ps[1][1] * o[1])) / nd
            for r in 0..<k { for c in 0..<k { cov[r, c] = 0.5 * (vdd[r, c] + vdd[c, r]) }; cov[r, k] = vdl[r]; cov[k, r] = vdl[r] }
            cov[k, k] = vll
        case .homoskedastic:
            let ai = try tsls(zip(y, wy).map { $0 - lambda * $1 }, zs).ai
            let vll = 1 / jpj / nd
            let mu3 = e.reduce(0) { $0 + $1 * $1 * $1 } / nd
            // Psi_DL Psi^-1 J = n^-1 (mu3 H'd1 pj_0 + s^2 H'(a1 pj_0 + a2 pj_1)).
            let combined = (0..<n).map { i in mu3 * d1[i] * pj[0] + s2 * (a1[i] * pj[0] + a2[i] * pj[1]) }
            let hv = try times(h, combined, transposed: true).map { $0 / nd }
            let vdl = try times(p, hv, transposed: true).map { $0 * vll }
            for r in 0..<k { for c in 0..<k { cov[r, c] = s2 * 0.5 * (ai[r, c] + ai[c, r]) }; cov[r, k] = vdl[r]; cov[k, r] = vdl[r] }
            cov[k, k] = vll
        case .kelejianPrucha1999: throw .invalidArgument("kp99 moments have no Psi")
        }
        self.d = d
        self.lambda = lambda
        self.covariance = cov
        self.u = u
        self.e = e
        self.sigma2 = s2
        self.iterations = steps
        self.warnings = warnings
    }
}
