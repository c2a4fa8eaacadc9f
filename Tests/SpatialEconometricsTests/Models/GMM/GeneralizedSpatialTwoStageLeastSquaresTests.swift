import Foundation
import Testing
@testable import SpatialEconometrics

/// GS2SLS of the SAC with heteroskedastic moments (``GeneralizedSpatialTwoStageLeastSquares``) against an independent
/// numpy implementation of spreg's `GM_Combo_Het` steps (`reference/py/gmm_error.json`, `"combo"`, script
/// `py/scripts/gmm_error.py`): estimates, standard errors and cov(d, lambda) to 1e-6; spreg itself at its L-BFGS-B
/// stopping accuracy (lambda 1.3e-6 on elect80).
@Suite struct GeneralizedSpatialTwoStageLeastSquaresTests {
    @Test func matchesNumpyAndSpregGMComboHet() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/py/gmm_error.json")
        #expect(reference.combo.count == 3)
        for c in reference.combo {
            let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired(c.label)
            let fit = try GeneralizedSpatialTwoStageLeastSquares(data: p.table, y: y, x: x, weights: p.weights, maxIterations: c.max_iter)
            let tag = "combo \(c.label) max_iter \(c.max_iter)"
            let ours = fit.coefficients + [fit.rhoEstimate, fit.lambdaEstimate]
            #expect(ours.count == c.betas.count && fit.iterations == c.numpy.iterations)
            let vm = try #require(c.numpy.vm)
            for (k, coefficient) in ours.enumerated() {
                SpatialTwoStageLeastSquaresTests.check("\(tag) numpy \(coefficient.name)", coefficient.estimate, c.numpy.betas[k])
                SpatialTwoStageLeastSquaresTests.check("\(tag) numpy SE \(coefficient.name)", coefficient.stdError, c.numpy.std_err[k])
                let last = ours.count - 1
                #expect(abs(fit.covariance[k, last] - vm[k][last]) <= 1e-6 * (vm[k][k] * vm[last][last]).squareRoot(), "\(tag) cov(\(coefficient.name), lambda)")
                #expect(abs(coefficient.estimate - c.betas[k]) <= 5e-5 * max(1, abs(c.betas[k])), "\(tag) spreg \(coefficient.name)")
                #expect(abs(coefficient.stdError / c.std_err[k] - 1) <= 5e-5, "\(tag) spreg SE \(coefficient.name)")
            }
            #expect(fit.instruments == ["(Intercept)"] + x + x.map { "W_" + $0 })
        }
    }

    struct Reference: Decodable { let combo: [GeneralizedMomentsErrorTests.Case] }

    @Test func effectsTablesAndRefusals() throws {
        let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let fit = try GeneralizedSpatialTwoStageLeastSquares(data: p.table, y: y, x: x, weights: p.weights)
        let effects = try ImpactMeasures(fit, inference: .delta)
        SpatialTwoStageLeastSquaresTests.check("total INC", effects.total[0].estimate, fit.coefficients[1].estimate / (1 - fit.rhoEstimate.estimate), rtol: 1e-9)
        #expect(fit.summary.contains("GS2SLS") && fit.summary.contains("lambda"))
        #expect(Table.sideBySide([fit, try SpatialRegression(.sac, data: p.table, y: y, x: x, weights: p.weights)]).text.contains("rho"))
        let decoded = try JSONDecoder().decode(GeneralizedSpatialTwoStageLeastSquares.self, from: JSONEncoder().encode(fit))
        #expect(decoded.lambdaEstimate == fit.lambdaEstimate && decoded.coefficients == fit.coefficients)
        #expect(throws: ModelError.self) { try GeneralizedSpatialTwoStageLeastSquares(data: p.table, y: y, x: x, weights: p.weights, wLags: 0) }
        #expect(throws: ModelError.self) { try GeneralizedSpatialTwoStageLeastSquares(data: p.table, y: y, x: [], weights: p.weights) }
        #expect(throws: ModelError.self) { try GeneralizedSpatialTwoStageLeastSquares(data: p.table, y: y, x: ["INC", "INC"], weights: p.weights) }
    }
}
