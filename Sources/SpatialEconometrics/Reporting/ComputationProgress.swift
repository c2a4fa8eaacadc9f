import Foundation

/// A snapshot of a long computation's progress: what it is doing, how far it is, and how long it has taken.
///
/// Long computations (permutation tests today) take an optional ``ProgressHandler`` and call it with these values,
/// at most about every 0.2 s, with `fractionCompleted` never decreasing and the last call at exactly 1.
/// The values are plain data, so a handler can forward them anywhere (a terminal line, a log, a UI).
///
/// ```swift
/// let lisa = try LocalMoran(x, weights: w, permutations: 9999, progress: { p in
///     print(p.phase, Int(p.fractionCompleted * 100), "%")
/// })
/// ```
public struct ComputationProgress: Sendable, Codable, Equatable {
    /// What is being computed, e.g. "local Moran permutations".
    public var phase: String
    /// Share of the work done, in [0, 1].
    public var fractionCompleted: Double
    /// Seconds since the computation started.
    public var elapsedSeconds: Double
    /// Estimated seconds left (linear extrapolation of the elapsed time), `nil` before any work is done.
    public var estimatedSecondsRemaining: Double?

    /// A progress snapshot.
    public init(phase: String, fractionCompleted: Double, elapsedSeconds: Double, estimatedSecondsRemaining: Double?) {
        self.phase = phase
        self.fractionCompleted = fractionCompleted
        self.elapsedSeconds = elapsedSeconds
        self.estimatedSecondsRemaining = estimatedSecondsRemaining
    }

    /// Whether this is the final report of its phase (`fractionCompleted == 1`).
    public var isFinished: Bool { fractionCompleted >= 1 }
}

extension ComputationProgress: CustomStringConvertible {
    /// One status line: `"local Moran permutations  45%  3.2 s elapsed, about 4.1 s left"`; when finished,
    /// `"local Moran permutations  100%  7.4 s"`.
    public var description: String {
        let fraction = fractionCompleted.isFinite ? min(max(fractionCompleted, 0), 1) : 0  // NaN would trap in Int(_:)
        let percent = Int((fraction * 100).rounded(.down))
        let head = "\(phase)  \(percent)%  \(Self.duration(elapsedSeconds))"
        if isFinished { return head }
        return head + " elapsed" + (estimatedSecondsRemaining.map { ", about \(Self.duration($0)) left" } ?? "")
    }

    /// `"3.2 s"`, `"2 min 05 s"`, `"1 h 02 min"`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        guard seconds < 3.6e12 else { return "over 10^9 h" }  // keeps Int(_:) below in range
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}

/// Receives ``ComputationProgress`` reports. Called from worker threads (one call at a time, never concurrently),
/// so it must be `@Sendable` and quick: it runs while the reporting worker waits.
public typealias ProgressHandler = @Sendable (ComputationProgress) -> Void
