import Foundation
import SpatialEconometrics

/// What a running command is given: where to write, the global `--quiet`, and the run's environment.
struct CommandContext: Sendable {
    let console: Console
    /// The global `--quiet`: no progress line on stderr (errors and warnings still go there).
    let quiet: Bool
    let environment: [String: String]

    /// The progress handler for this run: a ``ProgressLine`` on the sink's stderr, or `nil` with `--quiet`.
    /// `SPATIAL_PROGRESS_AFTER` (seconds, default 1) in the run's environment delays the line.
    var progress: ProgressHandler? {
        if quiet { return nil }
        let after = environment["SPATIAL_PROGRESS_AFTER"].flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } ?? 1
        return ProgressLine(after: after, write: console.sink.standardError).handler
    }
}

/// Exit statuses of `spatial`.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    /// A fit at a bound of its feasible interval (``BoundPolicy``).
    static let atBound: Int32 = 3
}

/// A `spatial` subcommand, declared once: its options (``groups``) generate both its parsing and its `--help`.
///
/// A command's life is two steps, which the runner (``SpatialTool``) keeps apart:
/// 1. ``init(_:)`` reads the parsed options into the command's configuration (usage errors are thrown here; an
///    option is read only in the mode where it is used);
/// 2. the runner refuses any option given but not read (``ParsedOptions/unread``), naming ``mode``;
/// 3. ``run(_:)`` does the work and writes through the context, returning the exit status.
protocol Command: Sendable {
    static var name: String { get }
    static var summary: String { get }
    /// The usage lines after `spatial <name>`, one per mode (every option they name is declared: a test checks).
    static var synopsis: [String] { get }
    /// Every option the command takes, in groups; the shared groups come from ``SharedOptions``.
    static var groups: [OptionGroup] { get }
    static var positionals: [Positional] { get }
    /// Prose after the options: the method, the JSON shape, exit statuses.
    static var notes: String { get }

    /// Reads the options (the only place a command reads them).
    init(_ options: inout ParsedOptions) throws(UsageError)

    /// The chosen mode, for "X does not apply to <mode>" (e.g. "a cross-section SEM fit").
    var mode: String { get }

    func run(_ context: CommandContext) throws -> Int32
}

extension Command {
    static var positionals: [Positional] { [] }
    static var notes: String { "" }
    /// Every declared option, in help order.
    static var options: [Option] { groups.flatMap(\.options) }
    static var help: String { HelpFormatter.help(for: self) }
    var mode: String { "`spatial \(Self.name)`" }
}
