import Foundation
import SpatialEconometrics

/// One subcommand: its name, a one-line summary, its `--help` text, and the work.
protocol Subcommand {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    static func run(_ arguments: inout Arguments) throws
}

/// Every subcommand, in the order `--help` lists them.
func allSubcommands() -> [any Subcommand.Type] {
    [WeightsCommand.self, WeightsInfoCommand.self, MoranCommand.self, OLSCommand.self, FitCommand.self, TestsCommand.self, DemoCommand.self,
     EntropyCommand.self, CouplingCommand.self, InequalityCommand.self, ReliabilityCommand.self]
}
let subcommands = allSubcommands()

func overview() -> String {
    var s = "spatial: spatial econometrics from the command line (SpatialEconometrics library)\n\nusage: spatial <command> [options]\n\ncommands:\n"
    for c in allSubcommands() { s += "  " + c.name.padding(toLength: 14, withPad: " ", startingAt: 0) + c.summary + "\n" }
    s += "\n`spatial <command> --help` describes a command's options. Add --json for machine-readable output (stdout);"
    s += "\nlong computations draw a progress line on stderr, which --quiet (any command) turns off."
    return s
}

var argv = Array(CommandLine.arguments.dropFirst())
// Global options, accepted before or after the command.
let quiet = argv.contains("--quiet")
argv.removeAll { $0 == "--quiet" }
guard let first = argv.first, first != "--help", first != "-h", first != "help" else {
    Output.text(overview())
    exit(argv.isEmpty ? 2 : 0)
}
guard let command = subcommands.first(where: { $0.name == first }) else {
    Output.error("unknown command '\(first)' (commands: \(subcommands.map { $0.name }.joined(separator: ", ")))")
    exit(2)
}
argv.removeFirst()
if argv.contains("--help") || argv.contains("-h") {
    Output.text(command.help)
    exit(0)
}
var arguments = Arguments(argv, quiet: quiet)
do {
    try command.run(&arguments)
} catch let e as UsageError {
    Output.error("\(command.name): \(e.description) (see `spatial \(command.name) --help`)")
    exit(2)
} catch {
    Output.error("\(command.name): \(error)")
    exit(1)
}
