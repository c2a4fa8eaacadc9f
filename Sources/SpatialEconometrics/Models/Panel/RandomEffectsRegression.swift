import Foundation

/// Random-effects spatial lag panel model by maximum likelihood (Elhorst 2003, 2014 ch. 3; splm `spml(model =
/// "random", lag = TRUE)`): `y = rho W y + X b + u`, `u_it = mu_i + e_it`, `mu_i ~ (0, sigma_mu^2)`,
/// `phi = sigma_mu^2 / sigma^2`.
///
/// With `psi = 1 - 1/sqrt(1 + T phi)`, the quasi-demeaned data `v* = v - psi vbar_i` give
/// `ln L = -NT/2 ln(2 pi sigma^2) - N/2 ln(1 + T phi) + T ln|I - rho W| - e*'e*/(2 sigma^2)`, concentrated in beta
/// (GLS) and sigma^2 and maximised over (rho, ln phi) by nested Brent searches. Standard errors of beta from the GLS
/// formula `sigma^2 (X*'X*)^-1` at the estimates (as splm); rho and phi are reported without standard errors.
public struct RandomEffectsRegression: Sendable, Codable {
    public let yName: String
    public let n: Int
    public let t: Int
    /// Intercept first, then the regressors.
    public let coefficients: [Coefficient]
    public let rho: Double
    public let phi: Double
    public let sigma2: Double
    public let logLikelihood: Double
    /// GLS covariance of the coefficients.
    public let covariance: Matrix

    enum CodingKeys: String, CodingKey {
        case yName = "y", n, t, coefficients, rho, phi, sigma2, logLikelihood = "log_likelihood", covariance
    }

    public init(panel: Panel, y yName: String, x xNames: [String], weights: SpatialWeights) throws(ModelError) {
        let w: SpatialWeights
        do { w = try weights.reordered(to: panel.units) } catch { throw .sizeMismatch("the panel's units do not match the weights' ids (\(error))") }
        let n = panel.unitCount, t = panel.periodCount
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .invalidArgument("\(error)") }
        }
        let y = try column(yName)
        var raw = [[Double](repeating: 1, count: n * t)]
        for name in xNames { raw.append(try column(name)) }
        let names = ["(Intercept)"] + xNames
        let wy = try PanelTransform.lag(y, weights: w, t: t)
        let ld = try w.eigenLogDeterminant()
        let nt = Double(n * t)
        func unitMeans(_ v: [Double]) -> [Double] {
            var m = [Double](repeating: 0, count: n)
            for p in 0..<t { for i in 0..<n { m[i] += v[p * n + i] } }
            return m.map { $0 / Double(t) }
        }
        let yBar = unitMeans(y), wyBar = unitMeans(wy), xBar = raw.map(unitMeans)
        func quasi(_ v: [Double], _ bar: [Double], _ psi: Double) -> [Double] {
            (0..<(n * t)).map { v[$0] - psi * bar[$0 % n] }
        }
        func profile(_ r: Double, _ logPhi: Double) -> (value: Double, beta: [Double], sse: Double, x: Matrix)? {
            let ph = exp(logPhi)
            let psi = 1 - 1 / (1 + Double(t) * ph).squareRoot()
            let ys = zip(quasi(y, yBar, psi), quasi(wy, wyBar, psi)).map { $0 - r * $1 }
            guard let xs = try? Matrix(columnArrays: raw.indices.map { quasi(raw[$0], xBar[$0], psi) }),
                  let ls = try? LeastSquares(x: xs, y: ys), ls.aliasedColumns.isEmpty else { return nil }
            let sse = ls.residuals.reduce(0) { $0 + $1 * $1 }
            let v = -nt / 2 * (log(2 * Double.pi * sse / nt) + 1) - Double(n) / 2 * log(1 + Double(t) * ph) + Double(t) * ld.value(r)
            return (v, ls.coefficients, sse, xs)
        }
        let phiRange = (-20.0)...(12.0)
        func bestPhi(_ r: Double) -> Double { BrentMinimizer.minimize({ profile(r, $0).map { -$0.value } ?? .infinity }, in: phiRange).x }
        let rHat = BrentMinimizer.minimize({ r in profile(r, bestPhi(r)).map { -$0.value } ?? .infinity }, in: ld.interval).x
        let lpHat = bestPhi(rHat)
        guard let fit = profile(rHat, lpHat) else { throw .numerical("random-effects likelihood undefined at the estimate") }
        let s2 = fit.sse / nt
        var cov: Matrix
        do { cov = try Cholesky(fit.x.crossProduct).inverse() } catch { throw .numerical("GLS covariance: \(error)") }
        for i in cov.elements.indices { cov.elements[i] *= s2 }
        self.yName = yName; self.n = n; self.t = t
        coefficients = names.indices.map { Coefficient(name: names[$0], estimate: fit.beta[$0], stdError: cov[$0, $0].squareRoot()) }
        rho = rHat; phi = exp(lpHat); sigma2 = s2; logLikelihood = fit.value; covariance = cov
    }
}

extension NestedModelTests {
    /// Hausman test of fixed against random effects for the spatial lag panel (Mutl & Pfaffermayr 2011; splm
    /// `sphtest`): `H = |d'(V_FE - V_RE)^-1 d|` over the slopes common to both fits, df = their number (splm reports the
    /// absolute value). When `V_FE - V_RE` is not positive definite the quadratic form can be negative and the
    /// statistic has no chi-square justification: the test's name then says so, with the signed value, rather than
    /// hiding it (on produc: -83.08, reported by splm as 83.08).
    public static func hausman(fixed: PanelRegression, random: RandomEffectsRegression) throws(ModelError) -> TestResult {
        let common = fixed.coefficients.indices.compactMap { i -> (Int, Int)? in
            guard let j = random.coefficients.firstIndex(where: { $0.name == fixed.coefficients[i].name }) else { return nil }
            return (i, j)
        }
        guard !common.isEmpty else { throw .invalidArgument("no coefficients common to the two fits") }
        let d = common.map { fixed.coefficients[$0.0].estimate - random.coefficients[$0.1].estimate }
        var v = Matrix(rows: common.count, columns: common.count)
        for (a, p) in common.enumerated() {
            for (b, q) in common.enumerated() { v[a, b] = fixed.covariance[p.0, q.0] - random.covariance[p.1, q.1] }
        }
        let positive = (try? Cholesky(v)) != nil
        let h = try quadraticForm(d, v)
        let name = positive ? "Hausman (FE vs RE)"
            : "Hausman (FE vs RE), invalid: V_FE - V_RE not p.d., d'V^-1 d = \(Format.fixed(h, 2))"
        return .chiSquared(name, abs(h), df: Double(common.count))
    }
}
