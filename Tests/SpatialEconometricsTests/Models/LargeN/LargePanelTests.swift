import Foundation
import Testing
@testable import SpatialEconometrics

/// Simulated spatial panels on rook lattices: y_t = (I - rho W)^-1 (x_t b + W x_t theta + mu + alpha_t + e_t).
enum SimulatedPanel {
    static func make(side: Int, periods t: Int, rho: Double = 0.4, seed: UInt64 = 11) throws -> (Panel, SpatialWeights) {
        let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
        let n = side * side
        var g = SeededGenerator(seed: seed)
        let mu = (0..<n).map { _ in g.normal() }
        var y = [Double](), x1 = [Double](), x2 = [Double]()
        let solver = ShiftedSparseSolver(w.matrix, rho: rho)
        for p in 0..<t {
            let a = (0..<n).map { _ in g.normal() }, b = (0..<n).map { _ in g.normal() }
            let wa = try w.lag(a), wb = try w.lag(b)
            let alpha = 0.5 * Double(p)
            let rhs = (0..<n).map { a[$0] - 0.5 * b[$0] + 0.3 * wa[$0] + 0.2 * wb[$0] + mu[$0] + alpha + g.normal() }
            y += try solver.solve(rhs); x1 += a; x2 += b
        }
        let panel = try Panel(units: w.ids, periods: (0..<t).map { "\(2000 + $0)" }, columns: [("y", y), ("x1", x1), ("x2", x2)])
        return (panel, w)
    }
}

/// The large-N path: N = 99,856 (a 316 x 316 lattice), T = 2, two-way SDM. A dense n x n matrix would need 80 GB,
/// so this test can only pass if nothing on the path forms one (log-determinant chosen automatically, stochastic
/// traces, effects from the log-determinant's traces). It also checks the estimates against the simulation's truth.
@Suite struct LargePanelTests {
    @Test func hundredThousandUnitsWithoutDenseMatrices() throws {
        let (panel, w) = try SimulatedPanel.make(side: 316, periods: 2)
        let fit = try PanelRegression(.sdm, panel: panel, y: "y", x: ["x1", "x2"], weights: w, effects: .twoways, estimator: .leeyu)
        let rho = try #require(fit.rho)
        #expect(abs(rho.estimate - 0.4) < 4 * rho.stdError + 1e-3, "rho \(rho.estimate) se \(rho.stdError)")
        #expect(fit.logDeterminantMethod != .eigenSymmetric && fit.logDeterminantMethod != .eigenGeneral)
        #expect(fit.standardErrors.contains("Hutchinson"))
        let truth = ["x1": 1.0, "x2": -0.5, "W_x1": 0.3, "W_x2": 0.2]
        for c in fit.coefficients { #expect(abs(c.estimate - (truth[c.name] ?? .nan)) < 5 * c.stdError, "\(c.name)") }
        let effects = try ImpactMeasures(fit, weights: w, inference: .simulation(draws: 200, seed: 1))
        // Total effect of x1: (b + theta) / (1 - rho) = 1.3 / 0.6.
        let total = try #require(effects.total.first { $0.name == "x1" })
        #expect(abs(total.estimate - 1.3 / 0.6) < 5 * (total.stdError ?? .infinity))
    }
}

/// Effects above 2,000 units: with an approximate log-determinant (here the interpolated sparse Cholesky grid) from
/// Hutchinson traces of W^k; against the exact eigenvalue formula
/// `direct = (1/n) sum_i (b + t lambda_i) / (1 - rho lambda_i)` on a 45 x 45 lattice. tr(W^0..2) are exact and the
/// higher powers enter with rho^k, so the estimate's error is far below the traces' own (~0.4% each): 1e-3. With the
/// default exact log-determinant they come from its exact traces: 1e-9.
@Suite struct TraceSeriesEffectsTests {
    @Test(arguments: [false, true])
    func directEffectsMatchEigenvalues(exact: Bool) throws {
        let (panel, w) = try SimulatedPanel.make(side: 45, periods: 3)
        let options = exact ? FitOptions() : FitOptions(logDeterminant: .method(.sparseCholesky))
        let fit = try PanelRegression(.sdm, panel: panel, y: "y", x: ["x1", "x2"], weights: w, effects: .twoways, estimator: .leeyu, options: options)
        let effects = try ImpactMeasures(fit)
        #expect(effects.inference.contains(exact ? "exact traces" : "Hutchinson"))
        let eig = try EigenvalueLogDeterminant(w).eigenvalues.map(\.real)
        let r = try #require(fit.rho).estimate
        for name in ["x1", "x2"] {
            let b = try #require(fit.coefficients.first { $0.name == name }).estimate
            let t = try #require(fit.coefficients.first { $0.name == "W_" + name }).estimate
            let truth = eig.reduce(0) { $0 + (b + t * $1) / (1 - r * $1) } / Double(eig.count)
            let got = try #require(effects.direct.first { $0.name == name }).estimate
            #expect(close(got, truth, rtol: exact ? 1e-9 : 1e-3), "\(name): \(got) vs \(truth)")
            let total = try #require(effects.total.first { $0.name == name }).estimate
            #expect(close(total, (b + t) / (1 - r), rtol: 1e-12))
        }
    }
}

/// The error models on the sparse path: a cross-section on the 316 x 316 lattice (N = 99,856), where one dense n x n
/// matrix would need 80 GB (the spatial Hausman test used to ask for it and abort). SEM with its Hausman test, SDEM
/// and SAC, each checked against the simulation's truth.
@Suite struct LargeErrorModelTests {
    static func simulated(side: Int, lambda: Double, rho: Double = 0, seed: UInt64 = 5) throws -> (RegressionData, SpatialWeights) {
        let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
        let n = side * side
        var g = SeededGenerator(seed: seed)
        let x = (0..<n).map { _ in g.normal() }
        let u = try ShiftedSparseSolver(w.matrix, rho: lambda).solve((0..<n).map { _ in g.normal() })
        var y = (0..<n).map { 1 + 2 * x[$0] + u[$0] }
        if rho != 0 { y = try ShiftedSparseSolver(w.matrix, rho: rho).solve(y) }
        return (try RegressionData(y: y, columns: [("x", x)]), w)
    }

    @Test func semAndItsHausmanTestAtHundredThousandUnits() throws {
        let (data, w) = try Self.simulated(side: 316, lambda: 0.5)
        let sem = try SpatialRegression(.sem, data: data, weights: w)
        let lambda = try #require(sem.lambda)
        #expect(abs(lambda.estimate - 0.5) < 4 * lambda.stdError + 1e-3, "lambda \(lambda.estimate) se \(lambda.stdError)")
        #expect(abs(sem.coefficients[1].estimate - 2) < 5 * sem.coefficients[1].stdError)
        let hausman = try NestedModelComparison.spatialHausman(sem, data: data, weights: w)
        #expect(hausman.statistic.isFinite && hausman.statistic >= 0 && hausman.df == 2)
    }

    /// SDEM and SAC above every dense threshold (N = 22,500; their paths are the SEM's plus the lag terms), no n x n
    /// matrix: above the exact sparse traces' work limit (7.4e9 and 1.5e10 multiply-adds against 6e9), so Hutchinson's.
    @Test func sdemAndSacOnTheSparsePath() throws {
        let (data, w) = try Self.simulated(side: 150, lambda: 0.5)
        let sdem = try SpatialRegression(.sdem, data: data, weights: w)
        #expect(sdem.standardErrors.contains("Hutchinson"), "\(sdem.standardErrors)")
        #expect(abs((sdem.lambda?.estimate ?? 0) - 0.5) < 0.03)
        #expect(sdem.logDeterminantMethod != .eigenSymmetric && sdem.logDeterminantMethod != .eigenGeneral)
        let (sacData, _) = try Self.simulated(side: 150, lambda: 0.3, rho: 0.3, seed: 6)
        let sac = try SpatialRegression(.sac, data: sacData, weights: w)
        #expect(sac.standardErrors.contains("Hutchinson"), "\(sac.standardErrors)")
        #expect(abs((sac.rho?.estimate ?? 0) - 0.3) < 0.05 && abs((sac.lambda?.estimate ?? 0) - 0.3) < 0.08,
                "rho \(sac.rho?.estimate ?? .nan) lambda \(sac.lambda?.estimate ?? .nan)")
    }

    /// The sparse Hausman test equals the dense formula (and spatialreg's variant) on columbus.
    @Test func sparseHausmanMatchesTheDenseFormula() throws {
        let table = try Columbus.table(), w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: table, y: "CRIME", x: ["INC", "HOVAL"])
        let sem = try SpatialRegression(.sem, data: data, weights: w)
        let n = data.n, x = data.x, l = try #require(sem.lambda).estimate
        let b = try Matrix.identity(n) - l * w.matrix.dense
        let btbInv = try Cholesky(try b.crossProduct).inverse()
        let xtxInv = try Cholesky(try x.crossProduct).inverse()
        let vOLS = try xtxInv * (try Matrix.product(try Matrix.product(x, .transposed, btbInv, .none), .none, x, .none) * xtxInv)
        let vSEM = try Cholesky(try (b * x).crossProduct).inverse()
        let v = sem.sigma2 * (try vOLS - vSEM)
        let ols = try OrdinaryLeastSquares(data)
        let d = (0..<data.k).map { ols.coefficients[$0].estimate - sem.coefficients[$0].estimate }
        let dense = try NestedModelComparison.quadraticForm(d, v)
        let sparse = try NestedModelComparison.spatialHausman(sem, data: data, weights: w)
        #expect(close(sparse.statistic, dense, rtol: 1e-9), "\(sparse.statistic) vs \(dense)")
        #expect(close(sparse.statistic, 5.256, rtol: 1e-3))
        let variant = try NestedModelComparison.spatialHausman(sem, data: data, weights: w, spatialregVariant: true)
        #expect(close(variant.statistic, 5.613, rtol: 1e-3))
    }
}

/// The exact sparse LU on W not similar to a symmetric matrix at N = 100,000 (asymmetric kNN-4 of random points),
/// where one dense n x n matrix would need 80 GB: chosen automatically, its factor solves `I - rho W` to rounding and
/// its value lies within Chebyshev's reported error. A SAR fit on the automatic path at N = 10,000.
@Suite struct LargeSparseLUTests {
    @Test func hundredThousandUnitsAsymmetricKNN() throws {
        let w = try LogDetFixtures.knn(100_000, k: 4, seed: 17)
        #expect(w.symmetrizingScale() == nil)
        let choice = try w.logDeterminant()
        #expect(choice.method == .sparseLUExact, "\(choice.reason)")
        let lu = try #require(choice.logDeterminant as? ExactSparseLULogDeterminant)
        let f = try lu.factor(at: 0.6)
        var g = SeededGenerator(seed: 3)
        let b = (0..<w.count).map { _ in g.normal() }
        let x = try f.solve(b)
        let wx = try w.lag(x)
        #expect(zip(b.indices, b).map { abs(x[$0] - 0.6 * wx[$0] - $1) }.max() ?? 1 < 1e-11)
        let cb = try ChebyshevLogDeterminant(w, seed: 2)
        #expect(abs(f.logAbsDeterminant - cb.value(0.6)) <= 2 * cb.accuracy(at: 0.6).errorBound)
        #expect(f.logAbsDeterminant == lu.value(0.6))
    }

    @Test func sarFitOnTheAutomaticSparseLU() throws {
        let w = try LogDetFixtures.knn(10_000, k: 4, seed: 17)
        let lu = try ExactSparseLULogDeterminant(w)
        var g = SeededGenerator(seed: 4)
        let z = (0..<w.count).map { _ in g.normal() }
        let y = try lu.factor(at: 0.6).solve((0..<w.count).map { 1 + 2 * z[$0] + g.normal() })
        let fit = try SpatialRegression(.sar, data: RegressionData(y: y, columns: [("x", z)]), weights: w)
        #expect(fit.logDeterminantMethod == .sparseLUExact && fit.logDeterminantAccuracy == .exact)
        let rho = try #require(fit.rho)
        #expect(abs(rho.estimate - 0.6) < 4 * rho.stdError + 1e-3, "rho \(rho.estimate) se \(rho.stdError)")
        #expect(close(fit.logLikelihood, try SpatialRegression(.sar, data: RegressionData(y: y, columns: [("x", z)]), weights: w,
                                                              logDeterminant: lu).logLikelihood, rtol: 1e-14))
    }
}
