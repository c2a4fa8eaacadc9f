import Dispatch
import Foundation

extension InformationMatrix {
    /// How a fit's information-matrix traces were computed (named in its `standardErrors`).
    enum TraceEngine: Equatable, Sendable {
        /// Dense n x n operators (``InformationMatrix/full(x:blockSize:beta:sigma2:rho:lambda:weights:traceMultiplier:observations:center:)``).
        case dense
        /// Exact, by sparse Cholesky solves (`ExactOperatorTraces`), no n x n matrix.
        case sparseCholesky
        /// Exact, by sparse LU solves (W not similar to a symmetric matrix).
        case sparseLU
        /// Hutchinson estimates.
        case stochastic(probes: Int, seed: UInt64)

        /// What the fits append to "analytical information matrix (asymptotic)".
        var standardErrorsSuffix: String {
            switch self {
            case .dense: return ""
            case .sparseCholesky: return ", exact traces by sparse Cholesky solves"
            case .sparseLU: return ", exact traces by sparse LU solves"
            case .stochastic(let p, let seed): return ", traces by Hutchinson's estimator (\(p) probes, seed \(seed))"
            }
        }
    }

    /// `.exact` traces use the dense operators up to this many units (the reference path, what spatialreg's
    /// `method = "eigen"` computes; ~0.1 s at 500 units) and the sparse engine above, where W is similar to a
    /// symmetric matrix.
    static let denseTraceMaximumUnits = 500

    /// The symbolic LU analysis a fit's log-determinant already holds (the pattern of W), if any.
    static func luSymbolic(of logDeterminant: any LogDeterminant) -> SparseLUSymbolic? {
        (logDeterminant as? ExactSparseLULogDeterminant)?.symbolic
    }

    /// The symbolic Cholesky analysis a fit's log-determinant already holds (same pattern as W), if any.
    static func symbolic(of logDeterminant: any LogDeterminant) -> SparseCholeskySymbolic? {
        if let ld = logDeterminant as? ExactSparseCholeskyLogDeterminant { return ld.symbolic }
        if let ld = logDeterminant as? SparseCholeskyLogDeterminant { return ld.symbolic }
        return nil
    }

    /// The operator `S = D^1/2 W D^-1/2` and a symbolic factorisation of its pattern for the sparse exact traces,
    /// or nil when W is not similar to a symmetric matrix or the factor would be too large. `given` is used when it
    /// matches W's pattern.
    static func sparsePlan(_ weights: SpatialWeights, symbolic given: SparseCholeskySymbolic?) -> (WeightsOperator, SparseCholeskySymbolic)? {
        let op = WeightsOperator(weights)
        guard op.isSymmetric, op.scale != nil else { return nil }
        if let given, given.n == op.n, given.sourcePosition.count == op.matrix.nonzeroCount { return (op, given) }
        guard let sym = try? SparseCholeskySymbolic(pattern: op.matrix) else { return nil }
        return (op, sym)
    }

    /// The symbolic LU analysis of W for the exact traces when W is not similar to a symmetric matrix, with the work
    /// of ``ExactOperatorTraces/general(w:a:b:center:)``: per spatial parameter and column two solves (the operator
    /// and its transpose), each about `2 nnz(L + U)` multiply-adds, so `parameters x 4 n nnz(L + U)`.
    /// `given` (the log-determinant's analysis, ``luSymbolic(of:)``) is used when it is of W's order.
    static func luPlan(_ weights: SpatialWeights, parameters: Int, symbolic given: SparseLUSymbolic? = nil) -> (symbolic: SparseLUSymbolic, work: Double)? {
        let analysed = given.flatMap { $0.n == weights.count ? $0 : nil }
        guard let sym = analysed ?? (try? SparseLUSymbolic(pattern: weights.matrix)) else { return nil }
        return (sym, Double(max(parameters, 1)) * 4 * Double(weights.count) * Double(sym.factorNonzeros))
    }

    /// The information matrix with exact traces by sparse LU solves (``ExactOperatorTraces/general(w:a:b:center:)``
    /// with ``SparseLUFactor`` solvers) and `m_t` by the same factor: for W not similar to a symmetric matrix
    /// (asymmetric kNN), equal to the dense ``full(x:blockSize:beta:sigma2:rho:lambda:weights:traceMultiplier:observations:center:)``
    /// to rounding without any n x n matrix.
    static func sparseLUExact(x: Matrix, blockSize n: Int, beta: [Double], sigma2 s2: Double, rho: Double?, lambda: Double?,
                              weights: SpatialWeights, symbolic: SparseLUSymbolic, traceMultiplier tp: Double, observations: Double,
                              center: Bool) throws(ModelError) -> Matrix {
        let blocks = n > 0 ? x.rows / n : 0
        guard n == weights.count, blocks * n == x.rows else { throw .sizeMismatch("design of \(x.rows) rows is not a stack of blocks of \(weights.count) units") }
        let w = weights.matrix
        func factor(_ p: Double?) throws(ModelError) -> SparseLUFactor? {
            guard let p, p != 0 else { return nil }
            do { return try symbolic.factor(values: w.values, scale: -p, diagonalShift: 1) } catch {
                throw .numerical("information matrix: I - \(p) W cannot be factorised (\(error)); the parameter is outside the feasible interval")
            }
        }
        let fa = try factor(rho), fb = try factor(lambda)
        let a: (any SparseFactorSolver)?? = rho == nil ? nil : .some(fa.map { $0 as any SparseFactorSolver })
        let b: (any SparseFactorSolver)?? = lambda == nil ? nil : .some(fb.map { $0 as any SparseFactorSolver })
        let tr = try ExactOperatorTraces.general(w: w, a: a, b: b, center: center)
        let ops = SpatialOperators(w: w, rho: rho, lambda: lambda, center: center)
        return try assemble(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, operators: ops, traceMultiplier: tp,
                            observations: observations, traces: tr) { (v: [Double]) throws(ModelError) -> [Double] in
            guard let fa else { return v }
            do { return try fa.solve(v) } catch { throw .numerical("information matrix: \(error)") }
        }
    }

    /// The automatic trace method of a fit (``InformationTraces/automatic(units:exactSparseWork:denseLimit:workLimit:)``)
    /// with the work of the sparse exact traces, `parameters x` ``SparseCholeskySymbolic/inverseLowerTriangleWork``
    /// (one factor per spatial parameter), from `symbolic` (the log-determinant's) or a new analysis when W is
    /// similar to a symmetric matrix and the work's lower bound `parameters n^2 / 2` is within the limit.
    static func automaticTraces(weights: SpatialWeights, symbolic given: SparseCholeskySymbolic?, luSymbolic: SparseLUSymbolic? = nil,
                                parameters: Int) -> (traces: InformationTraces, symbolic: SparseCholeskySymbolic?) {
        let n = weights.count
        guard n > denseTraceMaximumUnits else { return (.automatic(units: n), given) }
        let p = Double(max(parameters, 1))
        // The limit is per spatial parameter: the SAC's two are exact as far as one parameter's (about 2 x 10^4
        // units of planar contiguity), at about three times the time (9 s against 2.6 s at 141 x 141).
        let limit = p * InformationTraces.exactSparseWorkLimit
        guard p * Double(n) * Double(n) / 2 <= limit, let plan = sparsePlan(weights, symbolic: given) else {
            // Not similar to a symmetric matrix: the LU's work (its lower bound 4 p n^2 first).
            if !WeightsOperator(weights).isSymmetric, 4 * p * Double(n) * Double(n) <= limit,
               let lu = luPlan(weights, parameters: parameters, symbolic: luSymbolic) {
                return (.automatic(units: n, exactSparseWork: lu.work, workLimit: limit), given)
            }
            return (.automatic(units: n, exactSparseWork: nil), given)
        }
        return (.automatic(units: n, exactSparseWork: p * plan.1.inverseLowerTriangleWork, workLimit: limit), plan.1)
    }

    /// The information matrix with exact traces from ``ExactOperatorTraces/symmetric(weights:operator:symbolic:rho:lambda:center:)``
    /// and `m_t` by solves with the same Cholesky factor: equal to
    /// ``full(x:blockSize:beta:sigma2:rho:lambda:weights:traceMultiplier:observations:center:)`` to rounding,
    /// without any n x n matrix.
    ///
    /// - Complexity: see `ExactOperatorTraces`.
    static func sparseExact(x: Matrix, blockSize n: Int, beta: [Double], sigma2 s2: Double, rho: Double?, lambda: Double?,
                            weights: SpatialWeights, operator op: WeightsOperator, symbolic: SparseCholeskySymbolic,
                            traceMultiplier tp: Double, observations: Double, center: Bool) throws(ModelError) -> Matrix {
        let blocks = n > 0 ? x.rows / n : 0
        guard n == weights.count, blocks * n == x.rows else { throw .sizeMismatch("design of \(x.rows) rows is not a stack of blocks of \(weights.count) units") }
        let (tr, solver) = try ExactOperatorTraces.symmetric(weights: weights, operator: op, symbolic: symbolic, rho: rho, lambda: lambda, center: center)
        let ops = SpatialOperators(w: weights.matrix, rho: rho, lambda: lambda, center: center)
        return try assemble(x: x, blockSize: n, beta: beta, sigma2: s2, rho: rho, lambda: lambda, operators: ops, traceMultiplier: tp,
                            observations: observations, traces: tr) { (v: [Double]) throws(ModelError) -> [Double] in
            guard let solver else { return v }
            var b = v
            do { try solver.solve(&b) } catch { throw .numerical("information matrix: \(error)") }
            return b
        }
    }
}

extension InformationTraces {
    /// The largest work per spatial parameter (multiply-adds, ``SparseCholeskySymbolic/inverseLowerTriangleWork``)
    /// for which a fit chooses the exact sparse traces: 6e9, i.e. up to about 2.05 x 10^4 units of planar contiguity
    /// for one spatial parameter and for the SAC's two (a 141 x 141 rook lattice needs 5.6e9 per parameter: 2.6 s on
    /// 2 cores in a release build for one parameter, 9 s for the SAC). Larger
    /// fits get Hutchinson traces unless `.exact` is asked for (SAC at 141 x 141: 9 s; one parameter at 200 x 200,
    /// 2.5e10: 24 s; the time grows like `n^2 log n` and faster once the 16-column blocks leave the cache).
    public static let exactSparseWorkLimit = 6e9

    /// Exact traces up to `denseLimit` units (dense operators below 500 units, sparse Cholesky solves above), exact
    /// by sparse Cholesky solves above while their work `exactSparseWork` (nil: not available, W not similar to a
    /// symmetric matrix) is at most `workLimit`, stochastic above as ``automatic(units:denseLimit:)``.
    public static func automatic(units n: Int, exactSparseWork: Double?, denseLimit: Int = 500,
                                 workLimit: Double = exactSparseWorkLimit) -> InformationTraces {
        if n <= denseLimit { return .exact }
        if let w = exactSparseWork, w <= workLimit { return .exact }
        return automatic(units: n, denseLimit: denseLimit)
    }
}

/// Timing entry points for the benchmark executable (`SpatialBenchmarks traces`); not part of the API.
@_spi(Benchmarks) public enum InformationMatrixTiming {
    /// Seconds to form the information matrix of a SAR (or SAC with `lambda`) at `rho` for an intercept and one
    /// regressor, by the dense operators (`dense: true`) or the exact sparse traces, and its `(rho, rho)` entry.
    /// The symbolic analysis is timed separately (a fit shares it with its log-determinant).
    public static func information(weights: SpatialWeights, rho: Double, lambda: Double? = nil, dense: Bool) throws(ModelError) -> (symbolicSeconds: Double, seconds: Double, rhoRho: Double) {
        let n = weights.count
        var g = SeededGenerator(seed: 1)
        let x: Matrix
        do { x = try Matrix(columnArrays: [[Double](repeating: 1, count: n), (0..<n).map { _ in g.normal() }]) } catch { throw .numerical("\(error)") }
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        let t0 = now()
        let info: Matrix
        var t1 = t0
        if dense {
            info = try InformationMatrix.full(x: x, blockSize: n, beta: [1, 1], sigma2: 1, rho: rho, lambda: lambda, weights: weights,
                                              traceMultiplier: 1, observations: Double(n), center: false)
        } else {
            guard let (op, sym) = InformationMatrix.sparsePlan(weights, symbolic: nil) else { throw .invalidArgument("W is not similar to a symmetric matrix") }
            t1 = now()
            info = try InformationMatrix.sparseExact(x: x, blockSize: n, beta: [1, 1], sigma2: 1, rho: rho, lambda: lambda, weights: weights,
                                                     operator: op, symbolic: sym, traceMultiplier: 1, observations: Double(n), center: false)
        }
        return (t1 - t0, now() - t1, info[2, 2])
    }

    /// ``SparseCholeskySymbolic/inverseLowerTriangleWork`` and nnz(L) for W's pattern.
    public static func work(weights: SpatialWeights) -> (work: Double, factorNonzeros: Int)? {
        InformationMatrix.sparsePlan(weights, symbolic: nil).map { ($0.1.inverseLowerTriangleWork, $0.1.factorNonzeros) }
    }
}
