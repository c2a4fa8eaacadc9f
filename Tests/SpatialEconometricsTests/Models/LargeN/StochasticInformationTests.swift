import Foundation
import Testing
@testable import SpatialEconometrics

/// The sparse/stochastic information matrix against the dense exact one. Hutchinson's estimator has a relative
/// standard error of about sqrt(2 / (probes n)) per trace; with n = 48 and 4,000 probes that is 0.3%, and the
/// traces enter only the rho (lambda) rows, so rho's SE is compared at 1% and the coefficients' at 0.3% (the Wx
/// coefficients are correlated with rho and inherit part of its error).
@Suite struct StochasticInformationTests {
    @Test(arguments: [(SpatialModel.sdm, PanelEffects.twoways, PanelEstimator.leeyu), (.sar, .individual, .direct), (.sem, .twoways, .direct), (.sdm, .time, .leeyu)])
    func panelMatchesExact(_ model: SpatialModel, _ effects: PanelEffects, _ estimator: PanelEstimator) throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let xs = PanelRegressionTests.xs
        let exact = try PanelRegression(model, panel: panel, y: "lgsp", x: xs, weights: w, effects: effects, estimator: estimator, traces: .exact)
        let stochastic = try PanelRegression(model, panel: panel, y: "lgsp", x: xs, weights: w, effects: effects, estimator: estimator,
                                             traces: .stochastic(probes: 4000, seed: 3))
        let spatial = [exact.rho ?? exact.lambda, stochastic.rho ?? stochastic.lambda].compactMap { $0 }
        #expect(close(spatial[1].stdError, spatial[0].stdError, rtol: 1e-2), "\(model) \(effects) spatial se")
        for (a, b) in zip(exact.coefficients, stochastic.coefficients) {
            #expect(a.estimate == b.estimate)
            #expect(close(b.stdError, a.stdError, rtol: 3e-3), "\(model) \(effects) \(a.name)")
        }
    }
}
