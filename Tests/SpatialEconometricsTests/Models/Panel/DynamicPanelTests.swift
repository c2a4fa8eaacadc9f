import Foundation
import Testing
@testable import SpatialEconometrics

/// The dynamic spatial panel model on produc (48 states, 1970-1986: y_0 = 1970, T = 16) against
/// `produc_dynamic.json` (scripts/36_dynamic.R, cross-checked by reference/py/scripts/dynamic_sdpd.py): 12 fits
/// (SDM/SAR x individual/two-way x lags both/y/wy), each uncorrected and bias-corrected: estimates, standard errors,
/// sigma^2 (and its standard error), the log-likelihood, short- and long-run effects with delta-method standard errors,
/// and the stationarity values.
@Suite struct DynamicPanelTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]
    let reference: FixtureJSON

    init() throws { reference = try FixtureJSON("reference/r/produc_dynamic.json")["results"] }

    /// The fixture's names in ours.
    static func name(_ key: String) -> String {
        switch key {
        case "tau": return DynamicPanelRegression.lagName
        case "eta": return DynamicPanelRegression.spatialLagName
        default: return key.replacingOccurrences(of: "log_pcap", with: "lpcap").replacingOccurrences(of: "log_pc", with: "lpc")
            .replacingOccurrences(of: "log_emp", with: "lemp")
        }
    }

    /// The largest relative differences seen (printed by ``produc()``).
    final class Worst: @unchecked Sendable {
        var values = [String: Double]()
        func add(_ what: String, _ a: Double, _ b: Double, atol: Double = 0) {
            let d = abs(a - b) / max(abs(b), atol)
            values[what] = max(values[what] ?? 0, d)
        }
    }

    func check(_ fit: DynamicPanelRegression, _ r: FixtureJSON, label: String, worst: Worst) throws {
        let est = try r["estimates"].numberDictionary(), se = try r["std_errors"].numberDictionary()
        let all = fit.coefficients + [try #require(fit.rho)]
        #expect(all.count + 1 == est.count, "\(label): \(all.map(\.name)) vs \(est.keys.sorted())")
        for (key, value) in est where key != "sigma2" {
            guard let c = all.first(where: { $0.name == Self.name(key) }) else { Issue.record("\(label): no \(key)"); continue }
            #expect(close(c.estimate, value, rtol: 1e-9, atol: 1e-12), "\(label) \(key): \(c.estimate) vs \(value)")
            #expect(close(c.stdError, try #require(se[key]), rtol: 1e-9), "\(label) \(key) se: \(c.stdError) vs \(se[key] ?? .nan)")
            worst.add("estimates", c.estimate, value, atol: 1e-3); worst.add("std errors", c.stdError, se[key] ?? .nan)
        }
        let s2 = try #require(est["sigma2"])
        #expect(close(fit.sigma2, s2, rtol: 1e-9), "\(label) sigma2")
        #expect(close(fit.sigma2StdError, try #require(se["sigma2"]), rtol: 1e-9), "\(label) sigma2 se")
        worst.add("estimates", fit.sigma2, s2)
        let ll = try r["logLik"].number()
        #expect(close(fit.logLikelihood, ll, rtol: 1e-9), "\(label) logLik \(fit.logLikelihood) vs \(ll)")
        worst.add("logLik", fit.logLikelihood, ll)
        // Stationarity.
        let st = r["stationarity"]
        #expect(close(fit.stationarity.sumOfAbsoluteValues, try st["sum_abs_tau_rho_eta"].number(), rtol: 1e-7), "\(label) |tau|+|rho|+|eta|")
        #expect(close(fit.stationarity.maximumModulus, try st["max_mod_eig_A"].number(), rtol: 1e-7), "\(label) max |eig A|")
        if fit.effects == .twoways {
            #expect(close(fit.stationarity.transformedMaximumModulus, try st["max_mod_eig_A_without_unit_eigenvector"].number(), rtol: 1e-7),
                    "\(label) max |eig A| without the unit eigenvector")
        }
        worst.add("stationarity", fit.stationarity.maximumModulus, try st["max_mod_eig_A"].number())
        // Effects.
        let short = try fit.shortRunEffects(inference: .delta)
        try compare(short, r["effects"], run: "short_run", label: label, worst: worst)
        if fit.stationarity.isStationary {
            try compare(try fit.longRunEffects(inference: .delta), r["effects"], run: "long_run", label: label, worst: worst)
        } else {
            #expect(throws: ModelError.self, "\(label): non-stationary long run refused") { try fit.longRunEffects() }
        }
    }

    func compare(_ effects: ImpactMeasures, _ r: FixtureJSON, run: String, label: String, worst: Worst) throws {
        for x in Self.xs {
            let key = x.replacingOccurrences(of: "lpcap", with: "log_pcap").replacingOccurrences(of: "lpc", with: "log_pc")
                .replacingOccurrences(of: "lemp", with: "log_emp")
            let ref = r[key][run]
            for (kind, list) in [("direct", effects.direct), ("indirect", effects.indirect), ("total", effects.total)] {
                guard let e = list.first(where: { $0.name == x }) else { Issue.record("\(label): no effect \(x)"); continue }
                let v = try ref[kind].number(), s = try ref["se_" + kind].number()
                #expect(close(e.estimate, v, rtol: 1e-9, atol: 1e-12), "\(label) \(run) \(kind) \(x): \(e.estimate) vs \(v)")
                #expect(close(e.stdError ?? .nan, s, rtol: 1e-6), "\(label) \(run) \(kind) \(x) se: \(e.stdError ?? .nan) vs \(s)")
                worst.add("\(run) effects", e.estimate, v, atol: 1e-3); worst.add("\(run) effect SEs", e.stdError ?? .nan, s)
            }
        }
    }

    @Test func produc() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let worst = Worst()
        for model in [SpatialModel.sdm, .sar] {
            for effects in [PanelEffects.twoways, .individual] {
                for lags in DynamicLags.allCases {
                    let key = "\(model.rawValue.uppercased())_\(effects.rawValue)_\(lags.rawValue)"
                    let r = reference[key]
                    let fit = try DynamicPanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, lags: lags,
                                                         biasCorrected: false)
                    #expect(fit.t == 16 && fit.n == 48 && fit.observations == (effects == .twoways ? 47 : 48) * 16, "\(key) counts")
                    try check(fit, r["uncorrected"], label: key, worst: worst)
                    let corrected = r["bias_corrected"]
                    if try corrected["bias_correction_applicable"].bool() {
                        let bc = try DynamicPanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, lags: lags)
                        try check(bc, corrected, label: key + " corrected", worst: worst)
                    } else {
                        #expect(throws: ModelError.self, "\(key): correction refused (max |eig A*| >= 1)") {
                            try DynamicPanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, lags: lags)
                        }
                    }
                }
            }
        }
        print("DynamicPanelTests.produc: largest relative differences vs produc_dynamic.json:",
              worst.values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
    }
}
