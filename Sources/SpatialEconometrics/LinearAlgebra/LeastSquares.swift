import CLinearAlgebra
import Foundation

/// Least squares `min ||y - X b||` by Householder QR with column pivoting (LAPACK `dgeqp3`), with rank detection.
///
/// Rank detection is scale-free: each column is first divided by its Euclidean norm, `X = X_s D` with
/// `D = diag(||x_j||)`, and the QR is taken of `X_s`. The numerical rank is the number of diagonal entries of R
/// with `|R_ii| > tolerance * |R_11|` (default 1e-7, the tolerance of R's `lm`, whose pivoting also compares with the
/// column norms), so a population column (1e5..1e7) or a regressor times 1e6 is not mistaken for a linear combination
/// of the others. The coefficients and `(X'X)^-1` are un-scaled: `b = D^-1 b_s`, `(X'X)^-1 = D^-1 (X_s'X_s)^-1 D^-1`.
/// A column of zeros is aliased. Columns beyond the rank are *aliased* (linear combinations of
/// the others); their coefficients are `nan` and they are listed in `aliasedColumns`, so a caller can name them.
///
/// - Complexity: O(n p^2).
/// - Reference: Golub & Van Loan (2013), *Matrix Computations*, 4th ed., section 5.4.1.
public struct LeastSquares: Sendable {
    /// Coefficients in the original column order (`nan` for aliased columns).
    public let coefficients: [Double]
    /// `y - X b`.
    public let residuals: [Double]
    /// `X b`.
    public let fitted: [Double]
    /// Numerical rank of X.
    public let rank: Int
    /// 0-based indices of the columns dropped as linearly dependent.
    public let aliasedColumns: [Int]
    /// `(X'X)^-1` over all columns in original order; rows/columns of aliased columns are `nan`.
    public let unscaledCovariance: Matrix

    /// Solves `min ||y - X b||` by QR with column pivoting (LAPACK `dgeqp3`): a column whose diagonal of R falls below
    /// `tolerance` times the largest, on unit-norm columns (so the test does not depend on the columns' scales), is
    /// dropped as linearly dependent (aliased, as R's `lm`).
    /// - Throws: ``LinearAlgebraError`` when the sizes differ or an entry is not finite.
    public init(x: Matrix, y: [Double], tolerance: Double = 1e-7) throws(LinearAlgebraError) {
        let n = x.rows, p = x.columns
        guard y.count == n else { throw .dimensionMismatch("X has \(n) rows, y has \(y.count) entries") }
        try x.checkFinite()
        for (i, v) in y.enumerated() where !v.isFinite { throw .nonFinite(row: i, column: 0) }
        // Unit-norm columns (a zero column keeps scale 1 and is aliased by the rank test below).
        var scale = [Double](repeating: 1, count: p)
        var a = x
        for j in 0..<p {
            // ||x_j|| = m sqrt(sum (x_ij/m)^2), m = max |x_ij| (no overflow for 1e300, no underflow for 1e-300).
            var m = 0.0, sum = 0.0
            for i in 0..<n { m = max(m, abs(x[i, j])) }
            if m > 0 { for i in 0..<n { let v = x[i, j] / m; sum += v * v } }
            let norm = m * sum.squareRoot()
            if norm > 0 && norm.isFinite {
                scale[j] = norm
                for i in 0..<n { a[i, j] /= norm }
            }
        }
        var m32 = try lapackInt(n, "rows"), p32 = try lapackInt(p, "columns"), lda = max(m32, 1), info: Int32 = 0
        var jpvt = [Int32](repeating: 0, count: p)
        var tau = [Double](repeating: 0, count: min(n, p))
        var lwork: Int32 = -1, wq = 0.0
        if n > 0 && p > 0 {
            a.elements.withUnsafeMutableBufferPointer { pa in
                dgeqp3_(&m32, &p32, pa.baseAddress, &lda, &jpvt, &tau, &wq, &lwork, &info)
            }
            try checkIllegalArgument(info, "dgeqp3")
            lwork = Int32(max(wq, Double(3 * p + 1)))
            var work = [Double](repeating: 0, count: Int(lwork))
            a.elements.withUnsafeMutableBufferPointer { pa in
                dgeqp3_(&m32, &p32, pa.baseAddress, &lda, &jpvt, &tau, &work, &lwork, &info)
            }
            try checkIllegalArgument(info, "dgeqp3")
        }
        let k = min(n, p)
        let r11 = k > 0 ? abs(a[0, 0]) : 0
        var rank = 0
        while rank < k && r11 > 0 && abs(a[rank, rank]) > tolerance * r11 { rank += 1 }

        // Q'y
        var qty = y
        if k > 0 {
            var side = CChar(UInt8(ascii: "L")), tr = CChar(UInt8(ascii: "T"))
            var one: Int32 = 1, kk = try lapackInt(k, "k"), ldc = max(m32, 1)
            lwork = -1
            dormqr_(&side, &tr, &m32, &one, &kk, a.elements, &lda, tau, &qty, &ldc, &wq, &lwork, &info)
            try checkIllegalArgument(info, "dormqr")
            lwork = Int32(max(wq, 1))
            var work = [Double](repeating: 0, count: Int(lwork))
            dormqr_(&side, &tr, &m32, &one, &kk, a.elements, &lda, tau, &qty, &ldc, &work, &lwork, &info)
            try checkIllegalArgument(info, "dormqr")
        }
        // Back substitution with the leading rank x rank block of R.
        var r = Matrix(rows: rank, columns: rank)
        for j in 0..<rank { for i in 0...j { r[i, j] = a[i, j] } }
        var bPivoted = Array(qty.prefix(rank))
        var rInverse = Matrix.identity(rank)
        if rank > 0 {
            var uplo = CChar(UInt8(ascii: "U")), tr = CChar(UInt8(ascii: "N")), dg = CChar(UInt8(ascii: "N"))
            var rr = Int32(rank), one: Int32 = 1
            dtrtrs_(&uplo, &tr, &dg, &rr, &one, r.elements, &rr, &bPivoted, &rr, &info)
            try checkIllegalArgument(info, "dtrtrs")
            if info > 0 { throw .singular(pivot: Int(info)) }
            dtrtrs_(&uplo, &tr, &dg, &rr, &rr, r.elements, &rr, &rInverse.elements, &rr, &info)
            try checkIllegalArgument(info, "dtrtrs")
        }
        var coef = [Double](repeating: .nan, count: p)
        let order = jpvt.map { Int($0) - 1 }
        for i in 0..<rank { coef[order[i]] = bPivoted[i] / scale[order[i]] }
        let aliased = order.count > rank ? Array(order[rank...]).sorted() : []
        // (X'X)^-1 = P R^-1 R^-T P'
        let cov11 = try Matrix.product(rInverse, .none, rInverse, .transposed)
        var cov = Matrix(rows: p, columns: p, repeating: .nan)
        for j in 0..<rank { for i in 0..<rank { cov[order[i], order[j]] = cov11[i, j] / (scale[order[i]] * scale[order[j]]) } }

        var kept = Matrix(rows: n, columns: rank)
        var keptCoef = [Double]()
        for (c, j) in order.prefix(rank).enumerated() {
            for i in 0..<n { kept[i, c] = x[i, j] }
            keptCoef.append(coef[j])
        }
        let fit = rank > 0 ? try kept.multiply(keptCoef) : [Double](repeating: 0, count: n)
        coefficients = coef
        fitted = fit
        residuals = zip(y, fit).map { $0 - $1 }
        self.rank = rank
        aliasedColumns = aliased
        unscaledCovariance = cov
    }
}
