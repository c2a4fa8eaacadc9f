import Foundation
import Testing
@testable import SpatialEconometrics

/// `tr(W^k)`: exact from eigenvalues and entries, Hutchinson estimates within their standard errors.
@Suite struct TraceSeriesTests {
    @Test func exactTraces() throws {
        let w = try LogDetFixtures.columbus()
        let t = try TraceSeries(exact: w, order: 6)
        let d = w.dense
        #expect(t.traces[0] == 49 && t.traces[1] == 0)
        // tr(W^k) against dense powers.
        var power = d
        for k in 1...6 {
            #expect(close(t.traces[k], power.diagonalElements.reduce(0, +), rtol: 1e-10, atol: 1e-10), "k = \(k)")
            power = try d * power
        }
        #expect(t.standardErrors.allSatisfy { $0 == 0 })
    }

    @Test func hutchinsonWithinStandardErrors() throws {
        let w = try LogDetFixtures.knnSymmetrized(800)
        let exact = try TraceSeries(exact: w, order: 30)
        let est = try TraceSeries(hutchinson: w, order: 30, probes: 64, seed: 7)
        #expect(est.traces[0] == exact.traces[0] && close(est.traces[2], exact.traces[2], rtol: 1e-12))
        var outside = 0
        for k in 3...30 {
            #expect(est.standardErrors[k] > 0)
            if abs(est.traces[k] - exact.traces[k]) > 3 * est.standardErrors[k] { outside += 1 }
        }
        #expect(outside <= 1)
        // The SAR direct-effect multiplier tr((I - rho W)^-1) / n against the eigenvalues.
        let eig = try w.eigenLogDeterminant()
        let rho = 0.4
        let truth = eig.eigenvalues.reduce(0.0) { $0 + 1 / (1 - rho * $1.real) } / Double(w.count)
        let m = est.averageDiagonalOfInverse(rho: rho)
        #expect(abs(m.value - truth) <= 4 * m.standardError + m.truncation)
        #expect(try TraceSeries(hutchinson: w, order: 30, probes: 64, seed: 7) == est)
        // The convenience initialiser is exact below the threshold.
        #expect(try TraceSeries(w, order: 5).method == .exact)
        #expect(try TraceSeries(w, order: 5, exactUpTo: 10).method == .hutchinson(probes: 50, seed: 1))
        #expect(throws: LogDeterminantError.invalidArgument("at least 2 probes are needed for a standard error (got 1)")) {
            try TraceSeries(hutchinson: w, order: 5, probes: 1)
        }
        #expect(est.averageDiagonalOfInverse(rho: 1.2).value.isNaN)
    }
}
