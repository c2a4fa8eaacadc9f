import Foundation

/// Where a command's output goes: standard output text (results, `--json`) and standard error text (errors,
/// warnings, the progress line). Commands never write to the process's streams themselves; the `spatial`
/// executable passes ``standard``, tests pass a ``CapturedOutput``'s sink.
public struct OutputSink: Sendable {
    /// Writes text to standard output (no newline is added).
    public let standardOutput: @Sendable (String) -> Void
    /// Writes text to standard error (no newline is added).
    public let standardError: @Sendable (String) -> Void

    public init(standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The process's standard output and standard error.
    public static let standard = OutputSink(standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
                                            standardError: { FileHandle.standardError.write(Data($0.utf8)) })
}

/// A sink that keeps everything written to it, for running commands in-process (tests, embedding). Safe to
/// write from several threads (the progress line is drawn from the computation's workers).
public final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    public init() {}

    /// Everything written to standard output so far.
    public var standardOutput: String { lock.withLock { out } }
    /// Everything written to standard error so far.
    public var standardError: String { lock.withLock { err } }

    /// The sink that appends to this capture.
    public var sink: OutputSink {
        OutputSink(standardOutput: { [self] s in lock.withLock { out += s } }, standardError: { [self] s in lock.withLock { err += s } })
    }
}
