import Foundation

/// Generalized spatial two-stage least squares (GS2SLS) for the SAC / SARAR model with heteroskedasticity-robust
/// moments (Kelejian & Prucha 1998, 2010; Arraiz, Drukker, Kelejian & Prucha 2010): spreg's `GM_Combo_Het`; or with
/// the homoskedastic moments of Drukker, Egger & Prucha (2013), spreg's `GM_Combo_Hom` (``MomentWeighting``); with
/// endogenous regressors and external instruments, spreg's `GM_Endog_Combo_Het` / `GM_Endog_Combo_Hom`.
///
/// The model `y = rho W y + X b + u`, `u = lambda W u + e`, `var(e_i) = sigma_i^2` unrestricted. With
/// `Z = [X, W y]` and instruments `H = [X, W X, ..., W^q X]` (``InstrumentSet``, q = `wLags`, default 1, the constant
/// never lagged), the steps are spreg's (`maxIterations` its `max_iter`, default 1):
/// 1. 2SLS of y on Z with H, `d = (Zhat'Z)^-1 Zhat'y`, `Zhat = H (H'H)^-1 H'Z`; residuals `u = y - Z d`; lambda~
///    from the unweighted moments of ``GeneralizedMomentsError`` (A1 = W'W - diag(W'W), A2 = W);
/// 2. 2SLS of `y - lambda W y` on `Z - lambda W Z` with the same H; u = y - Z d; lambda minimising
///    `(G v - g)' Psi^-1 (G v - g)`, where Psi adds to the error model's `Psi_rs = (2n)^-1 tr[(A_r + A_r') Sigma
///    (A_s + A_s') Sigma]` the estimation effect of d: `n^-1 a_r' Sigma a_s`, `a_r = H P alpha_r`,
///    `P = n (H'H)^-1 H'Zs [Zs'H (H'H)^-1 H'Zs]^-1`, `alpha_1 = -2/n Zs'A1 e`, `alpha_2 = -1/n Zs'(W + W') e`,
///    `Zs = Z - lambda W Z`, `e = u - lambda W u`; repeated while lambda moves by more than `tolerance`.
///
/// As spreg, a 2SLS rho outside [-0.9, 0.9] is set to the nearer bound before the moments are formed (with a
/// warning). Covariance (Arraiz et al. 2010, spreg's `get_Omega_GS2SLS`), at the final lambda:
/// `V = n^-1 [P' 0; 0 o'] [Psi_dd Psi_dl; Psi_dl' Psi] [P 0; 0 o]`, `o = Psi^-1 J (J'Psi^-1 J)^-1`,
/// `J = G [1, 2 lambda]'`, `Psi_dd = n^-1 H'Sigma H`, `Psi_dl = n^-1 H'Sigma [a_1, a_2]`: the full covariance of
/// (b, rho, lambda), including `cov(d, lambda)`.
///
/// Homoskedastic (`weighting: .homoskedastic`, spreg's `GM_Combo_Hom` with `A1 = "hom_sc"`): the A1, A2 and Psi of
/// ``MomentWeighting/homoskedastic`` with the estimation effect `Psi_11 += n^-1 (s^2 a1'a1 + 2 mu3 a1'd1)`,
/// `Psi_12 += n^-1 (s^2 a1'a2 + mu3 a2'd1)`, `Psi_22 += n^-1 s^2 a2'a2` (d1 the diagonal of A1); no clamp of rho (spreg
/// clamps only in the heteroskedastic steps); covariance `var(d) = s^2 [Zs'H (H'H)^-1 H'Zs]^-1`,
/// `var(lambda) = (J'Psi^-1 J)^-1 / n`, `cov(d, lambda) = P' Psi_DL Psi^-1 J var(lambda)`,
/// `Psi_DL = n^-1 (mu3 H'[d1, 0] + s^2 H'[a1, a2])` (spreg's `get_omega_hom`). The steps are one engine for both
/// weightings and for the error models with endogenous regressors.
///
/// Stata's `spregress, gs2sls` is homoskedastic unless `heteroskedastic` is given; this estimator's default is the
/// heteroskedasticity-robust one (spreg's `GM_Combo_Het`). No n x n matrix is formed (``MomentOperators``).
///
/// ```swift
/// let sac = try GeneralizedSpatialTwoStageLeastSquares(data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
/// print(sac.summary)
/// ```
/// - References: Kelejian & Prucha (1998), *Journal of Real Estate Finance and Economics* 17(1), 99–121; Kelejian &
///   Prucha (2010), *Journal of Econometrics* 157(1), 53–67; Arraiz, Drukker, Kelejian & Prucha (2010), *Journal of
///   Regional Science* 50(2), 592–614.
public struct GeneralizedSpatialTwoStageLeastSquares: Sendable, Codable {
    /// The response's name.
    public let yName: String
    /// The number of observations (units).
    public let n: Int
    /// beta, with z tests.
    public let coefficients: [Coefficient]
    /// The spatial lag parameter rho.
    public let rhoEstimate: Coefficient
    /// The spatial error parameter lambda.
    public let lambdaEstimate: Coefficient
    /// `e'e / n`, e the filtered residuals `u - lambda W u`.
    public let sigma2: Double
    /// Covariance of (coefficients..., rho, lambda).
    public let covariance: Matrix
    /// The instruments' names (H).
    public let instruments: [String]
    /// The number of spatial-lag orders of X in the instruments (spreg's `w_lags`).
    public let wLags: Int
    /// The GM steps taken after the first.
    public let iterations: Int
    /// The largest number of steps allowed (spreg's `max_iter`).
    public let maxIterations: Int
    /// The residuals `u = y - Z d`, in the weights' unit order.
    public let residuals: [Double]
    /// spreg's pseudo R^2, `corr(y, Z d)^2`.
    public let pseudoRSquared: Double
    /// The moments' weighting: heteroskedastic (spreg `GM_Combo_Het`) or homoskedastic (`GM_Combo_Hom`). Optional so
    /// that JSON written before it existed decodes (`nil`: heteroskedastic).
    public let weighting: MomentWeighting?
    /// The further endogenous regressors (instrumented by the external instruments), in coefficient order.
    public let endogenous: [String]?
    /// The first-stage F tests of the excluded instruments for every endogenous regressor, W y last.
    public let firstStages: [TestResult]?
    /// The over-identification test of the filtered second stage when there are more instruments than regressors:
    /// Hansen's J (heteroskedastic moments) or Sargan (homoskedastic), on `e = u - lambda W u` (``InstrumentDiagnostics``).
    public let overidentification: TestResult?
    /// Warnings (rho clamped to 0.9 in absolute value, lambda at 0.99, steps exhausted, weak instruments).
    public let warnings: [String]
    /// The weights the model was fitted with (not encoded).
    public private(set) var weightsUsed: SpatialWeights? = nil

    enum CodingKeys: String, CodingKey {
        case yName = "y", n, coefficients, rhoEstimate = "rho", lambdaEstimate = "lambda", sigma2, covariance, instruments
        case wLags = "w_lags", iterations, maxIterations = "max_iterations", residuals, pseudoRSquared = "pseudo_r_squared", warnings
        case weighting, endogenous, firstStages = "first_stages", overidentification
    }

    /// Fits the SAC to columns of a table: `y` on `x` (an intercept first unless `intercept` is false), row i of
    /// `data` being unit i of `weights`; `endogenous` further endogenous regressors instrumented by the external
    /// `instruments` and their spatial lags (spreg's `GM_Endog_Combo_Het` / `GM_Endog_Combo_Hom`, `lag_q = True`).
    public init(data: DataTable, y: String, x: [String], weights: SpatialWeights, intercept: Bool = true,
                endogenous: [String] = [], instruments: [String] = [], wLags: Int = 1,
                weighting: MomentWeighting = .heteroskedastic, maxIterations: Int = 1, tolerance: Double = 1e-5) throws(ModelError) {
        let endogenousColumns: [(name: String, values: [Double])], instrumentColumns: [(name: String, values: [Double])]
        do {
            endogenousColumns = try endogenous.map { name throws(DataError) in (data.resultName(name), try data.numbers(name)) }
            instrumentColumns = try instruments.map { name throws(DataError) in (data.resultName(name), try data.numbers(name)) }
        } catch { throw .data(error) }
        try self.init(data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights,
                      endogenous: endogenousColumns, instruments: instrumentColumns, wLags: wLags, weighting: weighting,
                      maxIterations: maxIterations, tolerance: tolerance)
    }

    /// Fits the SAC to `data`.
    ///
    /// With `endogenous` regressors `Y` and external `instruments` Q: `Z = [X, Y, W y]`,
    /// `H = [X, Q, W X, W Q, ..., W^q X, W^q Q]` (spreg's `set_endog(lag_q = True)`), the first-stage F of every
    /// endogenous regressor (W y last) and the over-identification test of the filtered second stage
    /// (``InstrumentDiagnostics``).
    ///
    /// - Throws: ``ModelError/invalidArgument(_:)`` for `wLags` outside 1...10, the kp99 moments (SEM, SDEM only),
    ///   `maxIterations` outside 1...100, a tolerance that is not positive, fewer instruments than endogenous regressors, or no regressor to lag;
    ///   ``ModelError/sizeMismatch(_:)``; ``ModelError/constantResponse(variable:effects:)``;
    ///   ``ModelError/collinear(_:)`` for collinear instruments or regressors; ``ModelError/numerical(_:)`` when the
    ///   moments' covariance is singular.
    public init(data: RegressionData, weights: SpatialWeights, endogenous: [(name: String, values: [Double])] = [],
                instruments external: [(name: String, values: [Double])] = [], wLags: Int = 1,
                weighting: MomentWeighting = .heteroskedastic, maxIterations: Int = 1, tolerance: Double = 1e-5) throws(ModelError) {
        guard (1...10).contains(wLags) else { throw .invalidArgument("wLags = \(wLags): the instrument lags must be 1...10") }
        guard weighting != .kelejianPrucha1999 else {
            throw .invalidArgument("Kelejian & Prucha's (1999) GM (kp99, spatialreg GMerrorsar) fits the SEM and SDEM; GS2SLS takes the het or hom moments")
        }
        guard (1...100).contains(maxIterations) else { throw .invalidArgument("maxIterations = \(maxIterations): must be 1...100") }
        guard tolerance > 0, tolerance.isFinite else { throw .invalidArgument("tolerance = \(tolerance): must be positive") }
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        if ResponseCheck.isConstant(data.y) { throw .constantResponse(variable: data.yName) }
        guard external.count >= endogenous.count else {
            throw .invalidArgument("\(endogenous.count) endogenous regressors need at least as many external instruments, not \(external.count)")
        }
        for column in endogenous + external where column.values.count != data.n {
            throw .sizeMismatch("'\(column.name)' has \(column.values.count) values, \(data.n) observations")
        }
        let n = data.n, kx = data.k
        let h = try SpatialTwoStageLeastSquares.instruments(.sar, data: data, design: data, external: external, weights: weights, wLags: wLags)
        guard n > h.matrix.columns + 2 else { throw .invalidArgument("\(n) observations for \(h.matrix.columns) instruments") }
        let wy: [Double]
        do { wy = try weights.lag(data.y) } catch { throw .sizeMismatch(error.description) }
        let endogenousColumns = endogenous + [(name: "W_\(data.yName)", values: wy)]
        let diagnostics = try InstrumentDiagnostics(endogenous: endogenousColumns, h: h.matrix, names: h.names, exogenous: data.x,
                                                    weakAdvice: "consider more lags (wLags) or ML")
        let k = kx + endogenousColumns.count
        guard diagnostics.rank >= k else {
            throw .invalidArgument("\(diagnostics.rank) independent instruments for \(k) regressors: the model is not identified")
        }
        let names = data.xNames + endogenous.map(\.name) + ["rho"]
        let fit: FilteredTwoStageMoments
        do {
            fit = try FilteredTwoStageMoments(y: data.y, z: (0..<kx).map { data.x.column($0) } + endogenousColumns.map(\.values), names: names,
                                              h: h.matrix, weights: weights, weighting: weighting, clampLast: weighting == .heteroskedastic,
                                              maxIterations: maxIterations, tolerance: tolerance)
        } catch .numerical(let message) where message.hasPrefix("the instruments' cross-product") {
            let aliased = (try? LeastSquares(x: h.matrix, y: data.y).aliasedColumns) ?? []
            throw .collinear(aliased.isEmpty ? h.names : aliased.map { h.names[$0] })
        }
        let cov = fit.covariance
        let se = (0...k).map { cov[$0, $0] > 0 ? cov[$0, $0].squareRoot() : .nan }
        self.yName = data.yName
        self.n = n
        self.coefficients = (0..<(k - 1)).map { Coefficient(name: names[$0], estimate: fit.d[$0], stdError: se[$0]) }
        self.rhoEstimate = Coefficient(name: "rho", estimate: fit.d[k - 1], stdError: se[k - 1])
        self.lambdaEstimate = Coefficient(name: "lambda", estimate: fit.lambda, stdError: se[k])
        self.sigma2 = fit.sigma2
        self.covariance = cov
        self.instruments = h.names
        self.wLags = wLags
        self.iterations = fit.iterations
        self.maxIterations = maxIterations
        self.residuals = fit.u
        self.pseudoRSquared = GoodnessOfFit.squaredCorrelation(data.y, zip(data.y, fit.u).map { $0 - $1 })
        self.weighting = weighting
        self.endogenous = endogenous.map(\.name)
        self.firstStages = diagnostics.firstStages
        self.overidentification = InstrumentDiagnostics.overidentification(fit.e, h: h.matrix, robust: weighting == .heteroskedastic,
                                                                           df: diagnostics.rank - k)
        self.warnings = diagnostics.warnings + fit.warnings
        self.weightsUsed = weights
    }
}

extension GeneralizedSpatialTwoStageLeastSquares: SpatialFit, SpatialEffectsSource {
    /// ``SpatialModel/sac``.
    public var fittedModel: SpatialModel? { .sac }
    /// The spatial lag parameter rho.
    public var rho: Coefficient? { rhoEstimate }
    /// The spatial error parameter lambda.
    public var lambda: Coefficient? { lambdaEstimate }
    /// `nan`: a GMM fit maximises no likelihood.
    public var logLikelihood: Double { .nan }
    /// `nan`: no likelihood, no AIC.
    public var aic: Double { .nan }
    /// ``EstimationMethod/gmm``.
    public var estimationMethod: EstimationMethod { .gmm }
    /// `nan`: no likelihood, no BIC.
    public var bic: Double { .nan }
    /// How the standard errors were computed.
    public var standardErrors: String {
        (isHomoskedastic ? "GS2SLS homoskedastic (Drukker, Egger & Prucha 2013)" : "GS2SLS heteroskedasticity-robust (Arraiz et al. 2010)")
            + "; instruments \(instruments.joined(separator: ", "))"
    }
    /// Whether the homoskedastic moments were used (`weighting` `nil`, from older JSON, is heteroskedastic).
    var isHomoskedastic: Bool { weighting == .homoskedastic }
    /// Always false: no likelihood interval is imposed.
    public var atBound: Bool { false }
    /// `nil`: no log-determinant is used.
    public var logDeterminantName: String? { nil }
    /// `nil`: no log-determinant is used.
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { nil }
    /// `nil`: no bound is imposed.
    public var boundary: BoundaryHit? { nil }
    /// `nil`: effects choose one from W when they need traces.
    public var logDeterminantUsed: (any LogDeterminant)? { nil }
    /// spreg's pseudo R^2, `corr(y, Z d)^2`.
    public var rSquared: GoodnessOfFit? {
        GoodnessOfFit(value: pseudoRSquared, definition: "pseudo R^2 = corr(y, Z d)^2, Z d = X b + rho W y (spreg pr2)")
    }
    /// The number of units, n.
    public var unitCount: Int { n }
}

extension GeneralizedSpatialTwoStageLeastSquares {
    /// The paper table: coefficients, rho and lambda, then the instruments, moments and covariance.
    public var table: Table {
        let kind = isHomoskedastic ? "homoskedastic" : "heteroskedastic"
        var t = coefficientTable(title: "GS2SLS, SAC, \(kind) moments: \(yName)", coefficients: coefficients,
                                 spatial: [rhoEstimate, lambdaEstimate], durbin: false, statistic: "z")
        let moments = isHomoskedastic ? "Drukker, Egger & Prucha (2013): A1 = [W'W - tr(W'W)/n I] / (1 + (tr(W'W)/n)^2), A2 = (W + W')/2"
            : "Arraiz et al. (2010): A1 = W'W - diag(W'W), A2 = W"
        let covarianceNote = isHomoskedastic ? "homoskedastic (Drukker, Egger & Prucha 2013)" : "heteroskedasticity-robust (Arraiz et al. 2010)"
        t.notes = ["n = \(n); instruments (\(instruments.count)): \(instruments.joined(separator: ", "))",
                   "moments of \(moments); \(iterations) weighted step(s) (at most \(maxIterations))",
                   "Standard errors: \(covarianceNote), full covariance of (b, rho, lambda)",
                   "sigma^2 = \(Format.fixed(sigma2, 6)); pseudo R^2 = \(Format.fixed(pseudoRSquared, 4))"]
            + InstrumentDiagnostics.notes(endogenous: endogenous ?? [], firstStages: firstStages ?? [], overidentification: overidentification)
            + [Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table as text (``table``).
    public var summary: String { table.text }
}
