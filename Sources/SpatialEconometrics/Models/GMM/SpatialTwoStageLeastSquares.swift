import Foundation

/// Spatial two-stage least squares (S2SLS) for the spatial lag (SAR) and spatial Durbin (SDM) models
/// (Kelejian & Prucha 1998; Anselin 1988, ch. 7): no normality, no log-determinant.
///
/// The model `y = rho W y + X b (+ W X theta) + e` has the endogenous regressor `W y`. With
/// `Z = [X, (W X,) W y]` and the instruments `H` (``InstrumentSet``): SAR `H = [X, W X, ..., W^q X]`, q = `wLags`
/// (spreg's `w_lags`, default 1); SDM `H = [X, W X, W^2 X, ..., W^(1+q) X]` (W X are its regressors, so the
/// excluded instruments start at W^2 X: spreg's `GM_Lag(slx_lags = 1)`; spatialreg's `stsls(W2X = TRUE)` is the
/// SAR with q = 2). The constant is never lagged. The estimator solves the moment conditions `H'(y - Z d) = 0` in
/// the least-squares sense,
///
/// `d = (Zhat'Z)^-1 Zhat'y = (Zhat'Zhat)^-1 Zhat'y`, `Zhat = P_H Z`, `P_H = H (H'H)^-1 H'`,
///
/// computed as two least-squares fits by pivoted QR (``LeastSquares``): `W y` on H (the first stage; H's exogenous
/// columns project on themselves), then y on `[X, (W X,) W y_hat]`. The residuals are the structural
/// `u = y - Z d` (with the observed W y). The covariance is ``TwoStageCovariance``: classical
/// `sigma^2 (Zhat'Zhat)^-1` with `sigma^2 = u'u / n` (or `u'u / (n - k)`, k = columns of Z, with
/// `degreesOfFreedomCorrection`), White's sandwich `(Zhat'Zhat)^-1 Zhat' diag(u^2) Zhat (Zhat'Zhat)^-1`, or the
/// spatial HAC `(Zhat'Zhat)^-1 Zhat' diag(u) K diag(u) Zhat (Zhat'Zhat)^-1` (Kelejian & Prucha 2007; ``SpatialHAC``)
/// with the kernel weights K given as `hacKernel` (spreg's `robust = "hac", gwk = K`).
///
/// Also reported: the first-stage F of the excluded instruments for W y (regression of W y on H against W y on
/// the exogenous regressors; a weak-instrument check: below 10, Staiger & Stock's rule of thumb, the fit warns) and spreg's pseudo
/// R^2 `corr(y, Z d)^2`. Effects (direct, indirect, total) come from ``ImpactMeasures`` with this covariance
/// (the type is a ``SpatialEffectsSource``); ``SpatialFit`` conformance gives `Table.coefficients(of:)` and
/// `Table.sideBySide`, whose log-likelihood and AIC are `nan` (a GMM fit has none).
///
/// Equal to spreg 1.9's `GM_Lag` and spatialreg's `stsls` (Tests/…/Fixtures/reference: `py/gmm_lag.json`,
/// `r/gmm_stsls.json`).
///
/// ```swift
/// let s2sls = try SpatialTwoStageLeastSquares(.sar, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w,
///                                              covariance: .white)
/// print(s2sls.summary)
/// let effects = try ImpactMeasures(s2sls, inference: .delta)
/// ```
///
/// - Complexity: O(nnz(W) k q + n l^2) for l instruments; no n x n matrix at any size.
/// - References: Kelejian, H. H. & Prucha, I. R. (1998), "A generalized spatial two-stage least squares procedure
///   for estimating a spatial autoregressive model with autoregressive disturbances", *Journal of Real Estate Finance
///   and Economics* 17(1), 99–121. Anselin, L. (1988), *Spatial Econometrics: Methods and Models*, Kluwer, ch. 7.
///   White, H. (1980), *Econometrica* 48(4), 817–838.
public struct SpatialTwoStageLeastSquares: Sendable, Codable {
    /// The model fitted: ``SpatialModel/sar`` or ``SpatialModel/sdm``.
    public let model: SpatialModel
    /// The response's name.
    public let yName: String
    /// The number of observations (units).
    public let n: Int
    /// beta, then theta (`W_<x>`) for the SDM, with z tests (normal p-values).
    public let coefficients: [Coefficient]
    /// The spatial lag parameter rho with its standard error.
    public let rhoEstimate: Coefficient
    /// `u'u / n`, or `u'u / (n - k)` with the degrees-of-freedom correction.
    public let sigma2: Double
    /// Covariance of (coefficients..., rho).
    public let covariance: Matrix
    /// Which covariance was computed.
    public let covarianceMethod: TwoStageCovariance
    /// With the HAC covariance, the kernel used (``SpatialHAC/label``, or "kernel weights given by the caller").
    public let hacKernel: String?
    /// Whether `sigma^2` divides by `n - k` (spreg's `sig2n_k`, spatialreg's `stsls`) instead of n.
    public let degreesOfFreedomCorrection: Bool
    /// The number of spatial-lag orders in the instruments beyond the regressors (spreg's `w_lags`).
    public let wLags: Int
    /// The instruments' names (H), exogenous regressors first.
    public let instruments: [String]
    /// The first-stage F test of the excluded instruments for `W y` (df: excluded instruments, n - columns of H).
    public let firstStage: TestResult
    /// The first-stage F tests of every endogenous regressor, W y last. Optional so that older JSON decodes.
    public let firstStages: [TestResult]?
    /// The over-identification test when there are more instruments than regressors: Sargan's `n u'P_H u / u'u`
    /// (classical covariance) or Hansen's J `(H'u)'(H' diag(u^2) H)^-1 (H'u)` (White), chi^2 with
    /// (instruments - regressors) degrees of freedom.
    public let overidentification: TestResult?
    /// The further endogenous regressors (instrumented by the external instruments), in coefficient order.
    public let endogenous: [String]?
    /// Anselin & Kelejian's (1997) test of remaining spatial error autocorrelation after IV:
    /// `AK = n I^2 / phi^2` ~ chi^2(1), `I = n u'W u / (S0 u'u)`,
    /// `phi^2 = [tr((W' + W) W) + 4 (u'W Z)(Zhat'Zhat)^-1(Z'W'u) / (u'u/n)] / (n (S0/n)^2)` (spreg's `ak_test`).
    /// Optional so that JSON written before it existed still decodes.
    public let anselinKelejian: TestResult?
    /// The structural residuals `u = y - Z d`, in the weights' unit order.
    public let residuals: [Double]
    /// spreg's pseudo R^2, `corr(y, Z d)^2`.
    public let pseudoRSquared: Double
    /// Warnings (weak instruments: first-stage F below 10; aliased instruments; rho outside (-1, 1) for row-standardised
    /// W; essentially perfect fit).
    public let warnings: [String]
    /// The weights the model was fitted with (not encoded: a decoded fit has `nil`, and effects take W again).
    public private(set) var weightsUsed: SpatialWeights? = nil

    enum CodingKeys: String, CodingKey {
        case model, yName = "y", n, coefficients, rhoEstimate = "rho", sigma2, covariance, covarianceMethod = "covariance_method"
        case hacKernel = "hac_kernel", degreesOfFreedomCorrection = "df_correction", wLags = "w_lags", instruments, firstStage = "first_stage", firstStages = "first_stages", overidentification, endogenous, anselinKelejian = "anselin_kelejian", residuals
        case pseudoRSquared = "pseudo_r_squared", warnings
    }

    /// Fits `model` (SAR or SDM) to columns of a table by S2SLS, named as the ML fits name them: `y` on `x` (an
    /// intercept first unless `intercept` is false; their lags are added for the SDM), row i of `data` being unit i
    /// of `weights` (``PairedData`` matches them by id).
    ///
    /// `endogenous` names further endogenous regressors, instrumented by the external `instruments` and their spatial
    /// lags (spreg's `GM_Lag(yend=, q=, lag_q=True)`: SAR `H = [X, Q, W X, W Q, ...]`, SDM `H = [X, W X, Q, W^2 X, W Q, ...]`).
    public init(_ model: SpatialModel, data: DataTable, y: String, x: [String], weights: SpatialWeights, intercept: Bool = true,
                endogenous: [String] = [], instruments: [String] = [],
                wLags: Int = 1, covariance: TwoStageCovariance = .classical, degreesOfFreedomCorrection: Bool = false,
                hacKernel: SpatialWeights? = nil, hacLabel: String? = nil) throws(ModelError) {
        let endogenousColumns: [(name: String, values: [Double])], instrumentColumns: [(name: String, values: [Double])]
        do {
            endogenousColumns = try endogenous.map { name throws(DataError) in (data.resultName(name), try data.numbers(name)) }
            instrumentColumns = try instruments.map { name throws(DataError) in (data.resultName(name), try data.numbers(name)) }
        } catch { throw .data(error) }
        try self.init(model, data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights,
                      endogenous: endogenousColumns, instruments: instrumentColumns, wLags: wLags,
                      covariance: covariance, degreesOfFreedomCorrection: degreesOfFreedomCorrection, hacKernel: hacKernel, hacLabel: hacLabel)
    }

    /// Fits `model` (SAR or SDM) to `data` (regressors without spatial lags: they are added for the SDM).
    ///
    /// - Throws: ``ModelError/invalidArgument(_:)`` for another model, `wLags` outside 1...10 or no regressor to
    ///   lag; ``ModelError/sizeMismatch(_:)`` when W and the data differ in size; ``ModelError/constantResponse(variable:effects:)``
    ///   for a constant y; ``ModelError/collinear(_:)`` naming collinear regressors (W y included); and
    ///   ``ModelError/invalidArgument(_:)`` when there are not more observations than instruments.
    ///
    /// `endogenous` are further endogenous regressors (their coefficients follow X's and W X's), `instruments` the
    /// external instruments: at least as many as the endogenous regressors.
    ///
    /// `covariance: .hac` needs `hacKernel`, the kernel weights over the same units in the same order (diagonal 1,
    /// off-diagonal weights in [0, 1]; ``SpatialHAC/kernelWeights(points:ids:metric:)`` builds them from coordinates),
    /// and `hacLabel` describes them in the summary. The over-identification test is then Hansen's J with the HAC
    /// weighting `(H'u)'(H' diag(u) K diag(u) H)^-1 (H'u)`.
    public init(_ model: SpatialModel, data: RegressionData, weights: SpatialWeights,
                endogenous: [(name: String, values: [Double])] = [], instruments external: [(name: String, values: [Double])] = [],
                wLags: Int = 1, covariance: TwoStageCovariance = .classical, degreesOfFreedomCorrection: Bool = false,
                hacKernel: SpatialWeights? = nil, hacLabel: String? = nil) throws(ModelError) {
        guard model == .sar || model == .sdm else {
            throw .invalidArgument("spatial two-stage least squares fits the SAR and the SDM, not the \(model.rawValue.uppercased())")
        }
        guard (1...10).contains(wLags) else { throw .invalidArgument("wLags = \(wLags): the instrument lags must be 1...10") }
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        if ResponseCheck.isConstant(data.y) { throw .constantResponse(variable: data.yName) }
        switch (covariance, hacKernel) {
        case (.hac, nil): throw .invalidArgument("the HAC covariance needs the kernel weights (hacKernel; SpatialHAC.kernelWeights builds them from coordinates)")
        case (.hac, let kernel?): try SpatialHAC.validate(kernel, ids: weights.ids)
        case (_, .some): throw .invalidArgument("kernel weights were given but the covariance is \(covariance.rawValue): ask for covariance: .hac")
        default: break
        }
        guard external.count >= endogenous.count else {
            throw .invalidArgument("\(endogenous.count) endogenous regressors need at least as many external instruments, not \(external.count)")
        }
        for column in endogenous + external where column.values.count != data.n {
            throw .sizeMismatch("'\(column.name)' has \(column.values.count) values, \(data.n) observations")
        }
        let design = model == .sdm ? try data.withSpatialLags(weights) : data
        let h = try Self.instruments(model, data: data, design: design, external: external, weights: weights, wLags: wLags)
        let n = data.n, kx = design.k
        guard n > h.matrix.columns + 1 else {
            throw .invalidArgument("\(n) observations for \(h.matrix.columns) instruments: two-stage least squares needs more observations than instruments")
        }
        let wy: [Double]
        do { wy = try weights.lag(data.y) } catch { throw .sizeMismatch(error.description) }
        var warnings = [String]()
        // First stages: each endogenous regressor (W y last) on H; and on the exogenous regressors alone, for the F of the
        // excluded instruments.
        let endogenousColumns = endogenous + [(name: "W_\(data.yName)", values: wy)]
        let diagnostics = try InstrumentDiagnostics(endogenous: endogenousColumns, h: h.matrix, names: h.names, exogenous: design.x,
                                                    weakAdvice: "consider more lags (wLags) or ML")
        warnings += diagnostics.warnings
        let fitted = diagnostics.fitted, firstStages = diagnostics.firstStages, hRank = diagnostics.rank
        let firstStage = firstStages[firstStages.count - 1]
        // Second stage: y on [X, (W X,) endogenous_hat, W y_hat].
        let names = design.xNames + endogenous.map(\.name) + ["rho"]
        var zColumns = (0..<kx).map { design.x.column($0) }
        let zHat: Matrix, z: Matrix
        do {
            zHat = try Matrix(columnArrays: zColumns + fitted)
            zColumns += endogenousColumns.map(\.values)
            z = try Matrix(columnArrays: zColumns)
        } catch { throw .numerical("second stage: \(error)") }
        guard hRank >= kx + endogenousColumns.count else {
            throw .invalidArgument("\(hRank) independent instruments for \(kx + endogenousColumns.count) regressors: the model is not identified")
        }
        let stage2: LeastSquares
        do { stage2 = try LeastSquares(x: zHat, y: data.y) } catch { throw .numerical("second stage: \(error)") }
        guard stage2.aliasedColumns.isEmpty else {
            throw .collinear(stage2.aliasedColumns.map { $0 >= kx ? "\(names[$0]) (instrumented)" : names[$0] })
        }
        let d = stage2.coefficients, k = d.count
        let zd: [Double]
        do { zd = try z.multiply(d) } catch { throw .numerical("fitted values: \(error)") }
        let u = zip(data.y, zd).map { $0 - $1 }
        let sse = u.reduce(0) { $0 + $1 * $1 }
        let mean = data.y.reduce(0, +) / Double(n)
        if ResponseCheck.isPerfectFit(sse: sse, tss: data.y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }) {
            warnings.append("essentially perfect fit: the standard errors may be unreliable")
        }
        let s2 = sse / Double(degreesOfFreedomCorrection ? n - k : n)
        let a = stage2.unscaledCovariance
        var cov: Matrix
        switch covariance {
        case .classical:
            cov = s2 * a
        case .white:
            // A (Zhat' diag(u^2) Zhat) A.
            var meat = Matrix(rows: k, columns: k)
            for i in 0..<n {
                let w = u[i] * u[i]
                for r in 0..<k { let zr = zHat[i, r] * w; for c in r..<k { meat[r, c] += zr * zHat[i, c] } }
            }
            for r in 0..<k { for c in 0..<r { meat[r, c] = meat[c, r] } }
            do { cov = try a * meat * a } catch { throw .numerical("White covariance: \(error)") }
            for r in 0..<k { for c in 0..<r { let m = 0.5 * (cov[r, c] + cov[c, r]); cov[r, c] = m; cov[c, r] = m } }
        case .hac:
            // A (Zhat' diag(u) K diag(u) Zhat) A, K symmetrised (Kelejian & Prucha 2007).
            guard let kernel = hacKernel else { throw .invalidArgument("the HAC covariance needs the kernel weights") }
            let meat = try SpatialHAC.meat(zHat, residuals: u, kernel: kernel)
            do { cov = try a * meat * a } catch { throw .numerical("HAC covariance: \(error)") }
            for r in 0..<k { for c in 0..<r { let m = 0.5 * (cov[r, c] + cov[c, r]); cov[r, c] = m; cov[c, r] = m } }
        }
        let se = (0..<k).map { cov[$0, $0] > 0 ? cov[$0, $0].squareRoot() : .nan }
        let kr = k - 1
        let coefficients = (0..<kr).map { Coefficient(name: names[$0], estimate: d[$0], stdError: se[$0]) }
        let rho = Coefficient(name: "rho", estimate: d[kr], stdError: se[kr])
        // Over-identification: Sargan (classical) n u'P_H u / u'u, or Hansen's J (White) (H'u)'(H' diag(u^2) H)^-1 (H'u).
        let overidentification = InstrumentDiagnostics.overidentification(u, h: h.matrix, robust: covariance == .white, df: hRank - k,
                                                                          hacKernel: covariance == .hac ? hacKernel : nil)
        if weights.isRowStochastic && abs(rho.estimate) >= 1 {
            warnings.append("rho = \(rho.estimate) lies outside (-1, 1): I - rho W may be singular and the effects are not defined")
        }
        self.model = model
        self.yName = data.yName
        self.n = n
        self.coefficients = coefficients
        self.rhoEstimate = rho
        self.sigma2 = s2
        self.covariance = cov
        self.covarianceMethod = covariance
        self.hacKernel = covariance == .hac ? (hacLabel ?? "kernel weights given by the caller") : nil
        self.degreesOfFreedomCorrection = degreesOfFreedomCorrection
        self.wLags = wLags
        self.instruments = h.names
        self.firstStage = firstStage
        self.firstStages = firstStages
        self.overidentification = overidentification
        self.endogenous = endogenous.map(\.name)
        self.anselinKelejian = try Self.anselinKelejianTest(u: u, z: z, unscaled: a, weights: weights)
        self.residuals = u
        self.pseudoRSquared = GoodnessOfFit.squaredCorrelation(data.y, zd)
        self.warnings = warnings
        self.weightsUsed = weights
    }
}

extension SpatialTwoStageLeastSquares {
    /// The S2SLS instruments: SAR `[X, W X, ..., W^q X]`, SDM `[X, W X, W^2 X, ..., W^(1+q) X]`; with external
    /// instruments Q their lags too, from W^1 (spreg's `lag_q = True`): SAR `[X, Q, W X, W Q, ...]`, SDM
    /// `[X, W X, Q, W^2 X, W Q, ...]`. spreg 1.9's `GM_Lag(yend=, q=, slx_lags=1)` lags X from W^3 instead (its
    /// `set_endog` lags the W^2 X block once more) while naming the columns W2_x: Docs/Regression.md.
    static func instruments(_ model: SpatialModel, data: RegressionData, design: RegressionData,
                            external: [(name: String, values: [Double])], weights: SpatialWeights, wLags: Int) throws(ModelError) -> InstrumentSet {
        let first = model == .sdm ? 2 : 1
        guard !external.isEmpty else {
            return try InstrumentSet(spatialLagsOf: design, base: data, weights: weights, powers: first...(first + wLags - 1))
        }
        var columns = [(name: String, values: [Double])]()
        for (j, name) in design.xNames.enumerated() where !(design.hasIntercept && j == 0) { columns.append((name, design.x.column(j))) }
        let withExternal = try RegressionData(y: data.y, yName: data.yName, columns: columns + external, intercept: design.hasIntercept)
        if model == .sar {
            return try InstrumentSet(spatialLagsOf: withExternal, base: withExternal, weights: weights, powers: 1...wLags)
        }
        return try InstrumentSet(spatialLagsOf: withExternal, base: data, weights: weights, powers: first...(first + wLags - 1))
            .appendingLags(of: external, weights: weights, powers: 1...wLags)
    }

    /// Anselin & Kelejian (1997), the general case with a spatial lag (spreg's `akTest`).
    static func anselinKelejianTest(u: [Double], z: Matrix, unscaled a: Matrix, weights: SpatialWeights) throws(ModelError) -> TestResult {
        let w = weights.matrix, n = Double(u.count)
        var entries = [[Int: Double]](repeating: [:], count: w.rows)
        var s0 = 0.0
        for i in 0..<w.rows { for (j, v) in w.row(i) { entries[i][j, default: 0] += v; s0 += v } }
        // tr((W' + W) W) = sum_ij w_ij^2 + sum_ij w_ij w_ji.
        var t = 0.0
        for i in 0..<w.rows { for (j, v) in entries[i] { t += v * v + v * (entries[j][i] ?? 0) } }
        let wu: [Double], wtu: [Double]
        do { wu = try w.multiply(u); wtu = try w.multiplyTransposed(u) } catch { throw .numerical("W u: \(error)") }
        let uu = u.reduce(0) { $0 + $1 * $1 }
        let moran = n * zip(u, wu).reduce(0) { $0 + $1.0 * $1.1 } / (s0 * uu)
        let e = (0..<z.columns).map { j in zip(wtu, z.column(j)).reduce(0) { $0 + $1.0 * $1.1 } }
        var quadratic = 0.0
        for r in 0..<e.count { for c in 0..<e.count { quadratic += e[r] * a[r, c] * e[c] } }
        let phi2 = (t + 4 / (uu / n) * quadratic) / ((s0 / n) * (s0 / n) * n)
        return TestResult.chiSquared("Anselin-Kelejian", n * moran * moran / phi2, df: 1)
    }
}

extension SpatialTwoStageLeastSquares: SpatialFit, SpatialEffectsSource {
    /// The model fitted (SAR or SDM).
    public var fittedModel: SpatialModel? { model }
    /// The spatial lag parameter rho.
    public var rho: Coefficient? { rhoEstimate }
    /// `nil`: the lag models have no spatial error.
    public var lambda: Coefficient? { nil }
    /// `nan`: a GMM fit maximises no likelihood.
    public var logLikelihood: Double { .nan }
    /// `nan`: no likelihood, no AIC.
    public var aic: Double { .nan }
    /// ``EstimationMethod/gmm``.
    public var estimationMethod: EstimationMethod { .gmm }
    /// `nan`: no likelihood, no BIC.
    public var bic: Double { .nan }
    /// How the standard errors were computed, with the instruments.
    public var standardErrors: String {
        return "S2SLS \(covarianceText); instruments \(instruments.joined(separator: ", "))"
    }
    /// Always false: S2SLS does not restrict rho to an interval.
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

extension SpatialTwoStageLeastSquares {
    /// The paper table: coefficients (Main/Wx blocks for the SDM), rho, then the instruments, the covariance, sigma^2,
    /// the first-stage F and the pseudo R^2.
    public var table: Table {
        let title = "Spatial two-stage least squares, \(model.rawValue.uppercased()): \(yName)"
        var t = coefficientTable(title: title, coefficients: coefficients, spatial: [rhoEstimate], durbin: model.hasDurbin, statistic: "z")
        t.notes = ["n = \(n); instruments (\(instruments.count)): \(instruments.joined(separator: ", "))",
                   "Standard errors: " + covarianceText,
                   "sigma^2 = \(Format.fixed(sigma2, 6)); pseudo R^2 = \(Format.fixed(pseudoRSquared, 4))",
                   "\(firstStage.name) = \(Format.fixed(firstStage.statistic, 3)) on (\(Int(firstStage.df)), \(Int(firstStage.df2 ?? 0))) df, p = \(Format.pValue(firstStage.pValue))"]
            + ((endogenous ?? []).isEmpty ? [] : ["endogenous regressors (instrumented with W y): \((endogenous ?? []).joined(separator: ", "))"])
            + (firstStages ?? []).dropLast().map { "\($0.name) = \(Format.fixed($0.statistic, 3)) on (\(Int($0.df)), \(Int($0.df2 ?? 0))) df, p = \(Format.pValue($0.pValue))" }
            + (overidentification.map { ["\($0.name) over-identification test: \(Format.fixed($0.statistic, 4)) ~ chi2(\(Int($0.df))), p = \(Format.pValue($0.pValue))"] } ?? [])
            + (anselinKelejian.map { ["Anselin-Kelejian test of remaining spatial error correlation: \(Format.fixed($0.statistic, 4)) ~ chi2(1), p = \(Format.pValue($0.pValue))"] } ?? [])
            + [
                   Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table as text (``table``).
    public var summary: String { table.text }

    /// The covariance in words: classical with its sigma^2, White, or HAC with its kernel.
    var covarianceText: String {
        switch covarianceMethod {
        case .classical: return "classical, sigma^2 = u'u/" + (degreesOfFreedomCorrection ? "(n - k)" : "n")
        case .white: return "White heteroskedasticity-robust (HC0)"
        case .hac: return "spatial HAC (Kelejian & Prucha 2007), \(hacKernel ?? "kernel weights given by the caller")"
        }
    }
}
