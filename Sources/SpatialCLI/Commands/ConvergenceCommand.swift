import Foundation
import SpatialEconometrics

/// `spatial convergence`: sigma convergence (dispersion per period and its trend) and cross-section beta convergence.
struct ConvergenceCommand: Command {
    static let name = "convergence"
    static let summary = "sigma convergence (CV, sd of logs, Gini, Theil by period, trend test) and beta convergence (speed, half-life)"
    static let synopsis = ["--data F --unit U --time T --var V [--from P0 --to P1] [--conditional A,B] [--svg F] [--json | --format F]",
                           "--data F --unit U --time T --var V [--from P0 --to P1] [--conditional A,B] --model sar|sem|sdm --weights W [--json]"]
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.variable.with(help: "the variable (positive, e.g. per-capita GDP), a column or an expression")),
        OptionGroup("Panel (the --unit values are the weights' ids)", [SharedOptions.unit, SharedOptions.time]),
        OptionGroup("Beta convergence", [
            Option("--from", .value, "P0", help: "the first period of the growth window (default: the first)"),
            Option("--to", .value, "P1", help: "the last period of the growth window (default: the last)"),
            Option("--conditional", .list, "A,B,...", help: "controls measured in the first period (conditional convergence)"),
            Option("--model", .choice(["sar", "sem", "sdm"]), "M", help: "also fit this spatial model (needs --weights); SAR and SDM also give beta from the total effect"),
        ]),
        OptionGroup("Figure", [Option("--svg", .value, "OUT", help: "the sigma-convergence plot: CV, sd(ln y), Gini and Theil by period")]),
        SharedOptions.weightsGroup,
        SharedOptions.exportGroup(coefficients: false),
    ]
    static let notes = """
        Sigma: per period CV = sd/mean and sd(ln y) (divisor N), Gini, Theil T; each measure's OLS slope on time with
        its t-test (T - 2 df). Beta: g_i = (ln y_iT - ln y_i0)/T on ln y_i0 (and the controls), speed
        -ln(1 + T beta)/T, half-life ln 2 / speed, delta-method standard errors (null where not defined). JSON:
        {"sigma":{"rows":[{"period","n","mean","cv","sd_log","gini","theil"}],"trends":[{"measure","slope",
        "std_error","t","df","p_value"}]},"beta":{"estimate","std_error","p_value","source"},"speed":{"estimate",
        "std_error"},"half_life":{"estimate","std_error"},"estimates":[...],"from","to","T","n"}; "beta" is the
        model's coefficient with --model, else OLS.
        """

    let output: OutputFormat
    let data: String, unit: String, time: String, variable: String
    let from: String?, to: String?, conditional: [String]
    let model: SpatialModel?
    let weightsInput: WeightsInput?
    let svg: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o, coefficients: false)
        data = try o.required("--data")
        unit = try o.required("--unit")
        time = try o.required("--time")
        variable = try o.required("--var")
        from = try o.given("--from")
        to = try o.given("--to")
        conditional = try o.list("--conditional") ?? []
        svg = try o.given("--svg")
        if o.has("--model") {
            model = SpatialModel(rawValue: try o.choice("--model"))
            weightsInput = try WeightsInput(&o, panel: true)
        } else {
            if o.has("--weights") { throw .inapplicable("--weights", message: "--weights needs --model sar|sem|sdm") }
            model = nil; weightsInput = nil
        }
    }

    var mode: String { model == nil ? "`spatial convergence` without --model" : "`spatial convergence --model`" }

    struct Value: Encodable {
        let estimate: Double?, stdError: Double?
        enum CodingKeys: String, CodingKey { case estimate, stdError = "std_error" }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(estimate, forKey: .estimate); try c.encode(stdError, forKey: .stdError)
        }
    }
    struct Beta: Encodable {
        let estimate: Double, stdError: Double?, pValue: Double?, source: String
        enum CodingKeys: String, CodingKey { case estimate, stdError = "std_error", pValue = "p_value", source }
    }
    struct Estimate: Encodable {
        let e: BetaConvergence.Estimate
        enum CodingKeys: String, CodingKey {
            case label, beta, stdError = "std_error", pValue = "p_value", speed, speedStdError = "speed_std_error"
            case halfLife = "half_life", halfLifeStdError = "half_life_std_error"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(e.label, forKey: .label); try c.encode(e.beta, forKey: .beta); try c.encode(e.stdError, forKey: .stdError)
            try c.encode(e.pValue, forKey: .pValue); try c.encode(e.speed, forKey: .speed); try c.encode(e.speedStdError, forKey: .speedStdError)
            try c.encode(e.halfLife, forKey: .halfLife); try c.encode(e.halfLifeStdError, forKey: .halfLifeStdError)
        }
    }
    struct Row: Encodable {
        let r: SigmaConvergence.Row
        enum CodingKeys: String, CodingKey { case period, n, mean, cv, sdLog = "sd_log", gini, theil }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(r.period, forKey: .period); try c.encode(r.n, forKey: .n); try c.encode(r.mean, forKey: .mean)
            try c.encode(r.cv, forKey: .cv); try c.encode(r.sdLog, forKey: .sdLog); try c.encode(r.gini, forKey: .gini); try c.encode(r.theil, forKey: .theil)
        }
    }
    struct Trend: Encodable {
        let measure: String, slope, stdError, t: Double, df: Int, pValue: Double
        enum CodingKeys: String, CodingKey { case measure, slope, stdError = "std_error", t, df, pValue = "p_value" }
    }
    struct Sigma: Encodable { let rows: [Row]; let trends: [Trend] }
    struct Report: Encodable {
        let variable: String, from: String, to: String, T: Double, n: Int, conditional: [String], model: String?
        let sigma: Sigma
        let beta: Beta?
        let speed: Value, halfLife: Value
        let estimates: [Estimate]
        let pairing: PairingReport?
        enum CodingKeys: String, CodingKey { case variable, from, to, T, n, conditional, model, sigma, beta, speed, halfLife = "half_life", estimates, pairing }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let panel: Panel, weights: SpatialWeights?, pairing: PairingReport?
        if let weightsInput {
            let paired = try weightsInput.pairPanel(table, unit: unit, time: time, columns: [variable] + conditional, console: console)
            panel = paired.panel; weights = paired.weights; pairing = PairingReport(paired)
        } else {
            panel = try MarkovChain.canonicalPanel(table: table, unit: unit, time: time)
            weights = nil; pairing = nil
        }
        let sigma = try SigmaConvergence(panel: panel, variable: variable)
        let beta = try BetaConvergence(panel: panel, variable: variable, from: from, to: to, conditional: conditional, model: model, weights: weights)
        if let svg { try sigma.svg().write(toFile: svg, atomically: true, encoding: .utf8) }
        if output.isJSON {
            let main = model == nil ? beta.estimates.first : beta.estimates.dropFirst().first
            try console.json(Report(variable: variable, from: beta.from, to: beta.to, T: beta.length, n: beta.n, conditional: conditional,
                                    model: model?.rawValue,
                                    sigma: Sigma(rows: sigma.rows.map(Row.init), trends: sigma.trends.map {
                                        Trend(measure: $0.measure, slope: $0.slope, stdError: $0.stdError, t: $0.t, df: $0.df, pValue: $0.pValue) }),
                                    beta: main.map { Beta(estimate: $0.beta, stdError: $0.stdError, pValue: $0.pValue, source: $0.label) },
                                    speed: Value(estimate: main?.speed, stdError: main?.speedStdError),
                                    halfLife: Value(estimate: main?.halfLife, stdError: main?.halfLifeStdError),
                                    estimates: beta.estimates.map(Estimate.init), pairing: pairing))
        } else {
            console.text(output.printsSummary ? sigma.summary + "\n\n" + beta.summary : output.render([sigma.table, beta.table]))
        }
        return ExitStatus.success
    }
}
