import Foundation
import Testing
@testable import SpatialEconometrics

/// Sandwich covariances of the random-effects error models (sem, sdem; splm's "b" form) and the GSPRE on produc (usaww),
/// against a numerical sandwich written independently here with the NT x NT covariance formed densely,
/// `Omega = s2 [phi J_T kron (B_mu'B_mu)^-1 + I_T kron (B'B)^-1]` (816 x 816):
///
/// - the per-cell contributions `g_k(theta) = -1/2 [Omega_0^-1 Omega(theta)]_kk + 1/2 a_k (Omega(theta) a)_k -
///   a_k (y - X beta)_k`, `a = Omega_0^-1 u_0` fixed at the estimate, central-differenced in every parameter, give the
///   scores `s_k` of the library's decomposition; the bread the inverse information `X'Omega^-1 X` and
///   `1/2 tr(Omega^-1 dOmega_a Omega^-1 dOmega_b)` with `dOmega` by central differences of the dense Omega;
/// - 1e-6 relative to each entry's scale `sqrt(V_ii V_jj)`; the scores sum to ~0 at the estimate.
@Suite struct RandomEffectsErrorSandwichTests {
    static let xs = RandomEffectsSandwichTests.xs

    /// `theta` = beta then the covariance parameters; `unpack` maps the covariance part to (phi, lambda_mu, lambda, s2).
    static func numericalSandwich(theta: [Double], raw: [[Double]], y: [Double], n: Int, t: Int, weights w: SpatialWeights,
                                  unpack: ([Double]) -> (phi: Double, lm: Double, l: Double, s2: Double),
                                  estimators: [CovarianceEstimator]) throws -> (covariances: [Matrix], scoreSums: [Double], scale: [Double]) {
        let m = n * t, k = raw.count
        let x = try Matrix(columnArrays: raw), dense = w.matrix.dense
        func omega(_ c: [Double]) throws -> Matrix {
            let p = unpack(c)
            func inverseGram(_ s: Double) throws -> Matrix {
                var b = Matrix.identity(n)
                for i in b.elements.indices { b.elements[i] -= s * dense.elements[i] }
                return try LUDecomposition(try Matrix.product(b, .transposed, b, .none)).inverse()
            }
            let effects = try inverseGram(p.lm), remainder = try inverseGram(p.l)
            var o = Matrix(rows: m, columns: m)
            for s in 0..<t {
                for r in 0..<t {
                    for i in 0..<n {
                        for j in 0..<n { o[s * n + i, r * n + j] = p.s2 * (p.phi * effects[i, j] + (s == r ? remainder[i, j] : 0)) }
                    }
                }
            }
            return o
        }
        let cov0 = Array(theta[k...])
        let o0 = try omega(cov0), o0Inverse = try LUDecomposition(o0).inverse()
        let xb0 = try x.multiply(Array(theta[0..<k]))
        let u0 = (0..<m).map { y[$0] - xb0[$0] }
        let a = try o0Inverse.multiply(u0)
        func cells(_ th: [Double]) throws -> [Double] {
            let o = try omega(Array(th[k...]))
            let oa = try o.multiply(a), xb = try x.multiply(Array(th[0..<k]))
            return (0..<m).map { c in
                var d = 0.0
                for j in 0..<m { d += o0Inverse[c, j] * o[j, c] }
                return -d / 2 + a[c] * oa[c] / 2 - a[c] * (y[c] - xb[c])
            }
        }
        var scores = Matrix(rows: m, columns: theta.count), derivatives = [Matrix]()
        for j in theta.indices {
            let h = 1e-5 * max(abs(theta[j]), 1e-2)
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let pc = try cells(plus), mc = try cells(minus)
            for c in 0..<m { scores[c, j] = (pc[c] - mc[c]) / (2 * h) }
            if j >= k { derivatives.append((1 / (2 * h)) * (try omega(Array(plus[k...])) - omega(Array(minus[k...])))) }
        }
        let p = theta.count
        var info = Matrix(rows: p, columns: p)
        let xox = try Matrix.product(x, .transposed, try o0Inverse * x, .none)
        for i in 0..<k { for j in 0..<k { info[i, j] = xox[i, j] } }
        let products = try derivatives.map { try o0Inverse * $0 }
        for i in products.indices {
            for j in products.indices { info[k + i, k + j] = 0.5 * InformationMatrix.traceOfProduct(products[i], products[j]) }
        }
        let bread = try LUDecomposition(info).inverse()
        let covariances = try estimators.map { vce in
            try SandwichCovariance(scores: scores, bread: bread, estimator: vce, units: (0..<m).map { $0 % n }, periods: (0..<m).map { $0 / n }).covariance
        }
        let sums = (0..<p).map { j in (0..<m).reduce(0) { $0 + scores[$1, j] } }
        let scale = (0..<p).map { j in (0..<m).reduce(0) { $0 + abs(scores[$1, j]) } }
        return (covariances, sums, scale)
    }

    static let estimators = [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: nil), .driscollKraay(lags: 4)]

    /// Compares `beta` and the error-components block (rows `components` of the numerical V) entry by entry.
    static func compare(_ label: String, beta: Matrix, components: Matrix, indices: [Int], v: Matrix) -> Double {
        var worst = 0.0
        func check(_ a: Double, _ i: Int, _ j: Int) {
            let d = abs(a - v[i, j]) / (v[i, i] * v[j, j]).squareRoot()
            worst = max(worst, d)
            #expect(d <= 1e-6, "\(label) \(i),\(j): \(a) vs \(v[i, j])")
        }
        for i in 0..<beta.rows { for j in 0..<beta.rows { check(beta[i, j], i, j) } }
        for (a, i) in indices.enumerated() { for (b, j) in indices.enumerated() { check(components[a, b], i, j) } }
        return worst
    }

    @Test(arguments: [SpatialModel.sem, .sdem])
    func randomEffectsErrorModelMatchesNumericalSandwich(model: SpatialModel) throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount, m = n * t
        let classical = try RandomEffectsRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w)
        var raw = [[Double](repeating: 1, count: m)] + (try Self.xs.map { try panel.numbers($0) })
        if model == .sdem { raw += try raw.dropFirst().map { try PanelTransform.lag($0, weights: w, t: t) } }
        let k = raw.count
        let lambda = try #require(classical.lambda)
        let theta = classical.coefficients.map(\.estimate) + [lambda.estimate, classical.phi.estimate, classical.sigma2]
        let numerical = try Self.numericalSandwich(theta: theta, raw: raw, y: try panel.numbers("lgsp"), n: n, t: t, weights: w,
                                                   unpack: { ($0[1], 0, $0[0], $0[2]) }, estimators: Self.estimators)
        // Measured: the largest |sum| / scale is 3e-8.
        for (j, s) in numerical.scoreSums.enumerated() { #expect(abs(s) <= 1e-6 * numerical.scale[j], "\(model) score \(j) sums to \(s) (scale \(numerical.scale[j]))") }
        var worst = 0.0
        for (vce, v) in zip(Self.estimators, numerical.covariances) {
            let robust = try RandomEffectsRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, options: FitOptions(covariance: vce))
            #expect(robust.coefficients.map(\.estimate) == classical.coefficients.map(\.estimate) && robust.logLikelihood == classical.logLikelihood)
            #expect(robust.standardErrors.contains("Lin & Lee 2010") && robust.standardErrors.contains("per-cell"), "\(robust.standardErrors)")
            // errorComponentsCovariance is (phi, lambda); the numerical order (beta, lambda, phi, s2).
            worst = max(worst, Self.compare("\(model) \(vce)", beta: robust.covariance, components: robust.errorComponentsCovariance, indices: [k + 1, k], v: v))
            #expect(RandomEffectsSandwichTests.close(robust.lambda?.stdError ?? .nan, v[k, k].squareRoot(), rtol: 1e-6))
            #expect(abs(robust.coefficients[1].stdError - classical.coefficients[1].stdError) > 1e-3 * classical.coefficients[1].stdError)
        }
        // Measured: at most 2.6e-9 (sem), 1.5e-8 (sdem) of the entry's scale.
        #expect(worst <= 1e-6, "\(model): max scaled difference \(worst)")
    }

    @Test(arguments: [GeneralizedRandomEffectsForm.general, .kkp])
    func gspreMatchesNumericalSandwich(form: GeneralizedRandomEffectsForm) throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount, m = n * t
        let classical = try GeneralizedRandomEffectsRegression(panel: panel, y: "lgsp", x: Self.xs, weights: w, form: form)
        let raw = [[Double](repeating: 1, count: m)] + (try Self.xs.map { try panel.numbers($0) })
        let k = raw.count
        let spatial = form == .general ? [try #require(classical.lambdaMu).estimate, try #require(classical.lambda).estimate]
            : [try #require(classical.lambda).estimate]
        let theta = classical.coefficients.map(\.estimate) + [classical.phi.estimate] + spatial + [classical.sigma2]
        let unpack: ([Double]) -> (phi: Double, lm: Double, l: Double, s2: Double) = form == .general
            ? { ($0[0], $0[1], $0[2], $0[3]) } : { ($0[0], $0[1], $0[1], $0[2]) }
        let numerical = try Self.numericalSandwich(theta: theta, raw: raw, y: try panel.numbers("lgsp"), n: n, t: t, weights: w,
                                                   unpack: unpack, estimators: Self.estimators)
        // Measured: the largest |sum| / scale is 3e-8.
        for (j, s) in numerical.scoreSums.enumerated() { #expect(abs(s) <= 1e-6 * numerical.scale[j], "\(form) score \(j) sums to \(s) (scale \(numerical.scale[j]))") }
        var worst = 0.0
        for (vce, v) in zip(Self.estimators, numerical.covariances) {
            let robust = try GeneralizedRandomEffectsRegression(panel: panel, y: "lgsp", x: Self.xs, weights: w, form: form, options: FitOptions(covariance: vce))
            #expect(robust.coefficients.map(\.estimate) == classical.coefficients.map(\.estimate) && robust.logLikelihood == classical.logLikelihood)
            #expect(robust.standardErrors.contains("per-cell"), "\(robust.standardErrors)")
            // errorComponentsCovariance is (phi, free spatial parameters): the numerical order after beta.
            worst = max(worst, Self.compare("\(form) \(vce)", beta: robust.covariance, components: robust.errorComponentsCovariance,
                                            indices: Array(k..<(k + 1 + spatial.count)), v: v))
            #expect(abs(robust.coefficients[1].stdError - classical.coefficients[1].stdError) > 1e-3 * classical.coefficients[1].stdError)
        }
        // Measured: at most 3.1e-8 (general), 5.9e-9 (kkp) of the entry's scale.
        #expect(worst <= 1e-6, "\(form): max scaled difference \(worst)")
    }

    /// Row order: the same panel with its rows reversed gives the same sandwich.
    @Test func shuffledRowsGiveTheSameSandwich() throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let table = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        var shuffled = table.selectingRows(Array((0..<table.rowCount).reversed()))
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")] { shuffled = try shuffled.adding(name, values: shuffled.numbers(col).map { log($0) }) }
        let other = try Panel(table: shuffled, unit: "state", time: "year", unitOrder: w0.ids)
        let a = try RandomEffectsRegression(.sem, panel: panel, y: "lgsp", x: Self.xs, weights: w0, options: FitOptions(covariance: .cluster))
        let b = try RandomEffectsRegression(.sem, panel: other, y: "lgsp", x: Self.xs, weights: w0, options: FitOptions(covariance: .cluster))
        for i in a.covariance.elements.indices { #expect(RandomEffectsSandwichTests.close(a.covariance.elements[i], b.covariance.elements[i], rtol: 1e-9)) }
        for i in a.errorComponentsCovariance.elements.indices {
            #expect(RandomEffectsSandwichTests.close(a.errorComponentsCovariance.elements[i], b.errorComponentsCovariance.elements[i], rtol: 1e-9))
        }
    }

    /// Above the dense limit the sandwich is refused with the limit named; HAC (GMM's) is refused for these ML fits.
    @Test func refusals() throws {
        let n = LikelihoodScores.denseLimit + 1
        do {
            _ = try RandomEffectsErrorSandwich.covariance(.robust, x: Matrix(rows: 2 * n, columns: 1), residuals: [Double](repeating: 0, count: 2 * n),
                                                          weights: try SparseMatrix(rows: n, columns: n, triplets: []), n: n, t: 2, phi: 1,
                                                          lambdaMu: 0, lambda: 0, sigma2: 1, parameters: [.lambda, .phi], names: "lambda, phi")
            Issue.record("no refusal above the dense limit")
        } catch {
            #expect("\(error)".contains("1000 units") && "\(error)".contains("\(n)"), "\(error)")
        }
        let (panel, w) = try PanelRegressionTests.produc()
        #expect(throws: ModelError.self) {
            try GeneralizedRandomEffectsRegression(panel: panel, y: "lgsp", x: Self.xs, weights: w, form: .general,
                                                   options: FitOptions(covariance: .hac(SpatialHAC(kernel: .triangular, bandwidth: .fixed(2)))))
        }
    }
}
