import Dispatch
import Foundation

/// Solves with a sparse factorisation of `I - rho W` (any W): what the general exact-trace scheme of
/// `ExactOperatorTraces` needs: the symmetrised Cholesky factor, or the sparse LU factor (``SparseLUFactor``) of W not
/// similar to a symmetric matrix.
protocol SparseFactorSolver: Sendable {
    var n: Int { get }
    /// `b <- (I - rho W)^-1 b`.
    func solve(_ b: inout [Double]) throws(LinearAlgebraError)
    /// `b <- (I - rho W)^-T b`.
    func solveTransposed(_ b: inout [Double]) throws(LinearAlgebraError)
}

/// `(I - rho W)^-1` for W similar to a symmetric matrix, `W = D^-1/2 S D^1/2` (``WeightsOperator``): then
/// `I - rho W = D^-1/2 (I - rho S) D^1/2`, so `(I - rho W)^-1 b = D^-1/2 (I - rho S)^-1 D^1/2 b` and
/// `(I - rho W)^-T b = D^1/2 (I - rho S)^-1 D^-1/2 b`: both through the one Cholesky factor of `I - rho S`
/// (scale, two triangular solves, scale).
struct SymmetrizedCholeskySolver: SparseFactorSolver {
    let factor: SparseCholeskyFactor
    /// `sqrt(d_i)`.
    let root: [Double]
    var n: Int { root.count }

    init(factor: SparseCholeskyFactor, scale d: [Double]) {
        self.factor = factor
        root = d.map { $0.squareRoot() }
    }

    func solve(_ b: inout [Double]) throws(LinearAlgebraError) {
        guard b.count == n else { throw .dimensionMismatch("solve of order \(n) with \(b.count) values") }
        for i in 0..<n { b[i] *= root[i] }
        b = try factor.solve(b)
        for i in 0..<n { b[i] /= root[i] }
    }

    func solveTransposed(_ b: inout [Double]) throws(LinearAlgebraError) {
        guard b.count == n else { throw .dimensionMismatch("solve of order \(n) with \(b.count) values") }
        for i in 0..<n { b[i] /= root[i] }
        b = try factor.solve(b)
        for i in 0..<n { b[i] *= root[i] }
    }
}

/// The exact traces of the information matrix's operators, with no n x n matrix: `G = W A^-1`, `H = W B^-1`,
/// `K = B G B^-1` (`A = I - rho W`, `B = I - lambda W`), optionally J-centred (`O -> J O J`, `J = I - 11'/n`),
/// in the order of the stochastic path: `[tr K^2, tr K'K, tr G, tr H^2, tr H'H, tr H, tr KH, tr KH']`.
///
/// A, B and W are all functions of W, so they commute and `K = B W A^-1 B^-1 = G` exactly; the dense path's
/// `B G B^-1` is G to rounding.
///
/// **Centring** by rank-one corrections (`u = 1/sqrt(n)`, `J = I - uu'`): for operators O, P
///
///     tr(JOJ) = tr O - u'Ou              tr((JOJ)^2) = tr O^2 - 2 (O'u)'(Ou) + (u'Ou)^2
///     tr((JOJ)'JOJ) = tr O'O - |Ou|^2 - |O'u|^2 + (u'Ou)^2
///     tr(JOJ JPJ) = tr OP - (O'u)'(Pu) - (P'u)'(Ou) + (u'Ou)(u'Pu)
///     tr(JOJ (JPJ)') = tr OP' - (O'u)'(P'u) - (Pu)'(Ou) + (u'Ou)(u'Pu)
///
/// so only the uncentred traces need the columns, plus four solves.
///
/// **W similar to a symmetric matrix** (``symmetric(weights:operator:symbolic:rho:lambda:center:)``): with
/// `W = D^-1/2 S D^1/2`, `G = D^-1/2 G_s D^1/2` where `G_s = S X`, `X = (I - rho S)^-1`, is symmetric. Then
/// `tr G = tr G_s`, `tr G^2 = sum_ij (G_s)_ij^2`, `tr G'G = sum_ij (G_s)_ij^2 d_j / d_i`,
/// `tr GH = sum_ij (G_s)_ij (H_s)_ij`, `tr GH' = sum_ij (G_s)_ij (H_s)_ij d_j / d_i`: sums over the lower triangle
/// of symmetric matrices (weights `d_j/d_i + d_i/d_j` off the diagonal). The lower triangle of X, in the factor's
/// nested-dissection order, comes block by block (16 columns) from ``SparseCholeskyFactor/inverseColumnBlock(from:into:mark:stamp:reach:)``:
/// a forward substitution on the elimination-tree paths and a back substitution stopping at the block's first row.
/// Off the diagonal `(G_s)_ij = X_ij / rho` (from `X = I + rho S X`); the diagonal `(G_s)_jj = sum_k S_jk X_kj` is
/// accumulated from the neighbours' entries (no cancellation as rho -> 0), entries above the block taken from the
/// earlier block that holds them by symmetry. One factorisation per parameter, one block solve per 16 columns and
/// parameter; blocks run in parallel (``DispatchQueue/concurrentPerform(iterations:execute:)``) over eight fixed
/// accumulator lanes, so results do not depend on the number of cores.
///
/// **Any W** (``general(w:a:b:center:)``): columns of O and O' by two solves per column and operator
/// (`G e_j = W A^-1 e_j`, `G' e_j = A^-T W' e_j`), `tr O^2 = sum_j (O'e_j)'(O e_j)`, `tr O'O = sum_j |O e_j|^2`,
/// `tr KH = sum_j (K'e_j)'(H e_j)`, `tr KH' = sum_j (K e_j)'(H e_j)`, through any ``SparseFactorSolver``: the
/// ``SparseLUFactor`` of `I - rho W` for W not similar to a symmetric matrix (asymmetric kNN), tested against the dense
/// matrix and, with the Cholesky solver, against the symmetric scheme.
///
/// References: Anselin (1988), ch. 6; Lee & Yu (2010); Gilbert, J. R. (1994), Predicting structure in sparse matrix
/// computations, *SIAM J. Matrix Anal. Appl.* 15(1), 62–79; Davis, T. A. (2006), *Direct Methods for Sparse Linear
/// Systems*, SIAM.
///
/// - Complexity: per parameter one numeric factorisation and
///   ``SparseCholeskySymbolic/inverseLowerTriangleWork`` multiply-adds (about `0.6 n nnz(L)`; O(n^2 log n) for
///   planar contiguity with nested dissection), O(n + nnz(L)) memory per worker.
enum ExactOperatorTraces {
    /// Slots of the result.
    static let count = 8

    /// Accumulator lanes (fixed, so that the sums do not depend on the number of cores).
    static let lanes = 8

    /// The traces for W similar to a symmetric matrix, through Cholesky factors of `I - rho S`, `I - lambda S`.
    /// Throws ``ModelError/numerical(_:)`` when `I - rho S` is not positive definite (rho outside the feasible interval).
    static func symmetric(weights: SpatialWeights, operator op: WeightsOperator, symbolic: SparseCholeskySymbolic,
                          rho: Double?, lambda: Double?, center: Bool) throws(ModelError) -> (traces: [Double], solverA: SymmetrizedCholeskySolver?) {
        guard op.isSymmetric, let d = op.scale else { throw .invalidArgument("exact sparse traces need W similar to a symmetric matrix") }
        let s = op.matrix, n = s.rows
        guard symbolic.n == n, n > 0 else { throw .sizeMismatch("a factorisation of order \(symbolic.n) for \(n) units") }
        func factor(_ p: Double?) throws(ModelError) -> SparseCholeskyFactor? {
            guard let p, p != 0 else { return nil }
            do { return try symbolic.factorShifted(s, rho: p) } catch {
                throw .numerical("information matrix: I - \(p) W cannot be factorised (\(error)); the parameter is outside the feasible interval")
            }
        }
        let fa = try factor(rho), fb = try factor(lambda)
        let raw = columnSums(s: s, scale: d, symbolic: symbolic, rho: rho, lambda: lambda, factorA: fa, factorB: fb)
        let solverA = fa.map { SymmetrizedCholeskySolver(factor: $0, scale: d) }
        guard center else { return (raw, solverA) }
        let solverB = fb.map { SymmetrizedCholeskySolver(factor: $0, scale: d) as any SparseFactorSolver }
        let a: (any SparseFactorSolver)?? = rho == nil ? nil : .some(solverA.map { $0 as any SparseFactorSolver })
        return (try centred(raw, w: weights.matrix, a: a, b: lambda == nil ? nil : .some(solverB)), solverA)
    }

    /// The uncentred traces from the lower triangles of `X = (I - rho S)^-1` and `Y = (I - lambda S)^-1`.
    private static func columnSums(s: SparseMatrix, scale d: [Double], symbolic: SparseCholeskySymbolic, rho: Double?, lambda: Double?,
                                   factorA: SparseCholeskyFactor?, factorB: SparseCholeskyFactor?) -> [Double] {
        let n = s.rows, bw = SparseCholeskyFactor.blockWidth, lanes = Self.lanes
        let hasLag = rho != nil, hasError = lambda != nil
        let perm = symbolic.ordering.permutation, pinv = symbolic.ordering.inverse
        let q = perm.map { d[$0] }, iq = q.map { 1 / $0 }
        let blocks = (n + bw - 1) / bw
        // Per block: off-diagonal sums [G^2, G'G, H^2, H'H, GH, GH'] (lower triangle, weights applied).
        let offBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: blocks * 6)
        offBuffer.initialize(repeating: 0)
        defer { offBuffer.deallocate() }
        // Per lane: diagonals of G_s and H_s (permuted order).
        let diagBuffer = UnsafeMutablePointer<Double>.allocate(capacity: lanes * 2 * n)
        diagBuffer.initialize(repeating: 0, count: lanes * 2 * n)
        defer { diagBuffer.deallocate() }
        let off = UnsafeSendableBuffer(offBuffer), diag = SendablePointer(pointer: diagBuffer)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let xBuffer = UnsafeMutablePointer<Double>.allocate(capacity: n * bw)
            let yBuffer = UnsafeMutablePointer<Double>.allocate(capacity: n * bw)
            let mark = UnsafeMutablePointer<Int>.allocate(capacity: n)
            mark.initialize(repeating: -1, count: n)
            defer { xBuffer.deallocate(); yBuffer.deallocate(); mark.deallocate() }
            var reach = [Int]()
            var stamp = 0
            let gd = diag.pointer + lane * 2 * n, hd = gd + n
            for block in stride(from: lane, to: blocks, by: lanes) {
                let j0 = block * bw
                if hasLag { fill(xBuffer, j0: j0, factor: factorA, s: s, perm: perm, pinv: pinv, diagonal: gd, mark: mark, stamp: &stamp, reach: &reach) }
                if hasError { fill(yBuffer, j0: j0, factor: factorB, s: s, perm: perm, pinv: pinv, diagonal: hd, mark: mark, stamp: &stamp, reach: &reach) }
                let ig = factorA == nil ? 1.0 : 1 / (rho ?? 1), ih = factorB == nil ? 1.0 : 1 / (lambda ?? 1)
                let sums = accumulate(x: xBuffer, y: yBuffer, j0: j0, n: n, hasLag: hasLag, hasError: hasError, ig: ig, ih: ih, q: q, iq: iq)
                for c in 0..<6 { off.buffer[block * 6 + c] = sums[c] }
            }
        }
        var offSum = [Double](repeating: 0, count: 6)
        for block in 0..<blocks { for c in 0..<6 { offSum[c] += offBuffer[block * 6 + c] } }
        var gDiag = [Double](repeating: 0, count: n), hDiag = gDiag
        for lane in 0..<lanes {
            for i in 0..<n { gDiag[i] += diagBuffer[lane * 2 * n + i]; hDiag[i] += diagBuffer[lane * 2 * n + n + i] }
        }
        var tr = [Double](repeating: 0, count: count)
        var g1 = 0.0, g2 = 0.0, h1 = 0.0, h2 = 0.0, gh = 0.0
        for i in 0..<n { g1 += gDiag[i]; g2 += gDiag[i] * gDiag[i]; h1 += hDiag[i]; h2 += hDiag[i] * hDiag[i]; gh += gDiag[i] * hDiag[i] }
        if hasLag { tr[0] = g2 + offSum[0]; tr[1] = g2 + offSum[1]; tr[2] = g1 }
        if hasError { tr[3] = h2 + offSum[2]; tr[4] = h2 + offSum[3]; tr[5] = h1 }
        if hasLag && hasError { tr[6] = gh + offSum[4]; tr[7] = gh + offSum[5] }
        return tr
    }

    /// The off-diagonal sums of one block (see ``columnSums(s:scale:symbolic:rho:lambda:factorA:factorB:)``):
    /// `[G^2, G'G, H^2, H'H, GH, GH']` over the strict lower triangle, from the block's columns of X and Y scaled by
    /// `ig = 1/rho`, `ih = 1/lambda`, with the weights `q_j/q_i + q_i/q_j` of the similarity.
    private static func accumulate(x xBuffer: UnsafeMutablePointer<Double>, y yBuffer: UnsafeMutablePointer<Double>, j0: Int, n: Int,
                                   hasLag: Bool, hasError: Bool, ig: Double, ih: Double, q: [Double], iq: [Double]) -> [Double] {
        let bw = SparseCholeskyFactor.blockWidth
        var a0 = SIMD16<Double>(), a1 = SIMD16<Double>(), a2 = SIMD16<Double>()
        var b0 = SIMD16<Double>(), b1 = SIMD16<Double>(), b2 = SIMD16<Double>()
        var c0 = SIMD16<Double>(), c1 = SIMD16<Double>(), c2 = SIMD16<Double>()
        let xr = UnsafeRawPointer(xBuffer), yr = UnsafeRawPointer(yBuffer)
        let lane16 = SIMD16<Double>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var i = j0 + 1
        while i < n {
            // Entries (i, j0 + l) with i > j0 + l only (the strict lower triangle).
            let mask: SIMD16<Double> = i - j0 >= bw ? SIMD16(repeating: 1)
                : SIMD16<Double>(repeating: 0).replacing(with: 1, where: lane16 .< SIMD16(repeating: Double(i - j0)))
            let qi = SIMD16<Double>(repeating: q[i]), iqi = SIMD16<Double>(repeating: iq[i])
            var g = SIMD16<Double>(), h = SIMD16<Double>()
            if hasLag {
                g = xr.loadUnaligned(fromByteOffset: i * bw * 8, as: SIMD16<Double>.self) * (ig * mask)
                let g2 = g * g
                a0 += g2; a1 += g2 * iqi; a2 += g2 * qi
            }
            if hasError {
                h = yr.loadUnaligned(fromByteOffset: i * bw * 8, as: SIMD16<Double>.self) * (ih * mask)
                let h2 = h * h
                b0 += h2; b1 += h2 * iqi; b2 += h2 * qi
                if hasLag { let gh = g * h; c0 += gh; c1 += gh * iqi; c2 += gh * qi }
            }
            i += 1
        }
        var sums = [Double](repeating: 0, count: 6)
        for l in 0..<bw where j0 + l < n {
            let qj = q[j0 + l], iqj = iq[j0 + l]
            sums[0] += 2 * a0[l]; sums[1] += qj * a1[l] + iqj * a2[l]
            sums[2] += 2 * b0[l]; sums[3] += qj * b1[l] + iqj * b2[l]
            sums[4] += 2 * c0[l]; sums[5] += qj * c1[l] + iqj * c2[l]
        }
        return sums
    }

    /// Fills rows `>= j0` of the block's 16 columns with `X = (I - rho S)^-1` (permuted order) and adds the
    /// diagonal of `G_s = S X` they determine: `(G_s)_jj += S_jm X_mj` for every neighbour m in rows `>= j0`, and
    /// `(G_s)_mm += S_mj X_mj` for neighbours in later blocks (whose columns lack row j). With rho = 0 (no factor),
    /// `G_s = S`: the block holds S's entries and the diagonal its own.
    private static func fill(_ x: UnsafeMutablePointer<Double>, j0: Int, factor: SparseCholeskyFactor?, s: SparseMatrix, perm: [Int], pinv: [Int],
                             diagonal: UnsafeMutablePointer<Double>, mark: UnsafeMutablePointer<Int>, stamp: inout Int, reach: inout [Int]) {
        let n = s.rows, bw = SparseCholeskyFactor.blockWidth
        let end = min(j0 + bw, n)
        if let factor {
            factor.inverseColumnBlock(from: j0, into: x, mark: mark, stamp: stamp, reach: &reach)
            stamp += 1
            for j in j0..<end {
                let l = j - j0, row = perm[j]
                var own = 0.0
                for k in s.rowStart[row]..<s.rowStart[row + 1] {
                    let r = pinv[s.columnIndices[k]]
                    guard r >= j0 else { continue }
                    let v = s.values[k] * x[r * bw + l]
                    own += v
                    if r >= j0 + bw { diagonal[r] += v }
                }
                diagonal[j] += own
            }
        } else {
            (x + j0 * bw).initialize(repeating: 0, count: (n - j0) * bw)
            for j in j0..<end {
                let l = j - j0, row = perm[j]
                for k in s.rowStart[row]..<s.rowStart[row + 1] {
                    let r = pinv[s.columnIndices[k]]
                    if r == j { diagonal[j] += s.values[k] } else if r > j { x[r * bw + l] = s.values[k] }
                }
            }
        }
    }

    /// The traces for any W, from columns of the operators and their transposes by ``SparseFactorSolver`` solves
    /// (two per column and operator); `a`/`b` are `.some(nil)` for rho/lambda = 0 (identity), nil when the model has
    /// no such parameter.
    static func general(w: SparseMatrix, a: (any SparseFactorSolver)??, b: (any SparseFactorSolver)??, center: Bool) throws(ModelError) -> [Double] {
        let n = w.rows
        let hasLag = a != nil, hasError = b != nil
        let lanes = Self.lanes
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: lanes * count)
        buffer.initialize(repeating: 0)
        defer { buffer.deallocate() }
        let failure = UnsafeMutableBufferPointer<Int>.allocate(capacity: lanes)
        failure.initialize(repeating: 0)
        defer { failure.deallocate() }
        let out = UnsafeSendableBuffer(buffer), failed = UnsafeSendableBuffer(failure)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var r = [Double](repeating: 0, count: count)
            do {
                for j in stride(from: lane, to: n, by: lanes) {
                    var e = [Double](repeating: 0, count: n)
                    e[j] = 1
                    var wtCol = [Double](repeating: 0, count: n)   // W' e_j: row j of W
                    for k in w.rowStart[j]..<w.rowStart[j + 1] { wtCol[w.columnIndices[k]] = w.values[k] }
                    var g = [Double](), gt = [Double]()
                    if let a {
                        g = try apply(w: w, solver: a, e)
                        gt = try applyTransposed(solver: a, wtCol)
                        r[2] += g[j]; r[0] += dot(gt, g); r[1] += dot(g, g)
                    }
                    if let b {
                        let h = try apply(w: w, solver: b, e)
                        let ht = try applyTransposed(solver: b, wtCol)
                        r[5] += h[j]; r[3] += dot(ht, h); r[4] += dot(h, h)
                        if hasLag { r[6] += dot(gt, h); r[7] += dot(g, h) }
                    }
                }
            } catch { failed.buffer[lane] = 1 }
            for c in 0..<count { out.buffer[lane * count + c] = r[c] }
        }
        guard failure.allSatisfy({ $0 == 0 }) else { throw .numerical("information matrix: a sparse solve with I - rho W failed") }
        var tr = [Double](repeating: 0, count: count)
        for lane in 0..<lanes { for c in 0..<count { tr[c] += buffer[lane * count + c] } }
        if !hasLag { for c in [0, 1, 2, 6, 7] { tr[c] = 0 } }
        if !hasError { for c in [3, 4, 5, 6, 7] { tr[c] = 0 } }
        guard center else { return tr }
        return try centred(tr, w: w, a: a, b: b)
    }

    /// `O v = W A^-1 v` (A the solver's matrix; identity for `.some(nil)`).
    static func apply(w: SparseMatrix, solver: (any SparseFactorSolver)?, _ v: [Double]) throws(LinearAlgebraError) -> [Double] {
        var x = v
        if let solver { try solver.solve(&x) }
        return try w.multiply(x)
    }

    /// `O' v = A^-T W' v` given `W' v`.
    static func applyTransposed(solver: (any SparseFactorSolver)?, _ wtv: [Double]) throws(LinearAlgebraError) -> [Double] {
        var x = wtv
        if let solver { try solver.solveTransposed(&x) }
        return x
    }

    /// The J-centred traces from the uncentred ones by the rank-one corrections (see the type's documentation).
    static func centred(_ tr: [Double], w: SparseMatrix, a: (any SparseFactorSolver)??, b: (any SparseFactorSolver)??) throws(ModelError) -> [Double] {
        let n = w.rows
        let u = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var out = tr
        do {
            let wtu = try w.multiplyTransposed(u)
            var ou = [Double](), otu = [Double](), pu = [Double](), ptu = [Double]()
            var uou = 0.0, upu = 0.0
            if let a {
                ou = try apply(w: w, solver: a, u); otu = try applyTransposed(solver: a, wtu)
                uou = dot(u, ou)
                out[2] = tr[2] - uou
                out[0] = tr[0] - 2 * dot(otu, ou) + uou * uou
                out[1] = tr[1] - dot(ou, ou) - dot(otu, otu) + uou * uou
            }
            if let b {
                pu = try apply(w: w, solver: b, u); ptu = try applyTransposed(solver: b, wtu)
                upu = dot(u, pu)
                out[5] = tr[5] - upu
                out[3] = tr[3] - 2 * dot(ptu, pu) + upu * upu
                out[4] = tr[4] - dot(pu, pu) - dot(ptu, ptu) + upu * upu
                if a != nil {
                    out[6] = tr[6] - dot(otu, pu) - dot(ptu, ou) + uou * upu
                    out[7] = tr[7] - dot(otu, ptu) - dot(pu, ou) + uou * upu
                }
            }
        } catch { throw .numerical("information matrix: \(error)") }
        return out
    }

    @inline(__always) static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }
}

/// A pointer handed to the workers of `concurrentPerform`, each writing its own part.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
}
