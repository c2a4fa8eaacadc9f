import Foundation
import Testing
@testable import SpatialEconometrics

/// The exact sparse Cholesky log-determinant against the eigenvalues: values to rounding, the first trace to 1e-8 and
/// the second to 1e-5 (five-point differences), and a SAR fit that equals the eigenvalue fit.
@Suite struct ExactSparseCholeskyTests {
    @Test func valuesAndTracesMatchEigenvalues() throws {
        let w = try LogDetFixtures.rook(30, 40)
        let exact = try ExactSparseCholeskyLogDeterminant(w)
        let eig = try EigenvalueLogDeterminant(w)
        #expect(exact.accuracy == .exact && exact.method.isExact)
        for rho in [-0.9, -0.3, 0.0, 0.25, 0.6, 0.95, 0.999] {
            #expect(close(exact.value(rho), eig.value(rho), rtol: 1e-10, atol: 1e-10), "value at \(rho)")
            let a = exact.traces(rho), b = eig.traces(rho)
            #expect(close(a.first, b.first, rtol: 1e-8, atol: 1e-8), "tr(G) at \(rho): \(a.first) vs \(b.first)")
            #expect(close(a.second, b.second, rtol: 1e-5, atol: 1e-6), "tr(G^2) at \(rho): \(a.second) vs \(b.second)")
        }
        #expect(exact.value(exact.interval.upperBound).isNaN && exact.value(5).isNaN)
    }

    @Test func sarFitEqualsTheEigenvalueFit() throws {
        let w = try LogDetFixtures.rook(25, 40)
        var g = SeededGenerator(seed: 12)
        let x = (0..<w.count).map { _ in g.normal() }
        let y = try ShiftedSparseSolver(w.matrix, rho: 0.45).solve((0..<w.count).map { 1 + 2 * x[$0] + g.normal() })
        let data = try RegressionData(y: y, columns: [("x", x)])
        let sparse = try SpatialRegression(.sar, data: data, weights: w)
        #expect(sparse.logDeterminantMethod == .sparseCholeskyExact && sparse.logDeterminantAccuracy == .exact)
        let eigen = try SpatialRegression(.sar, data: data, weights: w, logDeterminant: EigenvalueLogDeterminant(w))
        #expect(close(try #require(sparse.rho).estimate, try #require(eigen.rho).estimate, rtol: 1e-9))
        #expect(close(sparse.logLikelihood, eigen.logLikelihood, rtol: 1e-12))
        for (a, b) in zip(sparse.coefficients, eigen.coefficients) { #expect(close(a.estimate, b.estimate, rtol: 1e-9)) }
    }
}
