import Foundation
import SpatialEconometrics

/// `spatial markov`: Markov transition matrices of a panel variable's classes, spatial Markov chains conditioned on
/// the spatial lag's class, and LISA Markov chains.
struct MarkovCommand: Command {
    static let name = "markov"
    static let summary = "Markov chains of classes (Quah), spatial Markov with homogeneity tests and LISA Markov (Rey 2001)"
    static let synopsis = ["--data F --unit U --time T --var V [--classes K | --breaks B1,B2,...] [--period-quantiles] [--relative] [--json | --format F]",
                           "--data F --unit U --time T --var V [--classes K] [--relative] --weights W --spatial [--json]",
                           "--data F --unit U --time T --var V --weights W --lisa [--json]"]
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.variable),
        OptionGroup("Panel (the --unit values are the weights' ids)", [SharedOptions.unit, SharedOptions.time]),
        OptionGroup("Classes", [
            Option("--classes", .count(limit: 100), "K", default: "5", help: "number of quantile classes (mapclassify Quantiles: pooled over all periods; of the lag too with --spatial)"),
            Option("--period-quantiles", .flag, help: "form the quantile classes within each period instead of pooled"),
            Option("--breaks", .list, "B1,B2,...", help: "given increasing upper bounds of the first K - 1 classes (class j is (B_{j-1}, B_j])"),
            Option("--relative", .flag, help: "divide each value by its period's cross-section mean first"),
        ]),
        OptionGroup("Spatial", [
            Option("--spatial", .flag, help: "spatial Markov: transitions conditioned on the class of the spatial lag (W row-standardised; giddy Spatial_Markov(fixed=True)), with the LR and Q homogeneity tests"),
            Option("--lisa", .flag, help: "LISA Markov: transitions between Moran scatterplot quadrants HH, LH, LL, HL"),
        ]),
        SharedOptions.weightsGroup,
        SharedOptions.exportGroup(coefficients: false),
    ]
    static let notes = """
        ML transition probabilities p_ij = n_ij / n_i; steady state and mean first passage times of an ergodic chain
        (null, with a warning, for empty classes or a chain that is not irreducible); Shorrocks (K - tr P)/(K - 1),
        Prais 1 - p_ii. JSON: {"classes":{"k","labels","bounds"},"transitions":[[...]],"probabilities":[[...] or null],
        "steady_state","mean_first_passage_times","shorrocks","prais","empty_classes","ergodic","warnings"}; with
        --spatial also "spatial":{"lag_bounds","transitions":[K matrices],"probabilities":[K matrices],
        "steady_states":[...],"tests":{"LR":{"statistic","df","p_value"},"Q":{...}}}; with --lisa the chain is over
        the quadrants HH, LH, LL, HL and "independence":{"statistic","df","p_value"} tests own against neighbours'
        moves.
        """

    enum Mode { case plain, spatial, lisa }

    let output: OutputFormat
    let data: String, unit: String, time: String, variable: String
    let classes: Int, breaks: [Double]?, periodQuantiles: Bool, relative: Bool
    let kind: Mode
    let weightsInput: WeightsInput?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o, coefficients: false)
        data = try o.required("--data")
        unit = try o.required("--unit")
        time = try o.required("--time")
        variable = try o.required("--var")
        let spatial = try o.flag("--spatial"), lisa = try o.flag("--lisa")
        if spatial && lisa { throw .exclusive("--spatial", "--lisa") }
        kind = spatial ? .spatial : lisa ? .lisa : .plain
        if kind != .plain {
            weightsInput = try WeightsInput(&o, panel: true)
        } else {
            if o.has("--weights") { throw .inapplicable("--weights", message: "--weights needs --spatial or --lisa") }
            weightsInput = nil
        }
        if kind == .lisa {
            classes = 4; breaks = nil; periodQuantiles = false; relative = false
        } else {
            if let b = try o.list("--breaks") {
                let v = b.compactMap(Double.init)
                guard v.count == b.count, !v.isEmpty else { throw .invalid("--breaks", message: "--breaks takes numbers, got '\(b.joined(separator: ","))'") }
                if o.has("--classes") { throw .exclusive("--breaks", "--classes") }
                breaks = v; classes = v.count + 1
            } else {
                breaks = nil
                classes = try o.count("--classes") ?? 5
                guard classes >= 2 else { throw .invalid("--classes", message: "--classes needs at least 2") }
            }
            periodQuantiles = kind == .plain && breaks == nil ? try o.flag("--period-quantiles") : false
            relative = try o.flag("--relative")
        }
    }

    var mode: String { kind == .spatial ? "`spatial markov --spatial`" : kind == .lisa ? "`spatial markov --lisa`" : "`spatial markov`" }

    struct ClassesReport: Encodable { let k: Int; let labels: [String]; let bounds: [[Double]]? }
    struct Test: Encodable {
        let statistic: Double, df: Int, pValue: Double
        enum CodingKeys: String, CodingKey { case statistic, df, pValue = "p_value" }
    }
    struct SpatialReport: Encodable {
        let lagBounds: [Double]
        let transitions: [[[Int]]]
        let probabilities: [[[Double]?]]
        let steadyStates: [[Double]?]
        let tests: [String: Test]
        enum CodingKeys: String, CodingKey { case lagBounds = "lag_bounds", transitions, probabilities, steadyStates = "steady_states", tests }
    }
    struct Report: Encodable {
        let variable: String
        let relative: Bool
        let classes: ClassesReport
        let units: Int, periods: [String]
        let transitions: [[Int]]
        let probabilities: [[Double]?]
        let steadyState: [Double]?
        let meanFirstPassageTimes: [[Double]]?
        let shorrocks: Double?
        let prais: [Double?]
        let emptyClasses: [Int]
        let ergodic: Bool
        let warnings: [String]
        let spatial: SpatialReport?
        let independence: Test?
        let pairing: PairingReport?
        enum CodingKeys: String, CodingKey {
            case variable, relative, classes, units, periods, transitions, probabilities, steadyState = "steady_state"
            case meanFirstPassageTimes = "mean_first_passage_times", shorrocks, prais, emptyClasses = "empty_classes", ergodic, warnings, spatial, independence, pairing
        }
        /// Absent values are `null`, not missing keys: a chain without a steady state says so.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(variable, forKey: .variable); try c.encode(relative, forKey: .relative); try c.encode(classes, forKey: .classes)
            try c.encode(units, forKey: .units); try c.encode(periods, forKey: .periods); try c.encode(transitions, forKey: .transitions)
            try c.encode(probabilities, forKey: .probabilities); try c.encode(steadyState, forKey: .steadyState)
            try c.encode(meanFirstPassageTimes, forKey: .meanFirstPassageTimes); try c.encode(shorrocks, forKey: .shorrocks)
            try c.encode(prais, forKey: .prais); try c.encode(emptyClasses, forKey: .emptyClasses); try c.encode(ergodic, forKey: .ergodic)
            try c.encode(warnings, forKey: .warnings)
            if let spatial { try c.encode(spatial, forKey: .spatial) }
            if let independence { try c.encode(independence, forKey: .independence) }
            if let pairing { try c.encode(pairing, forKey: .pairing) }
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        var chain: MarkovChain, spatial: SpatialMarkov? = nil, independence: Test? = nil, pairing: PairingReport? = nil, tables: [Table], summary: String
        if let weightsInput {
            let paired = try weightsInput.pairPanel(table, unit: unit, time: time, columns: [variable], console: console)
            pairing = PairingReport(paired)
            if kind == .spatial {
                let sm = try SpatialMarkov(panel: paired.panel, variable: variable, weights: paired.weights, classes: classes, relative: relative, breaks: breaks)
                chain = sm.pooled; spatial = sm; tables = [sm.table]; summary = sm.summary
            } else {
                let lm = try LISAMarkov(panel: paired.panel, variable: variable, weights: paired.weights)
                chain = lm.chain; tables = [lm.chain.table]; summary = lm.summary
                independence = lm.independence.map { Test(statistic: $0.statistic, df: $0.df, pValue: $0.pValue) }
            }
        } else {
            let rule: MarkovClasses = breaks.map { .breaks($0) } ?? (periodQuantiles ? .periodQuantiles(classes) : .pooledQuantiles(classes))
            chain = try MarkovChain(table: table, unit: unit, time: time, variable: variable, classes: rule, relative: relative)
            tables = [chain.table]; summary = chain.summary
        }
        let warnings = chain.warnings + (spatial?.warnings.filter { !chain.warnings.contains($0) } ?? [])
        if output.isJSON {
            let sp = spatial.map { s in
                SpatialReport(lagBounds: s.lagBounds, transitions: s.conditionalTransitions, probabilities: s.conditionalProbabilities,
                              steadyStates: s.conditionalSteadyStates,
                              tests: ["LR": Test(statistic: s.lr.statistic, df: s.lr.df, pValue: s.lr.pValue),
                                      "Q": Test(statistic: s.q.statistic, df: s.q.df, pValue: s.q.pValue)])
            }
            try console.json(Report(variable: variable, relative: relative,
                                    classes: ClassesReport(k: chain.classCount, labels: chain.classLabels, bounds: chain.classBounds),
                                    units: chain.units.count, periods: chain.periods, transitions: chain.transitions,
                                    probabilities: chain.probabilities, steadyState: chain.steadyState,
                                    meanFirstPassageTimes: chain.meanFirstPassageTimes, shorrocks: chain.shorrocks, prais: chain.prais,
                                    emptyClasses: chain.emptyClasses, ergodic: chain.isErgodic, warnings: warnings, spatial: sp, independence: independence, pairing: pairing))
        } else {
            // the summary's notes carry the warnings (empty classes, chains without a steady state)
            console.text(output.printsSummary ? summary : output.render(tables))
        }
        return ExitStatus.success
    }
}
