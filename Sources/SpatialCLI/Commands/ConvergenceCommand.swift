import Foundation
import SpatialEconometrics

/// `spatial convergence`: sigma convergence (dispersion per period and its trend), cross-section beta convergence and,
/// with `--panel`, panel beta convergence (annual growth on the lagged log level with fixed effects).
struct ConvergenceCommand: Command {
    static let name = "convergence"
    static let summary = "sigma convergence (CV, sd of logs, Gini, Theil by period, trend test) and beta convergence (speed, half-life)"
    static let synopsis = ["--data F --unit U --time T --var V [--from P0 --to P1] [--conditional A,B] [--svg F] [--json | --format F]",
                           "--data F --unit U --time T --var V [--from P0 --to P1] [--conditional A,B] --model sar|sem|sdm --weights W [--json]",
                           "--data F --unit U --time T --var V --panel [--effects individual|twoways] [--conditional A,B] [--model sar|sdm --weights W] [--json]",
                           "--data F --unit U --time T --var V --clubs [--hp-lambda L] [--trim R] [--cstar C [--cstar-increment S [--cstar-cap M]]]",
                           "   [--merge ps|vlt] [--merge-divergent [--estar E]] [--json]",
                           "--data F --unit U --time T --var V --group COL [--panel] [--clubs] [--model sar|sem|sdm --weights W] [--json]"]
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.variable.with(help: "the variable (positive, e.g. per-capita GDP), a column or an expression")),
        OptionGroup("Panel (the --unit values are the weights' ids)", [SharedOptions.unit, SharedOptions.time]),
        OptionGroup("Beta convergence", [
            Option("--from", .value, "P0", help: "the first period of the growth window (default: the first)"),
            Option("--to", .value, "P1", help: "the last period of the growth window (default: the last)"),
            Option("--conditional", .list, "A,B,...", help: "controls measured in the first period (conditional convergence)"),
            Option("--model", .choice(["sar", "sem", "sdm"]), "M", help: "also fit this spatial model (needs --weights); SAR and SDM also give beta from the total effect"),
        ]),
        OptionGroup("Panel beta convergence", [
            Option("--panel", .flag, help: """
                also the panel form: annual growth ln y_t - ln y_t-1 on ln y_t-1 (controls at t-1) with fixed effects, by OLS within \
                (Nickell-biased) and, with --model sar|sdm, by the bias-corrected dynamic spatial panel (ln y_t on ln y_t-1, tau = 1 + beta)
                """),
            SharedOptions.effects(["individual", "twoways"], help: "the panel's fixed effects (with --panel)"),
        ]),
        OptionGroup("Phillips-Sul log t test and clubs", [
            Option("--clubs", .flag, help: "also the Phillips-Sul (2007) log t test of ln y and, when convergence is rejected, their club clustering and merging (2009)"),
            Option("--hp-lambda", .number, "L", default: "400", help: "Hodrick-Prescott smoothing of ln y before the test (400: annual data, Phillips & Sul 2009; 0: no filter)"),
            Option("--trim", .number, "R", default: "0.3", help: "the log t regression drops the first round(R T) periods (Phillips & Sul: 0.3 for T <= 50; ConvergenceClubs' default is 1/3)"),
            Option("--cstar", .number, "C", default: "0", help: "the sieve's critical value c* (a unit joins the core when the core plus it has t > c*)"),
            Option("--cstar-increment", .number, "S", help: "raise c* by S while a club fails its own log t test (ConvergenceClubs' cstar_method = \"incremental\")"),
            Option("--cstar-cap", .number, "M", default: "3", help: "the largest c* tried with --cstar-increment (then the club is its core)"),
            Option("--merge", .choice(ConvergenceClubs.Rules.Merge.allCases.map(\.rawValue)), "M", default: "ps", help: """
                merging of adjacent clubs: ps (Phillips & Sul 2009) or vlt (von Lyncker & Thoennessen 2017: club k+1 joins only if \
                the joint t also exceeds the t of clubs k+1 and k+2 together)
                """),
            Option("--merge-divergent", .flag, help: "then merge divergent units into the clubs: the club-unit pair with the largest t joins while t > e* (von Lyncker & Thoennessen 2017)"),
            Option("--estar", .number, "E", default: "-1.65", help: "the critical value e* of --merge-divergent"),
        ]),
        OptionGroup("By group", [
            Option("--group", .value, "COL", help: """
                also every analysis within each group of units (a column with one value per unit, e.g. east/central/west): \
                sigma, beta, --panel and --clubs on the group's units alone, spatial models with W restricted to the group \
                and transformed again as --transform says (row: re-standardised within the group)
                """),
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
        Panel (--panel): g_it = ln y_it - ln y_i,t-1 on ln y_i,t-1 with unit (and period) effects. OLS within is biased
        by O(1/T) (Nickell 1981). With fixed effects the growth regression is a dynamic panel, ln y_t = tau ln y_t-1 +
        eta W ln y_t-1 + rho W ln y_t + ..., tau = 1 + beta: --model sar|sdm fits it by the bias-corrected QML
        (Yu-de Jong-Lee 2008; Lee-Yu 2010 two-way) and reports beta = tau - 1 and, labelled, beta from the short-run
        total effect of ln y_t-1, mean row sum of (I - rho W)^-1 (tau I + eta W), minus 1. Speed -ln(1 + beta),
        half-life ln 2 / speed. JSON adds "panel_beta":{"beta":{"estimate","std_error","p_value","source"},"speed",
        "half_life","estimates":[...],"effects","N","T","notes"}; its "beta" is the dynamic model's tau - 1 with
        --model, else OLS within.
        Clubs (--clubs): X_it = HP trend of ln y_it, h_it = X_it / mean_i X_it, H_t = mean_i (h_it - 1)^2, OLS of
        log(H_1/H_t) - 2 log(log t) on log t for t > round(R T), HAC t of the slope b (quadratic spectral kernel,
        Andrews bandwidth, as ConvergenceClubs' FQSB); convergence rejected when t < -1.65; clubs by ordering on the
        last period, core group (largest t), sieve c* = 0, merging of adjacent clubs. JSON adds "clubs":{"overall":
        {"beta","std_error","t","p_value","converges"},"clubs":[{"units","cstar","beta","std_error","t"}],"divergent",
        "merged":[{"units","from","added_divergent","beta","std_error","t"}],"remaining_divergent","hp_lambda","trim",
        "sieve","cstar_increment","cstar_cap","merge","estar","warnings"}. --cstar-increment raises c* while a club fails
        (ConvergenceClubs' incremental c*); --merge vlt and --merge-divergent are von Lyncker & Thoennessen's (2017).
        By group (--group COL): the same analyses on each group's units alone (W: the links inside the group, the
        transformation applied again); a group too small to fit is refused, naming it. JSON adds "group": COL,
        "group_notes" and "groups":[{"group","units","n","sigma","beta","speed","half_life","estimates",
        "panel_beta","clubs","weights_warnings"}] (keys as for the whole sample).
        """

    let output: OutputFormat
    let data: String, unit: String, time: String, variable: String
    let from: String?, to: String?, conditional: [String]
    let model: SpatialModel?
    let weightsInput: WeightsInput?
    let svg: String?
    let panelEffects: PanelEffects?
    let clubs: (lambda: Double, trim: Double, cstar: Double, rules: ConvergenceClubs.Rules)?
    let group: String?

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
        group = try o.given("--group")
        if try o.flag("--clubs") {
            let lambda = try o.number("--hp-lambda") ?? 400, trim = try o.number("--trim") ?? 0.3
            guard lambda >= 0 else { throw .invalid("--hp-lambda", message: "--hp-lambda must be >= 0 (0: no filter), got \(lambda)") }
            guard trim > 0, trim < 1 else { throw .invalid("--trim", message: "--trim must be in (0, 1), got \(trim)") }
            let cstar = try o.number("--cstar") ?? 0
            let increment = try o.number("--cstar-increment")
            if increment == nil, o.has("--cstar-cap") { throw .inapplicable("--cstar-cap", message: "--cstar-cap needs --cstar-increment") }
            let cap = try o.number("--cstar-cap") ?? 3
            if let increment {
                guard increment > 0 else { throw .invalid("--cstar-increment", message: "--cstar-increment must be > 0, got \(increment)") }
                guard cap >= cstar else { throw .invalid("--cstar-cap", message: "--cstar-cap must be at least --cstar (\(cstar)), got \(cap)") }
            }
            let divergent = try o.flag("--merge-divergent")
            if !divergent, o.has("--estar") { throw .inapplicable("--estar", message: "--estar needs --merge-divergent") }
            let merge = ConvergenceClubs.Rules.Merge(rawValue: try o.choice("--merge")) ?? .phillipsSul
            clubs = (lambda, trim, cstar, ConvergenceClubs.Rules(sieveIncrement: increment, sieveCap: cap, merge: merge, mergeDivergent: divergent,
                                                                 divergentThreshold: try o.number("--estar") ?? -1.65))
        } else {
            for name in ["--hp-lambda", "--trim", "--cstar", "--cstar-increment", "--cstar-cap", "--merge", "--merge-divergent", "--estar"] where o.has(name) {
                throw .inapplicable(name, message: "\(name) needs --clubs")
            }
            clubs = nil
        }
        if try o.flag("--panel") {
            panelEffects = PanelEffects(rawValue: try o.choice("--effects"))
            if o.has("--model"), try o.choice("--model") == "sem" {
                throw .inapplicable("--model", message: "--panel takes --model sar or sdm: the growth regression with fixed effects is a dynamic panel (sem has no dynamic form here)")
            }
        } else {
            if o.has("--effects") { throw .inapplicable("--effects", message: "--effects needs --panel") }
            panelEffects = nil
        }
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
    struct LogT: Encodable {
        let beta, stdError, t, pValue: Double, converges: Bool
        enum CodingKeys: String, CodingKey { case beta, stdError = "std_error", t, pValue = "p_value", converges }
        init(_ x: LogTTest) { beta = x.beta; stdError = x.stdError; t = x.t; pValue = x.pValue; converges = x.converges }
    }
    struct Club: Encodable {
        let units: [String], from: [Int]?, cstar: Double?, addedDivergent: [String]?, beta, stdError, t: Double
        enum CodingKeys: String, CodingKey { case units, from, cstar, addedDivergent = "added_divergent", beta, stdError = "std_error", t }
        init(_ c: ConvergenceClubs.Club) {
            units = c.units; from = c.merged; cstar = c.cstar; addedDivergent = c.addedDivergent; beta = c.test.beta; stdError = c.test.stdError; t = c.test.t
        }
    }
    struct Clubs: Encodable {
        let overall: LogT, clubs: [Club], divergent: [String], merged: [Club], remainingDivergent: [String]?, hpLambda: Double?, trim: Double, sieve: Double
        let cstarIncrement: Double?, cstarCap: Double?, merge: String, estar: Double?, warnings: [String]
        enum CodingKeys: String, CodingKey {
            case overall, clubs, divergent, merged, remainingDivergent = "remaining_divergent", hpLambda = "hp_lambda", trim, sieve
            case cstarIncrement = "cstar_increment", cstarCap = "cstar_cap", merge, estar, warnings
        }
        init(_ c: ConvergenceClubs) {
            overall = LogT(c.overall); clubs = c.clubs.map(Club.init); divergent = c.divergent; merged = c.merged.map(Club.init)
            remainingDivergent = c.remainingDivergent; hpLambda = c.hpLambda; trim = c.trim; sieve = c.sieve
            cstarIncrement = c.rules.sieveIncrement; cstarCap = c.rules.sieveIncrement == nil ? nil : c.rules.sieveCap; merge = c.rules.merge.rawValue
            estar = c.rules.mergeDivergent ? c.rules.divergentThreshold : nil; warnings = c.warnings
        }
    }
    struct PanelBeta: Encodable {
        let beta: Beta?
        let speed: Value, halfLife: Value
        let estimates: [Estimate]
        let effects: String, N: Int, T: Int, from: String, to: String, notes: [String], warnings: [String]
        enum CodingKeys: String, CodingKey { case beta, speed, halfLife = "half_life", estimates, effects, N, T, from, to, notes, warnings }
        init(_ p: PanelBetaConvergence) {
            let main = p.model == nil ? p.estimates.first : p.estimates.dropFirst().first
            beta = main.map { Beta(estimate: $0.beta, stdError: $0.stdError, pValue: $0.pValue, source: $0.label) }
            speed = Value(estimate: main?.speed, stdError: main?.speedStdError)
            halfLife = Value(estimate: main?.halfLife, stdError: main?.halfLifeStdError)
            estimates = p.estimates.map(Estimate.init); effects = p.effects.rawValue; N = p.n; T = p.t; from = p.from; to = p.to
            notes = p.notes; warnings = p.dynamic?.warnings ?? []
        }
    }
    /// The analyses of one sample (all units, or one group).
    struct Sample {
        let sigma: Sigma
        let beta: Beta?
        let speed: Value, halfLife: Value
        let estimates: [Estimate]
        let panelBeta: PanelBeta?
        let clubs: Clubs?
        init(_ sigma: SigmaConvergence, _ beta: BetaConvergence, _ panelBeta: PanelBetaConvergence?, _ clubs: ConvergenceClubs?) {
            self.sigma = Sigma(rows: sigma.rows.map(Row.init), trends: sigma.trends.map {
                Trend(measure: $0.measure, slope: $0.slope, stdError: $0.stdError, t: $0.t, df: $0.df, pValue: $0.pValue) })
            let main = beta.model == nil ? beta.estimates.first : beta.estimates.dropFirst().first
            self.beta = main.map { Beta(estimate: $0.beta, stdError: $0.stdError, pValue: $0.pValue, source: $0.label) }
            speed = Value(estimate: main?.speed, stdError: main?.speedStdError)
            halfLife = Value(estimate: main?.halfLife, stdError: main?.halfLifeStdError)
            estimates = beta.estimates.map(Estimate.init)
            self.panelBeta = panelBeta.map(PanelBeta.init)
            self.clubs = clubs.map(Clubs.init)
        }
    }
    struct GroupReport: Encodable {
        let group: String, units: [String], n: Int, weightsWarnings: [String]
        let sample: Sample
        enum CodingKeys: String, CodingKey {
            case group, units, n, sigma, beta, speed, halfLife = "half_life", estimates, panelBeta = "panel_beta", clubs, weightsWarnings = "weights_warnings"
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(group, forKey: .group); try c.encode(units, forKey: .units); try c.encode(n, forKey: .n)
            try c.encode(sample.sigma, forKey: .sigma); try c.encode(sample.beta, forKey: .beta); try c.encode(sample.speed, forKey: .speed)
            try c.encode(sample.halfLife, forKey: .halfLife); try c.encode(sample.estimates, forKey: .estimates)
            try c.encodeIfPresent(sample.panelBeta, forKey: .panelBeta); try c.encodeIfPresent(sample.clubs, forKey: .clubs)
            try c.encode(weightsWarnings, forKey: .weightsWarnings)
        }
    }
    struct Report: Encodable {
        let variable: String, from: String, to: String, T: Double, n: Int, conditional: [String], model: String?
        let sample: Sample
        let pairing: PairingReport?
        let group: String?, groupNotes: [String]?, groups: [GroupReport]?
        enum CodingKeys: String, CodingKey {
            case variable, from, to, T, n, conditional, model, sigma, beta, speed, halfLife = "half_life", estimates, pairing, panelBeta = "panel_beta", clubs
            case group, groupNotes = "group_notes", groups
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(variable, forKey: .variable); try c.encode(from, forKey: .from); try c.encode(to, forKey: .to); try c.encode(T, forKey: .T)
            try c.encode(n, forKey: .n); try c.encode(conditional, forKey: .conditional); try c.encodeIfPresent(model, forKey: .model)
            try c.encode(sample.sigma, forKey: .sigma); try c.encodeIfPresent(sample.beta, forKey: .beta); try c.encode(sample.speed, forKey: .speed)
            try c.encode(sample.halfLife, forKey: .halfLife); try c.encode(sample.estimates, forKey: .estimates)
            try c.encodeIfPresent(pairing, forKey: .pairing); try c.encodeIfPresent(sample.panelBeta, forKey: .panelBeta)
            try c.encodeIfPresent(sample.clubs, forKey: .clubs)
            try c.encodeIfPresent(group, forKey: .group); try c.encodeIfPresent(groupNotes, forKey: .groupNotes); try c.encodeIfPresent(groups, forKey: .groups)
        }
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
        let panelBeta = try panelEffects.map { e in
            try PanelBetaConvergence(panel: panel, variable: variable, from: from, to: to, conditional: conditional, effects: e, model: model, weights: weights)
        }
        let clubResult = try clubs.map { c in
            try ConvergenceClubs(panel: panel, variable: variable, hpLambda: c.lambda, trim: c.trim, sieve: c.cstar, rules: c.rules)
        }
        let byGroup = try group.map { g in
            try ConvergenceByGroup(panel: panel, group: g, variable: variable, from: from, to: to, conditional: conditional, model: model,
                                   weights: weights, panelEffects: panelEffects,
                                   clubs: clubs.map { ConvergenceByGroup.ClubSettings(hpLambda: $0.lambda, trim: $0.trim, sieve: $0.cstar, rules: $0.rules) })
        }
        if let svg { try sigma.svg().write(toFile: svg, atomically: true, encoding: .utf8) }
        if output.isJSON {
            try console.json(Report(variable: variable, from: beta.from, to: beta.to, T: beta.length, n: beta.n, conditional: conditional,
                                    model: model?.rawValue, sample: Sample(sigma, beta, panelBeta, clubResult), pairing: pairing,
                                    group: byGroup?.column, groupNotes: byGroup?.notes,
                                    groups: byGroup?.groups.map {
                                        GroupReport(group: $0.name, units: $0.units, n: $0.units.count, weightsWarnings: $0.weightsWarnings,
                                                    sample: Sample($0.sigma, $0.beta, $0.panelBeta, $0.clubs)) }))
        } else {
            let tables = [sigma.table, beta.table] + (panelBeta.map { [$0.table] } ?? []) + (clubResult.map { [$0.table] } ?? []) + (byGroup?.tables ?? [])
            console.text(output.printsSummary ? tables.map(\.text).joined(separator: "\n\n") : output.render(tables))
        }
        return ExitStatus.success
    }
}
