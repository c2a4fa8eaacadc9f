import Dispatch
import Foundation

/// The traces of an exact log-determinant from its values: `tr(W A^-1) = -d ln|A| / d rho` and
/// `tr((W A^-1)^2) = -d^2 ln|A| / d rho^2` (LeSage & Pace 2009, sec. 4.2), as ``ExactSparseCholeskyLogDeterminant`` and
/// ``ExactSparseLULogDeterminant`` compute them: the known singular terms (``SingularTerms``) analytically, the smooth
/// remainder by five-point central differences of exact values at `rho + {-2, -1, 0, 1, 2} h`,
/// `h = min(2e-5, d / 8)` with d the distance to the nearer bound of the interval (about 1e-9 relative for the first
/// and 1e-6 for the second). The five factorisations are independent and run in parallel.
enum FivePointTraces {
    static func traces(at rho: Double, interval: ClosedRange<Double>, singular: SingularTerms,
                       value: @escaping @Sendable (Double) -> Double) -> (first: Double, second: Double) {
        guard interval.lowerBound < rho, rho < interval.upperBound else { return (.nan, .nan) }
        let d = min(rho - interval.lowerBound, interval.upperBound - rho)
        @Sendable func r(_ x: Double) -> Double { value(x) - singular.value(x) }
        // Small steps: the values are exact to rounding (about n eps), so truncation, which grows near the bounds
        // like (h / (1 - rho lambda_2))^4, is what limits the differences; five points serve both derivatives.
        let h = min(2e-5, d / 8)
        let points = [rho - 2 * h, rho - h, rho, rho + h, rho + 2 * h]
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: points.count)
        buffer.initialize(repeating: .nan)
        defer { buffer.deallocate() }
        let out = UnsafeSendableBuffer(buffer)
        DispatchQueue.concurrentPerform(iterations: points.count) { out.buffer[$0] = r(points[$0]) }
        let v = Array(buffer)
        let first = (v[0] - 8 * v[1] + 8 * v[3] - v[4]) / (12 * h)
        let second = (-v[0] + 16 * v[1] - 30 * v[2] + 16 * v[3] - v[4]) / (12 * h * h)
        let sd = singular.derivatives(rho)
        return (-(first + sd.first), -(second + sd.second))
    }
}
