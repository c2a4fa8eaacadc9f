import Foundation

/// The recovered fixed effects of a panel fit, `mu_i` and `alpha_t` as deviations around a common intercept.
public struct FixedEffectsEstimates: Sendable, Codable, Equatable {
    /// The mean of `y - rho W y - X b` (SEM: `y - X b`) over all observations.
    public let intercept: Double
    /// `mu_i` = unit mean of the residual minus the intercept (they sum to zero); `nil` without individual effects.
    public let individual: [String: Double]?
    /// `alpha_t` = period mean of the residual minus the intercept (they sum to zero); `nil` without time effects.
    public let time: [String: Double]?
    /// The identification of the effects, as a formula: an intercept plus effects that sum to zero (Elhorst 2014).
    public let convention: String
}

/// Maximum-likelihood spatial panel models with fixed effects (SAR, SEM, SDM, SDEM, SAC), balanced panels, W constant
/// over time (Elhorst 2014, ch. 3; Lee & Yu 2010).
///
/// The SAC (xsmle `model(sac)`, splm `spml(lag = TRUE, spatial.error = "b")`) is
/// `y_t = rho W y_t + X_t b + mu + alpha_t + u_t`, `u_t = lambda W u_t + e_t`. Its residual after the effects are
/// projected out is `M [B (y - rho W y) - B X b]`, `B = I - lambda W`, M the within projection; because
/// `B (1 alpha_t) = (1 - lambda) 1 alpha_t` for row-standardised W (and `B mu` is again constant over time), M applied
/// after B is exact, so W y, W W y and W X are formed on the original data and then demeaned
/// (`B A y = y - rho W y - lambda (W y - rho W W y)`), and the one engine maximises
/// `-n*/2 (ln(2 pi SSE(rho, lambda)/n*) + 1) + T* [ln|I - rho W| - c ln(1 - rho)] + T* [ln|I - lambda W| - c ln(1 - lambda)]`
/// (``ConcentratedLikelihood/combined(_:lag:error:)``, nested Brent, then Newton). `.splm` forms W y, W W y and W X
/// from the demeaned data as splm does. The information matrix has the rho–lambda block (``InformationMatrix``).
///
/// W y and W X are formed per period on the original data, then the effects are removed (within transformation;
/// for `estimator: .leeyu` the orthonormal `F_T`, `F_N` transformations, whose sums of squares equal those of the
/// demeaned data). The concentrated log-likelihood of the lag model is
/// `-n*/2 (ln(2 pi SSE(rho)/n*) + 1) + T* [ln|I - rho W| - c ln(1 - rho)]`, with `SSE(rho) = |e0 - rho eL|^2` from two
/// least-squares fits done once; `n* = NT`, `T* = T`, `c = 0` for the direct approach, and for Lee–Yu
/// `T* = T - 1` with individual effects, `n* = (N - 1) T*` and `c = 1` with time effects. The transformed data and
/// this Jacobian term go to the package's one likelihood engine (``ConcentratedLikelihood``, as for the
/// cross-section): Brent's method and Newton steps on the analytical score for rho, Brent's method for lambda. Standard errors come from the analytical information
/// matrix of the estimator's own likelihood (`InformationMatrix`). sigma^2 = SSE / n*.
///
/// Refusals and flags, for every estimator: a y that is constant after removing the effects (up to 1e-12 of the mean
/// magnitude of the untransformed y) throws ``ModelError/constantResponse(variable:effects:)``; an essentially perfect
/// fit (`SSE <= 1e-12 TSS` of the transformed y) ``ModelError/perfectFit``; an optimiser that does not converge
/// ``ModelError/noConvergence(_:)``. ``atBound`` (``BoundaryStatus``) and ``nearSingularInformation`` (condition
/// number of the correlation-scaled information matrix above 1e10) are flagged with warnings.
public struct PanelRegression: Sendable, Codable {
    /// The model fitted (SAR, SEM, SDM or SDEM).
    public let model: SpatialModel
    /// The fixed effects removed.
    public let effects: PanelEffects
    /// The estimator (Lee-Yu, direct, bias-corrected or splm's variant); `.direct` when there are no effects.
    public let estimator: PanelEstimator
    /// The response's name.
    public let yName: String
    /// Units and periods.
    public let n: Int
    /// The number of periods T.
    public let t: Int
    /// Observations of the likelihood (NT, or the Lee–Yu counts).
    public let observations: Int
    public let coefficients: [Coefficient]
    /// The spatial lag parameter rho with its standard error (`nil` for SEM and SDEM).
    public let rho: Coefficient?
    /// The spatial error parameter lambda with its standard error (`nil` for SAR and SDM).
    public let lambda: Coefficient?
    /// `sigma^2 = SSE / n*`, n* = ``observations``.
    public let sigma2: Double
    /// The maximised log-likelihood of the estimator's own likelihood (see ``likelihood``).
    public let logLikelihood: Double
    /// Which likelihood ``logLikelihood`` is (Lee-Yu's transformed one, the direct approach's, or the direct one at
    /// the bias-corrected parameters).
    public let likelihood: String
    /// `AIC = -2 ln L + 2 p`, p = ``parameterCount``.
    public let aic: Double
    /// `BIC = -2 ln L + p ln m`, m = ``observations``.
    public let bic: Double
    /// Number of estimated parameters counted in AIC/BIC (coefficients, spatial parameter, sigma^2; the fixed effects
    /// are not counted).
    public let parameterCount: Int
    /// Covariance of (coefficients..., rho?, lambda?).
    public let covariance: Matrix
    public let standardErrors: String
    /// The log-determinant method used.
    public let logDeterminantMethod: LogDeterminantMethod
    /// The recovered fixed effects (`nil` without effects).
    public let fixedEffects: FixedEffectsEstimates?
    /// `1 - SSE / sum(y~^2)` on the transformed data.
    public let rSquaredWithin: Double
    /// Warnings about the fit (at a bound, near-singular information matrix), also printed by the summary.
    public let warnings: [String]
    /// Whether rho or lambda is at a bound of its feasible interval (``BoundaryStatus``); see ``boundary``.
    public var atBound: Bool { storedAtBound ?? false }
    /// The spatial parameter at a bound, its estimate and the bound (`nil` when none is).
    public let boundary: BoundaryHit?
    /// Whether the information matrix is near-singular (condition number of its correlation-scaled form above 1e10).
    public var nearSingularInformation: Bool { storedNearSingular ?? false }
    /// Optional in storage so that JSON written before these fields existed still decodes.
    let storedAtBound: Bool?, storedNearSingular: Bool?
    /// The log-determinant object used (not encoded): effects reuse its traces.
    public private(set) var logDeterminantUsed: (any LogDeterminant)? = nil
    /// The weights the model was fitted with, in the panel's unit order (not encoded: a decoded fit has `nil`, and
    /// effects then take W again).
    public private(set) var weightsUsed: SpatialWeights? = nil
    /// The regressors given a `W_` lag when a subset was asked for (``DurbinTerms``; `nil`: all of them, or a model
    /// without W X).
    public let durbin: [String]?
    /// Whether the W X terms use a second weights matrix (``DurbinTerms``; xsmle `dmat()`); optional in storage.
    public var separateDurbinWeights: Bool { storedSeparateDurbinWeights ?? false }
    let storedSeparateDurbinWeights: Bool?
    /// The second weights matrix of the W X terms, in the panel's unit order (not encoded; `nil`: W).
    public private(set) var durbinWeightsUsed: SpatialWeights? = nil
    /// SAC: whether the error term uses a second weights matrix M (xsmle `emat()`); optional in storage.
    public var separateErrorWeights: Bool { storedSeparateErrorWeights ?? false }
    let storedSeparateErrorWeights: Bool?
    /// SAC: the error term's weights M, in the panel's unit order (not encoded; `nil`: W).
    public private(set) var errorWeightsUsed: SpatialWeights? = nil
    /// The accuracy of the log-determinant method (exact, interpolated, stochastic), reported with the method.
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { logDeterminantUsed?.accuracy }

    enum CodingKeys: String, CodingKey {
        case model, effects, estimator, yName = "y", n, t, observations, coefficients, rho, lambda, sigma2, logLikelihood = "log_likelihood"
        case likelihood, aic, bic, parameterCount = "parameters", covariance, standardErrors = "standard_errors"
        case logDeterminantMethod = "log_determinant", fixedEffects = "fixed_effects", rSquaredWithin = "r_squared_within", warnings
        case storedAtBound = "at_bound", boundary, storedNearSingular = "near_singular_information"
        case durbin, storedSeparateDurbinWeights = "separate_durbin_weights", storedSeparateErrorWeights = "separate_error_weights"
    }

    /// Fits the fixed-effects spatial panel `model` (SAR, SEM, SDM or SDEM) of `y` on `x` in `panel` by maximum
    /// likelihood, with `W` the `weights` aligned to the panel's units.
    /// - Parameters:
    ///   - model: SAR, SEM, SDM or SDEM.
    ///   - panel: the balanced panel.
    ///   - y: the response (a column name or an expression, e.g. `log(gsp)`).
    ///   - x: the regressors (names or expressions; the effects absorb the intercept, which is added only with
    ///     `effects: .none`).
    ///   - weights: the N x N weights of one cross-section; its ids must be the panel's units.
    ///   - durbin: SDM/SDEM: the regressors that get a `W_` lag (`nil`: all of them), xsmle `durbin()`
    ///     (``DurbinTerms``).
    ///   - durbinWeights: SDM/SDEM: a second N x N matrix W2 for the W X terms (`nil`: W), xsmle `dmat()`; matched to
    ///     the panel's units by id like `weights` and used as given (transform it first).
    ///   - errorWeights: SAC only: a second N x N matrix M for the error, `u_t = lambda M u_t + e_t` (xsmle `emat()`;
    ///     `nil`: W), matched by id and used as given. The standard errors then come from the numerical Hessian of
    ///     the estimator's likelihood; a robust `covariance` is the sandwich of the scores with W for the lag and M for
    ///     the error, its bread the information matrix with M (dense, up to 500 units).
    ///   - effects: the fixed effects removed (individual, time, two-way or none).
    ///   - estimator: Lee-Yu's transformed likelihood (default), the direct approach, the bias-corrected direct
    ///     estimates or splm's variant.
    ///   - logDeterminant: `nil` chooses it from W (``LogDeterminantSelection``).
    ///   - traces: `nil`: the automatic exact or stochastic traces (``InformationTraces``).
    ///   - standardErrors: from the information matrix (default) or the numerical Hessian (not for the bias-corrected
    ///     estimates).
    ///   - progress: called during long steps.
    /// - Throws: ``ModelError`` for an SLX or SAC model, one period with fixed effects, a constant or perfectly
    ///   fitted response, collinear regressors, weights that do not match the panel, or a likelihood that does not
    ///   converge.
    public init(_ model: SpatialModel, panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights,
                durbin: [String]? = nil, durbinWeights: SpatialWeights? = nil, errorWeights: SpatialWeights? = nil, effects: PanelEffects = .twoways, estimator requested: PanelEstimator = .leeyu,
                logDeterminant: (any LogDeterminant)? = nil, traces: InformationTraces? = nil,
                standardErrors seMethod: StandardErrorMethod = .informationMatrix, progress: ProgressHandler? = nil,
                covariance vce: CovarianceEstimator = .default) throws(ModelError) {
        guard model != .slx else { throw .invalidArgument("panel models are sar, sem, sdm, sdem and sac (the SLX is a pooled regression on W X: use PanelLinearRegression with the W_ columns)") }
        let w = try weights.aligned(to: panel)
        let lagged = try DurbinTerms.lagged(durbin, of: xNames, model: model, separateWeights: durbinWeights != nil)
        let w2: SpatialWeights
        do { w2 = try durbinWeights?.aligned(to: panel) ?? w } catch { throw .sizeMismatch("durbinWeights (--durbin-weights): \(error)") }
        if errorWeights != nil && model != .sac {
            throw .invalidArgument("errorWeights (--error-weights) applies to the SAC, not to the \(model.rawValue.uppercased()) (a second W for W X is durbinWeights)")
        }
        let w3: SpatialWeights?
        do { w3 = try errorWeights?.aligned(to: panel) } catch { throw .sizeMismatch("errorWeights (--error-weights): \(error)") }
        let n = panel.unitCount, t = panel.periodCount
        guard t >= 2 || effects == .none else {
            throw .invalidArgument("the panel has one period ('\(panel.periods.first ?? "")'): \(effects.rawValue) fixed effects need at least 2 periods; "
                + "with one period fit the cross-section (omit --unit and --time; library: SpatialRegression)")
        }
        let estimator: PanelEstimator = effects == .none ? .direct : requested
        if seMethod == .hessian && estimator == .biascorrected {
            throw .invalidArgument("the bias-corrected estimates are not the maximum of a likelihood, so they have no Hessian standard errors; "
                + "use the information matrix (the default) or another estimator")
        }
        let sums = w.matrix.rowSums
        if estimator == .leeyu && effects.hasTime && !w.isRowStochastic {
            if let island = sums.firstIndex(where: { $0 == 0 }) {
                throw .invalidArgument("unit '\(w.ids[island])' has no neighbour, so W 1 = 1 fails and the Lee-Yu transformation with time effects "
                    + "does not exist: use the direct approach (--estimator direct; library: estimator: .direct), or link the island to a neighbour "
                    + "(spatial weights --from W --add-link \(w.ids[island]),NEIGHBOUR --out F; library: SpatialWeights.adding(links:))")
            }
            throw .invalidArgument("the Lee-Yu transformation with time effects needs W 1 = 1 (row-standardised W: --transform row), "
                + "or use the direct approach (--estimator direct)")
        }
        if let w3, estimator == .leeyu && effects.hasTime && !w3.isRowStochastic {
            throw .invalidArgument("errorWeights (--error-weights): the Lee-Yu transformation with time effects needs M 1 = 1 (row-standardised: --transform row), "
                + "or use the direct approach (--estimator direct)")
        }
        if estimator == .biascorrected && (model.hasError || effects == .time) {
            throw .invalidArgument("the bias-corrected direct approach is defined for SAR/SDM with individual or two-way effects (Lee & Yu 2010); use leeyu")
        }
        // Data in time-major order.
        func column(_ name: String) throws(ModelError) -> [Double] {
            let v: [Double]
            do { v = try panel.numbers(name) } catch { throw .data(error) }
            return v
        }
        let y = try column(yName)
        var names = xNames, raw = [[Double]]()
        for name in xNames { raw.append(try column(name)) }
        for name in lagged {
            guard let j = xNames.firstIndex(of: name) else { continue }
            names.append("W_" + name); raw.append(try PanelTransform.lag(raw[j], weights: w2, t: t))
        }
        if effects == .none { names.insert("(Intercept)", at: 0); raw.insert([Double](repeating: 1, count: n * t), at: 0) }
        let demean = { (v: [Double]) in PanelTransform.demean(v, n: n, t: t, effects: effects) }
        let yd = demean(y)
        // Scale-free: the transformed y against the magnitude of the original y (demeaning leaves rounding noise).
        if ResponseCheck.isConstant(yd, reference: ResponseCheck.meanMagnitude(y)) {
            throw .constantResponse(variable: yName, effects: effects == .none ? nil : effects.rawValue)
        }
        let ydMean = yd.reduce(0, +) / Double(yd.count)
        let tss = yd.reduce(0) { $0 + ($1 - ydMean) * ($1 - ydMean) }
        let xd: Matrix
        do { xd = try Matrix(columnArrays: raw.map(demean)) } catch { throw .numerical("\(error)") }
        // The spatial lag entering the likelihood: demeaned W y (exact), or W of the demeaned data (splm).
        let wy = try PanelTransform.lag(y, weights: w, t: t)
        let wyd = estimator == .splm ? try PanelTransform.lag(yd, weights: w, t: t) : demean(wy)
        // SAC: W W y for the error transform of the lag term, B (y - rho W y) = y - rho W y - lambda (W y - rho W W y),
        // formed like W y (exact: on the original data, then demeaned; splm: W of the lag of the demeaned y).
        // With a second error matrix M: M y, M W y, M X instead.
        let we = w3 ?? w
        let wwyd: [Double]? = model == .sac ? (estimator == .splm ? try PanelTransform.lag(wyd, weights: we, t: t) : demean(try PanelTransform.lag(wy, weights: we, t: t))) : nil
        let errorWyd: [Double]? = w3 == nil ? nil : (estimator == .splm ? try PanelTransform.lag(yd, weights: we, t: t) : demean(try PanelTransform.lag(y, weights: we, t: t)))
        var wxd = Matrix(rows: n * t, columns: xd.columns)
        if model.hasError {
            for j in 0..<xd.columns {
                let c = estimator == .splm ? try PanelTransform.lag(xd.column(j), weights: we, t: t) : demean(try PanelTransform.lag(raw[j], weights: we, t: t))
                for i in 0..<(n * t) { wxd[i, j] = c[i] }
            }
        }
        let ld: any LogDeterminant
        let probeCount: Int
        if case .stochastic(let p, _) = traces ?? .automatic(units: n) { probeCount = p } else { probeCount = 0 }
        // Progress: the log-determinant, the likelihood, then one unit per Hutchinson probe.
        let reporter = ProgressReporter.make(phase: "\(model.rawValue.uppercased()) panel fit (N = \(n), T = \(t))", total: 2 + probeCount, handler: progress)
        defer { reporter?.finish() }
        if let given = logDeterminant { ld = given } else { ld = try w.modelLogDeterminant(nested: model == .sac) }
        reporter?.advance(by: 1)
        // The traces: as asked, or exact (sparse Cholesky or LU) while affordable, with the log-determinant's analysis.
        let resolvedTraces = traces.map { ($0, InformationMatrix.symbolic(of: ld)) }
            ?? InformationMatrix.automaticTraces(weights: w, symbolic: InformationMatrix.symbolic(of: ld),
                                                 luSymbolic: InformationMatrix.luSymbolic(of: ld), parameters: model == .sac ? 2 : 1)
        let traceMethod = resolvedTraces.0, symbolic = resolvedTraces.1
        let leeYu = estimator == .leeyu
        let tStar = Double(leeYu && effects.hasIndividual ? t - 1 : t)
        let centered = leeYu && effects.hasTime
        let nStar = Double(centered ? n - 1 : n) * tStar
        let jacobian = LikelihoodJacobian(logDeterminant: ld, multiplier: tStar, centered: centered)
        let errorJacobian = try w3.map { m throws(ModelError) in
            LikelihoodJacobian(logDeterminant: try m.modelLogDeterminant(nested: true), multiplier: tStar, centered: centered)
        } ?? jacobian
        var warnings = [String]()
        var data = SpatialLikelihoodData(y: yd, wy: wyd, x: xd, wx: model.hasError ? wxd : nil, wwy: wwyd, names: names,
                                         collinearityNote: effects == .none ? "" : " (after removing the \(effects.rawValue) effects)",
                                         observations: nStar, totalSumOfSquares: tss)
        data.errorWy = errorWyd
        let fit = model == .sac ? try ConcentratedLikelihood.combined(data, lag: jacobian, error: errorJacobian)
            : model.hasLag ? try ConcentratedLikelihood.lag(data, jacobian: jacobian) : try ConcentratedLikelihood.error(data, jacobian: jacobian)
        var rhoHat = fit.rho, beta = fit.beta, value = fit.logLikelihood
        let lambdaHat = fit.lambda, sse = fit.sse
        let boundary = fit.boundary
        if let boundary { warnings.append(boundary.error.description) }
        var s2 = sse / nStar
        let k = xd.columns
        reporter?.advance(by: 1)
        var (info, engine) = try InformationMatrix.compute(x: xd, blockSize: n, beta: beta, sigma2: s2, rho: rhoHat, lambda: lambdaHat, weights: w,
                                                           traceMultiplier: tStar, observations: nStar, center: centered, traces: traceMethod,
                                                           symbolic: symbolic,
                                                           luSymbolic: InformationMatrix.luSymbolic(of: ld), progress: reporter)
        // Probes counted in the progress total but not run (exact traces instead).
        if case .stochastic = engine {} else { reporter?.advance(by: probeCount) }
        var likelihood = leeYu
            ? "Lee-Yu transformed likelihood, \(Int(nStar)) observations, Jacobian \(Int(tStar)) [ln|I - rho W|\(centered ? " - ln(1 - rho)" : "")]"
                + (model == .sac ? " + \(Int(tStar)) [ln|I - lambda \(w3 == nil ? "W" : "M")|\(centered ? " - ln(1 - lambda)" : "")]" : "")
            : "direct-approach likelihood, \(n * t) observations, Jacobian \(t) ln|I - rho W|" + (model == .sac ? " + \(t) ln|I - lambda \(w3 == nil ? "W" : "M")|" : "")
                + (estimator == .splm ? " (splm variant: W times the demeaned y)" : "")
        if estimator == .biascorrected, let r = rhoHat {
            // Lee & Yu (2010) / Elhorst sar_panel_FE bc = 1.
            var theta = beta + [r, s2]
            if effects == .twoways {
                var sig = info
                for i in sig.elements.indices { sig.elements[i] /= Double(n * t) }
                var a = [Double](repeating: 0, count: k + 2)
                a[k] = 1 / (1 - r); a[k + 1] = 1 / (2 * s2)
                let shift: [Double]
                do { shift = try LUDecomposition(sig).solve(Matrix(rows: k + 2, columns: 1, columnMajor: a)).elements } catch { throw .numerical("bias correction: \(error)") }
                for i in theta.indices { theta[i] += shift[i] / Double(n) }
            }
            theta[k + 1] *= Double(t) / Double(t - 1)
            beta = Array(theta[0..<k]); rhoHat = theta[k]; s2 = theta[k + 1]
            let rc = theta[k]
            var e2 = 0.0
            let fit = (try? xd.multiply(beta)) ?? []
            for i in 0..<(n * t) { let e = yd[i] - rc * wyd[i] - fit[i]; e2 += e * e }
            value = -Double(n * t) / 2 * log(2 * Double.pi * s2) + Double(t) * ld.value(rc) - e2 / (2 * s2)
            (info, engine) = try InformationMatrix.compute(x: xd, blockSize: n, beta: beta, sigma2: s2, rho: rc, lambda: nil, weights: w,
                                                           traceMultiplier: Double(t), observations: Double(n * t), center: false, traces: traceMethod,
                                                           symbolic: symbolic, luSymbolic: InformationMatrix.luSymbolic(of: ld))
            likelihood = "direct-approach likelihood (\(n * t) observations) evaluated at the bias-corrected parameters"
        }
        let parameterNames = Array(names.prefix(k)) + (model.hasLag ? ["rho"] : []) + (model.hasError ? ["lambda"] : [])
        let lambdaIndex = model.hasLag ? k + 1 : k
        // A second error matrix: the information matrix is written for one W, so the Hessian's covariance.
        let useHessian = seMethod == .hessian || w3 != nil
        var (cov, conditionWarning) = useHessian
            ? try ConcentratedLikelihood.hessianCovariance(data, lag: model.hasLag ? jacobian : nil, error: model.hasError ? errorJacobian : nil,
                                                           at: fit, names: parameterNames)
            : try InformationMatrix.checkedCovariance(info, names: parameterNames)
        if let conditionWarning { warnings.append(conditionWarning) }
        // A robust covariance (Covariance/): the sandwich of the estimator's likelihood's scores.
        let robust = vce == .default ? nil : try Self.sandwich(vce, estimator: estimator, standardErrors: seMethod, data: data, beta: beta, rho: rhoHat,
                                                               lambda: lambdaHat, sigma2: s2, weights: w, errorWeights: w3,
                                                               jacobian: jacobian, information: info)
        if let robust { cov = robust.covariance }
        self.boundary = boundary; storedAtBound = boundary != nil; storedNearSingular = conditionWarning != nil
        self.model = model; self.effects = effects; self.estimator = estimator; self.yName = yName; self.n = n; self.t = t
        self.durbin = durbin == nil ? nil : lagged
        storedSeparateDurbinWeights = durbinWeights != nil
        durbinWeightsUsed = durbinWeights == nil ? nil : w2
        storedSeparateErrorWeights = w3 != nil
        errorWeightsUsed = w3
        observations = Int(nStar)
        coefficients = (0..<k).map { Coefficient(name: names[$0], estimate: beta[$0], stdError: cov[$0, $0].squareRoot()) }
        rho = rhoHat.map { Coefficient(name: "rho", estimate: $0, stdError: cov[k, k].squareRoot()) }
        lambda = lambdaHat.map { Coefficient(name: "lambda", estimate: $0, stdError: cov[lambdaIndex, lambdaIndex].squareRoot()) }
        sigma2 = s2
        logLikelihood = value
        self.likelihood = likelihood
        parameterCount = parameterNames.count + 1
        let criteria = InformationCriteria(logLikelihood: value, parameters: parameterCount, observations: nStar)
        aic = criteria.aic
        bic = criteria.bic
        covariance = cov
        standardErrors = robust?.label ?? (useHessian
            ? "inverse negative Hessian of the estimator's log-likelihood (Richardson differences, sigma^2 concentrated out)"
                + (w3 != nil && seMethod != .hessian ? "; with a second error matrix the information matrix is not available" : "")
            : "analytical information matrix of the estimator's likelihood (asymptotic)" + engine.standardErrorsSuffix)
        logDeterminantMethod = ld.method
        logDeterminantUsed = ld
        weightsUsed = w
        rSquaredWithin = 1 - (sse / yd.reduce(0) { $0 + $1 * $1 })
        // Fixed effects from the untransformed data.
        if effects != .none {
            let xr: Matrix
            do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
            let fit = (try? xr.multiply(beta)) ?? [Double](repeating: 0, count: n * t)
            let r0 = rhoHat ?? 0
            let res = (0..<(n * t)).map { y[$0] - r0 * wy[$0] - fit[$0] }
            let c = res.reduce(0, +) / Double(n * t)
            var ind: [String: Double]? = nil, tim: [String: Double]? = nil
            if effects.hasIndividual {
                ind = [:]
                for i in 0..<n { ind?[panel.units[i]] = (0..<t).reduce(0.0) { $0 + res[$1 * n + i] } / Double(t) - c }
            }
            if effects.hasTime {
                tim = [:]
                for p in 0..<t { tim?[panel.periods[p]] = (0..<n).reduce(0.0) { $0 + res[p * n + $1] } / Double(n) - c }
            }
            fixedEffects = FixedEffectsEstimates(intercept: c, individual: ind, time: tim,
                                                 convention: "y_it = intercept + mu_i + alpha_t + rho (Wy)_it + x_it b + e_it; sum mu_i = 0, sum alpha_t = 0 (Elhorst 2014)")
        } else { fixedEffects = nil }
        self.warnings = warnings
    }
}
