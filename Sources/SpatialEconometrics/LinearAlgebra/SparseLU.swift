import Foundation

/// Sparse LU factorisation `P A P' = L U` of a square matrix without numerical pivoting, with a symmetric
/// fill-reducing permutation P, split into a symbolic analysis done once per sparsity pattern and a numeric
/// factorisation per set of values.
///
/// The symbolic phase is the sparse Cholesky one (`SymmetricEliminationStructure`, shared with
/// ``SparseCholeskySymbolic``) on the pattern of `A + A'`: with a symmetric permutation and no pivoting, L lies in the
/// Cholesky pattern of `P (A + A') P'` and U in its transpose, so U is stored row by row on L's column pattern. The
/// numeric phase is up-looking (a sparse analogue of Doolittle's method, as `cs_chol` of Davis 2006, ch. 4): for each
/// k, column k of U solves `L_11 u = a_1k` and row k of L solves `U_11' l = a_k1'`, both by the same `ereach` pattern in
/// topological order; then `u_kk = a_kk - l' u`. It allocates only the factor values.
///
/// Without pivoting the factorisation is stable only for suitable matrices; for `I - rho W` with W >= 0 it is
/// (strictly row diagonally dominant for `|rho| ||W||_inf < 1`; a nonsingular M-matrix for `0 <= rho < 1 / rho(W)`;
/// diagonally similar to a positive definite matrix when W is similar to a symmetric one). A pivot with
/// `|u_kk| <= pivotTolerance x` the largest entry of its row throws ``LinearAlgebraError/smallPivot(position:ratio:)``
/// rather than return an inaccurate factor. `ln|A| = sum_k ln|u_kk|`.
///
/// Reference: Davis, T. A. (2006), *Direct Methods for Sparse Linear Systems*, SIAM, ch. 4 and 6.
///
/// - Complexity: symbolic O(nnz(L)) time and memory after the ordering; numeric O(``flops``) time, O(nnz(L) + nnz(U))
///   memory.
public struct SparseLUSymbolic: Sendable {
    /// The order n of the matrices analysed.
    public let n: Int
    let structure: SymmetricEliminationStructure
    /// The fill-reducing ordering (`permutation[new] = old`).
    public var ordering: NestedDissectionOrdering { structure.ordering }
    /// Stored entries of L and U (L's unit diagonal not counted): `2 nnz(L_chol) - n` for `L_chol` the Cholesky
    /// factor of the symmetrised pattern.
    public var factorNonzeros: Int { 2 * structure.lRows.count - n }
    /// Multiply-adds of one numeric factorisation, `sum_j c_j (c_j - 1)` with `c_j = |L_*j|` (twice a Cholesky
    /// factorisation of the symmetrised pattern: two triangular solves per row).
    public let flops: Double

    /// Analyses the pattern of a square CSR matrix (values ignored; the pattern need not be symmetric). Throws
    /// ``LinearAlgebraError/dimensionMismatch(_:)`` for a non-square matrix and ``LinearAlgebraError/tooLarge(_:)``
    /// when L and U together would exceed `maximumFactorNonzeros` entries.
    public init(pattern a: SparseMatrix, maximumFactorNonzeros: Int = 60_000_000) throws(LinearAlgebraError) {
        let s = try SymmetricEliminationStructure(pattern: a, maximumFactorNonzeros: (maximumFactorNonzeros + a.rows) / 2, factor: "sparse LU")
        structure = s
        n = s.n
        flops = 2 * s.choleskyFlops
    }

    /// The numeric factor of `diagonalShift I + scale A`, A with the analysed pattern and these values in the input's
    /// CSR order (e.g. `I - rho W`: W's values, `scale: -rho`, `diagonalShift: 1`).
    ///
    /// Throws ``LinearAlgebraError/dimensionMismatch(_:)`` for a wrong number of values,
    /// ``LinearAlgebraError/singular(pivot:)`` for a zero or non-finite pivot and
    /// ``LinearAlgebraError/smallPivot(position:ratio:)`` for `|u_kk| <= pivotTolerance x max_j |b_kj|` (pass 0 to
    /// accept any non-zero pivot, where the matrix is known to factorise stably).
    ///
    /// - Complexity: O(``flops``) time, O(nnz(L) + nnz(U)) memory.
    public func factor(values: [Double], scale: Double = 1, diagonalShift: Double = 0,
                       pivotTolerance: Double = 1e-8) throws(LinearAlgebraError) -> SparseLUFactor {
        let s = structure
        guard values.count == s.entryPosition.count else {
            throw .dimensionMismatch("\(values.count) values for a pattern with \(s.entryPosition.count) entries")
        }
        let size = s.upperRows.count
        var upper = [Double](repeating: 0, count: size), lower = [Double](repeating: 0, count: size)
        for k in 0..<values.count {
            let v = scale * values[k], p = s.entryPosition[k]
            if s.entryIsLower[k] { lower[p] += v } else { upper[p] += v }
        }
        for c in 0..<n { upper[s.upperStart[c + 1] - 1] += diagonalShift }
        // The largest entry of each row of P B P' (B the shifted matrix), for the relative pivot test.
        var rowScale = [Double](repeating: 0, count: n)
        if pivotTolerance > 0 {
            for c in 0..<n {
                rowScale[c] = max(rowScale[c], abs(upper[s.upperStart[c + 1] - 1]))
                for p in s.upperStart[c]..<(s.upperStart[c + 1] - 1) {
                    let r = s.upperRows[p]
                    rowScale[r] = max(rowScale[r], abs(upper[p]))   // b_rc, r < c
                    rowScale[c] = max(rowScale[c], abs(lower[p]))   // b_cr
                }
            }
        }
        return try numeric(upper: upper, lower: lower, rowScale: rowScale, tolerance: pivotTolerance)
    }

    /// The up-looking numeric phase on values aligned with the permuted upper triangle of `A + A'`: `upper[p]` the entry
    /// `(r, c)`, `lower[p]` the entry `(c, r)` of `P A P'` for `p` the position of row r in column c (diagonal last,
    /// in `upper`).
    func numeric(upper cValues: [Double], lower rValues: [Double], rowScale: [Double], tolerance: Double) throws(LinearAlgebraError) -> SparseLUFactor {
        let s = structure
        let nnz = s.lRows.count
        var lx = [Double](repeating: 0, count: nnz), ux = [Double](repeating: 0, count: nnz)
        var x = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
        var next = [Int](s.lStart.dropLast())
        var logAbs = 0.0, negative = 0
        var failure: LinearAlgebraError?
        lx.withUnsafeMutableBufferPointer { lx in
        ux.withUnsafeMutableBufferPointer { ux in
        x.withUnsafeMutableBufferPointer { x in
        y.withUnsafeMutableBufferPointer { y in
        next.withUnsafeMutableBufferPointer { next in
        s.lRows.withUnsafeBufferPointer { li in
        s.lStart.withUnsafeBufferPointer { lp in
        s.rowPattern.withUnsafeBufferPointer { rp in
        s.rowPatternStart.withUnsafeBufferPointer { rps in
        s.upperRows.withUnsafeBufferPointer { ci in
        s.upperStart.withUnsafeBufferPointer { cp in
        cValues.withUnsafeBufferPointer { cx in
        rValues.withUnsafeBufferPointer { rx in
            for k in 0..<n {
                // x: column k of P A P' above the diagonal (becomes U_1k); y: row k left of it (becomes L_k1).
                for p in cp[k]..<cp[k + 1] { x[ci[p]] = cx[p]; y[ci[p]] = rx[p] }
                var d = x[k]
                x[k] = 0; y[k] = 0
                for t in rps[k]..<rps[k + 1] {
                    let i = rp[t]
                    let uik = x[i]                   // L unit lower: u_ik is final once its predecessors are done
                    let lki = y[i] / ux[lp[i]]       // U_11' l = a_k1': divide by u_ii
                    x[i] = 0; y[i] = 0
                    let end = next[i]
                    var p = lp[i] + 1
                    while p < end {
                        let r = li[p]
                        x[r] -= lx[p] * uik          // l_ri u_ik
                        y[r] -= ux[p] * lki          // u_ir l_ki
                        p += 1
                    }
                    d -= lki * uik
                    lx[end] = lki; ux[end] = uik
                    next[i] = end + 1
                }
                guard d != 0, d.isFinite else { failure = .singular(pivot: k + 1); return }
                if tolerance > 0, abs(d) <= tolerance * rowScale[k] {
                    failure = .smallPivot(position: k + 1, ratio: abs(d) / rowScale[k]); return
                }
                if d < 0 { negative += 1 }
                logAbs += log(abs(d))
                ux[lp[k]] = d; lx[lp[k]] = 1
                next[k] = lp[k] + 1
            }
        }}}}}}}}}}}}}
        if let failure { throw failure }
        return SparseLUFactor(symbolic: self, lower: lx, upper: ux, logAbsDeterminant: logAbs, negativePivots: negative)
    }
}

/// A numeric sparse LU factor `P A P' = L U` (L unit lower, U upper): `ln|A|`, the sign of the determinant, and solves
/// with A and A' by two sparse triangular solves each.
public struct SparseLUFactor: Sendable {
    let symbolic: SparseLUSymbolic
    /// Below-diagonal values of L on the symbolic pattern (CSC, the unit diagonal stored first in each column).
    let lower: [Double]
    /// U by rows on the same positions: `upper[p]` for p in column i of the pattern is `U[i, lRows[p]]`, the
    /// diagonal `u_ii` first.
    let upper: [Double]
    /// `ln|det A| = sum_k ln|u_kk|`.
    public let logAbsDeterminant: Double
    /// The number of negative pivots `u_kk`; `sign(det A) = (-1)^negativePivots` (P's contributions cancel).
    public let negativePivots: Int
    /// `sign(det A)`: `(-1)^negativePivots`.
    public var determinantSign: Double { negativePivots % 2 == 0 ? 1 : -1 }

    /// The order n of the factored matrix.
    public var n: Int { symbolic.n }

    /// `A^-1 b`.
    ///
    /// - Complexity: O(nnz(L) + nnz(U)); allocates the result and one work vector (see ``solve(_:workspace:)``).
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        var x = b, work = [Double]()
        try solve(&x, workspace: &work)
        return x
    }

    /// `(A')^-1 b`.
    ///
    /// - Complexity: as ``solve(_:)``.
    public func solveTransposed(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        var x = b, work = [Double]()
        try solveTransposed(&x, workspace: &work)
        return x
    }

    /// Overwrites `x` (holding b) with `A^-1 b`; `workspace` is resized to n once and reused, so repeated solves
    /// allocate nothing.
    public func solve(_ x: inout [Double], workspace: inout [Double]) throws(LinearAlgebraError) {
        try run(&x, &workspace, transposed: false)
    }

    /// Overwrites `x` (holding b) with `(A')^-1 b`, as ``solve(_:workspace:)``.
    public func solveTransposed(_ x: inout [Double], workspace: inout [Double]) throws(LinearAlgebraError) {
        try run(&x, &workspace, transposed: true)
    }

    /// `A = P' L U P`: `A x = b` is `L U (P x) = P b`; `A' x = b` is `U' L' (P x) = P b`. Column-oriented for the
    /// factor stored by columns (L in `solve`, U' in the transposed one), row-oriented for the other.
    private func run(_ x: inout [Double], _ work: inout [Double], transposed: Bool) throws(LinearAlgebraError) {
        let n = symbolic.n
        guard x.count == n else { throw .dimensionMismatch("solve with an \(n) x \(n) factor and \(x.count) values") }
        if work.count != n { work = [Double](repeating: 0, count: n) }
        let s = symbolic.structure
        // First factor F (column-oriented; unit diagonal for L) and second G (row-oriented).
        let (f, g) = transposed ? (upper, lower) : (lower, upper)
        let fUnit = !transposed, gUnit = transposed
        x.withUnsafeMutableBufferPointer { x in
        work.withUnsafeMutableBufferPointer { y in
        f.withUnsafeBufferPointer { f in
        g.withUnsafeBufferPointer { g in
        s.ordering.permutation.withUnsafeBufferPointer { perm in
        s.lStart.withUnsafeBufferPointer { lp in
        s.lRows.withUnsafeBufferPointer { li in
            for k in 0..<n { y[k] = x[perm[k]] }
            for j in 0..<n {
                if !fUnit { y[j] /= f[lp[j]] }
                let yj = y[j]
                guard yj != 0 else { continue }
                var p = lp[j] + 1
                while p < lp[j + 1] { y[li[p]] -= f[p] * yj; p += 1 }
            }
            var j = n - 1
            while j >= 0 {
                var t = y[j]
                var p = lp[j] + 1
                while p < lp[j + 1] { t -= g[p] * y[li[p]]; p += 1 }
                y[j] = gUnit ? t : t / g[lp[j]]
                j -= 1
            }
            for k in 0..<n { x[perm[k]] = y[k] }
        }}}}}}}
    }
}

extension SparseLUFactor: SparseFactorSolver {
    /// `b <- A^-1 b` (the exact information-matrix traces' solver protocol).
    func solve(_ b: inout [Double]) throws(LinearAlgebraError) {
        var workspace = [Double](repeating: 0, count: n)
        try solve(&b, workspace: &workspace)
    }

    /// `b <- A^-T b`.
    func solveTransposed(_ b: inout [Double]) throws(LinearAlgebraError) {
        var workspace = [Double](repeating: 0, count: n)
        try solveTransposed(&b, workspace: &workspace)
    }
}
