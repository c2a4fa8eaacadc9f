import Foundation
import SpatialEconometrics

/// `spatial gmm`: instrumental-variables / GMM fits of the cross-sectional models without normality and without a
/// log-determinant: the lag models by spatial two-stage least squares (``SpatialTwoStageLeastSquares``), the error
/// models by generalized moments (``GeneralizedMomentsError``), the SAC by GS2SLS, each with optional endogenous
/// regressors and external instruments. `spatial fit --method gmm` is this command (``FitCommand`` hands over to it).
struct GMMCommand: Command {
    static let name = "gmm"
    static let summary = "GMM fits (= spatial fit --method gmm): S2SLS for the SAR/SDM, GM for the SEM/SDEM, GS2SLS for the SAC, with --endog/--instruments"
    static let synopsis = [
        "--model sar|sdm --data F --y NAME --x A,B,... --weights W [--w-lags K] [--vce default|robust|hac:KERNEL:BANDWIDTH --coordinates X,Y] [--df-correction]",
        "   [--impacts none|delta|simulate:R [--seed S]] [--no-intercept] [--json]",
        "--model sem|sdem --data F --y NAME --x A,B,... --weights W [--errors het|hom|kp99] [--max-iterations K] [--impacts ...] [--json]",
        "--model sac --data F --y NAME --x A,B,... --weights W [--w-lags K] [--errors het|hom] [--max-iterations K] [--impacts ...] [--json]",
        "   [--endog A,B --instruments Z1,Z2]   (every model: endogenous regressors with external instruments)",
        "--model sar|sem|sac --data F --unit ID --time T --y NAME --x A,B,... --weights W [--effects individual|random]",
        "   [--moments initial|weights|fullweights] [--endog A --instruments Z1,Z2] [--vce default|robust|cluster|dkraay[:L]] [--json]",
    ]
    static let model = Option("--model", .choice([SpatialModel.sar, .sdm, .sem, .sdem, .sac].map(\.rawValue)), "M", default: "sar", help: """
        the model: sar (y = rho W y + X b + e) or sdm (adds W X), W y instrumented by spatial lags of X (S2SLS); sem \
        (y = X b + u, u = lambda W u + e) or sdem (adds W X), by the moments of Arraiz et al. (2010) or Drukker et al. \
        (2013); sac (both W y and W u) by GS2SLS with heteroskedastic moments (spreg GM_Combo_Het)
        """)
    static let errors = Option("--errors", .choice(MomentWeighting.allCases.map(\.rawValue)), "E", default: "het", help: """
        sem/sdem/sac: the moments' weighting (sac: spreg GM_Combo_Het or GM_Combo_Hom): het (Arraiz et al. 2010, robust to heteroskedasticity; spreg GM_Error_Het) or \
        hom (Drukker, Egger & Prucha 2013, homoskedastic innovations; spreg GM_Error_Hom); sem/sdem also kp99 (Kelejian & \
        Prucha 1999, spatialreg GMerrorsar: three unweighted moments on the OLS residuals, then feasible GLS; lambda has \
        no standard error; no --endog, no --max-iterations)
        """)
    static let maxIterations = Option("--max-iterations", .count(limit: 100), "K", default: "1", help: """
        sem, sdem, sac: the weighted GM steps at most (spreg's max_iter: 1, its default, is the two-step estimator; more \
        iterate until lambda moves by less than 1e-5)
        """)
    static let wLags = Option("--w-lags", .count(limit: 10), "K", default: "1", help: """
        the orders of W in the instruments beyond the regressors (spreg's w_lags): sar H = [X, W X, ..., W^K X]; \
        sdm H = [X, W X, W^2 X, ..., W^(K+1) X] (spatialreg's stsls default, W2X = TRUE, is the sar with --w-lags 2)
        """)
    /// `--vce` (declared once in ``SharedOptions``): S2SLS takes default (sigma^2 (Zhat'Zhat)^-1), robust (White's HC0)
    /// or hac:KERNEL:BANDWIDTH (Kelejian & Prucha 2007, with `--coordinates`).
    static let vce = SharedOptions.vce.with(help: """
        sar/sdm (S2SLS): default, sigma^2 (Zhat'Zhat)^-1; robust, White's heteroskedasticity-robust covariance (HC0; spreg \
        robust = "white", spatialreg robust = TRUE); or hac:KERNEL:BANDWIDTH, the spatial HAC of Kelejian & Prucha (2007) \
        (spreg robust = "hac" with kernel weights gwk) over the --coordinates: KERNEL triangular (= bartlett), uniform, \
        epanechnikov (= quadratic), bisquare (= quartic), gaussian or parzen (1 - 6z^2 + 6z^3 to z = 1/2, then \
        2(1 - z)^3), each normalised to k(0) = 1; BANDWIDTH a distance H, \
        knn:K (one bandwidth, the largest K-th-nearest-neighbour distance: libpysal Kernel(k=K, fixed=True)) or adaptive:K \
        (each unit's K-th-nearest-neighbour distance: Kernel(k=K, fixed=False)), e.g. hac:triangular:adaptive:10. The GM \
        error and GS2SLS fits are heteroskedasticity-robust by construction and model the error correlation by lambda; \
        cluster and dkraay are for panels; \
        panel GM (--unit, --time): default (splm's sigma_v^2 (Zp'Zp)^-1), or robust, cluster (by unit) or dkraay[:LAGS] \
        (Driscoll-Kraay), the sandwich of the final stage's moments Zp'e
        """)
    static let coordinates = SharedOptions.coordinates
    static let dfCorrection = Option("--df-correction", .flag, help: """
        sigma^2 = u'u/(n - k) (spreg sig2n_k = True; spatialreg's stsls) instead of u'u/n (spreg's default); classical \
        standard errors only
        """)
    static let endog = Option("--endog", .list, "A,B", help: """
        further endogenous regressors, instrumented by --instruments: sar H = [X, Q, W X, W Q, ...] (spreg GM_Lag yend, \
        lag_q = True), sdm H = [X, W X, Q, W^2 X, W Q], sem/sdem H = [X (, W X), Q] (spreg GM_Endog_Error_Het/Hom), sac \
        H = [X, Q, W X, W Q] (GM_Endog_Combo_Het/Hom); JSON adds "first_stages" (F of the excluded instruments for every \
        endogenous regressor, W y included) and "hansen_j" when over-identified (Hansen J with --vce robust or --errors \
        het, Sargan otherwise; also as "overidentification")
        """)
    static let instrumentsOption = Option("--instruments", .list, "Z1,Z2", help: "with --endog: the external instruments (at least one per endogenous regressor)")
    static let groups = [
        OptionGroup("Model", [model, wLags, vce, coordinates, dfCorrection, endog, instrumentsOption, errors, maxIterations, FitCommand.impacts, FitCommand.seed, FitCommand.noIntercept]),
        OptionGroup("Panel GM (give --unit and --time; the --unit values are the weights' ids)", [SharedOptions.unit, SharedOptions.time, panelEffects, moments]),
        SharedOptions.dataGroup(SharedOptions.y, SharedOptions.x, SharedOptions.formula),
        SharedOptions.weightsGroup,
        SharedOptions.exportGroup(coefficients: true),
    ]
    static let notes = """
        Estimation: d = (Zhat'Zhat)^-1 Zhat'y with Z = [X, (W X,) W y], Zhat = H (H'H)^-1 H'Z (Kelejian & Prucha 1998),
        the constant never lagged; residuals u = y - Z d; no log-determinant, no n x n matrix (W^k X by repeated sparse
        products). Reports the first-stage F of the excluded instruments for W y (a warning below 10) and spreg's
        pseudo R^2 corr(y, Z d)^2. Effects use the S2SLS covariance.
        sem/sdem: lambda from the moments n^-1 E[e'A e] = 0, A1 = W'W - diag(W'W), A2 = W (Kelejian & Prucha 2010;
        Arraiz, Drukker, Kelejian & Prucha 2010), OLS then spatially filtered least squares with the moments weighted
        by the inverse of their heteroskedasticity-robust covariance; each quartic objective minimised exactly.
        sac: GS2SLS (Kelejian & Prucha 1998; Arraiz et al. 2010, spreg GM_Combo_Het): 2SLS with H = [X, W X, ...], the
        moments on its residuals, then 2SLS on the filtered data and the weighted moments; full covariance of (b, rho,
        lambda). Heteroskedasticity-robust by default (Stata's spregress, gs2sls is homoskedastic unless heteroskedastic).
        --errors hom: the moments and weighting of Drukker, Egger & Prucha (2013) (spreg GM_Error_Hom, GM_Combo_Hom; A1 "hom_sc").
        --errors kp99 (sem, sdem): Kelejian & Prucha (1999), spatialreg GMerrorsar: (lambda, sigma^2) by nonlinear least
        squares of e'e/n = s^2, e'W'We/n = s^2 tr(W'W)/n, e'We/n = 0 on the OLS residuals, then feasible GLS; lambda's
        "std_error" is null (spatialreg's se.lambda is not a variance of this estimator: Docs/Regression.md).
        --endog/--instruments (every model): 2SLS then filtered 2SLS with H = [X (, W X), Q] for sem/sdem (spreg
        GM_Endog_Error_*), [X, Q, W X, W Q] for sac (GM_Endog_Combo_*); first-stage F of every endogenous regressor.
        JSON: the keys of `spatial fit` ("coefficients", "rho", "sigma2", "effects", "r_squared", "weights") with
        "method": "gmm", "estimator": "s2sls" with "instruments", "first_stage" {"statistic","df","df2","p_value"} and
        "tests": {"anselin_kelejian"} (Anselin & Kelejian 1997: remaining spatial error correlation), or
        "estimator": "gm_het", "gm_hom" or "gm_kp99" with "lambda" and "iterations", or "gs2sls_het" / "gs2sls_hom" (sac) with "rho", "lambda",
        "instruments" and "iterations"; "vce" (S2SLS) is the covariance used (default, robust, hac:KERNEL:BANDWIDTH) and
        "standard_errors" says it in words (with the HAC kernel and bandwidth);
        --vce hac: V = A Zhat' diag(u) K diag(u) Zhat A, A = (Zhat'Zhat)^-1, K_ij = k(d_ij / h_i) from the --coordinates
        (K_ii = 1; (K + K')/2 when the bandwidth is adaptive, which leaves the variances as spreg reports them);
        "log_likelihood", "aic" and "bic" are null (GMM maximises no likelihood).
        """

    let output: OutputFormat
    let model: SpatialModel
    let data: String, y: String, x: [String]
    let wLags: Int
    let maxIterations: Int
    let weighting: MomentWeighting
    let covariance: TwoStageCovariance
    /// `--vce hac:...` with `--coordinates X,Y`: the kernel and the two coordinate columns.
    let hac: (spec: SpatialHAC, columns: [String])?
    let dfCorrection: Bool
    let inference: ImpactInference
    let noIntercept: Bool
    let endogenous: [String], externalInstruments: [String]
    let weightsInput: WeightsInput
    /// A panel GM fit (`--unit`, `--time`): read by ``PanelGMMOptions`` and run by ``runPanel(_:_:)``.
    let panel: PanelGMMOptions?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o)
        model = SpatialModel(rawValue: try o.choice("--model")) ?? .sar
        if let panelOptions = try PanelGMMOptions(&o, model: model) {
            panel = panelOptions
            endogenous = panelOptions.endogenous; externalInstruments = panelOptions.instruments
            data = try o.required("--data")
            let variables = try RegressionVariables(&o)
            y = variables.y; x = variables.x
            wLags = 1; maxIterations = 1; weighting = .heteroskedastic; covariance = .classical; hac = nil; dfCorrection = false
            inference = .none; noIntercept = false
            weightsInput = try WeightsInput(&o)
            return
        }
        panel = nil
        endogenous = try o.list("--endog") ?? []
        externalInstruments = try o.list("--instruments") ?? []
        if endogenous.isEmpty != externalInstruments.isEmpty {
            throw .invalid(endogenous.isEmpty ? "--instruments" : "--endog", message: "--endog and --instruments go together (endogenous regressors and their external instruments)")
        }
        if externalInstruments.count < endogenous.count {
            throw .invalid("--instruments", message: "--instruments: \(endogenous.count) endogenous regressors need at least as many external instruments, not \(externalInstruments.count)")
        }
        data = try o.required("--data")
        let variables = try RegressionVariables(&o)
        y = variables.y
        x = variables.x
        if model.hasError, let spec = try o.value("--vce"), spec.lowercased().hasPrefix("hac") {
            throw .inapplicable("--vce", message: "--vce \(spec): the spatial HAC is for the S2SLS lag fits (sar, sdm), as in spreg (GM_Lag only); "
                + "the GM error and GS2SLS fits model the error correlation by lambda with heteroskedasticity-robust moments")
        }
        if model.hasError, o.has("--coordinates") {
            throw .inapplicable("--coordinates", message: "--coordinates goes with --vce hac, the spatial HAC of the S2SLS lag fits (sar, sdm)")
        }
        if model == .sac {
            for option in ["--vce", "--df-correction"] where o.has(option) {
                throw .inapplicable(option, message: "\(option) does not apply to the SAC: GS2SLS's covariance follows its moments (--errors het: Arraiz et al. 2010; hom: Drukker, Egger & Prucha 2013)")
            }
            weighting = MomentWeighting(rawValue: try o.choice("--errors")) ?? .heteroskedastic
            if weighting == .kelejianPrucha1999 {
                throw .invalid("--errors", message: "--errors kp99 (Kelejian & Prucha 1999, spatialreg GMerrorsar) fits the sem and sdem; the sac's GS2SLS takes het or hom")
            }
            maxIterations = try o.count("--max-iterations") ?? 1
            guard maxIterations >= 1 else { throw .invalid("--max-iterations", message: "--max-iterations must be 1 to 100") }
        } else if model.hasError {
            for option in ["--w-lags", "--vce", "--df-correction"] where o.has(option) {
                throw .inapplicable(option, message: "\(option) applies to the lag models (sar, sdm: S2SLS); the GM error fit is heteroskedasticity-robust by construction")
            }
            if model == .sem, o.has("--impacts") {
                throw .inapplicable("--impacts", message: "--impacts does not apply to the SEM: it has no spillovers (its direct effects are the coefficients)")
            }
            weighting = MomentWeighting(rawValue: try o.choice("--errors")) ?? .heteroskedastic
            if weighting == .kelejianPrucha1999 {
                for option in ["--max-iterations", "--endog"] where o.has(option) {
                    throw .inapplicable(option, message: "\(option) does not apply to --errors kp99 (Kelejian & Prucha 1999: one unweighted step, no instruments); use --errors het or hom")
                }
            }
            maxIterations = try o.count("--max-iterations") ?? 1
            guard maxIterations >= 1 else { throw .invalid("--max-iterations", message: "--max-iterations must be 1 to 100") }
        } else {
            if o.has("--max-iterations") {
                throw .inapplicable("--max-iterations", message: "--max-iterations applies to the GM error fits (sem, sdem); S2SLS has no iterations")
            }
            if o.has("--errors") {
                throw .inapplicable("--errors", message: "--errors chooses the moments of the GM error fits (sem, sdem); for S2SLS use --vce robust for White standard errors")
            }
            maxIterations = 1
            weighting = .heteroskedastic
        }
        wLags = model.hasError && model != .sac ? 1 : try o.count("--w-lags") ?? 1
        guard wLags >= 1 else { throw .invalid("--w-lags", message: "--w-lags must be 1 to 10 (the instruments need at least one spatial lag of X)") }
        var chosen = TwoStageCovariance.classical
        var hacSpec: (spec: SpatialHAC, columns: [String])? = nil
        if !model.hasError {
            let spec = try o.value("--vce") ?? "default"
            let parsed: CovarianceEstimator
            do { parsed = try CovarianceEstimator(parsing: spec) } catch {
                if case .invalidArgument(let message) = error { throw .invalid("--vce", message: "--" + message) }
                throw .invalid("--vce", message: "--vce \(spec): \(error.description)")
            }
            switch parsed {
            case .default: chosen = .classical
            case .robust: chosen = .white
            case .hac(let h):
                guard let columns = try o.list("--coordinates") else {
                    throw .invalid("--vce", message: "--vce \(spec) needs the units' coordinates: give --coordinates X,Y (two columns of --data)")
                }
                guard columns.count == 2 else {
                    throw .invalid("--coordinates", message: "--coordinates takes two columns, X,Y (got \(columns.count): \(columns.joined(separator: ",")))")
                }
                chosen = .hac
                hacSpec = (h, columns)
            case .cluster, .driscollKraay:
                throw .invalid("--vce", message: "--vce \(spec) needs a panel; S2SLS takes default, robust (White, HC0) or hac:KERNEL:BANDWIDTH")
            }
            if hacSpec == nil, o.has("--coordinates") {
                throw .inapplicable("--coordinates", message: "--coordinates gives the spatial HAC kernel its distances: add --vce hac:KERNEL:BANDWIDTH (e.g. hac:triangular:adaptive:10)")
            }
        }
        covariance = chosen
        hac = hacSpec
        if covariance != .classical, o.has("--df-correction") {
            throw .inapplicable("--df-correction", message: "--df-correction scales sigma^2 of the classical standard errors; --vce \(covariance == .white ? "robust (White, HC0)" : "hac") has no sigma^2")
        }
        dfCorrection = model.hasError ? false : try o.flag("--df-correction")
        inference = o.has("--impacts") ? try FitCommand.impactInference(try o.value("--impacts") ?? "none", &o) : .none
        if case .simulation = inference {} else if o.has("--seed") {
            throw .inapplicable("--seed", message: "--seed applies to --impacts simulate:R, the only random draws of a fit (give --impacts simulate:R or drop --seed)")
        }
        if variables.formulaIntercept != nil, o.has("--no-intercept") {
            throw .invalid("--no-intercept", message: "with --formula, write '- 1' in the formula to drop the intercept (not --no-intercept)")
        }
        if let intercept = variables.formulaIntercept { noIntercept = !intercept } else { noIntercept = try o.flag("--no-intercept") }
        weightsInput = try WeightsInput(&o)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        if let panel { return try runPanel(table, panel, context) }
        let paired = try weightsInput.pair(table, columns: [y] + x + endogenous + externalInstruments + (hac?.columns ?? []), console: console)
        let weightsSource = FitReport.WeightsSource(source: weightsInput.path, transformation: weightsInput.transform.rawValue)
        let estimated: any SpatialFit
        do {
            var points: [Point2D]? = nil
            if let hac {
                let xs = try paired.table.numbers(hac.columns[0]), ys = try paired.table.numbers(hac.columns[1])
                points = zip(xs, ys).map { Point2D(x: $0, y: $1) }
            }
            estimated = try SpatialRegression.estimate(model, data: paired.table, y: y, x: x, weights: paired.weights, intercept: !noIntercept,
                                                       estimator: .gmm(gmmOptions(coordinates: points)))
        } catch { throw paired.inSourceRows(error) }
        if let fit = estimated as? GeneralizedSpatialTwoStageLeastSquares {
            let effects = try ImpactMeasures(fit, inference: inference, progress: context.progress)
            if output.isJSON {
                var report = FitReport(fit, effects: effects, pairing: PairingReport(paired))
                report.estimator = "gs2sls_" + weighting.rawValue
                report.method = "gmm"
                report.instruments = fit.instruments
                report.iterations = fit.iterations
                report.instrumentChecks(firstStages: fit.firstStages, overidentification: fit.overidentification, endogenous: endogenous)
                report.weights = weightsSource
                try console.json(report)
            } else {
                emit(fit, summary: fit.summary, effects: effects, paired: paired, console)
            }
            return ExitStatus.success
        }
        if let fit = estimated as? GeneralizedMomentsError {
            let effects = model == .sdem ? try ImpactMeasures(fit, inference: inference, progress: context.progress) : nil
            if output.isJSON {
                var report = FitReport(fit, effects: effects, pairing: PairingReport(paired))
                report.estimator = "gm_" + weighting.rawValue
                report.method = "gmm"
                report.iterations = fit.iterations
                report.instruments = fit.instruments
                report.instrumentChecks(firstStages: fit.firstStages, overidentification: fit.overidentification, endogenous: endogenous)
                report.weights = weightsSource
                try console.json(report)
            } else {
                emit(fit, summary: fit.summary, effects: effects, paired: paired, console)
            }
            return ExitStatus.success
        }
        guard let fit = estimated as? SpatialTwoStageLeastSquares else {
            throw ModelError.invalidArgument("the GMM entry returned an unexpected fit for --model \(model.rawValue)")
        }
        let effects = try ImpactMeasures(fit, inference: inference, progress: context.progress)
        if output.isJSON {
            var report = FitReport(fit, effects: effects, tests: fit.anselinKelejian.map { ["anselin_kelejian": $0] } ?? [:], pairing: PairingReport(paired))
            report.estimator = "s2sls"
            report.method = "gmm"
            report.vce = hac.map { "hac:\($0.spec)" } ?? (covariance == .white ? "robust" : "default")
            report.instruments = fit.instruments
            report.firstStage = fit.firstStage
            report.instrumentChecks(firstStages: fit.firstStages, overidentification: fit.overidentification, endogenous: endogenous)
            report.weights = weightsSource
            try console.json(report)
        } else {
            emit(fit, summary: fit.summary, effects: effects, paired: paired, console)
        }
        return ExitStatus.success
    }

    /// The library's ``GMMOptions`` for this command's options (the single entry ``SpatialRegression/estimate``
    /// refuses what the model's estimator does not take).
    func gmmOptions(coordinates: [Point2D]?) -> GMMOptions {
        let vce: CovarianceEstimator = hac.map { .hac($0.spec) } ?? (covariance == .white ? .robust : .default)
        return GMMOptions(wLags: wLags, weighting: weighting, maxIterations: maxIterations, covariance: vce, coordinates: coordinates,
                          degreesOfFreedomCorrection: dfCorrection, endogenous: endogenous, instruments: externalInstruments)
    }

    /// The fit as text (summary, effects, pairing line) or as tables in the chosen format.
    func emit(_ fit: some SpatialFit, summary: String, effects: ImpactMeasures?, paired: PairedData, _ console: Console) {
        if output.printsSummary {
            console.text(summary + (effects.map { "\n\n" + $0.summary } ?? "") + "\n" + PairingReport.line(paired))
        } else {
            console.text(output.render([Table.coefficients(of: fit, layout: output.layout)] + (effects.map { [Table.effects($0, layout: output.layout)] } ?? [])))
        }
    }
}
