import Foundation
import SpatialEconometrics

/// `spatial obstacle ...`: the obstacle degree model of a composite index, per unit and period.
struct ObstacleCommand: Command {
    static let name = "obstacle"
    static let summary = "obstacle degree model: factor contribution, deviation, obstacle degree per indicator and dimension, main obstacle factors"
    static let synopsis = [
        "--data F --indicators a:+,b:-,c:+ [--unit ID --time T] [--groups \"dim1=a,b;dim2=c\"]",
        "   [weighting options as for `spatial entropy`] [--top K] [--period P] [--json]",
    ]
    static let groups = SharedOptions.indexGroups() + [
        OptionGroup("Output", [
            Option("--top", .count(limit: 1000), "K", default: "5", help: "how many main obstacle factors the table lists per unit"),
            Option("--period", .value, "P", help: "list the main obstacle factors of this period only (default: the last period of a panel)"),
            SharedOptions.json,
        ]),
    ]
    static let notes = """
        O_ij = F_j I_ij / sum_k F_k I_ik, F_j = w_j (dimension weight x weight within the dimension), I_ij = 1 - x'_ij;
        a dimension's obstacle degree is the sum of its indicators'. Shares in JSON (summing to 1), % in the tables.
        JSON: {"weights":[...as entropy],"group_weights":[...],"obstacles":[{"unit","time","row","score","deviation_sum",
               "deviations":{...},"indicators":{"<indicator>":O_ij},"groups":{"<group>":U_ig},"top":[...]}],"periods","filled"}
        """

    let json: Bool
    let input: IndexInput
    let top: Int, period: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        input = try IndexInput(&o)
        top = try o.count("--top") ?? 5
        period = try o.given("--period")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try input.table()
        let indicators = try input.indicators(), groups = try input.groups()
        let model: ObstacleDegree
        if let panel = try input.panel(table) {
            model = try ObstacleDegree(panel: panel, indicators: indicators, groups: groups, options: input.options, gapFilling: input.gapFilling)
        } else {
            model = try ObstacleDegree(table: table, indicators: indicators, unit: input.unit, by: input.time, groups: groups, options: input.options)
        }
        if let period, !model.periods.contains(period) {
            throw UsageError.invalid("--period", message: "--period '\(period)' is not among the periods (\(model.periods.joined(separator: ", ")))")
        }
        if json {
            try console.json(model)
        } else {
            var s = model.indicatorTable.text
            if let d = model.dimensionTable { s += "\n\n" + d.text }
            s += "\n\n" + model.topFactorsTable(count: top, period: period ?? model.periods.last).text
            if !model.filled.isEmpty { s += "\n\n" + FilledCell.table(model.filled).text }
            console.text(s)
        }
        return ExitStatus.success
    }
}
