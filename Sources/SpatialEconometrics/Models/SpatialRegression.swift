import Foundation

/// The cross-sectional spatial regression models.
///
/// - `slx`: `y = X b + W X theta + e` (OLS).
/// - `sar`: `y = rho W y + X b + e`.
/// - `sem`: `y = X b + u`, `u = lambda W u + e`.
/// - `sdm`: `y = rho W y + X b + W X theta + e`.
/// - `sdem`: `y = X b + W X theta + u`, `u = lambda W u + e`.
/// - `sac`: `y = rho W y + X b + u`, `u = lambda W u + e` (SARAR).
public enum SpatialModel: String, Sendable, Codable, CaseIterable {
    /// The models: SLX (W X only), SAR (lag), SEM (error), SDM (lag and W X), SDEM (error and W X), SAC (lag and
    /// error).
    case slx, sar, sem, sdm, sdem, sac

    /// Whether the model has the spatial lag `rho W y` (SAR, SDM, SAC).
    public var hasLag: Bool { self == .sar || self == .sdm || self == .sac }
    /// Whether the model has the spatial error `u = lambda W u + e` (SEM, SDEM, SAC).
    public var hasError: Bool { self == .sem || self == .sdem || self == .sac }
    /// Whether the model has the lagged regressors `W X theta` (SLX, SDM, SDEM).
    public var hasDurbin: Bool { self == .slx || self == .sdm || self == .sdem }
}

/// Maximum-likelihood estimation of the cross-sectional spatial models (Anselin 1988; LeSage & Pace 2009, ch. 3).
///
/// The log-likelihood `ln L = -n/2 ln(2 pi sigma^2) + ln|I - rho W| + ln|I - lambda W| - e'e / (2 sigma^2)` is
/// concentrated in beta and sigma^2 and maximised over rho (SAR, SDM) or lambda (SEM, SDEM) on the feasible interval
/// `(1/lambda_min, 1/lambda_max)`, and over both for SAC, by the package's one likelihood engine
/// (``ConcentratedLikelihood``: the cross-section is its T = 1, no-effects case; lag models by Brent's method and
/// Newton steps on the score). Standard errors come from
/// the analytical information matrix at the estimate (Anselin 1988, ch. 6; for SAC the full matrix including the
/// rho–lambda and rho–beta blocks), inverted by Cholesky — the "asymptotic" standard errors of spatialreg's
/// `method = "eigen"`. sigma^2 is `e'e / n`.
///
/// Refusals and flags: a constant y throws ``ModelError/constantResponse(variable:effects:)``, an essentially
/// perfect fit (`SSE <= 1e-12 TSS`, by OLS or at the ML estimate) ``ModelError/perfectFit``, an optimiser that does
/// not converge ``ModelError/noConvergence(_:)``. An estimate at a bound (``BoundaryStatus``) sets ``atBound`` and
/// ``boundary``, adds the warning and opens the summary with it; effects then refuse the fit. A near-singular
/// information matrix (condition number above 1e10, `InformationMatrix`) sets ``nearSingularInformation`` and adds a
/// warning naming the parameters that are not identified.
public struct SpatialRegression: Sendable, Codable {
    /// The model fitted.
    public let model: SpatialModel
    /// The response's name.
    public let yName: String
    public let n: Int
    /// beta, then theta (named `W_<x>`) for Durbin models.
    public let coefficients: [Coefficient]
    /// The spatial lag parameter rho with its standard error (`nil` for models without `W y`).
    public let rho: Coefficient?
    /// The spatial error parameter lambda with its standard error (`nil` for models without `W u`).
    public let lambda: Coefficient?
    /// The ML estimate `sigma^2 = e'e / n`.
    public let sigma2: Double
    /// The maximised log-likelihood.
    public let logLikelihood: Double
    /// `AIC = -2 ln L + 2 p`, p = ``parameterCount``.
    public let aic: Double
    /// `BIC = -2 ln L + p ln n`, p = ``parameterCount``.
    public let bic: Double
    /// Number of estimated parameters counted in AIC/BIC (coefficients, spatial parameters, sigma^2).
    public let parameterCount: Int
    /// Covariance of (coefficients..., rho?, lambda?) from the inverse information matrix.
    public let covariance: Matrix
    public let standardErrors: String
    /// The log-determinant method used (`nil` for SLX, fitted by OLS).
    public let logDeterminantMethod: LogDeterminantMethod?
    /// LR test of the spatial parameter(s) against OLS on the same regressors.
    public let lrVersusOLS: TestResult?
    /// Wald test of the spatial parameter(s) being zero.
    public let waldSpatial: TestResult?
    /// The residuals `e` of the model at the estimate (`(I - lambda W)(y - rho W y - X b)`), ordered as the weights'
    /// units.
    public let residuals: [Double]
    /// `corr(y, yhat)^2` with `yhat = X b + rho W y` (`X b` for error models): see ``GoodnessOfFit`` and ``rSquared``.
    /// Optional so that JSON written before it existed still decodes.
    public let pseudoRSquared: Double?
    /// Warnings about the fit (at a bound, near-singular information matrix, essentially perfect fit), also printed
    /// by the summary.
    public let warnings: [String]
    /// Whether a spatial parameter is at a bound of its feasible interval (``BoundaryStatus``); see ``boundary``.
    public var atBound: Bool { storedAtBound ?? false }
    /// The spatial parameter at a bound, its estimate and the bound (`nil` when none is).
    public let boundary: BoundaryHit?
    /// Whether the information matrix is near-singular (condition number of its correlation-scaled form above 1e10).
    public var nearSingularInformation: Bool { storedNearSingular ?? false }
    /// Optional in storage so that JSON written before these fields existed still decodes.
    let storedAtBound: Bool?, storedNearSingular: Bool?
    /// The log-determinant object used (not encoded): effects reuse its traces.
    public private(set) var logDeterminantUsed: (any LogDeterminant)? = nil
    /// The weights the model was fitted with, in the fit's unit order (not encoded: a decoded fit has `nil`, and
    /// effects then take W again).
    public internal(set) var weightsUsed: SpatialWeights? = nil
    /// The accuracy of the log-determinant method (exact, interpolated, stochastic), reported with the method.
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { logDeterminantUsed?.accuracy }
    /// The regressors given a `W_` lag when a subset was asked for (``DurbinTerms``; `nil`: all of them, or a model
    /// without W X).
    public private(set) var durbin: [String]? = nil
    /// Whether the W X terms use a second weights matrix (``DurbinTerms``, xsmle `dmat()`).
    public var separateDurbinWeights: Bool { storedSeparateDurbinWeights ?? false }
    private(set) var storedSeparateDurbinWeights: Bool? = nil
    /// The second weights matrix of the W X terms (not encoded; `nil`: W, or a decoded fit): effects take their
    /// traces `tr((I - rho W)^-1 W2)` from it.
    public internal(set) var durbinWeightsUsed: SpatialWeights? = nil

    enum CodingKeys: String, CodingKey {
        case durbin, storedSeparateDurbinWeights = "separate_durbin_weights"
        case model, yName = "y", n, coefficients, rho, lambda, sigma2, logLikelihood = "log_likelihood", aic, bic
        case parameterCount = "parameters", covariance, standardErrors = "standard_errors", logDeterminantMethod = "log_determinant"
        case lrVersusOLS = "lr_vs_ols", waldSpatial = "wald_spatial", residuals, pseudoRSquared = "pseudo_r_squared", warnings
        case storedAtBound = "at_bound", boundary, storedNearSingular = "near_singular_information"
    }

    /// Fits `model` to columns of a table, named as the panel fits name them (``PanelRegression``,
    /// ``RandomEffectsRegression``: `panel:`, `y:`, `x:`, `weights:`): `y` on the regressors `x` (an intercept first
    /// unless `intercept` is false; their spatial lags are added for SLX/SDM/SDEM), row i of `data` being unit i of
    /// `weights` (``PairedData`` matches them by id). A missing or non-numeric cell is a ``ModelError/data(_:)``
    /// naming its column and row.
    ///
    /// ```swift
    /// let sdm = try SpatialRegression(.sdm, data: paired.table, y: "CRIME", x: ["INC", "HOVAL"], weights: paired.weights)
    /// ```
    ///
    /// `durbin` (SLX, SDM, SDEM) names the regressors of `x` that get a `W_` lag (`nil`: all), `durbinWeights` a second
    /// weights matrix W2 for those lags (`nil`: W; same units in the same order as `weights`), as xsmle's `durbin()`
    /// and `dmat()` (``DurbinTerms``; the lags are ``RegressionData/withSpatialLags(_:of:)``).
    public init(_ model: SpatialModel, data: DataTable, y: String, x: [String], weights: SpatialWeights, durbin: [String]? = nil,
                durbinWeights: SpatialWeights? = nil, intercept: Bool = true,
                options: FitOptions = FitOptions()) throws(ModelError) {
        // The lagged names as the design names its columns (an expression's result name).
        let named = durbin.map { $0.map { d in x.firstIndex(of: d).map { data.resultName(x[$0]) } ?? d } }
        try self.init(model, data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights, durbin: named,
                      durbinWeights: durbinWeights, options: options)
    }

    /// Fits `model` to `data` with the given options (log-determinant method, traces, standard errors, progress).
    public init(_ model: SpatialModel, data: RegressionData, weights: SpatialWeights, durbin: [String]? = nil, durbinWeights: SpatialWeights? = nil,
                options: FitOptions) throws(ModelError) {
        try self.init(model, data: data, weights: weights, durbin: durbin, durbinWeights: durbinWeights,
                      logDeterminant: options.requestedLogDeterminant(weights), traces: options.traces,
                      standardErrors: options.standardErrors,
                      progress: options.progress, covariance: options.covariance)
    }

    /// Fits `model` to `data` (regressors without spatial lags: they are added for SLX/SDM/SDEM, those named in
    /// `durbin` only when it is given, with `durbinWeights` when given: ``DurbinTerms``).
    public init(_ model: SpatialModel, data: RegressionData, weights: SpatialWeights, durbin: [String]? = nil, durbinWeights: SpatialWeights? = nil,
                logDeterminant: (any LogDeterminant)? = nil,
                traces: InformationTraces? = nil, standardErrors: StandardErrorMethod = .informationMatrix,
                progress: ProgressHandler? = nil, covariance vce: CovarianceEstimator = .default) throws(ModelError) {
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        try vce.checkCrossSection(standardErrors: standardErrors)
        let regressors = Array(data.xNames.dropFirst(data.hasIntercept ? 1 : 0))
        let lagged = try DurbinTerms.lagged(durbin, of: regressors, model: model, separateWeights: durbinWeights != nil)
        if let w2 = durbinWeights, w2.count != data.n {
            throw .sizeMismatch("durbinWeights (--durbin-weights) over \(w2.count) units, \(data.n) observations")
        }
        let design = model.hasDurbin ? try data.withSpatialLags(durbinWeights ?? weights, of: durbin == nil ? nil : lagged) : data
        let ols = try OrdinaryLeastSquares(design)
        // y = X b exactly: the likelihood is unbounded (sigma^2 -> 0) for every model.
        if ols.isPerfectFit { throw .perfectFit }
        if model == .slx {
            self.init(model: model, yName: data.yName, n: data.n, coefficients: ols.coefficients, rho: nil, lambda: nil,
                      sigma2: ols.sigma2ML, logLikelihood: ols.logLikelihood, parameterCount: design.k + 1, covariance: ols.covariance,
                      standardErrors: "OLS, s^2 = e'e/(n - k)", logDeterminantMethod: nil, lrVersusOLS: nil, waldSpatial: nil,
                      residuals: ols.residuals, pseudoRSquared: GoodnessOfFit.squaredCorrelation(design.y, zip(design.y, ols.residuals).map { $0 - $1 }),
                      warnings: [])
            weightsUsed = weights
            if vce != .default { self = try robustSLX(design: design, ols: ols, estimator: vce) }
            self.durbin = durbin == nil ? nil : lagged
            storedSeparateDurbinWeights = durbinWeights != nil
        durbinWeightsUsed = durbinWeights
            return
        }
        let traceMethod = traces ?? .automatic(units: data.n)
        let probeCount: Int
        if case .stochastic(let p, _) = traceMethod { probeCount = p } else { probeCount = 0 }
        let reporter = ProgressReporter.make(phase: "\(model.rawValue.uppercased()) fit (n = \(data.n))", total: 2 + probeCount, handler: progress)
        defer { reporter?.finish() }
        let logDet: any LogDeterminant
        if let given = logDeterminant { logDet = given } else {
            // The SAC's nested search evaluates ln|I - rho W| about 1,600 times: on a cheap approximation, then
            // Newton steps on the exact values.
            logDet = try weights.modelLogDeterminant(nested: model == .sac)
        }
        reporter?.advance(by: 1)
        // The traces: as asked, or exact (sparse Cholesky or LU) while affordable, with the log-determinant's analysis.
        let resolved = traces.map { ($0, InformationMatrix.symbolic(of: logDet)) }
            ?? InformationMatrix.automaticTraces(weights: weights, symbolic: InformationMatrix.symbolic(of: logDet),
                                                 luSymbolic: InformationMatrix.luSymbolic(of: logDet), parameters: (model.hasLag ? 1 : 0) + (model.hasError ? 1 : 0))
        self = try Self.maximumLikelihood(model, design: design, ols: ols, weights: weights, logDeterminant: logDet,
                                          traces: resolved.0, symbolic: resolved.1, standardErrors: standardErrors, progress: reporter,
                                          covariance: vce)
        // Probes counted in the progress total but not run (exact traces instead).
        if case .stochastic = resolved.0 {} else { reporter?.advance(by: probeCount) }
        self.durbin = durbin == nil ? nil : lagged
        storedSeparateDurbinWeights = durbinWeights != nil
        durbinWeightsUsed = durbinWeights
    }

    init(model: SpatialModel, yName: String, n: Int, coefficients: [Coefficient], rho: Coefficient?, lambda: Coefficient?,
                 sigma2: Double, logLikelihood: Double, parameterCount: Int, covariance: Matrix, standardErrors: String,
                 logDeterminantMethod: LogDeterminantMethod?, lrVersusOLS: TestResult?, waldSpatial: TestResult?, residuals: [Double],
                 pseudoRSquared: Double?, warnings: [String], boundary: BoundaryHit? = nil, nearSingularInformation: Bool = false) {
        self.boundary = boundary; storedAtBound = boundary != nil; storedNearSingular = nearSingularInformation
        self.model = model; self.yName = yName; self.n = n; self.coefficients = coefficients; self.rho = rho; self.lambda = lambda
        self.sigma2 = sigma2; self.logLikelihood = logLikelihood; self.parameterCount = parameterCount; self.covariance = covariance
        self.standardErrors = standardErrors; self.logDeterminantMethod = logDeterminantMethod; self.lrVersusOLS = lrVersusOLS
        self.waldSpatial = waldSpatial; self.residuals = residuals; self.pseudoRSquared = pseudoRSquared; self.warnings = warnings
        let criteria = InformationCriteria(logLikelihood: logLikelihood, parameters: parameterCount, observations: Double(n))
        aic = criteria.aic
        bic = criteria.bic
    }

    private static func maximumLikelihood(_ model: SpatialModel, design: RegressionData, ols: OrdinaryLeastSquares, weights: SpatialWeights,
                                          logDeterminant logDet: any LogDeterminant, traces: InformationTraces,
                                          symbolic: SparseCholeskySymbolic?, standardErrors seMethod: StandardErrorMethod, progress: ProgressReporter?,
                                          covariance vce: CovarianceEstimator = .default) throws(ModelError) -> SpatialRegression {
        let n = design.n
        var warnings = [String]()
        let y = design.y, x = design.x, nn = Double(n)
        let wy: [Double]
        let wx: Matrix
        do { wy = try weights.lag(y); wx = try weights.matrix.multiply(x) } catch { throw .numerical("\(error)") }
        let ybar = y.reduce(0, +) / nn
        let tss = design.hasIntercept ? y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) } : y.reduce(0) { $0 + $1 * $1 }
        var data = SpatialLikelihoodData(y: y, wy: wy, x: x, names: design.xNames, observations: nn, totalSumOfSquares: tss)
        let jacobian = LikelihoodJacobian(logDeterminant: logDet)
        let fit: LikelihoodEstimate
        switch model {
        case .sar, .sdm:
            fit = try ConcentratedLikelihood.lag(data, jacobian: jacobian)
        case .sem, .sdem:
            data.wx = wx
            fit = try ConcentratedLikelihood.error(data, jacobian: jacobian)
        case .sac:
            data.wx = wx
            do { data.wwy = try weights.lag(wy) } catch { throw .numerical("\(error)") }
            fit = try ConcentratedLikelihood.combined(data, lag: jacobian, error: jacobian)
        case .slx: throw .invalidArgument("SLX is fitted by least squares")
        }
        let rhoHat = fit.rho ?? 0, lambdaHat = fit.lambda ?? 0
        let boundary = fit.boundary
        if let boundary { warnings.append(boundary.error.description) }
        let s2 = fit.sse / nn
        let nSpatial = (model.hasLag ? 1 : 0) + (model.hasError ? 1 : 0)
        progress?.advance(by: 1)
        let k = design.k
        let parameterNames = design.xNames + (model.hasLag ? ["rho"] : []) + (model.hasError ? ["lambda"] : [])
        var cov: Matrix, conditionWarning: String?, robustLabel: String? = nil
        var engine = InformationMatrix.TraceEngine.dense
        switch seMethod {
        case .informationMatrix:
            let computed = try InformationMatrix.compute(
                x: x, blockSize: n, beta: fit.beta, sigma2: s2, rho: model.hasLag ? rhoHat : nil, lambda: model.hasError ? lambdaHat : nil,
                weights: weights, traceMultiplier: 1, observations: nn, center: false, traces: traces, symbolic: symbolic,
                luSymbolic: InformationMatrix.luSymbolic(of: logDet), progress: progress)
            engine = computed.engine
            (cov, conditionWarning) = try InformationMatrix.checkedCovariance(computed.info, names: parameterNames)
            if vce != .default {
                // The sandwich (Covariance/): scores of the likelihood just maximised, bread the inverse information.
                let scores = try LikelihoodScores.gaussian(y: y, wy: wy, x: x, wx: model.hasError ? wx : nil, wwy: data.wwy, beta: fit.beta,
                                                           rho: model.hasLag ? rhoHat : nil, lambda: model.hasError ? lambdaHat : nil,
                                                           sigma2: s2, weights: weights, observations: nn)
                let robust = try LikelihoodScores.robustCovariance(scores: scores, information: computed.info, estimator: vce, units: nil, periods: nil,
                                                                   classical: "analytical information matrix")
                cov = robust.covariance
                robustLabel = robust.label
            }
        case .hessian:
            (cov, conditionWarning) = try ConcentratedLikelihood.hessianCovariance(data, lag: model.hasLag ? jacobian : nil,
                                                                                   error: model.hasError ? jacobian : nil, at: fit, names: parameterNames)
        }
        if let conditionWarning { warnings.append(conditionWarning) }
        let coefficients = (0..<k).map { Coefficient(name: design.xNames[$0], estimate: fit.beta[$0], stdError: cov[$0, $0].squareRoot()) }
        var idx = k
        var rho: Coefficient? = nil, lambda: Coefficient? = nil
        if model.hasLag { rho = Coefficient(name: "rho", estimate: rhoHat, stdError: cov[idx, idx].squareRoot()); idx += 1 }
        if model.hasError { lambda = Coefficient(name: "lambda", estimate: lambdaHat, stdError: cov[idx, idx].squareRoot()) }
        // Wald test on the spatial block.
        let est = [rho?.estimate, lambda?.estimate].compactMap { $0 }
        var block = Matrix(rows: nSpatial, columns: nSpatial)
        for a in 0..<nSpatial { for b in 0..<nSpatial { block[a, b] = cov[k + a, k + b] } }
        var wald: TestResult? = nil
        if let ch = try? Cholesky(block), let sol = try? ch.solve(est) {
            wald = .chiSquared("Wald (spatial parameters)", zip(est, sol).reduce(0) { $0 + $1.0 * $1.1 }, df: Double(nSpatial))
        }
        var result = SpatialRegression(model: model, yName: design.yName, n: n, coefficients: coefficients, rho: rho, lambda: lambda,
                                 sigma2: s2, logLikelihood: fit.logLikelihood, parameterCount: k + nSpatial + 1, covariance: cov,
                                 standardErrors: robustLabel ?? (seMethod == .hessian ? "inverse negative Hessian of the log-likelihood (Richardson differences, sigma^2 concentrated out)"
                                     : "analytical information matrix (asymptotic)" + engine.standardErrorsSuffix), logDeterminantMethod: logDet.method,
                                 lrVersusOLS: .chiSquared("LR vs OLS", 2 * (fit.logLikelihood - ols.logLikelihood), df: Double(nSpatial)),
                                 waldSpatial: wald, residuals: fit.residuals,
                                 pseudoRSquared: Self.pseudoRSquared(y: y, wy: wy, x: x, beta: fit.beta, rho: model.hasLag ? rhoHat : 0),
                                 warnings: warnings, boundary: boundary,
                                 nearSingularInformation: conditionWarning != nil)
        result.logDeterminantUsed = logDet
        result.weightsUsed = weights
        return result
    }

    /// `corr(y, X b + rho W y)^2` (rho = 0 for error models).
    static func pseudoRSquared(y: [Double], wy: [Double], x: Matrix, beta: [Double], rho: Double) -> Double {
        guard let xb = try? x.multiply(beta) else { return .nan }
        return GoodnessOfFit.squaredCorrelation(y, (0..<y.count).map { xb[$0] + rho * wy[$0] })
    }
}
