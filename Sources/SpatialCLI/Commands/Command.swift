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
