import Foundation
import SpatialEconometrics

/// `spatial inequality ...`: Gini, Theil T/L with between/within split, CV and Dagum's decomposition.
enum InequalityCommand: Subcommand {
    static let name = "inequality"
    static let summary = "Gini, Theil T and L (between/within groups), CV (sigma convergence), Dagum Gini decomposition"
    static let help = """
        usage: spatial inequality --data F --var X [--group COL] [--weight POP] [--by TIME] [--json]
          --var X        the variable (non-negative, e.g. per-capita GDP)
          --group COL    group labels (e.g. east/central/west/northeast): Theil between/within, Dagum's decomposition
          --weight POP   population weights (positive); default: every unit counts once
          --by TIME      one result per period (sorted numerically when the periods are numbers)
        Gini without small-sample correction (PySAL's Gini); Theil T = GE(1) with Shorrocks' split; Theil L =
        mean log deviation (null if a value is 0); CV = population sd / mean; Dagum (1997) G = G_w + G_nb + G_t.
        JSON: {"gini","theil","theil_between","theil_within","mean_log_deviation","cv","dagum":{...},"groups":[...]};
        with --by, an array of such objects, each with "period".
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json")
        let data = try args.required("--data"), variable = try args.required("--var")
        let group = try args.option("--group"), weight = try args.option("--weight"), by = try args.option("--by")
        try args.finish()
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let trend = try Inequality.byPeriod(table: table, variable: variable, by: by, group: group, weight: weight)
        if json {
            if by != nil { try console.json(trend.rows) } else if let r = trend.rows.first { try console.json(r) }
        } else {
            console.text(trend.summary)
        }
        return ExitStatus.success
    }
}
