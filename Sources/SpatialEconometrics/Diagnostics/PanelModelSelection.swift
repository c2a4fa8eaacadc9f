import Foundation

/// The model-selection battery of a spatial panel study in one call, as applied papers report it (Elhorst 2014,
/// ch. 3; Anselin et al. 2008; Mutl & Pfaffermayr 2011; Baltagi, Song & Koh 2003):
///
/// 1. LM lag, LM error and their robust forms on the non-spatial model with the chosen fixed effects, and Moran's I
///    of its residuals (``PanelLMDiagnostics``); the Baltagi–Song–Koh tests on the pooled model (``RandomEffectsLMDiagnostics``).
/// 2. Fixed against random effects: the classic Hausman test of the SAR (splm's `sphtest`), flagged when
///    `V_FE - V_RE` is not positive definite, its common-sigma^2 forms and Mundlak's regression form
///    (``NestedModelComparison/hausman(fixed:random:covariance:)``, ``NestedModelComparison/mundlak(_:panel:y:x:weights:)``),
///    the same for the SEM, and plm's non-spatial test.
/// 3. LR tests of the two-way effects against individual and time effects (SDM, direct-approach likelihood, the one
///    comparable across effects; df T - 1 and N - 1).
/// 4. Wald and LR tests of the SDM against the SAR (theta = 0) and the SEM (theta + rho beta = 0), with the chosen
///    estimator.
/// 5. The SDM itself (Main and Wx blocks) and its direct, indirect and total effects.
///
/// Keys of ``tests`` are those of the CLI's `spatial tests --json`.
public struct PanelModelSelection: Sendable, Codable {
    /// The fixed effects of the non-spatial and SDM fits.
    public let effects: PanelEffects
    /// The estimator of the SDM and of its Wald and LR tests.
    public let estimator: PanelEstimator
    /// The number of units N.
    public let n: Int
    /// The number of periods T.
    public let t: Int
    /// Moran's I of the non-spatial model's residuals.
    public let moranResiduals: ResidualMoran
    /// Every test of the battery by its key (the keys of `spatial tests --json`), with statistic and p-value.
    public let tests: [String: TestResult]
    /// The SDM with the chosen effects and estimator.
    public let sdm: PanelRegression
    /// Its effects (`inference` as requested).
    public let impacts: ImpactMeasures

    enum CodingKeys: String, CodingKey { case effects, estimator, n, t, moranResiduals = "moran_residuals", tests, sdm, impacts }

    /// The tests in the order of a paper, with their groups.
    public static let order: [(group: String, keys: [String])] = [
        ("Spatial dependence (non-spatial model)", ["lm_lag", "robust_lm_lag", "lm_error", "robust_lm_error"]),
        ("Random effects and spatial error (Baltagi-Song-Koh, pooled model)", ["bsk_lm_h", "bsk_lm1", "bsk_lm2", "bsk_clm_lambda", "bsk_clm_mu"]),
        ("Fixed or random effects (Hausman)", ["hausman", "hausman_sigmamore", "hausman_sigmaless", "hausman_mundlak", "hausman_error", "hausman_nonspatial"]),
        ("Which fixed effects (LR)", ["lr_twoways_vs_individual", "lr_twoways_vs_time"]),
        ("Can the SDM be simplified (Wald, LR)", ["wald_sdm_sar", "lr_sdm_sar", "wald_sdm_sem", "lr_sdm_sem"]),
    ]

    /// Runs the whole battery on `y` and `x` of `panel` with the spatial `weights`: the fixed `effects` and
    /// `estimator` of the SDM and of the tests that use them, and the `inference` of the SDM's effects.
    /// - Throws: ``ModelError`` from any fit or test of the battery (named by the error).
    public init(panel: Panel, y: String, x: [String], weights: SpatialWeights, effects: PanelEffects = .twoways,
                estimator: PanelEstimator = .leeyu, inference: ImpactInference = .simulation(draws: 1000, seed: 1)) throws(ModelError) {
        let w = try weights.aligned(to: panel)
        func fit(_ m: SpatialModel, _ e: PanelEffects, _ est: PanelEstimator) throws(ModelError) -> PanelRegression {
            try PanelRegression(m, panel: panel, y: y, x: x, weights: w, effects: e, estimator: est)
        }
        let lm = try PanelLMDiagnostics(panel: panel, y: y, x: x, weights: w, effects: effects).diagnostics
        var tests: [String: TestResult] = ["lm_lag": lm.lmLag, "lm_error": lm.lmError, "robust_lm_lag": lm.robustLmLag, "robust_lm_error": lm.robustLmError]
        let bsk = try RandomEffectsLMDiagnostics(panel: panel, y: y, x: x, weights: w)
        tests["bsk_lm_h"] = bsk.lmH; tests["bsk_lm1"] = bsk.lm1; tests["bsk_lm2"] = bsk.lm2
        tests["bsk_clm_lambda"] = bsk.conditionalLambda; tests["bsk_clm_mu"] = bsk.conditionalMu
        // Fixed against random effects: individual effects, ML, the same spatial part on both sides (splm sphtest).
        let feSAR = try fit(.sar, .individual, .splm)
        let reSAR = try RandomEffectsRegression(.sar, panel: panel, y: y, x: x, weights: w)
        tests["hausman"] = try NestedModelComparison.hausman(fixed: feSAR, random: reSAR)
        tests["hausman_sigmamore"] = try NestedModelComparison.hausman(fixed: feSAR, random: reSAR, covariance: .sigmaMore)
        tests["hausman_sigmaless"] = try NestedModelComparison.hausman(fixed: feSAR, random: reSAR, covariance: .sigmaLess)
        tests["hausman_mundlak"] = try NestedModelComparison.mundlak(.sar, panel: panel, y: y, x: x, weights: w)
        tests["hausman_error"] = try NestedModelComparison.hausman(fixed: try fit(.sem, .individual, .splm),
                                                              random: try RandomEffectsRegression(.sem, panel: panel, y: y, x: x, weights: w))
        tests["hausman_nonspatial"] = try NestedModelComparison.hausman(within: try PanelLinearRegression(.within(.individual), panel: panel, y: y, x: x),
                                                                   random: try PanelLinearRegression(.random, panel: panel, y: y, x: x))
        let two = try fit(.sdm, .twoways, .direct)
        let ind = try fit(.sdm, .individual, .direct), tim = try fit(.sdm, .time, .direct)
        tests["lr_twoways_vs_individual"] = NestedModelComparison.likelihoodRatio("LR two-way vs individual effects", unrestricted: two.logLikelihood,
                                                                            restricted: ind.logLikelihood, df: panel.periodCount - 1)
        tests["lr_twoways_vs_time"] = NestedModelComparison.likelihoodRatio("LR two-way vs time effects", unrestricted: two.logLikelihood,
                                                                      restricted: tim.logLikelihood, df: panel.unitCount - 1)
        let sdm = try fit(.sdm, effects, estimator)
        let sar = try fit(.sar, effects, estimator)
        // The bias correction is defined for lag models only: the SEM of the LR test uses the direct approach then.
        let sem = try fit(.sem, effects, estimator == .biascorrected ? .direct : estimator)
        tests["wald_sdm_sar"] = try NestedModelComparison.waldNoSpatialLagsOfX(sdm)
        tests["wald_sdm_sem"] = try NestedModelComparison.waldCommonFactor(sdm)
        tests["lr_sdm_sar"] = NestedModelComparison.likelihoodRatio("LR SDM vs SAR", unrestricted: sdm.logLikelihood, restricted: sar.logLikelihood, df: x.count)
        tests["lr_sdm_sem"] = NestedModelComparison.likelihoodRatio("LR SDM vs SEM", unrestricted: sdm.logLikelihood, restricted: sem.logLikelihood, df: x.count)
        self.effects = effects
        self.estimator = estimator
        n = panel.unitCount
        t = panel.periodCount
        moranResiduals = lm.moranResiduals
        self.tests = tests
        self.sdm = sdm
        impacts = try ImpactMeasures(sdm, inference: inference)
    }

    /// What a test's outcome implies, in words.
    public static func decision(_ key: String, _ r: TestResult, level: Double = 0.05) -> String {
        if !r.isValid { return "not usable (V_FE - V_RE not p.d.): read the variants" }
        let reject = r.pValue < level
        switch key {
        case "lm_lag", "robust_lm_lag": return reject ? "spatial lag dependence" : "no lag dependence"
        case "lm_error", "robust_lm_error": return reject ? "spatial error dependence" : "no error dependence"
        case "bsk_lm_h": return reject ? "random effects and/or spatial error" : "neither"
        case "bsk_lm1", "bsk_clm_mu": return reject ? "random effects present" : "no random effects"
        case "bsk_lm2", "bsk_clm_lambda": return reject ? "spatial error correlation" : "no spatial error correlation"
        case let k where k.hasPrefix("hausman"): return reject ? "fixed effects" : "random effects acceptable"
        case "lr_twoways_vs_individual": return reject ? "keep time effects" : "individual effects suffice"
        case "lr_twoways_vs_time": return reject ? "keep individual effects" : "time effects suffice"
        case "wald_sdm_sar", "lr_sdm_sar": return reject ? "SDM, not SAR" : "SAR suffices"
        case "wald_sdm_sem", "lr_sdm_sem": return reject ? "SDM, not SEM" : "SEM suffices"
        default: return reject ? "reject" : "do not reject"
        }
    }

    /// The tests as one table: group headings, statistic with stars, df, p, and the decision at 5%.
    public var table: Table {
        var tab = Table(title: "Model selection: \(effects.rawValue) fixed effects, estimator \(estimator.rawValue), N = \(n), T = \(t)",
                        columns: ["Test", "Statistic", "df", "p", "Decision at 5%"])
        let m = moranResiduals
        tab.rows.append(["Moran's I (residuals, \(effects.rawValue) effects)", Format.fixed(m.I, 4) + " (z = \(Format.fixed(m.z, 3)))", "",
                         Format.pValue(m.p), m.p < 0.05 ? "spatial dependence" : "none detected"])
        for (group, keys) in Self.order {
            tab.rows.append(["[\(group)]", "", "", "", ""])
            for key in keys {
                guard let r = tests[key] else { continue }
                let invalid = !r.isValid
                tab.rows.append(["  " + r.name, Format.fixed(r.statistic, 3) + (invalid ? "" : Format.stars(r.pValue)),
                                 r.distribution == .normal ? "N(0,1)" : Int(exactly: r.df.rounded()).map { "\($0)" } ?? "\(r.df)", Format.pValue(r.pValue), Self.decision(key, r)])
            }
        }
        tab.notes = ["Hausman: individual fixed effects (ML) against random effects with the same spatial part (splm sphtest; _error: the SEM); sigmamore / sigmaless use one sigma^2 for both covariances (Stata); Mundlak: Wald test of the unit means added to the random-effects SAR (always valid); nonspatial: plm's phtest.",
                     "LR tests of the effects use the SDM's direct-approach likelihood; Wald/LR of the SDM use the chosen estimator (Elhorst 2014).",
                     Format.starsLegend]
        return tab
    }

    /// The tests, the SDM (Main and Wx) and its effects: the tables of a paper.
    public var summary: String { table.text + "\n\n" + sdm.summary + "\n\n" + impacts.summary }
}
