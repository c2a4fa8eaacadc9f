import Foundation
import Testing
@testable import SpatialEconometrics

/// Effects of SAR, SDM, SAC and SLX on columbus against spatialreg's `impacts` (exact dense inverse; simulated).
@Suite struct ImpactMeasuresTests {
    let r: FixtureJSON

    init() throws { r = try FixtureJSON("reference/r/columbus_models.json")["results"] }

    func fit(_ m: SpatialModel) throws -> (SpatialRegression, SpatialWeights) {
        let w = try Columbus.queen().transformed(.row)
        return (try SpatialRegression(m, data: RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]), weights: w), w)
    }

    @Test(arguments: [(SpatialModel.sar, "impacts_SAR"), (.sdm, "impacts_SDM"), (.sac, "impacts_SAC")])
    func exactEffectsMatchSpatialreg(model: SpatialModel, key: String) throws {
        let (f, w) = try fit(model)
        let eff = try ImpactMeasures(f, weights: w)
        let ex = r[key, "exact_dense_inverse"]
        for (kind, mine) in [("direct", eff.direct), ("indirect", eff.indirect), ("total", eff.total)] {
            #expect(mine.map(\.name).sorted() == (try ex[kind].keys()), "\(key) \(kind)")
            for e in mine { #expect(close(e.estimate, try ex[kind, e.name].number(), rtol: 1e-6), "\(key) \(kind) \(e.name)") }
        }
    }

    /// A fit holds the W it was fitted with, so effects need no W; a fit decoded from JSON holds none and asks for it
    /// (naming the fix) instead of guessing.
    @Test func effectsUseTheFitsOwnWeights() throws {
        let (f, w) = try fit(.sdm)
        let own = try ImpactMeasures(f)
        let given = try ImpactMeasures(f, weights: w)
        #expect(own.direct.map(\.estimate) == given.direct.map(\.estimate) && own.total.map(\.estimate) == given.total.map(\.estimate))
        let decoded = try JSONDecoder().decode(SpatialRegression.self, from: JSONEncoder().encode(f))
        #expect(decoded.weightsUsed == nil)
        let refusal = #expect(throws: ModelError.self) { try ImpactMeasures(decoded) }
        if case .invalidArgument(let message)? = refusal {
            #expect(message.hasPrefix("this fit does not hold its weights") && message.contains("ImpactMeasures(fit, weights: w)"), "\(message)")
        } else { Issue.record("\(String(describing: refusal))") }
        let again = try ImpactMeasures(decoded, weights: w)
        for (a, b) in zip(again.indirect, given.indirect) { #expect(close(a.estimate, b.estimate, rtol: 1e-12)) }
    }

    /// Above 2,000 units with an exact log-determinant the direct effects come from exact traces (a spline through
    /// 33 of them around the estimate), not from the Hutchinson series: on a 48 x 48 lattice (2,304 units, SDM) they
    /// equal the dense `tr((I - rho W)^-1 (b I + t W))/n` to 1e-9, and the simulated effects' means stay within
    /// their simulation error of the point effects.
    @Test func largeExactFitsUseExactTraces() throws {
        let side = 48, n = side * side
        let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
        var g = SeededGenerator(seed: 11)
        let x = (0..<n).map { _ in g.normal() }
        let wx = try w.lag(x)
        let mean = (0..<n).map { 1 + 2 * x[$0] + 0.5 * wx[$0] + g.normal() }
        let y = try ShiftedSparseSolver(w.matrix, rho: 0.4).solve(mean)
        let fit = try SpatialRegression(.sdm, data: RegressionData(y: y, columns: [("x", x)]), weights: w)
        #expect(fit.logDeterminantAccuracy == .exact)
        let effects = try ImpactMeasures(fit)
        #expect(effects.inference.contains("exact traces"))
        let r = try #require(fit.rho).estimate
        let b = fit.coefficients[1].estimate, t = fit.coefficients[2].estimate
        let inverse = try LUDecomposition(try Matrix.identity(n) - r * w.matrix.dense).inverse()
        let wInverse = try w.matrix.multiply(inverse)
        let direct = (b * inverse.diagonalElements.reduce(0, +) + t * wInverse.diagonalElements.reduce(0, +)) / Double(n)
        #expect(close(effects.direct[0].estimate, direct, rtol: 1e-9), "\(effects.direct[0].estimate) vs \(direct)")
        let simulated = try ImpactMeasures(fit, inference: .simulation(draws: 200, seed: 3))
        let d = simulated.direct[0]
        let simulatedMean = try #require(d.simulatedMean), se = try #require(d.stdError)
        #expect(abs(simulatedMean - d.estimate) < 4 * se / 200.0.squareRoot())
    }

    /// Simulated standard errors agree with spatialreg's within simulation error. Direct effects are nearly normal:
    /// with 1,000 draws the sd of an estimated sd is about 2.2%, so 10% is a 4.5-sigma bound. Indirect and total
    /// effects contain 1/(1 - rho) and are heavy-tailed: their sample sd varies by ~15% between seeds of 1,000 draws
    /// (0.92 to 1.09 for INC here), so they get 30%. The delta method linearises 1/(1 - rho) and is only compared on
    /// the direct effects.
    @Test func simulatedAndDeltaInference() throws {
        let (f, w) = try fit(.sdm)
        let sim = try ImpactMeasures(f, weights: w, inference: .simulation(draws: 1000, seed: 1))
        let again = try ImpactMeasures(f, weights: w, inference: .simulation(draws: 1000, seed: 1))
        #expect(sim.direct == again.direct)
        let ref = r["impacts_SDM", "simulated"]
        for (kind, mine) in [("direct", sim.direct), ("indirect", sim.indirect), ("total", sim.total)] {
            let tolerance = kind == "direct" ? 0.10 : 0.30
            for e in mine {
                let sd = try ref["sd_\(kind)", e.name].number(), se = try #require(e.stdError, "\(kind) \(e.name)")
                #expect(abs(se / sd - 1) < tolerance, "\(kind) \(e.name): \(se) vs \(sd)")
            }
        }
        let delta = try ImpactMeasures(f, weights: w, inference: .delta)
        for (a, b) in zip(delta.direct, sim.direct) { #expect(abs(a.stdError! / b.stdError! - 1) < 0.10, "delta vs simulation \(a.name)") }
        for (a, b) in zip(delta.direct, sim.direct) { #expect(a.estimate == b.estimate) }
    }

    @Test func slxEffectsAreTheCoefficients() throws {
        let (f, w) = try fit(.slx)
        let eff = try ImpactMeasures(f, weights: w)
        let ref = r["SLX", "impacts"]
        #expect(eff.indirect.count == 2 && eff.total.count == 2)
        for e in eff.indirect { #expect(close(e.estimate, try ref["indirect", e.name].number(), rtol: 1e-10), "\(e.name)") }
        for e in eff.total { #expect(close(e.estimate, try ref["total", e.name].number(), rtol: 1e-10), "\(e.name)") }
    }

    /// Non-row-standardised W: totals through the dense solve agree with the dense-inverse definition.
    @Test func binaryWeightsTotalsMatchDenseDefinition() throws {
        let w = try Columbus.queen().transformed(.binary).transformed(.spectral)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let f = try SpatialRegression(.sdm, data: data, weights: w)
        let eff = try ImpactMeasures(f, weights: w)
        let rho = f.rho!.estimate, n = 49
        let inv = try LUDecomposition(Matrix.identity(n) - rho * w.dense).inverse()
        let b = f.coefficients.first { $0.name == "INC" }!.estimate, t = f.coefficients.first { $0.name == "W_INC" }!.estimate
        let s = try (b * inv) + (t * (inv * w.dense))
        #expect(close(eff.direct[0].estimate, s.diagonalElements.reduce(0, +) / 49, rtol: 1e-9))
        #expect(close(eff.total[0].estimate, s.elements.reduce(0, +) / 49, rtol: 1e-9))
    }
}

/// Simulated effects of the two-way SDM (splm variant, the reference's fit) agree with the reference's own
/// simulation within simulation error: 1,000 draws estimate an sd to about 2.2% (sd of a normal sample sd) and a
/// mean to sd/sqrt(1000); with rho far from its bound the effects are close to normal, so 10% on the sd and
/// 0.15 sd on the mean are 4.5-sigma bounds. The delta method agrees with the simulation to 10%.
@Suite struct PanelEffectsInferenceTests {
    @Test func simulatedAndDeltaEffects() throws {
        let sim = try FixtureJSON("reference/r/produc_panel.json")["results", "impacts", "SDM_twoways_simulated_own"]
        func value(_ kind: String, _ stat: String, _ name: String) throws -> Double { try sim[kind, stat, name].number() }
        let (panel, w) = try PanelRegressionTests.produc()
        let fit = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .twoways, estimator: .splm)
        let mine = try ImpactMeasures(fit, weights: w, inference: .simulation(draws: 1000, seed: 3))
        let delta = try ImpactMeasures(fit, weights: w, inference: .delta)
        for (kind, es, ds) in [("direct", mine.direct, delta.direct), ("indirect", mine.indirect, delta.indirect), ("total", mine.total, delta.total)] {
            for (e, d) in zip(es, ds) {
                let refName = e.name.replacingOccurrences(of: "lpcap", with: "log(pcap)").replacingOccurrences(of: "lpc", with: "log(pc)").replacingOccurrences(of: "lemp", with: "log(emp)")
                let sd = try value(kind, "sd", refName), mean = try value(kind, "mean", refName)
                let se = try #require(e.stdError), simulatedMean = try #require(e.simulatedMean), deltaSE = try #require(d.stdError)
                #expect(abs(se / sd - 1) < 0.10, "\(kind) \(e.name) sd \(se) vs \(sd)")
                #expect(abs(simulatedMean - mean) < 0.15 * sd, "\(kind) \(e.name) mean")
                #expect(abs(deltaSE / se - 1) < 0.10, "\(kind) \(e.name) delta vs simulation")
            }
        }
    }
}
