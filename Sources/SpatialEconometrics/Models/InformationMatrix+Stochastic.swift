import Dispatch
import Foundation

/// How the traces of the information matrix are obtained.
///
/// `Codable` as before: `.exact` and `.stochastic(probes:seed:)` decode as written by earlier versions; what changed
/// is how `.exact` is computed above 500 units.
public enum InformationTraces: Sendable, Codable, Equatable {
    /// Exact traces: dense n x n operators up to 500 units (O(n^3), the reference), above by sparse Cholesky solves
    /// (`ExactOperatorTraces`: no n x n matrix, about `0.6 n nnz(L)` multiply-adds per spatial parameter, 2.6 s at
    /// 2 x 10^4 units of planar contiguity on 2 cores) when W is similar to a symmetric matrix, else by sparse LU
    /// solves (two per column and parameter, about `4 n nnz(L + U)` multiply-adds per spatial parameter).
    case exact
    /// Hutchinson's estimator with `probes` Rademacher vectors (seeded), operators applied by sparse solves:
    /// O(probes * iterations * nnz), no n x n matrix.
    case stochastic(probes: Int, seed: UInt64)

    /// Exact up to `denseLimit` units, stochastic above with enough probes that the traces' relative standard error
    /// (about `sqrt(2 / (probes n))` for spatial weights) stays near 3e-3 or below: 64 probes up to 4,700 units,
    /// `3 x 10^5 / n` above, at least 8 (the rule when the cost of exact sparse traces is not known; the fits use
    /// ``automatic(units:exactSparseWork:denseLimit:workLimit:)``, exact far beyond 500 units). Stochastic standard
    /// errors differ from the exact ones by ~0.2% at n = 1,024 with 64 probes.
    public static func automatic(units n: Int, denseLimit: Int = 500) -> InformationTraces {
        n <= denseLimit ? .exact : .stochastic(probes: max(8, min(64, 300_000 / max(n, 1))), seed: 20_101)
    }
}

extension InformationMatrix {
    /// The information matrix with exact or stochastic traces, and how they were computed: `.exact` densely up to
    /// ``denseTraceMaximumUnits`` units, above by
    /// ``sparseExact(x:blockSize:beta:sigma2:rho:lambda:weights:operator:symbolic:traceMultiplier:observations:center:)``
    /// for W similar to a symmetric matrix and by sparse LU solves otherwise (`symbolic` / `luSymbolic`, the log-determinant's analysis of W's pattern, saves one).
    static func compute(x: Matrix, blockSize n: Int, beta: [Double], sigma2 s2: Double, rho: Double?, lambda: Double?,
                        weights: SpatialWeights, traceMultiplier tp: Double, observations: Double, center: Bool,
                        traces: InformationTraces, symbolic: SparseCholeskySymbolic? = nil, luSymbolic: SparseLUSymbolic? = nil,
                        progress: ProgressReporter? = nil) throws(ModelError) -> (info: Matrix, engine: TraceEngine) {
        switch traces {
        case .exact:
            if n > denseTraceMaximumUnits, let (op, sym) = sparsePlan(weights, symbolic: symbolic) {
                return (try sparseExact(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, weights: weights, operator: op,
                                        symbolic: sym, traceMultiplier: tp, observations: observations, center: center), .sparseCholesky)
            }
            if n > denseTraceMaximumUnits, !WeightsOperator(weights).isSymmetric, let lu = luPlan(weights, parameters: 1, symbolic: luSymbolic) {
                return (try sparseLUExact(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, weights: weights,
                                          symbolic: lu.symbolic, traceMultiplier: tp, observations: observations, center: center), .sparseLU)
            }
            return (try full(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, weights: weights,
                             traceMultiplier: tp, observations: observations, center: center), .dense)
        case .stochastic(let probes, let seed):
            guard probes >= 1 else { throw .invalidArgument("stochastic traces need at least one probe") }
            return (try stochastic(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, weights: weights,
                                   traceMultiplier: tp, observations: observations, center: center, probes: probes, seed: seed,
                                   progress: progress), .stochastic(probes: probes, seed: seed))
        }
    }

    /// The same information matrix as ``full(x:blockSize:beta:sigma2:rho:lambda:weights:traceMultiplier:observations:center:)``
    /// without any n x n matrix: every operator (`G = W A^-1`, `H = W B^-1`, `K = B G B^-1`, their J-centred forms) is
    /// applied to vectors by sparse mat-vecs and BiCGSTAB solves with `A = I - rho W`, `B = I - lambda W`; the traces
    /// `tr(O)`, `tr(O^2)`, `tr(O'O)`, `tr(KH)`, `tr(KH')` are Hutchinson estimates `mean z'O z` over Rademacher
    /// probes z (Hutchinson 1990), in parallel, one seeded stream per probe. `m_t = B G X_t beta` is exact.
    ///
    /// Reference: Hutchinson, M. F. (1990), A stochastic estimator of the trace of the influence matrix for Laplacian
    /// smoothing splines, *Comm. Statist. Simulation Comput.* 19(2), 433–450; LeSage & Pace (2009), ch. 4.
    static func stochastic(x: Matrix, blockSize n: Int, beta: [Double], sigma2 s2: Double, rho: Double?, lambda: Double?,
                           weights: SpatialWeights, traceMultiplier tp: Double, observations: Double, center: Bool,
                           probes: Int, seed: UInt64, progress: ProgressReporter? = nil) throws(ModelError) -> Matrix {
        let blocks = n > 0 ? x.rows / n : 0
        guard n == weights.count, blocks * n == x.rows else { throw .sizeMismatch("design of \(x.rows) rows is not a stack of blocks of \(weights.count) units") }
        let ops = SpatialOperators(w: weights.matrix, rho: rho, lambda: lambda, center: center)

        // Hutchinson traces, in parallel over probes: [tr K^2, tr K'K, tr G, tr H^2, tr H'H, tr H, tr KH, tr KH'].
        let count = 8
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: probes * count)
        buffer.initialize(repeating: .nan)
        defer { buffer.deallocate() }
        let out = UnsafeSendableBuffer(buffer)
        let failure = UnsafeMutableBufferPointer<Int>.allocate(capacity: 1)
        failure.initialize(repeating: 0)
        defer { failure.deallocate() }
        let failed = UnsafeSendableBuffer(failure)
        let hasLag = rho != nil, hasError = lambda != nil
        DispatchQueue.concurrentPerform(iterations: probes) { p in
            var gen = SeededGenerator.stream(seed: seed, index: p)
            let z = (0..<n).map { _ in Bool.random(using: &gen) ? 1.0 : -1.0 }
            do {
                var r = [Double](repeating: 0, count: count)
                var kz = [Double](), hz = [Double]()
                if hasLag {
                    kz = try ops.k(z)
                    r[0] = dot(z, try ops.k(kz)); r[1] = dot(kz, kz)
                    r[2] = dot(z, try ops.g(z))
                }
                if hasError {
                    hz = try ops.h(z)
                    r[3] = dot(z, try ops.h(hz)); r[4] = dot(hz, hz); r[5] = dot(z, hz)
                    if hasLag { r[6] = dot(z, try ops.k(hz)); r[7] = dot(hz, kz) }
                }
                for c in 0..<count { out.buffer[p * count + c] = r[c] }
                progress?.advance(by: 1)
            } catch { failed.buffer[0] = 1 }
        }
        guard failure[0] == 0 else { throw .numerical("information matrix: an iterative solve with I - rho W did not converge") }
        var tr = [Double](repeating: 0, count: count)
        for p in 0..<probes { for c in 0..<count { tr[c] += buffer[p * count + c] / Double(probes) } }
        return try assemble(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, operators: ops, traceMultiplier: tp,
                            observations: observations, traces: tr, solveA: ops.solveA)
    }

    /// The information matrix (see ``full(x:blockSize:beta:sigma2:rho:lambda:weights:traceMultiplier:observations:center:)``)
    /// from the traces `[tr K^2, tr K'K, tr G, tr H^2, tr H'H, tr H, tr KH, tr KH']` of the (centred) operators: the
    /// `beta` block from `J B J X_t` by sparse mat-vecs and `m_t = J B W A^-1 J X_t beta` with `solveA` giving `A^-1 v`.
    static func assemble(x: Matrix, blockSize n: Int, beta: [Double], sigma2 s2: Double, rho: Double?, lambda: Double?,
                         operators ops: SpatialOperators, traceMultiplier tp: Double, observations: Double, traces tr: [Double],
                         solveA: ([Double]) throws(ModelError) -> [Double]) throws(ModelError) -> Matrix {
        let k = x.columns
        let blocks = n > 0 ? x.rows / n : 0
        let nSpatial = (rho == nil ? 0 : 1) + (lambda == nil ? 0 : 1)
        let dim = k + nSpatial + 1
        var info = Matrix(rows: dim, columns: dim)
        // B X_t per block (centred as J B J).
        var bx = Matrix(rows: x.rows, columns: k)
        for t in 0..<blocks {
            for c in 0..<k {
                let out = ops.j(try ops.b(ops.j((0..<n).map { x[t * n + $0, c] })))
                for i in 0..<n { bx[t * n + i, c] = out[i] }
            }
        }
        let xtx: Matrix
        do { xtx = try bx.crossProduct } catch { throw .numerical("\(error)") }
        for a in 0..<k { for b in 0..<k { info[a, b] = xtx[a, b] / s2 } }

        var idx = k
        if rho != nil {
            // m_t = J B G X_t beta, exact.
            let xb: [Double]
            do { xb = try x.multiply(beta) } catch { throw .numerical("\(error)") }
            var m = [Double](repeating: 0, count: x.rows)
            for t in 0..<blocks {
                let mt = ops.j(try ops.b(try ops.w(try solveA(ops.j(Array(xb[(t * n)..<((t + 1) * n)]))))))
                for i in 0..<n { m[t * n + i] = mt[i] }
            }
            let cross: [Double]
            do { cross = try bx.multiply(m, .transposed) } catch { throw .numerical("\(error)") }
            for a in 0..<k { info[a, idx] = cross[a] / s2; info[idx, a] = cross[a] / s2 }
            info[idx, idx] = dot(m, m) / s2 + tp * (tr[0] + tr[1])
            info[idx, dim - 1] = tp * tr[2] / s2
            info[dim - 1, idx] = info[idx, dim - 1]
            idx += 1
        }
        if lambda != nil {
            info[idx, idx] = tp * (tr[3] + tr[4])
            info[idx, dim - 1] = tp * tr[5] / s2
            info[dim - 1, idx] = info[idx, dim - 1]
            if rho != nil {
                info[idx - 1, idx] = tp * (tr[6] + tr[7])
                info[idx, idx - 1] = info[idx - 1, idx]
            }
        }
        info[dim - 1, dim - 1] = observations / (2 * s2 * s2)
        return info
    }
}

/// The operators of the information matrix applied to vectors, optionally J-centred (`J = I - 11'/n`), by sparse
/// mat-vecs and BiCGSTAB solves: `G = W A^-1`, `H = W B^-1`, `K = B G B^-1`, `A = I - rho W`, `B = I - lambda W`.
struct SpatialOperators: Sendable {
    let matrix: SparseMatrix
    let lambda: Double?
    let center: Bool
    let a: ShiftedSparseSolver?
    let bSolver: ShiftedSparseSolver?

    init(w: SparseMatrix, rho: Double?, lambda: Double?, center: Bool) {
        matrix = w
        self.lambda = lambda
        self.center = center
        a = rho.map { ShiftedSparseSolver(w, rho: $0) }
        bSolver = lambda.map { ShiftedSparseSolver(w, rho: $0) }
    }

    func j(_ v: [Double]) -> [Double] {
        guard center else { return v }
        let mean = v.reduce(0, +) / Double(v.count)
        return v.map { $0 - mean }
    }

    func w(_ v: [Double]) throws(ModelError) -> [Double] {
        do { return try matrix.multiply(v) } catch { throw .numerical("\(error)") }
    }

    /// `B v`.
    func b(_ v: [Double]) throws(ModelError) -> [Double] {
        guard let l = lambda else { return v }
        let m = try w(v)
        return zip(v, m).map { $0 - l * $1 }
    }

    func solveA(_ v: [Double]) throws(ModelError) -> [Double] { try Self.solve(a, v) }
    func solveB(_ v: [Double]) throws(ModelError) -> [Double] { try Self.solve(bSolver, v) }

    static func solve(_ s: ShiftedSparseSolver?, _ v: [Double]) throws(ModelError) -> [Double] {
        guard let s else { return v }
        do { return try s.solve(v) } catch { throw .numerical("information matrix: \(error)") }
    }

    func g(_ v: [Double]) throws(ModelError) -> [Double] { j(try w(try solveA(j(v)))) }
    func h(_ v: [Double]) throws(ModelError) -> [Double] { j(try w(try solveB(j(v)))) }
    func k(_ v: [Double]) throws(ModelError) -> [Double] { j(try b(try w(try solveA(try solveB(j(v)))))) }
}

@inline(__always) fileprivate func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
    return s
}
