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
        // The bias vector and the correction added, at the QML estimate.
        if fit.biasCorrected {
            let a = try r["bias_vector_a"].numberDictionary(), added = try r["correction_added"].numberDictionary()
            let order = fit.coefficients.map(\.name) + ["rho", "sigma2"]
            let keys = order.map { name in a.keys.first { Self.name($0) == name } ?? name }
            for (i, key) in keys.enumerated() {
                #expect(close(try #require(fit.biasVector)[i], try #require(a[key]), rtol: 1e-9, atol: 1e-12), "\(label) a_\(key)")
                #expect(close(try #require(fit.correction)[i], try #require(added[key]), rtol: 1e-8, atol: 1e-13), "\(label) correction \(key)")
                worst.add("bias vector", fit.biasVector?[i] ?? .nan, a[key] ?? .nan, atol: 1e-3)
            }
        }
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

    /// Without W's eigenvalues (the sparse exact log-determinant, eigenvalue threshold 0): the bias traces by partial
    /// fractions from the log-determinant's traces, the moduli from the ends of W's spectrum. The two-way SDM with
    /// both lags, corrected, against the fixture.
    @Test func biasTracesWithoutEigenvalues() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let options = FitOptions(logDeterminant: .method(.sparseCholeskyExact))
        for (model, effects) in [(SpatialModel.sdm, PanelEffects.twoways), (.sar, .individual)] {
            let key = "\(model.rawValue.uppercased())_\(effects.rawValue)_both"
            let fit = try DynamicPanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, lags: .both,
                                                 biasCorrected: true, options: options, eigenvalueUnits: 0)
            #expect(!fit.stationarity.exact)
            let r = reference[key]["bias_corrected"], est = try r["estimates"].numberDictionary()
            for c in fit.coefficients + [try #require(fit.rho)] {
                let k = try #require(est.keys.first { Self.name($0) == c.name }, "\(c.name)")
                #expect(close(c.estimate, try #require(est[k]), rtol: 1e-6, atol: 1e-9), "\(key) \(c.name): \(c.estimate) vs \(est[k] ?? .nan)")
            }
            let a = try r["bias_vector_a"].numberDictionary()
            #expect(close(try #require(fit.biasVector)[0], try #require(a["tau"]), rtol: 1e-6), "\(key) a_tau")
            #expect(close(try #require(fit.biasVector)[1], try #require(a["eta"]), rtol: 1e-6), "\(key) a_eta")
            #expect(close(try #require(fit.biasVector)[fit.coefficients.count], try #require(a["rho"]), rtol: 1e-6), "\(key) a_rho")
            // The range bound is exact for the full spectrum of a W similar to a symmetric matrix.
            let st = r["stationarity"]
            #expect(close(fit.stationarity.maximumModulus, try st["max_mod_eig_A"].number(), rtol: 1e-6), "\(key) max |eig A|")
            #expect(fit.stationarity.transformedMaximumModulus >= fit.stationarity.maximumModulus * (1 - 1e-12))
        }
    }

    /// The table's rows shuffled: the panel orders them, so every number is the same.
    @Test func rowOrderDoesNotMatter() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        var g = SeededGenerator(seed: 15)
        let rows = (0..<panel.table.rowCount).shuffled(using: &g)
        let shuffled = try Panel(table: panel.table.selectingRows(rows), unit: "state", time: "year", unitOrder: w.ids)
        let a = try DynamicPanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w)
        let b = try DynamicPanelRegression(.sdm, panel: shuffled, y: "lgsp", x: Self.xs, weights: w)
        #expect(a.coefficients == b.coefficients && a.rho == b.rho && a.sigma2 == b.sigma2 && a.logLikelihood == b.logLikelihood)
        let ea = try a.longRunEffects(), eb = try b.longRunEffects()
        #expect(ea.direct == eb.direct && ea.indirect == eb.indirect && ea.total == eb.total)
    }

    /// The two-way SDM with y(t-1) only is not stationary at its QML estimate on produc (max |eig A| = 1.061): the fit
    /// is reported with a warning, the long run is refused naming the values, and so is the bias correction
    /// (max |eig A*| = 1.048 without the unit eigenvector).
    @Test func nonStationaryEstimate() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let fit = try DynamicPanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, lags: .y, biasCorrected: false)
        #expect(!fit.stationarity.isStationary)
        #expect(fit.warnings.contains { $0.hasPrefix("NON-STATIONARY") })
        #expect(fit.summary.contains("NON-STATIONARY"))
        do {
            _ = try fit.longRunEffects()
            Issue.record("long run of a non-stationary fit")
        } catch {
            guard case .nonStationary(let tau, let eta, let rho, let m) = error else { Issue.record("\(error)"); return }
            #expect(tau == fit.tau?.estimate && eta == nil && rho == fit.rho?.estimate && close(m, 1.060988014237022, rtol: 1e-9))
            #expect(error.description.contains("tau = ") && error.description.contains("not stationary"))
        }
        _ = try fit.shortRunEffects()
        do {
            _ = try DynamicPanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, lags: .y)
            Issue.record("correction of a non-stationary fit")
        } catch {
            guard case .nonStationary(_, _, _, let m) = error else { Issue.record("\(error)"); return }
            #expect(close(m, 1.0480639038175061, rtol: 1e-9))
        }
    }

    /// A fit survives JSON; decoded, it holds no W, so its effects take W again and give the same numbers.
    @Test func codableRoundTrip() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let fit = try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .individual)
        let decoded = try JSONDecoder().decode(DynamicPanelRegression.self, from: try JSONEncoder().encode(fit))
        #expect(decoded.coefficients == fit.coefficients && decoded.rho == fit.rho && decoded.stationarity == fit.stationarity)
        #expect(decoded.biasVector == fit.biasVector && decoded.logLikelihood == fit.logLikelihood)
        #expect(throws: ModelError.self) { try decoded.longRunEffects() }
        let a = try fit.longRunEffects(), b = try decoded.longRunEffects(weights: w)
        for (x, y) in zip(a.total, b.total) { #expect(close(x.estimate, y.estimate, rtol: 1e-10) && close(x.stdError ?? .nan, y.stdError ?? .nan, rtol: 1e-6)) }
        #expect(fit.summary.contains("y(t-1)") && fit.summary.contains("W y(t-1)") && fit.summary.contains("bias-corrected"))
        // As a SpatialFit, the package's coefficient tables take it (the lag terms first).
        let table = Table.coefficients(of: fit)
        #expect(table.rows.first?.first == DynamicPanelRegression.lagName && table.text.contains("rho"))
    }

    @Test func refusals() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        #expect(throws: ModelError.self) { try DynamicPanelRegression(.sem, panel: panel, y: "lgsp", x: Self.xs, weights: w) }
        #expect(throws: ModelError.self) { try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .none) }
        #expect(throws: ModelError.self) { try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .time) }
        let binary = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww_binary.csv"))
        #expect(throws: ModelError.self) { try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: binary) }
        #expect(throws: ModelError.self) { try DynamicPanelRegression(.sar, panel: panel, y: "nope", x: Self.xs, weights: w) }
        #expect(throws: ModelError.self) {
            try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w, options: FitOptions(standardErrors: .hessian))
        }
        // Two periods: y_0 and one period of the likelihood.
        let two = try Panel(units: w.ids, periods: ["1", "2"], columns: [("y", (0..<96).map { sin(Double($0)) }), ("x", (0..<96).map { cos(Double($0)) })])
        #expect(throws: ModelError.self) { try DynamicPanelRegression(.sar, panel: two, y: "y", x: ["x"], weights: w) }
    }
}
