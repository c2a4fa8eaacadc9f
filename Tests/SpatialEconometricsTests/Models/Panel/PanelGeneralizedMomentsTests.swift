import Foundation
import Testing
@testable import SpatialEconometrics

/// The spatial panel GM fits (Kapoor, Kelejian & Prucha 2007; Mutl & Pfaffermayr 2011) on produc with usaww against
/// splm 1.6-5 `spgm()` (`produc_spgm.json`, 41_produc_spgm.R). splm calls the lag "lambda" and the error "rho"; here
/// rho is the lag and lambda the error. splm minimises the moments with nlminb, this package exactly.
@Suite struct PanelGeneralizedMomentsTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]
    static let refNames = ["lpcap": "log(pcap)", "lpc": "log(pc)", "lemp": "log(emp)", "unemp": "unemp", "(Intercept)": "(Intercept)"]
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/r/produc_spgm.json")["results"] }

    static func produc() throws -> (Panel, SpatialWeights) {
        var t = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp"), ("lhwy", "hwy"), ("lwater", "water")] {
            t = try t.adding(name, values: t.numbers(col).map { log($0) })
        }
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        return (try Panel(table: t, unit: "state", time: "year", unitOrder: w.ids), w)
    }

    /// Estimates and standard errors to `rtol` relative; returns the largest relative differences (printed).
    @discardableResult
    func check(_ fit: PanelGeneralizedMoments, _ key: String, rtol: Double = 1e-6, seRtol: Double = 1e-6,
               errorParametersOnly: Bool = false) throws -> (Double, Double) {
        let r = ref[key]
        func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
        var est = 0.0, se = 0.0
        for c in fit.coefficients where !errorParametersOnly {
            let name = Self.refNames[c.name] ?? c.name
            let e = try r["coefficients", name].number(), s = try r["se", name].number()
            est = max(est, rel(c.estimate, e)); se = max(se, rel(c.stdError, s))
            #expect(close(c.estimate, e, rtol: rtol), "\(key) \(c.name) \(c.estimate) vs \(e)")
            #expect(close(c.stdError, s, rtol: seRtol), "\(key) \(c.name) se \(c.stdError) vs \(s)")
        }
        if errorParametersOnly {
        } else if let rho = fit.rho {
            let e = try r["coefficients", "lambda"].number(), s = try r["se", "lambda"].number()
            est = max(est, rel(rho.estimate, e)); se = max(se, rel(rho.stdError, s))
            #expect(close(rho.estimate, e, rtol: rtol), "\(key) rho (splm's lambda) \(rho.estimate) vs \(e)")
            #expect(close(rho.stdError, s, rtol: seRtol), "\(key) rho se \(rho.stdError) vs \(s)")
        } else {
            #expect((try? r["coefficients", "lambda"].number()) == nil, "\(key): splm has a lag, the fit none")
        }
        if let lambda = fit.lambdaEstimate {
            let e = try r["errcomp", "rho"].number(), v = try r["errcomp", "sigma^2_v"].number()
            est = max(est, rel(lambda, e), rel(fit.sigmaV2 ?? .nan, v))
            #expect(close(lambda, e, rtol: rtol), "\(key) lambda (splm's rho) \(lambda) vs \(e)")
            #expect(close(fit.sigmaV2 ?? .nan, v, rtol: rtol), "\(key) sigma_v^2")
            if let s1 = fit.sigma12 {
                est = max(est, rel(s1, try r["errcomp", "sigma^2_1"].number()), rel(fit.theta ?? .nan, try r["errcomp", "theta"].number()))
                #expect(close(s1, try r["errcomp", "sigma^2_1"].number(), rtol: rtol), "\(key) sigma_1^2")
                #expect(close(fit.theta ?? .nan, try r["errcomp", "theta"].number(), rtol: rtol), "\(key) theta")
            }
        }
        print("PanelGeneralizedMomentsTests \(key): largest relative differences: estimates \(est), std errors \(se)")
        return (est, se)
    }

    @Test func withinModelsMatchSplm() throws {
        let (panel, w) = try Self.produc()
        try check(try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .within, lag: true, spatialError: true), "within_sarar")
        try check(try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .within, lag: false, spatialError: true), "within_error")
        try check(try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .within, lag: true, spatialError: false), "within_lag")
    }

    /// `initial` (splm's default) and `fullweights` against splm itself. `weights`: splm's nlminb stops at "false
    /// convergence (8)" after two iterations on produc (at its starting values, objective 0.087696 for the error model
    /// where the minimum is 0.087215), so the reference is the minimum of splm's own objective found in R by
    /// Nelder-Mead + nlminb (`weights_minimum_*`, with the GLS step redone in R for the error model; the error
    /// parameters only for the SARAR), and splm's numbers must differ from ours by more than the tolerance.
    @Test func randomModelsMatchSplm() throws {
        let (panel, w) = try Self.produc()
        for m in PanelMomentWeighting.allCases {
            let e = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .random, lag: false, spatialError: true, moments: m)
            #expect(e.coefficients.first?.name == "(Intercept)")
            let s = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .random, lag: true, spatialError: true, moments: m)
            if m == .weights {
                try check(e, "weights_minimum_random_error")
                try check(s, "weights_minimum_random_sarar", errorParametersOnly: true)
                #expect(abs((e.lambdaEstimate ?? 0) - (try ref["random_error_weights", "errcomp", "rho"].number())) > 1e-3)
            } else {
                try check(e, "random_error_\(m.rawValue)")
                // The largest difference, 2.5e-7 (SARAR fullweights), is within nlminb's default tolerance.
                try check(s, "random_sarar_\(m.rawValue)")
            }
        }
    }

    @Test func endogenousRegressorsMatchSplm() throws {
        let (panel, w) = try Self.produc()
        let x = ["lpc", "lemp", "unemp"], q = ["lhwy", "lwater"]
        for (lag, error, key) in [(false, true, "within_error_endog"), (true, true, "within_sarar_endog"), (true, false, "within_lag_endog")] {
            let fit = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: x, weights: w, effects: .within, lag: lag, spatialError: error,
                                                  endogenous: ["lpcap"], instruments: q)
            try check(fit, key)
            #expect(fit.coefficients.last?.name == "lpcap")
        }
    }

    /// Driscoll-Kraay (2 Bartlett lags) of the final stage's moments zp_it e_it against the R computation written out
    /// from the definition at splm's (lambda, variances) (`dk_*`; for the within error model also plm::vcovSCC).
    @Test func driscollKraayMatchesTheRComputation() throws {
        let (panel, w) = try Self.produc()
        for (effects, lag, key) in [(PanelGMEffects.within, false, "dk_within_error"), (.within, true, "dk_within_sarar"),
                                    (.random, false, "dk_random_error_initial")] {
            let fit = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, lag: lag, spatialError: true,
                                                  covariance: .driscollKraay(lags: 2))
            let r = ref[key]
            for c in fit.coefficients {
                let name = Self.refNames[c.name] ?? c.name
                #expect(close(c.estimate, try r["coefficients", name].number(), rtol: 1e-6), "\(key) \(c.name)")
                #expect(close(c.stdError, try r["se", name].number(), rtol: 1e-6), "\(key) \(c.name) DK se \(c.stdError)")
                if let plm = try? r["se_plm_vcovSCC", name].number() { #expect(close(c.stdError, plm, rtol: 1e-6), "\(key) \(c.name) vcovSCC") }
            }
            if let rho = fit.rho { #expect(close(rho.stdError, try r["se", "lambda"].number(), rtol: 1e-6), "\(key) rho DK se") }
            #expect(fit.standardErrors.contains("Driscoll-Kraay"))
            // Not the default covariance.
            let plain = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, lag: lag, spatialError: true)
            #expect(abs(plain.coefficients[0].stdError - fit.coefficients[0].stdError) > 1e-3 * plain.coefficients[0].stdError)
        }
    }

    /// What cannot be estimated is refused with a message naming it, never fitted silently.
    @Test func refusesWhatItCannotEstimate() throws {
        let (panel, w) = try Self.produc()
        func message(_ body: () throws -> PanelGeneralizedMoments) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        #expect(message { try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .random, lag: true, spatialError: false,
                                                      moments: .fullweights) }.contains("EC2SLS"))
        #expect(message { try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: ["lpc"], weights: w, endogenous: ["lpcap", "lemp"], instruments: ["lhwy"]) }
            .contains("2 endogenous regressors with 1 external instruments"))
        #expect(message { try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, lag: false, spatialError: false) }
            .contains("nothing to estimate"))
        #expect(message { try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs + ["region"], weights: w) }
            .contains("'region' does not vary over time"))
        #expect(message { try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, covariance: try CovarianceEstimator(parsing: "hac:bartlett:2")) }
            .contains("hac"))
        // Weights whose ids are not the panel's units.
        let other = try SpatialWeights.lattice(rows: 6, columns: 8)
        #expect(message { try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: other) }.contains("do not match"))
    }

    /// The rows' order in the file does not matter: units are matched to W by id.
    @Test func rowOrderDoesNotMatter() throws {
        let (panel, w) = try Self.produc()
        let reversed = try Panel(table: panel.table, unit: "state", time: "year", unitOrder: Array(w.ids.reversed()))
        let a = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, lag: true)
        let b = try PanelGeneralizedMoments(panel: reversed, y: "lgsp", x: Self.xs, weights: w, lag: true)
        #expect(close(a.rho?.estimate ?? .nan, b.rho?.estimate ?? .nan, rtol: 1e-10))
        for (p, q) in zip(a.coefficients, b.coefficients) { #expect(close(p.estimate, q.estimate, rtol: 1e-10) && close(p.stdError, q.stdError, rtol: 1e-10)) }
    }

    /// The moments written from KKP's formulas in numpy (quadratic forms in v(lambda), not splm's G, g) and minimised
    /// by scipy (`reference/py/produc_panel_gm_moments.json`): the same lambda and variances.
    @Test func momentsMatchAnIndependentNumpyComputation() throws {
        let (panel, w) = try Self.produc()
        let py = try FixtureJSON("reference/py/produc_panel_gm_moments.json")
        let within = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w)
        #expect(close(within.lambdaEstimate ?? .nan, try py["within_error", "lambda"].number(), rtol: 1e-6))
        #expect(close(within.sigmaV2 ?? .nan, try py["within_error", "sigma2_v"].number(), rtol: 1e-6))
        let random = try PanelGeneralizedMoments(panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .random, moments: .fullweights)
        #expect(close(random.lambdaEstimate ?? .nan, try py["random_error_fullweights", "lambda"].number(), rtol: 1e-6))
        #expect(close(random.sigmaV2 ?? .nan, try py["random_error_fullweights", "sigma2_v"].number(), rtol: 1e-6))
        #expect(close(random.sigma12 ?? .nan, try py["random_error_fullweights", "sigma2_1"].number(), rtol: 1e-6))
    }
}
