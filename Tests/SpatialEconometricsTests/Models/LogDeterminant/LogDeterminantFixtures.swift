import Foundation
@testable import SpatialEconometrics

/// Shared inputs of the log-determinant tests: row-standardised weights and a simulated SAR sample.
enum LogDetFixtures {
    static func rook(_ rows: Int, _ columns: Int) throws -> SpatialWeights {
        try SpatialWeights.lattice(rows: rows, columns: columns).transformed(.row)
    }

    /// k nearest neighbours of uniform random points, symmetrised ((W + W') / 2) and row-standardised: similar to a
    /// symmetric matrix, not symmetric.
    static func knnSymmetrized(_ n: Int, k: Int = 6, seed: UInt64 = 11) throws -> SpatialWeights {
        try knn(n, k: k, seed: seed).transformed(.symmetrized).transformed(.row)
    }

    /// Row-standardised kNN without symmetrising: in general not similar to a symmetric matrix.
    static func knn(_ n: Int, k: Int = 3, seed: UInt64 = 11) throws -> SpatialWeights {
        var g = SeededGenerator(seed: seed)
        let pts = (0..<n).map { _ in Point2D(g.uniform(), g.uniform()) }
        return try SpatialWeights.kNearestNeighbors(points: pts, k: k).transformed(.row)
    }

    static func columbus() throws -> SpatialWeights { try Columbus.queen().transformed(.row) }

    static func usaww() throws -> SpatialWeights { try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv")) }

    /// `y = (I - rho W)^-1 (1 + 2 x + e)` by the Neumann series (|rho| < 1), x and e standard normal.
    static func sar(_ w: SpatialWeights, rho: Double, seed: UInt64 = 5) throws -> (y: [Double], x: [Double]) {
        var g = SeededGenerator(seed: seed)
        let x = (0..<w.count).map { _ in g.normal() }
        let u = x.map { 1 + 2 * $0 + g.normal() }
        var y = u, term = u
        for _ in 0..<400 {
            term = try w.lag(term).map { rho * $0 }
            for i in y.indices { y[i] += term[i] }
        }
        return (y, x)
    }

    /// The SAR concentrated log-likelihood `ln|I - rho W| - n/2 ln(e(rho)'e(rho))` (OLS on [1, x]) maximised over the
    /// method's interval by Brent's method.
    static func sarMaximiser(_ ld: any LogDeterminant, w: SpatialWeights, y: [Double], x: [Double]) throws -> Double {
        let wy = try w.lag(y), n = Double(y.count)
        func residual(_ v: [Double]) -> [Double] {
            let mx = x.reduce(0, +) / n, mv = v.reduce(0, +) / n
            var sxy = 0.0, sxx = 0.0
            for i in x.indices { sxy += (x[i] - mx) * (v[i] - mv); sxx += (x[i] - mx) * (x[i] - mx) }
            let b = sxy / sxx
            return x.indices.map { v[$0] - mv - b * (x[$0] - mx) }
        }
        let e0 = residual(y), eL = residual(wy)
        let lo = ld.interval.lowerBound * 0.999, hi = ld.interval.upperBound * 0.999
        let r = BrentMinimizer.minimize({ rho in
            let ss = zip(e0, eL).reduce(0) { $0 + ($1.0 - rho * $1.1) * ($1.0 - rho * $1.1) }
            return -(ld.value(rho) - n / 2 * log(ss))
        }, in: lo...hi)
        return r.x
    }
}
