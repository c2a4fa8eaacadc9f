import Dispatch
import Foundation

/// Conditional permutation counts for local statistics that are monotone in a unit's weighted lag
/// `L_i = sum_{j != i} w_ij y_j` (local Moran: `I_i = (z_i/m2) L_i`; local G: `G_i = L_i / sum_{j != i} x_j`).
///
/// For every unit with 0 < k_i < n neighbours (self-weights excluded: they are constant under the permutation),
/// R draws replace the neighbours' values by those of k_i distinct other units (see ``LocalPermutationDraws``) and
/// count the draws whose lag is at least / at most the observed one. The simulated lag is summed in the same order
/// as the observed one, so a draw that reproduces the neighbours in order ties exactly. Counts are integers added
/// per unit, so results do not depend on the number of threads or the order of the work.
///
/// - Complexity: O(R sum_i k_i) time; the shared table holds at most 64 MB of draws at a time (segments of
///   draws beyond that); parallel over units.
struct ConditionalPermutation {
    /// Draws with simulated lag >= observed lag, per unit (0 for units not permuted).
    var atLeast: [Int]
    /// Draws with simulated lag <= observed lag, per unit.
    var atMost: [Int]
    /// Whether unit i was permuted (0 < k_i < n).
    var permuted: [Bool]
    let permutations: Int

    /// PySAL's folded pseudo p-value `(min(M, R - M) + 1) / (R + 1)` for unit i, where M counts the draws at least
    /// as large as observed in the statistic's direction: `direction > 0` (statistic increasing in the lag) uses
    /// `atLeast`, `< 0` uses `atMost`, `0` (a statistic identically 0) counts every draw. NaN if not permuted.
    func foldedPValue(unit i: Int, direction: Double) -> Double {
        guard permuted[i] else { return .nan }
        let m = direction > 0 ? atLeast[i] : direction < 0 ? atMost[i] : permutations
        return Double(min(m, permutations - m) + 1) / Double(permutations + 1)
    }

    /// Bytes of shared draws held at once (index + two values per entry).
    static let tableBudget = 64 << 20

    init(values y: [Double], weights w: SparseMatrix, permutations: Int, seed: UInt64, draws: LocalPermutationDraws,
         phase: String, progress: ProgressHandler?, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let n = y.count
        self.permutations = permutations
        // Neighbour lists without self entries, and the observed lags.
        var start = [Int](repeating: 0, count: n + 1), cols = [Int32](), wts = [Double]()
        cols.reserveCapacity(w.nonzeroCount); wts.reserveCapacity(w.nonzeroCount)
        var observed = [Double](repeating: 0, count: n), permuted = [Bool](repeating: false, count: n)
        for i in 0..<n {
            var s = 0.0
            for p in w.rowStart[i]..<w.rowStart[i + 1] where w.columnIndices[p] != i {
                cols.append(Int32(truncatingIfNeeded: w.columnIndices[p])); wts.append(w.values[p])
                s += w.values[p] * y[w.columnIndices[p]]
            }
            start[i + 1] = cols.count
            observed[i] = s
            let k = start[i + 1] - start[i]
            permuted[i] = k > 0 && k < n
        }
        self.permuted = permuted
        let active = permuted.reduce(0) { $0 + ($1 ? 1 : 0) }
        let ge = UnsafeMutableBufferPointer<Int>.allocate(capacity: n), le = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        ge.initialize(repeating: 0); le.initialize(repeating: 0)
        defer { ge.deallocate(); le.deallocate() }
        let reporter = ProgressReporter.make(phase: phase, total: active * permutations, handler: progress)
        let job = Job(y: y, start: start, weights: wts, observed: observed, permuted: permuted, permutations: permutations,
                      seed: seed, atLeast: UnsafeSendableBuffer(ge), atMost: UnsafeSendableBuffer(le), reporter: reporter,
                      workers: max(1, workers))
        if permutations > 0 && active > 0 {
            switch draws {
            case .shared: job.runShared()
            case .independent: job.runIndependent()
            }
        }
        reporter?.finish()
        atLeast = Array(ge)
        atMost = Array(le)
    }

    /// The inputs and outputs shared by the workers.
    struct Job: @unchecked Sendable {
        let y: [Double], start: [Int], weights: [Double], observed: [Double], permuted: [Bool]
        let permutations: Int, seed: UInt64
        let atLeast: UnsafeSendableBuffer<Int>, atMost: UnsafeSendableBuffer<Int>
        let reporter: ProgressReporter?
        /// Sets the number of chunks only (the results do not depend on it; tests vary it to show that).
        let workers: Int

        var n: Int { y.count }

        /// Shared table, in segments of draws that fit the budget. Within a segment the workers take blocks of
        /// units and run each block over tiles of draws small enough to stay in cache.
        func runShared() {
            var kmax = 0
            for i in 0..<n where permuted[i] { kmax = max(kmax, start[i + 1] - start[i]) }
            let segment = max(1, min(permutations, ConditionalPermutation.tableBudget / (kmax * 24)))
            // Rows padded to a multiple of the vector width; padding rows hold NaN, which counts neither way.
            let stride = (segment + 7) / 8 * 8
            let bytes = kmax * stride * MemoryLayout<Double>.stride
            let index = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Double.self, capacity: kmax * stride)
            let below = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Double.self, capacity: kmax * stride)
            let above = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Double.self, capacity: kmax * stride)
            defer { index.deallocate(); below.deallocate(); above.deallocate() }
            let table = Table(index: index, below: below, above: above, stride: stride)
            var first = 0
            while first < permutations {
                let count = min(segment, permutations - first)
                fillTable(table, kmax: kmax, first: first, count: count)
                scanTable(table, count: count)
                first += count
            }
        }

        /// Rows `first ..< first + count` of the shared table: row r is an ordered random kmax-subset of 0..<n-1
        /// from its own stream; stored by column (entry q of every row contiguous) with the values y[t], y[t+1].
        private func fillTable(_ table: Table, kmax: Int, first: Int, count: Int) {
            let chunks = max(1, min(count, workers * 8))
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var picks = [Int](repeating: 0, count: kmax)
                var set = Set<Int>()
                y.withUnsafeBufferPointer { yp in
                    for r in (c * count / chunks)..<((c + 1) * count / chunks) {
                        var g = SeededGenerator.stream(seed: seed, index: first + r)
                        Self.orderedSample(k: kmax, from: n - 1, into: &picks, set: &set, shuffle: true, using: &g)
                        for q in 0..<kmax {
                            let t = picks[q]
                            table.index[q * table.stride + r] = Double(t)
                            table.below[q * table.stride + r] = yp[t]
                            table.above[q * table.stride + r] = yp[t + 1]
                        }
                    }
                }
            }
            for q in 0..<kmax {
                for r in count..<((count + 7) / 8 * 8) {
                    table.index[q * table.stride + r] = 0; table.below[q * table.stride + r] = .nan; table.above[q * table.stride + r] = .nan
                }
            }
        }

        /// Adds every permuted unit's counts over `count` rows of the table: blocks of units run over tiles of
        /// rows that stay in cache; eight draws at a time in vector registers, branch-free.
        private func scanTable(_ table: Table, count: Int) {
            let chunks = max(1, min(n, workers * 16))
            let block = 32, tile = 1024
            let padded = (count + 7) / 8 * 8
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                weights.withUnsafeBufferPointer { wp in
                    var b0 = c * n / chunks
                    let hi = (c + 1) * n / chunks
                    while b0 < hi {
                        let b1 = min(hi, b0 + block)
                        var work = 0
                        var t0 = 0
                        while t0 < padded {
                            let len = min(tile, padded - t0)
                            for i in b0..<b1 where permuted[i] {
                                let s = start[i], k = start[i + 1] - s
                                let unit = SIMD8<Double>(repeating: Double(i)), l = SIMD8<Double>(repeating: observed[i])
                                var ge = SIMD8<Int64>(), le = SIMD8<Int64>()
                                let one = SIMD8<Int64>(repeating: 1)
                                var r = 0
                                while r < len {
                                    var lag = SIMD8<Double>()
                                    for q in 0..<k {
                                        let off = q * table.stride + t0 + r
                                        let t = Self.load(table.index + off), a = Self.load(table.above + off), b = Self.load(table.below + off)
                                        lag += wp[s + q] * b.replacing(with: a, where: t .>= unit)
                                    }
                                    ge &+= SIMD8<Int64>().replacing(with: one, where: lag .>= l)
                                    le &+= SIMD8<Int64>().replacing(with: one, where: lag .<= l)
                                    r += 8
                                }
                                atLeast.buffer[i] += Int(ge.wrappedSum())
                                atMost.buffer[i] += Int(le.wrappedSum())
                                work += min(len, count - t0)
                            }
                            t0 += len
                        }
                        reporter?.advance(by: work)
                        b0 = b1
                    }
                }
            }
        }

        @inline(__always)
        private static func load(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
        }

        /// One stream per unit: Floyd's sampling of k_i units from the n - 1 others, shuffled when weights differ.
        func runIndependent() {
            let chunks = max(1, min(n, workers * 16))
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var picks = [Int](), set = Set<Int>()
                y.withUnsafeBufferPointer { yp in
                    weights.withUnsafeBufferPointer { wp in
                        for i in (c * n / chunks)..<((c + 1) * n / chunks) where permuted[i] {
                            let s = start[i], k = start[i + 1] - s
                            if picks.count < k { picks = [Int](repeating: 0, count: k) }
                            var equal = true
                            for q in 1..<k where wp[s + q] != wp[s] { equal = false; break }
                            var g = SeededGenerator.stream(seed: seed, index: i)
                            let l = observed[i]
                            var nGe = 0, nLe = 0
                            for _ in 0..<permutations {
                                Self.orderedSample(k: k, from: n - 1, into: &picks, set: &set, shuffle: !equal, using: &g)
                                var lag = 0.0
                                for q in 0..<k {
                                    // t + (t >= i ? 1 : 0) without a branch (which mispredicts half the time).
                                    let t = picks[q]
                                    lag += wp[s + q] * yp[t &+ 1 &- Int(UInt(bitPattern: t &- i) >> 63)]
                                }
                                nGe &+= lag >= l ? 1 : 0
                                nLe &+= lag <= l ? 1 : 0
                            }
                            atLeast.buffer[i] = nGe
                            atMost.buffer[i] = nLe
                            reporter?.advance(by: permutations)
                        }
                    }
                }
            }
        }

        /// k distinct integers from 0..<m (Floyd's algorithm; bounded draws by multiply-high, Lemire 2019), in
        /// uniformly random order when `shuffle`. Membership by linear scan for small k, a hash set otherwise.
        @inline(__always)
        static func orderedSample(k: Int, from m: Int, into picks: inout [Int], set: inout Set<Int>, shuffle: Bool,
                                  using g: inout SeededGenerator) {
            picks.withUnsafeMutableBufferPointer { p in
                if k <= 24 {
                    var filled = 0
                    for j in (m - k)..<m {
                        let t = Int(g.next().multipliedFullWidth(by: UInt64(j + 1)).high)
                        var seen = false
                        for q in 0..<filled where p[q] == t { seen = true; break }
                        p[filled] = seen ? j : t
                        filled += 1
                    }
                } else {
                    set.removeAll(keepingCapacity: true)
                    var filled = 0
                    for j in (m - k)..<m {
                        let t = Int(g.next().multipliedFullWidth(by: UInt64(j + 1)).high)
                        let pick = set.insert(t).inserted ? t : j
                        if pick == j { set.insert(j) }
                        p[filled] = pick
                        filled += 1
                    }
                }
                // Floyd's set is uniform but its order is not: a Fisher-Yates shuffle makes the order uniform too.
                if shuffle {
                    for q in 0..<k {
                        let r = q + Int(g.next().multipliedFullWidth(by: UInt64(k - q)).high)
                        p.swapAt(q, r)
                    }
                }
            }
        }
    }

    /// Column-major rows of shared draws: entry q of row r at `q * stride + r`: `index` = t (as a Double, so that
    /// its comparison mask matches the values'), `below` = y[t], `above` = y[t + 1].
    private struct Table: @unchecked Sendable {
        let index: UnsafeMutablePointer<Double>
        let below: UnsafeMutablePointer<Double>
        let above: UnsafeMutablePointer<Double>
        let stride: Int
    }
}
