import Foundation
import SpatialEconometrics

/// One subcommand: its name, a one-line summary, its `--help` text, and the work.
protocol Subcommand {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws -> Int32
}

/// The `spatial` command-line tool as a function: arguments in, output to a sink, an exit status back.
/// The executable is `exit(SpatialTool.run(Array(CommandLine.arguments.dropFirst())))`; tests call ``run(_:output:environment:)``
/// with a ``CapturedOutput``.
public enum SpatialTool {
    /// Every subcommand, in the order `--help` lists them.
    static var subcommands: [any Subcommand.Type] { [
        WeightsCommand.self, WeightsInfoCommand.self, MoranCommand.self, OLSCommand.self, FitCommand.self, TestsCommand.self, DemoCommand.self,
        EntropyCommand.self, CouplingCommand.self, InequalityCommand.self, ReliabilityCommand.self,
    ] }

    static var overview: String {
        var s = "spatial: spatial econometrics from the command line (SpatialEconometrics library)\n\nusage: spatial <command> [options]\n\ncommands:\n"
        for c in subcommands { s += "  " + c.name.padding(toLength: 14, withPad: " ", startingAt: 0) + c.summary + "\n" }
        s += "\n`spatial <command> --help` describes a command's options. Add --json for machine-readable output (stdout);"
        s += "\nlong computations draw a progress line on stderr, which --quiet (any command) turns off."
        return s
    }

    /// Runs `spatial` with `arguments` (without the program name).
    /// - Returns: the exit status: 0 success, 1 failure, 2 usage error, 3 a fit at a bound (`spatial fit`).
    public static func run(_ arguments: [String], output: OutputSink = .standard,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        let console = Console(sink: output)
        var argv = arguments
        // Global options, accepted before or after the command.
        let quiet = argv.contains("--quiet")
        argv.removeAll { $0 == "--quiet" }
        guard let first = argv.first, first != "--help", first != "-h", first != "help" else {
            console.text(overview)
            return argv.isEmpty ? ExitStatus.usage : ExitStatus.success
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            console.error("unknown command '\(first)' (commands: \(subcommands.map { $0.name }.joined(separator: ", ")))")
            return ExitStatus.usage
        }
        argv.removeFirst()
        if argv.contains("--help") || argv.contains("-h") {
            console.text(command.help)
            return ExitStatus.success
        }
        var parsed = Arguments(argv)
        let context = CommandContext(console: console, quiet: quiet, environment: environment)
        do {
            return try command.run(&parsed, context)
        } catch let e as UsageError {
            console.error("\(command.name): \(e.description) (see `spatial \(command.name) --help`)")
            return ExitStatus.usage
        } catch {
            console.error("\(command.name): \(error)")
            return ExitStatus.failure
        }
    }
}
