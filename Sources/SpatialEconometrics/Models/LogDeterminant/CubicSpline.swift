import Foundation

/// A not-a-knot cubic interpolating spline on increasing knots (de Boor 1978, *A Practical Guide to Splines*,
/// ch. IV): the interpolant of Pace & Barry's (1997) log-determinant grid, with its first two derivatives.
///
/// The interpolation error is O(h^4) in the value, O(h^3) in the first and O(h^2) in the second derivative.
/// Outside the knots the end cubics are extended.
struct CubicSpline: Sendable, Codable, Equatable {
    let knots: [Double]
    let values: [Double]
    /// Second derivatives at the knots.
    let curvature: [Double]

    /// Needs at least 4 strictly increasing knots (fewer: a lower-degree fit through the same equations).
    init?(knots x: [Double], values y: [Double]) {
        let m = x.count
        guard m >= 2, y.count == m else { return nil }
        for i in 1..<m where !(x[i] > x[i - 1]) { return nil }
        knots = x; values = y
        if m < 4 { curvature = [Double](repeating: 0, count: m); return }
        let h = (0..<(m - 1)).map { x[$0 + 1] - x[$0] }
        let d = (0..<(m - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        // Dense m x m system for the second derivatives (m is a grid size, tens to a few hundred).
        var a = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        var b = [Double](repeating: 0, count: m)
        a[0][0] = h[1]; a[0][1] = -(h[0] + h[1]); a[0][2] = h[0]
        a[m - 1][m - 3] = h[m - 2]; a[m - 1][m - 2] = -(h[m - 3] + h[m - 2]); a[m - 1][m - 1] = h[m - 3]
        for i in 1..<(m - 1) {
            a[i][i - 1] = h[i - 1]; a[i][i] = 2 * (h[i - 1] + h[i]); a[i][i + 1] = h[i]
            b[i] = 6 * (d[i] - d[i - 1])
        }
        guard let c = Self.solve(a, b) else { return nil }
        curvature = c
    }

    /// Gaussian elimination with partial pivoting; nil if singular.
    static func solve(_ a0: [[Double]], _ b0: [Double]) -> [Double]? {
        var a = a0, b = b0
        let n = b.count
        for k in 0..<n {
            var p = k
            for i in (k + 1)..<max(k + 1, n) where abs(a[i][k]) > abs(a[p][k]) { p = i }
            guard a[p][k] != 0 else { return nil }
            if p != k { a.swapAt(p, k); b.swapAt(p, k) }
            for i in (k + 1)..<max(k + 1, n) where a[i][k] != 0 {
                let f = a[i][k] / a[k][k]
                for j in k..<n { a[i][j] -= f * a[k][j] }
                b[i] -= f * b[k]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for k in stride(from: n - 1, through: 0, by: -1) {
            var s = b[k]
            for j in (k + 1)..<max(k + 1, n) { s -= a[k][j] * x[j] }
            x[k] = s / a[k][k]
        }
        return x
    }

    /// Value, first and second derivative at `t`.
    func evaluate(_ t: Double) -> (value: Double, first: Double, second: Double) {
        let m = knots.count
        guard m >= 2, t.isFinite else { return (.nan, .nan, .nan) }
        // Interval i with knots[i] <= t < knots[i + 1], clamped to the end intervals.
        var lo = 0, hi = m - 1
        while hi - lo > 1 { let mid = (lo + hi) / 2; if knots[mid] <= t { lo = mid } else { hi = mid } }
        let i = lo
        let h = knots[i + 1] - knots[i]
        let a = (knots[i + 1] - t) / h, b = (t - knots[i]) / h
        let mi = curvature[i], mj = curvature[i + 1]
        let v = a * values[i] + b * values[i + 1] + ((a * a * a - a) * mi + (b * b * b - b) * mj) * h * h / 6
        let d1 = (values[i + 1] - values[i]) / h + ((1 - 3 * a * a) * mi + (3 * b * b - 1) * mj) * h / 6
        let d2 = a * mi + b * mj
        return (v, d1, d2)
    }
}
