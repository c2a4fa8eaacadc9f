import Foundation
import Testing
@testable import SpatialEconometrics

/// Sandwich covariances of the random-effects lag (SAR, SDM) and non-spatial ML fits on produc (usaww):
///
/// - against a numerical sandwich written independently here: the per-cell log-likelihood contributions
///   `l_ti = -1/2 ln(2 pi s2) - ln(1 + T phi)/(2T) + [ln(I - rho W)]_ii - e*_ti^2/(2 s2)` of the quasi-demeaned data
///   (the unit's share of ln|I - rho W| from the series `-sum_k rho^k (W^k)_ii / k`), finite-differenced in
///   (beta, rho, phi, sigma^2) for the scores, and the bread the inverse Fisher information from its definition with
///   the NT x NT covariance formed densely (`denseInformation`); 1e-6 relative to each entry's scale
///   `sqrt(V_ii V_jj)` (the dense side's finite differences and the 816 x 816 inverse leave ~1e-7 there);
/// - the analytic scores sum to zero at the estimate (the numerical ones checked to 1e-6 of their scale);
/// - the estimates do not change, only the covariance; effects use it; HAC is refused.
@Suite struct RandomEffectsSandwichTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]

    /// The numerical sandwich of the fit's likelihood at its estimate.
    static func numericalSandwich(_ fit: RandomEffectsRegression, panel: Panel, weights w: SpatialWeights, durbin: Bool,
                                  estimators: [CovarianceEstimator]) throws -> (covariances: [Matrix], scoreSums: [Double], scale: [Double]) {
        let n = panel.unitCount, t = panel.periodCount, m = n * t
        let y = try panel.numbers("lgsp")
        var raw = [[Double](repeating: 1, count: m)] + (try xs.map { try panel.numbers($0) })
        if durbin { raw += try raw.dropFirst().map { try PanelTransform.lag($0, weights: w, t: t) } }
        let lag = fit.rho != nil
        let wy = lag ? try PanelTransform.lag(y, weights: w, t: t) : [Double](repeating: 0, count: m)
        let k = raw.count
        let diagonals = lag ? try SandwichCovarianceTests.powerDiagonals(w) : []
        func unitMeans(_ v: [Double]) -> [Double] {
            var s = [Double](repeating: 0, count: n)
            for o in 0..<m { s[o % n] += v[o] / Double(t) }
            return s
        }
        let yBar = unitMeans(y), wyBar = unitMeans(wy), xBar = raw.map(unitMeans)
        func cells(_ th: [Double]) -> [Double] {
            let beta = Array(th[0..<k]), r = lag ? th[k] : 0, phi = th[k + (lag ? 1 : 0)], s2 = th[k + (lag ? 2 : 1)]
            let psi = 1 - 1 / (1 + Double(t) * phi).squareRoot()
            let share = (0..<n).map { lag ? SandwichCovarianceTests.seriesLogDet(diagonals, unit: $0, r) : 0 }
            return (0..<m).map { o in
                let i = o % n
                var e = (y[o] - psi * yBar[i]) - r * (wy[o] - psi * wyBar[i])
                for j in 0..<k { e -= (raw[j][o] - psi * xBar[j][i]) * beta[j] }
                return -0.5 * log(2 * Double.pi * s2) - log(1 + Double(t) * phi) / (2 * Double(t)) + share[i] - e * e / (2 * s2)
            }
        }
        let theta = fit.coefficients.map(\.estimate) + (fit.rho.map { [$0.estimate] } ?? []) + [fit.phi.estimate, fit.sigma2]
        var scores = Matrix(rows: m, columns: theta.count)
        for j in theta.indices {
            let h = 1e-5 * max(abs(theta[j]), 1e-2)
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let a = cells(plus), b = cells(minus)
            for o in 0..<m { scores[o, j] = (a[o] - b[o]) / (2 * h) }
        }
        let info = try denseInformation(theta: theta, raw: raw, n: n, t: t, weights: lag ? w : nil)
        let bread = try LUDecomposition(info).inverse()
        let covariances = try estimators.map { vce in
            try SandwichCovariance(scores: scores, bread: bread, estimator: vce, units: (0..<m).map { $0 % n }, periods: (0..<m).map { $0 / n }).covariance
        }
        let sums = (0..<theta.count).map { j in (0..<m).reduce(0) { $0 + scores[$1, j] } }
        let scale = (0..<theta.count).map { j in (0..<m).reduce(0) { $0 + abs(scores[$1, j]) } }
        return (covariances, sums, scale)
    }

    /// The Fisher information of `y ~ N(mu, Sigma)` from its definition, `dmu_a' Sigma^-1 dmu_b + 1/2 tr(Sigma^-1 dSigma_a
    /// Sigma^-1 dSigma_b)`, with `mu = (I_T kron A^-1) X b`, `Sigma = s2 (I_T kron A^-1) ((I_T + phi J_T) kron I_N)
    /// (I_T kron A^-1)'` formed densely (NT x NT) and their derivatives by central differences.
    static func denseInformation(theta: [Double], raw: [[Double]], n: Int, t: Int, weights w: SpatialWeights?) throws -> Matrix {
        let m = n * t, k = raw.count, lag = w != nil
        let x = try Matrix(columnArrays: raw)
        func parts(_ th: [Double]) throws -> (mu: [Double], sigma: Matrix) {
            let r = lag ? th[k] : 0, phi = th[k + (lag ? 1 : 0)], s2 = th[k + (lag ? 2 : 1)]
            var ainv = Matrix.identity(n)
            if let w {
                var a = Matrix.identity(n)
                let dense = w.matrix.dense
                for i in a.elements.indices { a.elements[i] -= r * dense.elements[i] }
                ainv = try LUDecomposition(a).inverse()
            }
            var big = Matrix(rows: m, columns: m), omega = Matrix(rows: m, columns: m)
            for p in 0..<t {
                for i in 0..<n {
                    for j in 0..<n { big[p * n + i, p * n + j] = ainv[i, j] }
                    for q in 0..<t { omega[p * n + i, q * n + i] = phi + (p == q ? 1 : 0) }
                }
            }
            let xb = try x.multiply(Array(th[0..<k]))
            let sigma = s2 * (try big * (try omega * big.transposed))
            return (try big.multiply(xb), sigma)
        }
        let base = try parts(theta)
        let sInv = try LUDecomposition(base.sigma).inverse()
        var dmu = [[Double]](), dsig = [Matrix]()
        for j in theta.indices {
            let h = 1e-5 * max(abs(theta[j]), 1e-2)
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let a = try parts(plus), b = try parts(minus)
            dmu.append((0..<m).map { (a.mu[$0] - b.mu[$0]) / (2 * h) })
            dsig.append((1 / (2 * h)) * (try a.sigma - b.sigma))
        }
        let products = try dsig.map { try sInv * $0 }
        let p = theta.count
        var info = Matrix(rows: p, columns: p)
        for a in 0..<p {
            let sa = try sInv.multiply(dmu[a])
            for b in 0..<p {
                let meanPart = zip(sa, dmu[b]).reduce(0) { $0 + $1.0 * $1.1 }
                info[a, b] = meanPart + 0.5 * InformationMatrix.traceOfProduct(products[a], products[b])
            }
        }
        return info
    }

    static func close(_ a: Double, _ b: Double, rtol: Double) -> Bool { abs(a - b) <= rtol * max(abs(a), abs(b)) }

    @Test(arguments: [SpatialModel.sar, .sdm, nil] as [SpatialModel?])
    func producMatchesNumericalSandwich(model: SpatialModel?) throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        func fit(_ vce: CovarianceEstimator) throws -> RandomEffectsRegression {
            if let model { return try RandomEffectsRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, options: FitOptions(covariance: vce)) }
            return try RandomEffectsRegression.nonSpatial(panel: panel, y: "lgsp", x: Self.xs, options: FitOptions(covariance: vce))
        }
        let classical = try fit(.default)
        let estimators = [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: nil), .driscollKraay(lags: 4)]
        let numerical = try Self.numericalSandwich(classical, panel: panel, weights: w, durbin: model == .sdm, estimators: estimators)
        for (j, s) in numerical.scoreSums.enumerated() { #expect(abs(s) <= 1e-6 * numerical.scale[j], "score \(j) sums to \(s) (scale \(numerical.scale[j]))") }
        for (vce, wanted) in zip(estimators, numerical.covariances) {
            let robust = try fit(vce)
            #expect(robust.coefficients.map(\.estimate) == classical.coefficients.map(\.estimate))
            #expect(robust.phi.estimate == classical.phi.estimate && robust.logLikelihood == classical.logLikelihood)
            #expect(robust.standardErrors.contains("Lin & Lee 2010"), "\(robust.standardErrors)")
            let want = (covariance: wanted, ())
            let k = robust.coefficients.count, lag = robust.rho != nil
            // Relative to the scale sqrt(V_ii V_jj) of each entry (an off-diagonal covariance can be far smaller).
            let v = want.covariance
            func near(_ a: Double, _ i: Int, _ j: Int) -> Bool { abs(a - v[i, j]) <= 1e-6 * (v[i, i] * v[j, j]).squareRoot() }
            var worst = 0.0
            for i in 0..<k {
                for j in 0..<k {
                    worst = max(worst, abs(robust.covariance[i, j] - v[i, j]) / (v[i, i] * v[j, j]).squareRoot())
                    #expect(near(robust.covariance[i, j], i, j), "\(String(describing: model)) \(vce) beta \(i),\(j): \(robust.covariance[i, j]) vs \(v[i, j])")
                }
            }
            let phiIndex = k + (lag ? 1 : 0)
            #expect(near(robust.errorComponentsCovariance[0, 0], phiIndex, phiIndex), "phi \(vce)")
            #expect(Self.close(robust.phi.stdError, v[phiIndex, phiIndex].squareRoot(), rtol: 1e-6))
            if lag {
                #expect(near(robust.errorComponentsCovariance[1, 1], k, k), "rho \(vce)")
                #expect(near(robust.errorComponentsCovariance[0, 1], k, phiIndex), "phi-rho \(vce)")
                let e = try #require(robust.effectsCovariance)
                for i in 0...k { #expect(near(e[i, k], i, k), "beta-rho \(i) \(vce)") }
                #expect(Self.close(robust.rho?.stdError ?? .nan, v[k, k].squareRoot(), rtol: 1e-6))
                worst = max(worst, abs(robust.errorComponentsCovariance[1, 1] - v[k, k]) / v[k, k])
            }
            worst = max(worst, abs(robust.errorComponentsCovariance[0, 0] - v[phiIndex, phiIndex]) / v[phiIndex, phiIndex])
            // Measured: at most 7e-8 (SAR, SDM) and 7e-9 (non-spatial).
            #expect(worst <= 1e-6, "\(String(describing: model)) \(vce): max scaled difference \(worst)")
            // The sandwich differs from the classical covariance (produc is heteroskedastic across states).
            #expect(abs(robust.coefficients[1].stdError - classical.coefficients[1].stdError) > 1e-3 * classical.coefficients[1].stdError)
        }
    }

    /// The analytic score rows themselves (not only the covariance): equal to the finite differences of the cells.
    @Test func analyticScoresSumToZeroAndEffectsUseTheSandwich() throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        let robust = try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w, options: FitOptions(covariance: .cluster))
        let classical = try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w)
        let a = try ImpactMeasures(robust, inference: .delta), b = try ImpactMeasures(classical, inference: .delta)
        #expect(a.direct.map(\.estimate) == b.direct.map(\.estimate))
        #expect(abs((a.direct[1].stdError ?? 0) - (b.direct[1].stdError ?? 0)) > 1e-3 * (b.direct[1].stdError ?? 1))
        // Row order: the same panel with its rows reversed gives the same covariance.
        let table = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        let order = Array((0..<table.rowCount).reversed())
        var shuffled = table.selectingRows(order)
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")] { shuffled = try shuffled.adding(name, values: shuffled.numbers(col).map { log($0) }) }
        let other = try RandomEffectsRegression(.sar, panel: try Panel(table: shuffled, unit: "state", time: "year", unitOrder: w0.ids), y: "lgsp",
                                                x: Self.xs, weights: w0, options: FitOptions(covariance: .cluster))
        for i in robust.covariance.elements.indices { #expect(Self.close(robust.covariance.elements[i], other.covariance.elements[i], rtol: 1e-9)) }
    }

    /// The non-spatial model against R (reference/r/re_robust_vcov.json, 42_re_robust_vcov.R): the ML phi, and the
    /// beta block of the sandwich equal to sandwich::vcovCL / vcovHC / vcovPL of the quasi-demeaned regression at that
    /// phi (the information matrix is block diagonal between beta and (phi, sigma_e^2)); the library's factors G/(G-1)
    /// and m/(m-1) applied to R's HC0. 1e-6 relative (R's phi solves the profile score to 1e-14).
    @Test func nonSpatialBetaBlockEqualsTheQuasiDemeanedRegressionsSandwich() throws {
        let ref = try FixtureJSON("reference/r/re_robust_vcov.json")["produc"]
        var table = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")] { table = try table.adding(name, values: table.numbers(col).map { log($0) }) }
        let panel = try Panel(table: table, unit: "state", time: "year")
        let classical = try RandomEffectsRegression.nonSpatial(panel: panel, y: "lgsp", x: Self.xs)
        #expect(Self.close(classical.phi.estimate, try ref["phi"].number(), rtol: 1e-6), "phi \(classical.phi.estimate)")
        for (c, name) in zip(classical.coefficients, ["(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp"]) {
            #expect(Self.close(c.estimate, try ref["beta"][name].number(), rtol: 1e-6), "\(name)")
        }
        for (vce, key, factor) in [(CovarianceEstimator.cluster, "arellano", 48.0 / 47), (.robust, "white1", 816.0 / 815), (.driscollKraay(lags: 2), "scc", 1)] {
            let fit = try RandomEffectsRegression.nonSpatial(panel: panel, y: "lgsp", x: Self.xs, options: FitOptions(covariance: vce))
            let want = try SandwichCovarianceTests.matrix(ref[key])
            for i in 0..<5 {
                for j in 0..<5 { #expect(Self.close(fit.covariance[i, j], factor * want[i, j], rtol: 1e-6), "\(key) \(i),\(j): \(fit.covariance[i, j]) vs \(factor * want[i, j])") }
            }
            // Measured: at most 1.2e-10 relative (arellano), 2e-12 (white1, scc).
        }
    }

    /// HAC (GMM's) is refused for the ML fit (the error models' sandwiches: RandomEffectsErrorSandwichTests).
    @Test func hacIsRefused() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        #expect(throws: ModelError.self) {
            try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w,
                                        options: FitOptions(covariance: .hac(SpatialHAC(kernel: .triangular, bandwidth: .fixed(2)))))
        }
    }
}
