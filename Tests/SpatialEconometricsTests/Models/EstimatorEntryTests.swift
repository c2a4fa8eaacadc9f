import Foundation
import Testing
@testable import SpatialEconometrics

/// The single entries ``SpatialRegression/estimate(_:data:y:x:weights:intercept:estimator:)`` and
/// ``PanelRegression/estimate(_:panel:y:x:weights:effects:estimator:)`` dispatch to the estimators: each model x method
/// gives bitwise the numbers of the estimator's own type (the estimators are checked against R/PySAL in their own
/// tests), reports its method, and invalid combinations are refused with a typed error.
@Suite struct EstimatorEntryTests {
    /// Equal to `rtol` relative (0: bitwise; nan equals nan).
    static func equal(_ a: [Double], _ b: [Double], rtol: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x == y || (x.isNaN && y.isNaN) || abs(x - y) <= rtol * max(abs(x), abs(y))
        }
    }

    /// Estimates, standard errors, rho, lambda, sigma^2 and the covariance, bitwise unless `rtol` says otherwise.
    func same(_ a: any SpatialFit, _ b: any SpatialFit, _ what: String, rtol: Double = 0) {
        func eq(_ x: [Double], _ y: [Double]) -> Bool { Self.equal(x, y, rtol: rtol) }
        #expect(a.coefficients.map(\.name) == b.coefficients.map(\.name), "\(what) names")
        #expect(eq(a.coefficients.map(\.estimate), b.coefficients.map(\.estimate)), "\(what) estimates")
        #expect(eq(a.coefficients.map(\.stdError), b.coefficients.map(\.stdError)), "\(what) std errors")
        #expect(eq([a.rho?.estimate, a.rho?.stdError, a.lambda?.estimate, a.lambda?.stdError].map { $0 ?? -1 },
                   [b.rho?.estimate, b.rho?.stdError, b.lambda?.estimate, b.lambda?.stdError].map { $0 ?? -1 }), "\(what) rho, lambda")
        #expect(eq([a.sigma2], [b.sigma2]), "\(what) sigma2")
        #expect(a.covariance.rows == b.covariance.rows && a.covariance.columns == b.covariance.columns, "\(what) covariance shape")
        #expect(eq(a.covariance.elements, b.covariance.elements), "\(what) covariance")
        #expect(a.estimationMethod == b.estimationMethod && a.warnings == b.warnings, "\(what) method, warnings")
        #expect(a.coefficients.allSatisfy { $0.estimate.isFinite }, "\(what) finite")
    }

    @Test func crossSectionEntryEqualsEachEstimator() throws {
        let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let t = p.table, w = p.weights
        for model in [SpatialModel.sar, .sdm, .sem, .sdem, .sac, .slx] {
            let ml = try SpatialRegression.estimate(model, data: t, y: y, x: x, weights: w)
            #expect(ml is SpatialRegression && ml.estimationMethod == .ml && ml.fittedModel == model)
            same(ml, try SpatialRegression(model, data: t, y: y, x: x, weights: w), "\(model) ML")
        }
        let gmm = Estimator.gmm()
        same(try SpatialRegression.estimate(.sar, data: t, y: y, x: x, weights: w, estimator: gmm),
             try SpatialTwoStageLeastSquares(.sar, data: t, y: y, x: x, weights: w), "sar S2SLS")
        same(try SpatialRegression.estimate(.sdm, data: t, y: y, x: x, weights: w, estimator: .gmm(GMMOptions(wLags: 2, covariance: .robust))),
             try SpatialTwoStageLeastSquares(.sdm, data: t, y: y, x: x, weights: w, wLags: 2, covariance: .white), "sdm S2SLS robust")
        same(try SpatialRegression.estimate(.sar, data: t, y: y, x: x, weights: w, estimator: .gmm(GMMOptions(degreesOfFreedomCorrection: true))),
             try SpatialTwoStageLeastSquares(.sar, data: t, y: y, x: x, weights: w, degreesOfFreedomCorrection: true), "sar S2SLS df")
        for model in [SpatialModel.sem, .sdem] {
            for weighting in MomentWeighting.allCases {
                // Kelejian & Prucha (1999) takes one unweighted step: it refuses iterations (tested with the refusals).
                let steps = weighting == .kelejianPrucha1999 ? 1 : 3
                let fit = try SpatialRegression.estimate(model, data: t, y: y, x: x, weights: w,
                                                         estimator: .gmm(GMMOptions(weighting: weighting, maxIterations: steps)))
                #expect(fit is GeneralizedMomentsError && fit.estimationMethod == .gmm)
                same(fit, try GeneralizedMomentsError(model, data: t, y: y, x: x, weights: w, weighting: weighting, maxIterations: steps),
                     "\(model) GM \(weighting)")
            }
        }
        let sac = try SpatialRegression.estimate(.sac, data: t, y: y, x: x, weights: w, estimator: .gmm(GMMOptions(weighting: .homoskedastic)))
        #expect(sac is GeneralizedSpatialTwoStageLeastSquares && sac.fittedModel == .sac)
        same(sac, try GeneralizedSpatialTwoStageLeastSquares(data: t, y: y, x: x, weights: w, weighting: .homoskedastic), "sac GS2SLS hom")
        // Endogenous regressors pass through: HOVAL instrumented by DISCBD (and PLUMB), as EndogenousGMMTests.
        same(try SpatialRegression.estimate(.sar, data: t, y: y, x: ["INC"], weights: w,
                                            estimator: .gmm(GMMOptions(endogenous: ["HOVAL"], instruments: ["DISCBD"]))),
             try SpatialTwoStageLeastSquares(.sar, data: t, y: y, x: ["INC"], weights: w, endogenous: ["HOVAL"], instruments: ["DISCBD"]),
             "sar S2SLS endogenous")
    }

    @Test func crossSectionRefusesInvalidCombinations() throws {
        let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let cases: [(SpatialModel, GMMOptions, String)] = [
            (.slx, GMMOptions(), "SLX"),
            (.sem, GMMOptions(wLags: 2), "wLags"),
            (.sem, GMMOptions(covariance: .robust), "covariance"),
            (.sac, GMMOptions(degreesOfFreedomCorrection: true), "degreesOfFreedomCorrection"),
            (.sar, GMMOptions(weighting: .homoskedastic), "weighting"),
            (.sar, GMMOptions(maxIterations: 2), "maxIterations"),
            (.sar, GMMOptions(moments: .weights), "moments"),
            (.sar, GMMOptions(covariance: .cluster), "panel"),
            (.sar, GMMOptions(covariance: .hac(try SpatialHAC(parsing: "triangular:knn:5"))), "coordinates"),
            (.sar, GMMOptions(coordinates: [Point2D(x: 0, y: 0)]), "coordinates"),
            (.sar, GMMOptions(covariance: .robust, degreesOfFreedomCorrection: true), "degreesOfFreedomCorrection"),
        ]
        for (model, options, word) in cases {
            do {
                _ = try SpatialRegression.estimate(model, data: p.table, y: y, x: x, weights: p.weights, estimator: .gmm(options))
                Issue.record("\(model) with \(options) should be refused")
            } catch {
                guard case .invalidArgument(let message) = error else { Issue.record("\(model): \(error)"); continue }
                #expect(message.contains(word), "\(model) \(word): \(message)")
            }
        }
    }

    @Test func panelEntryEqualsEachEstimator() throws {
        let (panel, w) = try PanelGeneralizedMomentsTests.produc()
        let y = "lgsp", x = PanelGeneralizedMomentsTests.xs
        for model in [SpatialModel.sar, .sem] {
            same(try PanelRegression.estimate(model, panel: panel, y: y, x: x, weights: w, effects: .fixed(.twoways)),
                 try PanelRegression(model, panel: panel, y: y, x: x, weights: w, effects: .twoways), "\(model) FE ML")
            let re = try PanelRegression.estimate(model, panel: panel, y: y, x: x, weights: w, effects: .random)
            #expect(re is RandomEffectsRegression && re.estimationMethod == .ml)
            same(re, try RandomEffectsRegression(model, panel: panel, y: y, x: x, weights: w), "\(model) RE ML")
        }
        // The random-effects lag sandwich goes through the entry too (the error models refuse it: the refusals below).
        same(try PanelRegression.estimate(.sar, panel: panel, y: y, x: x, weights: w, effects: .random,
                                          estimator: .ml(FitOptions(covariance: .cluster))),
             try RandomEffectsRegression(.sar, panel: panel, y: y, x: x, weights: w, covariance: .cluster), "sar RE ML cluster")
        for model in [SpatialModel.sar, .sem, .sac] {
            let fit = try PanelRegression.estimate(model, panel: panel, y: y, x: x, weights: w, estimator: .gmm(GMMOptions(covariance: .cluster)))
            #expect(fit is PanelGeneralizedMoments && fit.estimationMethod == .gmm && fit.fittedModel == model)
            same(fit, try PanelGeneralizedMoments(panel: panel, y: y, x: x, weights: w, effects: .within, lag: model.hasLag,
                                                  spatialError: model.hasError, covariance: .cluster), "\(model) within GM")
        }
        // The random-effects GM is not reproducible to the last bit from one run to the next (two direct fits differ
        // by ~1e-15 relative: an order-dependent reduction in its GLS steps), so 1e-12 relative there.
        for model in [SpatialModel.sem, .sac] {
            let fit = try PanelRegression.estimate(model, panel: panel, y: y, x: x, weights: w, effects: .random,
                                                   estimator: .gmm(GMMOptions(moments: .fullweights)))
            same(fit, try PanelGeneralizedMoments(panel: panel, y: y, x: x, weights: w, effects: .random, lag: model.hasLag,
                                                  spatialError: model.hasError, moments: .fullweights), "\(model) random GM", rtol: 1e-12)
            #expect(fit.lambda?.stdError.isNaN == true && fit.logLikelihood.isNaN)
        }
    }

    @Test func panelRefusesInvalidCombinations() throws {
        let (panel, w) = try PanelGeneralizedMomentsTests.produc()
        let cases: [(SpatialModel, PanelEffectsSpecification, Estimator, String)] = [
            (.sdm, .fixed(.individual), .gmm(), "sdm"),
            (.sar, .fixed(.twoways), .gmm(), "twoways"),
            (.sem, .fixed(.individual), .gmm(GMMOptions(moments: .weights)), "moments"),
            (.sem, .fixed(.individual), .gmm(GMMOptions(wLags: 2)), "wLags"),
            (.sem, .random, .gmm(GMMOptions(weighting: .homoskedastic)), "weighting"),
            (.sem, .random, .ml(FitOptions(covariance: .hac(SpatialHAC(kernel: .triangular, bandwidth: .fixed(2))))), "HAC"),
        ]
        for (model, effects, estimator, word) in cases {
            do {
                _ = try PanelRegression.estimate(model, panel: panel, y: "lgsp", x: PanelGeneralizedMomentsTests.xs, weights: w,
                                                 effects: effects, estimator: estimator)
                Issue.record("\(model) \(effects) \(estimator.method) should be refused")
            } catch {
                guard case .invalidArgument(let message) = error else { Issue.record("\(model): \(error)"); continue }
                #expect(message.contains(word), "\(model) \(word): \(message)")
            }
        }
    }
}
