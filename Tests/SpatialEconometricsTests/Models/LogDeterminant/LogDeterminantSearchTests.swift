import Foundation
import Testing
@testable import SpatialEconometrics

/// An exact sparse log-determinant carrying a search approximation (``LogDeterminant/search``): Brent's method runs on
/// the approximation, Newton steps on the exact values. The estimate must be the exact fit's, whatever the
/// approximation: a good one (Lanczos quadrature), and a misleading one whose maximum lies elsewhere (the exact values
/// tilted by `0.3 n rho`, which drives Brent's method to the interval's upper end), against the same exact
/// log-determinant without a search. Both are polished by the same Newton steps, so they agree to 1e-9 (the steps
/// stop below 1e-8 relative, quadratically convergent) and the log-likelihoods to 1e-12.
@Suite struct LogDeterminantSearchTests {
    /// The exact values plus `tilt * rho`: a search approximation that misleads.
    struct Tilted: LogDeterminant {
        let base: any LogDeterminant
        let tilt: Double
        var method: LogDeterminantMethod { base.method }
        var interval: ClosedRange<Double> { base.interval }
        func value(_ rho: Double) -> Double { base.value(rho) + tilt * rho }
        func traces(_ rho: Double) -> (first: Double, second: Double) { let t = base.traces(rho); return (t.first - tilt, t.second) }
    }

    /// `y = (I - rho W)^-1 (1 + 2 x + (I - lambda W)^-1 e)` on W.
    static func data(_ w: SpatialWeights, rho: Double, lambda: Double, seed: UInt64) throws -> RegressionData {
        var g = SeededGenerator(seed: seed)
        let x = (0..<w.count).map { _ in g.normal() }
        let u = try ShiftedSparseSolver(w.matrix, rho: lambda).solve((0..<w.count).map { _ in g.normal() })
        let y = try ShiftedSparseSolver(w.matrix, rho: rho).solve((0..<w.count).map { 1 + 2 * x[$0] + u[$0] })
        return try RegressionData(y: y, columns: [("x", x)])
    }

    @Test(arguments: [SpatialModel.sar, .sem, .sdm, .sdem, .sac])
    func searchedFitsEqualTheExactFit(model: SpatialModel) throws {
        let w = try LogDetFixtures.rook(30, 30)
        let data = try Self.data(w, rho: model.hasLag ? 0.4 : 0, lambda: model.hasError ? 0.5 : 0, seed: 21)
        let exact = try ExactSparseCholeskyLogDeterminant(w)
        #expect(exact.search == nil)
        let reference = try SpatialRegression(model, data: data, weights: w, logDeterminant: exact)
        let good = exact.searching(with: try LanczosQuadratureLogDeterminant(w))
        let misleading = exact.searching(with: Tilted(base: exact, tilt: 0.3 * Double(w.count)))
        for (label, ld) in [("Lanczos search", good), ("misleading search", misleading)] {
            let fit = try SpatialRegression(model, data: data, weights: w, logDeterminant: ld)
            #expect(fit.logDeterminantMethod == .sparseCholeskyExact && fit.logDeterminantAccuracy == .exact)
            for (a, b) in [(fit.rho, reference.rho), (fit.lambda, reference.lambda)] {
                #expect((a == nil) == (b == nil))
                if let a, let b {
                    #expect(close(a.estimate, b.estimate, rtol: 1e-9), "\(model) \(label): \(a.estimate) vs \(b.estimate)")
                    #expect(close(a.stdError, b.stdError, rtol: 1e-7), "\(model) \(label) SE")
                }
            }
            #expect(close(fit.logLikelihood, reference.logLikelihood, rtol: 1e-12), "\(model) \(label)")
            for (a, b) in zip(fit.coefficients, reference.coefficients) { #expect(close(a.estimate, b.estimate, rtol: 1e-8), "\(model) \(label) \(a.name)") }
        }
    }

    /// The tilt really misleads: on the approximation alone Brent's method would end far from the estimate.
    @Test func theMisleadingSearchMisleads() throws {
        let w = try LogDetFixtures.rook(30, 30)
        let data = try Self.data(w, rho: 0.4, lambda: 0, seed: 21)
        let exact = try ExactSparseCholeskyLogDeterminant(w)
        let tilted = Tilted(base: exact, tilt: 0.3 * Double(w.count))
        let onTilt = try SpatialRegression(.sar, data: data, weights: w, logDeterminant: tilted)
        let truth = try SpatialRegression(.sar, data: data, weights: w, logDeterminant: exact)
        #expect(abs(try #require(onTilt.rho).estimate - (try #require(truth.rho).estimate)) > 0.1)
    }

    /// Which fits get a search: an exact sparse factorisation above ``LogDeterminantSelection/searchAboveFlops`` (here
    /// none at 900 units), any exact sparse one for the SAC's nested search (Lanczos for W similar to a symmetric
    /// matrix, Chebyshev otherwise), never the eigenvalues.
    @Test func whichFitsSearch() throws {
        let w = try LogDetFixtures.rook(30, 30)
        let exact = try ExactSparseCholeskyLogDeterminant(w)
        #expect(exact.symbolic.flops < LogDeterminantSelection.searchAboveFlops)
        #expect(w.searchEquipped(exact, nested: false).search == nil)
        #expect(w.searchEquipped(exact, nested: true).search is LanczosQuadratureLogDeterminant)
        let knn = try LogDetFixtures.knn(600, k: 4, seed: 8)
        let lu = try ExactSparseLULogDeterminant(knn)
        #expect(knn.searchEquipped(lu, nested: false).search == nil)
        #expect(knn.searchEquipped(lu, nested: true).search is ChebyshevLogDeterminant)
        let small = try LogDetFixtures.rook(10, 10)
        #expect(small.searchEquipped(try EigenvalueLogDeterminant(small), nested: true).search == nil)
        // The SAC fit on the automatic path above 500 units: exact Cholesky, searched on Lanczos, equal to the
        // eigenvalue fit (another interval, the same interior maximum).
        let data = try Self.data(w, rho: 0.3, lambda: 0.4, seed: 22)
        let sac = try SpatialRegression(.sac, data: data, weights: w)
        #expect(sac.logDeterminantMethod == .sparseCholeskyExact && sac.logDeterminantAccuracy == .exact)
        let eigen = try SpatialRegression(.sac, data: data, weights: w, logDeterminant: EigenvalueLogDeterminant(w))
        for (a, b) in [(sac.rho, eigen.rho), (sac.lambda, eigen.lambda)] {
            #expect(close(try #require(a).estimate, try #require(b).estimate, rtol: 1e-9), "\(a?.estimate ?? .nan) vs \(b?.estimate ?? .nan)")
        }
        #expect(close(sac.logLikelihood, eigen.logLikelihood, rtol: 1e-12))
    }
}
