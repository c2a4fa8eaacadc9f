import Dispatch
import Foundation

/// Runs Hutchinson-style probes (Hutchinson 1990): Rademacher vectors `z` (entries +-1 with probability 1/2,
/// `E[z z'] = I`, so `E[z' B z] = tr(B)` with the smallest variance among i.i.d. probes), probe `l` drawn from
/// `SeededGenerator.stream(seed:index: l)`, processed in interleaved blocks of four in parallel. Results are the
/// same whatever the number of threads.
enum StochasticProbes {
    /// Block width: four vectors share one pass over the sparse matrix.
    static let width = 4

    /// Calls `body(z, width)` for each block of probes (`z` interleaved, `n * width`) and returns the per-probe rows
    /// it produces (`body` returns `width` rows), in probe order.
    static func run(probes: Int, units n: Int, seed: UInt64,
                    body: @Sendable (_ z: UnsafeMutablePointer<Double>, _ width: Int) -> [[Double]]) -> [[Double]] {
        guard probes > 0, n > 0 else { return [] }
        let blocks = (probes + width - 1) / width
        let out = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: probes)
        out.initialize(repeating: [])
        defer { out.deinitialize(); out.deallocate() }
        let shared = UnsafeSendableBuffer(out)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let first = b * width, w = min(width, probes - first)
            let z = UnsafeMutablePointer<Double>.allocate(capacity: n * w)
            defer { z.deallocate() }
            for l in 0..<w {
                var g = SeededGenerator.stream(seed: seed, index: first + l)
                var bits: UInt64 = 0
                for i in 0..<n {
                    if i & 63 == 0 { bits = g.next() }
                    z[i * w + l] = (bits >> UInt64(i & 63)) & 1 == 0 ? 1 : -1
                }
            }
            let rows = body(z, w)
            for l in 0..<w where l < rows.count { shared.buffer[first + l] = rows[l] }
        }
        return Array(out)
    }

    /// Column-wise dot products of two interleaved blocks.
    static func dots(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, n: Int, width w: Int) -> [Double] {
        var d = [Double](repeating: 0, count: w)
        for i in 0..<n { for l in 0..<w { d[l] += x[i * w + l] * y[i * w + l] } }
        return d
    }

    /// Mean and standard error of the mean of a sample (NaN standard error for fewer than two values).
    static func meanAndStandardError(_ x: [Double]) -> (mean: Double, standardError: Double) {
        let m = x.reduce(0, +) / Double(max(1, x.count))
        guard x.count > 1 else { return (m, .nan) }
        let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
        return (m, (v / Double(x.count)).squareRoot())
    }
}
