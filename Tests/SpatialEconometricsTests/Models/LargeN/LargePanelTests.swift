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

/// Effects above 2,000 units come from Hutchinson traces of W^k; against the exact eigenvalue formula
/// `direct = (1/n) sum_i (b + t lambda_i) / (1 - rho lambda_i)` on a 45 x 45 lattice. tr(W^0..2) are exact and the
/// higher powers enter with rho^k, so the estimate's error is far below the traces' own (~0.4% each): 1e-3.
@Suite struct TraceSeriesEffectsTests {
    @Test func directEffectsMatchEigenvalues() throws {
        let (panel, w) = try SimulatedPanel.make(side: 45, periods: 3)
        let fit = try PanelRegression(.sdm, panel: panel, y: "y", x: ["x1", "x2"], weights: w, effects: .twoways, estimator: .leeyu)
        let effects = try ImpactMeasures(fit, weights: w)
        #expect(effects.inference.contains("Hutchinson"))
        let eig = try EigenvalueLogDeterminant(w).eigenvalues.map(\.real)
        let r = try #require(fit.rho).estimate
        for name in ["x1", "x2"] {
            let b = try #require(fit.coefficients.first { $0.name == name }).estimate
            let t = try #require(fit.coefficients.first { $0.name == "W_" + name }).estimate
            let exact = eig.reduce(0) { $0 + (b + t * $1) / (1 - r * $1) } / Double(eig.count)
            let got = try #require(effects.direct.first { $0.name == name }).estimate
            #expect(close(got, exact, rtol: 1e-3), "\(name): \(got) vs \(exact)")
            let total = try #require(effects.total.first { $0.name == name }).estimate
            #expect(close(total, (b + t) / (1 - r), rtol: 1e-12))
        }
    }
}
