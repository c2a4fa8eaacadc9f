import Foundation
import SpatialEconometrics

/// `spatial reliability ...`: Cronbach's alpha, KMO and Bartlett's test of a multi-item scale.
struct ReliabilityCommand: Command {
    static let name = "reliability"
    static let summary = "survey scales: Cronbach's alpha (raw, standardised), KMO (overall, per item), Bartlett's test"
    static let synopsis = ["--data F --items a,b,c [--complete-cases] [--json]"]
    static let groups = [
        SharedOptions.dataGroup(
            Option("--items", .list, "LIST", help: "the item columns (reverse-keyed items must already be reversed, e.g. 7 - x on a 1..6 scale)"),
            Option("--complete-cases", .flag, help: "drop rows with a missing item (listwise; the dropped rows are reported); without it a missing item is an error")),
        SharedOptions.outputGroup,
    ]
    static let notes = """
        Raw alpha from sample covariances, standardised alpha from correlations (psych::alpha); KMO and per-item MSA
        (psych::KMO); Bartlett chi2 = -(n - 1 - (2p + 5)/6) ln|R|, df = p(p - 1)/2 (psych::cortest.bartlett).
        JSON: {"cronbach_alpha","standardized_alpha","average_r","n_items","n","kmo","kmo_per_item":{"<item>":...},
               "bartlett":{"chi2","df","p_value"},"item_statistics":[...],"dropped_rows":[...]}
        """

    let json: Bool, complete: Bool
    let data: String, items: [String]

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        complete = try o.flag("--complete-cases")
        data = try o.required("--data")
        items = try o.requiredList("--items")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let r = try Reliability(table: table, items: items, dropIncomplete: complete)
        if json { try console.json(r) } else { console.text(r.summary) }
        return ExitStatus.success
    }
}
