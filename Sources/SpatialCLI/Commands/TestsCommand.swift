import Foundation
import SpatialEconometrics

/// `spatial tests`: the model-selection battery of a spatial panel.
struct TestsCommand: Command {
    static let name = "tests"
    static let summary = "panel model selection: LM tests, LR tests of the fixed effects, Wald/LR of SDM vs SAR and SEM"
    static let synopsis = ["--data F --unit ID --time T --y NAME --x A,B,... --weights W [--effects individual|time|twoways]",
                           "    [--estimator leeyu|biascorrected|direct|splm] [--json | --format text|markdown|latex|csv|html|json [--standalone]]"]
    static let effects = SharedOptions.effects(["individual", "time", "twoways"], help: "the fixed effects of the LM tests and of the SDM, SAR and SEM compared")
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.y, SharedOptions.x, SharedOptions.formula),
        SharedOptions.weightsGroup,
        OptionGroup("Panel (the --unit values are the weights' ids)", [SharedOptions.unit, SharedOptions.time, effects, SharedOptions.estimator]),
        SharedOptions.exportGroup(coefficients: false),
    ]
    static let notes = """
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

    let output: OutputFormat
    let data: String, unit: String, time: String, y: String, x: [String]
    let weightsInput: WeightsInput
    let effects: PanelEffects
    let estimator: PanelEstimator

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o, coefficients: false)
        data = try o.required("--data")
        unit = try o.required("--unit")
        time = try o.required("--time")
        let variables = try RegressionVariables(&o)
        y = variables.y
        x = variables.x
        weightsInput = try WeightsInput(&o, panel: true)
        effects = PanelEffects(rawValue: try o.choice("--effects")) ?? .twoways
        estimator = PanelEstimator(rawValue: try o.choice("--estimator")) ?? .leeyu
    }

    struct MoranEntry: Encodable {
        let statistic: Double, I: Double, z: Double, pValue: Double, df: Double = 0
        enum CodingKeys: String, CodingKey { case statistic, I, z, pValue = "p_value", df }
    }

    struct Report: Encodable {
        var tests: [String: TestResult]
        var moran: MoranEntry
        var pairing: PairingReport
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: DynamicKey.self)
            try c.encode(pairing.idColumn, forKey: DynamicKey("id_column"))
            try c.encode(pairing.pairing, forKey: DynamicKey("pairing"))
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

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let paired = try weightsInput.pairPanel(table, unit: unit, time: time, columns: [y] + x, console: console)
        let w = paired.weights, panel = paired.panel
        let battery = try PanelModelSelection(panel: panel, y: y, x: x, weights: w, effects: effects, estimator: estimator, inference: .none)
        if output.isJSON {
            let m = battery.moranResiduals
            try console.json(Report(tests: battery.tests, moran: MoranEntry(statistic: m.I, I: m.I, z: m.z, pValue: m.p), pairing: PairingReport(paired)))
        } else if output.printsSummary {
            console.text(battery.table.text + "\n" + PairingReport.line(paired))
        } else {
            console.text(output.render([battery.table]))
        }
        return ExitStatus.success
    }
}
