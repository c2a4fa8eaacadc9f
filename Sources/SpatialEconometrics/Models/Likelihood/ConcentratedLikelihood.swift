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
    /// The transformed `W W y` (SAC).
    public var wwy: [Double]?
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
///   on the analytical score (``LagNewtonPolish``) to rounding.
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
        let from: Double
        if let start { from = start } else {
            // Brent to 1e-7 only: the Newton steps take it to rounding in one or two steps.
            from = try maximize("rho", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { lnL($0) }.x
        }
        let r = LagNewtonPolish.polish(from: from, in: interval, a00: a00, a0L: a0L, aLL: aLL, observations: m, logLikelihood: lnL,
                                       jacobianDerivatives: jacobian.derivatives)
        let sse = ssr(r)
        if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: sse, tss: tss) { throw .perfectFit }
        return LikelihoodEstimate(rho: r, lambda: nil, beta: zip(ls0.coefficients, lsL.coefficients).map { $0 - r * $1 }, sse: sse,
                                  observations: m, logLikelihood: lnL(r), residuals: zip(e0, eL).map { $0 - r * $1 },
                                  boundary: BoundaryStatus.hit([("rho", r)], in: interval))
    }

    /// The error model `y = X b + u`, `u = lambda W u + e` on transformed data (`data.wy`, `data.wx` required).
    public static func error(_ data: SpatialLikelihoodData, jacobian: LikelihoodJacobian) throws(ModelError) -> LikelihoodEstimate {
        guard let wy = data.wy, let wx = data.wx else { throw .invalidArgument("the error likelihood needs W y and W X") }
        let profile = Profile(data: data, wy: wy, wx: wx, wwy: nil)
        guard let atZero = profile.fit(rho: 0, lambda: 0) else { throw collinear(data) }
        if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: atZero.sse, tss: tss) { throw .perfectFit }
        let interval = jacobian.interval
        func lnL(_ l: Double) -> Double? { profile.fit(rho: 0, lambda: l).map { $0.value + jacobian.value(l) } }
        // Brent to 1e-7 only: Newton steps on the score take it to rounding (as for the lag models).
        let start = try maximize("lambda", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { lnL($0) }.x
        let l = profile.polishLambda(from: start, in: interval, jacobian: jacobian, logLikelihood: lnL)
        return try profile.estimate(rho: nil, lambda: l, jacobian: jacobian.value(l), interval: interval)
    }

    /// The SAC (SARAR) model `y = rho W y + X b + u`, `u = lambda W u + e` (`data.wy`, `data.wx`, `data.wwy`
    /// required): nested Brent, for each rho the best lambda (both on the interval of their Jacobians).
    public static func combined(_ data: SpatialLikelihoodData, lag: LikelihoodJacobian, error: LikelihoodJacobian) throws(ModelError) -> LikelihoodEstimate {
        guard let wy = data.wy, let wx = data.wx, let wwy = data.wwy else { throw .invalidArgument("the SAC likelihood needs W y, W X and W W y") }
        let profile = Profile(data: data, wy: wy, wx: wx, wwy: wwy)
        guard let atZero = profile.fit(rho: 0, lambda: 0) else { throw collinear(data) }
        if let tss = data.totalSumOfSquares, ResponseCheck.isPerfectFit(sse: atZero.sse, tss: tss) { throw .perfectFit }
        func lnL(_ r: Double, _ l: Double) -> Double? { profile.fit(rho: r, lambda: l).map { $0.value + lag.value(r) + error.value(l) } }
        func inner(_ r: Double) -> BrentMinimizer.Result {
            BrentMinimizer.minimize({ lnL(r, $0).map { -$0 } ?? .infinity }, in: error.interval)
        }
        let r = try maximize("rho", in: lag.interval) { r in -inner(r).value }.x
        let best = inner(r)
        guard best.converged else {
            throw .noConvergence("lambda: Brent's method stopped after \(best.iterations) iterations at lambda = \(best.x) on \(error.interval)")
        }
        let l = best.x
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
                // B A y = y - r Wy - l (Wy - r WWy).
                for i in ys.indices { ys[i] = y[i] - r * wy[i] - l * (wy[i] - r * wwy[i]) }
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

        /// `d/d lambda` of `-m/2 ln SSE(lambda)` (error model): by the envelope theorem, with `e` the residuals and b
        /// the coefficients at lambda, `dSSE/d lambda = -2 e'(W y - W X b)`, so the derivative is `m e'(W y - W X b) / SSE`.
        func errorScore(_ l: Double) -> Double? {
            let y = data.y
            var ys = [Double](repeating: 0, count: y.count)
            for i in ys.indices { ys[i] = y[i] - l * wy[i] }
            var xs = data.x
            for k in xs.elements.indices { xs.elements[k] -= l * wx.elements[k] }
            guard let ls = try? LeastSquares(x: xs, y: ys), ls.aliasedColumns.isEmpty, let wxb = try? wx.multiply(ls.coefficients) else { return nil }
            var cross = 0.0, sse = 0.0
            for i in ys.indices { let e = ls.residuals[i]; sse += e * e; cross += e * (wy[i] - wxb[i]) }
            return sse > 0 ? data.observations * cross / sse : nil
        }

        /// Newton steps on lambda after Brent's method: the score `m e'(Wy - WX b)/SSE + J'(lambda)`, its derivative from
        /// central differences of the first part (least squares only) plus `J''` (the log-determinant's traces). A step
        /// is taken only when the likelihood does not decrease beyond 1e-12 relative and stays in the interval; stops
        /// below a 1e-12 relative step, after at most 8.
        func polishLambda(from start: Double, in interval: ClosedRange<Double>, jacobian: LikelihoodJacobian,
                          logLikelihood lnL: (Double) -> Double?) -> Double {
            var l = start
            guard var current = lnL(start) else { return start }
            for _ in 0..<8 {
                let h = 1e-5 * max(1, abs(l))
                guard let g = errorScore(l), let up = errorScore(l + h), let down = errorScore(l - h) else { break }
                let j = jacobian.derivatives(l)
                let score = g + j.first, curvature = (up - down) / (2 * h) + j.second
                guard curvature < 0, curvature.isFinite, score.isFinite else { break }
                let next = l - score / curvature
                guard interval.contains(next), let value = lnL(next), value >= current - 1e-12 * abs(current) else { break }
                let step = abs(next - l)
                l = next
                current = value
                if step <= 1e-12 * max(1, abs(l)) { break }
            }
            return l
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
