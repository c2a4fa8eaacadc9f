import Foundation
import SpatialEconometrics

/// `spatial tests`: the model-selection battery of a spatial panel.
enum TestsCommand: Subcommand {
    static let name = "tests"
    static let summary = "panel model selection: LM tests, LR tests of the fixed effects, Wald/LR of SDM vs SAR and SEM"
    static let help = """
        usage: spatial tests --data F --unit ID --time T --y NAME --x A,B,... --weights W
                             [--effects individual|time|twoways] [--estimator leeyu|biascorrected|direct|splm] [--json]
        \(WeightsInput.help)
        Runs, on the chosen fixed effects: LM lag, LM error and their robust versions and Moran's I of the within
        residuals (W_NT = I_T kron W); LR tests of two-way against individual and against time effects (SDM, direct-approach
        likelihood, the one comparable across effects); Wald and LR tests of the SDM against the SAR (theta = 0) and the
        SEM (theta + rho beta = 0) with the chosen estimator; the Hausman test of the individual fixed-effects SAR against
        the random-effects SAR (splm sphtest), flagged when V_FE - V_RE is not positive definite, with the variants that stay
        valid (sigmamore, sigmaless, Mundlak), the error-model and non-spatial (plm) versions; the Baltagi-Song-Koh LM
        tests (splm bsktest). JSON: {"lm_lag","lm_error","robust_lm_lag","robust_lm_error","moran_residuals",
        "hausman","hausman_sigmamore","hausman_sigmaless","hausman_mundlak","hausman_error","hausman_nonspatial",
        "bsk_lm_h","bsk_lm1","bsk_lm2","bsk_clm_lambda","bsk_clm_mu",
        "lr_twoways_vs_individual","lr_twoways_vs_time","wald_sdm_sar","lr_sdm_sar","wald_sdm_sem","lr_sdm_sem"},
        each {"statistic","df","p_value"} (plus "name" and "distribution").
        """

    struct MoranEntry: Encodable {
        let statistic: Double, I: Double, z: Double, pValue: Double, df: Double = 0
        enum CodingKeys: String, CodingKey { case statistic, I, z, pValue = "p_value", df }
    }

    struct Report: Encodable {
        var tests: [String: TestResult]
        var moran: MoranEntry
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: DynamicKey.self)
            for (k, v) in tests { try c.encode(v, forKey: DynamicKey(k)) }
            try c.encode(moran, forKey: DynamicKey("moran_residuals"))
        }
    }

    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func run(_ args: inout Arguments) throws {
        let json = args.flag("--json")
        let data = try args.required("--data"), unit = try args.required("--unit"), time = try args.required("--time"), y = try args.required("--y")
        guard let x = try args.list("--x"), !x.isEmpty else { throw UsageError("missing --x") }
        let wPath = try args.required("--weights")
        let transform = try WeightsInput.transform(&args)
        let effects = PanelEffects(rawValue: try args.choice("--effects", ["individual", "time", "twoways"], default: "twoways")) ?? .twoways
        let estimator = PanelEstimator(rawValue: try args.choice("--estimator", PanelEstimator.allCases.map(\.rawValue), default: "leeyu")) ?? .leeyu
        try args.finish()
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let w = try WeightsInput.load(wPath, transform: transform)
        let panel = try Panel(table: table, unit: unit, time: time, unitOrder: w.ids)
        let lm = try PanelLMTests(panel: panel, y: y, x: x, weights: w, effects: effects).diagnostics
        var tests: [String: TestResult] = ["lm_lag": lm.lmLag, "lm_error": lm.lmError, "robust_lm_lag": lm.robustLmLag, "robust_lm_error": lm.robustLmError]
        func fit(_ m: SpatialModel, _ e: PanelEffects, _ est: PanelEstimator) throws -> PanelRegression {
            try PanelRegression(m, panel: panel, y: y, x: x, weights: w, effects: e, estimator: est)
        }
        let two = try fit(.sdm, .twoways, .direct)
        let ind = try fit(.sdm, .individual, .direct), tim = try fit(.sdm, .time, .direct)
        tests["lr_twoways_vs_individual"] = NestedModelTests.likelihoodRatio("LR two-way vs individual effects", unrestricted: two.logLikelihood,
                                                                            restricted: ind.logLikelihood, df: panel.periodCount - 1)
        tests["lr_twoways_vs_time"] = NestedModelTests.likelihoodRatio("LR two-way vs time effects", unrestricted: two.logLikelihood,
                                                                      restricted: tim.logLikelihood, df: panel.unitCount - 1)
        let sdm = try fit(.sdm, effects, estimator)
        let sarEstimator: PanelEstimator = estimator
        let sar = try fit(.sar, effects, sarEstimator)
        let sem = try fit(.sem, effects, estimator == .biascorrected ? .direct : estimator)
        tests["wald_sdm_sar"] = try NestedModelTests.waldNoSpatialLagsOfX(sdm)
        tests["wald_sdm_sem"] = try NestedModelTests.waldCommonFactor(sdm)
        tests["lr_sdm_sar"] = NestedModelTests.likelihoodRatio("LR SDM vs SAR", unrestricted: sdm.logLikelihood, restricted: sar.logLikelihood, df: x.count)
        tests["lr_sdm_sem"] = NestedModelTests.likelihoodRatio("LR SDM vs SEM", unrestricted: sdm.logLikelihood, restricted: sem.logLikelihood, df: x.count)
        // Fixed against random effects: individual effects, ML, the same spatial part on both sides (splm sphtest).
        let feInd = try PanelRegression(.sar, panel: panel, y: y, x: x, weights: w, effects: .individual, estimator: .splm)
        let re = try RandomEffectsRegression(panel: panel, y: y, x: x, weights: w)
        tests["hausman"] = try NestedModelTests.hausman(fixed: feInd, random: re)
        tests["hausman_sigmamore"] = try NestedModelTests.hausman(fixed: feInd, random: re, covariance: .sigmaMore)
        tests["hausman_sigmaless"] = try NestedModelTests.hausman(fixed: feInd, random: re, covariance: .sigmaLess)
        tests["hausman_mundlak"] = try NestedModelTests.mundlak(.sar, panel: panel, y: y, x: x, weights: w)
        let feSEM = try PanelRegression(.sem, panel: panel, y: y, x: x, weights: w, effects: .individual, estimator: .splm)
        tests["hausman_error"] = try NestedModelTests.hausman(fixed: feSEM, random: try RandomEffectsRegression(.sem, panel: panel, y: y, x: x, weights: w))
        tests["hausman_nonspatial"] = try NestedModelTests.hausman(within: try PanelLinearRegression(.within(.individual), panel: panel, y: y, x: x),
                                                                   random: try PanelLinearRegression(.random, panel: panel, y: y, x: x))
        let bsk = try RandomEffectsLMTests(panel: panel, y: y, x: x, weights: w)
        tests["bsk_lm_h"] = bsk.lmH
        tests["bsk_lm1"] = bsk.lm1
        tests["bsk_lm2"] = bsk.lm2
        tests["bsk_clm_lambda"] = bsk.conditionalLambda
        tests["bsk_clm_mu"] = bsk.conditionalMu
        let m = lm.moranResiduals
        if json {
            try Output.json(Report(tests: tests, moran: MoranEntry(statistic: m.I, I: m.I, z: m.z, pValue: m.p)))
        } else {
            var t = Table(title: "Model selection: \(effects.rawValue) fixed effects, estimator \(estimator.rawValue), N = \(panel.unitCount), T = \(panel.periodCount)",
                          columns: ["Test", "Statistic", "df", "p", "Decision at 5%"])
            t.rows.append(["Moran's I (within residuals)", Format.fixed(m.I, 4) + " (z = \(Format.fixed(m.z, 3)))", "", Format.pValue(m.p), m.p < 0.05 ? "spatial dependence" : "none detected"])
            for key in ["lm_lag", "robust_lm_lag", "lm_error", "robust_lm_error", "bsk_lm_h", "bsk_lm1", "bsk_lm2", "bsk_clm_lambda", "bsk_clm_mu",
                        "hausman", "hausman_sigmamore", "hausman_sigmaless", "hausman_mundlak", "hausman_error", "hausman_nonspatial",
                        "lr_twoways_vs_individual", "lr_twoways_vs_time", "wald_sdm_sar", "lr_sdm_sar", "wald_sdm_sem", "lr_sdm_sem"] {
                guard let r = tests[key] else { continue }
                let invalid = r.name.contains("invalid")
                t.rows.append([r.name, Format.fixed(r.statistic, 3) + (invalid ? "" : Format.stars(r.pValue)), r.distribution == .normal ? "N(0,1)" : "\(Int(r.df))",
                               Format.pValue(r.pValue), invalid ? "not usable: see the variants" : r.pValue < 0.05 ? "reject" : "do not reject"])
            }
            t.notes = ["Rejecting SDM vs SAR and SDM vs SEM means the SDM cannot be simplified (Elhorst 2014).",
                       "Hausman: individual fixed effects (ML) against random effects with the same spatial part, as splm's sphtest (lag; _error: SEM); sigmamore/sigmaless use one sigma^2 for both covariances (Stata); Mundlak: Wald test of the unit means in the random-effects SAR, always valid; _nonspatial: plm's phtest. Rejecting favours fixed effects.",
                       "BSK: Baltagi, Song & Koh (2003) LM tests on the pooled model (splm bsktest).", Format.starsLegend]
            Output.text(t.text)
        }
    }
}
