import Foundation

/// Generalized-moments (GM) estimation of spatial panel models with fixed or random unit effects: Kapoor, Kelejian &
/// Prucha (2007) for the random-effects error model, Mutl & Pfaffermayr (2011) for the spatial lag with fixed or random
/// effects, as splm's `spgm(model = "within" | "random", lag =, spatial.error =, moments =, endog =, instruments =)`.
///
/// The model, per period t (balanced panel, W constant over time, rows matched to W by unit id):
/// `y_t = rho W y_t + X_t b + Y_t g + u_t`, `u_t = lambda W u_t + e_t`, `e_t = mu + v_t`, with `Y` optional endogenous
/// regressors instrumented by external instruments Q. (The package's names: rho the spatial lag, lambda the spatial
/// error; splm calls the lag lambda and the error rho.)
///
/// Steps (all products with W are per period, `(I_T kron W) v`; `Q0` the within transformation, `vbar_i` unit means):
/// 1. Initial residuals. `within`: OLS of `Q0 y` on `Q0 X` (error only), or 2SLS of `Q0 y` on `[Q0 X, Q0 Y, W Q0 y]`
///    with instruments `H = [Q0 X, Q0 Q, W Q0 X, W^2 Q0 X]` (lag, or endogenous regressors). `random`: pooled OLS
///    (error only); with the lag or endogenous regressors, the within 2SLS above and a between 2SLS of `ybar` on
///    `[1, Xbar, Ybar, W ybar]` with instruments `[1, Xbar, Qbar, W [1, Xbar], W^2 [1, Xbar]]` (the W terms with the
///    lag only).
/// 2. `(lambda, sigma_v^2)` from the three within moments of KKP (``PanelMomentConditions``); for `random`,
///    `sigma_1^2 = T sigma_mu^2 + sigma_v^2` from the between residuals, and with ``PanelMomentWeighting/weights`` or
///    ``PanelMomentWeighting/fullweights`` all six moments re-estimate `(lambda, sigma_v^2, sigma_1^2)`.
/// 3. Spatial Cochrane–Orcutt: `y* = y - lambda W y`, `X* = X - lambda W X` (and `W y*`, `Y*`), then `within`: `Q0`;
///    `random`: `v - theta vbar_i`, `theta = 1 - sigma_v / sigma_1` (feasible GLS, `sigma_v Omega^-1/2`).
///    Without a lag or endogenous regressors, OLS; otherwise 2SLS of the transformed y on the transformed `[X, Y, W y]`
///    with splm's instruments: within lag `H = [Q0 X, Q0 Q, W Q0 X, W^2 Q0 X]` (untransformed), within error with Y
///    `H = [Q0 X*, Q0 Q]`, random lag `H = [X**, 1, Q0 X, Xbar, Q0 Q, W Q0 X, W^2 Q0 X, Qbar, W [1, Xbar], W^2 [1, Xbar]]`,
///    random error with Y `H = [X**, Q0 Q, Qbar]`.
///
/// Random effects without a spatial error (the lag model, or endogenous regressors only) is splm's EC2SLS
/// (`ivsplm(method = "ec2sls")`, Baltagi 1981): within and between 2SLS give `sigma_v^2` and `sigma_1^2`, then 2SLS of
/// `Q y / sigma_v + P y / sigma_1` with instruments `[Q0 X, 1, Xbar, Q0 H, Hbar]`, `H` the external instruments and,
/// with the lag, `W [1, X]`, `W^2 [1, X]`; covariance `s^2 (Zp'Zp)^-1`, `s^2 = e'e/(NT - k)` of the transformed
/// residuals (details in `ErrorComponentsTwoStage`).
/// 4. Covariance (`covariance: .default`) `sigma_v^2 (Zp'Zp)^-1`, `Zp` the second-stage regressors (the transformed exogenous ones and the
///    fitted endogenous ones); splm's within error model without endogenous regressors reports OLS's
///    `e'e/(NT - k) (X*'X*)^-1` instead, and the lag model without spatial error `e'e/(NT - k) (Zp'Zp)^-1`; both are
///    reproduced. No standard error is given for lambda or the variances (splm neither).
///    `robust`, `cluster` (by unit) or `driscollKraay(lags:)` replace it by the sandwich
///    `(Zp'Zp)^-1 B (Zp'Zp)^-1` of the final stage's instrumented moment contributions `g_it = zp_it e_it`
///    (`e = y** - Z** d`, the transformed structural residuals; ``SandwichCovariance``, HC0 without small-sample
///    factors): Driscoll & Kraay (1998) sum them per period, `h_t = sum_i g_it`, and
///    `B = sum_t h_t h_t' + sum_{l=1..L} (1 - l/(L+1)) sum_{t>l} (h_t h_{t-l}' + h_{t-l} h_t')`. lambda and the
///    variances are treated as known (as splm's own covariance does).
///
/// The moments are minimised exactly (the variances concentrated out, a quartic in lambda), where splm runs `nlminb`;
/// lambda is searched on splm's interval [-0.999, 0.999] ([-0.999, 0.9999] for the within SARAR) and a bound hit is
/// flagged in ``warnings``.
///
/// ```swift
/// let fit = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: ["lpcap", "lpc", "lemp", "unemp"], weights: w,
///                                       effects: .random, lag: true, spatialError: true, moments: .fullweights)
/// print(fit.summary)
/// ```
/// - References: Kapoor, M., Kelejian, H. H. & Prucha, I. R. (2007), "Panel data models with spatially correlated
///   error components", *Journal of Econometrics* 140(1), 97–130. Mutl, J. & Pfaffermayr, M. (2011), "The Hausman test
///   in a Cliff and Ord panel model", *Econometrics Journal* 14(1), 48–76. Millo, G. & Piras, G. (2012), "splm: Spatial
///   panel data models in R", *Journal of Statistical Software* 47(1).
public struct PanelGeneralizedMoments: Sendable, Codable {
    /// Fixed (within) or random unit effects.
    public let effects: PanelGMEffects
    /// Whether the model has the spatial lag `rho W y`.
    public let hasLag: Bool
    /// Whether the model has the spatial error `u = lambda W u + e`.
    public let hasSpatialError: Bool
    /// The moments used for the error parameters (matters for `random` only).
    public let moments: PanelMomentWeighting
    /// The response's name.
    public let yName: String
    /// N, the number of units.
    public let n: Int
    /// T, the number of periods.
    public let t: Int
    /// The regression coefficients: the exogenous regressors (with an intercept for `random`), then the endogenous
    /// ones, with z tests.
    public let coefficients: [Coefficient]
    /// The spatial lag coefficient rho with its standard error (`nil` without a lag).
    public let rho: Coefficient?
    /// The spatial error parameter lambda (`nil` without a spatial error): a GM estimate without a standard error.
    public let lambdaEstimate: Double?
    /// `sigma_v^2`, the idiosyncratic variance from the moments, or from the within 2SLS for the random-effects EC2SLS
    /// (`nil` for the within estimators without a spatial error).
    public let sigmaV2: Double?
    /// `sigma_1^2 = sigma_v^2 + T sigma_mu^2` (random effects only; from the between 2SLS for the EC2SLS).
    public let sigma12: Double?
    /// `theta = 1 - sigma_v / sigma_1`, the GLS quasi-demeaning (random effects only).
    public let theta: Double?
    /// Covariance of (coefficients..., rho).
    public let covariance: Matrix
    /// The instruments of the final two-stage least squares (empty for OLS).
    public let instruments: [String]
    /// The endogenous regressors instrumented by external instruments.
    public let endogenous: [String]
    /// How the standard errors were computed.
    public let standardErrors: String
    /// Warnings (lambda at its bound, a variance held at zero).
    public let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case effects, hasLag = "lag", hasSpatialError = "spatial_error", moments, yName = "y", n, t, coefficients, rho, lambdaEstimate = "lambda"
        case sigmaV2 = "sigma2_v", sigma12 = "sigma2_1", theta, covariance, instruments, endogenous
        case standardErrors = "standard_errors", warnings
    }

    /// Fits the model to a balanced panel.
    /// - Parameters:
    ///   - panel: the data; its units are matched to `weights` by id.
    ///   - y: the response column; `x` the exogenous regressors (no intercept: `random` adds one).
    ///   - effects: `within` (fixed effects) or `random`.
    ///   - lag: include `rho W y`; `spatialError`: include `u = lambda W u + e` (at least one of them, or an endogenous regressor).
    ///   - moments: the error moments for `random` (splm's default `initial`).
    ///   - endogenous: endogenous regressors; `instruments`: their external instruments (at least as many).
    /// - Throws: ``ModelError/invalidArgument(_:)`` for nothing to estimate, fewer than 2 periods, too few
    ///   instruments, or (EC2SLS) no more units than between regressors; ``ModelError/sizeMismatch(_:)`` when the units do not match the weights;
    ///   ``ModelError/data(_:)`` naming a bad cell; ``ModelError/collinear(_:)``; ``ModelError/numerical(_:)``.
    public init(panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights, effects: PanelGMEffects = .within,
                lag: Bool = false, spatialError: Bool = true, moments: PanelMomentWeighting = .initial,
                endogenous endogenousNames: [String] = [], instruments instrumentNames: [String] = [],
                covariance vce: CovarianceEstimator = .default) throws(ModelError) {
        if case .hac = vce {
            throw .invalidArgument("vce hac is the cross-sectional GMM's spatial HAC; the panel GM takes default, robust, cluster or dkraay[:LAGS]")
        }
        let w = try weights.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount, nt = n * t
        guard t >= 2 else { throw .invalidArgument("the panel has \(t) period: GM panel estimation needs at least 2 periods") }
        guard lag || spatialError || !endogenousNames.isEmpty else {
            throw .invalidArgument("nothing to estimate by GM: ask for a spatial lag, a spatial error or endogenous regressors")
        }
        guard endogenousNames.isEmpty == instrumentNames.isEmpty, instrumentNames.count >= endogenousNames.count else {
            throw .invalidArgument("\(endogenousNames.count) endogenous regressors with \(instrumentNames.count) external instruments: "
                + "each endogenous regressor needs at least one instrument (and instruments need an endogenous regressor)")
        }
        if effects == .random && !spatialError && moments != .initial {
            throw .invalidArgument("moments \(moments.rawValue) chooses the spatial error's moments; random effects without a spatial error is "
                + "Baltagi's EC2SLS, which uses none: leave moments at initial or add the spatial error")
        }
        guard !xNames.isEmpty else { throw .invalidArgument("the GM panel fit needs at least one exogenous regressor (its spatial lags are the instruments)") }
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let y = try column(yName)
        var x = [[Double]]()
        for name in xNames { x.append(try column(name)) }
        var endog = [[Double]](), external = [[Double]]()
        for name in endogenousNames { endog.append(try column(name)) }
        for name in instrumentNames { external.append(try column(name)) }
        func lagT(_ v: [Double]) throws(ModelError) -> [Double] { try PanelTransform.lag(v, weights: w, t: t) }
        func within(_ v: [Double]) -> [Double] { PanelTransform.demean(v, n: n, t: t, effects: .individual) }
        func means(_ v: [Double]) -> [Double] { PanelTransform.unitMeansRepeated(v, n: n, t: t) }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        func lags(_ vs: [[Double]]) throws(ModelError) -> [[Double]] { var out = [[Double]](); for v in vs { out.append(try lagT(v)) }; return out }
        if ResponseCheck.isConstant(within(y), reference: ResponseCheck.meanMagnitude(y)) {
            throw .constantResponse(variable: yName, effects: "individual")
        }
        let traceWW = (0..<w.count).reduce(0.0) { s, i in w.matrix.row(i).reduce(s) { $0 + $1.value * $1.value } }
        var warnings = [String]()
        let regressorNames = (effects == .random ? ["(Intercept)"] : []) + xNames
        let fitted: TwoStage, covScale: Double, seLabel: String
        var lambdaHat: Double? = nil, sv: Double? = nil, s1: Double? = nil, thetaHat: Double? = nil
        var instrumentLabels = [String]()
        let xw = x.map(within), qw = external.map(within), ew = endog.map(within)
        for (j, c) in xw.enumerated() where effects == .within && ResponseCheck.isConstant(c, reference: ResponseCheck.meanMagnitude(x[j])) {
            throw .invalidArgument("'\(xNames[j])' does not vary over time within units: the within transformation removes it; drop it from x")
        }
        let wXw = try lags(xw), wwXw = try lags(wXw)
        let lagNames = xNames.map { "W_" + $0 } + xNames.map { "W2_" + $0 }
        switch effects {
        case .within:
            let yw = within(y)
            let endogA = ew + (lag ? [try lagT(yw)] : [])
            let hA = xw + qw + (lag ? wXw + wwXw : [])
            let first = try Self.twoStage(y: yw, endogenous: endogA, exogenous: xw, instruments: hA, names: endogenousNames + (lag ? ["W_" + yName] : []) + xNames)
            if !spatialError {
                fitted = first
                covScale = first.sse / Double(nt - first.zpColumns)
                seLabel = "2SLS of the within data, s^2 (Zp'Zp)^-1, s^2 = e'e/(NT - k) (splm's w2sls)"
                instrumentLabels = xNames + instrumentNames + (lag ? lagNames : [])
            } else {
                let u = first.residuals
                let ub = try lagT(u), ubb = try lagT(ub)
                let m = PanelMomentConditions.block(u: u, ub: ub, ubb: ubb, dot: dot, scale: 1 / Double(n * (t - 1)), traceWW: traceWW, n: n,
                                                    varianceColumns: 1, varianceIndex: 0)
                let hi = lag ? 0.9999 : 0.999
                let est = try m.minimise(weight: Self.identity(3), lo: -0.999, hi: hi)
                let l = est.lambda
                lambdaHat = l; sv = est.variances[0]
                if !est.atZero.isEmpty { warnings.append("sigma_v^2 is held at 0 (the moments' unconstrained minimum is negative)") }
                if abs(l) >= min(0.999, hi) - 1e-9 { warnings.append("lambda = \(l) is at the bound of [-0.999, \(hi)] the moments are minimised on") }
                func filter(_ v: [Double]) throws(ModelError) -> [Double] { let wv = try lagT(v); return zip(v, wv).map { $0 - l * $1 } }
                let yf = within(try filter(y))
                var xf = [[Double]](), ef = [[Double]]()
                for c in x { xf.append(within(try filter(c))) }
                for c in endog { ef.append(within(try filter(c))) }
                if lag {
                    let wyf = within(try filter(try lagT(y)))
                    fitted = try Self.twoStage(y: yf, endogenous: ef + [wyf], exogenous: xf, instruments: hA,
                                               names: endogenousNames + ["W_" + yName] + xNames)
                    instrumentLabels = xNames + instrumentNames + lagNames
                } else if !endog.isEmpty {
                    fitted = try Self.twoStage(y: yf, endogenous: ef, exogenous: xf, instruments: xf + qw, names: endogenousNames + xNames)
                    instrumentLabels = xNames.map { $0 + "*" } + instrumentNames
                } else {
                    fitted = try Self.twoStage(y: yf, endogenous: [], exogenous: xf, instruments: [], names: xNames)
                }
                if lag || !endog.isEmpty {
                    covScale = est.variances[0]
                    seLabel = "sigma_v^2 (Zp'Zp)^-1 of the 2SLS on the spatially filtered within data (splm)"
                } else {
                    covScale = fitted.sse / Double(nt - fitted.zpColumns)
                    seLabel = "OLS of the spatially filtered within data, e'e/(NT - k) (X*'X*)^-1 (splm)"
                }
            }
        case .random where !spatialError:
            // Baltagi's EC2SLS (splm's ivsplm(method = "ec2sls")): within and between 2SLS, then 2SLS of the
            // Omega^-1/2-transformed data.
            var withinH = qw, betweenH = [[Double]]()
            let cross = { (v: [Double]) in Array(means(v).prefix(n)) }
            for c in external { betweenH.append(cross(c)) }
            if lag {
                withinH += wXw + wwXw
                for c in [[Double](repeating: 1, count: n)] + x.map(cross) {
                    let a = try Self.lagUnits(c, w), b = try Self.lagUnits(a, w)
                    betweenH.append(a); betweenH.append(b)
                }
            }
            let ec = try ErrorComponentsTwoStage(y: y, endogenous: endog + (lag ? [try lagT(y)] : []), x: x, withinInstruments: withinH,
                                                 betweenInstruments: betweenH, n: n, t: t,
                                                 names: endogenousNames + (lag ? ["W_" + yName] : []) + regressorNames)
            fitted = ec.fit
            sv = ec.sigmaV2; s1 = ec.sigma12; thetaHat = 1 - (ec.sigmaV2 / ec.sigma12).squareRoot()
            covScale = fitted.sse / Double(nt - fitted.zpColumns)
            seLabel = "s^2 (Zp'Zp)^-1 of the EC2SLS on the Omega^-1/2-transformed data, s^2 = e'e/(NT - k) (splm's ec2sls)"
            instrumentLabels = xNames.map { $0 + " (within)" } + ["(Intercept)"] + xNames.map { $0 + " (mean)" }
                + instrumentNames.map { $0 + " (within)" } + (lag ? lagNames.map { $0 + " (within)" } : [])
                + instrumentNames.map { $0 + " (mean)" } + (lag ? regressorNames.flatMap { ["W_" + $0 + " (mean)", "W2_" + $0 + " (mean)"] } : [])
        case .random:
            let ones = [Double](repeating: 1, count: nt)
            let x1 = [ones] + x
            // Initial residuals and the between residuals (for sigma_1^2).
            var within3: PanelMomentConditions, within4: PanelMomentConditions, between: PanelMomentConditions
            let s1Initial: (Double) throws(ModelError) -> Double
            var xbNT = [[Double]](), qbNT = [[Double]]()
            if !lag && endog.isEmpty {
                let ols = try Self.twoStage(y: y, endogenous: [], exogenous: x1, instruments: [], names: regressorNames)
                let u = ols.residuals, ub = try lagT(u), ubb = try lagT(ub)
                let q0: ([Double], [Double]) -> Double = { a, b in dot(a, within(b)) }
                let q1: ([Double], [Double]) -> Double = { a, b in dot(a, means(b)) }
                within3 = .block(u: u, ub: ub, ubb: ubb, dot: q0, scale: 1 / Double(n * (t - 1)), traceWW: traceWW, n: n, varianceColumns: 1, varianceIndex: 0)
                within4 = .block(u: u, ub: ub, ubb: ubb, dot: q0, scale: 1 / Double(n * (t - 1)), traceWW: traceWW, n: n, varianceColumns: 2, varianceIndex: 0)
                between = .block(u: u, ub: ub, ubb: ubb, dot: q1, scale: 1 / Double(n), traceWW: traceWW, n: n, varianceColumns: 2, varianceIndex: 1)
                s1Initial = { l in let e = zip(u, ub).map { $0 - l * $1 }; return dot(e, means(e)) / Double(n) }
            } else {
                // Within and between 2SLS (splm's w2sls and b2sls) with the lag and/or the endogenous regressors.
                let yw = within(y)
                let first = try Self.twoStage(y: yw, endogenous: ew + (lag ? [try lagT(yw)] : []), exogenous: xw,
                                              instruments: xw + qw + (lag ? wXw + wwXw : []),
                                              names: endogenousNames + (lag ? ["W_" + yName] : []) + xNames)
                let u = first.residuals, ub = try lagT(u), ubb = try lagT(ub)
                within3 = .block(u: u, ub: ub, ubb: ubb, dot: dot, scale: 1 / Double(n * (t - 1)), traceWW: traceWW, n: n, varianceColumns: 1, varianceIndex: 0)
                within4 = .block(u: u, ub: ub, ubb: ubb, dot: dot, scale: 1 / Double(n * (t - 1)), traceWW: traceWW, n: n, varianceColumns: 2, varianceIndex: 0)
                // Between 2SLS on the N unit means (splm's b2sls, scaled by sqrt(T)).
                let cross = { (v: [Double]) in Array(means(v).prefix(n)) }
                func lagN(_ v: [Double]) throws(ModelError) -> [Double] { try Self.lagUnits(v, w) }
                let yb = cross(y), xb = x1.map(cross)
                var wxb = [[Double]](), wwxb = [[Double]]()
                if lag { for c in xb { let a = try lagN(c); wxb.append(a); wwxb.append(try lagN(a)) } }
                let second = try Self.twoStage(y: yb, endogenous: endog.map(cross) + (lag ? [try lagN(yb)] : []), exogenous: xb,
                                               instruments: xb + external.map(cross) + wxb + wwxb,
                                               names: endogenousNames + (lag ? ["W_" + yName] : []) + regressorNames)
                let scale = Double(t).squareRoot()
                let r2 = second.residuals.map { $0 * scale }, r2b = try lagN(r2), r2bb = try lagN(r2b)
                between = .block(u: r2, ub: r2b, ubb: r2bb, dot: dot, scale: 1 / Double(n), traceWW: traceWW, n: n, varianceColumns: 2, varianceIndex: 1)
                s1Initial = { l in let e = zip(r2, r2b).map { $0 - l * $1 }; return dot(e, e) / Double(n) }
                xbNT = x1.map(means)
                qbNT = external.map(means)
            }
            let step1 = try within3.minimise(weight: Self.identity(3), lo: -0.999, hi: 0.999)
            var l = step1.lambda, v = step1.variances[0]
            var one = try s1Initial(l)
            if !step1.atZero.isEmpty { warnings.append("sigma_v^2 is held at 0 in the initial moments (their unconstrained minimum is negative)") }
            if moments != .initial {
                let six = PanelMomentConditions(G: within4.G + between.G, g: within4.g + between.g)
                let block = moments == .fullweights ? PanelMomentConditions.traceMatrix(w.matrix) : Self.identity(3)
                let xi = try PanelMomentConditions.weight(sigmaV2: v, sigma12: one, t: t, block: block)
                let est = try six.minimise(weight: xi, lo: -0.999, hi: 0.999)
                l = est.lambda; v = est.variances[0]; one = est.variances[1]
                if !est.atZero.isEmpty { warnings.append("a variance is held at 0 in the weighted moments (their unconstrained minimum is negative)") }
            }
            if abs(l) >= 0.999 - 1e-9 { warnings.append("lambda = \(l) is at the bound of [-0.999, 0.999] the moments are minimised on") }
            guard one > 0, v >= 0, v <= one else {
                throw .numerical("sigma_1^2 = \(one) and sigma_v^2 = \(v): theta = 1 - sigma_v/sigma_1 needs 0 <= sigma_v^2 <= sigma_1^2")
            }
            let th = 1 - (v / one).squareRoot()
            lambdaHat = l; sv = v; s1 = one; thetaHat = th
            func gls(_ c: [Double]) throws(ModelError) -> [Double] {
                let wc = try lagT(c)
                let f = zip(c, wc).map { $0 - l * $1 }
                let mf = means(f)
                return zip(f, mf).map { $0 - th * $1 }
            }
            let yf = try gls(y)
            var xf = [[Double]](), ef = [[Double]]()
            for c in x1 { xf.append(try gls(c)) }
            for c in endog { ef.append(try gls(c)) }
            if lag {
                let wyf = try gls(try lagT(y))
                var wxbNT = [[Double]](), wwxbNT = [[Double]]()
                for c in xbNT { let a = try lagT(c); wxbNT.append(a); wwxbNT.append(try lagT(a)) }
                let h = xf + [ones] + xw + xbNT + qw + wXw + wwXw + qbNT + wxbNT + wwxbNT
                fitted = try Self.twoStage(y: yf, endogenous: ef + [wyf], exogenous: xf, instruments: h,
                                           names: endogenousNames + ["W_" + yName] + regressorNames)
                instrumentLabels = regressorNames.map { $0 + "**" } + xNames.map { $0 + " (within)" } + regressorNames.map { $0 + " (mean)" }
                    + instrumentNames.map { $0 + " (within)" } + lagNames.map { $0 + " (within)" } + instrumentNames.map { $0 + " (mean)" }
                    + regressorNames.map { "W_" + $0 + " (mean)" } + regressorNames.map { "W2_" + $0 + " (mean)" }
                seLabel = "sigma_v^2 (Zp'Zp)^-1 of the 2SLS on the GLS-transformed data (splm)"
            } else if !endog.isEmpty {
                // splm's instruments: the GLS-transformed exogenous regressors, the within and the unit means of Q.
                fitted = try Self.twoStage(y: yf, endogenous: ef, exogenous: xf, instruments: xf + qw + qbNT, names: endogenousNames + regressorNames)
                instrumentLabels = regressorNames.map { $0 + "**" } + instrumentNames.map { $0 + " (within)" } + instrumentNames.map { $0 + " (mean)" }
                seLabel = "sigma_v^2 (Zp'Zp)^-1 of the 2SLS on the GLS-transformed data (splm)"
            } else {
                fitted = try Self.twoStage(y: yf, endogenous: [], exogenous: xf, instruments: [], names: regressorNames)
                seLabel = "sigma_v^2 (X**'X**)^-1 of the feasible GLS (splm)"
            }
            covScale = v
        }
        // Reorder (endogenous..., [W y], x...) to (x..., endogenous..., rho).
        let e = endogenousNames.count, kk = fitted.coefficients.count
        let lagIndex: Int? = lag ? e : nil
        let xStart = e + (lag ? 1 : 0)
        let order = Array(xStart..<kk) + Array(0..<e) + (lagIndex.map { [$0] } ?? [])
        var cov = Matrix(rows: kk, columns: kk)
        var seText = seLabel
        if vce == .default {
            for (r, a) in order.enumerated() { for (c, b) in order.enumerated() { cov[r, c] = covScale * fitted.unscaled[a, b] } }
        } else {
            // The sandwich of the final stage's instrumented moments zp_it e_it (lambda taken as known), bread (Zp'Zp)^-1.
            var scores = Matrix(rows: nt, columns: kk)
            for j in 0..<kk { let column = fitted.zp.column(j); for i in 0..<nt { scores[i, j] = column[i] * fitted.residuals[i] } }
            let sandwich = try SandwichCovariance(scores: scores, bread: fitted.unscaled, estimator: vce, units: (0..<nt).map { $0 % n },
                                                  periods: (0..<nt).map { $0 / n }, smallSample: false)
            for (r, a) in order.enumerated() { for (c, b) in order.enumerated() { cov[r, c] = sandwich.covariance[a, b] } }
            seText = sandwich.label + " of the final stage's moments Zp'e (lambda and the variances taken as known)"
        }
        let se = (0..<kk).map { cov[$0, $0] > 0 ? cov[$0, $0].squareRoot() : .nan }
        let names = regressorNames + endogenousNames
        self.coefficients = (0..<(kk - (lag ? 1 : 0))).map { Coefficient(name: names[$0], estimate: fitted.coefficients[order[$0]], stdError: se[$0]) }
        self.rho = lagIndex.map { Coefficient(name: "rho", estimate: fitted.coefficients[$0], stdError: se[kk - 1]) }
        self.effects = effects
        self.hasLag = lag
        self.hasSpatialError = spatialError
        self.moments = moments
        self.yName = yName
        self.n = n
        self.t = t
        self.lambdaEstimate = lambdaHat
        self.sigmaV2 = sv
        self.sigma12 = s1
        self.theta = thetaHat
        self.covariance = cov
        self.instruments = instrumentLabels
        self.endogenous = endogenousNames
        self.standardErrors = seText
        self.warnings = warnings
    }

    /// A two-stage least-squares fit (OLS without endogenous regressors).
    struct TwoStage {
        /// Coefficients in the order (endogenous..., exogenous...).
        let coefficients: [Double]
        /// `y - Z d`, Z the structural regressors.
        let residuals: [Double]
        let sse: Double
        /// `(Zp'Zp)^-1`, Zp the second-stage regressors.
        let unscaled: Matrix
        let zpColumns: Int
        /// The second-stage regressors.
        let zp: Matrix
    }

    /// splm's `spgm.tsls`: each endogenous column on the instruments, then y on `[fitted endogenous, exogenous]`.
    static func twoStage(y: [Double], endogenous: [[Double]], exogenous: [[Double]], instruments: [[Double]], names: [String]) throws(ModelError) -> TwoStage {
        var fittedColumns = [[Double]]()
        if !endogenous.isEmpty {
            let h: Matrix
            do { h = try Matrix(columnArrays: instruments) } catch { throw .numerical("instrument matrix: \(error)") }
            for (j, c) in endogenous.enumerated() {
                let stage: LeastSquares
                do { stage = try LeastSquares(x: h, y: c) } catch { throw .numerical("first stage of \(names[j]): \(error)") }
                guard stage.rank >= endogenous.count + exogenous.count else {
                    throw .invalidArgument("\(stage.rank) independent instruments for \(endogenous.count + exogenous.count) regressors: the model is not identified")
                }
                fittedColumns.append(stage.fitted)
            }
        }
        let zp: Matrix, z: Matrix
        do {
            zp = try Matrix(columnArrays: fittedColumns + exogenous)
            z = try Matrix(columnArrays: endogenous + exogenous)
        } catch { throw .numerical("second stage: \(error)") }
        let ls: LeastSquares
        do { ls = try LeastSquares(x: zp, y: y) } catch { throw .numerical("second stage: \(error)") }
        guard ls.aliasedColumns.isEmpty else {
            throw .collinear(ls.aliasedColumns.map { $0 < endogenous.count ? names[$0] + " (instrumented)" : names[$0] })
        }
        let zd: [Double]
        do { zd = try z.multiply(ls.coefficients) } catch { throw .numerical("fitted values: \(error)") }
        let u = zip(y, zd).map { $0 - $1 }
        return TwoStage(coefficients: ls.coefficients, residuals: u, sse: u.reduce(0) { $0 + $1 * $1 }, unscaled: ls.unscaledCovariance,
                        zpColumns: zp.columns, zp: zp)
    }

    /// `W v` for one period's N-vector (the between regressions).
    static func lagUnits(_ v: [Double], _ w: SpatialWeights) throws(ModelError) -> [Double] {
        do { return try w.matrix.multiply(v) } catch { throw .numerical("W v: \(error)") }
    }

    static func identity(_ m: Int) -> [[Double]] { (0..<m).map { r in (0..<m).map { r == $0 ? 1 : 0 } } }
}

extension PanelGeneralizedMoments {
    /// The paper table: coefficients and rho with z tests, then lambda, the variances and the method.
    public var table: Table {
        let kind = (hasLag && hasSpatialError) ? "SARAR" : hasLag ? "spatial lag" : hasSpatialError ? "spatial error" : "IV"
        let title = "Spatial panel GM, \(effects == .within ? "fixed effects (within)" : "random effects") \(kind): \(yName)"
        var t = coefficientTable(title: title, coefficients: coefficients, spatial: rho.map { [$0] } ?? [], durbin: false, statistic: "z")
        var notes = ["N = \(n), T = \(self.t); standard errors: \(standardErrors)"]
        if lambdaEstimate == nil, let sigmaV2, let sigma12 {
            notes.append("EC2SLS variance components (within and between 2SLS): sigma_v^2 = \(Format.fixed(sigmaV2, 6)); "
                + "sigma_1^2 = \(Format.fixed(sigma12, 6)); theta = \(Format.fixed(theta ?? .nan, 6)) (Baltagi 1981)")
        }
        if let lambda = lambdaEstimate {
            notes.append("lambda (spatial error, GM) = \(Format.fixed(lambda, 6)); sigma_v^2 = \(Format.fixed(sigmaV2 ?? .nan, 6))"
                + (sigma12.map { "; sigma_1^2 = \(Format.fixed($0, 6)); theta = \(Format.fixed(theta ?? .nan, 6))" } ?? ""))
            notes.append("moments: " + (effects == .random ? moments.rawValue : "initial (within)") + " (Kapoor, Kelejian & Prucha 2007)")
        }
        if !endogenous.isEmpty { notes.append("endogenous: \(endogenous.joined(separator: ", "))") }
        if !instruments.isEmpty { notes.append("instruments: \(instruments.joined(separator: ", "))") }
        notes.append("splm names: lambda = the lag (here rho), rho = the error (here lambda)")
        t.notes = notes + [Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table as text (``table``).
    public var summary: String { table.text }
}
