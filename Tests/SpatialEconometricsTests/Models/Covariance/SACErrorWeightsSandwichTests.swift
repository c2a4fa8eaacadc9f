import Foundation
import Testing
@testable import SpatialEconometrics

/// Robust, cluster and Driscoll-Kraay covariances of the fixed-effects SAC with a second error matrix M
/// (`errorWeights`, `--error-weights`): W = usaww for the lag, M its row-standardised second-order contiguity
/// (``DurbinTermsTests/secondOrder(_:)``, the fixture of the existing error-weights tests) for the error, on produc.
/// - against a numerical sandwich: per-cell scores by central differences of the per-cell log-likelihood written in
///   ``SandwichCovarianceTests/numericalScores(_:theta:diagonals:errorDiagonals:)`` (e = u - lambda M u, the two
///   Jacobians split by the power series of W and of M unit by unit), the bread the information matrix with M, to
///   1e-6 of sqrt(V_ii V_jj) (the default tolerance; central differences with h = 1e-5 are accurate to ~1e-9);
/// - the bread, the information matrix with M, against minus the Hessian (Richardson differences) of the expected
///   log-likelihood `E ln L(theta) = -n/2 ln(2 pi s2) + ln|A| + ln|B| - (|B (A mu - X b)|^2 + s2_0 ||B A S||_F^2) / (2 s2)`,
///   `y = mu + S eps`, `mu = A_0^-1 X b_0`, `S = A_0^-1 B_0^-1` (exact Gaussian expectation, dense), to 1e-6;
/// - with M = W it is the one-W sandwich (1e-10);
/// - shuffled panel rows and a reordered M give the same covariance (the CLI's `--vce cluster` with `--error-weights`:
///   ``PanelSACErrorWeightsCLITests``).
@Suite struct SACErrorWeightsSandwichTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]

    /// The largest `|a_ij - b_ij| / sqrt(V_ii V_jj)` (the measure of ``SandwichCovarianceTests/expectClose(_:_:rtol:_:)``), printed.
    static func largestDifference(_ a: Matrix, _ b: Matrix) -> Double {
        let scale = zip(a.diagonalElements, b.diagonalElements).map { max(abs($0), abs($1)) }
        var out = 0.0
        for j in 0..<a.columns { for i in 0..<a.rows { out = max(out, abs(a[i, j] - b[i, j]) / (scale[i] * scale[j]).squareRoot()) } }
        return out
    }

    @Test(arguments: [(PanelEffects.twoways, PanelEstimator.leeyu), (.individual, .direct), (.twoways, .direct)])
    func matchesNumericalSandwich(effects: PanelEffects, estimator: PanelEstimator) throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel)
        let m = try DurbinTermsTests.secondOrder(w)
        let n = panel.unitCount
        let diagonals = try SandwichCovarianceTests.powerDiagonals(w), errorDiagonals = try SandwichCovarianceTests.powerDiagonals(m)
        let setup = try SandwichCovarianceTests.producSetup(panel: panel, x: Self.xs, weights: w, errorWeights: m, effects: effects, estimator: estimator,
                                                            hasRho: true, hasLambda: true)
        let x = setup.x, tStar = setup.multiplier, centered = setup.centered, nStar = setup.observations
        // The same cells with W in M's place: the sandwich must depend on M.
        let oneW = try SandwichCovarianceTests.producSetup(panel: panel, x: Self.xs, weights: w, effects: effects, estimator: estimator,
                                                           hasRho: true, hasLambda: true)
        for vce in [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: nil)] {
            let fit = try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, errorWeights: m, effects: effects,
                                          estimator: estimator, covariance: vce)
            let rho = try #require(fit.rho?.estimate), lambda = try #require(fit.lambda?.estimate)
            let beta = fit.coefficients.map(\.estimate)
            let theta = beta + [rho, lambda, fit.sigma2]
            let info = try InformationMatrix.full(x: x, blockSize: n, beta: beta, sigma2: fit.sigma2, rho: rho, lambda: lambda, weights: w,
                                                  errorWeights: m, traceMultiplier: tStar, observations: nStar, center: centered)
            let want = try SandwichCovarianceTests.expected(setup, theta: theta, information: info, estimator: vce, diagonals: diagonals,
                                                            errorDiagonals: errorDiagonals)
            SandwichCovarianceTests.expectClose(fit.covariance, want, rtol: 1e-6, "SAC W, M \(effects) \(estimator) \(vce)")
            print("SACErrorWeightsSandwichTests \(effects) \(estimator) \(vce): largest difference \(Self.largestDifference(fit.covariance, want))")
            #expect(fit.separateErrorWeights && fit.standardErrors.contains("Lin & Lee 2010"), "\(fit.standardErrors)")
            let other = try SandwichCovarianceTests.expected(oneW, theta: theta, information: info, estimator: vce, diagonals: diagonals)
            let k = beta.count + 1
            #expect(abs(other[k, k] - want[k, k]) > 1e-3 * want[k, k], "\(vce): lambda's variance does not depend on M")
        }
    }

    @Test func informationWithMIsTheExpectedNegativeHessian() throws {
        let (panel, w0) = try PanelRegressionTests.produc()
        let w = try w0.aligned(to: panel), m = try DurbinTermsTests.secondOrder(w)
        let n = w.count
        // One period of produc's regressors (the first 48 rows), arbitrary true parameters.
        let x = try Matrix(columnArrays: try Self.xs.map { Array(try panel.numbers($0)[0..<n]) })
        let beta0 = [0.2, 0.3, 0.6, -0.01], rho0 = 0.3, lambda0 = 0.45, s20 = 0.004
        let wd = w.matrix.dense, md = m.matrix.dense, id = Matrix.identity(n)
        let a0 = try id - rho0 * wd, b0 = try id - lambda0 * md
        let a0Inv = try LUDecomposition(a0).inverse(), b0Inv = try LUDecomposition(b0).inverse()
        let mu = try a0Inv.multiply(try x.multiply(beta0)), sMatrix = try a0Inv * b0Inv
        func logDet(_ a: Matrix) -> Double { (try? LUDecomposition(a))?.logAbsDeterminant.logAbs ?? .nan }
        func expectedLogLikelihood(_ th: [Double]) -> Double {
            guard let a = try? id - th[4] * wd, let b = try? id - th[5] * md, let ba = try? b * a, let bas = try? ba * sMatrix,
                  let bamu = try? ba.multiply(mu), let bxb = try? (try b * x).multiply(Array(th[0..<4])) else { return .nan }
            let s2 = th[6]
            let mean = zip(bamu, bxb).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let spread = bas.elements.reduce(0) { $0 + $1 * $1 }
            return -Double(n) / 2 * log(2 * Double.pi * s2) + logDet(a) + logDet(b) - (mean + s20 * spread) / (2 * s2)
        }
        let theta0 = beta0 + [rho0, lambda0, s20]
        // Steps relative to each (nonzero) parameter: differences in z = theta / theta0 (s2 is 4e-3).
        let scale = theta0
        var hessian = NumericalDerivatives.hessian({ z in expectedLogLikelihood(zip(z, scale).map { $0 * $1 }) }, at: theta0.indices.map { _ in 1.0 },
                                                   step: 1e-3)
        for j in 0..<7 { for i in 0..<7 { hessian[i, j] = -hessian[i, j] / (scale[i] * scale[j]) } }
        let info = try InformationMatrix.full(x: x, blockSize: n, beta: beta0, sigma2: s20, rho: rho0, lambda: lambda0, weights: w, errorWeights: m,
                                              traceMultiplier: 1, observations: Double(n), center: false)
        SandwichCovarianceTests.expectClose(info, hessian, rtol: 1e-6, "information with M")
        print("SACErrorWeightsSandwichTests information with M: largest difference \(Self.largestDifference(info, hessian))")
        // W's information differs (the check can fail).
        let oneW = try InformationMatrix.full(x: x, blockSize: n, beta: beta0, sigma2: s20, rho: rho0, lambda: lambda0, weights: w,
                                              traceMultiplier: 1, observations: Double(n), center: false)
        #expect(abs(oneW[5, 5] - info[5, 5]) > 1e-3 * info[5, 5])
    }

    /// With M = W the two-matrix path (its bread the information matrix with M, its scores with M y) is the one-W sandwich.
    @Test func equalsTheOneWeightsSandwichWhenMIsW() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        for vce in [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: 3)] {
            let two = try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, errorWeights: w, effects: .twoways, covariance: vce)
            let one = try PanelRegression(.sac, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .twoways, covariance: vce)
            #expect(two.separateErrorWeights && !one.separateErrorWeights)
            SandwichCovarianceTests.expectClose(two.covariance, one.covariance, rtol: 1e-10, "M = W \(vce)")
            print("SACErrorWeightsSandwichTests M = W \(vce): largest difference \(Self.largestDifference(two.covariance, one.covariance))")
        }
    }

    /// Shuffled panel rows and a reordered M: the same covariance.
    @Test func rowOrderDoesNotMatter() throws {
        var table = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")] {
            table = try table.adding(name, values: table.numbers(col).map { log($0) })
        }
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        let m = try DurbinTermsTests.secondOrder(w)
        var generator = SeededGenerator(seed: 15)
        let order = Array((0..<table.rowCount).shuffled(using: &generator))
        let shuffled = table.selectingRows(order)
        let a = try PanelRegression(.sac, panel: try Panel(table: table, unit: "state", time: "year"), y: "lgsp", x: Self.xs, weights: w,
                                    errorWeights: m, covariance: .cluster)
        let b = try PanelRegression(.sac, panel: try Panel(table: shuffled, unit: "state", time: "year"), y: "lgsp", x: Self.xs, weights: w,
                                    errorWeights: m.reordered(to: m.ids.reversed()), covariance: .cluster)
        SandwichCovarianceTests.expectClose(a.covariance, b.covariance, rtol: 1e-10, "shuffled")
    }
}
