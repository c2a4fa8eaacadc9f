import Foundation

/// Random-effects spatial panel models by maximum likelihood (Elhorst 2003, 2014 ch. 3; Baltagi, Song & Koh 2003;
/// splm `spml(model = "random")`), balanced panels, W constant over time, `u_it = mu_i + e_it`,
/// `mu_i ~ (0, sigma_mu^2)`, `phi = sigma_mu^2 / sigma^2`:
///
/// - `sar`, `sdm` (Durbin terms `W X` added): `y = rho W y + X b + u`. With `psi = 1 - 1/sqrt(1 + T phi)` and the
///   quasi-demeaned data `v* = v - psi vbar_i`,
///   `ln L = -NT/2 ln(2 pi sigma^2) - N/2 ln(1 + T phi) + T ln|I - rho W| - e*'e*/(2 sigma^2)`.
/// - `sem`, `sdem`: `y = X b + u`, `u = (iota_T kron mu) + e`, `e_t = lambda W e_t + v_t` (splm's
///   `spatial.error = "b"`). With `B = I - lambda W`, `M = B'B` and `Omega = J_T/T kron (T phi I + M^-1) + E_T kron M^-1`,
///   `ln L = -NT/2 ln(2 pi sigma^2) - 1/2 ln|I + T phi M| + T ln|B| - u'Omega^-1 u/(2 sigma^2)`, the quadratic form
///   and `ln|I + T phi M|` by sparse Cholesky (`RandomEffectsErrorGLS`).
///
/// beta (GLS) and sigma^2 are concentrated out; the likelihood (`RandomEffectsLikelihood`) is maximised over the
/// spatial parameter by Brent's method with, for each value, the best `ln phi` by an inner Brent search; for lag and
/// non-spatial models Newton steps on ln phi (analytical score) then alternate with the likelihood engine's Newton
/// steps on rho at the estimated phi (``ConcentratedLikelihood/lag(_:jacobian:start:)``: at a given phi the model is
/// a lag model on quasi-demeaned data) until neither moves by more than 1e-12. Standard errors: beta from the GLS formula
/// `sigma^2 (X'Omega^-1 X)^-1` at the estimates (as splm); phi and rho / lambda from the inverse of the negative
/// Hessian of the concentrated log-likelihood in (phi, rho or lambda), by Richardson-extrapolated finite differences
/// (splm uses `nlme::fdHess` of the same function). `sigma2` is the idiosyncratic variance `sigma_e^2`.
///
/// The error model's quadratic forms and log-determinant come from sparse Cholesky factorisations
/// (`RandomEffectsErrorGLS`): no N x N matrix.
///
/// Refusals and flags: a constant y, or a y constant within every unit (zero idiosyncratic variance), throws
/// ``ModelError/constantResponse(variable:effects:)``; an essentially perfect fit (`SSE <= 1e-12 TSS`)
/// ``ModelError/perfectFit``; an optimiser that does not converge ``ModelError/noConvergence(_:)``. A spatial
/// parameter at a bound (``BoundaryStatus``) sets ``atBound`` with a warning.
public struct RandomEffectsRegression: Sendable, Codable {
    /// `nil` for the non-spatial random-effects model.
    public let model: SpatialModel?
    /// The response's name.
    public let yName: String
    public let n: Int
    /// The number of periods T.
    public let t: Int
    /// Intercept first, then the regressors (and `W_<x>` for Durbin models).
    public let coefficients: [Coefficient]
    /// The spatial lag parameter rho with its standard error (`nil` for the error and non-spatial models).
    public let rho: Coefficient?
    /// The spatial error parameter lambda with its standard error (`nil` for the lag and non-spatial models).
    public let lambda: Coefficient?
    /// `sigma_mu^2 / sigma_e^2`.
    public let phi: Coefficient
    /// The idiosyncratic variance `sigma_e^2`.
    public let sigma2: Double
    /// `phi * sigma_e^2`.
    public let sigma2Mu: Double
    /// The maximised log-likelihood.
    public let logLikelihood: Double
    /// `AIC = -2 ln L + 2 p`, p = ``parameterCount``.
    public let aic: Double
    /// `BIC = -2 ln L + p ln(NT)`, p = ``parameterCount``.
    public let bic: Double
    /// Number of estimated parameters counted in AIC/BIC (coefficients, phi, the spatial parameter if any,
    /// sigma_e^2).
    public let parameterCount: Int
    /// GLS covariance of the coefficients.
    public let covariance: Matrix
    /// Covariance of (phi, rho or lambda) from the numerical Hessian of the concentrated log-likelihood.
    public let errorComponentsCovariance: Matrix
    /// Lag models: covariance of (coefficients..., rho) from the numerical Hessian of the full log-likelihood, for
    /// the inference on effects (which needs the beta-rho covariance that the GLS formula leaves out).
    public let effectsCovariance: Matrix?
    public let standardErrors: String
    /// `y - rho W y - X b` (the composite error `mu_i + e_it`), time-major.
    public let residuals: [Double]
    /// Warnings about the fit (a spatial parameter at a bound), also printed by the summary.
    public let warnings: [String]
    /// Whether rho or lambda is at a bound of its feasible interval (``BoundaryStatus``); see ``boundary``.
    public var atBound: Bool { storedAtBound ?? false }
    /// The spatial parameter at a bound, its estimate and the bound (`nil` when none is).
    public let boundary: BoundaryHit?
    /// Optional in storage so that JSON written before the field existed still decodes.
    let storedAtBound: Bool?
    /// The weights the model was fitted with, in the panel's unit order (`nil` for the non-spatial model and after
    /// decoding: effects then take W again).
    public private(set) var weightsUsed: SpatialWeights? = nil
    /// The log-determinant the fit used (not encoded).
    public private(set) var logDeterminantUsed: (any LogDeterminant)? = nil

    enum CodingKeys: String, CodingKey {
        case model, yName = "y", n, t, coefficients, rho, lambda, phi, sigma2, sigma2Mu = "sigma2_mu", logLikelihood = "log_likelihood"
        case aic, bic, parameterCount = "parameters", covariance, errorComponentsCovariance = "error_components_covariance"
        case effectsCovariance = "effects_covariance"
        case standardErrors = "standard_errors", residuals, warnings, storedAtBound = "at_bound", boundary
    }

    /// Fits the random-effects `model` (`.sar`, `.sdm`, `.sem` or `.sdem`).
    /// - Parameter covariance: ``CovarianceEstimator/default`` (GLS and Hessian), or for the lag models (sar, sdm) a
    ///   robust, cluster (by unit) or Driscoll-Kraay sandwich of the quasi-demeaned (whitened) cells' scores in
    ///   `(beta, rho, phi, sigma_e^2)`, the bread the inverse analytical information matrix (Lin & Lee 2010: it
    ///   corrects the covariance only); ``covariance``, ``errorComponentsCovariance`` and
    ///   ``effectsCovariance`` then hold its blocks. For sem and sdem the sandwich of the per-cell decomposition of
    ///   the Gaussian score in `(beta, lambda, phi, sigma_e^2)`, the bread the inverse analytical information matrix
    ///   (`RandomEffectsErrorSandwich`: cluster sums each unit's cells, Driscoll-Kraay each period's), up to 1,000
    ///   units (dense N x N matrices; refused above).
    public init(_ model: SpatialModel = .sar, panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights,
                logDeterminant: (any LogDeterminant)? = nil, covariance: CovarianceEstimator = .default) throws(ModelError) {
        guard model != .slx, model != .sac else { throw .invalidArgument("random-effects models are sar, sdm, sem and sdem") }
        let w = try weights.aligned(to: panel)
        try self.init(model: model, panel: panel, y: yName, x: xNames, weights: w, logDeterminant: logDeterminant, extra: [], covariance: covariance)
    }

    /// The non-spatial random-effects model by maximum likelihood (phi = sigma_mu^2 / sigma_e^2); `covariance` as for
    /// the lag models (a sandwich of the quasi-demeaned cells' scores in (beta, phi, sigma_e^2)).
    public static func nonSpatial(panel: Panel, y: String, x: [String], covariance: CovarianceEstimator = .default) throws(ModelError) -> RandomEffectsRegression {
        try RandomEffectsRegression(model: nil, panel: panel, y: y, x: x, weights: nil, logDeterminant: nil, extra: [], covariance: covariance)
    }

    /// `extra`: further regressors (name, time-major values) appended after the others, e.g. the unit means of a
    /// Mundlak regression.
    init(model: SpatialModel?, panel: Panel, y yName: String, x xNames: [String], weights w: SpatialWeights?,
         logDeterminant: (any LogDeterminant)?, extra: [(String, [Double])], hessianStep: Double = 1e-3,
         covariance vce: CovarianceEstimator = .default) throws(ModelError) {
        let n = panel.unitCount, t = panel.periodCount
        try vce.checkMaximumLikelihood()
        guard t >= 2 else {
            throw .invalidArgument("the panel has one period ('\(panel.periods.first ?? "")'): random effects need at least 2 periods to separate "
                + "sigma_mu^2 from sigma_e^2; with one period fit the cross-section (omit --unit and --time; library: SpatialRegression)")
        }
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let y = try column(yName)
        let magnitude = ResponseCheck.meanMagnitude(y)
        if ResponseCheck.isConstant(y) { throw .constantResponse(variable: yName) }
        // Constant within every unit: the idiosyncratic variance is zero.
        if ResponseCheck.isConstant(PanelTransform.demean(y, n: n, t: t, effects: .individual), reference: magnitude) {
            throw .constantResponse(variable: yName, effects: PanelEffects.individual.rawValue)
        }
        let yMean = y.reduce(0, +) / Double(y.count)
        let tss = y.reduce(0) { $0 + ($1 - yMean) * ($1 - yMean) }
        var raw = [[Double](repeating: 1, count: n * t)]
        var names = ["(Intercept)"]
        for name in xNames { raw.append(try column(name)); names.append(name) }
        let lag = model?.hasLag ?? false, error = model?.hasError ?? false
        if let model, model.hasDurbin, let w {
            for j in (w.hasConstantRowSums ? 1 : 0)..<raw.count {
                raw.append(try PanelTransform.lag(raw[j], weights: w, t: t)); names.append("W_" + names[j])
            }
        }
        for (name, v) in extra { raw.append(v); names.append(name) }
        guard Set(names).count == names.count else { throw .invalidArgument("regressor names repeat: \(names.joined(separator: ", "))") }
        let k = raw.count
        guard n * t > k + 2 else { throw .invalidArgument("\(n * t) observations for \(k) regressors") }
        let nt = Double(n * t)
        var ld: (any LogDeterminant)? = nil
        var wy = [Double](repeating: 0, count: n * t)
        if let w, lag || error {
            if let given = logDeterminant { ld = given } else { ld = try w.modelLogDeterminant(searching: false) }
            if lag { wy = try PanelTransform.lag(y, weights: w, t: t) }
        }
        // Error models: the quadratic forms of Omega^-1 by sparse Cholesky (RandomEffectsErrorGLS), no n x n matrix.
        var gls: RandomEffectsErrorGLS? = nil
        if error, let w { gls = try RandomEffectsErrorGLS(weights: w.matrix, n: n, t: t, columns: [y] + raw) }
        let likelihood = RandomEffectsLikelihood(n: n, t: t, y: y, raw: raw, wy: wy, names: names, lag: lag, error: error,
                                                 logDeterminant: ld, gls: gls)
        // Collinearity and perfect-fit checks at phi = 0 (the pooled design).
        guard let pooled = likelihood.profile(0)(-30) else {
            let xr: Matrix
            do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
            throw .collinear(OrdinaryLeastSquares.dependentColumns(xr).map { names[$0] })
        }
        if ResponseCheck.isPerfectFit(sse: pooled.sse, tss: tss) { throw .perfectFit }
        let (sHat, lpHat) = try likelihood.maximize()
        let phiRange = RandomEffectsLikelihood.logPhiRange
        let interval = ld?.interval ?? 0...0
        let spatialName = lag ? "rho" : "lambda"
        guard let fit = likelihood.profile(sHat)(lpHat) else { throw .numerical("random-effects likelihood undefined at the estimate") }
        var warnings = [String]()
        if lpHat - phiRange.lowerBound < 1e-3 {
            warnings.append("phi = sigma_mu^2/sigma^2 is at its lower bound (about 0): the pooled model fits as well")
        }
        guard !ResponseCheck.isPerfectFit(sse: fit.sse, tss: tss) else { throw .perfectFit }
        let boundary = (lag || error) ? BoundaryStatus.hit([(spatialName, sHat)], in: interval) : nil
        if let boundary { warnings.append(boundary.error.description) }
        self.boundary = boundary; storedAtBound = boundary != nil
        let s2 = fit.sse / nt
        var cov: Matrix
        do { cov = try Cholesky(fit.xtx).inverse() } catch { throw .numerical("GLS covariance: \(error)") }
        for i in cov.elements.indices { cov.elements[i] *= s2 }
        // Error components: Hessian of the concentrated log-likelihood in (phi, s).
        let phiHat = exp(lpHat)
        func concentrated(_ p: [Double]) -> Double {
            guard p[0] > 0, let v = likelihood.profile(p.count > 1 ? p[1] : 0)(log(p[0])) else { return .nan }
            return v.value
        }
        let theta = (lag || error) ? [phiHat, sHat] : [phiHat]
        let hess = NumericalDerivatives.hessian(concentrated, at: theta, step: hessianStep)
        var ecov = Matrix(rows: theta.count, columns: theta.count, repeating: .nan)
        var negative = hess
        for i in negative.elements.indices { negative.elements[i] = -negative.elements[i] }
        if let inv = try? LUDecomposition(negative).inverse(), inv.diagonalElements.allSatisfy({ $0 > 0 }) { ecov = inv } else {
            warnings.append("the Hessian of the concentrated likelihood in (phi, spatial parameter) is not negative definite: "
                + (vce == .default ? "no standard errors for them"
                                   : "the estimate may not be a maximum, so the sandwich standard errors reported for them are doubtful"))
        }
        // The full covariance of (beta, rho) for effects inference: inverse negative Hessian of the unconcentrated
        // log-likelihood in (beta, rho, phi, sigma^2) (the GLS formula ignores the beta-rho covariance).
        var lagCovariance: Matrix? = nil
        if lag {
            func full(_ p: [Double]) -> Double {
                likelihood.fullLogLikelihood(beta: Array(p[0..<k]), rho: p[k], phi: p[k + 1], sigma2: p[k + 2])
            }
            var h = NumericalDerivatives.hessian(full, at: fit.beta + [sHat, phiHat, s2], step: hessianStep)
            for i in h.elements.indices { h.elements[i] = -h.elements[i] }
            if let inv = try? LUDecomposition(h).inverse(), (0...k).allSatisfy({ inv[$0, $0] > 0 }) {
                var c = Matrix(rows: k + 1, columns: k + 1)
                for i in 0...k { for j in 0...k { c[i, j] = inv[i, j] } }
                lagCovariance = c
            }
        }
        var label = "beta: GLS sigma^2 (X'Omega^-1 X)^-1; phi and \(lag ? "rho" : error ? "lambda" : "nothing else"): inverse negative Hessian of the concentrated log-likelihood (finite differences)"
        if vce != .default, error, let w {
            // The error models: the per-cell Gaussian scores in (beta, lambda, phi, sigma^2) (RandomEffectsErrorSandwich).
            let xr: Matrix
            do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
            let fitted = (try? xr.multiply(fit.beta)) ?? [Double](repeating: .nan, count: n * t)
            let robust = try RandomEffectsErrorSandwich.covariance(vce, x: xr, residuals: (0..<(n * t)).map { y[$0] - fitted[$0] }, weights: w.matrix,
                                                                  n: n, t: t, phi: phiHat, lambdaMu: 0, lambda: sHat, sigma2: s2,
                                                                  parameters: [.lambda, .phi], names: "lambda, phi")
            let v = robust.covariance
            for i in 0..<k { for j in 0..<k { cov[i, j] = v[i, j] } }
            ecov = Matrix(rows: 2, columns: 2)
            ecov[0, 0] = v[k + 1, k + 1]; ecov[1, 1] = v[k, k]; ecov[0, 1] = v[k + 1, k]; ecov[1, 0] = v[k, k + 1]
            label = robust.label
        } else if vce != .default {
            // The sandwich of (beta, rho?, phi, sigma^2): its (beta, rho?) blocks for the coefficients and effects,
            // (phi, rho?) for the error components.
            let robust = try Self.sandwich(vce, likelihood: likelihood, weights: w, beta: fit.beta, rho: lag ? sHat : nil, phi: phiHat, sigma2: s2)
            let v = robust.covariance, r = lag ? 1 : 0
            for i in 0..<k { for j in 0..<k { cov[i, j] = v[i, j] } }
            ecov = Matrix(rows: theta.count, columns: theta.count)
            ecov[0, 0] = v[k + r, k + r]
            if lag {
                ecov[1, 1] = v[k, k]; ecov[0, 1] = v[k + 1, k]; ecov[1, 0] = v[k, k + 1]
                var c = Matrix(rows: k + 1, columns: k + 1)
                for i in 0...k { for j in 0...k { c[i, j] = v[i, j] } }
                lagCovariance = c
            }
            label = robust.label
        }
        self.model = model; self.yName = yName; self.n = n; self.t = t
        coefficients = names.indices.map { Coefficient(name: names[$0], estimate: fit.beta[$0], stdError: cov[$0, $0].squareRoot()) }
        let spatial = theta.count > 1 ? Coefficient(name: lag ? "rho" : "lambda", estimate: sHat, stdError: ecov[1, 1].squareRoot()) : nil
        rho = lag ? spatial : nil
        lambda = error ? spatial : nil
        phi = Coefficient(name: "phi", estimate: phiHat, stdError: ecov[0, 0].squareRoot())
        sigma2 = s2
        sigma2Mu = phiHat * s2
        logLikelihood = fit.value
        parameterCount = k + theta.count + 1
        let criteria = InformationCriteria(logLikelihood: fit.value, parameters: parameterCount, observations: nt)
        aic = criteria.aic
        bic = criteria.bic
        covariance = cov
        errorComponentsCovariance = ecov
        effectsCovariance = lagCovariance
        standardErrors = label
        let xr: Matrix
        do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
        let fitted = (try? xr.multiply(fit.beta)) ?? [Double](repeating: .nan, count: n * t)
        residuals = (0..<(n * t)).map { y[$0] - (lag ? sHat * wy[$0] : 0) - fitted[$0] }
        self.warnings = warnings
        weightsUsed = w
        logDeterminantUsed = ld
    }
}
