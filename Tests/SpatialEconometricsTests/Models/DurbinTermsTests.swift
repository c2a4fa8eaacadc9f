import Foundation
import Testing
@testable import SpatialEconometrics

/// Durbin terms for a chosen subset of regressors (xsmle `durbin()`) and with a second weights matrix (`dmat()`):
/// the SDM / SDEM with `W2 X_D` equals the SAR / SEM fitted with those columns built by hand (dense loops here, not the
/// package's lag), on produc (panel, usaww) and columbus (cross-section, queen). The same likelihood on the same design,
/// so the agreement is to rounding (1e-9 relative; the hand columns differ from the package's sparse products in the
/// last bits and the optimiser's stopping point moves with them).
@Suite struct DurbinTermsTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]

    /// `W v` per period of a time-major vector, by a dense loop over the weights' entries.
    static func handLag(_ v: [Double], _ w: SpatialWeights, periods: Int) -> [Double] {
        let n = w.count, d = w.matrix.dense
        var out = [Double](repeating: 0, count: v.count)
        for p in 0..<periods { for i in 0..<n { var s = 0.0; for j in 0..<n { s += d[i, j] * v[p * n + j] }; out[p * n + i] = s } }
        return out
    }

    /// The units within two steps of each other on W (first- and second-order neighbours), row-standardised.
    static func secondOrder(_ w: SpatialWeights) throws -> SpatialWeights {
        let n = w.count, d = w.matrix.dense
        var lists = [[Int]]()
        for i in 0..<n {
            var s = Set<Int>()
            for j in 0..<n where d[i, j] != 0 { s.insert(j); for k in 0..<n where d[j, k] != 0 && k != i { s.insert(k) } }
            lists.append(s.sorted())
        }
        return try SpatialWeights(ids: w.ids, neighbors: lists).transformed(.row)
    }

    /// Produc with the hand-built `W2 x` columns named `h_<x>` added (through the table, in its own row order).
    static func producWithHandLags(_ names: [String], _ w2: SpatialWeights) throws -> (Panel, SpatialWeights) {
        let (panel, w) = try PanelRegressionTests.produc()
        var table = panel.table
        for name in names {
            let lag = handLag(try panel.numbers(name), try w2.reordered(to: panel.units), periods: panel.periodCount)
            var column = [Double](repeating: .nan, count: table.rowCount)
            for (k, row) in panel.rowOrder.enumerated() { column[row] = lag[k] }
            table = try table.adding("h_" + name, values: column)
        }
        return (try Panel(table: table, unit: "state", time: "year", unitOrder: w.ids), w)
    }

    static func expectSame(_ a: PanelRegression, _ b: PanelRegression, rename: [String: String], _ label: String) {
        #expect(a.coefficients.count == b.coefficients.count, "\(label): \(a.coefficients.map(\.name)) vs \(b.coefficients.map(\.name))")
        for c in a.coefficients {
            guard let d = b.coefficients.first(where: { $0.name == (rename[c.name] ?? c.name) }) else { Issue.record("\(label): no \(c.name)"); continue }
            #expect(close(c.estimate, d.estimate, rtol: 1e-9, atol: 1e-12), "\(label) \(c.name)")
            #expect(close(c.stdError, d.stdError, rtol: 1e-9), "\(label) \(c.name) se")
        }
        for (p, q) in [(a.rho, b.rho), (a.lambda, b.lambda)] {
            #expect((p == nil) == (q == nil), "\(label): spatial parameters")
            if let p, let q { #expect(close(p.estimate, q.estimate, rtol: 1e-9), "\(label) \(p.name)"); #expect(close(p.stdError, q.stdError, rtol: 1e-9), "\(label) \(p.name) se") }
        }
        #expect(close(a.sigma2, b.sigma2, rtol: 1e-9), "\(label) sigma2")
        #expect(close(a.logLikelihood, b.logLikelihood, rtol: 1e-11), "\(label) logLik")
    }

    @Test func panelSubsetEqualsHandBuiltColumns() throws {
        let chosen = ["lpcap", "unemp"]
        let (panel, w) = try Self.producWithHandLags(chosen, try PanelRegressionTests.produc().1)
        let rename = Dictionary(uniqueKeysWithValues: chosen.map { ("W_" + $0, "h_" + $0) })
        for (model, base) in [(SpatialModel.sdm, SpatialModel.sar), (.sdem, .sem)] {
            for (effects, estimator) in [(PanelEffects.twoways, PanelEstimator.leeyu), (.individual, .direct), (.twoways, .splm)] {
                let sub = try PanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: chosen, effects: effects, estimator: estimator)
                let hand = try PanelRegression(base, panel: panel, y: "lgsp", x: Self.xs + chosen.map { "h_" + $0 }, weights: w, effects: effects,
                                               estimator: estimator)
                Self.expectSame(sub, hand, rename: rename, "\(model) \(effects) \(estimator)")
                #expect(sub.durbin == chosen)
                #expect(sub.coefficients.map(\.name) == Self.xs + ["W_lpcap", "W_unemp"])
            }
        }
        // The order of durbin does not matter; nil is every regressor.
        let a = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: ["unemp", "lpcap"])
        let b = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: chosen)
        #expect(a.coefficients == b.coefficients)
        let all = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: Self.xs)
        let full = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w)
        #expect(all.coefficients == full.coefficients && full.durbin == nil)
        // Effects: theta = 0 for the regressors without a lag (and the fit's effects use W).
        let effects = try ImpactMeasures(b, inference: .delta)
        #expect(effects.direct.map(\.name) == Self.xs)
    }

    @Test func panelSecondWeightsEqualsHandBuiltColumns() throws {
        let (_, w) = try PanelRegressionTests.produc()
        let w2 = try Self.secondOrder(w)
        let (panel, _) = try Self.producWithHandLags(Self.xs, w2)
        // W2 is matched by id: a reversed unit order gives the same fit.
        let shuffled = try w2.reordered(to: w2.ids.reversed())
        let rename = Dictionary(uniqueKeysWithValues: Self.xs.map { ("W_" + $0, "h_" + $0) })
        for (model, base) in [(SpatialModel.sdm, SpatialModel.sar), (.sdem, .sem)] {
            let fit = try PanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbinWeights: shuffled)
            let hand = try PanelRegression(base, panel: panel, y: "lgsp", x: Self.xs + Self.xs.map { "h_" + $0 }, weights: w)
            Self.expectSame(fit, hand, rename: rename, "\(model) W2")
            #expect(fit.separateDurbinWeights)
        }
        // With a subset.
        let sub = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: ["lemp"], durbinWeights: w2, estimator: .direct)
        let hand = try PanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs + ["h_lemp"], weights: w, estimator: .direct)
        Self.expectSame(sub, hand, rename: ["W_lemp": "h_lemp"], "sdm W2 subset")
        // A decoded fit remembers it; its effects need W2 passed again (DurbinWeightsEffectsTests checks the values).
        let fit = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbinWeights: w2)
        let decoded = try JSONDecoder().decode(PanelRegression.self, from: JSONEncoder().encode(fit))
        #expect(decoded.separateDurbinWeights)
        #expect { try ImpactMeasures(decoded, weights: w) } throws: { "\($0)".contains("durbinWeights") }
    }

    @Test func dynamicSubsetEqualsHandBuiltColumns() throws {
        let (panel, w) = try Self.producWithHandLags(["lemp"], try PanelRegressionTests.produc().1)
        let sub = try DynamicPanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: ["lemp"], biasCorrected: false)
        let hand = try DynamicPanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs + ["h_lemp"], weights: w, biasCorrected: false)
        #expect(sub.coefficients.map(\.name).last == "W_lemp")
        for (c, d) in zip(sub.coefficients, hand.coefficients) {
            #expect(close(c.estimate, d.estimate, rtol: 1e-9, atol: 1e-12), "\(c.name)")
            #expect(close(c.stdError, d.stdError, rtol: 1e-9), "\(c.name) se")
        }
        #expect(close(sub.rho?.estimate ?? .nan, hand.rho?.estimate ?? 0, rtol: 1e-9))
        #expect(close(sub.logLikelihood, hand.logLikelihood, rtol: 1e-11))
        #expect(sub.durbin == ["lemp"])
    }

    @Test func crossSectionSubsetAndSecondWeights() throws {
        let table = try Columbus.table()
        let w = try Columbus.queen().transformed(.row)
        let w2 = try Self.secondOrder(w)
        var hand = table
        for name in ["INC", "HOVAL"] {
            // Rows of columbus.csv are units 1...49 in order (the queen ids).
            hand = try hand.adding("h_" + name, values: Self.handLag(try table.numbers(name), w, periods: 1))
            hand = try hand.adding("h2_" + name, values: Self.handLag(try table.numbers(name), w2, periods: 1))
        }
        func same(_ a: SpatialRegression, _ b: SpatialRegression, _ rename: [String: String], _ label: String) {
            #expect(a.coefficients.count == b.coefficients.count, "\(label)")
            for c in a.coefficients {
                guard let d = b.coefficients.first(where: { $0.name == (rename[c.name] ?? c.name) }) else { Issue.record("\(label): no \(c.name)"); continue }
                #expect(close(c.estimate, d.estimate, rtol: 1e-9, atol: 1e-12), "\(label) \(c.name)")
                #expect(close(c.stdError, d.stdError, rtol: 1e-9), "\(label) \(c.name) se")
            }
            #expect(close(a.logLikelihood, b.logLikelihood, rtol: 1e-11), "\(label) logLik")
            #expect(close((a.rho ?? a.lambda)?.estimate ?? 0, (b.rho ?? b.lambda)?.estimate ?? 0, rtol: 1e-9), "\(label) spatial")
        }
        for (model, base) in [(SpatialModel.sdm, SpatialModel.sar), (.sdem, .sem)] {
            let sub = try SpatialRegression(model, data: hand, y: "CRIME", x: ["INC", "HOVAL"], weights: w, durbin: ["HOVAL"])
            let ref = try SpatialRegression(base, data: hand, y: "CRIME", x: ["INC", "HOVAL", "h_HOVAL"], weights: w)
            same(sub, ref, ["W_HOVAL": "h_HOVAL"], "\(model) subset")
            let second = try SpatialRegression(model, data: hand, y: "CRIME", x: ["INC", "HOVAL"], weights: w, durbinWeights: w2)
            let ref2 = try SpatialRegression(base, data: hand, y: "CRIME", x: ["INC", "HOVAL", "h2_INC", "h2_HOVAL"], weights: w)
            same(second, ref2, ["W_INC": "h2_INC", "W_HOVAL": "h2_HOVAL"], "\(model) W2")
        }
        // The SLX with a subset is OLS on the hand-built design.
        let slx = try SpatialRegression(.slx, data: hand, y: "CRIME", x: ["INC", "HOVAL"], weights: w, durbin: ["INC"])
        let ols = try OrdinaryLeastSquares(RegressionData(table: hand, y: "CRIME", x: ["INC", "HOVAL", "h_INC"]))
        for (c, d) in zip(slx.coefficients, ols.coefficients) { #expect(close(c.estimate, d.estimate, rtol: 1e-10) && close(c.stdError, d.stdError, rtol: 1e-10)) }
    }

    @Test func badDurbinListsAreNamed() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        #expect { try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: ["lgsp"]) }
            throws: { "\($0)".contains("'lgsp' is not a regressor") && "\($0)".contains("durbin") }
        #expect { try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: []) } throws: { "\($0)".contains("lists no regressor") }
        #expect { try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: ["lpc", "lpc"]) } throws: { "\($0)".contains("twice") }
        #expect { try PanelRegression(.sar, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbin: ["lpc"]) } throws: { "\($0)".contains("not to the SAR") }
        #expect { try PanelRegression(.sem, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbinWeights: w) } throws: { "\($0)".contains("durbinWeights") }
        let other = try SpatialWeights(ids: (1...48).map { "u\($0)" }, neighbors: (0..<48).map { [($0 + 1) % 48] })
        #expect { try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, durbinWeights: other) } throws: { "\($0)".contains("durbinWeights") }
    }
}

/// The cross-section battery of a partial or second-W Durbin model keeps only the nested SAR tests.
@Suite struct DurbinBatteryTests {
    @Test func partialSDMNestsTheSAROnly() throws {
        let table = try Columbus.table()
        let w = try Columbus.queen().transformed(.row)
        let sdm = try SpatialRegression(.sdm, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w, durbin: ["HOVAL"])
        let tests = try NestedModelComparison.crossSectionBattery(sdm, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
        #expect(Set(tests.keys) == ["lr_vs_ols", "wald_spatial", "wald_sdm_sar", "lr_sdm_sar"])
        let sar = try SpatialRegression(.sar, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
        #expect(close(tests["lr_sdm_sar"]?.statistic ?? .nan, 2 * (sdm.logLikelihood - sar.logLikelihood), rtol: 1e-12))
        #expect(tests["lr_sdm_sar"]?.df == 1 && tests["wald_sdm_sar"]?.df == 1)
        let sdem = try SpatialRegression(.sdem, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w, durbin: ["INC"])
        #expect(try NestedModelComparison.crossSectionBattery(sdem, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w).keys.sorted() == ["lr_vs_ols", "wald_spatial"])
    }
}
