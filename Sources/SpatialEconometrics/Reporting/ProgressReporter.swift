import Foundation

/// Turns work counted by parallel workers into throttled ``ComputationProgress`` reports.
///
/// Workers call ``advance(by:)`` with the units of work they finished (a chunk, not a single draw); the reporter
/// adds them up under a lock and calls the handler when at least `interval` seconds have passed since the last
/// report. Reports are serialised, their fractions never decrease, and ``finish()`` sends the closing report at
/// exactly 1 (once). The first report (fraction 0) is sent on creation, so a handler learns the phase at once.
///
/// - Complexity: ``advance(by:)`` is O(1): a lock, an addition and a clock read; call it per chunk of work.
public final class ProgressReporter: @unchecked Sendable {
    /// The phase named in every report.
    public let phase: String
    /// Units of work in the whole computation.
    public let total: Double
    private let handler: ProgressHandler
    private let interval: Double
    private let start: UInt64
    private let lock = NSLock()
    private var done = 0.0
    private var lastReport: UInt64
    private var lastFraction = 0.0
    private var finished = false

    /// A reporter for `total` units of work, reporting to `handler` at most every `interval` seconds.
    public init(phase: String, total: Int, interval: Double = 0.2, handler: @escaping ProgressHandler) {
        self.phase = phase
        self.total = Double(max(total, 1))
        self.handler = handler
        self.interval = interval
        start = DispatchTime.now().uptimeNanoseconds
        lastReport = start
        handler(ComputationProgress(phase: phase, fractionCompleted: 0, elapsedSeconds: 0, estimatedSecondsRemaining: nil))
    }

    /// A reporter when `handler` is given, else `nil` (so that callers write `reporter?.advance(by: k)`).
    public static func make(phase: String, total: Int, handler: ProgressHandler?) -> ProgressReporter? {
        handler.map { ProgressReporter(phase: phase, total: total, handler: $0) }
    }

    /// Records `units` more units of work done; reports if the interval has passed.
    public func advance(by units: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        done += Double(units)
        let now = DispatchTime.now().uptimeNanoseconds
        guard Double(now &- lastReport) * 1e-9 >= interval else { return }
        // Below 1 until finish(): the closing report is finish()'s.
        let fraction = min(max(done / total, lastFraction), 0.999_999)
        lastReport = now
        lastFraction = fraction
        handler(snapshot(fraction: fraction, now: now))
    }

    /// Sends the closing report (fraction 1); later calls to ``advance(by:)`` and ``finish()`` do nothing.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        lastFraction = 1
        handler(snapshot(fraction: 1, now: DispatchTime.now().uptimeNanoseconds))
    }

    private func snapshot(fraction: Double, now: UInt64) -> ComputationProgress {
        let elapsed = Double(now &- start) * 1e-9
        let left: Double? = fraction > 0 ? elapsed * (1 - fraction) / fraction : nil
        return ComputationProgress(phase: phase, fractionCompleted: fraction, elapsedSeconds: elapsed, estimatedSecondsRemaining: left)
    }
}
