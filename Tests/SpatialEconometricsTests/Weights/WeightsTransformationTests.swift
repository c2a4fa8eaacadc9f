import Foundation
import Testing
@testable import SpatialEconometrics

/// The spectral normalisation `W / |lambda|_max` on both of its branches: dense eigenvalues up to 1,500 units, a
/// shifted power iteration above. Checked against lattices whose largest eigenvalue is known in closed form: the
/// binary rook lattice of r x c cells is the Kronecker sum of two paths, so its eigenvalues are
/// `2 cos(pi i / (r + 1)) + 2 cos(pi j / (c + 1))`, the largest `2 cos(pi / (r + 1)) + 2 cos(pi / (c + 1))`; the queen
/// lattice is `(P_r + I) kron (P_c + I) - I`, largest `(1 + 2 cos(pi / (r + 1))) (1 + 2 cos(pi / (c + 1))) - 1`; and
/// `D B D^-1` (D a positive diagonal) has B's eigenvalues while being asymmetric and weighted.
///
/// Tolerance above 1,500 units: 1e-7 relative, set by what the radius is for. Scaling W by (1 + d) scales a fitted rho
/// by 1/(1 + d) and leaves the rest of the fit unchanged, so a radius within 1e-7 keeps estimates within a tenth of
/// the 1e-6 at which they are compared. The iteration cannot do much better: it stops when two successive estimates
/// agree to 1e-12, but converges linearly with ratio `(lambda_2 + 1) / (lambda_1 + 1)` (0.996-0.998 on these
/// lattices), so its error is that step over 1 minus the ratio: 4e-8 on the 40 x 40 case below, 6e-10 on 30 x 60.
/// The dense branch is held to 1e-12.
@Suite struct WeightsTransformationTests {
    static func rookRadius(_ r: Int, _ c: Int) -> Double { 2 * cos(.pi / Double(r + 1)) + 2 * cos(.pi / Double(c + 1)) }
    static func queenRadius(_ r: Int, _ c: Int) -> Double { (1 + 2 * cos(.pi / Double(r + 1))) * (1 + 2 * cos(.pi / Double(c + 1))) - 1 }

    /// `D B D^-1` for the binary `b` and d_i uniform on [0.5, 2]: w_ij = d_i / d_j on B's links.
    static func similar(_ b: SpatialWeights, seed: UInt64) throws -> SpatialWeights {
        var g = SeededGenerator(seed: seed)
        let d = (0..<b.count).map { _ in 0.5 + 1.5 * g.uniform() }
        var values = b.matrix.values
        for i in 0..<b.count { for k in b.matrix.rowStart[i]..<b.matrix.rowStart[i + 1] { values[k] = d[i] / d[b.matrix.columnIndices[k]] } }
        return try SpatialWeights(ids: b.ids, matrix: b.matrix.withValues(values))
    }

    /// `transformed(.spectral)` divides every weight by the radius, and says so.
    static func expectNormalised(_ w: SpatialWeights, radius: Double, rtol: Double, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let s = try w.transformed(.spectral)
        #expect(s.transformation == .spectral && s.matrix.columnIndices == w.matrix.columnIndices, sourceLocation: sourceLocation)
        let worst = zip(s.matrix.values, w.matrix.values).map { abs($0 * radius / $1 - 1) }.max() ?? .infinity
        #expect(worst <= rtol, "\(label): spectral weights off by \(worst) relative", sourceLocation: sourceLocation)
    }

    /// Below the limit (dense eigenvalues): the closed forms hold to rounding, which also checks the formulas the
    /// test uses above the limit.
    @Test func denseBranchMatchesTheClosedForms() throws {
        let rook = try SpatialWeights.lattice(rows: 30, columns: 40)
        #expect(rook.count <= 1_500)
        #expect(close(try rook.spectralRadius(), Self.rookRadius(30, 40), rtol: 1e-12))
        try Self.expectNormalised(rook, radius: Self.rookRadius(30, 40), rtol: 1e-12, "rook 30 x 40")
        let queen = try SpatialWeights.lattice(rows: 20, columns: 25, rule: .queen)
        #expect(close(try queen.spectralRadius(), Self.queenRadius(20, 25), rtol: 1e-12))
        let similar = try Self.similar(SpatialWeights.lattice(rows: 30, columns: 40), seed: 3)
        #expect(similar.matrix != similar.matrix.transposed)   // asymmetric and weighted, not binary
        #expect(close(try similar.spectralRadius(), Self.rookRadius(30, 40), rtol: 1e-12))
    }

    /// Above the limit (power iteration) on an asymmetric weighted W, `D B D^-1` over rook lattices of 40 x 40 and
    /// 30 x 60 cells: the radius and the normalised weights within 1e-7 of the closed form.
    @Test(arguments: [(40, 40, UInt64(5)), (30, 60, UInt64(6))])
    func powerIterationOnAnAsymmetricWeightedW(rows: Int, columns: Int, seed: UInt64) throws {
        let w = try Self.similar(SpatialWeights.lattice(rows: rows, columns: columns), seed: seed)
        #expect(w.count > 1_500)
        let exact = Self.rookRadius(rows, columns)
        let radius = try w.spectralRadius()
        #expect(close(radius, exact, rtol: 1e-7), "\(rows) x \(columns): \(radius) vs \(exact)")
        try Self.expectNormalised(w, radius: exact, rtol: 1e-7, "\(rows) x \(columns)")
    }

    /// Above the limit on binary lattices (the usual input of a spectral normalisation: W not row-standardised), by
    /// Lanczos on the symmetric W: the closed-form Perron roots to 1e-10. (The power iteration used here before stopped
    /// on two equal max-norm estimates and returned the largest degree, 3e-3 too large.)
    @Test func powerIterationOnBinaryLattices() throws {
        let rook = try SpatialWeights.lattice(rows: 40, columns: 45), queen = try SpatialWeights.lattice(rows: 40, columns: 40, rule: .queen)
        #expect(rook.count > 1_500 && queen.count > 1_500)
        let rookRadius = try rook.spectralRadius(), queenRadius = try queen.spectralRadius()
        #expect(close(rookRadius, Self.rookRadius(40, 45), rtol: 1e-10), "rook 40 x 45: \(rookRadius) vs \(Self.rookRadius(40, 45))")
        #expect(close(queenRadius, Self.queenRadius(40, 40), rtol: 1e-10), "queen 40 x 40: \(queenRadius) vs \(Self.queenRadius(40, 40))")
        try Self.expectNormalised(rook, radius: Self.rookRadius(40, 45), rtol: 1e-10, "rook 40 x 45")
    }

    /// W not similar to a symmetric matrix (binary kNN-4 of random points, 1,600 units, rows summing to 4 but
    /// columns not): the power iteration's Collatz–Wielandt bracket against dense eigenvalues, 1e-9. With unequal row
    /// sums (one row's links doubled) so the constant-row-sum shortcut does not apply; a directed kNN graph is not
    /// strongly connected, and only the part reaching that row has the larger radius (the rest decays).
    @Test func bracketedPowerIterationOnAnAsymmetricW() throws {
        var g = SeededGenerator(seed: 9)
        let points = (0..<1_600).map { _ in Point2D(g.uniform(), g.uniform()) }
        let knn = try SpatialWeights.kNearestNeighbors(points: points, k: 4)
        var values = knn.matrix.values
        for k in knn.matrix.rowStart[0]..<knn.matrix.rowStart[1] { values[k] = 2 }
        var w = knn
        w.matrix = knn.matrix.withValues(values)
        #expect(w.symmetrizingScale() == nil && w.constantRowSum() == nil)
        let dense = try GeneralEigen(w.matrix.dense).values.map(\.magnitude).max() ?? .nan
        let radius = try w.spectralRadius()
        #expect(close(radius, dense, rtol: 1e-9), "\(radius) vs \(dense)")
    }
}
