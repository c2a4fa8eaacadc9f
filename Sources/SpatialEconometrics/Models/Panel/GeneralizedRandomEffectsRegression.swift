import Foundation

/// Which spatial parameters of the generalized spatial random-effects model are estimated
/// (``GeneralizedRandomEffectsRegression``).
public enum GeneralizedRandomEffectsForm: String, Sendable, Codable, CaseIterable {
    /// Both free: `lambda_mu` (the effects') and `lambda` (the remainder's) (Baltagi, Egger & Pfaffermayr 2013;
    /// splm `spreml(errors = "semgre")`; xsmle `model(gspre)`).
    case general
    /// `lambda_mu = lambda`: effects and remainder diffuse by the same process (Kapoor, Kelejian & Prucha 2007;
    /// splm `spreml(errors = "sem2re")`).
    case kkp
    /// `lambda_mu = 0`: independent effects, spatially autocorrelated remainder (Anselin 1988; Baltagi, Song & Koh
    /// 2003; splm `spreml(errors = "semre")`, the random-effects SEM of ``RandomEffectsRegression``).
    case anselin
    /// `lambda = 0`: spatially autocorrelated effects, independent remainder.
    case effectsOnly = "effects_only"

    /// Whether `lambda_mu` is estimated as its own parameter.
    var freeEffectsParameter: Bool { self == .general || self == .effectsOnly }
    /// Whether `lambda` is estimated (in `kkp` it is also `lambda_mu`).
    var freeErrorParameter: Bool { self != .effectsOnly }
}

/// The generalized spatial panel random-effects model (GSPRE) by maximum likelihood: Baltagi, Egger & Pfaffermayr
/// (2013), "A generalized spatial panel data model with random effects", *Econometric Reviews* 32(5-6), 650-685;
/// Millo (2022), *Journal of Spatial Econometrics* 3 (splm `spreml(errors = "semgre")`); xsmle `model(gspre)`.
///
///     y = X beta + u,   u = (iota_T kron B_mu^-1) mu + (I_T kron B^-1) v,   B_mu = I - lambda_mu W,   B = I - lambda W,
///
/// `mu ~ (0, sigma_mu^2 I_N)`, `v ~ (0, sigma_v^2 I_NT)`, `phi = sigma_mu^2 / sigma_v^2`, balanced panel, time-major
/// stacking. With `M_mu = B_mu'B_mu`, `M = B'B`, `Jbar = J_T/T`, `E = I_T - Jbar`:
///
///     Var(u) = sigma_v^2 Omega,   Omega = Jbar kron (T phi M_mu^-1 + M^-1) + E kron M^-1,
///     Omega^-1 = Jbar kron M K^-1 M_mu + E kron M,   K = T phi M + M_mu,
///     ln|Omega| = ln|K| - T ln|M| - ln|M_mu| = ln|K| - 2T ln|B| - 2 ln|B_mu|,
///     ln L = -NT/2 ln(2 pi sigma_v^2) - 1/2 ln|Omega| - u'Omega^-1 u / (2 sigma_v^2),
///
/// concentrated in beta (GLS) and `sigma_v^2 = u'Omega^-1 u / NT`. `ln|B|` and `ln|B_mu|` come from the package's
/// log-determinant engine (``LogDeterminant``) of W; `K` is sparse SPD (`(T phi + 1) I - (T phi lambda + lambda_mu)
/// (W + W') + (T phi lambda^2 + lambda_mu^2) W'W`) and its sparse Cholesky factor gives both `ln|K|` and the between
/// quadratic forms (`RandomEffectsErrorGLS`): no N x N dense matrix at any N, and no eigenvalues of W are needed
/// beyond what the log-determinant engine uses.
///
/// Special cases (``GeneralizedRandomEffectsForm``): `lambda_mu = lambda` (KKP: `Omega = (T phi Jbar + I_T) kron M^-1`),
/// `lambda_mu = 0` (the random-effects SEM of ``RandomEffectsRegression``, to which this fit is equal), `lambda = 0`.
///
/// Maximisation over `(ln phi, lambda_mu, lambda)` (the free ones): restricted forms by nested Brent (outer the spatial
/// parameter, inner ln phi); the general form from the best of the three restricted optima, each polished by
/// damped Newton steps on the concentrated likelihood (Richardson finite-difference gradient and Hessian, steps taken
/// only when the likelihood rises; stops when a step moves no parameter by more than 1e-10). A final gradient above
/// 1e-4 in any direction (scaled by the parameter) throws ``ModelError/noConvergence(_:)``.
///
/// Standard errors as splm: beta `sigma_v^2 (X'Omega^-1 X)^-1`; `(phi, lambda_mu, lambda)` from the inverse negative
/// Hessian of the concentrated log-likelihood (Richardson finite differences; splm uses `nlme::fdHess`). With a
/// robust, cluster or Driscoll-Kraay `covariance`: the sandwich of the per-cell decomposition of the Gaussian score
/// in `(beta, phi, free spatial parameters, sigma_v^2)`, `s_k = -1/2 [Omega^-1 Omega_theta]_kk + 1/2 a_k (Omega_theta a)_k`,
/// `a = Omega^-1 u` (`x_k a_k` for beta), the bread the inverse analytical information matrix; up to 1,000 units
/// (dense N x N matrices), refused above. It corrects the covariance only (Lin & Lee 2010).
///
/// Refusals and flags: T < 2, a constant y or one constant within every unit, collinear regressors, a perfect fit,
/// non-convergence: typed errors. A spatial parameter at a bound of `(1/lambda_min, 1/lambda_max)` sets ``atBound``
/// with a warning; phi at its lower bound is a warning (the pooled spatial-error model fits as well).
public struct GeneralizedRandomEffectsRegression: Sendable, Codable {
    /// The restrictions imposed.
    public let form: GeneralizedRandomEffectsForm
    /// The response's name.
    public let yName: String
    /// The number of units N.
    public let n: Int
    /// The number of periods T.
    public let t: Int
    /// Intercept first, then the regressors.
    public let coefficients: [Coefficient]
    /// The spatial autoregressive parameter of the random effects, `mu = lambda_mu W mu + e_mu` (`nil` when
    /// restricted to 0; equal to ``lambda`` in the KKP form, where it is not a separate parameter).
    public let lambdaMu: Coefficient?
    /// The spatial autoregressive parameter of the remainder, `v_t = lambda W v_t + e_t` (`nil` when restricted to 0).
    public let lambda: Coefficient?
    /// `sigma_mu^2 / sigma_v^2`.
    public let phi: Coefficient
    /// The remainder's innovation variance `sigma_v^2`.
    public let sigma2: Double
    /// `phi * sigma_v^2`.
    public let sigma2Mu: Double
    /// The maximised log-likelihood.
    public let logLikelihood: Double
    /// `AIC = -2 ln L + 2 p`, p = ``parameterCount``.
    public let aic: Double
    /// `BIC = -2 ln L + p ln(NT)`, p = ``parameterCount``.
    public let bic: Double
    /// Coefficients, phi, the free spatial parameters and sigma_v^2.
    public let parameterCount: Int
    /// GLS covariance of the coefficients.
    public let covariance: Matrix
    /// Covariance of (phi, then the free spatial parameters in the order lambda_mu, lambda) from the numerical
    /// Hessian of the concentrated log-likelihood; ``errorComponentNames`` names the rows.
    public let errorComponentsCovariance: Matrix
    /// The rows of ``errorComponentsCovariance``.
    public let errorComponentNames: [String]
    /// How the standard errors were computed.
    public let standardErrors: String
    /// `y - X b` (the composite error), time-major.
    public let residuals: [Double]
    /// Warnings (a parameter at a bound), also printed by the summary.
    public let warnings: [String]
    /// A spatial parameter at a bound of its feasible interval (`nil` when none is).
    public let boundary: BoundaryHit?
    /// Whether a spatial parameter is at a bound (``boundary``).
    public var atBound: Bool { boundary != nil }
    /// The log-determinant the fit used (not encoded).
    public private(set) var logDeterminantUsed: (any LogDeterminant)? = nil

    enum CodingKeys: String, CodingKey {
        case form, yName = "y", n, t, coefficients, lambdaMu = "lambda_mu", lambda, phi, sigma2, sigma2Mu = "sigma2_mu"
        case logLikelihood = "log_likelihood", aic, bic, parameterCount = "parameters", covariance
        case errorComponentsCovariance = "error_components_covariance", errorComponentNames = "error_components"
        case standardErrors = "standard_errors", residuals, warnings, boundary
    }

    /// Fits the model in `form` (default: both spatial parameters free) on a balanced panel with W constant over time.
    /// - Parameter covariance: ``CovarianceEstimator/default`` (GLS and Hessian) or a robust, cluster (by unit) or
    ///   Driscoll-Kraay sandwich of the per-cell scores (above); ``covariance`` and ``errorComponentsCovariance``
    ///   then hold its blocks.
    public init(panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights, form: GeneralizedRandomEffectsForm = .general,
                logDeterminant: (any LogDeterminant)? = nil, covariance: CovarianceEstimator = .default) throws(ModelError) {
        try self.init(panel: panel, y: yName, x: xNames, weights: weights, form: form, logDeterminant: logDeterminant, hessianStep: 1e-3,
                      covariance: covariance)
    }

    init(panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights, form: GeneralizedRandomEffectsForm,
         logDeterminant: (any LogDeterminant)?, hessianStep: Double, covariance vce: CovarianceEstimator = .default) throws(ModelError) {
        try vce.checkMaximumLikelihood()
        let n = panel.unitCount, t = panel.periodCount
        guard t >= 2 else {
            throw .invalidArgument("the panel has one period ('\(panel.periods.first ?? "")'): random effects need at least 2 periods to separate "
                + "sigma_mu^2 from sigma_v^2; with one period fit the cross-section SEM (omit --unit and --time; library: SpatialRegression)")
        }
        let w = try weights.aligned(to: panel)
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let y = try column(yName)
        if ResponseCheck.isConstant(y) { throw .constantResponse(variable: yName) }
        if ResponseCheck.isConstant(PanelTransform.demean(y, n: n, t: t, effects: .individual), reference: ResponseCheck.meanMagnitude(y)) {
            throw .constantResponse(variable: yName, effects: PanelEffects.individual.rawValue)
        }
        let yMean = y.reduce(0, +) / Double(y.count)
        let tss = y.reduce(0) { $0 + ($1 - yMean) * ($1 - yMean) }
        var raw = [[Double](repeating: 1, count: n * t)]
        var names = ["(Intercept)"]
        for name in xNames { raw.append(try column(name)); names.append(name) }
        guard Set(names).count == names.count else { throw .invalidArgument("regressor names repeat: \(names.joined(separator: ", "))") }
        let k = raw.count
        guard n * t > k + 4 else { throw .invalidArgument("\(n * t) observations for \(k) regressors and 4 variance parameters") }
        let ld: any LogDeterminant
        if let logDeterminant { ld = logDeterminant } else { ld = try w.modelLogDeterminant(searching: false) }
        let gls = try RandomEffectsErrorGLS(weights: w.matrix, n: n, t: t, columns: [y] + raw)
        let likelihood = GeneralizedRandomEffectsLikelihood(n: n, t: t, gls: gls, logDeterminant: ld, form: form)
        guard let pooled = gls.fit(lambda: 0, phi: 0) else {
            let xr: Matrix
            do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
            throw .collinear(OrdinaryLeastSquares.dependentColumns(xr).map { names[$0] })
        }
        if ResponseCheck.isPerfectFit(sse: pooled.sse, tss: tss) { throw .perfectFit }

        let estimate = try likelihood.maximize()
        let full = likelihood.full(estimate)
        guard let fit = gls.fit(lambda: full.lambda, lambdaMu: full.lambdaMu, phi: full.phi) else {
            throw .numerical("GSPRE likelihood undefined at the estimate (phi = \(full.phi), lambda_mu = \(full.lambdaMu), lambda = \(full.lambda))")
        }
        guard !ResponseCheck.isPerfectFit(sse: fit.sse, tss: tss) else { throw .perfectFit }
        let nt = Double(n * t)
        let s2 = fit.sse / nt
        var warnings = [String]()
        if estimate[0] - GeneralizedRandomEffectsLikelihood.logPhiRange.lowerBound < 1e-3 {
            warnings.append("phi = sigma_mu^2/sigma_v^2 is at its lower bound (about 0): the pooled spatial-error model fits as well")
        }
        let boundary = BoundaryStatus.hit([("lambda_mu", form.freeEffectsParameter ? full.lambdaMu : nil),
                                           ("lambda", form.freeErrorParameter ? full.lambda : nil)], in: ld.interval)
        if let boundary { warnings.append(boundary.error.description) }
        var cov: Matrix
        do { cov = try Cholesky(fit.xtx).inverse() } catch { throw .numerical("GLS covariance: \(error)") }
        for i in cov.elements.indices { cov.elements[i] *= s2 }
        // Error components in (phi, free spatial parameters): the Hessian of the concentrated log-likelihood.
        let theta = [full.phi] + Array(estimate.dropFirst())
        func concentrated(_ p: [Double]) -> Double {
            guard p[0] > 0 else { return .nan }
            return likelihood.value([log(p[0])] + Array(p.dropFirst())) ?? .nan
        }
        var negative = NumericalDerivatives.hessian(concentrated, at: theta, step: hessianStep)
        for i in negative.elements.indices { negative.elements[i] = -negative.elements[i] }
        var ecov = Matrix(rows: theta.count, columns: theta.count, repeating: .nan)
        if let inv = try? LUDecomposition(negative).inverse(), inv.diagonalElements.allSatisfy({ $0 > 0 }) { ecov = inv } else {
            warnings.append("the Hessian of the concentrated likelihood in (phi, spatial parameters) is not negative definite: "
                + (vce == .default ? "no standard errors for them"
                                   : "the estimate may not be a maximum, so the sandwich standard errors reported for them are doubtful"))
        }
        let componentNames = ["phi"] + likelihood.freeNames
        var label = "beta: GLS sigma_v^2 (X'Omega^-1 X)^-1; \(componentNames.joined(separator: ", ")): inverse negative Hessian of the concentrated log-likelihood (finite differences)"
        if vce != .default {
            let xr: Matrix
            do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
            let fitted = (try? xr.multiply(fit.beta)) ?? [Double](repeating: .nan, count: n * t)
            let parameters: [RandomEffectsErrorSandwich.Parameter]
            switch form {
            case .general: parameters = [.phi, .lambdaMu, .lambda]
            case .kkp: parameters = [.phi, .common]
            case .anselin: parameters = [.phi, .lambda]
            case .effectsOnly: parameters = [.phi, .lambdaMu]
            }
            let robust = try RandomEffectsErrorSandwich.covariance(vce, x: xr, residuals: (0..<(n * t)).map { y[$0] - fitted[$0] }, weights: w.matrix,
                                                                  n: n, t: t, phi: full.phi, lambdaMu: full.lambdaMu, lambda: full.lambda, sigma2: s2,
                                                                  parameters: parameters, names: componentNames.joined(separator: ", "))
            let v = robust.covariance, q = theta.count
            for i in 0..<k { for j in 0..<k { cov[i, j] = v[i, j] } }
            ecov = Matrix(rows: q, columns: q)
            for i in 0..<q { for j in 0..<q { ecov[i, j] = v[k + i, k + j] } }
            label = robust.label
        }
        func component(_ name: String) -> Coefficient? {
            guard let i = componentNames.firstIndex(of: name) else { return nil }
            return Coefficient(name: name, estimate: theta[i], stdError: ecov[i, i].squareRoot())
        }
        self.form = form; self.yName = yName; self.n = n; self.t = t
        coefficients = names.indices.map { Coefficient(name: names[$0], estimate: fit.beta[$0], stdError: cov[$0, $0].squareRoot()) }
        switch form {
        case .general, .effectsOnly: lambdaMu = component("lambda_mu")
        case .kkp: lambdaMu = component("lambda").map { Coefficient(name: "lambda_mu", estimate: $0.estimate, stdError: $0.stdError) }
        case .anselin: lambdaMu = nil
        }
        lambda = component("lambda")
        phi = Coefficient(name: "phi", estimate: full.phi, stdError: ecov[0, 0].squareRoot())
        sigma2 = s2
        sigma2Mu = full.phi * s2
        logLikelihood = likelihood.value(estimate) ?? .nan
        parameterCount = k + theta.count + 1
        let criteria = InformationCriteria(logLikelihood: logLikelihood, parameters: parameterCount, observations: nt)
        aic = criteria.aic
        bic = criteria.bic
        covariance = cov
        errorComponentsCovariance = ecov
        errorComponentNames = componentNames
        standardErrors = label
        let xr: Matrix
        do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
        let fitted = (try? xr.multiply(fit.beta)) ?? [Double](repeating: .nan, count: n * t)
        residuals = (0..<(n * t)).map { y[$0] - fitted[$0] }
        self.warnings = warnings
        self.boundary = boundary
        logDeterminantUsed = ld
    }
}

extension GeneralizedRandomEffectsRegression {
    /// Fits with the options value the other fits take (the log-determinant and `covariance` are used); Hessian
    /// standard errors are refused as for ``RandomEffectsRegression``.
    public init(panel: Panel, y: String, x: [String], weights: SpatialWeights, form: GeneralizedRandomEffectsForm = .general,
                options: FitOptions) throws(ModelError) {
        try options.checkRandomEffectsStandardErrors()
        try self.init(panel: panel, y: y, x: x, weights: weights, form: form,
                      logDeterminant: options.requestedLogDeterminant(weights.aligned(to: panel)), covariance: options.covariance)
    }

    /// The paper table: coefficients, then lambda_mu, lambda and phi, with the variance components stated.
    public var table: Table {
        var t = coefficientTable(title: "Generalized spatial panel random effects (GSPRE, \(form.rawValue) form, ML): \(yName)",
                                 coefficients: coefficients, spatial: [lambdaMu, lambda, phi].compactMap { $0 }, durbin: false, statistic: "z")
        let restriction: String
        switch form {
        case .general: restriction = "mu = lambda_mu W mu + e_mu, v_t = lambda W v_t + e_t"
        case .kkp: restriction = "lambda_mu = lambda (Kapoor, Kelejian & Prucha)"
        case .anselin: restriction = "lambda_mu = 0 (Anselin; the random-effects SEM)"
        case .effectsOnly: restriction = "lambda = 0 (spatially correlated effects only)"
        }
        t.notes = ["N = \(n), T = \(self.t); \(restriction); phi = sigma_mu^2 / sigma_v^2",
                   "sigma_v^2 = \(Format.fixed(sigma2, 6)); sigma_mu^2 = \(Format.fixed(sigma2Mu, 6)); log-likelihood = \(Format.fixed(logLikelihood, 4))",
                   "Standard errors: \(standardErrors)", Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table; a fit at a bound of its feasible interval opens with the warning (``BoundaryStatus``).
    public var summary: String { BoundaryStatus.banner(boundary) + table.text }
}
