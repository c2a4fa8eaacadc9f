import Foundation
import Testing
@testable import SpatialEconometrics

/// Panel beta convergence of china31 per-capita GDP against `panel_convergence_china31.json` (independent numpy FE
/// regressions, equal to plm to 1e-14 by `r/scripts/38_panel_convergence_plm.R`; the dynamic QML of
/// `dynamic_sdpd.py`), and the consistency of the spatial estimate with ``DynamicPanelRegression``.
@Suite struct PanelConvergenceTests {
    struct Speed: Decodable { let beta, std_error, speed, speed_std_error: Double; let half_life, half_life_std_error: Double? }
    struct Dynamic: Decodable { let tau, eta, rho: Double; let coefficient, total_effect: Speed }
    struct Fixture: Decodable { let N, T: Int; let within: [String: Speed]; let dynamic: [String: Dynamic] }

    static func close(_ a: Double?, _ b: Double?, _ rtol: Double) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= rtol * max(abs(b), 1e-300)
    }

    static func check(_ e: BetaConvergence.Estimate, _ r: Speed, _ rtol: Double) {
        #expect(close(e.beta, r.beta, rtol) && close(e.stdError, r.std_error, rtol), "\(e.label): beta \(e.beta) vs \(r.beta), se \(e.stdError ?? .nan) vs \(r.std_error)")
        #expect(close(e.speed, r.speed, rtol) && close(e.speedStdError, r.speed_std_error, rtol), "\(e.label): speed")
        #expect(close(e.halfLife, r.half_life, rtol) && close(e.halfLifeStdError, r.half_life_std_error, rtol), "\(e.label): half-life")
    }

    @Test func withinMatchesNumpyAndPlm() throws {
        let ref = try Fixtures.decode(Fixture.self, "reference/py/panel_convergence_china31.json")
        let panel = try DynamicsFixture.chinaPanel()
        for fe in [PanelEffects.individual, .twoways] {
            let a = try PanelBetaConvergence(panel: panel, variable: "gdppc", effects: fe)
            #expect(a.n == ref.N && a.t == ref.T && a.estimates.count == 1)
            let e = try #require(a.estimates.first)
            #expect(e.label.contains("Nickell"))
            Self.check(e, try #require(ref.within["absolute_\(fe.rawValue)"]), 1e-10)
            let c = try PanelBetaConvergence(panel: panel, variable: "gdppc", conditional: ["urbanization_rate"], effects: fe)
            Self.check(try #require(c.estimates.first), try #require(ref.within["conditional_\(fe.rawValue)"]), 1e-10)
        }
    }

    /// The spatial estimate against the independent numpy QML (its own optimiser polished by brentq on the score):
    /// observed 3e-14 for tau - 1 and 2e-13 to 4e-11 for the total effect, whose numpy SE uses a numerical
    /// gradient (central differences, h = 1e-6); tested at 1e-9 relative.
    @Test func dynamicMatchesNumpy() throws {
        let ref = try Fixtures.decode(Fixture.self, "reference/py/panel_convergence_china31.json")
        let panel = try DynamicsFixture.chinaPanel()
        let w = try DynamicsFixture.chinaWeights().transformed(.row)
        let cases: [(String, SpatialModel, PanelEffects, [String])] = [("sar_absolute_twoways", .sar, .twoways, []),
                                                                     ("sar_absolute_individual", .sar, .individual, []),
                                                                     ("sdm_conditional_twoways", .sdm, .twoways, ["urbanization_rate"])]
        for (key, model, fe, controls) in cases {
            let r = try #require(ref.dynamic[key])
            let b = try PanelBetaConvergence(panel: panel, variable: "gdppc", conditional: controls, effects: fe, model: model, weights: w)
            #expect(b.estimates.count == 3, "\(key)")
            guard b.estimates.count == 3 else { continue }
            #expect(b.estimates[1].label.contains("tau - 1") && b.estimates[2].label.contains("short-run total effect"))
            Self.check(b.estimates[1], r.coefficient, 1e-9)
            Self.check(b.estimates[2], r.total_effect, 1e-9)
            let fit = try #require(b.dynamic)
            #expect(Self.close(fit.eta?.estimate, r.eta, 1e-9) && Self.close(fit.rho?.estimate, r.rho, 1e-9), "\(key)")
            #expect(b.summary.contains("tau = 1 + beta"))
        }
    }

    /// The convergence wrapper is the dynamic fit of ln y: tau - 1 and its SE exactly, the total effect as (tau + eta)/(1 - rho).
    @Test func dynamicIsTheDynamicPanelFit() throws {
        let table = try DynamicsFixture.chinaTable()
        let logged = try table.adding("ln_y", values: try table.numbers("gdppc").map { log($0) })
        let panel = try Panel(table: logged, unit: "id", time: "year", unitOrder: (1...31).map(String.init))
        let w = try DynamicsFixture.chinaWeights().transformed(.row)
        let b = try PanelBetaConvergence(panel: panel, variable: "gdppc", model: .sar, weights: w)
        let fit = try DynamicPanelRegression(.sar, panel: panel, y: "ln_y", x: [], weights: w, effects: .twoways, lags: .both)
        let tau = try #require(fit.tau), eta = try #require(fit.eta), rho = try #require(fit.rho)
        #expect(Self.close(b.estimates[1].beta, tau.estimate - 1, 1e-12) && Self.close(b.estimates[1].stdError, tau.stdError, 1e-12))
        #expect(Self.close(b.estimates[2].beta, (tau.estimate + eta.estimate) / (1 - rho.estimate) - 1, 1e-9))
        // the p-value tests beta = 0 (tau = 1), not tau = 0
        #expect(Self.close(b.estimates[1].pValue, 2 * Normal.cdf(-abs(tau.estimate - 1) / tau.stdError), 1e-9))
        #expect((b.estimates[1].pValue ?? 0) > 1e-6 && (b.estimates[1].pValue ?? 1) < 0.05)
        // Beta of the within estimator is Nickell-biased downwards here: faster "convergence" than the corrected fit.
        #expect(b.estimates[0].beta < b.estimates[1].beta)
    }

    @Test func refusesBadInput() throws {
        let panel = try DynamicsFixture.chinaPanel()
        #expect(throws: DynamicsError.self) { try PanelBetaConvergence(panel: panel, variable: "gdppc", from: "2021") }
        #expect(throws: DynamicsError.self) { try PanelBetaConvergence(panel: panel, variable: "gdppc", effects: .time) }
        let w = try DynamicsFixture.chinaWeights().transformed(.row)
        #expect(throws: DynamicsError.self) { try PanelBetaConvergence(panel: panel, variable: "gdppc", model: .sem, weights: w) }
        #expect(throws: DynamicsError.self) { try PanelBetaConvergence(panel: panel, variable: "gdppc", model: .sar) }
    }
}
