import Foundation

/// One estimated coefficient, as the tables print it.
public struct Coefficient: Sendable, Codable, Equatable {
    /// The regressor's name (`(Intercept)` for the constant; `W_<x>` for a spatial lag of x).
    public let name: String
    /// The estimate.
    public let estimate: Double
    /// Its standard error.
    public let stdError: Double
    /// t (OLS) or z (ML) statistic.
    public let statistic: Double
    /// The two-sided p-value of ``statistic`` (t distribution for OLS, normal for ML).
    public let pValue: Double

    enum CodingKeys: String, CodingKey { case name, estimate, stdError = "std_error", statistic = "z", pValue = "p_value" }

    /// A coefficient as reported elsewhere (e.g. read back from a saved fit): every field given.
    public init(name: String, estimate: Double, stdError: Double, statistic: Double, pValue: Double) {
        self.name = name; self.estimate = estimate; self.stdError = stdError; self.statistic = statistic; self.pValue = pValue
    }

    init(name: String, estimate: Double, stdError: Double, tDegreesOfFreedom: Double? = nil) {
        self.name = name
        self.estimate = estimate
        self.stdError = stdError
        let z = estimate / stdError
        statistic = z
        // No standard error (NaN, e.g. lambda of the kp99 GM fit): no test either, not a p-value of 1.
        if z.isNaN { pValue = .nan }
        else if let df = tDegreesOfFreedom { pValue = StudentT(degreesOfFreedom: df).twoSidedPValue(z) } else { pValue = Normal.pValue(z, alternative: .twoSided) }
    }
}

/// Ordinary least squares with the usual fit statistics and residual diagnostics.
///
/// `b = (X'X)^-1 X'y` by pivoted QR (collinear regressors are named in an error); standard errors from
/// `s^2 (X'X)^-1` with `s^2 = e'e / (n - k)`, t tests; `R^2`, adjusted `R^2`, F; Gaussian log-likelihood
/// `-n/2 (ln 2 pi + ln(e'e/n) + 1)`; AIC and BIC counting k + 1 parameters (as R's `logLik.lm`);
/// Jarque–Bera (1987) normality, Breusch–Pagan (1979) and Koenker–Bassett (1982) heteroskedasticity tests.
/// The heteroskedasticity tests use the squared regressors `z = X * X` (element-wise) as the variance variables,
/// the convention of GeoDa and PySAL's spreg (R's `lmtest::bptest` uses X itself).
///
/// A constant y (all values equal up to 1e-12 relative to their mean magnitude) is refused with
/// ``ModelError/constantResponse(variable:effects:)``. An essentially perfect fit, `SSE <= 1e-12 TSS`, is returned
/// with the warning of R's `summary.lm` ("essentially perfect fit: summary may be unreliable"); the spatial fits and
/// the LM diagnostics refuse it.
public struct OrdinaryLeastSquares: Sendable, Codable {
    /// The response's name.
    public let yName: String
    /// The number of observations n.
    public let n: Int
    /// The number of regressors k (intercept included).
    public let k: Int
    /// The coefficients `b = (X'X)^-1 X'y` with t tests on n - k degrees of freedom.
    public let coefficients: [Coefficient]
    /// `s^2 (X'X)^-1`, in the order of ``coefficients``.
    public let covariance: Matrix
    /// The residuals `e = y - X b`.
    public let residuals: [Double]
    /// The fitted values `X b`.
    public let fitted: [Double]
    /// `e'e / (n - k)`.
    public let sigma2: Double
    /// `e'e / n`.
    public let sigma2ML: Double
    /// `R^2 = 1 - e'e / TSS` (TSS about the mean with an intercept, about 0 without).
    public let rSquared: Double
    /// `1 - (1 - R^2)(n - 1)/(n - k)` (with an intercept; `n` for `n - 1` without).
    public let adjustedRSquared: Double
    /// The F test of all slopes being zero, `F = ((TSS - e'e)/q) / s^2` on (q, n - k) degrees of freedom, q the number
    /// of slopes (`nil` when there is none).
    public let fTest: TestResult?
    /// The Gaussian log-likelihood `-n/2 (ln 2 pi + ln(e'e/n) + 1)`.
    public let logLikelihood: Double
    /// `AIC = -2 ln L + 2 (k + 1)`.
    public let aic: Double
    /// `BIC = -2 ln L + (k + 1) ln n`.
    public let bic: Double
    /// Jarque–Bera normality test of the residuals, `n/6 (S^2 + (K - 3)^2/4)`, chi-square(2).
    public let jarqueBera: TestResult
    /// Breusch–Pagan heteroskedasticity test on the squared regressors (chi-square, `nil` without slopes).
    public let breuschPagan: TestResult?
    /// Koenker–Bassett (studentised Breusch–Pagan) heteroskedasticity test, robust to non-normal errors (`nil`
    /// without slopes).
    public let koenkerBassett: TestResult?
    /// Warnings about the fit (an essentially perfect fit).
    public var warnings: [String] { storedWarnings ?? [] }
    /// Optional in storage so that JSON written before the field existed still decodes.
    let storedWarnings: [String]?
    /// Whether `SSE <= 1e-12 TSS` (R^2 within 1e-12 of one).
    var isPerfectFit: Bool { 1 - rSquared <= ResponseCheck.tolerance }
    static let perfectFitWarning = "essentially perfect fit: summary may be unreliable"

    enum CodingKeys: String, CodingKey {
        case yName = "y", n, k, coefficients, sigma2, sigma2ML = "sigma2_ml", rSquared = "r_squared", adjustedRSquared = "adj_r_squared"
        case fTest = "f_test", logLikelihood = "log_likelihood", aic, bic, jarqueBera = "jarque_bera", breuschPagan = "breusch_pagan"
        case koenkerBassett = "koenker_bassett", covariance, residuals, fitted, storedWarnings = "warnings"
    }

    /// OLS of `y` on the regressors `x` (an intercept first unless `intercept` is false), columns of a table, as the
    /// spatial fits take them. A missing or non-numeric cell is a ``ModelError/data(_:)`` naming its column and row.
    public init(data: DataTable, y: String, x: [String], intercept: Bool = true) throws(ModelError) {
        try self.init(RegressionData(table: data, y: y, x: x, intercept: intercept))
    }

    /// Fits the design `data` (y, X with its names, built once, as the spatial fits take it) by least squares with
    /// rank detection.
    /// - Throws: ``ModelError`` for a constant response or collinear regressors (named).
    public init(_ data: RegressionData) throws(ModelError) {
        if ResponseCheck.isConstant(data.y) { throw .constantResponse(variable: data.yName) }
        let ls = try Self.solve(data.x, data.y, names: data.xNames)
        let n = Double(data.n), k = Double(data.k)
        let sse = ls.residuals.reduce(0) { $0 + $1 * $1 }
        let ybar = data.y.reduce(0, +) / n
        let tss = data.hasIntercept ? data.y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) } : data.y.reduce(0) { $0 + $1 * $1 }
        storedWarnings = ResponseCheck.isPerfectFit(sse: sse, tss: tss) ? [Self.perfectFitWarning] : []
        let s2 = sse / (n - k)
        var cov = ls.unscaledCovariance
        for i in cov.elements.indices { cov.elements[i] *= s2 }
        yName = data.yName
        self.n = data.n
        self.k = data.k
        coefficients = data.xNames.indices.map { Coefficient(name: data.xNames[$0], estimate: ls.coefficients[$0], stdError: cov[$0, $0].squareRoot(), tDegreesOfFreedom: n - k) }
        covariance = cov
        residuals = ls.residuals
        fitted = ls.fitted
        sigma2 = s2
        sigma2ML = sse / n
        rSquared = 1 - sse / tss
        adjustedRSquared = 1 - (1 - rSquared) * (n - (data.hasIntercept ? 1 : 0)) / (n - k)
        let dfModel = k - (data.hasIntercept ? 1 : 0)
        fTest = dfModel > 0 ? .f("F", ((tss - sse) / dfModel) / s2, df1: dfModel, df2: n - k) : nil
        logLikelihood = -n / 2 * (log(2 * Double.pi) + log(sse / n) + 1)
        aic = -2 * logLikelihood + 2 * (k + 1)
        bic = -2 * logLikelihood + log(n) * (k + 1)
        // Jarque-Bera from the residual moments (divisor n).
        let m2 = sse / n
        let m3 = ls.residuals.reduce(0) { $0 + $1 * $1 * $1 } / n, m4 = ls.residuals.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        let skew = m3 / pow(m2, 1.5), kurt = m4 / (m2 * m2)
        jarqueBera = .chiSquared("Jarque-Bera", n / 6 * (skew * skew + (kurt - 3) * (kurt - 3) / 4), df: 2)
        // Breusch-Pagan (e^2/sigma2_ML - 1 on Z: half the explained sum of squares) and Koenker-Bassett (n R^2 of e^2
        // on Z), Z = X * X element-wise (spreg's default).
        if data.hasIntercept && dfModel > 0 {
            let g = ls.residuals.map { $0 * $0 / m2 - 1 }
            let e2 = ls.residuals.map { $0 * $0 }
            var z = data.x
            for i in z.elements.indices { z.elements[i] *= z.elements[i] }
            if let fitG = try? LeastSquares(x: z, y: g), let fitE = try? LeastSquares(x: z, y: e2) {
                let gbar = g.reduce(0, +) / n
                let ess = fitG.fitted.reduce(0) { $0 + ($1 - gbar) * ($1 - gbar) }
                breuschPagan = .chiSquared("Breusch-Pagan", 0.5 * ess, df: dfModel)
                let ebar = e2.reduce(0, +) / n
                let r2 = fitE.fitted.reduce(0) { $0 + ($1 - ebar) * ($1 - ebar) } / e2.reduce(0) { $0 + ($1 - ebar) * ($1 - ebar) }
                koenkerBassett = .chiSquared("Koenker-Bassett", n * r2, df: dfModel)
            } else { breuschPagan = nil; koenkerBassett = nil }
        } else { breuschPagan = nil; koenkerBassett = nil }
    }

    /// Least squares that names collinear regressors instead of dropping them silently.
    static func solve(_ x: Matrix, _ y: [Double], names: [String]) throws(ModelError) -> LeastSquares {
        let ls: LeastSquares
        do { ls = try LeastSquares(x: x, y: y) } catch { throw .numerical("least squares: \(error)") }
        if !ls.aliasedColumns.isEmpty { throw .collinear(dependentColumns(x).map { names[$0] }) }
        return ls
    }

    /// The columns that are linear combinations of the columns before them (as R's `lm` reports aliased
    /// coefficients): each column is added in turn and kept only if it raises the rank.
    static func dependentColumns(_ x: Matrix) -> [Int] {
        var kept = [[Double]](), dependent = [Int]()
        for j in 0..<x.columns {
            let candidate = kept + [x.column(j)]
            if let m = try? Matrix(columnArrays: candidate), let ls = try? LeastSquares(x: m, y: [Double](repeating: 0, count: x.rows)),
               ls.rank == candidate.count {
                kept = candidate
            } else {
                dependent.append(j)
            }
        }
        return dependent
    }
}
