import Foundation
import SpatialEconometrics

/// `spatial grey ...`: grey relational analysis (Deng's grade) of an indicator system, with a ranking.
struct GreyCommand: Command {
    static let name = "grey"
    static let summary = "grey relational analysis: Deng's grey relational coefficients and grade (resolution coefficient rho), ranking"
    static let synopsis = [
        "--data F --indicators a:+,b:-,c:+ [--unit ID --time T] [--resolution RHO] [--reference a=V,b=V,...]",
        "   [--weighted-grade [weighting options as for `spatial entropy`]] [--json]",
    ]
    static let groups = SharedOptions.indexGroups(dimensions: false) + [
        OptionGroup("Grey relational analysis", [
            Option("--resolution", .number, "RHO", default: "0.5", help: "the resolution (distinguishing) coefficient rho in (0, 1]"),
            Option("--reference", .list, "a=V,b=V", help: """
                a reference sequence in the indicators' raw units, one value per indicator (normalised like the data); \
                default: the optimum (the best normalised value of each indicator)
                """),
            Option("--weighted-grade", .flag, help: "grade = sum w_j xi_ij with the --weighting weights instead of the mean of xi"),
        ]),
        SharedOptions.outputGroup,
    ]
    static let notes = """
        Delta_ij = |x'_0j - x'_ij|; xi_ij = (min Delta + rho max Delta) / (Delta_ij + rho max Delta) over the observations
        normalised together; grade = mean (or weighted mean) of xi, ranked within each period.
        JSON: {"grades":[{"unit","time","row","grade","rank","coefficients":{...}}],"blocks":[{"time","delta_min","delta_max",
               "reference"}],"weights":[...as entropy],"grey_options":{...},"periods","filled"}
        """

    let json: Bool, weighted: Bool
    let input: IndexInput
    let resolution: Double
    let reference: [String: Double]?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        input = try IndexInput(&o, dimensions: false)
        resolution = try o.number("--resolution") ?? 0.5
        weighted = try o.flag("--weighted-grade")
        if let items = try o.list("--reference") {
            var r = [String: Double]()
            for item in items {
                let bits = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard bits.count == 2, !bits[0].isEmpty else { throw .invalid("--reference", message: "--reference takes name=value items, not '\(item)'") }
                guard let v = Double(bits[1]), v.isFinite else { throw .notANumber("--reference", value: bits[1]) }
                r[bits[0]] = v
            }
            reference = r
        } else {
            reference = nil
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try input.table()
        let indicators = try input.indicators()
        let grey = GreyRelationalOptions(resolution: resolution, reference: reference, weighted: weighted)
        let gra: GreyRelationalAnalysis
        if let panel = try input.panel(table) {
            gra = try GreyRelationalAnalysis(panel: panel, indicators: indicators, options: input.options, greyOptions: grey, gapFilling: input.gapFilling)
        } else {
            gra = try GreyRelationalAnalysis(table: table, indicators: indicators, unit: input.unit, by: input.time, options: input.options, greyOptions: grey)
        }
        if json { try console.json(gra) } else { console.text(gra.summary) }
        return ExitStatus.success
    }
}
