import Foundation
import SpatialEconometrics

/// The `spatial` command-line tool as a function: arguments in, output to a sink, an exit status back.
/// The executable is `exit(SpatialTool.run(Array(CommandLine.arguments.dropFirst())))`; tests call
/// ``run(_:output:environment:)`` with a ``CapturedOutput``'s sink.
public enum SpatialTool {
    /// Every command, in the order `spatial --help` lists them.
    static var commands: [any Command.Type] {
        [WeightsCommand.self, WeightsInfoCommand.self, MoranCommand.self, OLSCommand.self, FitCommand.self, GMMCommand.self, TestsCommand.self, DemoCommand.self,
         EntropyCommand.self, ObstacleCommand.self, GreyCommand.self, CouplingCommand.self, InequalityCommand.self, ReliabilityCommand.self, TableCommand.self,
         KDECommand.self, MarkovCommand.self, ConvergenceCommand.self, GravityCommand.self]
    }

    /// The options every command takes, accepted before or after the command name.
    static let globalOptions = OptionGroup("Global options", [
        Option("--quiet", .flag, help: "no progress line on stderr (stdout is never touched; errors and warnings still go to stderr)"),
        Option("--help", .flag, help: "this help (also -h)"),
    ])

    static var overview: String {
        var s = "spatial: spatial econometrics from the command line (SpatialEconometrics library)\n\nusage: spatial <command> [options]\n\ncommands:\n"
        for c in commands { s += "  " + c.name.padding(toLength: 14, withPad: " ", startingAt: 0) + c.summary + "\n" }
        s += "\n`spatial <command> --help` describes a command's options. Add --json for machine-readable output (stdout);"
        s += "\nlong computations draw a progress line on stderr, which --quiet (any command) turns off."
        return s
    }

    /// Runs `spatial` with `arguments` (without the program name).
    /// - Returns: the exit status: 0 success, 1 failure, 2 usage error, 3 a fit at a bound (`spatial fit`).
    public static func run(_ arguments: [String], output: OutputSink = .standard,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        invoke(arguments, output: output, environment: environment).status
    }

    /// What one run did: its status, and which options were given and which the command read (for the tests that
    /// check that nothing given is ignored).
    struct Invocation {
        let status: Int32
        let command: String?
        let given: [String]
        let read: Set<String>
        var unread: [String] { given.filter { !read.contains($0) } }
    }

    static func invoke(_ arguments: [String], output: OutputSink, environment: [String: String]) -> Invocation {
        let console = Console(sink: output)
        var argv = arguments
        // Global options, accepted before or after the command.
        let quiet = argv.contains("--quiet")
        argv.removeAll { $0 == "--quiet" }
        guard let first = argv.first, first != "--help", first != "-h", first != "help" else {
            console.text(overview)
            return Invocation(status: argv.isEmpty ? ExitStatus.usage : ExitStatus.success, command: nil, given: [], read: [])
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.error("unknown command '\(first)' (commands: \(commands.map { $0.name }.joined(separator: ", ")))")
            return Invocation(status: ExitStatus.usage, command: nil, given: [], read: [])
        }
        argv.removeFirst()
        if argv.contains("--help") || argv.contains("-h") {
            console.text(command.help)
            return Invocation(status: ExitStatus.success, command: command.name, given: [], read: [])
        }
        return execute(command, argv, CommandContext(console: console, quiet: quiet, environment: environment))
    }

    /// Parses, reads, refuses what was not read, runs; errors become one line on stderr and a status.
    static func execute<C: Command>(_ command: C.Type, _ arguments: [String], _ context: CommandContext) -> Invocation {
        var given = [String](), read = Set<String>()
        let status: Int32
        do {
            // A last positional named `X...` takes any number of arguments.
            let variadic = C.positionals.last?.name.hasSuffix("...") ?? false
            var options = try ParsedOptions(command: C.name, options: C.options, maximumPositionals: variadic ? Int.max : C.positionals.count,
                                            arguments: arguments, elsewhere: declaredElsewhere(than: C.name))
            defer { given = options.given; read = options.read }
            let configured = try C(&options)
            let unread = options.unread
            if !unread.isEmpty { throw UsageError.doesNotApply(unread, mode: configured.mode) }
            status = try configured.run(context)
        } catch let e as UsageError {
            context.console.error("\(C.name): \(e.description) (see `spatial \(C.name) --help`)")
            status = ExitStatus.usage
        } catch {
            context.console.error("\(C.name): \(error)")
            status = ExitStatus.failure
        }
        return Invocation(status: status, command: C.name, given: given, read: read)
    }

    /// For each option name, the other commands that declare it.
    static func declaredElsewhere(than name: String) -> [String: [String]] {
        var out = [String: [String]]()
        for c in commands where c.name != name {
            for o in c.options where !(out[o.name]?.contains(c.name) ?? false) { out[o.name, default: []].append(c.name) }
        }
        return out
    }
}
