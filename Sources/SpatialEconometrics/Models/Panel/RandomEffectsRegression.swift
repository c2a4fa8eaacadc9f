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
///   and `ln|I + T phi M|` by sparse Cholesky (``RandomEffectsErrorGLS``).
///
/// beta (GLS) and sigma^2 are concentrated out; the likelihood is maximised over the spatial parameter by Brent's
/// method with, for each value, the best `ln phi` by an inner Brent search (``ConcentratedLikelihood/maximize(_:in:relativeTolerance:absoluteTolerance:_:)``);
/// for lag models rho is then polished by the likelihood engine's Newton steps at the estimated phi
/// (``ConcentratedLikelihood/lag(_:jacobian:start:)``: at a given phi the model is a lag model on quasi-demeaned data),
/// alternating with phi until rho moves less than 1e-12. Standard errors: beta from the GLS formula
/// `sigma^2 (X'Omega^-1 X)^-1` at the estimates (as splm); phi and rho / lambda from the inverse of the negative
/// Hessian of the concentrated log-likelihood in (phi, rho or lambda), by Richardson-extrapolated finite differences
/// (splm uses `nlme::fdHess` of the same function). `sigma2` is the idiosyncratic variance `sigma_e^2`.
///
/// The error model's quadratic forms and log-determinant come from sparse Cholesky factorisations
/// (``RandomEffectsErrorGLS``): no N x N matrix.
///
/// Refusals and flags: a constant y, or a y constant within every unit (zero idiosyncratic variance), throws
/// ``ModelError/constantResponse(variable:effects:)``; an essentially perfect fit (`SSE <= 1e-12 TSS`)
/// ``ModelError/perfectFit``; an optimiser that does not converge ``ModelError/noConvergence(_:)``. A spatial
/// parameter at a bound (``BoundaryStatus``) sets ``atBound`` with a warning.
public struct RandomEffectsRegression: Sendable, Codable {
    /// `nil` for the non-spatial random-effects model.
    public let model: SpatialModel?
    public let yName: String
    public let n: Int
    public let t: Int
    /// Intercept first, then the regressors (and `W_<x>` for Durbin models).
    public let coefficients: [Coefficient]
    public let rho: Coefficient?
    public let lambda: Coefficient?
    /// `sigma_mu^2 / sigma_e^2`.
    public let phi: Coefficient
    /// The idiosyncratic variance `sigma_e^2`.
    public let sigma2: Double
    /// `phi * sigma_e^2`.
    public let sigma2Mu: Double
    public let logLikelihood: Double
    public let aic: Double
    public let bic: Double
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
    public init(_ model: SpatialModel = .sar, panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights,
                logDeterminant: (any LogDeterminant)? = nil) throws(ModelError) {
        guard model != .slx, model != .sac else { throw .invalidArgument("random-effects models are sar, sdm, sem and sdem") }
        let w = try weights.aligned(to: panel)
        try self.init(model: model, panel: panel, y: yName, x: xNames, weights: w, logDeterminant: logDeterminant, extra: [])
    }

    /// The non-spatial random-effects model by maximum likelihood (phi = sigma_mu^2 / sigma_e^2).
    public static func nonSpatial(panel: Panel, y: String, x: [String]) throws(ModelError) -> RandomEffectsRegression {
        try RandomEffectsRegression(model: nil, panel: panel, y: y, x: x, weights: nil, logDeterminant: nil, extra: [])
    }

    /// `extra`: further regressors (name, time-major values) appended after the others, e.g. the unit means of a
    /// Mundlak regression.
    init(model: SpatialModel?, panel: Panel, y yName: String, x xNames: [String], weights w: SpatialWeights?,
         logDeterminant: (any LogDeterminant)?, extra: [(String, [Double])], hessianStep: Double = 1e-3) throws(ModelError) {
        let n = panel.unitCount, t = panel.periodCount
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
        let nt = Double(n * t), tt = Double(t)
        var ld: (any LogDeterminant)? = nil
        var wy = [Double](repeating: 0, count: n * t)
        if let w, lag || error {
            if let given = logDeterminant { ld = given } else { ld = try w.modelLogDeterminant() }
            if lag { wy = try PanelTransform.lag(y, weights: w, t: t) }
        }
        func unitMeans(_ v: [Double]) -> [Double] {
            var m = [Double](repeating: 0, count: n)
            for p in 0..<t { for i in 0..<n { m[i] += v[p * n + i] } }
            return m.map { $0 / tt }
        }
        let columns = [y] + raw
        let means = columns.map(unitMeans)
        let wyBar = unitMeans(wy)

        /// The GLS-transformed data at (s, ln phi) and the log-determinant terms of the likelihood, for a fixed
        /// spatial parameter s (lag and non-spatial models: quasi-demeaning with psi = 1 - 1/sqrt(1 + T phi)).
        typealias Transformed = (y: [Double], x: Matrix, logDeterminants: Double)
        // Error models: the quadratic forms of Omega^-1 by sparse Cholesky (RandomEffectsErrorGLS), no n x n matrix.
        var gls: RandomEffectsErrorGLS? = nil
        if error, let w { gls = try RandomEffectsErrorGLS(weights: w.matrix, n: n, t: t, columns: columns) }
        func transform(_ s: Double) -> ((Double) -> Transformed?)? {
            let jac = lag ? (ld.map { tt * $0.value(s) } ?? 0) : 0
            return { logPhi in
                let ph = exp(logPhi)
                let psi = 1 - 1 / (1 + tt * ph).squareRoot()
                let ys = (0..<(n * t)).map { (y[$0] - psi * means[0][$0 % n]) - s * (wy[$0] - psi * wyBar[$0 % n]) }
                guard let xs = try? Matrix(columnArrays: raw.indices.map { c in (0..<(n * t)).map { raw[c][$0] - psi * means[c + 1][$0 % n] } }) else { return nil }
                return (ys, xs, -Double(n) / 2 * log(1 + tt * ph) + jac)
            }
        }
        /// The likelihood concentrated in beta (GLS) and sigma^2, as a function of ln phi for a fixed s, with
        /// `X' Omega^-1 X` for the GLS covariance.
        typealias Profile = (value: Double, beta: [Double], sse: Double, xtx: Matrix)
        func prepare(_ s: Double) -> ((Double) -> Profile?)? {
            if let gls, let ld {
                let jacobian = tt * ld.value(s)
                return { logPhi in
                    guard let r = gls.fit(lambda: s, phi: exp(logPhi)) else { return nil }
                    // sse = 0 (an exact fit) is reported by the perfect-fit check, not mistaken for collinearity.
                    let value = r.sse > 0 ? -nt / 2 * (log(2 * Double.pi * r.sse / nt) + 1) - r.logDeterminant / 2 + jacobian : .infinity
                    return (value, r.beta, r.sse, r.xtx)
                }
            }
            guard let f = transform(s) else { return nil }
            return { logPhi in
                guard let d = f(logPhi), let ls = try? LeastSquares(x: d.x, y: d.y), ls.aliasedColumns.isEmpty, let xtx = try? d.x.crossProduct else { return nil }
                let sse = ls.residuals.reduce(0) { $0 + $1 * $1 }
                return (-nt / 2 * (log(2 * Double.pi * sse / nt) + 1) + d.logDeterminants, ls.coefficients, sse, xtx)
            }
        }
        // Collinearity check at phi = 0 (pooled OLS design).
        if let atZero = prepare(0) {
            guard let pooled = atZero(-30) else {
                let xr: Matrix
                do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
                throw .collinear(OrdinaryLeastSquares.dependentColumns(xr).map { names[$0] })
            }
            if ResponseCheck.isPerfectFit(sse: pooled.sse, tss: tss) { throw .perfectFit }
        }
        let phiRange = (-25.0)...(12.0)
        func best(_ s: Double) -> (logPhi: Double, value: Double) {
            guard let f = prepare(s) else { return (0, -.infinity) }
            let r = BrentMinimizer.minimize({ f($0).map { -$0.value } ?? .infinity }, in: phiRange)
            return (r.x, -r.value)
        }
        /// d ln L / d ln phi at (rho, ln phi) for the lag and non-spatial models, by the envelope theorem: with
        /// `u = y - rho W y - X b` at the GLS beta, `e* = u - psi ubar`, `psi = 1 - (1 + T phi)^-1/2`,
        /// `dSSE/dpsi = -2 e*'ubar` and `d psi/d phi = T/2 (1 + T phi)^-3/2`, so
        /// `d ln L/d phi = -NT/2 (dSSE/dphi) / SSE - N T / (2 (1 + T phi))`.
        func logPhiScore(_ logPhi: Double, rho s: Double) -> Double? {
            guard let f = transform(s), let d = f(logPhi), let ls = try? LeastSquares(x: d.x, y: d.y), ls.aliasedColumns.isEmpty else { return nil }
            let ph = exp(logPhi), a = 1 + tt * ph
            let beta = ls.coefficients
            var ubar = [Double](repeating: 0, count: n)
            for p in 0..<t {
                for i in 0..<n {
                    let o = p * n + i
                    var u = y[o] - s * wy[o]
                    for c in raw.indices { u -= raw[c][o] * beta[c] }
                    ubar[i] += u / tt
                }
            }
            var sse = 0.0, cross = 0.0
            for o in 0..<(n * t) { let e = ls.residuals[o]; sse += e * e; cross += e * ubar[o % n] }
            guard sse > 0 else { return nil }
            let dSSEdPhi = -2 * cross * tt / 2 * pow(a, -1.5)
            return ph * (-nt / 2 * dSSEdPhi / sse - Double(n) * tt / (2 * a))
        }
        /// Newton steps on ln phi at fixed rho (derivative of the analytical score by central differences), each taken
        /// only when the likelihood does not decrease beyond 1e-12 relative; stops below a 1e-12 relative step.
        func polishLogPhi(from start: Double, rho s: Double) -> Double {
            guard let f = prepare(s) else { return start }
            var lp = start, current = f(start)?.value ?? -.infinity
            for _ in 0..<8 {
                let h = 1e-5 * max(1, abs(lp))
                guard let g = logPhiScore(lp, rho: s), let up = logPhiScore(lp + h, rho: s), let down = logPhiScore(lp - h, rho: s) else { break }
                let curvature = (up - down) / (2 * h)
                guard curvature < 0, curvature.isFinite, g.isFinite else { break }
                let next = lp - g / curvature
                guard phiRange.contains(next), let value = f(next)?.value, value >= current - 1e-12 * abs(current) else { break }
                let step = abs(next - lp)
                lp = next
                current = value
                if step <= 1e-12 * max(1, abs(lp)) { break }
            }
            return lp
        }
        let interval = ld?.interval ?? 0...0
        let spatialName = lag ? "rho" : "lambda"
        var sHat = 0.0
        if lag || error { sHat = try ConcentratedLikelihood.maximize(spatialName, in: interval) { best($0).value }.x }
        func bestLogPhi(_ s: Double) throws(ModelError) -> Double {
            guard let f = prepare(s) else { throw .numerical("random-effects likelihood undefined at the estimate") }
            return try ConcentratedLikelihood.maximize("ln phi", in: phiRange) { f($0)?.value }.x
        }
        var lpHat = try bestLogPhi(sHat)
        if !error {
            // Brent locates the maximum in ln phi and rho only to about sqrt(eps) (the likelihood is flat there).
            // Newton steps take both to rounding: on ln phi with the analytical score at fixed rho, on rho with the
            // likelihood engine at fixed phi (there the model is a lag model on quasi-demeaned data,
            // SSE(rho) = |e0 - rho eL|^2), alternating until neither moves by more than 1e-12.
            let jacobian = ld.map { LikelihoodJacobian(logDeterminant: $0, multiplier: tt) }
            for _ in 0..<6 {
                let polishedPhi = polishLogPhi(from: lpHat, rho: sHat)
                var moved = abs(polishedPhi - lpHat) / max(1, abs(lpHat))
                lpHat = polishedPhi
                if lag, let jacobian {
                    let ph = exp(lpHat), psi = 1 - 1 / (1 + tt * ph).squareRoot()
                    let quasi = { (v: [Double], m: [Double]) in (0..<(n * t)).map { v[$0] - psi * m[$0 % n] } }
                    let xs: Matrix
                    do { xs = try Matrix(columnArrays: raw.indices.map { quasi(raw[$0], means[$0 + 1]) }) } catch { throw .numerical("\(error)") }
                    let data = SpatialLikelihoodData(y: quasi(y, means[0]), wy: quasi(wy, wyBar), x: xs, names: names, observations: nt,
                                                     constant: -Double(n) / 2 * log(1 + tt * ph))
                    let polished = try ConcentratedLikelihood.lag(data, jacobian: jacobian, start: sHat).rho ?? sHat
                    moved = max(moved, abs(polished - sHat) / max(1, abs(sHat)))
                    sHat = polished
                }
                if moved <= 1e-12 { break }
            }
        }
        guard let profile = prepare(sHat), let fit = profile(lpHat) else { throw .numerical("random-effects likelihood undefined at the estimate") }
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
            guard p[0] > 0, let f = prepare(p.count > 1 ? p[1] : 0), let v = f(log(p[0])) else { return .nan }
            return v.value
        }
        let theta = (lag || error) ? [phiHat, sHat] : [phiHat]
        let hess = NumericalDerivatives.hessian(concentrated, at: theta, step: hessianStep)
        var ecov = Matrix(rows: theta.count, columns: theta.count, repeating: .nan)
        var negative = hess
        for i in negative.elements.indices { negative.elements[i] = -negative.elements[i] }
        if let inv = try? LUDecomposition(negative).inverse(), inv.diagonalElements.allSatisfy({ $0 > 0 }) { ecov = inv } else {
            warnings.append("the Hessian of the concentrated likelihood in (phi, spatial parameter) is not negative definite: no standard errors for them")
        }
        // The full covariance of (beta, rho) for effects inference: inverse negative Hessian of the unconcentrated
        // log-likelihood in (beta, rho, phi, sigma^2) (the GLS formula ignores the beta-rho covariance).
        var lagCovariance: Matrix? = nil
        if lag {
            func full(_ p: [Double]) -> Double {
                let beta = Array(p[0..<k]), r = p[k], ph = p[k + 1], v = p[k + 2]
                guard ph > 0, v > 0, let f = transform(r), let d = f(log(ph)), let fit = try? d.x.multiply(beta) else { return .nan }
                let sse = zip(d.y, fit).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                return -nt / 2 * log(2 * Double.pi * v) + d.logDeterminants - sse / (2 * v)
            }
            var h = NumericalDerivatives.hessian(full, at: fit.beta + [sHat, phiHat, s2], step: hessianStep)
            for i in h.elements.indices { h.elements[i] = -h.elements[i] }
            if let inv = try? LUDecomposition(h).inverse(), (0...k).allSatisfy({ inv[$0, $0] > 0 }) {
                var c = Matrix(rows: k + 1, columns: k + 1)
                for i in 0...k { for j in 0...k { c[i, j] = inv[i, j] } }
                lagCovariance = c
            }
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
        standardErrors = "beta: GLS sigma^2 (X'Omega^-1 X)^-1; phi and \(lag ? "rho" : error ? "lambda" : "nothing else"): inverse negative Hessian of the concentrated log-likelihood (finite differences)"
        let xr: Matrix
        do { xr = try Matrix(columnArrays: raw) } catch { throw .numerical("\(error)") }
        let fitted = (try? xr.multiply(fit.beta)) ?? [Double](repeating: .nan, count: n * t)
        residuals = (0..<(n * t)).map { y[$0] - (lag ? sHat * wy[$0] : 0) - fitted[$0] }
        self.warnings = warnings
        weightsUsed = w
        logDeterminantUsed = ld
    }
}
