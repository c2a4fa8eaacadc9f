import Dispatch
import Foundation

/// Runs permutation draws in parallel with one seeded stream per draw (global statistics) or per unit
/// (conditional permutations of local statistics), so results are identical whatever the number of threads.
enum PermutationEngine {
    /// `count` draws of `statistic(permuted values)`; draw r permutes `values` with `SeededGenerator.stream(seed, r)`.
    /// Parallel over all cores in chunks of draws; each draw depends only on its own stream, so the result is the
    /// same for any number of threads. Reports to `progress` (phase `phase`) per draw, throttled.
    static func globalDraws(values: [Double], count: Int, seed: UInt64, phase: String = "permutations", progress: ProgressHandler? = nil,
                            statistic: @Sendable ([Double]) -> Double) -> [Double] {
        guard count > 0 else { return [] }
        let reporter = ProgressReporter.make(phase: phase, total: count, handler: progress)
        defer { reporter?.finish() }
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        defer { results.deallocate() }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = min(count, workers * 8)
        let base = UnsafeSendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local = values
            let lo = c * count / chunks, hi = (c + 1) * count / chunks
            for r in lo..<hi {
                var g = SeededGenerator.stream(seed: seed, index: r)
                // Reset in place (assigning `values` would share its storage and copy on every shuffle).
                for j in values.indices { local[j] = values[j] }
                local.shuffle(using: &g)
                base.buffer[r] = statistic(local)
                reporter?.advance(by: 1)
            }
        }
        return Array(results)
    }

    /// Runs `body(unit, generator)` for every unit in parallel, each with its own stream.
    static func perUnit(count n: Int, seed: UInt64, body: @Sendable (Int, inout SeededGenerator) -> Void) {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = max(1, min(n, workers * 16))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * n / chunks, hi = (c + 1) * n / chunks
            for i in lo..<hi {
                var g = SeededGenerator.stream(seed: seed, index: i)
                body(i, &g)
            }
        }
    }

    /// Pseudo p-value `(M + 1) / (R + 1)` where M counts draws at least as extreme as `observed` in the
    /// direction of `alternative` (Hope 1968; spdep's `moran.mc`). Two-sided doubles the smaller tail (capped at 1).
    static func pseudoPValue(observed: Double, draws: [Double], alternative: Alternative) -> Double {
        let r = Double(draws.count)
        guard r > 0 else { return .nan }
        let greater = Double(draws.reduce(0) { $0 + ($1 >= observed ? 1 : 0) })
        let less = Double(draws.reduce(0) { $0 + ($1 <= observed ? 1 : 0) })
        switch alternative {
        case .greater: return (greater + 1) / (r + 1)
        case .less: return (less + 1) / (r + 1)
        case .twoSided: return min(1, 2 * (min(greater, less) + 1) / (r + 1))
        }
    }
}

/// A buffer shared by parallel workers that write disjoint indices.
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ b: UnsafeMutableBufferPointer<T>) { buffer = b }
}

/// Summary of permutation draws.
public struct PermutationSummary: Sendable, Codable, Equatable {
    /// The number of permutations R.
    public let permutations: Int
    /// The seed of the draws (draw r uses its own stream derived from it).
    public let seed: UInt64
    /// The mean of the statistic over the draws.
    public let mean: Double
    /// The standard deviation of the statistic over the draws (n - 1 denominator).
    public let standardDeviation: Double
    /// The pseudo p-value `(M + 1)/(R + 1)` for the test's alternative.
    public let pValue: Double

    init(observed: Double, draws: [Double], seed: UInt64, alternative: Alternative) {
        permutations = draws.count
        self.seed = seed
        let m = draws.reduce(0, +) / Double(max(draws.count, 1))
        mean = m
        standardDeviation = draws.count > 1 ? (draws.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(draws.count - 1)).squareRoot() : .nan
        pValue = PermutationEngine.pseudoPValue(observed: observed, draws: draws, alternative: alternative)
    }
}
