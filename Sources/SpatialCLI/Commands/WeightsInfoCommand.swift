import Foundation
import SpatialEconometrics

/// `spatial weights-info W`: diagnostics of a weights file.
enum WeightsInfoCommand: Subcommand {
    static let name = "weights-info"
    static let summary = "diagnostics of a weights file (n, links, islands, symmetry, components)"
    static let help = """
        usage: spatial weights-info W [--transform row|binary|spectral|symmetrized|none] [--json]

        Reads W (.gal, .gwt, .json, dense or triplet .csv) and prints: n, non-zero links, islands, neighbour
        counts (min / mean / max and distribution), symmetry (values and pattern), connected components, whether
        W is similar to a symmetric matrix, row sums.
          --transform T   applied before the diagnostics (default row)
          --json          {"n","nonzero","islands":[...],"min_neighbors","max_neighbors","mean_neighbors",
                           "symmetric","components", ...}
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json")
        let t = WeightsTransformation(rawValue: try args.choice("--transform", WeightsTransformation.allCases.map(\.rawValue), default: "row")) ?? .row
        try args.finish(maxPositionals: 1)
        guard let path = args.positionals.first else { throw UsageError("missing the weights file") }
        let w = try WeightsInput(path: path, transform: t, idColumn: nil, byPosition: false, dropMissing: false).read(console)
        if json { try console.json(w.diagnostics) } else { console.text("Spatial weights: \(path)\n" + w.diagnostics.summary) }
        return ExitStatus.success
    }
}
