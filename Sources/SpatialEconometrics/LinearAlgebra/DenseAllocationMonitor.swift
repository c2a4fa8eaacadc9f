import Foundation

/// Records the largest dense matrix formed while an operation runs, so that tests can prove a large-N path forms no
/// n x n matrix (the "no dense allocation" guard).
///
/// Every ``Matrix`` initialiser reports its shape; a matrix whose smaller dimension exceeds ``floor`` is recorded
/// as that dimension when a monitor is active for the current task (`@TaskLocal`, so concurrently running work in
/// other tasks is not mixed in). Work dispatched to other threads (`DispatchQueue.concurrentPerform`) is outside the
/// task and not recorded; the package forms only per-probe vectors there.
///
/// ```swift
/// let (fit, largest) = try DenseAllocationMonitor.largestDimension { try SpatialRegression(.sem, data: d, weights: w) }
/// // largest < n: no n x n matrix was formed
/// ```
enum DenseAllocationMonitor {
    /// Matrices with a smaller dimension at or below this are not recorded (designs, k x k products, probe blocks).
    static let floor = 64

    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func record(_ dimension: Int) {
            lock.lock()
            value = max(value, dimension)
            lock.unlock()
        }
        var largest: Int {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
    }

    @TaskLocal static var current: Recorder?

    /// Called by every ``Matrix`` initialiser.
    @inline(__always) static func note(rows: Int, columns: Int) {
        let smaller = min(rows, columns)
        guard smaller > floor, let recorder = current else { return }
        recorder.record(smaller)
    }

    /// Runs `operation` and returns its result with the largest smaller dimension of any matrix it formed (0 when none
    /// exceeded ``floor``).
    static func largestDimension<T>(_ operation: () throws -> T) rethrows -> (result: T, largest: Int) {
        let recorder = Recorder()
        let result = try $current.withValue(recorder) { try operation() }
        return (result, recorder.largest)
    }
}
