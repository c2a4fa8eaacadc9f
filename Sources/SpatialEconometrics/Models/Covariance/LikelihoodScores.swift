import Dispatch
import Foundation

/// The per-observation score contributions of the Gaussian spatial log-likelihood the package's one engine
/// (``ConcentratedLikelihood``) maximises, at the estimate, for the full parameter vector `(beta, rho?, lambda?,
/// sigma^2)` (sigma^2, concentrated out in the search, is included): the rows the ``SandwichCovariance`` sums.
///
/// With the data the engine takes (`y`, `W y`, `X`, `W X`, `W W y`, stacked in T blocks of n units),
/// `A = I - rho W`, `B = I - lambda W`, `u = y - rho W y - X b`, `e = B u` and the log-likelihood
/// `-n*/2 ln(2 pi s2) + T* [ln|A| + ln|B| - c ln(1 - rho) - c ln(1 - lambda)] - e'e/(2 s2)`, observation i of block t
/// contributes
///
///     d/d beta:   (B X)_i e_i / s2
///     d/d rho:    (B W y)_i e_i / s2 - (T*/T) [G_ii - c / (n (1 - rho))],      G = W A^-1
///     d/d lambda: (W u)_i e_i / s2   - (T*/T) [H_ii - c / (n (1 - lambda))],   H = W B^-1
///     d/d s2:     -(n*/m) / (2 s2) + e_i^2 / (2 s2^2)                          (m = nT rows)
///
/// The SAC with a second matrix M for the error (`u = lambda M u + e`): `B = I - lambda M`, `H = M B^-1`, and the
/// data `M y` (`errorWy`), `M X` (as `wx`), `M W y` (as `wwy`): `e = B (A y - X b) = (y - lambda M y) - rho (W y -
/// lambda M W y) - (X - lambda M X) b`, the rho score's `B W y = W y - lambda M W y`, the lambda score's
/// `M u = M y - rho M W y - M X b`; with M = W these are the formulas above.
///
/// The Jacobian's split over observations is `ln|A| = -sum_k rho^k tr(W^k)/k` taken unit by unit,
/// `-sum_k rho^k (W^k)_ii / k`, whose derivative is `-G_ii`; the rows sum to the gradient, zero at the maximum. The
/// diagonal of G is exact: a dense inverse of A up to ``denseLimit`` units, one sparse LU solve per unit above (no n x n
/// matrix), refused beyond ``sparseWorkLimit``.
enum LikelihoodScores {
    /// The largest n for which diag(W (I - s W)^-1) is formed from a dense inverse: 1,000 units (O(n^3), ~0.1 s).
    static let denseLimit = 1_000
    /// Above ``denseLimit``: the largest work, `2 n nnz(L + U)` multiply-adds (one sparse LU solve per unit), of the
    /// exact sparse diagonal: 2e10, about 2 x 10^4 units of planar contiguity.
    static let sparseWorkLimit = 2e10

    /// `diag(W (I - s W)^-1)` (length n), exact: a dense LU inverse up to `denseLimit` units, above one sparse LU
    /// factorisation of `I - s W` and a solve per unit, `G_ii = (W x_i)_i` with `(I - s W) x_i = e_i` (no n x n
    /// matrix). Refused (``ModelError/invalidArgument(_:)``) when the sparse work exceeds ``sparseWorkLimit``.
    /// - Complexity: O(n^3) dense; O(n nnz(L + U)) sparse.
    static func jacobianDiagonal(weights: SpatialWeights, at s: Double, denseLimit: Int = LikelihoodScores.denseLimit) throws(ModelError) -> [Double] {
        let n = weights.count
        let w = weights.matrix
        guard n > denseLimit else {
            var a = Matrix.identity(n)
            for i in 0..<n { for (j, v) in w.row(i) { a[i, j] -= s * v } }
            let inv: Matrix
            do { inv = try LUDecomposition(a).inverse() } catch { throw .numerical("diag(W (I - s W)^-1): \(error)") }
            return (0..<n).map { i in w.row(i).reduce(0) { $0 + $1.value * inv[$1.column, i] } }
        }
        let refusal = "robust, cluster and Driscoll-Kraay covariances of a spatial ML fit need the diagonal of W (I - rho W)^-1, exact by one "
            + "sparse solve per unit; for this W of \(n) units that is beyond the limit of \(String(format: "%.0e", sparseWorkLimit)) multiply-adds: "
            + "use the default covariance (information matrix)"
        let factor: SparseLUFactor
        do {
            let symbolic = try SparseLUSymbolic(pattern: w)
            guard 2 * Double(n) * Double(symbolic.factorNonzeros) <= sparseWorkLimit else { throw ModelError.invalidArgument(refusal) }
            factor = try symbolic.factor(values: w.values, scale: -s, diagonalShift: 1, pivotTolerance: 0)
        } catch let error as ModelError { throw error } catch {
            if case LinearAlgebraError.tooLarge = error { throw .invalidArgument(refusal) }
            throw .numerical("diag(W (I - s W)^-1): \(error)")
        }
        let lanes = 8
        let diagonal = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        diagonal.initialize(repeating: .nan)
        defer { diagonal.deallocate() }
        let out = UnsafeSendableBuffer(diagonal)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var x = [Double](repeating: 0, count: n), workspace = x
            for i in stride(from: lane, to: n, by: lanes) {
                for j in 0..<n { x[j] = 0 }
                x[i] = 1
                guard (try? factor.solve(&x, workspace: &workspace)) != nil else { continue }
                var g = 0.0
                for k in w.rowStart[i]..<w.rowStart[i + 1] { g += w.values[k] * x[w.columnIndices[k]] }
                out.buffer[i] = g
            }
        }
        let d = Array(diagonal)
        guard d.allSatisfy(\.isFinite) else { throw .numerical("diag(W (I - s W)^-1): a sparse solve failed") }
        return d
    }

    /// The m x p score rows (m = rows of `x`, a stack of `x.rows / n` blocks of the n units of `weights`).
    /// - Parameters:
    ///   - wx: `W X` (needed with lambda), `wwy`: `W W y` (needed with both rho and lambda).
    ///   - multiplier: T* of the Jacobian; `centered`: its `c = 1` (Lee-Yu with time effects).
    ///   - observations: n* of the likelihood (sigma^2's score).
    ///   - errorWeights: the SAC's second matrix M for the error (`nil`: W), then `errorWy` is `M y`, `wx` `M X` and
    ///     `wwy` `M W y`; lambda's Jacobian rows take `diag(M (I - lambda M)^-1)`.
    static func gaussian(y: [Double], wy: [Double], x: Matrix, wx: Matrix?, wwy: [Double]?, beta: [Double], rho: Double?, lambda: Double?,
                         sigma2 s2: Double, weights: SpatialWeights, errorWeights: SpatialWeights? = nil, errorWy: [Double]? = nil,
                         multiplier: Double = 1, centered: Bool = false, observations: Double) throws(ModelError) -> Matrix {
        let m = x.rows, k = x.columns, n = weights.count
        guard n > 0, m % n == 0, y.count == m, wy.count == m, beta.count == k, (errorWeights?.count ?? n) == n else {
            throw .sizeMismatch("scores: \(m) rows for \(n) units")
        }
        guard (errorWeights == nil) == (errorWy == nil) else { throw .invalidArgument("scores: a second error matrix needs its M y, and M y its matrix") }
        let blocks = Double(m / n)
        let share = multiplier / blocks, c = centered ? 1.0 : 0.0
        // The Jacobian's per-row terms (T*/T) [G_ii - c / (n (1 - rho))], row t n + u taking unit u's diagonal.
        func rows(_ d: [Double], _ s: Double) -> [Double] { (0..<m).map { share * (d[$0 % n] - c / (Double(n) * (1 - s))) } }
        let lagRows = try rho.map { r throws(ModelError) in rows(try jacobianDiagonal(weights: weights, at: r), r) }
        let errorRows = try lambda.map { l throws(ModelError) in rows(try jacobianDiagonal(weights: errorWeights ?? weights, at: l), l) }
        return try gaussian(y: y, wy: wy, x: x, wx: wx, wwy: wwy, errorWy: errorWy, beta: beta, rho: rho, lambda: lambda, sigma2: s2,
                            lagJacobianRows: lagRows, errorJacobianRows: errorRows, observations: observations)
    }

    /// The score rows with the Jacobian's per-row terms given (`lagJacobianRows[i]`: row i's share of
    /// `-d ln|Jacobian| / d rho`, e.g. `G_t,ii` of its period's `W_t` on an unbalanced panel; likewise for lambda): the
    /// formulas of ``gaussian(y:wy:x:wx:wwy:beta:rho:lambda:sigma2:weights:multiplier:centered:observations:)``
    /// for any stack of rows (`errorWy`: `M y` of a second error matrix, `nil`: `W y`).
    static func gaussian(y: [Double], wy: [Double], x: Matrix, wx: Matrix?, wwy: [Double]?, errorWy: [Double]? = nil, beta: [Double], rho: Double?,
                         lambda: Double?, sigma2 s2: Double, lagJacobianRows gd: [Double]?, errorJacobianRows hd: [Double]?,
                         observations: Double) throws(ModelError) -> Matrix {
        let m = x.rows, k = x.columns
        guard y.count == m, wy.count == m, beta.count == k, (gd?.count ?? m) == m, (hd?.count ?? m) == m, (errorWy?.count ?? m) == m else {
            throw .sizeMismatch("scores: \(m) rows")
        }
        guard (rho == nil) == (gd == nil), (lambda == nil) == (hd == nil) else { throw .invalidArgument("scores: Jacobian rows without their parameter") }
        let r = rho ?? 0, l = lambda ?? 0
        if lambda != nil && wx == nil { throw .invalidArgument("scores of an error model need W X") }
        if lambda != nil && rho != nil && wwy == nil { throw .invalidArgument("scores of the SAC model need W W y") }
        var xb = [Double](repeating: 0, count: m), wxb = xb
        do {
            xb = try x.multiply(beta)
            if let wx { wxb = try wx.multiply(beta) }
        } catch { throw .numerical("scores: \(error)") }
        let wwyv = wwy ?? [Double](repeating: 0, count: m)
        // e = (y - l My) - r (Wy - l MWy) - (X - l MX) b;  Mu = My - r MWy - MX b;  B Wy = Wy - l MWy (M = W: one matrix).
        let my = errorWy ?? wy
        var e = [Double](repeating: 0, count: m), wu = e, bwy = e
        for i in 0..<m {
            bwy[i] = wy[i] - l * wwyv[i]
            e[i] = (y[i] - l * my[i]) - r * bwy[i] - (xb[i] - l * wxb[i])
            wu[i] = my[i] - r * wwyv[i] - wxb[i]
        }
        let p = k + (rho == nil ? 0 : 1) + (lambda == nil ? 0 : 1) + 1
        var s = Matrix(rows: m, columns: p)
        let sigmaShare = observations / Double(m)
        for i in 0..<m {
            for j in 0..<k {
                let bx = x[i, j] - l * (wx?[i, j] ?? 0)
                s[i, j] = bx * e[i] / s2
            }
            var col = k
            if let gd {
                s[i, col] = bwy[i] * e[i] / s2 - gd[i]
                col += 1
            }
            if let hd {
                s[i, col] = wu[i] * e[i] / s2 - hd[i]
                col += 1
            }
            s[i, col] = -sigmaShare / (2 * s2) + e[i] * e[i] / (2 * s2 * s2)
        }
        return s
    }

    /// The robust covariance of a fit's parameters without sigma^2 (the fits' `covariance` layout) and its label:
    /// the sandwich of `scores` with the bread `info^-1` (the full information matrix, sigma^2 last), the fit's
    /// `standardErrors` text with the Lin & Lee (2010) caveat.
    static func robustCovariance(scores: Matrix, information info: Matrix, estimator: CovarianceEstimator, units: [Int]?, periods: [Int]?,
                                 classical: String) throws(ModelError) -> (covariance: Matrix, label: String) {
        let bread = try InformationMatrix.inverse(info)
        let sandwich = try SandwichCovariance(scores: scores, bread: bread, estimator: estimator, units: units, periods: periods)
        let d = info.rows - 1
        var out = Matrix(rows: d, columns: d)
        for j in 0..<d { for i in 0..<d { out[i, j] = sandwich.covariance[i, j] } }
        return (out, sandwich.label + "; bread: the inverse " + classical + "; " + CovarianceEstimator.linLeeCaveat)
    }
}
