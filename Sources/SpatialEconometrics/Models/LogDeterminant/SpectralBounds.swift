import Foundation

/// The matrix the large-N methods multiply by: `S = D^1/2 W D^-1/2` (symmetric, same eigenvalues as W) when W is
/// similar to a symmetric matrix, W itself otherwise.
struct WeightsOperator: Sendable {
    let matrix: SparseMatrix
    let isSymmetric: Bool
    /// The diagonal d of the similarity (``SpatialWeights/symmetrizingScale()``, `d_i w_ij = d_j w_ji`), so that
    /// `W = D^-1/2 S D^1/2`; nil when W is not similar to a symmetric matrix.
    let scale: [Double]?
    var n: Int { matrix.rows }

    init(_ weights: SpatialWeights) {
        let w = weights.matrix
        if let d = weights.symmetrizingScale() {
            var v = w.values
            for i in 0..<w.rows {
                for k in w.rowStart[i]..<w.rowStart[i + 1] { v[k] *= (d[i] / d[w.columnIndices[k]]).squareRoot() }
            }
            // Symmetrise exactly (the scale is exact only to rounding): s_ij = (s_ij + s_ji) / 2.
            let s = w.withValues(v)
            for i in 0..<s.rows {
                for k in s.rowStart[i]..<s.rowStart[i + 1] { v[k] = 0.5 * (s.values[k] + s[s.columnIndices[k], i]) }
            }
            matrix = w.withValues(v)
            isSymmetric = true
            scale = d
        } else {
            matrix = w
            isSymmetric = false
            scale = nil
        }
    }
}

/// Bounds on the real spectrum of W, `[lower, upper]`, giving the feasible interval `(1 / lower, 1 / upper)` of rho
/// for the large-N log-determinants without an eigen-decomposition.
///
/// - `upper`: the row sum when all non-empty rows of W have the same sum c (row-standardised W: c = 1), which is
///   then exactly the Perron root; otherwise `min(||W||_inf, theta_max + r_max)` from Lanczos.
/// - `lower`: `max(-||W||_inf, theta_min - r_min)`, where `theta_min` is the smallest Ritz value of `steps`
///   Lanczos iterations on S (Lanczos 1950; Golub & Van Loan 2013, sec. 10.1) and `r_min = beta_m |s_m|` its
///   residual norm; `-||W||_inf` is a rigorous bound (for W not similar to a symmetric matrix it is the only one
///   used, `[-1, 1]` for row-standardised W, the convention of LeSage & Pace 2009, sec. 4.1).
///
/// Ritz values lie inside the spectrum, so `theta_min - r_min` is a lower estimate that holds whenever the Ritz
/// value has converged to the extreme eigenvalue; the interval is then at most slightly narrower than the exact
/// one. The sparse Cholesky method checks it: the factorisation fails outside the feasible interval.
public struct SpectralBounds: Sendable, Codable, Equatable {
    /// Lower bound (or estimate, see the type's documentation) of the smallest real eigenvalue.
    public let lower: Double
    /// Upper bound of the largest eigenvalue (exact for constant row sums).
    public let upper: Double
    /// Lanczos iterations used (0 when only the norm bound applies).
    public let lanczosSteps: Int

    /// `[1 / lower, 1 / upper]`.
    public var feasibleInterval: ClosedRange<Double> { (1 / lower)...(1 / upper) }

    /// The Lanczos bounds with the lower end replaced by the exactly known one when W has constant row sums and a
    /// two-colourable component (``SingularTerms``): what every large-N log-determinant uses.
    static func refined(weights: SpatialWeights, operator op: WeightsOperator, singular: SingularTerms) throws(LogDeterminantError) -> SpectralBounds {
        let b = try SpectralBounds(weights: weights, operator: op)
        guard let lo = singular.exactLowerEigenvalue else { return b }
        return SpectralBounds(lower: lo, upper: b.upper, lanczosSteps: b.lanczosSteps)
    }

    /// The interval a large-N log-determinant works on: `given` when there is one (checked to contain 0 in its
    /// interior), else the ``refined(weights:operator:singular:)`` bounds' feasible interval.
    static func feasibleInterval(given: ClosedRange<Double>?, weights: SpatialWeights, operator op: WeightsOperator,
                                 singular: SingularTerms) throws(LogDeterminantError) -> ClosedRange<Double> {
        guard let g = given else { return try refined(weights: weights, operator: op, singular: singular).feasibleInterval }
        guard g.lowerBound < 0, g.upperBound > 0, g.lowerBound.isFinite, g.upperBound.isFinite else {
            throw .invalidArgument("interval must contain 0 in its interior")
        }
        return g
    }

    /// Bounds `lower <= lambda_min` and `upper >= lambda_max` of W's real spectrum, found with `lanczosSteps` Lanczos
    /// steps (0 when they are exact or analytical).
    public init(lower: Double, upper: Double, lanczosSteps: Int) {
        self.lower = lower; self.upper = upper; self.lanczosSteps = lanczosSteps
    }

    /// Bounds for these weights. Throws ``LogDeterminantError/degenerateSpectrum`` for a zero matrix.
    ///
    /// - Complexity: O(steps * nnz + steps^3).
    public init(_ weights: SpatialWeights, steps: Int = 40) throws(LogDeterminantError) {
        try self.init(weights: weights, operator: WeightsOperator(weights), steps: steps)
    }

    init(weights: SpatialWeights, operator op: WeightsOperator, steps: Int = 40) throws(LogDeterminantError) {
        guard weights.count > 0 else { throw .empty }
        // The spectral radius is at most ||W||_inf, and at most ||S||_inf when S is symmetric and similar to W.
        var norm = weights.matrix.rowSums.map(abs).max() ?? 0
        if op.isSymmetric { norm = min(norm, op.matrix.rowSums.map(abs).max() ?? 0) }
        guard norm > 0 else { throw .degenerateSpectrum }
        var hi = norm, lo = -norm, used = 0
        if op.isSymmetric {
            let r = Self.lanczosExtremes(op.matrix, steps: min(steps, weights.count))
            used = r.steps
            hi = min(norm, r.maxRitz + r.maxResidual)
            lo = max(-norm, r.minRitz - r.minResidual)
        }
        if let c = weights.constantRowSum(), c > 0 { hi = c }   // the Perron root, exactly
        upper = hi; lower = lo; lanczosSteps = used
        if !(lower < 0 && upper > 0) { throw .degenerateSpectrum }
    }

    /// The same bounds with the upper one replaced by an exactly known Perron root.
    func withUpper(_ u: Double) -> SpectralBounds { SpectralBounds(lower: lower, upper: u, lanczosSteps: lanczosSteps) }

    /// Extreme Ritz values of `steps` Lanczos iterations on the symmetric `a` (no reorthogonalisation: extreme Ritz
    /// values converge first and spurious copies do not move them), with their residual norms `beta_m |s_m|`.
    static func lanczosExtremes(_ a: SparseMatrix, steps: Int, seed: UInt64 = 0x5EED_1A4C)
        -> (minRitz: Double, minResidual: Double, maxRitz: Double, maxResidual: Double, steps: Int) {
        let n = a.rows
        var g = SeededGenerator(seed: seed)
        var v = (0..<n).map { _ in g.normal() }
        let nv = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        v = v.map { $0 / nv }
        let t = lanczosTridiagonal(a, start: v, steps: steps)
        guard let e = try? SymmetricEigen(t.matrix, vectors: true), let vec = e.vectors, let first = e.values.first, let last = e.values.last else {
            return (-1, 0, 1, 0, 0)
        }
        let m = t.alpha.count
        let rMin = t.betaLast * abs(vec[m - 1, 0]), rMax = t.betaLast * abs(vec[m - 1, m - 1])
        return (first, rMin, last, rMax, m)
    }

    /// The Lanczos tridiagonal `T_m` (alpha on the diagonal, beta off it) of a symmetric matrix from a unit start
    /// vector, stopping early at an invariant subspace; `betaLast` is `beta_m`.
    static func lanczosTridiagonal(_ a: SparseMatrix, start: [Double], steps: Int) -> (matrix: Matrix, alpha: [Double], beta: [Double], betaLast: Double) {
        let n = a.rows
        var alpha = [Double](), beta = [Double]()
        var vPrev = [Double](repeating: 0, count: n), v = start, w = [Double](repeating: 0, count: n)
        var betaPrev = 0.0, betaLast = 0.0
        for _ in 0..<max(1, steps) {
            v.withUnsafeBufferPointer { vp in w.withUnsafeMutableBufferPointer { wp in
                guard let x = vp.baseAddress, let y = wp.baseAddress else { return }
                a.multiplyInterleaved(x, into: y, width: 1)
            } }
            var al = 0.0
            for i in 0..<n { al += w[i] * v[i] }
            for i in 0..<n { w[i] -= al * v[i] + betaPrev * vPrev[i] }
            let b = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            alpha.append(al)
            betaLast = b
            if b <= 1e-12 * max(1, abs(al)) || alpha.count == steps { break }
            beta.append(b)
            for i in 0..<n { vPrev[i] = v[i]; v[i] = w[i] / b }
            betaPrev = b
        }
        let m = alpha.count
        var t = Matrix(rows: m, columns: m)
        for i in 0..<m { t[i, i] = alpha[i] }
        for i in 0..<(m - 1) { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i] }
        return (t, alpha, beta, betaLast)
    }
}

extension SpatialWeights {
    /// The common sum c of the non-empty rows, when there is one (row-standardised W: 1): then c is the largest
    /// eigenvalue of W (Perron–Frobenius), with multiplicity the number of connected components with a link.
    func constantRowSum(tolerance: Double = 1e-12) -> Double? {
        var c: Double?
        for s in matrix.rowSums where s != 0 {
            if let c0 = c { if abs(s - c0) > tolerance * abs(c0) { return nil } } else { c = s }
        }
        return c
    }
}
