import Foundation
@testable import SpatialEconometrics

/// Textbook dense linear algebra written out in the tests (Householder least squares, LU with partial pivoting), so
/// that reference values computed with it share no code with the package's LAPACK, sparse and eigenvalue paths.
/// Matrices are arrays of rows; sizes here are at most a few hundred.
enum DenseReference {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    /// Least squares of `y` on the columns `x` (each of y's length) by Householder QR: coefficients and residuals.
    static func leastSquares(_ x: [[Double]], _ y: [Double]) -> (coefficients: [Double], residuals: [Double]) {
        let n = y.count, k = x.count
        var a = x          // columns, reduced in place to R (upper part) and the reflectors (below)
        var r = y
        var reflectors = [[Double]]()
        for j in 0..<k {
            var v = [Double](repeating: 0, count: n)
            for i in j..<n { v[i] = a[j][i] }
            let norm = v[j..<n].reduce(0) { $0 + $1 * $1 }.squareRoot()
            v[j] += v[j] >= 0 ? norm : -norm
            let vv = v[j..<n].reduce(0) { $0 + $1 * $1 }
            reflectors.append(v)
            guard vv > 0 else { continue }
            func reflect(_ c: inout [Double]) {
                var s = 0.0
                for i in j..<n { s += v[i] * c[i] }
                let f = 2 * s / vv
                for i in j..<n { c[i] -= f * v[i] }
            }
            for c in j..<k { reflect(&a[c]) }
            reflect(&r)
        }
        // Coefficients: R b = (Q'y)[0..<k].
        var b = [Double](repeating: 0, count: k)
        for j in stride(from: k - 1, through: 0, by: -1) {
            var s = r[j]
            for c in (j + 1)..<max(j + 1, k) { s -= a[c][j] * b[c] }
            b[j] = s / a[j][j]
        }
        // Residuals: Q (0, (Q'y)[k...]).
        var e = r
        for j in 0..<k { e[j] = 0 }
        for j in stride(from: k - 1, through: 0, by: -1) {
            let v = reflectors[j]
            let vv = v[j..<n].reduce(0) { $0 + $1 * $1 }
            guard vv > 0 else { continue }
            var s = 0.0
            for i in j..<n { s += v[i] * e[i] }
            let f = 2 * s / vv
            for i in j..<n { e[i] -= f * v[i] }
        }
        return (b, e)
    }

    /// LU with partial pivoting of a square matrix (rows).
    struct LU {
        var lu: [[Double]]
        var pivots: [Int]
        var sign: Double

        init(_ a: [[Double]]) {
            lu = a
            let n = a.count
            pivots = Array(0..<n)
            sign = 1
            for k in 0..<n {
                var p = k
                for i in (k + 1)..<max(k + 1, n) where abs(lu[i][k]) > abs(lu[p][k]) { p = i }
                if p != k { lu.swapAt(p, k); pivots.swapAt(p, k); sign = -sign }
                let d = lu[k][k]
                guard d != 0 else { continue }
                for i in (k + 1)..<max(k + 1, n) {
                    let f = lu[i][k] / d
                    lu[i][k] = f
                    if f != 0 { for j in (k + 1)..<n { lu[i][j] -= f * lu[k][j] } }
                }
            }
        }

        /// `ln|det A|`.
        var logAbsDeterminant: Double { lu.indices.reduce(0) { $0 + log(abs(lu[$1][$1])) } }

        func solve(_ b: [Double]) -> [Double] {
            let n = lu.count
            var x = pivots.map { b[$0] }
            for i in 0..<n { for j in 0..<i { x[i] -= lu[i][j] * x[j] } }
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in (i + 1)..<max(i + 1, n) { x[i] -= lu[i][j] * x[j] }
                x[i] /= lu[i][i]
            }
            return x
        }
    }

    /// W as dense rows.
    static func dense(_ w: SpatialWeights) -> [[Double]] {
        var d = [[Double]](repeating: [Double](repeating: 0, count: w.count), count: w.count)
        for i in 0..<w.count { for (j, v) in zip(w.neighbors(of: i), w.weights(of: i)) { d[i][j] = v } }
        return d
    }

    /// `W v`.
    static func multiply(_ w: [[Double]], _ v: [Double]) -> [Double] { w.map { dot($0, v) } }

    /// `I - s W`.
    static func iMinus(_ w: [[Double]], _ s: Double) -> [[Double]] {
        w.indices.map { i in w[i].indices.map { j in (i == j ? 1 : 0) - s * w[i][j] } }
    }

    /// `(ln|I - s W|, tr(W (I - s W)^-1))` by one LU and n solves (`tr(W A^-1) = tr(A^-1 W)`).
    static func logDeterminantAndTrace(_ w: [[Double]], _ s: Double) -> (logDeterminant: Double, trace: Double) {
        let lu = LU(iMinus(w, s))
        let n = w.count
        var trace = 0.0
        for j in 0..<n { trace += lu.solve(w.map { $0[j] })[j] }
        return (lu.logAbsDeterminant, trace)
    }

    /// The root of a decreasing `f` in [lo, hi] (f(lo) > 0 > f(hi)) by bisection, to an interval of `tolerance`.
    static func root(_ f: (Double) -> Double, in lo: Double, _ hi: Double, tolerance: Double = 1e-13) -> Double? {
        var (a, b) = (lo, hi)
        guard f(a) > 0, f(b) < 0 else { return nil }
        while b - a > tolerance {
            let m = (a + b) / 2
            if f(m) > 0 { a = m } else { b = m }
        }
        return (a + b) / 2
    }

    /// The maximiser of `f` on a grid of `step` over [lo, hi], then the root of `score` (f's derivative, decreasing
    /// there) between its grid neighbours: a maximum found independently of the package's optimiser.
    static func maximum(_ f: (Double) -> Double, score: (Double) -> Double, in lo: Double, _ hi: Double, step: Double = 0.01) -> Double? {
        var best = lo, value = -Double.infinity
        for x in stride(from: lo, through: hi, by: step) where f(x) > value { best = x; value = f(x) }
        return root(score, in: max(lo, best - step), min(hi, best + step))
    }
}
