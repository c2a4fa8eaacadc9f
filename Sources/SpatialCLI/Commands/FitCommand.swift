import Foundation
import SpatialEconometrics

/// `spatial fit`: ML spatial regression, cross-section or panel (fixed or random effects); `--method gmm` hands the
/// fit, cross-section or panel, to ``GMMCommand`` (the same options and code as `spatial gmm`).
struct FitCommand: Command {
    static let name = "fit"
    static let summary = "Spatial regression: SAR, SEM, SDM, SDEM, SLX, SAC by ML (or --method gmm: spatial gmm), with effects and tests"
    static let synopsis = [
        "--model sar|sem|sdm|sdem|slx|sac --data F (--y NAME --x A,B,... | --formula 'Y ~ A + B') --weights W",
        "   [--impacts none|delta|simulate:R [--seed S]] [--se information|hessian] [--vce V] [--no-intercept] [--allow-bound]",
        "   [--durbin A,B] [--durbin-weights W2]   (sdm, sdem, slx)   [--error-weights M]   (sac, fixed-effects panels)",
        "   [--json | --format text|markdown|latex|csv|html|json [--standalone] [--layout se|statistics]]",
        "--model sar|sem|sdm|sdem|sac --data F --unit ID --time T --y NAME --x A,B,... --weights W",
        "   [--effects none|individual|time|twoways|random] [--estimator leeyu|biascorrected|direct|splm] [--impacts ...] [--json]",
        "--model sar|sdm ... --unit ID --time T --dynamic [y|wy|both] [--effects individual|twoways] [--uncorrected] [--impacts ...]",
        "--model sar|sdm ... --unit ID --time T --unbalanced [renormalized|restricted] [--effects individual|time|twoways] [--impacts ...]",
        "--model gspre ... --unit ID --time T [--effects random] [--gspre-form general|kkp|anselin|effects_only] [--json]",
        "--model sar|sdm|sem|sdem|sac --method gmm --data F --y NAME --x A,B,... --weights W [--w-lags K] [--errors het|hom]",
        "   [--vce default|robust] [--max-iterations K] [--df-correction] [--endog A,B --instruments Z1,Z2] [--impacts ...] [--json]",
        "--model sar|sem|sac --method gmm --data F --unit ID --time T --y NAME --x A,B,... --weights W [--effects individual|random]",
        "   [--moments initial|weights|fullweights] [--endog A --instruments Z1,Z2] [--vce default|robust|cluster|dkraay[:L]] [--json]",
    ]

    static let model = Option("--model", .choice(SpatialModel.allCases.map(\.rawValue) + [gspreName]), "M", default: "sar", help: """
        the model: sar (W y), sem (W u), sdm (W y and W X), sdem (W X and W u), slx (W X, by OLS), sac (W y and W u); \
        a panel takes sar, sem, sdm, sdem, sac (sac: fixed effects) and gspre (random effects, Baltagi-Egger-Pfaffermayr: \
        y = X b + u, u = (I - lambda_mu W)^-1 mu + (I - lambda W)^-1 v per period; JSON "lambda_mu", "lambda", "phi", "sigma2_mu")
        """)
    /// The `--model` value of the generalized spatial random-effects model (not a ``SpatialModel``).
    static let gspreName = "gspre"
    static let gspreForm = Option("--gspre-form", .choice(GeneralizedRandomEffectsForm.allCases.map(\.rawValue)), "F", default: "general", help: """
        --model gspre: general (lambda_mu and lambda free; splm semgre), kkp (lambda_mu = lambda; splm sem2re), anselin \
        (lambda_mu = 0: the random-effects SEM; splm semre) or effects_only (lambda = 0)
        """)
    static let impacts = Option("--impacts", .value, "I", default: "none", help: """
        direct/indirect/total effects of the models with spillovers (sar, sdm, sdem, slx, sac; panels: sar, sdm): point \
        estimates only (none), delta-method standard errors (delta), or R seeded simulation draws (simulate:R, R from 2; \
        simulate alone is simulate:1000)
        """)
    static let seed = Option("--seed", .value, "S", default: "1", help: "seeds the --impacts simulate:R draws (a whole number from 0 to 2^64 - 1)")
    static let se = Option("--se", .choice(StandardErrorMethod.allCases.map(\.rawValue)), "S", default: "information", help: """
        information: the analytical information matrix (spatialreg method = "eigen"); hessian: the inverse negative Hessian \
        of the exact log-likelihood (Richardson differences; spatialreg "Matrix"/"LU" with fdHess). For cross-section and \
        fixed-effects ML fits (not the SLX, not --estimator biascorrected, not random effects)
        """)
    static let noIntercept = Option("--no-intercept", .flag, help: "fit without a constant term (cross-sections; a panel's effects take its place)")
    static let allowBound = Option("--allow-bound", .flag, help: """
        exit 0 (not 3) when rho or lambda is at a bound of its feasible interval (closer than 1e-4 of its width). Such a \
        fit is printed with "at_bound": true, a first-line warning in the summary and no effects (JSON "effects" null; the \
        refusal is a warning on stderr); the option never brings the effects back
        """)
    static let effects = SharedOptions.effects(PanelEffects.allCases.map(\.rawValue) + ["random"], help: """
        panel effects: none (pooled), individual, time, twoways, or random (ML random effects for sar, sdm, sem, sdem; \
        JSON adds "phi" and "sigma2_mu")
        """)

    static let dynamic = Option("--dynamic", .optionalChoice(DynamicLags.allCases.map(\.rawValue), implied: DynamicLags.both.rawValue), "LAGS", help: """
        the dynamic spatial panel y_t = tau y_(t-1) + eta W y_(t-1) + rho W y_t + X_t beta + W X_t theta + effects (SAR, SDM; \
        individual or two-way fixed effects; the first period is y_0): lags y (tau), wy (eta) or both, as xsmle's dlag; \
        QML of Yu, de Jong & Lee (2008) with its bias correction, two-way by the Lee-Yu (2010) transformation. JSON adds \
        "tau", "eta" and "stationarity"; "effects" holds "short_run" and "long_run" (long run refused when not stationary)
        """)
    static let uncorrected = Option("--uncorrected", .flag, help: "--dynamic: the QML estimates without the bias correction")
    static let method = Option("--method", .choice(["ml", "gmm"]), "M", default: "ml", help: """
        ml: maximum likelihood (this command's fits); gmm: the GMM / instrumental-variables fits of `spatial gmm` (the \
        same code and options: sar/sdm by S2SLS, sem/sdem by GM, sac by GS2SLS; --w-lags, --errors, --max-iterations, \
        --df-correction, --endog, --instruments; with --unit and --time the panel GM, sar/sem/sac with --effects \
        individual or random and --moments; JSON "method": "gmm", "log_likelihood" and "aic" null)
        """)

    static let groups = [
        OptionGroup("Model", [model, impacts, seed, se, SharedOptions.vce, noIntercept, allowBound, SharedOptions.durbin,
                              SharedOptions.durbinWeights, SharedOptions.errorWeights]),
        OptionGroup("Estimation method (--method gmm: the options of spatial gmm)",
                    [method, GMMCommand.wLags, GMMCommand.errors, GMMCommand.maxIterations, GMMCommand.dfCorrection,
                     GMMCommand.endog, GMMCommand.instrumentsOption, GMMCommand.moments]),
        SharedOptions.dataGroup(SharedOptions.y, SharedOptions.x, SharedOptions.formula),
        SharedOptions.weightsGroup,
        OptionGroup("Panel (give --unit and --time; the --unit values are the weights' ids)",
                    [SharedOptions.unit, SharedOptions.time, effects, SharedOptions.estimator, dynamic, uncorrected, SharedOptions.unbalanced, gspreForm]),
        SharedOptions.exportGroup(coefficients: true),
    ]

    static let notes = """
        Estimation: concentrated likelihood maximised by Brent's method on (1/lambda_min, 1/lambda_max); ln|I - rho W|
        chosen automatically (exact: dense eigenvalues up to 500 units, then up to 10^5 units one sparse factorisation
        per rho, Cholesky when W is similar to a symmetric matrix, LU otherwise, e.g. asymmetric kNN; beyond, stochastic
        Lanczos quadrature or Chebyshev; the JSON names the method and its accuracy); standard errors from the
        analytical information matrix (exact traces: dense up to 500 units, sparse solves above while affordable,
        about 2 x 10^4 units of contiguity; Hutchinson's estimator beyond; "standard_errors" says which); sigma^2 = e'e/n.
        --vce robust|cluster|dkraay[:LAGS]: the sandwich A^-1 B A^-1 of the likelihood's per-observation scores with the
        inverse information matrix A^-1 as bread (cross-sections and fixed-effects panels; exact diag(W (I - rho W)^-1): dense to 1,000 units, sparse solves
        above to about 2 x 10^4; --dynamic only with --uncorrected; --effects random: every model, sem, sdem and gspre by the
        per-cell split of the Gaussian score, up to 1,000 units; JSON "vce");
        tests and --impacts use it; the ML estimates themselves are unchanged (and not robust: Lin & Lee 2010).
        Cross-section tests: LR against OLS and Wald of the spatial parameters; the SDM adds Wald and LR tests against
        the SAR, SEM and SLX; the SEM and SDEM the spatial Hausman test (NestedModelComparison.crossSectionBattery).
        Exit status: 0, 1 on an error (e.g. a constant y or an exact fit), 2 on a usage error, 3 when the fit is at a
        bound (unless --allow-bound).
        JSON: {"model","n","coefficients":[...],"rho"|"lambda":{...},"sigma2","log_likelihood","aic","at_bound",
               "effects":{"direct":[...],"indirect":[...],"total":[...]},"tests":{"<name>":{"statistic","df","p_value"}},
               "r_squared":{"value","definition"},"weights":{"source","transformation"},"estimator","vce"}
        With --durbin the JSON adds "durbin" (the lagged regressors), with --durbin-weights / --error-weights
        "durbin_weights" / "error_weights" ({"source","transformation"}).
        R^2: cross-sections the pseudo R^2 corr(y, X b + rho W y)^2 (corr(y, X b)^2 for error models; spreg's pr2),
        fixed-effects panels the within R^2 1 - SSE/sum(y~^2) of the estimator's transformed data; none for random effects.
        Save the JSON (--json > fit.json) to print several fits side by side with `spatial table`.
        """

    /// A panel's effects: fixed (with an estimator) or ML random effects.
    enum PanelSpecification: Sendable {
        case fixed(PanelEffects, PanelEstimator)
        case random
        /// The generalized spatial random-effects model (``GeneralizedRandomEffectsRegression``) in a form.
        case generalizedRandom(GeneralizedRandomEffectsForm)
        /// A dynamic panel (``DynamicPanelRegression``).
        case dynamic(PanelEffects, DynamicLags, biasCorrected: Bool)
        /// Fixed effects on a panel with gaps (``UnbalancedPanelRegression``).
        case unbalanced(PanelEffects, UnbalancedWeights)
    }

    let output: OutputFormat
    let model: SpatialModel
    let data: String, y: String, x: [String]
    let inference: ImpactInference
    let weightsInput: WeightsInput
    /// nil: a cross-section.
    let panel: (unit: String, time: String, specification: PanelSpecification)?
    let noIntercept: Bool
    let seMethod: StandardErrorMethod
    /// `--vce` (``CovarianceEstimator``).
    let vce: CovarianceEstimator
    let allowBound: Bool
    /// `--durbin`: the regressors given a W_ lag (`nil`: all).
    let durbin: [String]?
    /// `--durbin-weights`: the second weights file of the W X terms.
    let durbinWeightsPath: String?
    /// `--error-weights`: the SAC's second weights file for the error term.
    let errorWeightsPath: String?
    /// `--method gmm`: the GMM fit, configured and run by ``GMMCommand`` (one implementation for both spellings).
    let gmm: GMMCommand?

    var mode: String {
        let m = model.rawValue.uppercased()
        if let gmm { return gmm.panel == nil ? "a cross-section \(m) GMM fit (--method gmm)" : "a panel \(m) GM fit (--method gmm)" }
        switch panel?.specification {
        case nil: return "a cross-section \(m) fit"
        case .random: return "a random-effects panel \(m) fit"
        case .generalizedRandom(let form): return "a random-effects panel GSPRE fit (\(form.rawValue) form)"
        case .fixed(let e, _): return "a panel \(m) fit with \(e.rawValue) effects"
        case .dynamic(let e, _, _): return "a dynamic panel \(m) fit with \(e.rawValue) effects"
        case .unbalanced(let e, _): return "an unbalanced panel \(m) fit with \(e.rawValue) effects"
        }
    }

    init(_ o: inout ParsedOptions) throws(UsageError) {
        if try o.choice("--method") == "gmm" {
            if let effects = try o.given("--effects"), effects != "individual", effects != "random" {
                throw .invalid("--effects", message: "--effects \(effects): the panel GM (--method gmm with --unit and --time) takes individual (within) or random effects")
            }
            if try o.choice("--model") == Self.gspreName {
                throw .inapplicable("--model", message: "--model gspre is fitted by ML only; --method gmm takes sar, sdm, sem, sdem or sac (panels: sar, sem, sac with --effects random for the KKP random effects)")
            }
            if try o.choice("--model") == SpatialModel.slx.rawValue {
                throw .inapplicable("--model", message: "--model slx has no GMM fit (it is OLS: spatial fit --model slx); --method gmm takes sar, sdm, sem, sdem or sac")
            }
            let gmm = try GMMCommand(&o)
            self.gmm = gmm
            output = gmm.output; model = gmm.model; data = gmm.data; y = gmm.y; x = gmm.x; inference = gmm.inference
            weightsInput = gmm.weightsInput; noIntercept = gmm.noIntercept
            panel = nil; seMethod = .informationMatrix; vce = .default; allowBound = false
            durbin = nil; durbinWeightsPath = nil; errorWeightsPath = nil
            return
        }
        gmm = nil
        output = try OutputFormat(&o)
        let modelName = try o.choice("--model")
        // gspre is an error model with random effects: checked below as the SEM (no W y, no W X), fitted by its own type.
        let isGSPRE = modelName == Self.gspreName
        let model = isGSPRE ? .sem : SpatialModel(rawValue: modelName) ?? .sar
        self.model = model
        data = try o.required("--data")
        let variables = try RegressionVariables(&o)
        y = variables.y
        x = variables.x
        let unit = try o.given("--unit"), time = try o.given("--time")
        let isPanel = unit != nil || time != nil

        // Durbin terms: a subset of the regressors (each among --x) and a second W, for the models with W X.
        let durbin = try o.list("--durbin"), durbinWeightsPath = try o.given("--durbin-weights")
        if durbin != nil || durbinWeightsPath != nil {
            let option = durbin != nil ? "--durbin" : "--durbin-weights"
            guard model.hasDurbin else {
                throw .inapplicable(option, message: "\(option) applies to the models with W X terms (sdm, sdem, slx), not to --model \(model.rawValue)")
            }
        }
        if let durbin {
            var seen = Set<String>()
            for name in durbin {
                guard variables.x.contains(name) else {
                    throw .invalid("--durbin", message: "--durbin: '\(name)' is not among the regressors (--x): \(variables.x.joined(separator: ", "))")
                }
                guard seen.insert(name).inserted else { throw .invalid("--durbin", message: "--durbin: '\(name)' is listed twice") }
            }
        }
        self.durbin = durbin
        self.durbinWeightsPath = durbinWeightsPath
        let errorWeightsPath = try o.given("--error-weights")
        if errorWeightsPath != nil {
            guard model == .sac else {
                throw .inapplicable("--error-weights", message: "--error-weights applies to --model sac (a second W for the error term), not to --model \(model.rawValue)")
            }
            guard isPanel else {
                throw .inapplicable("--error-weights", message: "--error-weights applies to fixed-effects panels (give --unit and --time); the cross-section SAC uses W for both terms")
            }
        }
        self.errorWeightsPath = errorWeightsPath

        // Effects: only for the models with spillovers; the seed only for simulated draws.
        if o.has("--impacts") {
            let inference = try Self.impactInference(try o.value("--impacts") ?? "none", &o)
            if !model.hasLag && !model.hasDurbin {
                throw .inapplicable("--impacts", message: "--impacts does not apply to the \(modelName.uppercased()): it has no spillovers (its direct effects are the coefficients, its indirect effects zero by construction)")
            }
            if isPanel && !model.hasLag {
                throw .inapplicable("--impacts", message: "--impacts applies to the panel lag models (sar, sdm); a panel \(model.rawValue.uppercased())'s effects are its coefficients (theta for the W X terms)")
            }
            self.inference = inference
        } else {
            inference = .none
        }
        if case .simulation = inference {} else if o.has("--seed") {
            throw .inapplicable("--seed", message: "--seed applies to --impacts simulate:R, the only random draws of a fit (give --impacts simulate:R or drop --seed)")
        }

        weightsInput = try WeightsInput(&o, panel: isPanel)

        if isPanel {
            guard let unit, let time else { throw .invalid(unit == nil ? "--unit" : "--time", message: "a panel needs both --unit and --time") }
            if model == .slx {
                throw .inapplicable("--model", message: "--model slx does not apply to a panel: panel models are sar, sem, sdm, sdem and sac (fixed effects)")
            }
            let effectsName = try o.choice("--effects")
            let specification: PanelSpecification
            if isGSPRE {
                if o.has("--effects"), effectsName != "random" {
                    throw .invalid("--effects", message: "--model gspre is a random-effects model: give --effects random or omit --effects, not \(effectsName)")
                }
                if let option = ["--unbalanced", "--dynamic", "--estimator", "--uncorrected", "--durbin", "--durbin-weights", "--error-weights"].first(where: { o.has($0) }) {
                    throw .inapplicable(option, message: "\(option) does not apply to --model gspre (a static random-effects error model on a balanced panel, one W)")
                }
                specification = .generalizedRandom(GeneralizedRandomEffectsForm(rawValue: try o.choice("--gspre-form")) ?? .general)
            } else if o.has("--unbalanced") {
                specification = try Self.unbalancedSpecification(model: model, effectsName: effectsName, &o)
            } else if o.has("--dynamic") {
                let lags = DynamicLags(rawValue: try o.choice("--dynamic")) ?? .both
                guard model == .sar || model == .sdm else {
                    throw .inapplicable("--dynamic", message: "--dynamic applies to the lag models sar and sdm (the dynamic SEM/SDEM are not estimated)")
                }
                guard let effects = PanelEffects(rawValue: effectsName), effects == .individual || effects == .twoways else {
                    throw .invalid("--effects", message: "--dynamic takes --effects individual or twoways (the bias correction is derived for these), not \(effectsName)")
                }
                if o.has("--estimator") {
                    throw .inapplicable("--estimator", message: "--estimator chooses a static estimator; a --dynamic fit is the QML of Yu, de Jong & Lee (two-way: Lee-Yu transformation), bias-corrected unless --uncorrected")
                }
                if durbinWeightsPath != nil {
                    throw .inapplicable("--durbin-weights", message: "--durbin-weights does not apply to --dynamic (the dynamic SDM lags X with W; --durbin A,B chooses which)")
                }
                specification = .dynamic(effects, lags, biasCorrected: !(try o.flag("--uncorrected")))
            } else if let effects = PanelEffects(rawValue: effectsName) {
                if effects == .none, o.has("--estimator") {
                    throw .inapplicable("--estimator", message: "--estimator applies to fixed effects, not to --effects none (a pooled fit has one estimator, the direct approach)")
                }
                let estimator = effects == .none ? .direct : PanelEstimator(rawValue: try o.choice("--estimator")) ?? .leeyu
                specification = .fixed(effects, estimator)
            } else {
                if o.has("--estimator") { throw .inapplicable("--estimator", message: "--estimator applies to fixed effects, not to --effects random") }
                if model == .sac {
                    throw .inapplicable(errorWeightsPath != nil ? "--error-weights" : "--model", message: "--model sac takes fixed effects (--effects individual, time, twoways or none), not --effects random")
                }
                if let option = ["--durbin", "--durbin-weights"].first(where: { o.has($0) }) {
                    throw .inapplicable(option, message: "\(option) applies to fixed-effects panels and cross-sections, not (yet) to --effects random")
                }
                specification = .random
            }
            panel = (unit, time, specification)
            if !isGSPRE, o.has("--gspre-form") {
                throw .inapplicable("--gspre-form", message: "--gspre-form applies to --model gspre, not to --model \(modelName)")
            }
            if o.has("--no-intercept") {
                throw .inapplicable("--no-intercept", message: "--no-intercept does not apply to a panel (the fixed or random effects take the intercept's place)")
            }
            noIntercept = false
        } else {
            if o.has("--effects") || o.has("--estimator") {
                let option = o.has("--effects") ? "--effects" : "--estimator"
                let given = try o.given(option) ?? ""
                throw .inapplicable(option, message: "\(option) '\(given)' applies to panels only (give --unit and --time)")
            }
            if isGSPRE {
                throw .inapplicable("--model", message: "--model gspre is a panel model (random effects): give --unit and --time")
            }
            if o.has("--gspre-form") { throw .inapplicable("--gspre-form", message: "--gspre-form applies to --model gspre on a panel (give --unit and --time)") }
            panel = nil
            if variables.formulaIntercept != nil, o.has("--no-intercept") {
                throw .invalid("--no-intercept", message: "with --formula, write '- 1' in the formula to drop the intercept (not --no-intercept)")
            }
            if let intercept = variables.formulaIntercept { noIntercept = !intercept } else { noIntercept = try o.flag("--no-intercept") }
        }

        // Standard errors: the information matrix or the Hessian, where the fit is a maximum of a likelihood.
        if let given = try o.given("--se") {
            if let specification = panel?.specification, specification.isRandom {
                throw .inapplicable("--se", message: "--se \(given) applies to cross-section and fixed-effects fits (random effects report GLS standard errors for beta and Hessian ones for phi and rho/lambda)")
            }
            if model == .slx { throw .inapplicable("--se", message: "--se \(given) does not apply to the SLX (an OLS fit)") }
            if given == StandardErrorMethod.hessian.rawValue, case .unbalanced = panel?.specification {
                throw .inapplicable("--se", message: "--se hessian does not apply to --unbalanced fits (their standard errors come from the information matrix)")
            }
            if given == StandardErrorMethod.hessian.rawValue, case .fixed(_, .biascorrected) = panel?.specification {
                throw .inapplicable("--se", message: "--se hessian does not apply to --estimator biascorrected: the bias-corrected estimates are not the maximum of a likelihood, so they have no Hessian standard errors (use --se information or another estimator)")
            }
            seMethod = StandardErrorMethod(rawValue: given) ?? .informationMatrix
        } else {
            seMethod = .informationMatrix
        }
        vce = try Self.covariance(&o, model: model, panel: panel?.specification, seMethod: seMethod)
        if model == .slx, o.has("--allow-bound") {
            throw .inapplicable("--allow-bound", message: "--allow-bound does not apply to the SLX: an OLS fit has no spatial parameter to reach a bound")
        }
        allowBound = try o.flag("--allow-bound")
    }

    /// Parses `--impacts simulate:R|delta|none` (and `--seed` for simulated draws).
    static func impactInference(_ spec: String, _ o: inout ParsedOptions) throws(UsageError) -> ImpactInference {
        if spec == "none" { return .none }
        if spec == "delta" { return .delta }
        if spec.hasPrefix("simulate") {
            let parts = spec.split(separator: ":")
            guard parts.count <= 2, parts.first == "simulate" else { throw .invalid("--impacts", message: "--impacts must be none, delta or simulate:R") }
            let text = parts.count > 1 ? String(parts[1]) : "1000"
            let limit = ComputationLimits.maximumSimulationDraws
            guard let r = Int(text) else {
                throw .invalid("--impacts", message: text.allSatisfy(\.isNumber) ? "--impacts simulate:\(text) exceeds the limit of \(limit) draws"
                                                                                 : "--impacts simulate:R needs a whole number R >= 2, not '\(text)'")
            }
            guard r >= 2 else { throw .invalid("--impacts", message: "--impacts simulate:R needs a whole number R >= 2") }
            guard r <= limit else { throw .invalid("--impacts", message: "--impacts simulate:\(r) exceeds the limit of \(limit) draws (1,000 to 10,000 are usual)") }
            return .simulation(draws: r, seed: try o.seed())
        }
        throw .invalid("--impacts", message: "--impacts must be none, delta or simulate:R")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        if let gmm { return try gmm.run(context) }
        let console = context.console
        let progress = context.progress
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        // One options value for every kind of fit (random effects refuse what they cannot honour; --se is refused for
        // them when parsing).
        let options = FitOptions(standardErrors: seMethod, progress: progress, covariance: vce)
        let weightsSource = FitReport.WeightsSource(source: weightsInput.path, transformation: weightsInput.transform.rawValue)
        let durbinWeightsSource = durbinWeightsPath.map { FitReport.WeightsSource(source: $0, transformation: weightsInput.transform.rawValue) }
        if let panel {
            if case .unbalanced(let effectsKind, let periodWeights) = panel.specification {
                return try runUnbalanced(table, unit: panel.unit, time: panel.time, effects: effectsKind, periodWeights: periodWeights,
                                         weightsSource: weightsSource, context)
            }
            let paired: PairedPanel
            do { paired = try weightsInput.pairPanel(table, unit: panel.unit, time: panel.time, columns: [y] + x, console: console) } catch {
                throw Self.gapHint(error, model: model, specification: panel.specification)
            }
            let w = paired.weights
            switch panel.specification {
            case .random:
                let fit = try RandomEffectsRegression(model, panel: paired.panel, y: y, x: x, weights: w, options: options)
                let effects = try BoundPolicy.effects(fit.boundary, console) { model.hasLag ? try ImpactMeasures(fit, inference: inference) : nil }
                if output.isJSON {
                    var report = FitReport(fit, effects: effects, pairing: PairingReport(paired))
                    report.vce = vce.description
                    report.t = fit.t; report.estimator = "ml"; report.likelihood = "random effects, phi = sigma_mu^2/sigma_e^2"
                    report.phi = .init(fit.phi); report.sigma2Mu = fit.sigma2Mu; report.effectsKind = "random"
                    report.weights = weightsSource
                    try console.json(report)
                } else {
                    print(fit, summary: fit.summary, effects: effects, tests: [:], paired: PairingReport.line(paired), console)
                }
                return BoundPolicy.status(fit.boundary, allow: allowBound)
            case .generalizedRandom(let form):
                let fit = try GeneralizedRandomEffectsRegression(panel: paired.panel, y: y, x: x, weights: w, form: form, options: options)
                if output.isJSON {
                    var report = FitReport(model: Self.gspreName, n: fit.n, coefficients: fit.coefficients, sigma2: fit.sigma2,
                                           logLikelihood: fit.logLikelihood, aic: fit.aic, bic: fit.bic, standardErrors: fit.standardErrors,
                                           tests: [:], diagnostics: nil, warnings: fit.warnings, pairing: PairingReport(paired))
                    report.vce = vce.description
                    report.t = fit.t; report.estimator = "ml"
                    report.likelihood = "generalized spatial random effects (\(fit.form.rawValue)): u = (iota_T kron (I - lambda_mu W)^-1) mu + (I_T kron (I - lambda W)^-1) v, phi = sigma_mu^2/sigma_v^2"
                    report.lambda = fit.lambda.map(FitReport.Parameter.init)
                    report.lambdaMu = fit.lambdaMu.map(FitReport.Parameter.init)
                    report.gspreForm = fit.form.rawValue
                    report.phi = .init(fit.phi); report.sigma2Mu = fit.sigma2Mu; report.effectsKind = "random"
                    report.logDeterminant = fit.logDeterminantUsed?.method.rawValue
                    report.logDeterminantAccuracy = fit.logDeterminantUsed?.accuracy
                    report.atBound = fit.atBound
                    report.weights = weightsSource
                    try console.json(report)
                } else if output.printsSummary {
                    console.text(fit.summary + "\n" + PairingReport.line(paired))
                } else {
                    console.text(output.render([fit.table]))
                }
                return BoundPolicy.status(fit.boundary, allow: allowBound)
            case .dynamic(let effectsKind, let lags, let biasCorrected):
                let fit: DynamicPanelRegression
                do {
                    fit = try DynamicPanelRegression(model, panel: paired.panel, y: y, x: x, weights: w, durbin: durbin, effects: effectsKind, lags: lags,
                                                     biasCorrected: biasCorrected, options: options)
                } catch {
                    guard biasCorrected, case .nonStationary = error else { throw error }
                    throw DynamicRefusal(description: error.description
                        + ": the bias correction is refused; fit the QML without it (--uncorrected) or with both lags (--dynamic both)")
                }
                let shortRun = try BoundPolicy.effects(fit.boundary, console) { try fit.shortRunEffects(inference: inference) }
                var longRun: ImpactMeasures? = nil
                var refused = fit.boundary != nil
                if fit.boundary == nil {
                    do { longRun = try fit.longRunEffects(inference: inference) } catch {
                        console.warning("long-run effects refused: \(error)")
                        refused = true
                    }
                }
                if output.isJSON {
                    var report = FitReport(fit, effects: nil, pairing: PairingReport(paired))
                    report.vce = vce.description
                    report.t = fit.t; report.estimator = biasCorrected ? "biascorrected" : "qml"; report.likelihood = fit.likelihood
                    report.effectsKind = effectsKind.rawValue; report.weights = weightsSource
                    report.tau = fit.tau.map(FitReport.Parameter.init); report.eta = fit.eta.map(FitReport.Parameter.init)
                    report.stationarity = fit.stationarity
                    report.durbin = fit.durbin
                    report.effects = shortRun.map { .dynamic(FitReport.DynamicEffects(shortRun: .init($0), longRun: longRun.map(FitReport.Effects.init))) }
                    try console.json(report)
                } else if output.printsSummary {
                    console.text(fit.summary + (shortRun.map { "\n\nShort run\n" + $0.summary } ?? "") + (longRun.map { "\n\nLong run\n" + $0.summary } ?? "")
                                 + "\n" + PairingReport.line(paired))
                } else {
                    var tables = [Table.coefficients(of: fit, layout: output.layout)]
                    if let shortRun { tables.append(Table.effects(shortRun, layout: output.layout, title: "Short-run direct, indirect and total effects")) }
                    if let longRun { tables.append(Table.effects(longRun, layout: output.layout, title: "Long-run direct, indirect and total effects")) }
                    console.text(output.render(tables))
                }
                return refused && !(allowBound && fit.boundary != nil) ? ExitStatus.atBound : ExitStatus.success
            case .unbalanced(let effectsKind, let periodWeights):   // handled before the balanced pairing
                return try runUnbalanced(table, unit: panel.unit, time: panel.time, effects: effectsKind, periodWeights: periodWeights,
                                         weightsSource: weightsSource, context)
            case .fixed(let effectsKind, let estimator):
                let w2 = try durbinWeightsPath.map { path throws in try readDurbinWeights(path, ids: paired.panel.units, console, option: "--durbin-weights") }
                let w3 = try errorWeightsPath.map { path throws in try readDurbinWeights(path, ids: paired.panel.units, console, option: "--error-weights") }
                let fit = try PanelRegression(model, panel: paired.panel, y: y, x: x, weights: w, durbin: durbin, durbinWeights: w2, errorWeights: w3,
                                              effects: effectsKind, estimator: estimator, options: options)
                let effects = try BoundPolicy.effects(fit.boundary, console) {
                    model.hasLag ? try ImpactMeasures(fit, inference: inference, progress: progress) : nil
                }
                if output.isJSON {
                    var report = FitReport(fit, effects: effects, pairing: PairingReport(paired))
                    report.vce = vce.description
                    report.t = fit.t; report.estimator = fit.estimator.rawValue; report.fixedEffects = fit.fixedEffects
                    report.likelihood = fit.likelihood; report.effectsKind = fit.effects.rawValue
                    report.weights = weightsSource
                    report.durbin = fit.durbin; report.durbinWeights = durbinWeightsSource
                    report.errorWeights = errorWeightsPath.map { FitReport.WeightsSource(source: $0, transformation: weightsInput.transform.rawValue) }
                    try console.json(report)
                } else {
                    print(fit, summary: fit.summary, effects: effects, tests: [:], paired: PairingReport.line(paired), console)
                }
                return BoundPolicy.status(fit.boundary, allow: allowBound)
            }
        }
        let paired = try weightsInput.pair(table, columns: [y] + x, console: console)
        let w = paired.weights
        let fit: SpatialRegression
        let w2 = try durbinWeightsPath.map { path throws in try readDurbinWeights(path, ids: w.ids, console, option: "--durbin-weights") }
        do {
            fit = try SpatialRegression(model, data: paired.table, y: y, x: x, weights: w, durbin: durbin, durbinWeights: w2, intercept: !noIntercept,
                                        options: options)
        } catch {
            throw paired.inSourceRows(error)
        }
        let effects = try BoundPolicy.effects(fit.boundary, console) {
            model == .sem ? nil : try ImpactMeasures(fit, inference: inference, progress: progress)
        }
        // A chosen subset or a second W: the battery keeps the tests that apply (the SDM nests the SAR only).
        let tests = try NestedModelComparison.crossSectionBattery(fit, data: paired.table, y: y, x: x, weights: w, intercept: !noIntercept)
        if output.isJSON {
            var report = FitReport(fit, effects: effects, tests: tests, pairing: PairingReport(paired))
            report.vce = vce.description
            report.estimator = "ml"
            report.weights = weightsSource
            report.durbin = fit.durbin; report.durbinWeights = durbinWeightsSource
            try console.json(report)
        } else {
            print(fit, summary: fit.summary, effects: effects, tests: tests, paired: PairingReport.line(paired), console)
        }
        return BoundPolicy.status(fit.boundary, allow: allowBound)
    }


    /// `--durbin-weights` / `--error-weights`: the file read and transformed as --weights is, then matched to `ids` (the
    /// fit's units, in its order) by id; an id of the data that it lacks is an error naming it and the option.
    func readDurbinWeights(_ path: String, ids: [String], _ console: Console, option: String) throws -> SpatialWeights {
        let raw: SpatialWeights
        do { raw = try SpatialWeights.read(from: URL(fileURLWithPath: path)) } catch { throw DurbinWeightsError(description: "\(option) \(path): \(error)") }
        for warning in raw.warnings { console.warning("\(option): " + warning) }
        do {
            let w = try raw.transformed(weightsInput.transform)
            return w.count == ids.count ? try w.reordered(to: ids) : try w.subset(ids: ids)
        } catch {
            throw DurbinWeightsError(description: "\(option) \(path) does not match the units of the data (\(ids.count) units; it has \(raw.count)): \(error)")
        }
    }

    /// The fit as text (its summary, the effects and tests, and the pairing line) or as tables in the chosen format.
    func print(_ fit: some SpatialFit, summary: String, effects: ImpactMeasures?, tests: [String: TestResult], paired: String, _ console: Console) {
        if output.printsSummary {
            var text = summary + (effects.map { "\n\n" + $0.summary } ?? "")
            if !tests.isEmpty { text += "\n\n" + Table.tests(tests).text }
            console.text(text + "\n" + paired)
            return
        }
        var tables = [Table.coefficients(of: fit, layout: output.layout)]
        if let effects { tables.append(Table.effects(effects, layout: output.layout)) }
        if !tests.isEmpty { tables.append(Table.tests(tests)) }
        console.text(output.render(tables))
    }
}

/// A dynamic fit whose bias correction does not exist (a data error: exit status 1), with the fits that do.
struct DynamicRefusal: Error, CustomStringConvertible {
    let description: String
}


/// A `--durbin-weights` file that cannot be read or does not match the data's units (a data error: exit status 1).
struct DurbinWeightsError: Error, CustomStringConvertible {
    let description: String
}

extension FitCommand.PanelSpecification {
    /// Random effects (the spatial models or the GSPRE): GLS and Hessian standard errors, no `--se`, no `--vce`.
    var isRandom: Bool {
        switch self {
        case .random, .generalizedRandom: return true
        default: return false
        }
    }
}
