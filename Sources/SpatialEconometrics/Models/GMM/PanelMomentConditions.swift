import Foundation

/// The generalized moments of a spatial panel error process (Kapoor, Kelejian & Prucha 2007, KKP), as splm forms them.
///
/// For `u = (I_T kron W) u + e` (per period `u_t = lambda W u_t + e_t`), `e = (iota_T kron I_N) mu + v`, with
/// `ub = (I_T kron W) u`, `ubb = (I_T kron W) ub` and `Q0 = (I_T - J_T/T) kron I_N`, `Q1 = (J_T/T) kron I_N`, the six
/// moment conditions are linear in `(lambda, lambda^2, sigma_v^2, sigma_1^2)`, `sigma_1^2 = sigma_v^2 + T sigma_mu^2`:
/// `G [lambda, lambda^2, sigma_v^2, sigma_1^2]' = g`, with the within block (rows 1-3, scaled by `1/(N(T-1))`)
/// `G_1 = [2 u'Q0 ub, -ub'Q0 ub, 1; 2 ubb'Q0 ub, -ubb'Q0 ubb, tr(W'W)/N; u'Q0 ubb + ub'Q0 ub, -ub'Q0 ubb, 0]`,
/// `g_1 = [u'Q0 u, ub'Q0 ub, u'Q0 ub]`, and the between block (rows 4-6) the same with `Q1` and scale `1/N`.
///
/// - `within` rows alone with the identity weight: KKP's initial estimator of `(lambda, sigma_v^2)` (splm's
///   `moments = "initial"`, and the only step of its within estimator);
/// - all six rows with weight `(diag(sigma_v^4/(T-1), sigma_1^4) kron I_3)^-1` (`"weights"`) or
///   `(diag(sigma_v^4/(T-1), sigma_1^4) kron T_W)^-1` (`"fullweights"`, KKP's optimal weighting under normality),
///   `T_W = [2, 2 t1, 0; 2 t1, 2 t2, t3; 0, t3, t4]`, `t1 = tr(W'W)/N`, `t2 = tr(W'W W'W)/N`, `t3 = tr(W'W (W + W'))/N`,
///   `t4 = tr(W W + W'W)/N`, the variances being the initial estimates.
///
/// The objective is minimised exactly: for a given lambda it is a quadratic in the variances, which are concentrated
/// out (non-negative); what remains is a quartic in lambda, minimised on splm's interval by a grid and Newton steps.
/// splm minimises the same objective jointly with `nlminb`.
struct PanelMomentConditions: Sendable {
    /// Rows of `G` (columns lambda, lambda^2, then the variances) and `g`.
    var G: [[Double]]
    var g: [Double]

    /// One block of three moments from `u`, `ub = W u`, `ubb = W ub` and an inner product (`x'Q y`), scaled by `scale`;
    /// `varianceColumns` variance columns, the block's own at `varianceIndex`.
    static func block(u: [Double], ub: [Double], ubb: [Double], dot: ([Double], [Double]) -> Double, scale: Double,
                      traceWW: Double, n: Int, varianceColumns: Int, varianceIndex: Int) -> PanelMomentConditions {
        let uub = dot(u, ub), ubbub = dot(ubb, ub), uubb = dot(u, ubb), ubub = dot(ub, ub), ubbubb = dot(ubb, ubb)
        let uu = dot(u, u)
        var rows = [[2 * uub * scale, -ubub * scale], [2 * ubbub * scale, -ubbubb * scale], [(uubb + ubub) * scale, -ubbub * scale]]
        let own = [1, traceWW / Double(n), 0]
        for r in 0..<3 {
            var v = [Double](repeating: 0, count: varianceColumns)
            v[varianceIndex] = own[r]
            rows[r] += v
        }
        return PanelMomentConditions(G: rows, g: [uu * scale, ubub * scale, uub * scale])
    }

    /// The estimate: lambda and the variances minimising `(G theta - g)' Xi (G theta - g)`, lambda in `lo...hi`, the
    /// variances non-negative; `atZero` lists the variances held at 0 (the unconstrained minimum was negative).
    func minimise(weight xi: [[Double]], lo: Double, hi: Double) throws(ModelError) -> (lambda: Double, variances: [Double], atZero: [Int]) {
        let p = G[0].count - 2
        var free = Array(0..<p)
        while true {
            // Project the lambda part off the free variance columns in the Xi metric: residual b0 + b1 l + b2 l^2.
            let m = g.count
            let c = free.map { j in (0..<m).map { G[$0][2 + j] } }
            func xiDot(_ a: [Double], _ b: [Double]) -> Double {
                var s = 0.0
                for r in 0..<m { var t = 0.0; for q in 0..<m { t += xi[r][q] * b[q] }; s += a[r] * t }
                return s
            }
            let a0 = g.map { -$0 }, a1 = (0..<m).map { G[$0][0] }, a2 = (0..<m).map { G[$0][1] }
            let q = free.count
            var cc = Matrix(rows: q, columns: q)
            for r in 0..<q { for s in 0..<q { cc[r, s] = xiDot(c[r], c[s]) } }
            let cInverse: Matrix
            if q > 0 {
                do { cInverse = try LUDecomposition(cc).inverse() } catch {
                    throw .numerical("the moments do not identify the variances (singular G'Xi G block): \(error)")
                }
            } else { cInverse = Matrix(rows: 0, columns: 0) }
            // s(a) = -(C'Xi C)^-1 C'Xi a ; residual a + C s(a).
            func shift(_ a: [Double]) -> [Double] {
                let ca = c.map { xiDot($0, a) }
                return (0..<q).map { r in -(0..<q).reduce(0.0) { $0 + cInverse[r, $1] * ca[$1] } }
            }
            func project(_ a: [Double]) -> [Double] {
                let s = shift(a)
                return (0..<m).map { r in a[r] + (0..<q).reduce(0.0) { $0 + c[$1][r] * s[$1] } }
            }
            let b0 = project(a0), b1 = project(a1), b2 = project(a2)
            let c4 = xiDot(b2, b2), c3 = 2 * xiDot(b1, b2), c2 = xiDot(b1, b1) + 2 * xiDot(b0, b2), c1 = 2 * xiDot(b0, b1)
            let lambda = Self.quarticMinimum(c4: c4, c3: c3, c2: c2, c1: c1, lo: lo, hi: hi)
            let full = (0..<m).map { a0[$0] + lambda * a1[$0] + lambda * lambda * a2[$0] }
            let s = shift(full)
            var variances = [Double](repeating: 0, count: p)
            for (k, j) in free.enumerated() { variances[j] = s[k] }
            if let negative = free.firstIndex(where: { variances[$0] < 0 }) {
                free.remove(at: negative)
                continue
            }
            return (lambda, variances, (0..<p).filter { !free.contains($0) })
        }
    }

    /// The minimiser on `lo...hi` of `c4 l^4 + c3 l^3 + c2 l^2 + c1 l`: a grid of 2001 points, then Newton steps on the
    /// cubic derivative.
    static func quarticMinimum(c4: Double, c3: Double, c2: Double, c1: Double, lo: Double, hi: Double) -> Double {
        func f(_ l: Double) -> Double { (((c4 * l + c3) * l + c2) * l + c1) * l }
        var best = lo, bestValue = f(lo)
        for i in 1...2000 { let l = lo + (hi - lo) * Double(i) / 2000; let v = f(l); if v < bestValue { best = l; bestValue = v } }
        var l = best
        for _ in 0..<100 {
            let d1 = ((4 * c4 * l + 3 * c3) * l + 2 * c2) * l + c1, d2 = (12 * c4 * l + 6 * c3) * l + 2 * c2
            guard d2 > 0 else { break }
            let next = l - d1 / d2
            guard next >= lo && next <= hi else { break }
            if abs(next - l) <= 1e-16 * max(1, abs(l)) { l = next; break }
            l = next
        }
        return l
    }

    /// `T_W` of the full weighting: the traces `t1...t4` over N from the non-zeros of W and W'W (no N x N dense matrix).
    static func traceMatrix(_ w: SparseMatrix) -> [[Double]] {
        let n = w.rows
        var rows = [[Int: Double]](repeating: [:], count: n)
        var cols = [[Int: Double]](repeating: [:], count: n)
        for i in 0..<n { for (j, v) in w.row(i) { rows[i][j, default: 0] += v; cols[j][i, default: 0] += v } }
        // (W'W)_jk = sum_i w_ij w_ik.
        var wtw = [[Int: Double]](repeating: [:], count: n)
        for i in 0..<n { for (j, a) in rows[i] { for (k, b) in rows[i] { wtw[j][k, default: 0] += a * b } } }
        var t1 = 0.0, t2 = 0.0, t3 = 0.0, tWW = 0.0
        for j in 0..<n {
            t1 += wtw[j][j] ?? 0
            for (k, v) in wtw[j] {
                t2 += v * v                                      // tr(W'W W'W) = ||W'W||_F^2
                t3 += 2 * v * (rows[k][j] ?? 0)                  // tr(W'W (W + W')) = 2 tr(W'W W) = 2 sum_jk (W'W)_jk w_kj
            }
            for (k, v) in rows[j] { tWW += v * (rows[k][j] ?? 0) }
        }
        let nn = Double(n)
        let a = t1 / nn, b = t2 / nn, c = t3 / nn, d = (tWW + t1) / nn
        return [[2, 2 * a, 0], [2 * a, 2 * b, c], [0, c, d]]
    }

    /// The weight `(diag(s_v^4/(T-1), s_1^4) kron T)^-1` of the six moments, T = I_3 or T_W.
    static func weight(sigmaV2: Double, sigma12: Double, t: Int, block: [[Double]]) throws(ModelError) -> [[Double]] {
        let tm: Matrix
        do { tm = try LUDecomposition(try Matrix(rowArrays: block)).inverse() } catch { throw .numerical("the moments' trace matrix T_W is singular: \(error)") }
        let d = [sigmaV2 * sigmaV2 / Double(t - 1), sigma12 * sigma12]
        guard d.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .numerical("the initial variance estimates (sigma_v^2 = \(sigmaV2), sigma_1^2 = \(sigma12)) must be positive to weight the moments")
        }
        var xi = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for b in 0..<2 { for r in 0..<3 { for c in 0..<3 { xi[3 * b + r][3 * b + c] = tm[r, c] / d[b] } } }
        return xi
    }
}
