import Foundation
import SpatialEconometrics

/// JSON of a fitted model, in the shape the issues specify.
struct FitReport: Encodable {
    struct Parameter: Encodable {
        let estimate: Double, stdError: Double, z: Double, pValue: Double
        enum CodingKeys: String, CodingKey { case estimate, stdError = "std_error", z, pValue = "p_value" }
        init(_ c: Coefficient) { estimate = c.estimate; stdError = c.stdError; z = c.statistic; pValue = c.pValue }
    }
    struct Effects: Encodable { let direct, indirect, total: [EffectEstimate]; let inference: String }
    var model: String
    var n: Int
    var coefficients: [Coefficient]
    var rho: Parameter? = nil
    var lambda: Parameter? = nil
    var sigma2: Double
    var logLikelihood: Double
    var aic: Double
    var bic: Double
    var standardErrors: String
    var logDeterminant: String? = nil
    var effects: Effects? = nil
    var tests: [String: TestResult]
    var diagnostics: SpatialDiagnostics?
    var warnings: [String]
    var t: Int? = nil
    var estimator: String? = nil
    var fixedEffects: FixedEffectsEstimates? = nil
    var likelihood: String? = nil
    var phi: Parameter? = nil
    var sigma2Mu: Double? = nil
    var effectsKind: String? = nil
    var logDeterminantAccuracy: LogDeterminantAccuracy? = nil
    /// Whether a spatial parameter is at a bound of its feasible interval (then `effects` is null).
    var atBound: Bool = false
    var idColumn: String? = nil
    var pairing: String? = nil

    /// The fields every ML fit has (``SpatialFit``), with its effects and tests; estimator-specific fields are set after.
    init(_ fit: some SpatialFit, effects: ImpactMeasures?, tests: [String: TestResult] = [:], pairing: PairingReport) {
        model = fit.fittedModel?.rawValue ?? "none"
        n = fit.n
        coefficients = fit.coefficients
        rho = fit.rho.map(Parameter.init)
        lambda = fit.lambda.map(Parameter.init)
        sigma2 = fit.sigma2
        logLikelihood = fit.logLikelihood
        aic = fit.aic
        bic = fit.bic
        standardErrors = fit.standardErrors
        logDeterminant = fit.logDeterminantName
        self.effects = effects.map { Effects(direct: $0.direct, indirect: $0.indirect, total: $0.total, inference: $0.inference) }
        self.tests = tests
        diagnostics = nil
        warnings = fit.warnings
        logDeterminantAccuracy = fit.logDeterminantAccuracy
        atBound = fit.atBound
        idColumn = pairing.idColumn
        self.pairing = pairing.pairing
    }

    init(model: String, n: Int, coefficients: [Coefficient], sigma2: Double, logLikelihood: Double, aic: Double, bic: Double,
         standardErrors: String, tests: [String: TestResult], diagnostics: SpatialDiagnostics?, warnings: [String], pairing: PairingReport) {
        self.model = model; self.n = n; self.coefficients = coefficients; self.sigma2 = sigma2; self.logLikelihood = logLikelihood
        self.aic = aic; self.bic = bic; self.standardErrors = standardErrors; self.tests = tests; self.diagnostics = diagnostics
        self.warnings = warnings; idColumn = pairing.idColumn; self.pairing = pairing.pairing
    }

    enum CodingKeys: String, CodingKey {
        case model, n, coefficients, rho, lambda, sigma2, logLikelihood = "log_likelihood", aic, bic, standardErrors = "standard_errors"
        case logDeterminant = "log_determinant", effects, tests, diagnostics, warnings, t, estimator
        case fixedEffects = "fixed_effects", likelihood, phi, sigma2Mu = "sigma2_mu", effectsKind = "panel_effects"
        case logDeterminantAccuracy = "log_determinant_accuracy", atBound = "at_bound"
        case idColumn = "id_column", pairing
    }
}

/// A fit at a bound of its feasible interval: the effects are refused (the refusal is a warning on stderr) and the
/// command exits with status 3 after printing, unless `--allow-bound`, which changes only the exit code.
enum BoundPolicy {
    static let exitStatus = ExitStatus.atBound

    /// The effects, or `nil` with the refusal on stderr when the fit is at a bound.
    static func effects(_ hit: BoundaryHit?, _ console: Console, _ make: () throws -> ImpactMeasures?) throws -> ImpactMeasures? {
        if let hit {
            console.warning("effects refused: \(hit.error)")
            return nil
        }
        return try make()
    }

    /// The exit status: 3 for an at-bound fit unless allowed, else 0 (returned after the output is written).
    static func status(_ hit: BoundaryHit?, allow: Bool) -> Int32 {
        hit != nil && !allow ? exitStatus : ExitStatus.success
    }
}

/// Parses `--impacts simulate:R|delta|none` and `--seed`.
func impactInference(_ args: inout Arguments) throws -> ImpactInference {
    let spec = try args.option("--impacts") ?? "none"
    let seed = try args.seed()
    if spec == "none" { return .none }
    if spec == "delta" { return .delta }
    if spec.hasPrefix("simulate") {
        let parts = spec.split(separator: ":")
        guard parts.count <= 2, parts.first == "simulate" else { throw UsageError("--impacts must be none, delta or simulate:R") }
        let text = parts.count > 1 ? String(parts[1]) : "1000"
        let limit = ComputationLimits.maximumSimulationDraws
        guard let r = Int(text) else {
            throw UsageError(text.allSatisfy(\.isNumber) ? "--impacts simulate:\(text) exceeds the limit of \(limit) draws" : "--impacts simulate:R needs a whole number R >= 2, not '\(text)'")
        }
        guard r >= 2 else { throw UsageError("--impacts simulate:R needs a whole number R >= 2") }
        guard r <= limit else { throw UsageError("--impacts simulate:\(r) exceeds the limit of \(limit) draws (1,000 to 10,000 are usual)") }
        return .simulation(draws: r, seed: seed)
    }
    throw UsageError("--impacts must be none, delta or simulate:R")
}

/// `spatial ols`: OLS with the spatial diagnostics.
enum OLSCommand: Subcommand {
    static let name = "ols"
    static let summary = "OLS with spatial diagnostics (Moran's I of residuals, LM lag/error, robust, SARMA)"
    static let help = """
        usage: spatial ols --data F --y NAME --x A,B,... --weights W [--no-intercept] [--json]
        \(WeightsInput.help)
        JSON: {"model":"ols","n","coefficients":[{"name","estimate","std_error","z","p_value"}],"sigma2",
               "log_likelihood","aic","diagnostics":{"moran_residuals","lm_error","lm_lag","robust_lm_error",
               "robust_lm_lag","lm_sarma"},"tests":{...}} (the "z" of OLS coefficients is the t statistic)
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json"), noIntercept = args.flag("--no-intercept")
        let data = try args.required("--data"), y = try args.required("--y")
        guard let x = try args.list("--x"), !x.isEmpty else { throw UsageError("missing --x") }
        let weightsInput = try WeightsInput.parse(&args)
        try args.finish()
        let paired = try weightsInput.pair(try DataTable(contentsOf: URL(fileURLWithPath: data)), columns: [y] + x, console: console)
        let w = paired.weights
        let d: RegressionData
        do { d = try RegressionData(table: paired.table, y: y, x: x, intercept: !noIntercept) } catch { throw paired.inSourceRows(error) }
        let ols = try OrdinaryLeastSquares(d)
        let diag = try SpatialDiagnostics(ols: ols, data: d, weights: w)
        if json {
            var tests = ["jarque_bera": ols.jarqueBera]
            if let bp = ols.breuschPagan { tests["breusch_pagan"] = bp }
            if let kb = ols.koenkerBassett { tests["koenker_bassett"] = kb }
            if let f = ols.fTest { tests["f"] = f }
            try console.json(FitReport(model: "ols", n: ols.n, coefficients: ols.coefficients, sigma2: ols.sigma2, logLikelihood: ols.logLikelihood,
                                      aic: ols.aic, bic: ols.bic, standardErrors: "OLS, s^2 = e'e/(n - k)", tests: tests, diagnostics: diag,
                                      warnings: w.warnings + ols.warnings, pairing: PairingReport(paired)))
        } else {
            console.text(ols.summary + "\n\n" + diag.summary + "\n" + PairingReport.line(paired))
        }
        return ExitStatus.success
    }
}

/// `spatial fit`: ML spatial regression (cross-section).
enum FitCommand: Subcommand {
    static let name = "fit"
    static let summary = "ML spatial regression: SAR, SEM, SDM, SDEM, SLX, SAC, with effects and tests"
    static let help = """
        usage: spatial fit --model sar|sem|sdm|sdem|slx|sac --data F --y NAME --x A,B,... --weights W
                           [--impacts none|delta|simulate:R] [--seed S] [--no-intercept] [--allow-bound] [--json]
               spatial fit --model sar|sem|sdm|sdem --data F --unit ID --time T --y NAME --x A,B,... --weights W
                           --effects none|individual|time|twoways|random [--estimator leeyu|biascorrected|direct|splm] ...
        \(WeightsInput.help)
          (panels: the --unit values are the weights' ids; --id-column and --no-intercept do not apply)
          --impacts           direct/indirect/total effects: point estimates (none), delta method, or R seeded draws
          --se S              information (default): the analytical information matrix (spatialreg method = "eigen");
                              hessian: the inverse negative Hessian of the exact log-likelihood (Richardson
                              differences; spatialreg "Matrix"/"LU" with fdHess); cross-section and
                              fixed-effects fits (not --estimator biascorrected)
          --allow-bound       exit 0 (not 3) when rho or lambda is at a bound of its feasible interval (closer than
                              1e-4 of its width). Such a fit is printed with "at_bound": true, a first-line warning in
                              the summary and no effects (JSON "effects" null; the refusal is a warning on stderr);
                              the option never brings the effects back
          --quiet             no progress line on stderr (stdout, and so --json, is never touched)
          --unit, --time      panel: unit and period columns (balanced; the units must be the weights' ids)
          --effects E         panel effects: none (pooled), individual, time, twoways (default), or random (ML random
                              effects for sar, sdm, sem, sdem; JSON adds "phi" and "sigma2_mu")
          --estimator E       leeyu (Lee-Yu transformation, default), biascorrected, direct (exact direct approach),
                              splm (splm's lag of the demeaned y, to reproduce published splm numbers)
        Estimation: concentrated likelihood maximised by Brent's method on (1/lambda_min, 1/lambda_max); ln|I - rho W|
        chosen automatically (exact: dense eigenvalues up to 500 units, then up to 10^5 units one sparse factorisation
        per rho, Cholesky when W is similar to a symmetric matrix, LU otherwise, e.g. asymmetric kNN; beyond, stochastic
        Lanczos quadrature or Chebyshev; the JSON names the method and its accuracy); standard errors from the
        analytical information matrix (exact traces: dense up to 500 units, sparse solves above while affordable,
        about 2 x 10^4 units of contiguity; Hutchinson's estimator beyond; "standard_errors" says which); sigma^2 = e'e/n.
        Exit status: 0, 1 on an error (e.g. a constant y or an exact fit), 2 on a usage error, 3 when the fit is at a
        bound (unless --allow-bound).
        JSON: {"model","n","coefficients":[...],"rho"|"lambda":{...},"sigma2","log_likelihood","aic","at_bound",
               "effects":{"direct":[...],"indirect":[...],"total":[...]},"tests":{"<name>":{"statistic","df","p_value"}}}
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json"), noIntercept = args.flag("--no-intercept")
        let modelName = try args.choice("--model", SpatialModel.allCases.map(\.rawValue), default: "sar")
        let model = SpatialModel(rawValue: modelName) ?? .sar
        let data = try args.required("--data"), y = try args.required("--y")
        guard let x = try args.list("--x"), !x.isEmpty else { throw UsageError("missing --x") }
        let impactsGiven = args.has("--impacts")
        let inference = try impactInference(&args)
        if impactsGiven && !model.hasLag && !model.hasDurbin {
            throw UsageError("--impacts does not apply to the \(model.rawValue.uppercased()): it has no spillovers (its direct effects are the coefficients, its indirect effects zero by construction)")
        }
        let unit = try args.option("--unit"), time = try args.option("--time")
        let isPanel = unit != nil || time != nil
        if isPanel && impactsGiven && !model.hasLag {
            throw UsageError("--impacts applies to the panel lag models (sar, sdm); a panel \(model.rawValue.uppercased())'s effects are its coefficients (theta for the W X terms)")
        }
        let weightsInput = try WeightsInput.parse(&args, panel: isPanel)
        let effectsGiven = try args.option("--effects"), estimatorGiven = try args.option("--estimator")
        let seGiven = try args.option("--se")
        guard seGiven == nil || StandardErrorMethod(rawValue: seGiven ?? "") != nil else {
            throw UsageError("--se must be one of \(StandardErrorMethod.allCases.map(\.rawValue).joined(separator: "|")), not '\(seGiven ?? "")'")
        }
        if effectsGiven == "random", let seGiven, seGiven != StandardErrorMethod.informationMatrix.rawValue {
            throw UsageError("--se \(seGiven) applies to cross-section and fixed-effects fits (random effects report GLS standard errors for beta and Hessian ones for phi and rho/lambda)")
        }
        if model == .slx, let seGiven { throw UsageError("--se \(seGiven) does not apply to the SLX (an OLS fit)") }
        let seMethod = seGiven.flatMap(StandardErrorMethod.init(rawValue:)) ?? .informationMatrix
        if !isPanel, let given = effectsGiven ?? estimatorGiven {
            throw UsageError("\(effectsGiven != nil ? "--effects" : "--estimator") '\(given)' applies to panels only (give --unit and --time)")
        }
        if isPanel && noIntercept { throw UsageError("--no-intercept does not apply to a panel (the fixed or random effects take the intercept's place)") }
        let effectsName = effectsGiven ?? "twoways", estimatorName = estimatorGiven ?? "leeyu"
        guard PanelEffects(rawValue: effectsName) != nil || effectsName == "random" else {
            throw UsageError("--effects must be one of \((PanelEffects.allCases.map(\.rawValue) + ["random"]).joined(separator: "|")), not '\(effectsName)'")
        }
        guard PanelEstimator(rawValue: estimatorName) != nil else {
            throw UsageError("--estimator must be one of \(PanelEstimator.allCases.map(\.rawValue).joined(separator: "|")), not '\(estimatorName)'")
        }
        if effectsName == "random", estimatorGiven != nil { throw UsageError("--estimator applies to fixed effects, not to --effects random") }
        let progress = context.progress
        let allowBound = args.flag("--allow-bound")
        try args.finish()
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        if isPanel {
            guard let unit, let time else { throw UsageError("a panel needs both --unit and --time") }
            let paired = try weightsInput.pairPanel(table, unit: unit, time: time, columns: [y] + x, console: console)
            let w = paired.weights, panel = paired.panel
            if effectsName == "random" {
                let fit = try RandomEffectsRegression(model, panel: panel, y: y, x: x, weights: w)
                let effects = try BoundPolicy.effects(fit.boundary, console) { model.hasLag ? try ImpactMeasures(fit, inference: inference) : nil }
                if json {
                    var report = FitReport(fit, effects: effects, pairing: PairingReport(paired))
                    report.t = fit.t; report.estimator = "ml"; report.likelihood = "random effects, phi = sigma_mu^2/sigma_e^2"
                    report.phi = .init(fit.phi); report.sigma2Mu = fit.sigma2Mu; report.effectsKind = "random"
                    try console.json(report)
                } else {
                    console.text(fit.summary + (effects.map { "\n\n" + $0.summary } ?? "") + "\n" + PairingReport.line(paired))
                }
                return BoundPolicy.status(fit.boundary, allow: allowBound)
            }
            let fit = try PanelRegression(model, panel: panel, y: y, x: x, weights: w, effects: PanelEffects(rawValue: effectsName) ?? .twoways,
                                          estimator: PanelEstimator(rawValue: estimatorName) ?? .leeyu,
                                          options: FitOptions(standardErrors: seMethod, progress: progress))
            let effects = try BoundPolicy.effects(fit.boundary, console) { model.hasLag ? try ImpactMeasures(fit, inference: inference, progress: progress) : nil }
            if json {
                var report = FitReport(fit, effects: effects, pairing: PairingReport(paired))
                report.t = fit.t; report.estimator = fit.estimator.rawValue; report.fixedEffects = fit.fixedEffects
                report.likelihood = fit.likelihood; report.effectsKind = fit.effects.rawValue
                try console.json(report)
            } else {
                console.text(fit.summary + (effects.map { "\n\n" + $0.summary } ?? "") + "\n" + PairingReport.line(paired))
            }
            return BoundPolicy.status(fit.boundary, allow: allowBound)
        }
        let paired = try weightsInput.pair(table, columns: [y] + x, console: console)
        let w = paired.weights
        let d: RegressionData
        do { d = try RegressionData(table: paired.table, y: y, x: x, intercept: !noIntercept) } catch { throw paired.inSourceRows(error) }
        let fit = try SpatialRegression(model, data: d, weights: w, options: FitOptions(standardErrors: seMethod, progress: progress))
        let effects = try BoundPolicy.effects(fit.boundary, console) { model == .sem ? nil : try ImpactMeasures(fit, inference: inference, progress: progress) }
        var tests = [String: TestResult]()
        if let lr = fit.lrVersusOLS { tests["lr_vs_ols"] = lr }
        if let wald = fit.waldSpatial { tests["wald_spatial"] = wald }
        if model == .sdm {
            tests["wald_sdm_sar"] = try NestedModelComparison.waldNoSpatialLagsOfX(fit)
            tests["wald_sdm_sem"] = try NestedModelComparison.waldCommonFactor(fit)
            tests["lr_sdm_sar"] = NestedModelComparison.likelihoodRatio(unrestricted: fit, restricted: try SpatialRegression(.sar, data: d, weights: w))
            tests["lr_sdm_sem"] = NestedModelComparison.likelihoodRatio(unrestricted: fit, restricted: try SpatialRegression(.sem, data: d, weights: w))
            tests["lr_sdm_slx"] = NestedModelComparison.likelihoodRatio(unrestricted: fit, restricted: try SpatialRegression(.slx, data: d, weights: w))
        }
        if model == .sem || model == .sdem { tests["spatial_hausman"] = try NestedModelComparison.spatialHausman(fit, data: d, weights: w) }
        if json {
            try console.json(FitReport(fit, effects: effects, tests: tests, pairing: PairingReport(paired)))
        } else {
            var text = fit.summary + (effects.map { "\n\n" + $0.summary } ?? "")
            if !tests.isEmpty {
                var t = Table(title: "Tests", columns: ["Test", "Statistic", "df", "p"])
                for (k, v) in tests.sorted(by: { $0.key < $1.key }) { t.rows.append([k, Format.fixed(v.statistic, 4), "\(Int(v.df))", Format.pValue(v.pValue, 4)]) }
                text += "\n\n" + t.text
            }
            console.text(text + "\n" + PairingReport.line(paired))
        }
        return BoundPolicy.status(fit.boundary, allow: allowBound)
    }
}
