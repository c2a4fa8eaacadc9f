import Foundation
import SpatialEconometrics

/// JSON of a fitted model, in the shape the issues specify.
struct FitReport: Encodable {
    struct Parameter: Encodable {
        let estimate: Double, stdError: Double, z: Double, pValue: Double
        enum CodingKeys: String, CodingKey { case estimate, stdError = "std_error", z, pValue = "p_value" }
        init(_ c: Coefficient) { estimate = c.estimate; stdError = c.stdError; z = c.statistic; pValue = c.pValue }
    }
    struct Effects: Encodable {
        let direct, indirect, total: [EffectEstimate]
        let inference: String
        init(direct: [EffectEstimate], indirect: [EffectEstimate], total: [EffectEstimate], inference: String) {
            self.direct = direct; self.indirect = indirect; self.total = total; self.inference = inference
        }
        init(_ e: ImpactMeasures) { self.init(direct: e.direct, indirect: e.indirect, total: e.total, inference: e.inference) }
    }
    /// `effects`: a static fit's blocks, or a dynamic fit's short- and long-run blocks.
    enum EffectsValue: Encodable {
        case single(Effects)
        case dynamic(DynamicEffects)
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .single(let e): try c.encode(e)
            case .dynamic(let e): try c.encode(e)
            }
        }
    }
    /// A dynamic fit's effects: each block shaped like a static fit's `effects` (long run `nil` when refused).
    struct DynamicEffects: Encodable {
        let shortRun: Effects
        let longRun: Effects?
        enum CodingKeys: String, CodingKey { case shortRun = "short_run", longRun = "long_run" }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(shortRun, forKey: .shortRun)
            try c.encode(longRun, forKey: .longRun)
        }
    }
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
    var effects: EffectsValue? = nil
    var tests: [String: TestResult]
    var diagnostics: SpatialDiagnostics?
    var warnings: [String]
    var t: Int? = nil
    var estimator: String? = nil
    var fixedEffects: FixedEffectsEstimates? = nil
    var likelihood: String? = nil
    var phi: Parameter? = nil
    /// `--model gspre`: the random effects' spatial parameter (shaped like `lambda`) and the form fitted.
    var lambdaMu: Parameter? = nil
    var gspreForm: String? = nil
    var sigma2Mu: Double? = nil
    var effectsKind: String? = nil
    var logDeterminantAccuracy: LogDeterminantAccuracy? = nil
    /// Whether a spatial parameter is at a bound of its feasible interval (then `effects` is null).
    var atBound: Bool = false
    var idColumn: String? = nil
    var pairing: String? = nil
    /// The R^2 the package defines for this kind of fit, with the definition (``GoodnessOfFit``).
    var rSquared: GoodnessOfFit? = nil
    /// A dynamic fit's lag coefficients (shaped like `rho`) and stationarity values.
    var tau: Parameter? = nil
    var eta: Parameter? = nil
    var stationarity: DynamicStationarity? = nil
    /// Where the weights came from and the transformation applied, for the table a paper prints.
    var weights: WeightsSource? = nil
    /// The covariance the standard errors come from (`--vce`: default, robust, cluster, dkraay:L).
    var vce: String? = nil
    /// `--durbin`: the regressors given a W_ lag (absent: all of them, or no W X terms).
    var durbin: [String]? = nil
    /// `--durbin-weights`: the second weights matrix of the W X terms.
    var durbinWeights: WeightsSource? = nil
    /// `--error-weights`: the SAC's second weights matrix for the error term.
    var errorWeights: WeightsSource? = nil
    /// "gmm" for instrumental-variables / GMM fits (`spatial gmm`); absent for ML fits.
    var method: String? = nil
    /// The instruments of a GMM fit.
    var instruments: [String]? = nil
    /// The first-stage F of the excluded instruments for W y (GMM lag fits).
    var firstStage: TestResult? = nil
    /// The first-stage F of every endogenous regressor (W y last) and the over-identification test (GMM with --endog).
    var firstStages: [TestResult]? = nil
    var overidentification: TestResult? = nil
    /// The over-identification test (Hansen J or Sargan, named in it) of a GMM fit with external instruments.
    var hansenJ: TestResult? = nil
    /// The weighted GM steps of a GM error fit.
    var iterations: Int? = nil

    struct WeightsSource: Encodable {
        let source: String
        let transformation: String
    }

    /// The fields every ML fit has (``SpatialFit``), with its effects and tests; estimator-specific fields are set after.
    init(_ fit: some SpatialFit, effects: ImpactMeasures?, tests: [String: TestResult] = [:], pairing: PairingReport) {
        model = fit.fittedModel?.rawValue ?? "none"
        // "method": "gmm" for the GMM fits (the ML fits' JSON keeps its keys).
        method = fit.estimationMethod == .gmm ? EstimationMethod.gmm.rawValue : nil
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
        self.effects = effects.map { .single(Effects($0)) }
        self.tests = tests
        diagnostics = nil
        warnings = fit.warnings
        logDeterminantAccuracy = fit.logDeterminantAccuracy
        atBound = fit.atBound
        idColumn = pairing.idColumn
        self.pairing = pairing.pairing
        rSquared = fit.rSquared
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
        case idColumn = "id_column", pairing, rSquared = "r_squared", weights, tau, eta, stationarity, vce
        case durbin, durbinWeights = "durbin_weights", errorWeights = "error_weights", lambdaMu = "lambda_mu", gspreForm = "gspre_form"
        case method, instruments, firstStage = "first_stage", iterations, firstStages = "first_stages", overidentification, hansenJ = "hansen_j"
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

extension FitReport {
    /// The instrument checks of a GMM fit with external instruments (nothing without them): "first_stages",
    /// "overidentification" and "hansen_j".
    mutating func instrumentChecks(firstStages: [TestResult]?, overidentification: TestResult?, endogenous: [String]) {
        guard !endogenous.isEmpty else { return }
        self.firstStages = firstStages
        self.overidentification = overidentification
        self.hansenJ = overidentification
    }
}
