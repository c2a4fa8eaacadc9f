import Foundation
import Testing
@testable import SpatialEconometrics

/// A seeded Monte Carlo of the two-way dynamic SDM (the design of reference/py/dynamic_montecarlo.json, fewer
/// replications): N = 100 (10 x 10 rook lattice, row-standardised), T = 20, tau = 0.4, eta = -0.1, rho = 0.3,
/// beta = 1, theta = 0.5, sigma^2 = 1; mu_i, alpha_t, x_it, e_it standard normal; 50 burn-in periods from y = 0.
/// Over 40 replications the QML tau is biased downwards (by about 0.79/T, more than 3 Monte Carlo standard errors);
/// the corrected tau, eta and rho are within 3 Monte Carlo standard errors of the truth.
@Suite struct DynamicPanelMonteCarloTests {
    static let tau = 0.4, eta = -0.1, rho = 0.3, beta = 1.0, theta = 0.5

    static func simulate(_ w: SpatialWeights, periods t: Int, generator g: inout SeededGenerator) throws -> Panel {
        let n = w.count
        let solver = ShiftedSparseSolver(w.matrix, rho: rho)
        let mu = (0..<n).map { _ in g.normal() }
        var y = [Double](repeating: 0, count: n)
        var ys = [Double](), xs = [Double]()
        for p in -50...t {
            let alpha = g.normal()
            let x = (0..<n).map { _ in g.normal() }
            let wx = try w.lag(x), wy = try w.lag(y)
            let rhs = (0..<n).map { tau * y[$0] + eta * wy[$0] + beta * x[$0] + theta * wx[$0] + mu[$0] + alpha + g.normal() }
            y = try solver.solve(rhs)
            if p >= 0 { ys += y; xs += x }
        }
        return try Panel(units: w.ids, periods: (0...t).map { "\($0)" }, columns: [("y", ys), ("x", xs)])
    }

    @Test func biasCorrectionRemovesTheBias() throws {
        let w = try SpatialWeights.lattice(rows: 10, columns: 10).transformed(.row)
        var g = SeededGenerator(seed: 20261201)
        let reps = 40, t = 20
        var raw = [[Double]](), corrected = [[Double]]()
        for _ in 0..<reps {
            let panel = try Self.simulate(w, periods: t, generator: &g)
            let fit = try DynamicPanelRegression(.sdm, panel: panel, y: "y", x: ["x"], weights: w)
            let u = try #require(fit.uncorrectedEstimates)
            // (tau, eta, x, W_x, rho).
            raw.append(Array(u[0..<5]))
            corrected.append(fit.coefficients.map(\.estimate) + [try #require(fit.rho).estimate])
        }
        let truth = [Self.tau, Self.eta, Self.beta, Self.theta, Self.rho]
        func stats(_ xs: [[Double]], _ j: Int) -> (error: Double, se: Double) {
            let v = xs.map { $0[j] }, m = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
            return (m - truth[j], sd / Double(v.count).squareRoot())
        }
        let names = ["tau", "eta", "x", "W_x", "rho"]
        var lines = [String]()
        for j in 0..<5 {
            let a = stats(raw, j), b = stats(corrected, j)
            lines.append("\(names[j]): uncorrected \(a.error) (mc se \(a.se)), corrected \(b.error) (mc se \(b.se))")
        }
        print("DynamicPanelMonteCarloTests (N = 100, T = 20, R = \(reps)):\n" + lines.joined(separator: "\n"))
        let tauRaw = stats(raw, 0)
        #expect(tauRaw.error < -3 * tauRaw.se, "uncorrected tau: \(tauRaw)")
        for j in [0, 1, 4] {
            let b = stats(corrected, j)
            #expect(abs(b.error) < 3 * b.se, "corrected \(names[j]): \(b)")
        }
    }

    /// Above the dense thresholds (N = 2,116, a 46 x 46 lattice, T = 3) the corrected fit and its short- and long-run
    /// effects form no matrix whose smaller dimension exceeds 200 (``DenseAllocationMonitor``): the bias traces come
    /// from the log-determinant's, the moduli from the ends of W's spectrum.
    @Test func noDenseMatrixAboveTheThreshold() throws {
        let w = try SpatialWeights.lattice(rows: 46, columns: 46).transformed(.row)
        var g = SeededGenerator(seed: 3)
        let panel = try Self.simulate(w, periods: 3, generator: &g)
        let (fit, largest) = try DenseAllocationMonitor.largestDimension { () throws -> DynamicPanelRegression in
            let fit = try DynamicPanelRegression(.sdm, panel: panel, y: "y", x: ["x"], weights: w)
            _ = try fit.effects(inference: .delta)
            return fit
        }
        #expect(largest <= 200, "dynamic SDM: a \(largest)-dimensional dense matrix at N = \(w.count)")
        #expect(!fit.stationarity.exact && fit.stationarity.isStationary)
        let tau = try #require(fit.tau).estimate, rho = try #require(fit.rho).estimate
        #expect(abs(tau - Self.tau) < 0.05 && abs(rho - Self.rho) < 0.05, "tau \(tau), rho \(rho)")
    }
}
