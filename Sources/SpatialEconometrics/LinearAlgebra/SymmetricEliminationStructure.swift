import Foundation

/// The symbolic analysis shared by ``SparseCholeskySymbolic`` and ``SparseLUSymbolic``: a fill-reducing ordering of
/// the pattern of `A + A'`, the upper triangle of `P (A + A') P'`, its elimination tree and the pattern of the
/// Cholesky factor L of that symmetric pattern.
///
/// With a symmetric permutation and no numerical pivoting, the factors of `P A P' = L U` lie inside this pattern:
/// L within the Cholesky pattern and U within its transpose (the filled graph of A + A'; Davis 2006, ch. 6), whatever the
/// values and however unsymmetric A is. Both factorisations therefore run on the same fixed structure: the numeric
/// phases only allocate values.
///
/// Construction: the ordering (``NestedDissectionOrdering``, which symmetrises the pattern itself); the upper
/// triangle of `P (A + A') P'` in CSC, each column's rows in the order of the input's column, then any rows only the
/// transpose adds, the diagonal last; the elimination tree with path compression (Liu 1986; Davis 2006, `cs_etree`);
/// each row's pattern of L by walking its subtree (`ereach`), in the topological order of a triangular solve.
///
/// - Complexity: O(nnz(L)) time and memory after the ordering.
struct SymmetricEliminationStructure: Sendable {
    let n: Int
    /// The fill-reducing ordering (`permutation[new] = old`).
    let ordering: NestedDissectionOrdering
    /// Column pointers of the upper triangle of `P (A + A') P'` (CSC); `upperRows` the row indices, diagonal last.
    let upperStart: [Int], upperRows: [Int]
    /// For each stored entry `(i, j)` of the input CSR matrix, the position in `upperRows` of `(min(r, c), max(r, c))`,
    /// `(r, c)` its permuted indices; `entryIsLower` tells the entries with `r > c` (strict lower triangle of `P A P'`).
    let entryPosition: [Int]
    let entryIsLower: [Bool]
    /// Column pointers and row indices of L (CSC, diagonal first in each column; rows increasing).
    let lStart: [Int], lRows: [Int]
    /// Row patterns of L (excluding the diagonal), each in the topological order of the triangular solve.
    let rowPatternStart: [Int], rowPattern: [Int]
    /// `sum_j c_j (c_j - 1) / 2`, `c_j = |L_*j|`: the multiply-adds of one Cholesky factorisation on the pattern.
    let choleskyFlops: Double

    /// Throws ``LinearAlgebraError/dimensionMismatch(_:)`` for a non-square matrix and
    /// ``LinearAlgebraError/tooLarge(_:)`` when L would exceed `maximumFactorNonzeros` entries (`factor` names the
    /// factorisation in the message).
    init(pattern a: SparseMatrix, maximumFactorNonzeros: Int, factor name: String) throws(LinearAlgebraError) {
        guard a.rows == a.columns else { throw .dimensionMismatch("\(name) of a \(a.rows) x \(a.columns) matrix") }
        let n = a.rows
        self.n = n
        let ord = NestedDissectionOrdering(a)
        ordering = ord
        let perm = ord.permutation, pinv = ord.inverse
        // The input's columns with the CSR position of each entry (rows increasing within a column).
        var colStart = [Int](repeating: 0, count: n + 1)
        for j in a.columnIndices { colStart[j + 1] += 1 }
        for j in 0..<n { colStart[j + 1] += colStart[j] }
        var fillColumn = colStart
        var colRow = [Int](repeating: 0, count: a.nonzeroCount), colSource = [Int](repeating: 0, count: a.nonzeroCount)
        for i in 0..<n {
            for k in a.rowStart[i]..<a.rowStart[i + 1] {
                let j = a.columnIndices[k]
                colRow[fillColumn[j]] = i; colSource[fillColumn[j]] = k; fillColumn[j] += 1
            }
        }
        // Permuted upper triangle of A + A', column by column: column c gathers the input's entries (i, perm[c]) with
        // pinv[i] < c (upper) and (perm[c], j) with pinv[j] < c (lower, stored at their transposed place).
        var cStart = [Int](repeating: 0, count: n + 1)
        var cRows = [Int]()
        cRows.reserveCapacity(a.nonzeroCount + n)
        var position = [Int](repeating: -1, count: a.nonzeroCount)
        var isLower = [Bool](repeating: false, count: a.nonzeroCount)
        var mark = [Int](repeating: -1, count: n), slot = [Int](repeating: 0, count: n)
        for c in 0..<n {
            let old = perm[c]
            var diagonalEntry = -1
            for q in colStart[old]..<colStart[old + 1] {
                let r = pinv[colRow[q]], k = colSource[q]
                if r == c { diagonalEntry = k; continue }
                guard r < c else { continue }
                if mark[r] != c { mark[r] = c; slot[r] = cRows.count; cRows.append(r) }
                position[k] = slot[r]
            }
            for k in a.rowStart[old]..<a.rowStart[old + 1] {
                let r = pinv[a.columnIndices[k]]
                guard r < c else { continue }
                if mark[r] != c { mark[r] = c; slot[r] = cRows.count; cRows.append(r) }
                position[k] = slot[r]; isLower[k] = true
            }
            if diagonalEntry >= 0 { position[diagonalEntry] = cRows.count }
            cRows.append(c)
            cStart[c + 1] = cRows.count
        }
        upperStart = cStart; upperRows = cRows; entryPosition = position; entryIsLower = isLower

        // Elimination tree with path compression (Liu 1986; Davis 2006, cs_etree).
        var parent = [Int](repeating: -1, count: n), ancestor = [Int](repeating: -1, count: n)
        for k in 0..<n {
            for p in cStart[k]..<cStart[k + 1] {
                var i = cRows[p]
                while i != -1 && i < k {
                    let inext = ancestor[i]
                    ancestor[i] = k
                    if inext == -1 { parent[i] = k }
                    i = inext
                }
            }
        }
        // Row patterns by ereach; column counts from them.
        for i in 0..<n { mark[i] = -1 }
        var stack = [Int](repeating: 0, count: n)
        var rpStart = [Int](repeating: 0, count: n + 1)
        var rp = [Int]()
        rp.reserveCapacity(4 * cStart[n])
        var colCount = [Int](repeating: 1, count: n)
        var path = [Int](repeating: 0, count: n)
        for k in 0..<n {
            mark[k] = k
            var top = n
            for p in cStart[k]..<cStart[k + 1] {
                var i = cRows[p]
                guard i < k else { continue }
                var len = 0
                while mark[i] != k { path[len] = i; len += 1; mark[i] = k; i = parent[i] }
                while len > 0 { len -= 1; top -= 1; stack[top] = path[len] }
            }
            for t in top..<n { colCount[stack[t]] += 1 }
            rp.append(contentsOf: stack[top..<n])
            rpStart[k + 1] = rp.count
            if rp.count + n > maximumFactorNonzeros {
                throw .tooLarge("\(name) factor would exceed \(maximumFactorNonzeros) entries (fill too large)")
            }
        }
        rowPatternStart = rpStart; rowPattern = rp
        var lp = [Int](repeating: 0, count: n + 1)
        var f = 0.0
        for j in 0..<n { lp[j + 1] = lp[j] + colCount[j]; f += Double(colCount[j]) * Double(colCount[j] - 1) / 2 }
        choleskyFlops = f
        var li = [Int](repeating: 0, count: lp[n])
        var fill = lp
        for j in 0..<n { li[fill[j]] = j; fill[j] += 1 }
        for k in 0..<n { for t in rpStart[k]..<rpStart[k + 1] { let i = rp[t]; li[fill[i]] = k; fill[i] += 1 } }
        lStart = lp; lRows = li
    }
}
