import Foundation

/// The random-effects spatial likelihood of one model on one balanced panel, concentrated in beta (GLS) and sigma^2,
/// as a function of the spatial parameter s and `ln phi` (``RandomEffectsRegression`` holds the formulas).
///
/// Lag and non-spatial models quasi-demean: with `psi = 1 - (1 + T phi)^-1/2` and `v* = v - psi vbar_i`, at a given
/// phi the model is a lag model on `(y*, (W y)*, X*)` with the constant `-N/2 ln(1 + T phi)` and the Jacobian
/// `T ln|I - s W|` (``quasiDemeaned(logPhi:)`` gives the likelihood engine's data). Error models use the sparse GLS
/// quadratic forms of `RandomEffectsErrorGLS`.
///
/// Maximisation (``maximize()``): Brent's method over s, with the best `ln phi` by an inner Brent search for each s;
/// then, for lag and non-spatial models, Newton steps on `ln phi` (its analytical score by the envelope theorem)
/// alternating with the engine's Newton steps on rho at that phi (``ConcentratedLikelihood/lag(_:jacobian:start:)``),
/// until neither moves by more than 1e-12 (Brent alone locates the flat maximum only to about sqrt(eps)).
struct RandomEffectsLikelihood {
    let n: Int, t: Int
    /// y, the regressors (intercept first) and W y (zeros without a lag), time-major.
    let y: [Double], raw: [[Double]], wy: [Double]
    let names: [String]
    let lag: Bool, error: Bool
    let logDeterminant: (any LogDeterminant)?
    let gls: RandomEffectsErrorGLS?
    /// Unit means of y then of each regressor, and of W y.
    let means: [[Double]], wyBar: [Double]
    static let logPhiRange = (-25.0)...(12.0)

    var nt: Double { Double(n * t) }
    var tt: Double { Double(t) }

    init(n: Int, t: Int, y: [Double], raw: [[Double]], wy: [Double], names: [String], lag: Bool, error: Bool,
         logDeterminant: (any LogDeterminant)?, gls: RandomEffectsErrorGLS?) {
        self.n = n; self.t = t; self.y = y; self.raw = raw; self.wy = wy; self.names = names; self.lag = lag; self.error = error
        self.logDeterminant = logDeterminant; self.gls = gls
        func unitMeans(_ v: [Double]) -> [Double] {
            var m = [Double](repeating: 0, count: n)
            for p in 0..<t { for i in 0..<n { m[i] += v[p * n + i] } }
            return m.map { $0 / Double(t) }
        }
        means = ([y] + raw).map(unitMeans)
        wyBar = unitMeans(wy)
    }

    /// The quasi-demeaned data at `ln phi` as the likelihood engine takes them (lag and non-spatial models).
    func quasiDemeaned(logPhi: Double) -> SpatialLikelihoodData? {
        let ph = exp(logPhi), psi = 1 - 1 / (1 + tt * ph).squareRoot()
        let count = n * t, n = n
        func quasi(_ v: [Double], _ m: [Double]) -> [Double] { (0..<count).map { v[$0] - psi * m[$0 % n] } }
        guard let xs = try? Matrix(columnArrays: raw.indices.map { quasi(raw[$0], means[$0 + 1]) }) else { return nil }
        return SpatialLikelihoodData(y: quasi(y, means[0]), wy: quasi(wy, wyBar), x: xs, names: names, observations: nt,
                                     constant: -Double(n) / 2 * log(1 + tt * ph))
    }

    /// The likelihood at (s, ln phi) with beta, sigma^2 concentrated out, and `X' Omega^-1 X` for the GLS covariance.
    typealias Profile = (value: Double, beta: [Double], sse: Double, xtx: Matrix)

    /// The profile in ln phi for a fixed s (the log-determinant evaluated once).
    func profile(_ s: Double) -> (Double) -> Profile? {
        let jacobian = (lag || error) ? (logDeterminant.map { tt * $0.value(s) } ?? 0) : 0
        let nt = nt
        if let gls, error {
            return { logPhi in
                guard let r = gls.fit(lambda: s, phi: exp(logPhi)) else { return nil }
                // sse = 0 (an exact fit) is reported by the perfect-fit check, not mistaken for collinearity.
                let value = r.sse > 0 ? ConcentratedLikelihood.value(sse: r.sse, observations: nt) - r.logDeterminant / 2 + jacobian : .infinity
                return (value, r.beta, r.sse, r.xtx)
            }
        }
        return { logPhi in
            guard let d = self.quasiDemeaned(logPhi: logPhi) else { return nil }
            let ys = zip(d.y, d.wy ?? d.y).map { $0 - s * $1 }
            guard let ls = try? LeastSquares(x: d.x, y: ys), ls.aliasedColumns.isEmpty, let xtx = try? d.x.crossProduct else { return nil }
            let sse = ConcentratedLikelihood.dot(ls.residuals, ls.residuals)
            return (ConcentratedLikelihood.value(sse: sse, observations: nt, constant: d.constant) + jacobian, ls.coefficients, sse, xtx)
        }
    }

    /// The full log-likelihood in (beta, rho, phi, sigma^2) of a lag model, for the Hessian the effects' covariance needs.
    func fullLogLikelihood(beta: [Double], rho r: Double, phi ph: Double, sigma2 v: Double) -> Double {
        guard ph > 0, v > 0, let d = quasiDemeaned(logPhi: log(ph)), let fit = try? d.x.multiply(beta) else { return .nan }
        var sse = 0.0
        for i in d.y.indices { let e = d.y[i] - r * (d.wy?[i] ?? 0) - fit[i]; sse += e * e }
        let jacobian = logDeterminant.map { tt * $0.value(r) } ?? 0
        return -nt / 2 * log(2 * Double.pi * v) + d.constant + jacobian - sse / (2 * v)
    }

    /// The best ln phi for a fixed s, by Brent's method (not checked for convergence: the outer search's objective).
    func bestValue(_ s: Double) -> Double {
        let f = profile(s)
        return -BrentMinimizer.minimize({ f($0).map { -$0.value } ?? .infinity }, in: Self.logPhiRange).value
    }

    /// `d ln L / d ln phi` at (s, ln phi), lag and non-spatial models, by the envelope theorem: with
    /// `u = y - s W y - X b` at the GLS beta, `e* = u - psi ubar`, `dSSE/dpsi = -2 e*'ubar` and
    /// `d psi/d phi = T/2 (1 + T phi)^-3/2`, so `d ln L/d phi = -NT/2 (dSSE/dphi) / SSE - N T / (2 (1 + T phi))`.
    func logPhiScore(_ logPhi: Double, rho s: Double) -> Double? {
        guard let d = quasiDemeaned(logPhi: logPhi) else { return nil }
        let ys = zip(d.y, d.wy ?? d.y).map { $0 - s * $1 }
        guard let ls = try? LeastSquares(x: d.x, y: ys), ls.aliasedColumns.isEmpty else { return nil }
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

    /// Newton steps on ln phi at fixed s (derivative of the analytical score by central differences), each taken
    /// only when the likelihood does not decrease beyond 1e-12 relative; stops below a 1e-12 relative step.
    func polishLogPhi(from start: Double, rho s: Double) -> Double {
        let f = profile(s)
        var lp = start, current = f(start)?.value ?? -.infinity
        for _ in 0..<8 {
            let h = 1e-5 * max(1, abs(lp))
            guard let g = logPhiScore(lp, rho: s), let up = logPhiScore(lp + h, rho: s), let down = logPhiScore(lp - h, rho: s) else { break }
            let curvature = (up - down) / (2 * h)
            guard curvature < 0, curvature.isFinite, g.isFinite else { break }
            let next = lp - g / curvature
            guard Self.logPhiRange.contains(next), let value = f(next)?.value, value >= current - 1e-12 * abs(current) else { break }
            let step = abs(next - lp)
            lp = next
            current = value
            if step <= 1e-12 * max(1, abs(lp)) { break }
        }
        return lp
    }

    /// The maximum likelihood estimate (s, ln phi); s = 0 for the non-spatial model.
    func maximize() throws(ModelError) -> (s: Double, logPhi: Double) {
        let interval = logDeterminant?.interval ?? 0...0
        var s = 0.0
        if lag || error { s = try ConcentratedLikelihood.maximize(lag ? "rho" : "lambda", in: interval) { bestValue($0) }.x }
        let f = profile(s)
        var lp = try ConcentratedLikelihood.maximize("ln phi", in: Self.logPhiRange) { f($0)?.value }.x
        guard !error else { return (s, lp) }
        let jacobian = logDeterminant.map { LikelihoodJacobian(logDeterminant: $0, multiplier: tt) }
        for _ in 0..<6 {
            let polishedPhi = polishLogPhi(from: lp, rho: s)
            var moved = abs(polishedPhi - lp) / max(1, abs(lp))
            lp = polishedPhi
            if lag, let jacobian {
                guard let data = quasiDemeaned(logPhi: lp) else { throw .numerical("random-effects likelihood undefined at ln phi = \(lp)") }
                let polished = try ConcentratedLikelihood.lag(data, jacobian: jacobian, start: s).rho ?? s
                moved = max(moved, abs(polished - s) / max(1, abs(s)))
                s = polished
            }
            if moved <= 1e-12 { break }
        }
        return (s, lp)
    }
}
