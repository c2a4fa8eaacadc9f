import Foundation
import Testing
@testable import SpatialEconometrics

/// The robust covariance engine (`SandwichCovariance`, `LikelihoodScores`, `CovarianceEstimator`):
/// - least squares against its peers (`reference/r/robust_vcov.json`, script `40_robust_vcov.R`): HC0 =
///   `sandwich::vcovHC(type = "HC0")` on columbus, cluster = `plm::vcovHC(method = "arellano", type = "HC0")` and
///   Driscoll-Kraay = `plm::vcovSCC(type = "HC0", maxlag = 2)` on produc (pooling and within), to 1e-8;
/// - the spatial ML fits against a numerical sandwich: per-observation scores by central differences of the
///   per-observation log-likelihood (the Jacobian split by the power series `ln|I - rho W| = -sum_k rho^k tr(W^k)/k`
///   unit by unit, independent of the analytical `-diag(W A^-1)`), with the dense information matrix as the bread,
///   to 1e-6, on columbus (SAR, SEM, SDM, SAC, SLX) and produc (SAR/SEM, direct and Lee-Yu, individual and two-way);
/// - row-order invariance and the refusals.
@Suite struct SandwichCovarianceTests {
    // MARK: helpers

    static func matrix(_ j: FixtureJSON) throws -> Matrix {
        try Matrix(rowArrays: try j["values"].elements().map { try $0.numbers() })
    }

    static func expectClose(_ a: Matrix, _ b: Matrix, rtol: Double, _ label: String) {
        #expect(a.rows == b.rows && a.columns == b.columns, "\(label): shape")
        guard a.rows == b.rows, a.columns == b.columns else { return }
        let scale = zip(a.diagonalElements, b.diagonalElements).map { max(abs($0), abs($1)) }
        for j in 0..<a.columns {
            for i in 0..<a.rows {
                // Relative to the entry's own scale sqrt(V_ii V_jj), so that near-zero covariances are compared sensibly.
                let s = (scale[i] * scale[j]).squareRoot()
                #expect(abs(a[i, j] - b[i, j]) <= rtol * s, "\(label) [\(i), \(j)]: \(a[i, j]) vs \(b[i, j])")
            }
        }
    }

    /// OLS of y on x: coefficients, residuals, (X'X)^-1.
    static func ols(_ y: [Double], _ x: Matrix) throws -> (beta: [Double], e: [Double], bread: Matrix) {
        let xtx = try x.crossProduct
        let bread = try Cholesky(xtx).inverse()
        let beta = try bread.multiply(try x.multiply(y, .transposed))
        let fit = try x.multiply(beta)
        return (beta, zip(y, fit).map { $0 - $1 }, bread)
    }

    static func leastSquaresScores(_ x: Matrix, _ e: [Double]) -> Matrix {
        var s = Matrix(rows: x.rows, columns: x.columns)
        for j in 0..<x.columns { for i in 0..<x.rows { s[i, j] = x[i, j] * e[i] } }
        return s
    }

    /// produc in the panel's time-major order (row t N + i: unit i, period t), with the R file's row of each.
    static func producDesign() throws -> (y: [Double], x: Matrix, names: [String], n: Int, t: Int, fileRow: [Int], w: SpatialWeights) {
        let (panel, w) = try PanelRegressionTests.produc()
        let n = panel.unitCount, t = panel.periodCount
        let y = try panel.numbers("lgsp")
        let cols = try ["lpcap", "lpc", "lemp", "unemp"].map { try panel.numbers($0) }
        let x = try Matrix(columnArrays: [[Double](repeating: 1, count: n * t)] + cols)
        // The file (and R) order: state blocks in usaww order, years ascending; the panel's units are usaww's.
        let fileRow = (0..<(n * t)).map { r in (r % n) * t + r / n }
        return (y, x, ["(Intercept)", "lpcap", "lpc", "lemp", "unemp"], n, t, fileRow, w)
    }

    // MARK: peers (least squares)

    @Test func columbusOLSEqualsSandwichHC0() throws {
        let ref = try FixtureJSON("reference/r/robust_vcov.json")["columbus"]
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let (_, e, bread) = try Self.ols(data.y, data.x)
        let rResiduals = try ref["ols"]["residuals"].numbers()
        for i in e.indices { #expect(close(e[i], rResiduals[i], rtol: 1e-9, atol: 1e-9), "residual \(i)") }
        let hc0 = try SandwichCovariance(scores: Self.leastSquaresScores(data.x, e), bread: bread, estimator: .robust, smallSample: false)
        Self.expectClose(hc0.covariance, try Self.matrix(ref["HC0"]), rtol: 1e-8, "HC0")
        // The default factor m/(m - 1); HC1 is n/(n - k): the two differ by (n - k)/(n - 1).
        let corrected = try SandwichCovariance(scores: Self.leastSquaresScores(data.x, e), bread: bread, estimator: .robust)
        var hc1 = try Self.matrix(ref["HC1"])
        for i in hc1.elements.indices { hc1.elements[i] *= Double(49 - 3) / Double(49 - 1) }
        Self.expectClose(corrected.covariance, hc1, rtol: 1e-8, "HC1 rescaled")
    }

    @Test(arguments: ["pooling", "within"])
    func producPanelOLSEqualsPlm(model: String) throws {
        let ref = try FixtureJSON("reference/r/robust_vcov.json")["produc"][model]
        let d = try Self.producDesign()
        var y = d.y, x = d.x
        if model == "within" {
            y = PanelTransform.demean(y, n: d.n, t: d.t, effects: .individual)
            let cols = (1..<x.columns).map { PanelTransform.demean(x.column($0), n: d.n, t: d.t, effects: .individual) }
            x = try Matrix(columnArrays: cols)
        }
        let (_, e, bread) = try Self.ols(y, x)
        let rResiduals = try ref["residuals"].numbers()
        for r in e.indices { #expect(close(e[r], rResiduals[d.fileRow[r]], rtol: 1e-8, atol: 1e-10), "\(model) residual \(r)") }
        let s = Self.leastSquaresScores(x, e)
        let units = (0..<(d.n * d.t)).map { $0 % d.n }, periods = (0..<(d.n * d.t)).map { $0 / d.n }
        let cluster = try SandwichCovariance(scores: s, bread: bread, estimator: .cluster, units: units, smallSample: false)
        Self.expectClose(cluster.covariance, try Self.matrix(ref["arellano"]), rtol: 1e-8, "\(model) arellano")
        #expect(cluster.groups == 48)
        let dk = try SandwichCovariance(scores: s, bread: bread, estimator: .driscollKraay(lags: nil), periods: periods)
        #expect(dk.estimator == .driscollKraay(lags: 2), "xtscc's default for T = 17 is floor(4 (0.17)^(2/9)) = 2")
        Self.expectClose(dk.covariance, try Self.matrix(ref["scc"]), rtol: 1e-8, "\(model) scc")
        if model == "pooling" {
            let white = try SandwichCovariance(scores: s, bread: bread, estimator: .robust, smallSample: false)
            Self.expectClose(white.covariance, try Self.matrix(ref["white1"]), rtol: 1e-8, "white1")
        }
    }

    // MARK: numerical sandwich of the spatial likelihood

    /// `diag(W^k)` for k = 1...K: the unit-by-unit series of ln|I - s W|.
    static func powerDiagonals(_ w: SpatialWeights, terms: Int = 400) throws -> [[Double]] {
        let dense = w.matrix.dense
        var p = dense, out = [[Double]]()
        for _ in 0..<terms { out.append(p.diagonalElements); p = try p * dense }
        return out
    }

    /// `-sum_k s^k (W^k)_ii / k`, unit i's share of ln|I - s W|.
    static func seriesLogDet(_ d: [[Double]], unit i: Int, _ s: Double) -> Double {
        var total = 0.0, power = 1.0
        for k in 0..<d.count { power *= s; total -= power * d[k][i] / Double(k + 1) }
        return total
    }

    struct Setup {
        var y: [Double], wy: [Double], x: Matrix, wx: Matrix, wwy: [Double]
        var n: Int, blocks: Int, multiplier: Double, centered: Bool, observations: Double
        var hasRho: Bool, hasLambda: Bool
        /// The SAC with a second error matrix M: `M y` (then `wx` is M X and `wwy` M W y); nil: W y.
        var my: [Double]? = nil
    }

    /// Per-observation log-likelihood at theta = (beta, rho?, lambda?, s2), finite-differenced.
    /// `errorDiagonals`: diag(M^k) of the SAC's second error matrix (nil: `diagonals`).
    static func numericalScores(_ s: Setup, theta: [Double], diagonals: [[Double]], errorDiagonals: [[Double]]? = nil) -> Matrix {
        let k = s.x.columns, m = s.x.rows
        func contributions(_ th: [Double]) -> [Double] {
            let beta = Array(th[0..<k])
            var idx = k
            let r = s.hasRho ? th[idx] : 0; if s.hasRho { idx += 1 }
            let l = s.hasLambda ? th[idx] : 0; if s.hasLambda { idx += 1 }
            let s2 = th[idx]
            let share = s.multiplier / Double(s.blocks), c = s.centered ? 1.0 : 0.0
            var out = [Double](repeating: 0, count: m)
            var jr = [Double](repeating: 0, count: s.n), jl = jr
            for i in 0..<s.n {
                if s.hasRho { jr[i] = share * (seriesLogDet(diagonals, unit: i, r) - c * log(1 - r) / Double(s.n)) }
                if s.hasLambda { jl[i] = share * (seriesLogDet(errorDiagonals ?? diagonals, unit: i, l) - c * log(1 - l) / Double(s.n)) }
            }
            for row in 0..<m {
                var u = s.y[row] - r * s.wy[row], wu = (s.my?[row] ?? s.wy[row]) - r * s.wwy[row]
                for j in 0..<k { u -= s.x[row, j] * beta[j]; wu -= s.wx[row, j] * beta[j] }
                let e = u - l * wu
                out[row] = -(s.observations / Double(m)) / 2 * log(2 * Double.pi * s2) + jr[row % s.n] + jl[row % s.n] - e * e / (2 * s2)
            }
            return out
        }
        var scores = Matrix(rows: m, columns: theta.count)
        for j in theta.indices {
            let h = 1e-5 * (theta[j] == 0 ? 1 : abs(theta[j]))
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let a = contributions(plus), b = contributions(minus)
            for row in 0..<m { scores[row, j] = (a[row] - b[row]) / (2 * h) }
        }
        return scores
    }

    /// The expected sandwich from numerical scores and the dense information matrix, sigma^2's row and column dropped.
    static func expected(_ s: Setup, theta: [Double], information: Matrix, estimator: CovarianceEstimator, diagonals: [[Double]],
                         errorDiagonals: [[Double]]? = nil) throws -> Matrix {
        let scores = numericalScores(s, theta: theta, diagonals: diagonals, errorDiagonals: errorDiagonals)
        let m = s.x.rows
        let v = try SandwichCovariance(scores: scores, bread: try Cholesky(information).inverse(), estimator: estimator,
                                       units: (0..<m).map { $0 % s.n }, periods: (0..<m).map { $0 / s.n }).covariance
        let d = theta.count - 1
        var out = Matrix(rows: d, columns: d)
        for j in 0..<d { for i in 0..<d { out[i, j] = v[i, j] } }
        return out
    }

    @Test(arguments: [SpatialModel.sar, .sem, .sdm, .sdem, .sac, .slx])
    func columbusMatchesNumericalSandwich(model: SpatialModel) throws {
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let fit = try SpatialRegression(model, data: data, weights: w, options: FitOptions(covariance: .robust))
        let classical = try SpatialRegression(model, data: data, weights: w)
        #expect(fit.standardErrors.contains("White 1980") && fit.standardErrors.contains("Lin & Lee 2010"), "\(fit.standardErrors)")
        #expect(fit.coefficients.map(\.estimate) == classical.coefficients.map(\.estimate))
        let design = model.hasDurbin ? try data.withSpatialLags(w) : data
        let x = design.x
        let setup = Setup(y: design.y, wy: try w.lag(design.y), x: x, wx: try w.matrix.multiply(x), wwy: try w.lag(try w.lag(design.y)),
                          n: 49, blocks: 1, multiplier: 1, centered: false, observations: 49,
                          hasRho: model.hasLag, hasLambda: model.hasError)
        let rho = fit.rho?.estimate, lambda = fit.lambda?.estimate
        let theta = fit.coefficients.map(\.estimate) + [rho, lambda].compactMap { $0 } + [fit.sigma2]
        // InformationMatrix.full filters X by B = I - lambda W itself.
        let info = try InformationMatrix.full(x: x, blockSize: 49,
                                              beta: theta.prefix(x.columns).map { $0 }, sigma2: fit.sigma2, rho: rho, lambda: lambda,
                                              weights: w, traceMultiplier: 1, observations: 49, center: false)
        let want = try Self.expected(setup, theta: theta, information: info,
                                     estimator: .robust, diagonals: try Self.powerDiagonals(w))
        Self.expectClose(fit.covariance, want, rtol: 1e-7, "\(model) robust")
        // The SEs differ from the classical ones (columbus is heteroskedastic).
        #expect(abs(fit.coefficients[1].stdError - classical.coefficients[1].stdError) > 1e-3 * classical.coefficients[1].stdError)
    }

    /// The data produc's fixed-effects likelihood takes: W y, W X (M X, M W y, M y with a second error matrix M) on
    /// the original data, then demeaned; T*, the centring and n* of the estimator.
    static func producSetup(panel: Panel, x xs: [String], weights w: SpatialWeights, errorWeights m: SpatialWeights? = nil, durbin: Bool = false,
                            effects: PanelEffects, estimator: PanelEstimator, hasRho: Bool, hasLambda: Bool) throws -> Setup {
        let n = panel.unitCount, t = panel.periodCount
        let demean = { (v: [Double]) in PanelTransform.demean(v, n: n, t: t, effects: effects) }
        let y = try panel.numbers("lgsp")
        var raw = try xs.map { try panel.numbers($0) }
        if durbin { raw += try raw.map { try PanelTransform.lag($0, weights: w, t: t) } }
        let e = m ?? w
        let x = try Matrix(columnArrays: raw.map(demean))
        let ex = try Matrix(columnArrays: try raw.map { demean(try PanelTransform.lag($0, weights: e, t: t)) })
        let leeYu = estimator == .leeyu
        let tStar = Double(leeYu && effects.hasIndividual ? t - 1 : t)
        let centered = leeYu && effects.hasTime
        let nStar = Double(centered ? n - 1 : n) * tStar
        let wy = try PanelTransform.lag(y, weights: w, t: t)
        return Setup(y: demean(y), wy: demean(wy), x: x, wx: ex, wwy: demean(try PanelTransform.lag(wy, weights: e, t: t)), n: n, blocks: t,
                     multiplier: tStar, centered: centered, observations: nStar, hasRho: hasRho, hasLambda: hasLambda,
                     my: try m.map { demean(try PanelTransform.lag(y, weights: $0, t: t)) })
    }

    @Test(arguments: [(SpatialModel.sar, PanelEffects.twoways, PanelEstimator.leeyu), (.sar, .individual, .direct), (.sdm, .twoways, .direct),
                      (.sem, .individual, .leeyu), (.sem, .twoways, .direct), (.sar, .individual, .leeyu),
                      (.sac, .twoways, .leeyu), (.sac, .individual, .direct)])
    func producMatchesNumericalSandwich(model: SpatialModel, effects: PanelEffects, estimator: PanelEstimator) throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        let xs = ["lpcap", "lpc", "lemp", "unemp"]
        let n = panel.unitCount
        let diagonals = try Self.powerDiagonals(w)
        for vce in [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: nil), .driscollKraay(lags: 4)] {
            let fit = try PanelRegression(model, panel: panel, y: "lgsp", x: xs, weights: w, effects: effects, estimator: estimator,
                                          options: FitOptions(covariance: vce))
            let setup = try Self.producSetup(panel: panel, x: xs, weights: w, durbin: model.hasDurbin, effects: effects, estimator: estimator,
                                             hasRho: model.hasLag, hasLambda: model.hasError)
            let x = setup.x, tStar = setup.multiplier, centered = setup.centered, nStar = setup.observations
            let rho = fit.rho?.estimate, lambda = fit.lambda?.estimate
            let theta = fit.coefficients.map(\.estimate) + [rho, lambda].compactMap { $0 } + [fit.sigma2]
            let info = try InformationMatrix.full(x: x, blockSize: n, beta: fit.coefficients.map(\.estimate), sigma2: fit.sigma2,
                                                  rho: rho, lambda: lambda, weights: w,
                                                  traceMultiplier: tStar, observations: nStar, center: centered)
            let want = try Self.expected(setup, theta: theta, information: info, estimator: vce, diagonals: diagonals)
            Self.expectClose(fit.covariance, want, rtol: 1e-7, "\(model) \(effects) \(estimator) \(vce)")
            #expect(fit.standardErrors.contains("Lin & Lee 2010"))
        }
    }

    /// Above the dense limit diag(W (I - rho W)^-1) comes from one sparse LU solve per unit: equal to the dense
    /// inverse's (columbus forced sparse; an asymmetric kNN-like W by row-standardising a lattice with one link removed).
    @Test func sparseJacobianDiagonalEqualsDense() throws {
        let columbus = try Columbus.queen().transformed(.row)
        for s in [-0.5, 0, 0.43, 0.9] {
            let dense = try LikelihoodScores.jacobianDiagonal(weights: columbus, at: s)
            let sparse = try LikelihoodScores.jacobianDiagonal(weights: columbus, at: s, denseLimit: 0)
            for i in dense.indices { #expect(abs(dense[i] - sparse[i]) <= 1e-13, "s \(s) unit \(i)") }
        }
        let grid = try SpatialWeights.lattice(rows: 12, columns: 15, rule: .queen).transformed(.row)
        let dense = try LikelihoodScores.jacobianDiagonal(weights: grid, at: 0.7)
        let sparse = try LikelihoodScores.jacobianDiagonal(weights: grid, at: 0.7, denseLimit: 0)
        for i in dense.indices { #expect(abs(dense[i] - sparse[i]) <= 1e-13, "lattice unit \(i)") }
        // A SAR fit past the dense limit takes the sparse path (no n x n matrix): 40 x 40 = 1,600 units.
        let big = try SpatialWeights.lattice(rows: 40, columns: 40).transformed(.row)
        var generator = SeededGenerator(seed: 3)
        let xv = (0..<1600).map { _ in Double.random(in: -1...1, using: &generator) }
        let e = (0..<1600).map { i in Double.random(in: -1...1, using: &generator) * (1 + abs(xv[i])) }
        // y = (I - 0.5 W)^-1 (1 + x + e) by fixed-point iteration.
        let b = (0..<1600).map { 1 + xv[$0] + e[$0] }
        var y = b
        for _ in 0..<200 { let wy = try big.lag(y); y = (0..<1600).map { b[$0] + 0.5 * wy[$0] } }
        let table = try DataTable(columns: [("y", y.map { "\($0)" }), ("x", xv.map { "\($0)" })])
        let fit = try SpatialRegression(.sar, data: table, y: "y", x: ["x"], weights: big, options: FitOptions(covariance: .robust))
        #expect(fit.covariance.rows == 3 && fit.covariance.elements.allSatisfy(\.isFinite))
        #expect(fit.standardErrors.contains("White 1980"))
    }

    /// The uncorrected dynamic QML with individual effects is the static direct-approach fit of periods 1..T with
    /// y_{t-1} and W y_{t-1} as regressors (same demeaned data, Jacobian T ln|I - rho W|, NT observations): its
    /// sandwich covariances must equal that fit's (checked above against numerical sandwiches).
    @Test func dynamicUncorrectedEqualsTheStaticFitWithLagColumns() throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount
        let xs = ["lpcap", "lpc", "lemp", "unemp"]
        let y = try panel.numbers("lgsp")
        let wy = try PanelTransform.lag(y, weights: w, t: t)
        func later(_ v: [Double]) -> [Double] { Array(v[n...]) }
        func earlier(_ v: [Double]) -> [Double] { Array(v[..<(n * (t - 1))]) }
        var columns: [(name: String, values: [Double])] = [("lgsp", later(y)), ("ylag", earlier(y)), ("wylag", earlier(wy))]
        for name in xs { columns.append((name, later(try panel.numbers(name)))) }
        let shifted = try Panel(units: panel.units, periods: Array(panel.periods.dropFirst()), columns: columns)
        for vce in [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: nil)] {
            let dynamic = try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: xs, weights: w, effects: .individual, lags: .both,
                                                     biasCorrected: false, options: FitOptions(covariance: vce))
            let stat = try PanelRegression(.sar, panel: shifted, y: "lgsp", x: ["ylag", "wylag"] + xs, weights: w, effects: .individual,
                                           estimator: .direct, options: FitOptions(covariance: vce))
            for (a, b) in zip(dynamic.coefficients, stat.coefficients) { #expect(close(a.estimate, b.estimate, rtol: 1e-7), "\(a.name)") }
            Self.expectClose(dynamic.covariance, stat.covariance, rtol: 1e-6, "dynamic \(vce)")
            #expect(dynamic.standardErrors.contains("Lin & Lee 2010"))
        }
        #expect(throws: ModelError.self) {
            try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: xs, weights: w, effects: .individual, options: FitOptions(covariance: .cluster))
        }
    }

    // MARK: invariance, effects, refusals

    @Test func rowOrderDoesNotMatter() throws {
        var generator = SeededGenerator(seed: 7)
        let m = 60, p = 3
        var s = Matrix(rows: m, columns: p)
        for i in s.elements.indices { s.elements[i] = Double.random(in: -1...1, using: &generator) }
        let bread = try Matrix(rowArrays: [[2, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 0.5]])
        let units = (0..<m).map { ($0 % 6) * 17 + 3 }, periods = (0..<m).map { 2000 + $0 / 6 }
        let order = Array((0..<m).shuffled(using: &generator))
        var shuffled = Matrix(rows: m, columns: p)
        for (r, src) in order.enumerated() { for j in 0..<p { shuffled[r, j] = s[src, j] } }
        for vce in [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: 3)] {
            let a = try SandwichCovariance(scores: s, bread: bread, estimator: vce, units: units, periods: periods)
            let b = try SandwichCovariance(scores: shuffled, bread: bread, estimator: vce, units: order.map { units[$0] }, periods: order.map { periods[$0] })
            Self.expectClose(a.covariance, b.covariance, rtol: 1e-12, "\(vce)")
        }
    }

    @Test func effectsUseTheChosenCovariance() throws {
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let robust = try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(covariance: .robust))
        let classical = try SpatialRegression(.sar, data: data, weights: w)
        let a = try ImpactMeasures(robust, inference: .delta), b = try ImpactMeasures(classical, inference: .delta)
        #expect(a.direct.map(\.estimate) == b.direct.map(\.estimate))
        #expect(abs((a.direct[1].stdError ?? 0) - (b.direct[1].stdError ?? 0)) > 1e-3 * (b.direct[1].stdError ?? 1))
    }

    @Test func parsingAndRefusals() throws {
        #expect(try CovarianceEstimator(parsing: "dkraay:3") == .driscollKraay(lags: 3))
        #expect(try CovarianceEstimator(parsing: "DKRAAY") == .driscollKraay(lags: nil))
        #expect(try CovarianceEstimator(parsing: "hac:bartlett:2.5") == .hac(SpatialHAC(kernel: .triangular, bandwidth: .fixed(2.5))))
        #expect(try CovarianceEstimator(parsing: "hac:quartic:adaptive:10") == .hac(SpatialHAC(kernel: .bisquare, bandwidth: .adaptive(k: 10))))
        #expect(try CovarianceEstimator(parsing: "hac:parzen:knn:5") == .hac(SpatialHAC(kernel: .parzen, bandwidth: .fixedFromNearestNeighbors(k: 5))))
        #expect(try CovarianceEstimator(parsing: "HAC:Uniform:knn:4") == .hac(SpatialHAC(kernel: .uniform, bandwidth: .fixedFromNearestNeighbors(k: 4))))
        #expect(CovarianceEstimator.hac(SpatialHAC(kernel: .gaussian, bandwidth: .adaptive(k: 7))).description == "hac:gaussian:adaptive:7")
        for bad in ["", "white", "dkraay:-1", "dkraay:x", "dkraay:1:2", "hac", "hac:bartlett", "hac:bartlett:0", "hac:cosine:2", "hac:triangular:knn:0",
                    "hac:triangular:adaptive:x", "hac:triangular:nearest:3", "hac:triangular:knn:3:1", "robust:1", "cluster:state"] {
            #expect(throws: ModelError.self, "\(bad)") { try CovarianceEstimator(parsing: bad) }
        }
        #expect(CovarianceEstimator.defaultDriscollKraayLags(periods: 17) == 2)
        #expect(CovarianceEstimator.defaultDriscollKraayLags(periods: 100) == 4)
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        for vce in [CovarianceEstimator.cluster, .driscollKraay(lags: nil), .hac(SpatialHAC(kernel: .triangular, bandwidth: .fixed(2)))] {
            #expect(throws: ModelError.self) { try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(covariance: vce)) }
        }
        #expect(throws: ModelError.self) {
            try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(standardErrors: .hessian, covariance: .robust))
        }
        let (panel, pw) = try PanelRegressionTests.produc()
        let xs = ["lpcap", "lpc", "lemp", "unemp"]
        #expect(throws: ModelError.self) {
            try PanelRegression(.sar, panel: panel, y: "lgsp", x: xs, weights: pw, estimator: .biascorrected, options: FitOptions(covariance: .cluster))
        }
        #expect(throws: ModelError.self) {
            // The random-effects error models take robust/cluster/dkraay (RandomEffectsErrorSandwichTests), not HAC.
            try RandomEffectsRegression(.sem, panel: panel, y: "lgsp", x: xs, weights: pw,
                                        options: FitOptions(covariance: .hac(SpatialHAC(kernel: .triangular, bandwidth: .fixed(2)))))
        }
        #expect(throws: ModelError.self) {
            try PanelRegression(.sar, panel: panel, y: "lgsp", x: xs, weights: pw, options: FitOptions(covariance: .driscollKraay(lags: 17)))
        }
        // Engine-level refusals: no labels, one cluster, the default.
        let s = Matrix(rows: 4, columns: 1, repeating: 1), bread = Matrix.identity(1)
        #expect(throws: ModelError.self) { try SandwichCovariance(scores: s, bread: bread, estimator: .cluster) }
        #expect(throws: ModelError.self) { try SandwichCovariance(scores: s, bread: bread, estimator: .cluster, units: [1, 1, 1, 1]) }
        #expect(throws: ModelError.self) { try SandwichCovariance(scores: s, bread: bread, estimator: .default) }
        #expect(throws: ModelError.self) { try SandwichCovariance(scores: s, bread: Matrix.identity(2), estimator: .robust) }
    }
}
