import Foundation
import Testing
@testable import SpatialEconometrics

/// The spatial Hausman tests of fixed against random effects (splm `sphtest`) and Mundlak's test
/// (``NestedModelComparison/hausman(fixed:random:covariance:)``, ``NestedModelComparison/mundlak(_:panel:y:x:weights:)``) on produc.
@Suite struct PanelHausmanTests {
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/r/produc_panel.json")["results"] }

    @Test func hausmanLag() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let re = try RandomEffectsRegression(panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        let fe = try PanelRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .individual, estimator: .splm)
        let h = try NestedModelComparison.hausman(fixed: fe, random: re)
        #expect(close(h.statistic, try ref["sphtest", "lag", "statistic"].number(), rtol: 1e-3))
        #expect(h.name.contains("invalid") && !h.isValid && h.invalidReason?.contains("positive definite") == true)
        let decoded = try JSONDecoder().decode(TestResult.self, from: JSONEncoder().encode(h))
        #expect(decoded == h && !decoded.isValid)
        #expect(h.df == 4)
        // One sigma^2 for both matrices: on produc V_FE - V_RE is then positive definite and the test is valid.
        for variant in [HausmanCovariance.sigmaMore, .sigmaLess] {
            let v = try NestedModelComparison.hausman(fixed: fe, random: re, covariance: variant)
            #expect(v.isValid && !v.name.contains("invalid") && v.statistic > 0 && v.df == 4, "\(variant)")
        }
        let m = try NestedModelComparison.mundlak(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        #expect(m.df == 4 && m.statistic > 0 && m.pValue < 0.001)
    }

    @Test func hausmanError() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let re = try RandomEffectsRegression(.sem, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        let fe = try PanelRegression(.sem, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .individual, estimator: .splm)
        let h = try NestedModelComparison.hausman(fixed: fe, random: re)
        // The RE estimates match splm's to ~1e-6 (nlminb's stopping point), which the contrast d amplifies.
        #expect(close(h.statistic, try ref["sphtest", "error", "statistic"].number(), rtol: 1e-4))
        #expect(h.df == 4)
    }

    /// Mundlak's test must reject when the unit effects are correlated with x and not otherwise: a simulated SAR
    /// panel (N = 100, T = 5, rook lattice) with mu_i = 0 or mu_i = 2 xbar_i + noise.
    @Test func mundlakDetectsCorrelatedEffects() throws {
        let w = try SpatialWeights.lattice(rows: 10, columns: 10).transformed(.row)
        let n = 100, t = 5
        var rng = SeededGenerator(seed: 7)
        func normal() -> Double { Normal.quantile(Double.random(in: 1e-12..<1, using: &rng)) }
        var p = [Double]()
        for correlated in [false, true] {
            let x = (0..<(n * t)).map { _ in normal() }
            var xbar = [Double](repeating: 0, count: n)
            for q in 0..<t { for i in 0..<n { xbar[i] += x[q * n + i] / Double(t) } }
            let mu = (0..<n).map { correlated ? 2 * xbar[$0] + 0.5 * normal() : normal() }
            // y_t = (I - 0.3 W)^-1 (x_t + mu + e_t), by fixed-point iteration.
            var y = [Double](repeating: 0, count: n * t)
            for q in 0..<t {
                let rhs = (0..<n).map { x[q * n + $0] + mu[$0] + normal() }
                var v = rhs
                for _ in 0..<200 { let wv = try w.lag(v); v = (0..<n).map { rhs[$0] + 0.3 * wv[$0] } }
                for i in 0..<n { y[q * n + i] = v[i] }
            }
            let table = try DataTable(columns: [("id", (0..<(n * t)).map { w.ids[$0 % n] }), ("year", (0..<(n * t)).map { "\($0 / n)" }),
                                                ("y", y.map { "\($0)" }), ("x", x.map { "\($0)" })])
            let panel = try Panel(table: table, unit: "id", time: "year", unitOrder: w.ids)
            p.append(try NestedModelComparison.mundlak(.sar, panel: panel, y: "y", x: ["x"], weights: w).pValue)
        }
        #expect(p[0] > 0.01)
        #expect(p[1] < 1e-6)
    }
}
