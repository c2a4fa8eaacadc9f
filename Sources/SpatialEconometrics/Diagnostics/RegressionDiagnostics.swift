import Foundation

/// Moran's I of regression residuals, with its exact moments under the null (Cliff & Ord 1981, as spdep's
/// `lm.morantest`): `I = (n/S0) e'We / e'e`, `E[I] = (n/S0) tr(MW) / (n - k)`,
/// `Var[I] = (n/S0)^2 [tr(MWMW') + tr(MWMW) + tr(MW)^2] / ((n - k)(n - k + 2)) - E[I]^2`, `M = I - X(X'X)^-1X'`.
/// The traces are formed from k x k matrices and sums over the non-zeros of W (no n x n matrix).
public struct ResidualMoran: Sendable, Codable, Equatable {
    /// Moran's I of the residuals, `(n/S0) e'We / e'e`.
    public let I: Double
    /// `E[I] = (n/S0) tr(MW) / (n - k)`.
    public let expected: Double
    /// `Var[I]` under the null (see the type's formula).
    public let variance: Double
    /// `(I - E[I]) / sqrt(Var[I])`.
    public let z: Double
    /// The normal p-value of ``z`` for ``alternative``.
    public let p: Double
    /// The alternative hypothesis of ``p`` (default "greater": positive autocorrelation).
    public let alternative: Alternative
}

/// The spatial diagnostics of an OLS fit (Anselin 1988; Anselin, Bera, Florax & Yoon 1996):
/// `LM_err = (e'We/s^2)^2 / T`, `LM_lag = (e'Wy/s^2)^2 / D`, robust versions
/// `RLM_err = (e'We/s^2 - T/D e'Wy/s^2)^2 / (T - T^2/D)`, `RLM_lag = (e'Wy/s^2 - e'We/s^2)^2 / (D - T)` and
/// `SARMA = RLM_lag + LM_err`, with `s^2 = e'e/n`, `T = tr(W'W + WW)`, `D = (WXb)'M(WXb)/s^2 + T`.
/// Each is chi-square with 1 df (SARMA 2).
///
/// A constant y (``ModelError/constantResponse(variable:effects:)``) and an essentially perfect OLS fit,
/// `e'e <= 1e-12 TSS` (``ModelError/perfectFit``), are refused: with `s^2` at rounding level every statistic is a
/// ratio of rounding errors (1e32 for a constant y).
///
/// References: Anselin, L. (1988), *Spatial Econometrics: Methods and Models*, Kluwer, ch. 13;
/// Anselin, L., Bera, A. K., Florax, R. & Yoon, M. J. (1996), Simple diagnostic tests for spatial dependence,
/// *Regional Science and Urban Economics* 26, 77–104.
public struct SpatialDiagnostics: Sendable, Codable, Equatable {
    /// Moran's I of the OLS residuals, with its exact moments.
    public let moranResiduals: ResidualMoran
    /// `LM_err = (e'We/s^2)^2 / T`, chi-square(1): spatial error dependence.
    public let lmError: TestResult
    /// `LM_lag = (e'Wy/s^2)^2 / D`, chi-square(1): a spatial lag.
    public let lmLag: TestResult
    /// `RLM_err = (e'We/s^2 - T/D e'Wy/s^2)^2 / (T - T^2/D)`, chi-square(1): error dependence robust to a lag.
    public let robustLmError: TestResult
    /// `RLM_lag = (e'Wy/s^2 - e'We/s^2)^2 / (D - T)`, chi-square(1): a lag robust to error dependence.
    public let robustLmLag: TestResult
    /// `SARMA = RLM_lag + LM_err`, chi-square(2): lag or error dependence, or both.
    public let lmSarma: TestResult

    enum CodingKeys: String, CodingKey {
        case moranResiduals = "moran_residuals", lmError = "lm_error", lmLag = "lm_lag", robustLmError = "robust_lm_error"
        case robustLmLag = "robust_lm_lag", lmSarma = "lm_sarma"
    }

    /// Diagnostics of the OLS fit of `y` on `x` (an intercept first unless `intercept` is false), columns of a table
    /// whose row i is unit i of `weights`: the call of the spatial fits (the panel counterpart is
    /// ``PanelLMDiagnostics``).
    ///
    /// ```swift
    /// let lm = try SpatialDiagnostics(data: paired.table, y: "CRIME", x: ["INC", "HOVAL"], weights: paired.weights)
    /// ```
    public init(data: DataTable, y: String, x: [String], weights: SpatialWeights, intercept: Bool = true,
                alternative: Alternative = .greater) throws(ModelError) {
        let design = try RegressionData(table: data, y: y, x: x, intercept: intercept)
        try self.init(ols: OrdinaryLeastSquares(design), data: design, weights: weights, alternative: alternative)
    }

    /// Diagnostics of an OLS fit of `data` (residuals and design) against `weights`.
    public init(ols: OrdinaryLeastSquares, data: RegressionData, weights: SpatialWeights, alternative: Alternative = .greater) throws(ModelError) {
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        if ResponseCheck.isConstant(data.y) { throw .constantResponse(variable: data.yName) }
        if ols.isPerfectFit { throw .perfectFit }
        let w = weights.matrix, x = data.x, e = ols.residuals
        let n = Double(data.n), k = Double(data.k)
        func lag(_ v: [Double]) -> [Double] { (try? w.multiply(v)) ?? [] }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let we = lag(e), wy = lag(data.y)
        let ee = dot(e, e), s2 = ee / n
        let s0 = w.values.reduce(0, +)
        let wt = w.transposed
        // Traces over the non-zeros: tr(W) , tr(WW') = sum w_ij^2, tr(WW) = sum w_ij w_ji.
        var trW = 0.0, trWWt = 0.0, trWW = 0.0
        for i in 0..<w.rows {
            for kk in w.rowStart[i]..<w.rowStart[i + 1] {
                let j = w.columnIndices[kk], v = w.values[kk]
                if j == i { trW += v }
                trWWt += v * v
                trWW += v * wt[i, j]
            }
        }
        let a: Matrix
        do { a = try Cholesky(x.crossProduct).inverse() } catch { throw .numerical("(X'X)^-1: \(error)") }
        let wx: Matrix, wtx: Matrix
        do { wx = try w.multiply(x); wtx = try wt.multiply(x) } catch { throw .numerical("\(error)") }
        func tr(_ m: Matrix) -> Double { m.diagonalElements.reduce(0, +) }
        func mul(_ p: Matrix, _ tp: Transpose, _ q: Matrix, _ tq: Transpose) -> Matrix { (try? Matrix.product(p, tp, q, tq)) ?? Matrix(rows: 0, columns: 0) }
        let b = mul(x, .transposed, wx, .none)                       // X'WX
        let trMW = trW - tr(mul(a, .none, b, .none))
        let ab = mul(a, .none, b, .none), abt = mul(a, .none, b, .transposed)
        let trMWMWt = trWWt - tr(mul(a, .none, mul(wtx, .transposed, wtx, .none), .none)) - tr(mul(a, .none, mul(wx, .transposed, wx, .none), .none))
            + tr(mul(ab, .none, abt, .none))
        let trMWMW = trWW - 2 * tr(mul(a, .none, mul(wtx, .transposed, wx, .none), .none)) + tr(mul(ab, .none, ab, .none))
        let i = n / s0 * dot(e, we) / ee
        let ei = n / s0 * trMW / (n - k)
        let vi = (n / s0) * (n / s0) * (trMWMWt + trMWMW + trMW * trMW) / ((n - k) * (n - k + 2)) - ei * ei
        // I is scale-free (n/S0 normalises W), so its variance is compared with absolute rounding levels.
        guard vi.isFinite, vi > 1e-12 * max(1, ei * ei) else {
            throw .invalidArgument("the residual Moran's I has no variance (Var[I] = \(vi)) with n = \(data.n) observations and k = \(data.k) "
                + "regressors: too few observations (or a degenerate W) for the spatial diagnostics")
        }
        let zi = (i - ei) / vi.squareRoot()
        moranResiduals = ResidualMoran(I: i, expected: ei, variance: vi, z: zi, p: Normal.pValue(zi, alternative: alternative), alternative: alternative)
        // LM tests.
        let t = trWWt + trWW
        let dErr = dot(e, we) / s2, dLag = dot(e, wy) / s2
        let beta = ols.coefficients.map(\.estimate)
        let wxb = lag((try? x.multiply(beta)) ?? [])
        let mwxb: [Double]
        do { mwxb = try LeastSquares(x: x, y: wxb).residuals } catch { throw .numerical("\(error)") }
        let d = dot(mwxb, mwxb) / s2 + t
        guard t.isFinite, t > 0, d.isFinite, d - t > 1e-10 * d else {
            throw .invalidArgument("the LM tests are undefined with n = \(data.n) observations and k = \(data.k) regressors "
                + "(T = tr(W'W + WW) = \(t), D - T = \(d - t)): too few observations (or a degenerate W) for the spatial diagnostics")
        }
        lmError = .chiSquared("LM error", dErr * dErr / t, df: 1)
        lmLag = .chiSquared("LM lag", dLag * dLag / d, df: 1)
        robustLmError = .chiSquared("Robust LM error", pow(dErr - t / d * dLag, 2) / (t - t * t / d), df: 1)
        robustLmLag = .chiSquared("Robust LM lag", pow(dLag - dErr, 2) / (d - t), df: 1)
        lmSarma = .chiSquared("LM SARMA", pow(dLag - dErr, 2) / (d - t) + dErr * dErr / t, df: 2)
    }
}
