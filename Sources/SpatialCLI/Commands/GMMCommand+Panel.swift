import Foundation
import SpatialEconometrics

/// `spatial gmm --unit ID --time T`: the spatial panel GM fits (``PanelGeneralizedMoments``, splm's `spgm`).
extension GMMCommand {
    /// `--effects` for the panel GM: fixed effects by the within transformation, or random effects by GLS.
    static let panelEffects = SharedOptions.effects(["individual", "random"], default: "individual", help: """
        panel GM (with --unit and --time): individual, fixed unit effects by the within transformation (splm model = \
        "within"; Mutl & Pfaffermayr 2011), or random, random unit effects by feasible GLS (splm model = "random"; Kapoor, \
        Kelejian & Prucha 2007, sem and sac; Baltagi's EC2SLS, splm's ec2sls, for sar)
        """)
    /// `--moments`: the error moments of the random-effects panel GM.
    static let moments = Option("--moments", .choice(PanelMomentWeighting.allCases.map(\.rawValue)), "M", default: "initial", help: """
        panel GM with --effects random: initial (the three within moments, unweighted; splm's default), weights (all six \
        KKP moments, weighted by the variances) or fullweights (KKP's optimal weighting with the trace matrix T_W)
        """)

    /// Runs the panel GM fit and prints it (text or JSON).
    func runPanel(_ table: DataTable, _ options: PanelGMMOptions, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let paired = try weightsInput.pairPanel(table, unit: options.unit, time: options.time, columns: [y] + x + endogenous + externalInstruments,
                                                console: console)
        let estimated = try PanelRegression.estimate(model, panel: paired.panel, y: y, x: x, weights: paired.weights,
                                                     effects: options.effects == .random ? .random : .fixed(.individual),
                                                     estimator: .gmm(GMMOptions(covariance: options.vce, moments: options.moments,
                                                                                endogenous: endogenous, instruments: externalInstruments)))
        guard let fit = estimated as? PanelGeneralizedMoments else {
            throw ModelError.invalidArgument("the panel GMM entry returned an unexpected fit for --model \(model.rawValue)")
        }
        if output.isJSON {
            var report = PanelGMMReport(fit, model: model, pairing: PairingReport(paired))
            report.vce = options.vce.description
            report.weights = FitReport.WeightsSource(source: weightsInput.path, transformation: weightsInput.transform.rawValue)
            try console.json(report)
        } else if output.printsSummary {
            console.text(fit.summary + "\n" + PairingReport.line(paired))
        } else {
            console.text(output.render([fit.table]))
        }
        return ExitStatus.success
    }
}

/// The panel options of `spatial gmm`, read when `--unit` and `--time` are given (nil otherwise, after refusing the
/// panel-only options).
struct PanelGMMOptions {
    let unit: String, time: String
    let effects: PanelGMEffects
    let moments: PanelMomentWeighting
    let endogenous: [String], instruments: [String]
    /// `--vce`: default (splm's), or the sandwich of the final stage's moments (robust, cluster, dkraay[:LAGS]).
    let vce: CovarianceEstimator

    init?(_ o: inout ParsedOptions, model: SpatialModel) throws(UsageError) {
        let unit = try o.given("--unit"), time = try o.given("--time")
        guard unit != nil || time != nil else {
            for option in ["--effects", "--moments"] where o.has(option) {
                throw .inapplicable(option, message: "\(option) applies to the panel GM: give --unit and --time")
            }
            return nil
        }
        guard let unit, let time else { throw .invalid(unit == nil ? "--unit" : "--time", message: "a panel needs both --unit and --time") }
        guard model == .sar || model == .sem || model == .sac else {
            throw .invalid("--model", message: "the panel GM fits sar (lag), sem (error) and sac (lag and error), not \(model.rawValue); "
                + "for the Durbin panels use spatial fit (ML)")
        }
        for option in ["--w-lags", "--df-correction", "--errors", "--max-iterations", "--impacts", "--seed", "--no-intercept"] where o.has(option) {
            throw .inapplicable(option, message: "\(option) does not apply to the panel GM (splm's spgm: instruments [X, W X, W^2 X], "
                + "sigma_v^2 (Zp'Zp)^-1 standard errors, unit effects instead of an intercept)")
        }
        let effects: PanelGMEffects = try o.choice("--effects") == "random" ? .random : .within
        if effects == .within, o.has("--moments") {
            throw .inapplicable("--moments", message: "--moments chooses the random-effects moments; the within estimator uses the three within moments only")
        }
        if effects == .random, !model.hasError, o.has("--moments") {
            throw .inapplicable("--moments", message: "--moments chooses the spatial error's moments; the random-effects lag model without error is Baltagi's EC2SLS (no moments)")
        }
        moments = PanelMomentWeighting(rawValue: try o.choice("--moments")) ?? .initial
        endogenous = try o.list("--endog") ?? []
        instruments = try o.list("--instruments") ?? []
        if endogenous.isEmpty != instruments.isEmpty {
            throw .invalid(endogenous.isEmpty ? "--instruments" : "--endog", message: "--endog and --instruments go together (endogenous regressors and their external instruments)")
        }
        let spec = try o.value("--vce") ?? "default"
        do { vce = try CovarianceEstimator(parsing: spec) } catch { throw .invalid("--vce", message: "\(error)") }
        if case .hac = vce {
            throw .invalid("--vce", message: "--vce hac is the cross-sectional GMM's spatial HAC; the panel GM takes default, robust, cluster or dkraay[:LAGS]")
        }
        self.unit = unit; self.time = time; self.effects = effects
    }
}

/// JSON of a panel GM fit: the keys of `spatial fit` (coefficients, rho, lambda, log_likelihood null) with
/// "method": "gmm", "estimator": "spgm" and the error components.
struct PanelGMMReport: Encodable {
    let fit: PanelGeneralizedMoments
    let model: SpatialModel
    let pairing: PairingReport
    var weights: FitReport.WeightsSource? = nil
    var vce: String = "default"

    init(_ fit: PanelGeneralizedMoments, model: SpatialModel, pairing: PairingReport) {
        self.fit = fit; self.model = model; self.pairing = pairing
    }

    struct Lambda: Encodable {
        let estimate: Double
        let stdError: Double?
        enum CodingKeys: String, CodingKey { case estimate, stdError = "std_error" }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(estimate, forKey: .estimate)
            try c.encode(stdError, forKey: .stdError)
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, method, estimator, effectsKind = "panel_effects", n, t, coefficients, rho, lambda, sigma2V = "sigma2_v", sigma21 = "sigma2_1"
        case theta, moments, instruments, endogenous, standardErrors = "standard_errors", logLikelihood = "log_likelihood", aic, bic
        case warnings, weights, idColumn = "id_column", pairing, vce
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model.rawValue, forKey: .model)
        try c.encode("gmm", forKey: .method)
        try c.encode("spgm", forKey: .estimator)
        try c.encode(fit.effects == .within ? "individual" : "random", forKey: .effectsKind)
        try c.encode(fit.n, forKey: .n)
        try c.encode(fit.t, forKey: .t)
        try c.encode(fit.coefficients, forKey: .coefficients)
        try c.encode(fit.rho.map(FitReport.Parameter.init), forKey: .rho)
        try c.encode(fit.lambdaEstimate.map { Lambda(estimate: $0, stdError: nil) }, forKey: .lambda)
        try c.encode(fit.sigmaV2, forKey: .sigma2V)
        try c.encode(fit.sigma12, forKey: .sigma21)
        try c.encode(fit.theta, forKey: .theta)
        // The EC2SLS (random effects without a spatial error) uses no moments: null.
        try c.encode(fit.effects == .random ? (fit.hasSpatialError ? fit.moments.rawValue : nil) : "initial", forKey: .moments)
        try c.encode(fit.instruments, forKey: .instruments)
        try c.encode(fit.endogenous, forKey: .endogenous)
        try c.encode(fit.standardErrors, forKey: .standardErrors)
        try c.encode(vce, forKey: .vce)
        try c.encode(Double?.none, forKey: .logLikelihood)
        try c.encode(Double?.none, forKey: .aic)
        try c.encode(Double?.none, forKey: .bic)
        try c.encode(fit.warnings, forKey: .warnings)
        try c.encode(weights, forKey: .weights)
        try c.encode(pairing.idColumn, forKey: .idColumn)
        try c.encode(pairing.pairing, forKey: .pairing)
    }
}
