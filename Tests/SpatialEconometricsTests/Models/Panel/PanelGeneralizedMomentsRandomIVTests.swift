import Foundation
import Testing
@testable import SpatialEconometrics

/// Random-effects spatial panel GM with an endogenous regressor (log(pcap), instruments log(hwy), log(water)) and
/// splm's random-effects estimators without a spatial error (Baltagi's EC2SLS, `ivsplm(method = "ec2sls")`) on produc
/// with usaww, against splm 1.6-5 `spgm()` (`produc_spgm_random_iv.json`, 42_produc_spgm_random_iv.R), whose EC2SLS
/// the script also writes out from Baltagi's formulas (`ec2sls_*`, equal to splm to 2e-11).
@Suite struct PanelGeneralizedMomentsRandomIVTests {
    static let x = ["lpc", "lemp", "unemp"], q = ["lhwy", "lwater"]
    static let refNames = ["lpcap": "log(pcap)", "lpc": "log(pc)", "lemp": "log(emp)", "unemp": "unemp", "(Intercept)": "(Intercept)"]
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/r/produc_spgm_random_iv.json")["results"] }

    /// Coefficients, standard errors, rho (splm's lambda) and the error components to 1e-6 relative; returns the
    /// largest relative difference (printed).
    @discardableResult
    func check(_ fit: PanelGeneralizedMoments, _ key: String, variances: String? = nil) throws -> Double {
        let r = ref[key]
        func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
        var worst = 0.0
        func expectClose(_ a: Double, _ b: Double, _ what: String) {
            worst = max(worst, rel(a, b))
            #expect(close(a, b, rtol: 1e-6), "\(key) \(what): \(a) vs \(b)")
        }
        for c in fit.coefficients {
            let name = Self.refNames[c.name] ?? c.name
            expectClose(c.estimate, try r["coefficients", name].number(), c.name)
            expectClose(c.stdError, try r["se", name].number(), c.name + " se")
        }
        if let rho = fit.rho {
            expectClose(rho.estimate, try r["coefficients", "lambda"].number(), "rho")
            expectClose(rho.stdError, try r["se", "lambda"].number(), "rho se")
        } else {
            #expect((try? r["coefficients", "lambda"].number()) == nil, "\(key): splm has a lag, the fit none")
        }
        if let lambda = fit.lambda {
            expectClose(lambda, try r["errcomp", "rho"].number(), "lambda")
            expectClose(fit.sigmaV2 ?? .nan, try r["errcomp", "sigma^2_v"].number(), "sigma_v^2")
            expectClose(fit.sigma12 ?? .nan, try r["errcomp", "sigma^2_1"].number(), "sigma_1^2")
            expectClose(fit.theta ?? .nan, try r["errcomp", "theta"].number(), "theta")
        } else if let variances {
            // EC2SLS: the variance components of the written-out computation (splm stores sigma1 wrongly with endog + lag).
            expectClose(fit.sigmaV2 ?? .nan, try ref[variances, "sigma2_v"].number(), "sigma_v^2")
            expectClose(fit.sigma12 ?? .nan, try ref[variances, "sigma2_1"].number(), "sigma_1^2")
            expectClose(fit.theta ?? .nan, try ref[variances, "theta"].number(), "theta")
        }
        print("PanelGeneralizedMomentsRandomIVTests \(key): largest relative difference \(worst)")
        return worst
    }

    @Test func randomErrorModelsWithAnEndogenousRegressorMatchSplm() throws {
        let (panel, w) = try PanelGeneralizedMomentsTests.produc()
        for (lag, m, key) in [(false, PanelMomentWeighting.initial, "random_error_endog"), (false, .fullweights, "random_error_endog_fullweights"),
                              (true, .initial, "random_sarar_endog"), (true, .fullweights, "random_sarar_endog_fullweights")] {
            let fit = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.x, weights: w, effects: .random, lag: lag, spatialError: true,
                                                  moments: m, endogenous: ["lpcap"], instruments: Self.q)
            #expect(fit.coefficients.first?.name == "(Intercept)" && fit.coefficients.last?.name == "lpcap")
            try check(fit, key)
        }
    }

    /// splm's lag-only random-effects estimator (EC2SLS), with and without the endogenous regressor, and the
    /// random-effects IV model without any spatial term.
    @Test func ec2slsMatchesSplmAndBaltagisFormulas() throws {
        let (panel, w) = try PanelGeneralizedMomentsTests.produc()
        let lagOnly = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: PanelGeneralizedMomentsTests.xs, weights: w, effects: .random,
                                                  lag: true, spatialError: false)
        try check(lagOnly, "random_lag", variances: "ec2sls_random_lag")
        #expect(close(lagOnly.sigmaV2 ?? .nan, try ref["random_lag", "splm_sigma", "sigmav"].number(), rtol: 1e-6))
        #expect(close(lagOnly.sigma12 ?? .nan, try ref["random_lag", "splm_sigma", "sigma1"].number(), rtol: 1e-6))
        #expect(lagOnly.lambda == nil && lagOnly.standardErrors.contains("EC2SLS"))
        try check(lagOnly, "ec2sls_random_lag")
        let lagEndog = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.x, weights: w, effects: .random, lag: true, spatialError: false,
                                                   endogenous: ["lpcap"], instruments: Self.q)
        try check(lagEndog, "random_lag_endog", variances: "ec2sls_random_lag_endog")
        let iv = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.x, weights: w, effects: .random, lag: false, spatialError: false,
                                             endogenous: ["lpcap"], instruments: Self.q)
        try check(iv, "random_iv_endog", variances: "ec2sls_random_iv_endog")
        #expect(iv.rho == nil && iv.summary.contains("EC2SLS"))
    }

    /// Rows and the weights' units in another order: the same fit (units matched to W by id).
    @Test func unitOrderDoesNotMatter() throws {
        let (panel, w) = try PanelGeneralizedMomentsTests.produc()
        let reversed = try Panel(table: panel.table, unit: "state", time: "year", unitOrder: Array(w.ids.reversed()))
        for error in [true, false] {
            let a = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.x, weights: w, effects: .random, lag: true, spatialError: error,
                                                endogenous: ["lpcap"], instruments: Self.q)
            let b = try PanelGeneralizedMoments(panel: reversed, y: "lgsp", x: Self.x, weights: w, effects: .random, lag: true, spatialError: error,
                                                endogenous: ["lpcap"], instruments: Self.q)
            #expect(close(a.rho?.estimate ?? .nan, b.rho?.estimate ?? .nan, rtol: 1e-10))
            for (p, r) in zip(a.coefficients, b.coefficients) { #expect(close(p.estimate, r.estimate, rtol: 1e-10) && close(p.stdError, r.stdError, rtol: 1e-10)) }
        }
    }
}
