import Foundation
import Testing
@testable import SpatialEconometrics

/// The automatic choice of method and forced methods.
@Suite struct LogDeterminantChoiceTests {
    @Test func rule() {
        typealias S = LogDeterminantSelection
        #expect(S.choose(units: 49, similarToSymmetric: true, factorisationFlops: nil) == .eigenSymmetric)
        #expect(S.choose(units: 500, similarToSymmetric: true, factorisationFlops: nil) == .eigenSymmetric)
        #expect(S.choose(units: 501, similarToSymmetric: true, factorisationFlops: 1e5) == .sparseCholeskyExact)
        #expect(S.choose(units: 2_000, similarToSymmetric: false, factorisationFlops: nil) == .eigenGeneral)
        #expect(S.choose(units: 2_001, similarToSymmetric: true, factorisationFlops: 1e6) == .sparseCholeskyExact)
        #expect(S.choose(units: 40_000, similarToSymmetric: true, factorisationFlops: 4e7) == .sparseCholeskyExact)
        #expect(S.choose(units: 100_001, similarToSymmetric: true, factorisationFlops: 4e7) == .sparseCholesky)
        // The 10^5 rook lattice (1.9e8) is exact; a factorisation above 6e8 is not affordable at every rho.
        #expect(S.choose(units: 100_000, similarToSymmetric: true, factorisationFlops: 1.9e8) == .sparseCholeskyExact)
        #expect(S.choose(units: 100_000, similarToSymmetric: true, factorisationFlops: 7e8) == .lanczosQuadrature)
        #expect(S.choose(units: 100_001, similarToSymmetric: true, factorisationFlops: 1.9e8) == .lanczosQuadrature)
        #expect(S.choose(units: 1_000_000, similarToSymmetric: true, factorisationFlops: 6e9) == .lanczosQuadrature)
        #expect(S.choose(units: 1_000_000, similarToSymmetric: true, factorisationFlops: nil) == .lanczosQuadrature)
        #expect(S.choose(units: 5_000, similarToSymmetric: false, factorisationFlops: nil) == .chebyshev)
        // W not similar to a symmetric matrix: dense eigenvalues, then the exact sparse LU while affordable.
        #expect(S.choose(units: 500, similarToSymmetric: false, factorisationFlops: 1e5) == .eigenGeneral)
        #expect(S.choose(units: 501, similarToSymmetric: false, factorisationFlops: 1e5) == .sparseLUExact)
        #expect(S.choose(units: 100_000, similarToSymmetric: false, factorisationFlops: S.luMaximumFlops) == .sparseLUExact)
        #expect(S.choose(units: 100_001, similarToSymmetric: false, factorisationFlops: 1e8) == .chebyshev)
        #expect(S.choose(units: 50_000, similarToSymmetric: false, factorisationFlops: 2 * S.luMaximumFlops) == .chebyshev)
        #expect(S.choose(units: 1_500, similarToSymmetric: false, factorisationFlops: 2 * S.luMaximumFlops) == .eigenGeneral)
    }

    @Test func automaticAndForced() throws {
        let small = try LogDetFixtures.columbus().logDeterminant()
        #expect(small.method == .eigenSymmetric && small.accuracy == .exact)
        let big = try LogDetFixtures.rook(45, 45).logDeterminant()
        #expect(big.method == .sparseCholeskyExact && big.accuracy == .exact)
        #expect(big.reason.contains("sparse Cholesky") && big.reason.contains("exact"))
        let grid = try LogDetFixtures.rook(45, 45).logDeterminant(.method(.sparseCholesky))
        if case .interpolated(let e) = grid.accuracy { #expect(e < 1e-2) } else { Issue.record("accuracy \(grid.accuracy)") }
        let asym = try LogDetFixtures.knn(2_100).logDeterminant(seed: 4)
        #expect(asym.method == .sparseLUExact && asym.accuracy == .exact)
        let forced = try LogDetFixtures.rook(10, 10).logDeterminant(.method(.monteCarlo), seed: 2)
        #expect(forced.method == .monteCarlo && forced.reason == "requested")
        if case .stochastic = forced.accuracy {} else { Issue.record("accuracy \(forced.accuracy)") }
        #expect(throws: LogDeterminantError.empty) {
            try SpatialWeights(ids: [], neighbors: []).logDeterminant()
        }
    }
}
