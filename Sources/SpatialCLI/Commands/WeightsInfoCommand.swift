import Foundation
import SpatialEconometrics

/// `spatial weights-info W`: diagnostics of a weights file.
struct WeightsInfoCommand: Command {
    static let name = "weights-info"
    static let summary = "diagnostics of a weights file (n, links, islands, symmetry, components)"
    static let synopsis = ["W [--transform row|binary|spectral|symmetrized|none] [--json]"]
    static let positionals = [Positional(name: "W", help: "the weights file (.gal, .gwt, .json, dense or triplet .csv)", missing: "missing the weights file")]
    static let groups = [
        OptionGroup("Weights", [SharedOptions.transform(default: "row", help: "applied before the diagnostics")]),
        OptionGroup("Output", [SharedOptions.json.with(help: "print the diagnostics as JSON on stdout (shape below)")]),
    ]
    static let notes = """
        Reads W and prints: n, non-zero links, islands, neighbour counts (min / mean / max and distribution), symmetry
        (values and pattern), connected components, whether W is similar to a symmetric matrix, row sums.
        JSON: {"n","nonzero","islands":[...],"min_neighbors","max_neighbors","mean_neighbors","symmetric","components", ...}
        """

    let path: String
    let transform: WeightsTransformation
    let json: Bool

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        transform = WeightsTransformation(rawValue: try o.choice("--transform")) ?? .row
        guard let path = o.positionals.first else { throw .missingArgument("missing the weights file") }
        self.path = path
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let w = try WeightsInput(path: path, transform: transform).read(console)
        if json { try console.json(w.diagnostics) } else { console.text("Spatial weights: \(path)\n" + w.diagnostics.summary) }
        return ExitStatus.success
    }
}
