import Foundation
import SpatialEconometrics

/// `spatial reliability ...`: Cronbach's alpha, KMO and Bartlett's test of a multi-item scale.
enum ReliabilityCommand: Subcommand {
    static let name = "reliability"
    static let summary = "survey scales: Cronbach's alpha (raw, standardised), KMO (overall, per item), Bartlett's test"
    static let help = """
        usage: spatial reliability --data F --items a,b,c [--complete-cases] [--json]
          --items LIST       the item columns (reverse-keyed items must already be reversed, e.g. 7 - x on a 1..6 scale)
          --complete-cases   drop rows with a missing item (listwise; the dropped rows are reported); default: error
        Raw alpha from sample covariances, standardised alpha from correlations (psych::alpha); KMO and per-item MSA
        (psych::KMO); Bartlett chi2 = -(n - 1 - (2p + 5)/6) ln|R|, df = p(p - 1)/2 (psych::cortest.bartlett).
        JSON: {"cronbach_alpha","standardized_alpha","average_r","n_items","n","kmo","kmo_per_item":{"<item>":...},
               "bartlett":{"chi2","df","p_value"},"item_statistics":[...],"dropped_rows":[...]}
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json"), complete = args.flag("--complete-cases")
        let data = try args.required("--data")
        guard let items = try args.list("--items"), !items.isEmpty else { throw UsageError("missing --items") }
        try args.finish()
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let r = try Reliability(table: table, items: items, dropIncomplete: complete)
        if json { try console.json(r) } else { console.text(r.summary) }
        return ExitStatus.success
    }
}
