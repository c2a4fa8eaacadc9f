import Foundation

/// The dynamic spatial panel model with fixed effects, by quasi-maximum likelihood conditional on the first period
/// (Yu, de Jong & Lee 2008; Lee & Yu 2010; Elhorst 2012):
///
///     y_t = tau y_{t-1} + eta W y_{t-1} + rho W y_t + X_t beta + W X_t theta + mu + alpha_t + e_t,   t = 1..T
///
/// The panel's first period is `y_0` (used only as the lag of the second), so a panel of T + 1 periods gives T
/// periods of the likelihood. `W y_t`, `W y_{t-1}` and `W X_t` are formed per period with W on the original data;
/// vectors are time-major.
///
/// - Individual effects (Yu, de Jong & Lee 2008): every series is demeaned over its own T values,
///   `y~_t = y_t - (1/T) sum_{s=1..T} y_s`, and the lag over its own window, `y~_{t-1} = y_{t-1} - (1/T) sum_{s=0..T-1} y_s`
///   (the original `y_{t-1}` demeaned, not a lag of `y~`). n = N.
/// - Two-way effects (Lee & Yu 2010): per period the cross-sectional mean is removed as well, which equals the
///   orthonormal `F_N'` transformation with n = N - 1 in every count and `W* = F_N' W F_N` (W row-standardised),
///   `ln|I - rho W*| = ln|I - rho W| - ln(1 - rho)`.
///
/// With `Z~_t = [y~_{t-1}, (W y_{t-1})~, X~_t, (W X_t)~]` (the columns the lags and the model ask for) the likelihood is
///
///     l = -(nT/2) ln(2 pi s2) + T ln|I_n - rho W_n| - (1/(2 s2)) sum_t |y~_t - rho (W y)~_t - Z~_t delta|^2,
///
/// the static fixed-effects likelihood with `Z~` as regressors: it goes to the package's one engine
/// (``ConcentratedLikelihood/lag(_:jacobian:start:)`` with a ``LikelihoodJacobian`` of multiplier T, centred for
/// two-way effects; delta by least squares given rho, `s2 = SSE/(nT)`). The information matrix in
/// `(tau, eta, beta, theta, rho, s2)` is that of the static model with Z in place of X (``InformationMatrix``):
/// `I_dd = Z~'Z~/s2`, `I_d,rho = sum_t Z~_t' G Z~_t delta/s2`, `I_rho,rho = sum_t |G Z~_t delta|^2/s2 + T[tr(GG) + tr(G'G)]`,
/// `I_rho,s2 = T tr(G)/s2`, `I_s2,s2 = nT/(2 s2^2)`, `G = W_n (I - rho W_n)^-1` (J-centred traces for two-way effects);
/// the covariance is its inverse.
///
/// Bias correction (`biasCorrected: true`, the default): the QML estimate has an O(1/T) bias; the corrected
/// estimate is `theta_bc = theta + n I^-1 a` (``DynamicBiasVector``; Yu, de Jong & Lee 2008, eq. 18; Lee & Yu 2010),
/// all at the QML estimate. It needs a stable `A = (I - rho W)^-1 (tau I + eta W)` in the transformed space
/// (``DynamicStationarity/transformedMaximumModulus`` < 1), otherwise the fit is refused with
/// ``ModelError/nonStationary(tau:eta:rho:modulus:)``. After correction the standard errors come from the
/// information matrix at `theta_bc`, and ``logLikelihood`` is the likelihood evaluated at `theta_bc`, which is not a
/// maximum (``likelihood`` says so); AIC and BIC are then formed from it for comparison only.
///
/// Coefficients are reported in the order `y(t-1)` (tau), `W y(t-1)` (eta), the regressors, their `W_` lags (SDM);
/// ``tau`` and ``eta`` hold the first two separately, ``rho`` the contemporaneous spatial parameter. A non-stationary
/// estimate (``stationarity``, ``DynamicStationarity/isStationary``) is reported with a warning, and its long-run
/// effects are refused (``longRunEffects(inference:)``).
///
/// References: Yu, J., de Jong, R. & Lee, L.-F. (2008), Quasi-maximum likelihood estimators for spatial dynamic panel
/// data with fixed effects when both n and T are large, *J. Econometrics* 146, 118–134. Lee, L.-F. & Yu, J. (2010),
/// A spatial dynamic panel data model with both time and individual fixed effects, *Econometric Theory* 26, 564–597.
/// Elhorst, J. P. (2012), Dynamic spatial panels: models, methods, and inferences, *J. Geogr. Syst.* 14, 5–28.
/// Debarsy, N., Ertur, C. & LeSage, J. P. (2012), Interpreting dynamic space-time panel data models,
/// *Statistical Methodology* 9, 158–171.
public struct DynamicPanelRegression: Sendable, Codable {
    /// Up to this many units W's eigenvalues are computed (dense, O(N^3)) for the stationarity moduli and the bias
    /// traces when the log-determinant does not hold them; above, the log-determinant's traces and interval.
    public static let eigenvalueMaximumUnits = 500
    /// The name of `y_{t-1}`'s coefficient.
    public static let lagName = "y(t-1)"
    /// The name of `W y_{t-1}`'s coefficient.
    public static let spatialLagName = "W y(t-1)"

    /// The model fitted (SAR or SDM).
    public let model: SpatialModel
    /// The fixed effects (individual or two-way).
    public let effects: PanelEffects
    /// Which time lags enter: `y_{t-1}`, `W y_{t-1}` or both.
    public let lags: DynamicLags
    /// Whether the estimates are bias-corrected.
    public let biasCorrected: Bool
    /// The response's name.
    public let yName: String
    /// Units of one cross-section (N).
    public let n: Int
    /// Periods of the likelihood (T, the panel's periods less the first).
    public let t: Int
    /// Observations of the likelihood, `n T` (n = N, or N - 1 with two-way effects).
    public let observations: Int
    /// The coefficient of `y_{t-1}` (`nil` for `lags: .wy`).
    public let tau: Coefficient?
    /// The coefficient of `W y_{t-1}` (`nil` for `lags: .y`).
    public let eta: Coefficient?
    /// tau?, eta?, beta, then theta (`W_<x>`).
    public let coefficients: [Coefficient]
    public let rho: Coefficient?
    public let sigma2: Double
    /// The standard error of sigma^2.
    public let sigma2StdError: Double
    public let logLikelihood: Double
    /// What ``logLikelihood`` is.
    public let likelihood: String
    public let aic: Double
    public let bic: Double
    /// Number of estimated parameters counted in AIC/BIC.
    public let parameterCount: Int
    /// Covariance of (coefficients..., rho).
    public let covariance: Matrix
    public let standardErrors: String
    /// The log-determinant method used.
    public let logDeterminantMethod: LogDeterminantMethod
    /// Stability at the reported parameters.
    public let stationarity: DynamicStationarity
    /// The bias vector a (``DynamicBiasVector``) at the QML estimate, in the parameter order, when corrected.
    public let biasVector: [Double]?
    /// The correction added, `n I^-1 a`, when corrected.
    public let correction: [Double]?
    /// The QML (uncorrected) estimates of (coefficients..., rho, sigma2), when corrected.
    public let uncorrectedEstimates: [Double]?
    /// `1 - SSE / sum(y~^2)` on the transformed data at the reported parameters.
    public let rSquaredWithin: Double
    public let warnings: [String]
    public let boundary: BoundaryHit?
    public var atBound: Bool { boundary != nil }
    /// Whether the information matrix is near-singular (condition number of its correlation-scaled form above 1e10).
    public let nearSingularInformation: Bool
    public private(set) var logDeterminantUsed: (any LogDeterminant)? = nil
    public private(set) var weightsUsed: SpatialWeights? = nil
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { logDeterminantUsed?.accuracy }

    enum CodingKeys: String, CodingKey {
        case model, effects, lags, biasCorrected = "bias_corrected", yName = "y", n, t, observations, tau, eta, coefficients, rho, sigma2
        case sigma2StdError = "sigma2_std_error", logLikelihood = "log_likelihood", likelihood, aic, bic, parameterCount = "parameters"
        case covariance, standardErrors = "standard_errors", logDeterminantMethod = "log_determinant", stationarity
        case biasVector = "bias_vector", correction, uncorrectedEstimates = "uncorrected_estimates", rSquaredWithin = "r_squared_within"
        case warnings, boundary, nearSingularInformation = "near_singular_information"
    }

    /// Fits the model. `panel` holds T + 1 periods (the first is `y_0`); `x` are the regressors (their W lags are
    /// added for the SDM); `effects` is `.individual` or `.twoways`.
    public init(_ model: SpatialModel, panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights,
                effects: PanelEffects = .twoways, lags: DynamicLags = .both, biasCorrected: Bool = true,
                options: FitOptions = FitOptions()) throws(ModelError) {
        try self.init(model, panel: panel, y: yName, x: xNames, weights: weights, effects: effects, lags: lags, biasCorrected: biasCorrected,
                      options: options, eigenvalueUnits: Self.eigenvalueMaximumUnits)
    }

    /// The fit with the eigenvalue threshold given (tests take the log-determinant's traces at small N with 0).
    init(_ model: SpatialModel, panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights, effects: PanelEffects,
         lags: DynamicLags, biasCorrected: Bool, options: FitOptions, eigenvalueUnits: Int) throws(ModelError) {
        guard model == .sar || model == .sdm else { throw .invalidArgument("the dynamic spatial panel model is sar or sdm (got \(model.rawValue))") }
        guard effects == .individual || effects == .twoways else {
            throw .invalidArgument("the dynamic spatial panel model takes individual or twoways fixed effects (got \(effects.rawValue))")
        }
        guard options.standardErrors == .informationMatrix else {
            throw .invalidArgument("the dynamic panel model reports information-matrix standard errors only (the bias-corrected estimates are not a maximum)")
        }
        let w = try weights.aligned(to: panel)
        let nUnits = panel.unitCount, periods = panel.periodCount
        guard periods >= 3 else {
            throw .invalidArgument("the dynamic panel needs at least 3 periods (the first is y_0, the lag of the second); the panel has \(periods)")
        }
        let tt = periods - 1
        let twoWays = effects == .twoways
        if twoWays && !w.isRowStochastic {
            throw .invalidArgument("the two-way dynamic model (Lee & Yu 2010 transformation) needs W 1 = 1: row-standardise W (--transform row)")
        }
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let total = nUnits * tt
        let yAll = try column(yName)
        let wyAll = try PanelTransform.lag(yAll, weights: w, t: periods)
        let current = { (v: [Double]) in Array(v[nUnits...]) }, lagged = { (v: [Double]) in Array(v[..<total]) }
        let demean = { (v: [Double]) in PanelTransform.demean(v, n: nUnits, t: tt, effects: effects) }
        let yd = demean(current(yAll)), wyd = demean(current(wyAll))
        if ResponseCheck.isConstant(yd, reference: ResponseCheck.meanMagnitude(yAll)) {
            throw .constantResponse(variable: yName, effects: effects.rawValue)
        }
        var names = [String](), columns = [[Double]]()
        if lags.hasTime { names.append(Self.lagName); columns.append(demean(lagged(yAll))) }
        if lags.hasSpace { names.append(Self.spatialLagName); columns.append(demean(lagged(wyAll))) }
        let lagCount = names.count
        var raw = [[Double]]()
        for name in xNames { raw.append(current(try column(name))) }
        for (j, name) in xNames.enumerated() { names.append(name); columns.append(demean(raw[j])) }
        if model.hasDurbin {
            for (j, name) in xNames.enumerated() { names.append("W_" + name); columns.append(demean(try PanelTransform.lag(raw[j], weights: w, t: tt))) }
        }
        let z: Matrix
        do { z = try Matrix(columnArrays: columns) } catch { throw .numerical("\(error)") }
        let k = z.columns
        let nEff = twoWays ? nUnits - 1 : nUnits
        let nT = Double(nEff * tt)
        let ydMean = yd.reduce(0, +) / Double(total)
        let tss = yd.reduce(0) { $0 + ($1 - ydMean) * ($1 - ydMean) }

        let reporter = ProgressReporter.make(phase: "dynamic \(model.rawValue.uppercased()) panel fit (N = \(nUnits), T = \(tt))", total: 3,
                                             handler: options.progress)
        defer { reporter?.finish() }
        let ld: any LogDeterminant
        if let requested = try options.requestedLogDeterminant(w) { ld = requested } else { ld = try w.modelLogDeterminant() }
        reporter?.advance(by: 1)
        let jacobian = LikelihoodJacobian(logDeterminant: ld, multiplier: Double(tt), centered: twoWays)
        let data = SpatialLikelihoodData(y: yd, wy: wyd, x: z, names: names, collinearityNote: " (after removing the \(effects.rawValue) effects)",
                                         observations: nT, totalSumOfSquares: tss)
        let fit = try ConcentratedLikelihood.lag(data, jacobian: jacobian)
        guard let rhoHat = fit.rho else { throw .numerical("the lag likelihood returned no rho") }
        reporter?.advance(by: 1)
        var warnings = [String]()
        let boundary = fit.boundary
        if let boundary { warnings.append(boundary.error.description) }
        let (traceMethod, symbolic) = options.traces.map { ($0, InformationMatrix.symbolic(of: ld)) }
            ?? InformationMatrix.automaticTraces(weights: w, symbolic: InformationMatrix.symbolic(of: ld),
                                                 luSymbolic: InformationMatrix.luSymbolic(of: ld), parameters: 1)
        let luSymbolic = InformationMatrix.luSymbolic(of: ld)
        func information(_ delta: [Double], _ r: Double, _ s2: Double) throws(ModelError) -> (Matrix, InformationMatrix.TraceEngine) {
            try InformationMatrix.compute(x: z, blockSize: nUnits, beta: delta, sigma2: s2, rho: r, lambda: nil, weights: w,
                                          traceMultiplier: Double(tt), observations: nT, center: twoWays, traces: traceMethod,
                                          symbolic: symbolic, luSymbolic: luSymbolic)
        }
        let spectrum = try WeightsSpectrum(logDeterminant: ld, weights: w, eigenvalueMaximumUnits: eigenvalueUnits)
        if case .range = spectrum, !WeightsOperator(w).isSymmetric {
            warnings.append("max |eig A| is taken at the ends of the real interval of W's spectrum, but W is not similar to a symmetric matrix: "
                + "its complex eigenvalues are not covered, so the stationarity values are approximate")
        }
        func lagValues(_ p: [Double]) -> (tau: Double, eta: Double) {
            (lags.hasTime ? p[0] : 0, lags.hasSpace ? p[lags.hasTime ? 1 : 0] : 0)
        }
        var delta = fit.beta, rhoOut = rhoHat, s2 = fit.sse / nT, value = fit.logLikelihood, sse = fit.sse
        var (info, engine) = try information(delta, rhoOut, s2)
        var biasVector: [Double]? = nil, correction: [Double]? = nil, uncorrected: [Double]? = nil
        var likelihood = "Gaussian log-likelihood of the \(twoWays ? "Lee-Yu transformed" : "demeaned") model, \(Int(nT)) observations, "
            + "Jacobian \(tt) [ln|I - rho W|\(twoWays ? " - ln(1 - rho)" : "")], conditional on y_0"
        if biasCorrected {
            let (tau0, eta0) = lagValues(delta)
            let check = DynamicStationarity(tau: tau0, eta: eta0, rho: rhoHat, spectrum: spectrum, twoWays: twoWays)
            guard check.transformedMaximumModulus < 1 else {
                throw .nonStationary(tau: lags.hasTime ? tau0 : nil, eta: lags.hasSpace ? eta0 : nil, rho: rhoHat,
                                     modulus: check.transformedMaximumModulus)
            }
            if let boundary { throw boundary.error }
            let bias = try DynamicBiasVector(tau: tau0, eta: eta0, rho: rhoHat, sigma2: s2, lags: lags, regressors: k - lagCount, units: nEff,
                                             twoWays: twoWays, spectrum: spectrum, logDeterminant: ld)
            let inverse = try InformationMatrix.inverse(info)
            let shift: [Double]
            do { shift = try inverse.multiply(bias.a).map { Double(nEff) * $0 } } catch { throw .numerical("bias correction: \(error)") }
            let theta0 = delta + [rhoHat, s2]
            let theta = zip(theta0, shift).map { $0 + $1 }
            biasVector = bias.a; correction = shift; uncorrected = theta0
            delta = Array(theta[0..<k]); rhoOut = theta[k]; s2 = theta[k + 1]
            guard ld.interval.contains(rhoOut), s2 > 0 else {
                throw .invalidArgument("the bias-corrected rho = \(rhoOut) (sigma^2 = \(s2)) leaves the parameter space \(ld.interval): the correction "
                    + "is not usable here; fit with biasCorrected: false")
            }
            let fitted: [Double]
            do { fitted = try z.multiply(delta) } catch { throw .numerical("\(error)") }
            sse = 0
            for i in 0..<total { let e = yd[i] - rhoOut * wyd[i] - fitted[i]; sse += e * e }
            value = -nT / 2 * log(2 * Double.pi * s2) + jacobian.value(rhoOut) - sse / (2 * s2)
            (info, engine) = try information(delta, rhoOut, s2)
            likelihood += ", evaluated at the bias-corrected parameters (not a maximum)"
        }
        reporter?.advance(by: 1)
        let parameterNames = names + ["rho"]
        let (cov, conditionWarning) = try InformationMatrix.checkedCovariance(info, names: parameterNames)
        if let conditionWarning { warnings.append(conditionWarning) }
        let full = try InformationMatrix.inverse(info)
        let (tauOut, etaOut) = lagValues(delta)
        stationarity = DynamicStationarity(tau: tauOut, eta: etaOut, rho: rhoOut, spectrum: spectrum, twoWays: twoWays)
        if !stationarity.isStationary {
            warnings.append("NON-STATIONARY: max |eig A| = \(stationarity.maximumModulus) >= 1 at tau = \(tauOut), eta = \(etaOut), rho = \(rhoOut) "
                + "(A = (I - rho W)^-1 (tau I + eta W)): y explodes and the long-run effects do not exist")
        }
        let coefficients = (0..<k).map { Coefficient(name: names[$0], estimate: delta[$0], stdError: cov[$0, $0].squareRoot()) }
        self.model = model; self.effects = effects; self.lags = lags; self.biasCorrected = biasCorrected; self.yName = yName
        self.n = nUnits; self.t = tt; observations = Int(nT)
        self.coefficients = coefficients
        tau = lags.hasTime ? coefficients[0] : nil
        eta = lags.hasSpace ? coefficients[lags.hasTime ? 1 : 0] : nil
        rho = Coefficient(name: "rho", estimate: rhoOut, stdError: cov[k, k].squareRoot())
        sigma2 = s2; sigma2StdError = full[k + 1, k + 1].squareRoot()
        logLikelihood = value
        self.likelihood = likelihood
        parameterCount = k + 2
        let criteria = InformationCriteria(logLikelihood: value, parameters: k + 2, observations: nT)
        aic = criteria.aic; bic = criteria.bic
        covariance = cov
        standardErrors = "analytical information matrix of the dynamic panel likelihood" + (biasCorrected ? " at the bias-corrected parameters" : "")
            + engine.standardErrorsSuffix
        logDeterminantMethod = ld.method
        logDeterminantUsed = ld; weightsUsed = w
        self.biasVector = biasVector; self.correction = correction; uncorrectedEstimates = uncorrected
        rSquaredWithin = 1 - sse / yd.reduce(0) { $0 + $1 * $1 }
        self.boundary = boundary
        nearSingularInformation = conditionWarning != nil
        self.warnings = warnings
    }
}

extension DynamicPanelRegression: SpatialFit {
    public var fittedModel: SpatialModel? { model }
    public var lambda: Coefficient? { nil }
    public var logDeterminantName: String? { logDeterminantMethod.rawValue }
    public var rSquared: GoodnessOfFit? {
        GoodnessOfFit(value: rSquaredWithin, definition: "within R^2 = 1 - SSE / sum(y~^2) on the transformed data of periods 1..T")
    }
}
