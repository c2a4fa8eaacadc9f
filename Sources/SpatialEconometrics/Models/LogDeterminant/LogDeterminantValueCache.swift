import Foundation

/// The last few exact values of a factorisation-based log-determinant, keyed by the exact rho.
///
/// A likelihood maximisation asks for the same rho more than once (a Newton step's acceptance value, then the
/// five-point traces centred there, then the estimate's log-likelihood): each repeat would otherwise cost a sparse
/// factorisation. Thread-safe (the five-point traces evaluate in parallel); values are bit-identical to a fresh
/// factorisation, since the same rho gives the same arithmetic.
final class LogDeterminantValueCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(rho: Double, value: Double)] = []
    private let capacity: Int

    init(capacity: Int = 16) { self.capacity = capacity }

    /// The cached value at exactly this rho, or `compute()`'s (then cached).
    func value(at rho: Double, _ compute: () -> Double) -> Double {
        lock.lock()
        if let hit = entries.first(where: { $0.rho == rho }) { lock.unlock(); return hit.value }
        lock.unlock()
        let v = compute()
        lock.lock()
        if !entries.contains(where: { $0.rho == rho }) {
            entries.append((rho, v))
            if entries.count > capacity { entries.removeFirst() }
        }
        lock.unlock()
        return v
    }
}
