import Foundation
import SpatialEconometrics

/// The progress line on stderr: `phase  percent  elapsed, time left`, rewritten in place with a carriage return
/// and closed with a newline when the phase finishes. Never written to stdout, so `--json` output stays clean.
///
/// A command gets it in one line, `let progress = context.progress` (nil with the global `--quiet`), and passes
/// `progress` to any library computation that takes a ``ProgressHandler``. It is written to the run's
/// ``OutputSink`` (its standard error), never to the process's streams directly.
///
/// Work that finishes within `after` seconds (default 1, or the environment variable `SPATIAL_PROGRESS_AFTER` of
/// the run) draws nothing: the line is for computations long enough to wait for.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var width = 0
    private var shown = false
    private let after: Double
    private let write: @Sendable (String) -> Void

    /// A line written with `write` (a sink's standard error).
    init(after: Double = 1, write: @escaping @Sendable (String) -> Void) {
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
