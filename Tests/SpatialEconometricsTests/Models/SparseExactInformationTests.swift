import Foundation
import Testing
@testable import SpatialEconometrics

/// The exact sparse information matrix (``ExactOperatorTraces``, no n x n matrix) against the dense one
/// (`InformationMatrix.full`) to 1e-10 relative, entry by entry (scaled by the largest entry of its row and column), for
/// every model the dense path handles: SAR, SEM, SDM-like (X with W X), SAC, rho = 0 in a SAC, and the centred Lee-Yu
/// form (several blocks, trace multiplier, `center: true`); on a row-standardised rook lattice (20 x 25) and on
/// Boston's sphere-of-influence neighbours (506 tracts, row-standardised: W similar to, not equal to, a symmetric
/// matrix, with unequal row counts).
@Suite struct SparseExactInformationTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let rho: Double?, lambda: Double?
        let durbin: Bool
        let blocks: Int
        let center: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "SAR", rho: 0.45, lambda: nil, durbin: false, blocks: 1, center: false),
        Case(name: "SAR, negative rho", rho: -0.6, lambda: nil, durbin: false, blocks: 1, center: false),
        Case(name: "SEM", rho: nil, lambda: 0.6, durbin: false, blocks: 1, center: false),
        Case(name: "SDM", rho: 0.35, lambda: nil, durbin: true, blocks: 1, center: false),
        Case(name: "SAC", rho: 0.3, lambda: 0.5, durbin: false, blocks: 1, center: false),
        Case(name: "SAC, rho = 0", rho: 0, lambda: -0.4, durbin: false, blocks: 1, center: false),
        Case(name: "Lee-Yu SAR, centred, 3 periods", rho: 0.4, lambda: nil, durbin: true, blocks: 3, center: true),
        Case(name: "Lee-Yu SEM, centred, 3 periods", rho: nil, lambda: 0.55, durbin: false, blocks: 3, center: true),
        Case(name: "SAC, centred, 2 periods", rho: -0.25, lambda: 0.45, durbin: false, blocks: 2, center: true),
    ]

    static func lattice() throws -> SpatialWeights { try SpatialWeights.lattice(rows: 20, columns: 25).transformed(.row) }

    static func boston() throws -> SpatialWeights {
        try SpatialWeights.read(from: Fixtures.url("data/boston/boston_soi.gal")).transformed(.row)
    }

    /// A stacked design of `blocks` periods: intercept (uncentred cases), two normal columns, and their lags.
    static func design(_ w: SpatialWeights, blocks: Int, durbin: Bool, intercept: Bool, seed: UInt64 = 9) throws -> Matrix {
        let n = w.count
        var g = SeededGenerator(seed: seed)
        var columns = [[Double]](repeating: [], count: 2)
        var lags = [[Double]](repeating: [], count: 2)
        for _ in 0..<blocks {
            for c in 0..<2 {
                let v = (0..<n).map { _ in g.normal() + (c == 0 ? 1 : 0) }
                columns[c] += v
                lags[c] += try w.lag(v)
            }
        }
        var all = (intercept ? [[Double](repeating: 1, count: n * blocks)] : []) + columns
        if durbin { all += lags }
        return try Matrix(columnArrays: all)
    }

    static func compare(_ w: SpatialWeights, _ c: Case, rtol: Double = 1e-10) throws {
        let n = w.count
        let x = try design(w, blocks: c.blocks, durbin: c.durbin, intercept: !c.center)
        let beta = (0..<x.columns).map { 0.5 + 0.25 * Double($0) }
        let tp = c.center ? Double(c.blocks) - 1 : Double(c.blocks)
        let obs = Double(c.center ? n - 1 : n) * tp
        let dense = try InformationMatrix.full(x: x, blockSize: n, beta: beta, sigma2: 0.7, rho: c.rho, lambda: c.lambda, weights: w,
                                               traceMultiplier: tp, observations: obs, center: c.center)
        let (op, symbolic) = try #require(InformationMatrix.sparsePlan(w, symbolic: nil))
        let sparse = try InformationMatrix.sparseExact(x: x, blockSize: n, beta: beta, sigma2: 0.7, rho: c.rho, lambda: c.lambda, weights: w,
                                                      operator: op, symbolic: symbolic, traceMultiplier: tp, observations: obs, center: c.center)
        #expect(sparse.rows == dense.rows && sparse.columns == dense.columns)
        var worst = 0.0
        for i in 0..<dense.rows {
            for j in 0..<dense.columns {
                let scale = (abs(dense[i, i]) * abs(dense[j, j])).squareRoot()
                worst = max(worst, abs(sparse[i, j] - dense[i, j]) / scale)
            }
        }
        #expect(worst <= rtol, "\(c): largest scaled difference \(worst)")
    }

    @Test(arguments: cases) func latticeMatchesDense(_ c: Case) throws { try Self.compare(Self.lattice(), c) }

    /// W not similar to a symmetric matrix (asymmetric kNN-4 of 300 random points, row-standardised): the traces by
    /// sparse LU solves (the general scheme with ``SparseLUFactor``) equal the dense information matrix to 1e-10, and
    /// `.exact` traces above 500 units take that path.
    @Test(arguments: cases) func asymmetricKNNByLUMatchesDense(_ c: Case) throws {
        let w = try LogDetFixtures.knn(300, k: 4, seed: 5)
        #expect(!WeightsOperator(w).isSymmetric)
        let n = w.count
        let x = try Self.design(w, blocks: c.blocks, durbin: c.durbin, intercept: !c.center)
        let beta = (0..<x.columns).map { 0.5 + 0.25 * Double($0) }
        let tp = c.center ? Double(c.blocks) - 1 : Double(c.blocks)
        let obs = Double(c.center ? n - 1 : n) * tp
        let dense = try InformationMatrix.full(x: x, blockSize: n, beta: beta, sigma2: 0.7, rho: c.rho, lambda: c.lambda, weights: w,
                                               traceMultiplier: tp, observations: obs, center: c.center)
        let lu = try #require(InformationMatrix.luPlan(w, parameters: 2))
        let sparse = try InformationMatrix.sparseLUExact(x: x, blockSize: n, beta: beta, sigma2: 0.7, rho: c.rho, lambda: c.lambda, weights: w,
                                                        symbolic: lu.symbolic, traceMultiplier: tp, observations: obs, center: c.center)
        var worst = 0.0
        for i in 0..<dense.rows {
            for j in 0..<dense.columns { worst = max(worst, abs(sparse[i, j] - dense[i, j]) / (abs(dense[i, i]) * abs(dense[j, j])).squareRoot()) }
        }
        #expect(worst <= 1e-10, "\(c): largest scaled difference \(worst)")
    }

    /// A SAR on an asymmetric kNN W of 700 units (above the dense limit): automatic traces are exact by sparse LU and
    /// the standard errors equal the dense information matrix's.
    @Test func asymmetricFitsGetExactStandardErrors() throws {
        let w = try LogDetFixtures.knn(700, k: 4, seed: 9)
        var g = SeededGenerator(seed: 2)
        let x = (0..<w.count).map { _ in g.normal() }
        let y = try ShiftedSparseSolver(w.matrix, rho: 0.5).solve((0..<w.count).map { 1 + 2 * x[$0] + g.normal() })
        let data = try RegressionData(y: y, columns: [("x", x)])
        let fit = try SpatialRegression(.sar, data: data, weights: w)
        #expect(fit.standardErrors.contains("sparse LU"), "\(fit.standardErrors)")
        let info = try InformationMatrix.full(x: data.x, blockSize: w.count, beta: fit.coefficients.map(\.estimate), sigma2: fit.sigma2,
                                              rho: try #require(fit.rho).estimate, lambda: nil, weights: w, traceMultiplier: 1,
                                              observations: Double(w.count), center: false)
        let cov = try InformationMatrix.covariance(info)
        #expect(close(try #require(fit.rho).stdError, cov[2, 2].squareRoot(), rtol: 1e-9))
        for i in 0..<2 { #expect(close(fit.coefficients[i].stdError, cov[i, i].squareRoot(), rtol: 1e-9)) }
    }

    @Test(arguments: cases) func bostonMatchesDense(_ c: Case) throws { try Self.compare(Self.boston(), c) }

    /// The general scheme (columns of O and O' by two solves each, the plug-in point for a sparse LU factor), run with
    /// the Cholesky solver, gives the same traces as the symmetric scheme, centred and not (a 12 x 15 rook lattice: unequal
    /// row counts, so W is similar to, not equal to, a symmetric matrix).
    @Test(arguments: [false, true]) func generalSchemeMatchesSymmetric(center: Bool) throws {
        let w = try SpatialWeights.lattice(rows: 12, columns: 15).transformed(.row)
        let (op, symbolic) = try #require(InformationMatrix.sparsePlan(w, symbolic: nil))
        let scale = try #require(op.scale)
        let (rho, lambda) = (0.35, -0.3)
        let fast = try ExactOperatorTraces.symmetric(weights: w, operator: op, symbolic: symbolic, rho: rho, lambda: lambda, center: center).traces
        let a = SymmetrizedCholeskySolver(factor: try symbolic.factorShifted(op.matrix, rho: rho), scale: scale)
        let b = SymmetrizedCholeskySolver(factor: try symbolic.factorShifted(op.matrix, rho: lambda), scale: scale)
        let general = try ExactOperatorTraces.general(w: w.matrix, a: .some(a), b: .some(b), center: center)
        for k in 0..<ExactOperatorTraces.count {
            #expect(close(general[k], fast[k], rtol: 1e-11, atol: 1e-11 * Double(w.count)), "slot \(k): \(general[k]) vs \(fast[k])")
        }
    }

    /// The solver through the similarity: `(I - rho W) x = b` and `(I - rho W)' x = b`.
    @Test func symmetrizedSolverSolvesBothSystems() throws {
        let w = try Self.boston()
        let (op, symbolic) = try #require(InformationMatrix.sparsePlan(w, symbolic: nil))
        let solver = SymmetrizedCholeskySolver(factor: try symbolic.factorShifted(op.matrix, rho: 0.7), scale: try #require(op.scale))
        var g = SeededGenerator(seed: 4)
        let b = (0..<w.count).map { _ in g.normal() }
        var x = b, y = b
        try solver.solve(&x)
        try solver.solveTransposed(&y)
        let wx = try w.matrix.multiply(x), wty = try w.matrix.multiplyTransposed(y)
        for i in 0..<w.count {
            #expect(abs(x[i] - 0.7 * wx[i] - b[i]) < 1e-12)
            #expect(abs(y[i] - 0.7 * wty[i] - b[i]) < 1e-12)
        }
    }

    /// The automatic rule: exact up to 500 units, exact above while the sparse work is within the limit, stochastic
    /// otherwise (and for W not similar to a symmetric matrix).
    @Test func automaticRule() {
        #expect(InformationTraces.automatic(units: 500, exactSparseWork: nil) == .exact)
        #expect(InformationTraces.automatic(units: 20_000, exactSparseWork: 5e9) == .exact)
        #expect(InformationTraces.automatic(units: 20_000, exactSparseWork: 1e10) == .automatic(units: 20_000))
        #expect(InformationTraces.automatic(units: 2_000, exactSparseWork: nil) == .stochastic(probes: 64, seed: 20_101))
        let w = try? SpatialWeights.lattice(rows: 30, columns: 30).transformed(.row)
        if let w {
            let chosen = InformationMatrix.automaticTraces(weights: w, symbolic: nil, parameters: 2)
            #expect(chosen.traces == .exact && chosen.symbolic != nil)
        }
    }

    /// Values written before the sparse engine decode unchanged.
    @Test func codableValuesKeepDecoding() throws {
        for t in [InformationTraces.exact, .stochastic(probes: 12, seed: 3)] {
            let data = try JSONEncoder().encode(t)
            #expect(try JSONDecoder().decode(InformationTraces.self, from: data) == t)
        }
    }

    /// A SAR fit above 500 units names the sparse exact traces, and its standard errors are those of the dense
    /// information matrix at its estimate.
    @Test func fitAboveTheDenseLimitUsesExactSparseTraces() throws {
        let w = try SpatialWeights.lattice(rows: 24, columns: 25).transformed(.row)
        let n = w.count
        var g = SeededGenerator(seed: 21)
        let x1 = (0..<n).map { _ in g.normal() }
        let rhs = (0..<n).map { 1 + 2 * x1[$0] + g.normal() }
        let y = try ShiftedSparseSolver(w.matrix, rho: 0.5).solve(rhs)
        let data = try RegressionData(y: y, columns: [("x1", x1)])
        let fit = try SpatialRegression(.sar, data: data, weights: w)
        #expect(fit.standardErrors.contains("exact traces by sparse Cholesky"), "\(fit.standardErrors)")
        let rho = try #require(fit.rho)
        let info = try InformationMatrix.full(x: data.x, blockSize: n, beta: fit.coefficients.map(\.estimate), sigma2: fit.sigma2, rho: rho.estimate,
                                              lambda: nil, weights: w, traceMultiplier: 1, observations: Double(n), center: false)
        let cov = try InformationMatrix.covariance(info)
        #expect(close(rho.stdError, cov[data.k, data.k].squareRoot(), rtol: 1e-10))
        for (k, c) in fit.coefficients.enumerated() { #expect(close(c.stdError, cov[k, k].squareRoot(), rtol: 1e-10), "\(c.name)") }
    }
}
