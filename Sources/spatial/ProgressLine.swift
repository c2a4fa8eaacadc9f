import Foundation
import SpatialEconometrics

/// The progress line on stderr: `phase  percent  elapsed, time left`, rewritten in place with a carriage return
/// and closed with a newline when the phase finishes. Never written to stdout, so `--json` output stays clean.
///
/// A subcommand gets it in one line, `let progress = args.progress` (nil with the global `--quiet`), and passes
/// `progress` to any library computation that takes a ``ProgressHandler``.
///
/// Work that finishes within `after` seconds (default 1, or the environment variable `SPATIAL_PROGRESS_AFTER`)
/// draws nothing: the line is for computations long enough to wait for.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var width = 0
    private var shown = false
    private let after: Double
    private let write: @Sendable (String) -> Void

    /// A line written with `write` (stderr by default).
    init(after: Double = Double(ProcessInfo.processInfo.environment["SPATIAL_PROGRESS_AFTER"] ?? "") ?? 1,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.after = after
        self.write = write
    }

    /// Draws one report; pads with spaces over a longer previous line.
    func show(_ p: ComputationProgress) {
        lock.lock()
        defer { lock.unlock() }
        // A phase that has not been drawn yet is drawn once it has run `after` seconds (or at once when after = 0).
        if !shown && !(after <= 0 || p.elapsedSeconds >= after) { return }
        shown = !p.isFinished
        let text = p.description
        let pad = String(repeating: " ", count: max(0, width - text.count))
        width = p.isFinished ? 0 : text.count
        write("\r" + text + pad + (p.isFinished ? "\n" : ""))
    }

    /// The handler that draws on this line.
    var handler: ProgressHandler { { [self] in show($0) } }
}

extension Arguments {
    /// The progress handler for this run: a stderr ``ProgressLine``, or `nil` with `--quiet`.
    var progress: ProgressHandler? { quiet ? nil : ProgressLine().handler }
}
