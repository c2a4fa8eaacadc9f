import Foundation

/// Sparse Cholesky factorisation `P A P' = L L'` of a symmetric positive definite matrix, split into a symbolic
/// analysis done once per sparsity pattern and a numeric factorisation per set of values.
///
/// The symbolic phase (shared with ``SparseLUSymbolic``) permutes the pattern by a ``NestedDissectionOrdering``,
/// builds the elimination tree (Liu 1986) and, by walking each row's subtree (`ereach`), the pattern of every row of
/// L in topological order; the numeric phase is the up-looking algorithm of Davis (2006, *Direct Methods for Sparse
/// Linear Systems*, SIAM, ch. 4, `cs_chol`) on that fixed pattern, so it allocates only the factor values.
/// `ln|A| = 2 sum_k ln L_kk`.
///
/// - Complexity: symbolic O(nnz(L)) time and memory after the ordering; numeric O(sum_j |L_*j|^2) flops.
public struct SparseCholeskySymbolic: Sendable {
    /// The order n of the matrices analysed.
    public let n: Int
    /// The fill-reducing ordering (`permutation[new] = old`).
    public let ordering: NestedDissectionOrdering
    /// Column pointers of the upper triangle of `P A P'` (CSC); `upperRows` the row indices, diagonal last.
    let upperStart: [Int], upperRows: [Int]
    /// For each stored entry of the input CSR matrix, its position in the permuted upper triangle (or -1 for the
    /// lower-triangle twin, which is not used).
    let sourcePosition: [Int]
    /// Column pointers and row indices of L (CSC, diagonal first in each column).
    let lStart: [Int], lRows: [Int]
    /// Row patterns of L (excluding the diagonal), each in the topological order of the triangular solve.
    let rowPatternStart: [Int], rowPattern: [Int]

    /// Entries of L (diagonal included).
    public var factorNonzeros: Int { lRows.count }
    /// Multiply-adds of one numeric factorisation, `sum_j c_j (c_j - 1) / 2` with `c_j = |L_*j|`.
    public let flops: Double

    /// Analyses the pattern of a symmetric CSR matrix (values ignored; both triangles expected, as in a symmetric
    /// weights matrix). Throws ``LinearAlgebraError/dimensionMismatch(_:)`` for a non-square matrix and
    /// ``LinearAlgebraError/tooLarge(_:)`` when L would exceed `maximumFactorNonzeros` entries.
    public init(pattern a: SparseMatrix, maximumFactorNonzeros: Int = 60_000_000) throws(LinearAlgebraError) {
        let s = try SymmetricEliminationStructure(pattern: a, maximumFactorNonzeros: maximumFactorNonzeros, factor: "sparse Cholesky")
        n = s.n
        ordering = s.ordering
        upperStart = s.upperStart; upperRows = s.upperRows
        // The strict lower triangle's entries are the upper ones' twins: not used.
        sourcePosition = zip(s.entryPosition, s.entryIsLower).map { $1 ? -1 : $0 }
        lStart = s.lStart; lRows = s.lRows
        rowPatternStart = s.rowPatternStart; rowPattern = s.rowPattern
        flops = s.choleskyFlops
    }

    /// The numeric factorisation of a matrix with the analysed pattern, given its values in the input's CSR order
    /// (entries of both triangles; they must be symmetric). Returns the diagonal of L, or throws
    /// ``LinearAlgebraError/notPositiveDefinite(order:)`` at the first non-positive pivot.
    ///
    /// - Complexity: O(``flops``) time, O(nnz(L)) memory.
    public func factorDiagonal(values: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard values.count == sourcePosition.count else {
            throw .dimensionMismatch("\(values.count) values for a pattern with \(sourcePosition.count) entries")
        }
        var c = [Double](repeating: 0, count: upperRows.count)
        for (k, p) in sourcePosition.enumerated() where p >= 0 { c[p] += values[k] }
        return try factorUpper(c)
    }

    /// The full numeric factor of a matrix with the analysed pattern (values in the input's CSR order, both
    /// triangles), for solves and the log-determinant.
    ///
    /// - Complexity: O(``flops``) time, O(nnz(L)) memory.
    public func factor(values: [Double]) throws(LinearAlgebraError) -> SparseCholeskyFactor {
        guard values.count == sourcePosition.count else {
            throw .dimensionMismatch("\(values.count) values for a pattern with \(sourcePosition.count) entries")
        }
        var c = [Double](repeating: 0, count: upperRows.count)
        for (k, p) in sourcePosition.enumerated() where p >= 0 { c[p] += values[k] }
        var lx = [Double]()
        let diag = try factorUpper(c, keeping: &lx)
        return SparseCholeskyFactor(symbolic: self, values: lx, logDeterminant: 2 * diag.reduce(0) { $0 + log($1) })
    }

    /// Numeric factorisation from values aligned with the permuted upper triangle (diagonal last in a column).
    func factorUpper(_ cValues: [Double]) throws(LinearAlgebraError) -> [Double] {
        var unused = [Double]()
        return try factorUpper(cValues, keeping: &unused)
    }

    /// The same, handing back the values of L (CSC on `lStart`/`lRows`, diagonal first in each column).
    func factorUpper(_ cValues: [Double], keeping factor: inout [Double]) throws(LinearAlgebraError) -> [Double] {
        var lx = [Double](repeating: 0, count: lRows.count)
        var x = [Double](repeating: 0, count: n)
        var next = [Int](lStart.dropLast())
        var diag = [Double](repeating: 0, count: n)
        var failed = -1
        lx.withUnsafeMutableBufferPointer { lx in
        x.withUnsafeMutableBufferPointer { x in
        next.withUnsafeMutableBufferPointer { next in
        lRows.withUnsafeBufferPointer { li in
        lStart.withUnsafeBufferPointer { lp in
        rowPattern.withUnsafeBufferPointer { rp in
        rowPatternStart.withUnsafeBufferPointer { rps in
        upperRows.withUnsafeBufferPointer { ci in
        upperStart.withUnsafeBufferPointer { cp in
        cValues.withUnsafeBufferPointer { cx in
            for k in 0..<n {
                for p in cp[k]..<cp[k + 1] { x[ci[p]] = cx[p] }
                var d = x[k]
                x[k] = 0
                for t in rps[k]..<rps[k + 1] {
                    let i = rp[t]
                    let lki = x[i] / lx[lp[i]]
                    x[i] = 0
                    let end = next[i]
                    var p = lp[i] + 1
                    while p < end { x[li[p]] -= lx[p] * lki; p += 1 }
                    d -= lki * lki
                    lx[end] = lki
                    next[i] = end + 1
                }
                guard d > 0, d.isFinite else { failed = k; return }
                let s = d.squareRoot()
                lx[lp[k]] = s
                diag[k] = s
                next[k] = lp[k] + 1
            }
        }}}}}}}}}}
        if failed >= 0 { throw .notPositiveDefinite(order: failed + 1) }
        factor = lx
        return diag
    }
}

/// A numeric sparse Cholesky factor `P A P' = L L'`: solves `A x = b` by two sparse triangular solves and gives
/// `ln|A|`.
public struct SparseCholeskyFactor: Sendable {
    let symbolic: SparseCholeskySymbolic
    /// Values of L on the symbolic pattern (CSC, diagonal first in each column).
    let values: [Double]
    /// `ln|A| = 2 sum_k ln L_kk`.
    public let logDeterminant: Double

    /// `A^-1 b`.
    ///
    /// - Complexity: O(nnz(L)).
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        let n = symbolic.n
        guard b.count == n else { throw .dimensionMismatch("solve with an \(n) x \(n) factor and \(b.count) values") }
        let perm = symbolic.ordering.permutation, lp = symbolic.lStart, li = symbolic.lRows
        var y = [Double](repeating: 0, count: n)
        for k in 0..<n { y[k] = b[perm[k]] }
        // L y = P b (column-oriented), then L' x = y.
        for j in 0..<n {
            let d = values[lp[j]]
            y[j] /= d
            let yj = y[j]
            var p = lp[j] + 1
            while p < lp[j + 1] { y[li[p]] -= values[p] * yj; p += 1 }
        }
        for j in stride(from: n - 1, through: 0, by: -1) {
            var s = y[j]
            var p = lp[j] + 1
            while p < lp[j + 1] { s -= values[p] * y[li[p]]; p += 1 }
            y[j] = s / values[lp[j]]
        }
        var x = [Double](repeating: 0, count: n)
        for k in 0..<n { x[perm[k]] = y[k] }
        return x
    }
}

extension SparseCholeskySymbolic {
    /// The parent of column j in the elimination tree (-1 for a root): the first off-diagonal row of `L_*j`.
    @inline(__always) func eliminationParent(_ j: Int) -> Int {
        lStart[j + 1] - lStart[j] > 1 ? lRows[lStart[j] + 1] : -1
    }

    /// Multiply-adds of `SparseCholeskyFactor.inverseColumnBlock(from:into:mark:stamp:reach:)` over all blocks, i.e. of
    /// the lower triangle of `(P A P')^-1` column by column: `sum_i (floor(i / b) + 1) b |L_*i|` for the back
    /// substitutions (block width b = 16) plus, as an upper estimate of the sparse forward substitutions, the same
    /// restricted to the etree paths (not counted: at most the back substitutions' work, usually far less).
    public var inverseLowerTriangleWork: Double {
        let b = SparseCholeskyFactor.blockWidth
        var s = 0.0
        for i in 0..<n { s += Double((i / b + 1) * b) * Double(lStart[i + 1] - lStart[i]) }
        return s
    }
}

extension SparseCholeskyFactor {
    /// Columns in a block of `inverseColumnBlock(from:into:mark:reach:)`.
    static let blockWidth = 16

    /// Columns `j0 ..< j0 + 16` of `(P A P')^-1 = L^-T L^-1` (the permuted order of the factor), rows `i >= j0` only,
    /// interleaved: `x[16 i + l]` is entry `(i, j0 + l)` (columns past n are zero). Rows below j0 are not touched;
    /// `x` must hold `16 n` values.
    ///
    /// The forward substitution `L y = e_j` runs only over the ancestors of the block's columns in the elimination
    /// tree (the non-zeros of y; Gilbert 1994), the back substitution `L' x = y` from row n - 1 down to j0, one pass
    /// over L serving all 16 columns (contiguous inner loops). `mark` (n Ints, initially negative) and `reach` are
    /// scratch; `stamp` (>= 0) must differ between the calls that share `mark`.
    ///
    /// Reference: Gilbert, J. R. (1994), Predicting structure in sparse matrix computations, *SIAM J. Matrix Anal.
    /// Appl.* 15(1), 62–79; Davis (2006), ch. 3–4.
    ///
    /// - Complexity: `16 sum_{i >= j0} |L_*i|` multiply-adds for the back substitution plus the forward one on the
    ///   etree paths.
    func inverseColumnBlock(from j0: Int, into x: UnsafeMutablePointer<Double>, mark: UnsafeMutablePointer<Int>, stamp: Int, reach: inout [Int]) {
        let n = symbolic.n, bw = Self.blockWidth
        reach.removeAll(keepingCapacity: true)
        for l in 0..<bw where j0 + l < n {
            var k = j0 + l
            while k != -1 && mark[k] != stamp { mark[k] = stamp; reach.append(k); k = symbolic.eliminationParent(k) }
        }
        reach.sort()
        (x + j0 * bw).initialize(repeating: 0, count: (n - j0) * bw)
        for l in 0..<bw where j0 + l < n { x[(j0 + l) * bw + l] = 1 }
        symbolic.lStart.withUnsafeBufferPointer { lp in
        symbolic.lRows.withUnsafeBufferPointer { li in
        values.withUnsafeBufferPointer { lx in
        reach.withUnsafeBufferPointer { reach in
            let raw = UnsafeMutableRawPointer(x)
            @inline(__always) func load(_ row: Int) -> (SIMD8<Double>, SIMD8<Double>) {
                (raw.loadUnaligned(fromByteOffset: row * bw * 8, as: SIMD8<Double>.self),
                 raw.loadUnaligned(fromByteOffset: row * bw * 8 + 64, as: SIMD8<Double>.self))
            }
            @inline(__always) func store(_ row: Int, _ v: (SIMD8<Double>, SIMD8<Double>)) {
                raw.storeBytes(of: v.0, toByteOffset: row * bw * 8, as: SIMD8<Double>.self)
                raw.storeBytes(of: v.1, toByteOffset: row * bw * 8 + 64, as: SIMD8<Double>.self)
            }
            // Forward: L y = e (column-oriented, only on the reach).
            for k in reach {
                var yk = load(k)
                let d = lx[lp[k]]
                yk.0 /= SIMD8(repeating: d); yk.1 /= SIMD8(repeating: d)
                store(k, yk)
                var p = lp[k] + 1
                let end = lp[k + 1]
                while p < end {
                    let r = li[p], a = SIMD8(repeating: lx[p])
                    var yr = load(r)
                    yr.0 -= a * yk.0; yr.1 -= a * yk.1
                    store(r, yr)
                    p += 1
                }
            }
            // Back: L' x = y (row-oriented dot products), rows n - 1 down to j0.
            var i = n - 1
            while i >= j0 {
                var acc = load(i)
                var p = lp[i] + 1
                let end = lp[i + 1]
                while p < end {
                    let a = SIMD8(repeating: lx[p]), xr = load(li[p])
                    acc.0 -= a * xr.0; acc.1 -= a * xr.1
                    p += 1
                }
                let d = lx[lp[i]]
                acc.0 /= SIMD8(repeating: d); acc.1 /= SIMD8(repeating: d)
                store(i, acc)
                i -= 1
            }
        }}}}
    }
}

extension SparseCholeskySymbolic {
    /// The numeric factor of `I - rho S` for a symmetric S with the analysed pattern (values in its CSR order; a
    /// stored diagonal of S is included). Throws ``LinearAlgebraError/notPositiveDefinite(order:)`` outside the
    /// interval where `I - rho S` is positive definite.
    ///
    /// - Complexity: O(``flops``) time, O(nnz(L)) memory.
    func factorShifted(_ s: SparseMatrix, rho: Double) throws(LinearAlgebraError) -> SparseCholeskyFactor {
        guard s.rows == n, s.nonzeroCount == sourcePosition.count else {
            throw .dimensionMismatch("a \(s.rows) x \(s.columns) matrix with \(s.nonzeroCount) entries for a pattern of order \(n) with \(sourcePosition.count)")
        }
        var upper = [Double](repeating: 0, count: upperRows.count)
        for (k, p) in sourcePosition.enumerated() where p >= 0 { upper[p] -= rho * s.values[k] }
        for j in 0..<n { upper[upperStart[j + 1] - 1] += 1 }
        var lx = [Double]()
        let diag = try factorUpper(upper, keeping: &lx)
        return SparseCholeskyFactor(symbolic: self, values: lx, logDeterminant: 2 * diag.reduce(0) { $0 + log($1) })
    }
}
