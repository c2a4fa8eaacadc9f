import Foundation
import Testing
@testable import SpatialEconometrics

/// Inputs of the sparse LU tests: asymmetric weights that are not similar to a symmetric matrix.
enum SparseLUFixtures {
    /// kNN of uniform random points with positive random weights (not row-standardised: row sums from about 2 to 8).
    static func weightedKNN(_ n: Int, k: Int = 4, seed: UInt64 = 21) throws -> SpatialWeights {
        let base = try LogDetFixtures.knn(n, k: k, seed: seed)
        var g = SeededGenerator(seed: seed + 1)
        let lists = (0..<n).map { Array(base.neighbors(of: $0)) }
        let weights = lists.map { $0.map { _ in 0.5 + 1.5 * g.uniform() } }
        return try SpatialWeights(ids: base.ids, neighbors: lists, weights: weights)
    }

    /// A random sparse matrix with an unsymmetric pattern, diagonally dominant, plus a disconnected block.
    static func randomMatrix(_ n: Int, seed: UInt64) throws -> SparseMatrix {
        var g = SeededGenerator(seed: seed)
        var triplets = [SparseMatrix.Entry]()
        var diag = [Double](repeating: 0.5, count: n)
        for _ in 0..<(3 * n) {
            let i = Int(g.next() % UInt64(n - 10)), j = Int(g.next() % UInt64(n - 10))
            guard i != j else { continue }
            let v = g.uniform() - 0.5
            triplets.append(.init(row: i, column: j, value: v))
            diag[i] += abs(v)
        }
        for i in 0..<n { triplets.append(.init(row: i, column: i, value: diag[i] * (g.uniform() < 0.1 ? -1 : 1))) }
        return try SparseMatrix(rows: n, columns: n, triplets: triplets, duplicates: .sum)
    }

    /// `|A x - b|_inf`.
    static func residual(_ a: SparseMatrix, _ x: [Double], _ b: [Double], transposed: Bool = false) throws -> Double {
        let ax = transposed ? try a.multiplyTransposed(x) : try a.multiply(x)
        return zip(ax, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    /// `(I - rho W)` as a sparse matrix.
    static func iMinus(_ w: SparseMatrix, _ rho: Double) throws -> SparseMatrix {
        var t = [SparseMatrix.Entry]()
        for i in 0..<w.rows { t.append(.init(row: i, column: i, value: 1)) }
        for i in 0..<w.rows { for (j, v) in w.row(i) { t.append(.init(row: i, column: j, value: -rho * v)) } }
        return try SparseMatrix(rows: w.rows, columns: w.columns, triplets: t, duplicates: .sum)
    }
}

/// The sparse LU factorisation against dense LU (LAPACK, partial pivoting).
@Suite struct SparseLUTests {
    @Test func factorSolvesAndDeterminantMatchDenseLU() throws {
        let n = 160
        let a = try SparseLUFixtures.randomMatrix(n, seed: 4)
        let s = try SparseLUSymbolic(pattern: a)
        let f = try s.factor(values: a.values)
        let lu = try LUDecomposition(a.dense)
        #expect(close(f.logAbsDeterminant, lu.logAbsDeterminant.logAbs, rtol: 1e-12))
        #expect(f.determinantSign == lu.logAbsDeterminant.sign && f.negativePivots > 0)
        var g = SeededGenerator(seed: 9)
        let b = (0..<n).map { _ in g.normal() }
        let x = try f.solve(b), xt = try f.solveTransposed(b)
        #expect(try SparseLUFixtures.residual(a, x, b) < 1e-12)
        #expect(try SparseLUFixtures.residual(a, xt, b, transposed: true) < 1e-12)
        let dense = try lu.solve(Matrix(rows: n, columns: 1, columnMajor: b)).elements
        for i in 0..<n { #expect(close(x[i], dense[i], rtol: 1e-11, atol: 1e-13)) }
        // The in-place variants with a reused work vector give the same numbers.
        var y = b, work = [Double]()
        try f.solve(&y, workspace: &work)
        #expect(y == x && work.count == n)
        y = b
        try f.solveTransposed(&y, workspace: &work)
        #expect(y == xt)
        // shift I + scale A without forming it.
        let shifted = try s.factor(values: a.values, scale: -0.5, diagonalShift: 3)
        let denseShifted = try LUDecomposition(3 * Matrix.identity(n) - 0.5 * a.dense)
        #expect(close(shifted.logAbsDeterminant, denseShifted.logAbsDeterminant.logAbs, rtol: 1e-12))
        // Bad input: typed errors.
        #expect(throws: LinearAlgebraError.dimensionMismatch("solve with an \(n) x \(n) factor and 2 values")) { try f.solve([1, 2]) }
        #expect(throws: LinearAlgebraError.dimensionMismatch("1 values for a pattern with \(a.nonzeroCount) entries")) { try s.factor(values: [1]) }
        // The limit is shared between L and U: (100 + n) / 2 entries for the structure both are built on.
        #expect(throws: LinearAlgebraError.tooLarge("sparse LU factor would exceed \((100 + n) / 2) entries (fill too large)")) {
            try SparseLUSymbolic(pattern: a, maximumFactorNonzeros: 100)
        }
        let rectangular = try SparseMatrix(rows: 2, columns: 3, triplets: [.init(row: 0, column: 2, value: 1)])
        #expect(throws: LinearAlgebraError.dimensionMismatch("sparse LU of a 2 x 3 matrix")) { try SparseLUSymbolic(pattern: rectangular) }
    }

    /// No pivoting: a zero or tiny pivot is a typed error, never a wrong factor.
    @Test func smallPivotsAreRefused() throws {
        let swap = try SparseMatrix(dense: Matrix(rows: 2, columns: 2, columnMajor: [0, 1, 1, 0]))
        #expect(throws: LinearAlgebraError.singular(pivot: 1)) { try SparseLUSymbolic(pattern: swap).factor(values: swap.values) }
        let tiny = try SparseMatrix(dense: Matrix(rows: 2, columns: 2, columnMajor: [1e-12, 1, 1, 1]))
        let s = try SparseLUSymbolic(pattern: tiny)
        let small = #expect(throws: LinearAlgebraError.self) { try s.factor(values: tiny.values) }
        if case .smallPivot(let p, let r)? = small { #expect(p == 1 && r < 1e-8) } else { Issue.record("\(String(describing: small))") }
        // With the test switched off the factor exists (and is exact here: det = 1e-12 - 1).
        let f = try s.factor(values: tiny.values, pivotTolerance: 0)
        #expect(close(f.logAbsDeterminant, log(1 - 1e-12), rtol: 1e-6, atol: 1e-9) && f.determinantSign == -1)
    }

    /// The symbolic analysis is the sparse Cholesky one: on a symmetric pattern, U is L's transpose in size and the
    /// work is two Cholesky factorisations'.
    @Test func sharesTheCholeskyStructure() throws {
        let w = try SpatialWeights.lattice(rows: 30, columns: 30).matrix
        let ch = try SparseCholeskySymbolic(pattern: w), lu = try SparseLUSymbolic(pattern: w)
        #expect(lu.ordering.permutation == ch.ordering.permutation)
        #expect(lu.factorNonzeros == 2 * ch.factorNonzeros - w.rows)
        #expect(lu.flops == 2 * ch.flops)
        // On a symmetric positive definite matrix the LU pivots are the squares of L's diagonal.
        let a = try SparseLUFixtures.iMinus(w.withValues(w.values.map { $0 / 4 }), 0.9)
        let d = try SparseCholeskySymbolic(pattern: a).factorDiagonal(values: a.values)
        let f = try SparseLUSymbolic(pattern: a).factor(values: a.values)
        #expect(close(f.logAbsDeterminant, 2 * d.reduce(0) { $0 + log($1) }, rtol: 1e-12))
    }
}
