import Foundation

/// How a non-spatial linear panel model is estimated.
public enum PanelLinearEstimator: Sendable, Codable, Equatable {
    /// Pooled OLS with an intercept.
    case pooling
    /// The within (fixed-effects) estimator: OLS on the demeaned data.
    case within(PanelEffects)
    /// Random individual effects by feasible GLS with the Swamy & Arora (1972) variance components.
    case random
}

/// Non-spatial linear panel models, as R's `plm` (Croissant & Millo 2008; Baltagi 2021, ch. 2): the baseline the
/// spatial models are compared with, and the classic Hausman test.
///
/// - Within: `b = (X~'X~)^-1 X~'y~` on the data demeaned by unit, by period or both; `s^2 = SSR / (NT - N - k)`
///   (individual), `(NT - T - k)` (time) or `(NT - N - T + 1 - k)` (two-way); `V = s^2 (X~'X~)^-1`. The effects are
///   reported as levels (plm's `fixef(type = "level")`).
/// - Random (Swamy–Arora): `sigma_e^2 = SSR_within / (NT - N - k)`, `sigma_1^2 = T SSR_between / (N - k - 1)` from
///   the regression of unit means on unit means, `sigma_mu^2 = (sigma_1^2 - sigma_e^2) / T`,
///   `theta = 1 - sqrt(sigma_e^2 / sigma_1^2)`, then OLS of `y - theta ybar_i` on `X - theta xbar_i` (intercept
///   `1 - theta`), `V = s^2 (X*'X*)^-1` with `s^2 = SSR* / (NT - k - 1)`.
///
/// R² is `1 - SSR / TSS` of the estimated (transformed) regression, adjusted with `(NT - 1) / df`.
///
/// A y that is constant (within: after removing the effects), up to 1e-12 of the mean magnitude of y, throws
/// ``ModelError/constantResponse(variable:effects:)``. An essentially perfect fit (`SSR <= 1e-12 TSS`) is returned
/// with a warning, as R's `lm`; the random-effects estimator refuses it (``ModelError/perfectFit``), since a zero
/// idiosyncratic variance leaves theta undefined.
public struct PanelLinearRegression: Sendable, Codable {
    /// The estimator (pooling, within with its effects, or random).
    public let estimator: PanelLinearEstimator
    /// The response's name.
    public let yName: String
    /// The number of units N.
    public let n: Int
    /// The number of periods T.
    public let t: Int
    /// The coefficients, with t tests on ``residualDegreesOfFreedom`` degrees of freedom (normal tests for random
    /// effects, as plm); the within estimators have no intercept.
    public let coefficients: [Coefficient]
    /// `V = s^2 (X'X)^-1` of the estimated (transformed) regression, in the order of ``coefficients``.
    public let covariance: Matrix
    /// `s^2 = SSR / df`, df = ``residualDegreesOfFreedom``.
    public let sigma2: Double
    /// The residual degrees of freedom (NT - N - k for the individual within estimator; see the type's formulas).
    public let residualDegreesOfFreedom: Int
    /// The sum of squared residuals of the estimated (transformed) regression.
    public let ssr: Double
    /// `R^2 = 1 - SSR / TSS` of the estimated (transformed) regression.
    public let rSquared: Double
    /// `1 - (1 - R^2)(NT - 1)/df`.
    public let adjustedRSquared: Double
    /// Unit effects as levels, `ybar_i - xbar_i b` (within estimators with individual effects). In the two-way model
    /// the levels of the dummy-variable form whose reference is the first period: `ybar_i - xbar_i b + d_1`, with
    /// `d_1` the first period's mean residual minus the grand mean (plm's `fixef(type = "level")`).
    public let individualEffects: [String: Double]?
    /// Period effects as levels, `ybar_t - xbar_t b` (two-way: plus the first unit's mean residual minus the grand
    /// mean, the first unit being the reference).
    public let timeEffects: [String: Double]?
    /// Random effects: `sigma_e^2`, `sigma_mu^2` and `theta`.
    public let varianceComponents: VarianceComponents?
    /// Warnings about the fit (an essentially perfect fit).
    public var warnings: [String] { storedWarnings ?? [] }
    /// Optional in storage so that JSON written before the field existed still decodes.
    let storedWarnings: [String]?

    /// The variance components of the Swamy–Arora random-effects estimator: the idiosyncratic variance `sigma_e^2`
    /// (from the within regression), the individual variance `sigma_mu^2` (from the between regression) and `theta =
    /// 1 - sqrt(sigma_e^2 / (sigma_e^2 + T sigma_mu^2))`, the quasi-demeaning weight.
    public struct VarianceComponents: Sendable, Codable, Equatable {
        /// `sigma_e^2 = SSR_within / (NT - N - k)`.
        public let idiosyncratic: Double
        /// `sigma_mu^2 = (sigma_1^2 - sigma_e^2) / T`.
        public let individual: Double
        /// `theta = 1 - sqrt(sigma_e^2 / sigma_1^2)`, `sigma_1^2 = T SSR_between / (N - k - 1)`.
        public let theta: Double
    }

    enum CodingKeys: String, CodingKey {
        case estimator, yName = "y", n, t, coefficients, covariance, sigma2, residualDegreesOfFreedom = "df_residual", ssr
        case rSquared = "r_squared", adjustedRSquared = "adj_r_squared", individualEffects = "individual_effects", timeEffects = "time_effects"
        case varianceComponents = "variance_components", storedWarnings = "warnings"
    }

    /// Fits `y` on `x` (column names or expressions) of `panel` with plm's `estimator`: pooled OLS, the within
    /// (fixed-effects) regression or Swamy–Arora random effects.
    /// - Throws: ``ModelError`` for a non-numeric or non-finite cell, a constant response, collinear regressors, or
    ///   too few observations for the residual degrees of freedom.
    public init(_ estimator: PanelLinearEstimator, panel: Panel, y yName: String, x xNames: [String]) throws(ModelError) {
        let n = panel.unitCount, t = panel.periodCount, k = xNames.count
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let y = try column(yName)
        var raw = [[Double]]()
        for name in xNames { raw.append(try column(name)) }
        for (j, v) in ([y] + raw).enumerated() {
            if let i = v.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(variable: j == 0 ? yName : xNames[j - 1], observation: i) }
        }
        let magnitude = ResponseCheck.meanMagnitude(y)
        func fit(_ yv: [Double], _ cols: [[Double]], names: [String], df: Int) throws(ModelError) -> (LeastSquares, Matrix, Double) {
            guard df > 0 else { throw .invalidArgument("\(n * t) observations leave no residual degrees of freedom") }
            let xm: Matrix
            let ls: LeastSquares
            do { xm = try Matrix(columnArrays: cols); ls = try LeastSquares(x: xm, y: yv) } catch { throw .numerical("\(error)") }
            if !ls.aliasedColumns.isEmpty { throw .collinear(OrdinaryLeastSquares.dependentColumns(xm).map { names[$0] }) }
            let ssr = ls.residuals.reduce(0) { $0 + $1 * $1 }
            return (ls, xm, ssr)
        }
        func r2(_ yv: [Double], _ ssr: Double, df: Int) -> (Double, Double) {
            let mean = yv.reduce(0, +) / Double(yv.count)
            let tss = yv.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let r = 1 - ssr / tss
            return (r, 1 - (1 - r) * Double(n * t - 1) / Double(df))
        }
        let names: [String]
        let ls: LeastSquares
        let ssr: Double, df: Int
        var yUsed = y
        var effects: [String: Double]? = nil, periodEffects: [String: Double]? = nil
        var components: VarianceComponents? = nil
        switch estimator {
        case .pooling:
            if ResponseCheck.isConstant(y) { throw .constantResponse(variable: yName) }
            names = ["(Intercept)"] + xNames
            df = n * t - k - 1
            (ls, _, ssr) = try fit(y, [[Double](repeating: 1, count: n * t)] + raw, names: names, df: df)
        case .within(let fe):
            guard fe != .none else { throw .invalidArgument("within needs individual, time or twoways effects; use pooling") }
            names = xNames
            df = n * t - k - (fe.hasIndividual ? n : 0) - (fe.hasTime ? t : 0) + (fe == .twoways ? 1 : 0)
            let demean = { (v: [Double]) in PanelTransform.demean(v, n: n, t: t, effects: fe) }
            yUsed = demean(y)
            if ResponseCheck.isConstant(yUsed, reference: magnitude) { throw .constantResponse(variable: yName, effects: fe.rawValue) }
            (ls, _, ssr) = try fit(yUsed, raw.map(demean), names: xNames.map { "\($0) (after removing the \(fe.rawValue) effects)" }, df: df)
            // Levels as plm's fixef(type = "level"); two-way: the dummy-variable form with the first unit and period
            // as references.
            let res = (0..<(n * t)).map { o in y[o] - (0..<k).reduce(0.0) { $0 + raw[$1][o] * ls.coefficients[$1] } }
            let grand = res.reduce(0, +) / Double(n * t)
            let unitLevel = (0..<n).map { i in (0..<t).reduce(0.0) { $0 + res[$1 * n + i] } / Double(t) }
            let timeLevel = (0..<t).map { p in (0..<n).reduce(0.0) { $0 + res[p * n + $1] } / Double(n) }
            if fe.hasIndividual {
                let shift = fe == .twoways ? grand - timeLevel[0] : 0
                effects = Dictionary(uniqueKeysWithValues: (0..<n).map { (panel.units[$0], unitLevel[$0] - shift) })
            }
            if fe.hasTime {
                let shift = fe == .twoways ? grand - unitLevel[0] : 0
                periodEffects = Dictionary(uniqueKeysWithValues: (0..<t).map { (panel.periods[$0], timeLevel[$0] - shift) })
            }
        case .random:
            if ResponseCheck.isConstant(y) { throw .constantResponse(variable: yName) }
            let within = try PanelLinearRegression(.within(.individual), panel: panel, y: yName, x: xNames)
            guard within.warnings.isEmpty else { throw .perfectFit }
            let sigmaE = within.sigma2
            let unitMean = { (v: [Double]) in Array(PanelTransform.unitMeansRepeated(v, n: n, t: t).prefix(n)) }
            guard n > k + 1 else { throw .invalidArgument("\(n) units for \(k + 1) between-regression coefficients") }
            let (_, _, ssrBetween) = try fit(unitMean(y), [[Double](repeating: 1, count: n)] + raw.map(unitMean),
                                             names: ["(Intercept)"] + xNames.map { "mean of \($0)" }, df: n - k - 1)
            let sigma1 = Double(t) * ssrBetween / Double(n - k - 1)
            let sigmaMu = max((sigma1 - sigmaE) / Double(t), 0)
            let theta = 1 - (sigmaE / (Double(t) * sigmaMu + sigmaE)).squareRoot()
            components = VarianceComponents(idiosyncratic: sigmaE, individual: sigmaMu, theta: theta)
            let quasi = { (v: [Double]) in zip(v, PanelTransform.unitMeansRepeated(v, n: n, t: t)).map { $0 - theta * $1 } }
            names = ["(Intercept)"] + xNames
            df = n * t - k - 1
            yUsed = quasi(y)
            (ls, _, ssr) = try fit(yUsed, [[Double](repeating: 1 - theta, count: n * t)] + raw.map(quasi), names: names, df: df)
        }
        let s2 = ssr / Double(df)
        var cov = ls.unscaledCovariance
        for i in cov.elements.indices { cov.elements[i] *= s2 }
        let tDf: Double? = estimator == .random ? nil : Double(df)
        self.estimator = estimator; self.yName = yName; self.n = n; self.t = t
        coefficients = names.indices.map { Coefficient(name: names[$0], estimate: ls.coefficients[$0], stdError: cov[$0, $0].squareRoot(), tDegreesOfFreedom: tDf) }
        covariance = cov
        sigma2 = s2
        residualDegreesOfFreedom = df
        self.ssr = ssr
        (rSquared, adjustedRSquared) = r2(yUsed, ssr, df: df)
        let yMean = yUsed.reduce(0, +) / Double(yUsed.count)
        let tss = yUsed.reduce(0) { $0 + ($1 - yMean) * ($1 - yMean) }
        storedWarnings = ResponseCheck.isPerfectFit(sse: ssr, tss: tss) ? [OrdinaryLeastSquares.perfectFitWarning] : []
        individualEffects = effects
        timeEffects = periodEffects
        varianceComponents = components
    }
}
