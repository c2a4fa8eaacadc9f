import Foundation
import Testing
@testable import SpatialEconometrics

/// Nested dissection and the sparse Cholesky factorisation against dense LU.
@Suite struct SparseCholeskyTests {
    @Test func orderingIsAPermutationAndLimitsFill() throws {
        let w = try SpatialWeights.lattice(rows: 60, columns: 60).matrix
        let o = NestedDissectionOrdering(w)
        #expect(o.permutation.sorted() == Array(0..<3_600))
        for (new, old) in o.permutation.enumerated() { #expect(o.inverse[old] == new) }
        let s = try SparseCholeskySymbolic(pattern: w)
        // Natural (banded) ordering would need about n * 60 = 216,000 entries.
        #expect(s.factorNonzeros < 25 * 3_600)
    }

    @Test func logDeterminantMatchesDenseLU() throws {
        // A random sparse symmetric diagonally dominant matrix with a disconnected part.
        var g = SeededGenerator(seed: 3)
        let n = 150
        var triplets = [SparseMatrix.Entry]()
        var diag = [Double](repeating: 1, count: n)
        for _ in 0..<400 {
            let i = Int(g.next() % 140), j = Int(g.next() % 140)
            guard i != j else { continue }
            let v = g.uniform() - 0.5
            triplets += [.init(row: i, column: j, value: v), .init(row: j, column: i, value: v)]
            diag[i] += abs(v); diag[j] += abs(v)
        }
        for i in 0..<n { triplets.append(.init(row: i, column: i, value: diag[i])) }
        let a = try SparseMatrix(rows: n, columns: n, triplets: triplets, duplicates: .sum)
        let s = try SparseCholeskySymbolic(pattern: a)
        let d = try s.factorDiagonal(values: a.values)
        let lu = try LUDecomposition(a.dense)
        #expect(close(2 * d.reduce(0) { $0 + log($1) }, lu.logAbsDeterminant.logAbs, rtol: 1e-11))
        // Indefinite: a typed error, not a trap.
        var neg = a.values
        for k in neg.indices { neg[k] = -neg[k] }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 1)) { try s.factorDiagonal(values: neg) }
        #expect(throws: LinearAlgebraError.dimensionMismatch("2 values for a pattern with \(a.nonzeroCount) entries")) { try s.factorDiagonal(values: [1, 2]) }
        #expect(throws: LinearAlgebraError.tooLarge("sparse Cholesky factor would exceed 10 entries (fill too large)")) {
            try SparseCholeskySymbolic(pattern: a, maximumFactorNonzeros: 10)
        }
        // The full factor: solves and log-determinant agree with dense LU.
        let f = try s.factor(values: a.values)
        #expect(close(f.logDeterminant, lu.logAbsDeterminant.logAbs, rtol: 1e-11))
        let b = (0..<n).map { _ in g.normal() }
        let x = try f.solve(b)
        let dense = try lu.solve(Matrix(rows: n, columns: 1, columnMajor: b)).elements
        for i in 0..<n { #expect(close(x[i], dense[i], rtol: 1e-10, atol: 1e-12)) }
        let ax = try a.multiply(x)
        #expect(zip(ax, b).map { abs($0 - $1) }.max() ?? 1 < 1e-11)
        #expect(throws: LinearAlgebraError.dimensionMismatch("solve with an \(n) x \(n) factor and 1 values")) { try f.solve([1]) }
    }
}
