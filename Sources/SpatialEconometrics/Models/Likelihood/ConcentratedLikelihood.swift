import Foundation

/// The transformed data of a spatial likelihood, as ``ConcentratedLikelihood`` takes them.
///
/// Every fit (cross-section, fixed-effects panels with each estimator, random effects at a given phi) reduces its
/// model to `A~ y~ = X~ b + u~` on data it has transformed itself (demeaned, Lee–Yu, quasi-demeaned), with `W y`
/// and `W X` transformed the same way: the engine needs nothing else but the Jacobian term.
public struct SpatialLikelihoodData: Sendable {
    /// The transformed y.
    public var y: [Double]
    /// The transformed `W y` (lag and SAC models; for error models the `W y` of the error transform `B y`).
    public var wy: [Double]?
    /// The transformed regressors.
    public var x: Matrix
    /// The transformed `W X` (error models and SAC).
    public var wx: Matrix?
    /// The transformed `W W y` (SAC); with a second error matrix M (``errorWy``), `M W y`.
    public var wwy: [Double]?
    /// SAC with a second weights matrix M for the error (xsmle `emat()`): the transformed `M y` of the error transform
    /// `B (y - rho W y) = y - rho W y - lambda (M y - rho M W y)`; `nil`: M = W, so it is ``wy``. With it, ``wx`` is
    /// `M X` and ``wwy`` is `M W y`.
    public var errorWy: [Double]?
    /// The regressors' names, for a collinearity error.
    public var names: [String]
    /// Appended to each name in a collinearity error (e.g. " (after removing the twoways effects)").
    public var collinearityNote: String
    /// The observation count m of the likelihood.
    public var observations: Double
    /// Terms of the log-likelihood that depend neither on beta nor on the spatial parameters (e.g. the random-effects
    /// `-N/2 ln(1 + T phi)`).
    public var constant: Double
    /// The total sum of squares of the transformed y, for the perfect-fit check (`nil`: not checked).
    public var totalSumOfSquares: Double?

    /// The transformed data of a fit; `nil` lags are those the model does not use (see each property).
    public init(y: [Double], wy: [Double]? = nil, x: Matrix, wx: Matrix? = nil, wwy: [Double]? = nil, names: [String],
                collinearityNote: String = "", observations: Double, constant: Double = 0, totalSumOfSquares: Double? = nil) {
        self.y = y; self.wy = wy; self.x = x; self.wx = wx; self.wwy = wwy; self.names = names
        self.collinearityNote = collinearityNote; self.observations = observations; self.constant = constant
        self.totalSumOfSquares = totalSumOfSquares
    }
}

/// The one concentrated-likelihood engine of the package's maximum-likelihood spatial models.
///
/// With beta and sigma^2 concentrated out, the log-likelihood of a model with m (transformed) observations is
///
///     ln L(rho, lambda) = -m/2 (ln(2 pi SSE(rho, lambda) / m) + 1) + J_rho(rho) + J_lambda(lambda) + c
///
/// with `SSE` the least-squares residual sum of squares of `B (y - rho W y)` on `B X`, `B = I - lambda W`, and `J` the
/// Jacobian terms (``LikelihoodJacobian``: `T* ln|I - s W|`, less `T* ln(1 - s)` after the Lee–Yu time
/// transformation) (Anselin 1988, ch. 6; LeSage & Pace 2009, ch. 3; Elhorst 2014, ch. 3; Lee & Yu 2010).
///
/// - Lag models (``lag(_:jacobian:start:)``): `SSE(rho) = |e0 - rho eL|^2` with e0, eL the residuals of y and W y on X
///   from two least-squares fits done once (LeSage & Pace 2009, sec. 3.1); Brent's method to 1e-7, then Newton steps
///   on the analytical score (`LagNewtonPolish`) to rounding.
/// - Error models (``error(_:jacobian:)``): one least-squares fit of `y - lambda W y` on `X - lambda W X` per
///   evaluation, Brent's method to 1e-7, then Newton steps on the score `m e'(W y - W X b)/SSE + J'(lambda)`
///   (envelope theorem) to rounding.
/// - SAC (``combined(_:lag:error:)``): nested Brent, for each rho the best lambda.
///
/// Every path checks the same things the same way: collinear regressors (named), an essentially perfect fit
/// (`SSE <= 1e-12 TSS`, before and at the estimate), convergence (``ModelError/noConvergence(_:)``), and whether an
/// estimate is at a bound of its interval (``BoundaryStatus``, returned in the estimate).
public enum ConcentratedLikelihood {
    /// `-m/2 (ln(2 pi SSE / m) + 1) + c`.
    public static func value(sse: Double, observations m: Double, constant: Double = 0) -> Double {
        -m / 2 * (log(2 * Double.pi * sse / m) + 1) + constant
    }

    /// Maximises `f` over `interval` by Brent's method; `nil` from `f` is minus infinity. Throws
    /// ``ModelError/noConvergence(_:)`` naming the parameter when Brent's method does not converge.
    public static func maximize(_ name: String, in interval: ClosedRange<Double>, relativeTolerance: Double = 1e-10,
                                absoluteTolerance: Double = 1e-12, _ f: (Double) -> Double?) throws(ModelError) -> (x: Double, value: Double) {
        let r = BrentMinimizer.minimize({ f($0).map { -$0 } ?? .infinity }, in: interval, relativeTolerance: relativeTolerance,
                                        absoluteTolerance: absoluteTolerance)
        guard r.converged else {
            throw .noConvergence("\(name): Brent's method stopped after \(r.iterations) iterations at \(name) = \(r.x) on \(interval)")
        }
        return (r.x, -r.value)
    }

    /// The lag model `y = rho W y + X b + e` on transformed data (`data.wy` required). With `start`, Brent's method
    /// is skipped and the Newton steps start there (a caller that has located the maximum otherwise, e.g. the
    /// random-effects fit at its phi).
    public static func lag(_ data: SpatialLikelihoodData, jacobian: LikelihoodJacobian, start: Double? = nil) throws(ModelError) -> LikelihoodEstimate {
        guard let wy = data.wy else { throw .invalidArgument("the lag likelihood needs W y") }
        let ls0: LeastSquares, lsL: LeastSquares
        do { ls0 = try LeastSquares(x: data.x, y: data.y); lsL = try LeastSquares(x: data.x, y: wy) } catch { throw .numerical("\(error)") }
        if !ls0.aliasedColumns.isEmpty { throw collinear(data) }
        let e0 = ls0.residuals, eL = lsL.residuals
        let a00 = dot(e0, e0), a0L = dot(e0, eL), aLL = dot(eL, eL)
        if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: a00, tss: tss) { throw .perfectFit }
        let m = data.observations, c = data.constant
        func ssr(_ r: Double) -> Double { a00 - 2 * r * a0L + r * r * aLL }
        func lnL(_ r: Double) -> Double { value(sse: ssr(r), observations: m, constant: c) + jacobian.value(r) }
        let interval = jacobian.interval
        func polish(from: Double) -> (rho: Double, converged: Bool) {
            LagNewtonPolish.polish(from: from, in: interval, a00: a00, a0L: a0L, aLL: aLL, observations: m, logLikelihood: lnL,
                                   jacobianDerivatives: jacobian.derivatives)
        }
        func lagEstimate(rho r: Double) throws(ModelError) -> LikelihoodEstimate {
            let sse = ssr(r)
            if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: sse, tss: tss) { throw .perfectFit }
            return LikelihoodEstimate(rho: r, lambda: nil, beta: zip(ls0.coefficients, lsL.coefficients).map { $0 - r * $1 }, sse: sse,
                                      observations: m, logLikelihood: lnL(r), residuals: zip(e0, eL).map { $0 - r * $1 },
                                      boundary: BoundaryStatus.hit([("rho", r)], in: interval))
        }
        // Brent to 1e-7 only: the Newton steps take it to rounding in one or two steps. With a search approximation,
        // Brent runs on it and the steps on the exact values; should they not converge, Brent on the exact values.
        if let start { return try lagEstimate(rho: polish(from: start).rho) }
        let searched = try maximize("rho", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) {
            value(sse: ssr($0), observations: m, constant: c) + jacobian.searchValue($0)
        }.x
        var polished = polish(from: searched)
        if jacobian.hasSearch && !polished.converged {
            polished = polish(from: try maximize("rho", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { lnL($0) }.x)
        }
        return try lagEstimate(rho: polished.rho)
    }

    /// The error model `y = X b + u`, `u = lambda W u + e` on transformed data (`data.wy`, `data.wx` required).
    public static func error(_ data: SpatialLikelihoodData, jacobian: LikelihoodJacobian) throws(ModelError) -> LikelihoodEstimate {
        guard let wy = data.wy, let wx = data.wx else { throw .invalidArgument("the error likelihood needs W y and W X") }
        let profile = Profile(data: data, wy: wy, wx: wx, wwy: nil)
        guard let atZero = profile.fit(rho: 0, lambda: 0) else { throw collinear(data) }
        if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: atZero.sse, tss: tss) { throw .perfectFit }
        let interval = jacobian.interval
        func lnL(_ l: Double) -> Double? { profile.fit(rho: 0, lambda: l).map { $0.value + jacobian.value(l) } }
        // Brent to 1e-7 only: Newton steps on the score take it to rounding (as for the lag models). With a search
        // approximation, Brent runs on it; should the steps on the exact values not converge, Brent on the exact values.
        let start = try maximize("lambda", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { l in
            profile.fit(rho: 0, lambda: l).map { $0.value + jacobian.searchValue(l) }
        }.x
        var polished = profile.polishLambda(from: start, in: interval, jacobian: jacobian, logLikelihood: lnL)
        if jacobian.hasSearch && !polished.converged {
            let exact = try maximize("lambda", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { lnL($0) }.x
            polished = profile.polishLambda(from: exact, in: interval, jacobian: jacobian, logLikelihood: lnL)
        }
        let l = polished.lambda
        return try profile.estimate(rho: nil, lambda: l, jacobian: jacobian.value(l), interval: interval)
    }

    /// The SAC (SARAR) model `y = rho W y + X b + u`, `u = lambda W u + e` (`data.wy`, `data.wx`, `data.wwy`
    /// required): nested Brent, for each rho the best lambda (both on the interval of their Jacobians), then Newton
    /// steps in (rho, lambda) on the analytical score (`Profile.polishCombined(from:lag:error:logLikelihood:)`). With
    /// search approximations, the nested search runs on them and the Newton steps on the exact values; should the steps
    /// not converge, the nested search is repeated on the exact values.
    public static func combined(_ data: SpatialLikelihoodData, lag: LikelihoodJacobian, error: LikelihoodJacobian) throws(ModelError) -> LikelihoodEstimate {
        guard let wy = data.wy, let wx = data.wx, let wwy = data.wwy else { throw .invalidArgument("the SAC likelihood needs W y, W X and W W y") }
        let profile = Profile(data: data, wy: wy, wx: wx, wwy: wwy)
        guard let atZero = profile.fit(rho: 0, lambda: 0) else { throw collinear(data) }
        if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: atZero.sse, tss: tss) { throw .perfectFit }
        func lnL(_ r: Double, _ l: Double) -> Double? { profile.fit(rho: r, lambda: l).map { $0.value + lag.value(r) + error.value(l) } }
        // Without search approximations, Brent's default tolerances (the Newton steps may refuse a step, e.g. at a
        // bound); with them, looser ones, since the Newton steps on the exact values follow.
        func nested(exact: Bool) throws(ModelError) -> (rho: Double, lambda: Double) {
            let outer = exact ? 1e-10 : 1e-8, inside = exact ? 1e-10 : 1e-9
            func f(_ r: Double, _ l: Double) -> Double? {
                exact ? lnL(r, l) : profile.fit(rho: r, lambda: l).map { $0.value + lag.searchValue(r) + error.searchValue(l) }
            }
            func inner(_ r: Double) -> BrentMinimizer.Result {
                BrentMinimizer.minimize({ f(r, $0).map { -$0 } ?? .infinity }, in: error.interval, relativeTolerance: inside, absoluteTolerance: inside / 100)
            }
            let r = try maximize("rho", in: lag.interval, relativeTolerance: outer, absoluteTolerance: outer / 100) { r in -inner(r).value }.x
            let best = inner(r)
            guard best.converged else {
                throw .noConvergence("lambda: Brent's method stopped after \(best.iterations) iterations at lambda = \(best.x) on \(error.interval)")
            }
            return (r, best.x)
        }
        let searched = try nested(exact: !(lag.hasSearch || error.hasSearch))
        var polished = profile.polishCombined(from: searched, lag: lag, error: error, logLikelihood: lnL)
        if (lag.hasSearch || error.hasSearch) && !polished.converged {
            polished = profile.polishCombined(from: try nested(exact: true), lag: lag, error: error, logLikelihood: lnL)
        }
        let r = polished.rho, l = polished.lambda
        let estimate = try profile.estimate(rho: r, lambda: l, jacobian: lag.value(r) + error.value(l), interval: lag.interval)
        // The two parameters may have different intervals: each is checked against its own.
        let boundary = BoundaryStatus.hit([("rho", r)], in: lag.interval) ?? BoundaryStatus.hit([("lambda", l)], in: error.interval)
        return LikelihoodEstimate(rho: r, lambda: l, beta: estimate.beta, sse: estimate.sse, observations: estimate.observations,
                                  logLikelihood: estimate.logLikelihood, residuals: estimate.residuals, boundary: boundary)
    }

    /// Least squares of `B (y - rho W y)` on `B X` at given (rho, lambda).
    struct Profile {
        let data: SpatialLikelihoodData
        let wy: [Double], wx: Matrix, wwy: [Double]?

        func fit(rho r: Double, lambda l: Double) -> (value: Double, beta: [Double], residuals: [Double], sse: Double)? {
            let y = data.y
            var ys = [Double](repeating: 0, count: y.count)
            if let wwy {
                // B A y = y - r Wy - l (Wy - r WWy) (with a second error matrix M: y - r Wy - l (My - r MWy)).
                let ey = data.errorWy ?? wy
                for i in ys.indices { ys[i] = y[i] - r * wy[i] - l * (ey[i] - r * wwy[i]) }
            } else {
                for i in ys.indices { ys[i] = y[i] - l * wy[i] }
            }
            var xs = data.x
            if l != 0 { for k in xs.elements.indices { xs.elements[k] -= l * wx.elements[k] } }
            guard let ls = try? LeastSquares(x: xs, y: ys), ls.aliasedColumns.isEmpty else { return nil }
            let sse = dot(ls.residuals, ls.residuals)
            // sse = 0 (an exact fit) is reported by the perfect-fit check, not mistaken for collinearity.
            return (value(sse: sse, observations: data.observations, constant: data.constant), ls.coefficients, ls.residuals, sse)
        }

        /// The gradient of the least-squares part `-m/2 ln SSE(rho, lambda)` in (rho, lambda), by the envelope theorem:
        /// with `e` the residuals and b the coefficients at (rho, lambda), `dSSE/d rho = -2 e'(W y - lambda W W y)` and
        /// `dSSE/d lambda = -2 e'(W y - rho W W y - W X b)`, so the derivatives are `m e'(...) / SSE`. The error model
        /// (no `W W y`) has only the lambda part (`rho` is 0 then).
        func score(rho r: Double, lambda l: Double) -> (rho: Double, lambda: Double)? {
            guard let p = fit(rho: r, lambda: l), p.sse > 0, let wxb = try? wx.multiply(p.beta) else { return nil }
            var cr = 0.0, cl = 0.0
            if let wwy {
                let ey = data.errorWy ?? wy
                for i in wy.indices { let e = p.residuals[i]; cr += e * (wy[i] - l * wwy[i]); cl += e * (ey[i] - r * wwy[i] - wxb[i]) }
            } else {
                for i in wy.indices { cl += p.residuals[i] * (wy[i] - wxb[i]) }
            }
            return (data.observations * cr / p.sse, data.observations * cl / p.sse)
        }

        /// Newton steps on lambda after Brent's method: the score `m e'(Wy - WX b)/SSE + J'(lambda)`, its derivative from
        /// central differences of the first part (least squares only) plus `J''` (the log-determinant's traces). A step
        /// is taken only when the likelihood does not decrease beyond 1e-12 relative and stays in the interval; stops
        /// after a step below 1e-8 relative (``LagNewtonPolish/isFinal(step:at:)``), after at most 8.
        func polishLambda(from start: Double, in interval: ClosedRange<Double>, jacobian: LikelihoodJacobian,
                          logLikelihood lnL: (Double) -> Double?) -> (lambda: Double, converged: Bool) {
            var l = start
            guard var current = lnL(start) else { return (start, false) }
            for _ in 0..<8 {
                let h = 1e-5 * max(1, abs(l))
                guard let g = score(rho: 0, lambda: l)?.lambda, let up = score(rho: 0, lambda: l + h)?.lambda,
                      let down = score(rho: 0, lambda: l - h)?.lambda else { break }
                let j = jacobian.derivatives(l)
                let score = g + j.first, curvature = (up - down) / (2 * h) + j.second
                guard curvature < 0, curvature.isFinite, score.isFinite else { break }
                let next = l - score / curvature
                guard interval.contains(next), let value = lnL(next), value >= current - 1e-12 * abs(current) else { break }
                let step = abs(next - l)
                l = next
                current = value
                if LagNewtonPolish.isFinal(step: step, at: l) { return (l, true) }
            }
            return (l, false)
        }

        /// Newton steps in (rho, lambda) after the SAC's nested search: the score ``score(rho:lambda:)`` plus
        /// `(J_rho', J_lambda')`, its Jacobian from central differences of the least-squares part plus `J''` of each
        /// parameter on the diagonal (the Jacobian terms are separable). A step is taken only when the Hessian is
        /// negative definite, the point stays in both intervals and the likelihood does not decrease beyond 1e-12
        /// relative; converged after a step below 1e-8 relative in both (``LagNewtonPolish/isFinal(step:at:)``), after at most 8.
        func polishCombined(from start: (rho: Double, lambda: Double), lag: LikelihoodJacobian, error: LikelihoodJacobian,
                            logLikelihood lnL: (Double, Double) -> Double?) -> (rho: Double, lambda: Double, converged: Bool) {
            var r = start.rho, l = start.lambda
            guard var current = lnL(r, l) else { return (r, l, false) }
            for _ in 0..<8 {
                let hr = 1e-5 * max(1, abs(r)), hl = 1e-5 * max(1, abs(l))
                guard let g = score(rho: r, lambda: l), let rUp = score(rho: r + hr, lambda: l), let rDown = score(rho: r - hr, lambda: l),
                      let lUp = score(rho: r, lambda: l + hl), let lDown = score(rho: r, lambda: l - hl) else { break }
                let jr = lag.derivatives(r), jl = error.derivatives(l)
                let sr = g.rho + jr.first, sl = g.lambda + jl.first
                let hrr = (rUp.rho - rDown.rho) / (2 * hr) + jr.second
                let hll = (lUp.lambda - lDown.lambda) / (2 * hl) + jl.second
                let hrl = ((rUp.lambda - rDown.lambda) / (2 * hr) + (lUp.rho - lDown.rho) / (2 * hl)) / 2
                let det = hrr * hll - hrl * hrl
                guard hrr < 0, det > 0, det.isFinite, sr.isFinite, sl.isFinite else { break }
                let dr = -(hll * sr - hrl * sl) / det, dl = -(hrr * sl - hrl * sr) / det
                let nextR = r + dr, nextL = l + dl
                guard lag.interval.contains(nextR), error.interval.contains(nextL), let value = lnL(nextR, nextL),
                      value >= current - 1e-12 * abs(current) else { break }
                r = nextR; l = nextL
                current = value
                if LagNewtonPolish.isFinal(step: abs(dr), at: r) && LagNewtonPolish.isFinal(step: abs(dl), at: l) { return (r, l, true) }
            }
            return (r, l, false)
        }

        func estimate(rho: Double?, lambda: Double, jacobian: Double, interval: ClosedRange<Double>) throws(ModelError) -> LikelihoodEstimate {
            guard let p = fit(rho: rho ?? 0, lambda: lambda) else { throw .numerical("likelihood undefined at lambda = \(lambda)") }
            if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: p.sse, tss: tss) { throw .perfectFit }
            return LikelihoodEstimate(rho: rho, lambda: lambda, beta: p.beta, sse: p.sse, observations: data.observations,
                                      logLikelihood: p.value + jacobian, residuals: p.residuals,
                                      boundary: BoundaryStatus.hit([("lambda", lambda)], in: interval))
        }
    }

    static func collinear(_ data: SpatialLikelihoodData) -> ModelError {
        .collinear(OrdinaryLeastSquares.dependentColumns(data.x).map { data.names[$0] + data.collinearityNote })
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
