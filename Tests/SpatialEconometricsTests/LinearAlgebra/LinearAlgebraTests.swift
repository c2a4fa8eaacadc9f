import Foundation
import Testing
@testable import SpatialEconometrics

/// Hand-checked values for the BLAS/LAPACK layer.
@Suite struct LinearAlgebraTests {
    let a = try! Matrix(rowArrays: [[4, 2, 0], [2, 5, 1], [0, 1, 3]])  // symmetric positive definite; det = 4(15-1) - 2(6) = 44

    @Test func productsAgreeWithHandComputation() throws {
        let b = try Matrix(rowArrays: [[1, 2], [3, 4], [5, 6]])
        let c = try a * b
        #expect(c.rowArrays == [[10, 16], [22, 30], [18, 22]])
        let ct = try Matrix.product(b, .transposed, a, .none)
        #expect(ct.rowArrays == [[10, 22, 18], [16, 30, 22]])
        #expect(try a.multiply([1, 1, 1]) == [6, 8, 4])
        #expect(try b.multiply([1, 1, 1], .transposed) == [9, 12])
        #expect(try b.crossProduct.rowArrays == [[35, 44], [44, 56]])
        #expect(throws: LinearAlgebraError.dimensionMismatch("product of 3 x 2 and 3 x 2")) { try b * b }
    }

    @Test func choleskySolveInverseAndLogDeterminant() throws {
        let ch = try Cholesky(a)
        #expect(close(ch.logDeterminant, log(44), rtol: 1e-14))
        let x = try ch.solve([6, 8, 4])
        for v in x { #expect(close(v, 1, rtol: 1e-14)) }
        let inv = try ch.inverse()
        let id = try a * inv
        for i in 0..<3 { for j in 0..<3 { #expect(abs(id[i, j] - (i == j ? 1 : 0)) < 1e-14) } }
        #expect(close(inv[0, 0], 14.0 / 44, rtol: 1e-14))
        let indefinite = try Matrix(rowArrays: [[1, 2], [2, 1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) { try Cholesky(indefinite) }
        var bad = a
        bad[1, 1] = .nan
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 1)) { try Cholesky(bad) }
    }

    @Test func luDeterminantSignAndSingularity() throws {
        let m = try Matrix(rowArrays: [[0, 1], [1, 0]])  // det = -1
        let lu = try LUDecomposition(m)
        #expect(lu.logAbsDeterminant.sign == -1)
        #expect(close(lu.determinant, -1, rtol: 1e-15))
        #expect(close(try LUDecomposition(a).determinant, 44, rtol: 1e-13))
        let s = try LUDecomposition(Matrix(rowArrays: [[1, 2], [2, 4]]))
        #expect(s.zeroPivot != nil)
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) { try s.solve(.identity(2)) }
    }

    @Test func leastSquaresDetectsRankAndAliasedColumns() throws {
        // y = 1 + 2 x exactly; third column = 2 * second, so it is aliased.
        let xs: [Double] = [1, 2, 3, 4, 5]
        let x = try Matrix(columnArrays: [[1, 1, 1, 1, 1], xs, xs.map { 2 * $0 }])
        let y = xs.map { 1 + 2 * $0 }
        let ls = try LeastSquares(x: x, y: y)
        #expect(ls.rank == 2)
        #expect(ls.aliasedColumns.count == 1)
        for r in ls.residuals { #expect(abs(r) < 1e-12) }
        // Full rank: y = (1, 2, 2, 4), X = [1, t] with t = 0..3: b = (0.9, 0.9), (X'X)^-1 = [[0.7, -0.3], [-0.3, 0.2]].
        let x2 = try Matrix(columnArrays: [[1, 1, 1, 1], [0, 1, 2, 3]])
        let ls2 = try LeastSquares(x: x2, y: [1, 2, 2, 4])
        #expect(close(ls2.coefficients[0], 0.9, rtol: 1e-13) && close(ls2.coefficients[1], 0.9, rtol: 1e-13))
        #expect(close(ls2.unscaledCovariance[0, 0], 0.7, rtol: 1e-13) && close(ls2.unscaledCovariance[0, 1], -0.3, rtol: 1e-13))
    }

    @Test func eigenvaluesSymmetricAndGeneral() throws {
        let s = try SymmetricEigen(Matrix(rowArrays: [[2, 1], [1, 2]]), vectors: true)
        #expect(close(s.values[0], 1, rtol: 1e-14) && close(s.values[1], 3, rtol: 1e-14))
        #expect(abs(abs(s.vectors![0, 1]) - 1 / 2.0.squareRoot()) < 1e-14)
        // Rotation by 90 degrees: eigenvalues +-i.
        let g = try GeneralEigen(Matrix(rowArrays: [[0, -1], [1, 0]]))
        #expect(g.values.map(\.imaginary).sorted() == [-1, 1])
        #expect(g.values.allSatisfy { abs($0.real) < 1e-15 })
    }

    @Test func sparseProductsTransposeAndValidation() throws {
        let entries: [SparseMatrix.Entry] = [.init(row: 0, column: 1, value: 2), .init(row: 2, column: 0, value: 3), .init(row: 1, column: 2, value: 1), .init(row: 0, column: 0, value: 1)]
        let s = try SparseMatrix(rows: 3, columns: 3, triplets: entries)
        #expect(s.rowStart == [0, 2, 3, 4])
        #expect(try s.multiply([1, 1, 1]) == [3, 1, 3])
        #expect(try s.multiplyTransposed([1, 1, 1]) == [4, 2, 1])
        #expect(s.transposed.dense == s.dense.transposed)
        #expect(try s.multiply(Matrix.identity(3)) == s.dense)
        #expect(s[2, 0] == 3 && s[2, 1] == 0)
        // Entries are named 1-based.
        #expect(throws: LinearAlgebraError.dimensionMismatch("duplicate entry (1, 2)")) {
            try SparseMatrix(rows: 2, columns: 2, triplets: [.init(row: 0, column: 1, value: 1), .init(row: 0, column: 1, value: 1)])
        }
        #expect(throws: LinearAlgebraError.dimensionMismatch("entry (3, 1) outside a 2 x 2 matrix")) {
            try SparseMatrix(rows: 2, columns: 2, triplets: [.init(row: 2, column: 0, value: 1)])
        }
        #expect(throws: LinearAlgebraError.dimensionMismatch("CSR row pointers decrease at row 2")) {
            try SparseMatrix(rows: 2, columns: 2, rowStart: [0, 2, 1], columnIndices: [0], values: [1])
        }
    }
}
