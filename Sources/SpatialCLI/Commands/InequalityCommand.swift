import Foundation
import SpatialEconometrics

/// `spatial inequality ...`: Gini, Theil T/L with between/within split, CV and Dagum's decomposition.
struct InequalityCommand: Command {
    static let name = "inequality"
    static let summary = "Gini, Theil T and L (between/within groups), CV (sigma convergence), Dagum Gini decomposition"
    static let synopsis = ["--data F --var X [--group COL] [--weight POP] [--by TIME] [--json]"]
    static let groups = [
        SharedOptions.dataGroup(
            SharedOptions.variable.with(help: "the variable (non-negative, e.g. per-capita GDP), a column or an expression: 'gdp / population'"),
            Option("--group", .value, "COL", help: "group labels (e.g. east/central/west/northeast): Theil between/within, Dagum's decomposition"),
            Option("--weight", .value, "POP", help: "population weights (positive); default: every unit counts once"),
            SharedOptions.by),
        SharedOptions.outputGroup,
    ]
    static let notes = """
        Gini without small-sample correction (PySAL's Gini); Theil T = GE(1) with Shorrocks' split; Theil L =
        mean log deviation (null if a value is 0); CV = population sd / mean; Dagum (1997) G = G_w + G_nb + G_t.
        JSON: {"gini","theil","theil_between","theil_within","mean_log_deviation","cv","dagum":{...},"groups":[...]};
        with --by, an array of such objects, each with "period".
        """

    let json: Bool
    let data: String, variable: String, group: String?, weight: String?, by: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        data = try o.required("--data")
        variable = try o.required("--var")
        group = try o.given("--group")
        weight = try o.given("--weight")
        by = try o.given("--by")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let trend = try Inequality.byPeriod(table: table, variable: variable, by: by, group: group, sampleWeight: weight)
        if json {
            if by != nil { try console.json(trend.rows) } else if let r = trend.rows.first { try console.json(r) }
        } else {
            console.text(trend.summary)
        }
        return ExitStatus.success
    }
}
