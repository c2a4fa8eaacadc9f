import Foundation
import Testing
@testable import SpatialEconometrics

/// S2SLS (``SpatialTwoStageLeastSquares``) against spreg 1.9's `GM_Lag` (`reference/py/gmm_lag.json`, script
/// `py/scripts/gmm_lag.py`, which also recomputes every case from the moment conditions in numpy) and spatialreg's
/// `stsls` (`reference/r/gmm_stsls.json`, `r/scripts/40_gmm_stsls.R`), on columbus (queen) and elect80 (k4, n = 3,107),
/// both row-standardised: estimates and standard errors to 1e-6 relative (observed: about 1e-11).
@Suite struct SpatialTwoStageLeastSquaresTests {
    struct Case: Decodable {
        struct NumpyCheck: Decodable { let betas: [Double]; let std_err: [Double]; let max_abs_moment: Double; let first_stage_f: Double; let first_stage_df: [Int] }
        let label: String; let model: String; let w_lags: Int; let robust: String?; let sig2n_k: Bool
        let name_z: [String]; let name_h: [String]; let n: Int
        struct AK: Decodable { let statistic: Double; let p: Double }
        let betas: [Double]; let std_err: [Double]; let sig2: Double; let pr2: Double; let numpy: NumpyCheck; let ak_test: AK
    }
    struct EndogenousCase: Decodable {
        struct NumpyCheck: Decodable {
            let betas: [Double]; let std_err: [Double]; let first_stage_f: [Double]; let sargan: Double?; let hansen_j: Double?; let overid_df: Int
        }
        let label: String; let x: [String]; let endogenous: [String]; let instruments: [String]; let robust: String?
        let name_z: [String]; let name_h: [String]; let betas: [Double]; let std_err: [Double]; let numpy: NumpyCheck
    }
    struct Reference: Decodable { let cases: [Case]; let endogenous: [EndogenousCase] }
    struct RCase: Decodable { let w2x: Bool; let robust: Bool; let names: [String]; let coefficients: [Double]; let std_err: [Double] }
    struct RReference: Decodable { let cases: [RCase] }

    static func paired(_ label: String) throws -> (PairedData, y: String, x: [String]) {
        if label == "columbus" {
            let table = try DataTable(contentsOf: Fixtures.url("data/columbus/columbus.csv"))
            let w = try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal")).transformed(.row)
            return (try PairedData(table: table, weights: w), "CRIME", ["INC", "HOVAL"])
        }
        let table = try DataTable(contentsOf: Fixtures.url("data/elect80/elect80.csv"))
        let w = try SpatialWeights.read(from: Fixtures.url("data/elect80/elect80_k4.gal")).transformed(.row)
        return (try PairedData(table: table, weights: w), "lturnout", ["lcollege", "lhomeownership", "lincome"])
    }

    static func check(_ what: String, _ ours: Double, _ ref: Double, rtol: Double = 1e-6) {
        #expect(close(ours, ref, rtol: rtol, atol: 1e-12), "\(what): ours \(ours), reference \(ref)")
    }

    @Test func matchesSpregGMLag() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/py/gmm_lag.json")
        #expect(reference.cases.count == 13)
        var data = [String: (PairedData, y: String, x: [String])]()
        for c in reference.cases {
            if data[c.label] == nil { data[c.label] = try Self.paired(c.label) }
            let (p, y, x) = data[c.label]!
            let fit = try SpatialTwoStageLeastSquares(c.model == "sdm" ? .sdm : .sar, data: p.table, y: y, x: x, weights: p.weights,
                                                      wLags: c.w_lags, covariance: c.robust == "white" ? .white : .classical,
                                                      degreesOfFreedomCorrection: c.sig2n_k)
            let tag = "\(c.label) \(c.model) w_lags \(c.w_lags) \(c.robust ?? "classical")\(c.sig2n_k ? " n-k" : "")"
            let ours = fit.coefficients + [fit.rhoEstimate]
            #expect(ours.count == c.betas.count)
            // spreg's instruments: CONSTANT, X, then W_x, W2_x, ...
            #expect(fit.instruments == ["(Intercept)"] + c.name_h.dropFirst(), "\(tag): instruments \(fit.instruments) vs \(c.name_h)")
            for (k, coefficient) in ours.enumerated() {
                Self.check("\(tag) \(coefficient.name)", coefficient.estimate, c.betas[k])
                Self.check("\(tag) SE \(coefficient.name)", coefficient.stdError, c.std_err[k])
                if !c.sig2n_k { Self.check("\(tag) numpy SE \(coefficient.name)", coefficient.stdError, c.numpy.std_err[k]) }
                Self.check("\(tag) numpy \(coefficient.name)", coefficient.estimate, c.numpy.betas[k])
            }
            #expect(c.numpy.max_abs_moment < 1e-6)
            Self.check("\(tag) pseudo R^2", fit.pseudoRSquared, c.pr2)
            let ak = try #require(fit.anselinKelejian)
            Self.check("\(tag) Anselin-Kelejian", ak.statistic, c.ak_test.statistic)
            Self.check("\(tag) Anselin-Kelejian p", ak.pValue, c.ak_test.p, rtol: 1e-5)
            if c.robust == nil { Self.check("\(tag) sigma^2", fit.sigma2, c.sig2) }
            // The first-stage F of the excluded instruments, recomputed in numpy (columbus's SDM has weak W^2 X: F about 1.4).
            Self.check("\(tag) first-stage F", fit.firstStage.statistic, c.numpy.first_stage_f)
            #expect(fit.firstStage.df == Double(c.numpy.first_stage_df[0]) && fit.firstStage.df2 == Double(c.numpy.first_stage_df[1]))
        }
    }

    /// spreg `GM_Lag(yend=, q=)`: HOVAL instrumented by DISCBD on columbus, lincome by (long, lat) on elect80; first-stage
    /// F of every endogenous regressor and Sargan / Hansen J against numpy.
    @Test func endogenousRegressorsWithExternalInstruments() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/py/gmm_lag.json")
        #expect(reference.endogenous.count == 4)
        for c in reference.endogenous {
            let (p, y, _) = try Self.paired(c.label)
            let fit = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: c.x, weights: p.weights, endogenous: c.endogenous,
                                                      instruments: c.instruments, covariance: c.robust == "white" ? .white : .classical)
            let tag = "endogenous \(c.label) \(c.robust ?? "classical")"
            #expect(fit.instruments == ["(Intercept)"] + c.name_h.dropFirst(), "\(tag): \(fit.instruments)")
            let ours = fit.coefficients + [fit.rhoEstimate]
            #expect(ours.map(\.name) == ["(Intercept)"] + c.x + c.endogenous + ["rho"])
            for (k, coefficient) in ours.enumerated() {
                Self.check("\(tag) \(coefficient.name)", coefficient.estimate, c.betas[k])
                Self.check("\(tag) SE \(coefficient.name)", coefficient.stdError, c.std_err[k])
                Self.check("\(tag) numpy \(coefficient.name)", coefficient.estimate, c.numpy.betas[k])
            }
            let f = try #require(fit.firstStages)
            #expect(f.count == c.numpy.first_stage_f.count)
            for (ours, ref) in zip(f, c.numpy.first_stage_f) { Self.check("\(tag) \(ours.name)", ours.statistic, ref) }
            let overid = try #require(fit.overidentification)
            #expect(overid.df == Double(c.numpy.overid_df))
            Self.check("\(tag) \(overid.name)", overid.statistic, c.numpy.sargan ?? c.numpy.hansen_j ?? .nan)
            #expect(overid.name == (c.robust == nil ? "Sargan" : "Hansen J"))
        }
        let (p, y, _) = try Self.paired("columbus")
        #expect(throws: ModelError.self) {
            try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: ["INC"], weights: p.weights, endogenous: ["HOVAL"])
        }
        #expect(throws: ModelError.self) {
            try SpatialTwoStageLeastSquares(.sdm, data: p.table, y: y, x: ["INC"], weights: p.weights, endogenous: ["HOVAL", "OPEN"], instruments: ["DISCBD"])
        }
    }

    @Test func matchesSpatialregStsls() throws {
        let reference = try Fixtures.decode(RReference.self, "reference/r/gmm_stsls.json")
        let (p, y, x) = try Self.paired("columbus")
        for c in reference.cases {
            // stsls: W2X = TRUE is [X, W X, W^2 X]; sigma^2 = e'e / (n - k); robust = TRUE is HC0.
            let fit = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, wLags: c.w2x ? 2 : 1,
                                                      covariance: c.robust ? .white : .classical, degreesOfFreedomCorrection: true)
            let ours = [fit.rhoEstimate] + fit.coefficients   // stsls's order: Rho first
            for (k, coefficient) in ours.enumerated() {
                Self.check("stsls W2X \(c.w2x) robust \(c.robust) \(c.names[k])", coefficient.estimate, c.coefficients[k])
                Self.check("stsls W2X \(c.w2x) robust \(c.robust) SE \(c.names[k])", coefficient.stdError, c.std_err[k])
            }
        }
    }

    @Test func momentConditionsHoldAtTheEstimate() throws {
        // H'(y - Z d) is orthogonal to the projected regressors: Zhat' u = 0 (the estimator's normal equations).
        let (p, y, x) = try Self.paired("columbus")
        let fit = try SpatialTwoStageLeastSquares(.sdm, data: p.table, y: y, x: x, weights: p.weights)
        let data = try RegressionData(table: p.table, y: y, x: x).withSpatialLags(p.weights)
        for j in 0..<data.k {
            let m = zip(data.x.column(j), fit.residuals).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(m) < 1e-8 * Double(fit.n), "X'u for \(data.xNames[j]): \(m)")
        }
    }

    @Test func refusals() throws {
        let (p, y, x) = try Self.paired("columbus")
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sem, data: p.table, y: y, x: x, weights: p.weights) }
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, wLags: 0) }
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: [], weights: p.weights) }
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: ["INC", "INC"], weights: p.weights) }
        let constant = try RegressionData(y: [Double](repeating: 2, count: 49), columns: [("INC", try p.table.numbers("INC"))])
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sar, data: constant, weights: p.weights) }
    }

    @Test func effectsTablesAndCodable() throws {
        let (p, y, x) = try Self.paired("columbus")
        let fit = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .white)
        let effects = try ImpactMeasures(fit, inference: .delta)
        // SAR: total effect = beta / (1 - rho) for row-standardised W.
        let rho = fit.rhoEstimate.estimate
        for (k, name) in x.enumerated() {
            let beta = fit.coefficients[k + 1].estimate
            Self.check("total \(name)", effects.total[k].estimate, beta / (1 - rho), rtol: 1e-9)
            #expect((effects.total[k].stdError ?? 0) > 0)
        }
        let ml = try SpatialRegression(.sar, data: p.table, y: y, x: x, weights: p.weights)
        let side = Table.sideBySide([ml, fit], titles: ["ML", "S2SLS"])
        #expect(side.text.contains("S2SLS"))
        #expect(Table.coefficients(of: fit).text.contains("rho"))
        #expect(fit.summary.contains("W_INC, W_HOVAL") && fit.summary.contains("White"))
        let decoded = try JSONDecoder().decode(SpatialTwoStageLeastSquares.self, from: JSONEncoder().encode(fit))
        #expect(decoded.coefficients == fit.coefficients && decoded.rhoEstimate == fit.rhoEstimate && decoded.weightsUsed == nil)
        #expect(throws: ModelError.self) { try ImpactMeasures(decoded) }
        #expect(try ImpactMeasures(decoded, weights: p.weights).total.map(\.estimate) == ImpactMeasures(fit).total.map(\.estimate))
    }
}
