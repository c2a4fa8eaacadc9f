import Foundation
import Testing
@testable import SpatialEconometrics

/// The random-effects error model's sparse GLS (``RandomEffectsErrorGLS``) against the likelihood written out densely:
/// `ln L = -NT/2 ln(2 pi sigma^2) - ln|Omega|/2 - e' Omega^-1 e / (2 sigma^2)` with
/// `Omega = phi (J_T kron I_N) + I_T kron (B'B)^-1`, at the estimates, on a 6 x 6 lattice with T = 4 and an asymmetric
/// (row-standardised queen) W.
@Suite struct RandomEffectsErrorGLSTests {
    @Test func sparseLikelihoodEqualsTheDenseOne() throws {
        let w = try SpatialWeights.lattice(rows: 6, columns: 6, rule: .queen).transformed(.row)
        let n = w.count, t = 4
        var g = SeededGenerator(seed: 9)
        let mu = (0..<n).map { _ in 0.7 * g.normal() }
        var y = [Double](), x = [Double]()
        for _ in 0..<t {
            let xt = (0..<n).map { _ in g.normal() }
            let u = try ShiftedSparseSolver(w.matrix, rho: 0.5).solve((0..<n).map { _ in g.normal() })
            for i in 0..<n { y.append(1 + 2 * xt[i] + mu[i] + u[i]); x.append(xt[i]) }
        }
        let panel = try Panel(units: w.ids, periods: (0..<t).map { "\($0)" }, columns: [("y", y), ("x", x)])
        let fit = try RandomEffectsRegression(.sem, panel: panel, y: "y", x: ["x"], weights: w)
        let lambda = try #require(fit.lambda).estimate, phi = fit.phi.estimate, s2 = fit.sigma2
        let b = try Matrix.identity(n) - lambda * w.matrix.dense
        let mInv = try Cholesky(try b.crossProduct).inverse()
        let nt = n * t
        var omega = Matrix(rows: nt, columns: nt)
        for p in 0..<t { for q in 0..<t { for i in 0..<n {
            omega[p * n + i, q * n + i] += phi
            if p == q { for j in 0..<n { omega[p * n + i, q * n + j] += mInv[i, j] } }
        } } }
        let beta = fit.coefficients.map(\.estimate)
        let e = (0..<nt).map { y[$0] - beta[0] - beta[1] * x[$0] }
        let chol = try Cholesky(omega)
        let quad = zip(e, try chol.solve(e)).reduce(0) { $0 + $1.0 * $1.1 }
        let dense = -Double(nt) / 2 * log(2 * Double.pi * s2) - chol.logDeterminant / 2 - quad / (2 * s2)
        #expect(close(fit.logLikelihood, dense, rtol: 1e-10), "\(fit.logLikelihood) vs \(dense)")
        // sigma^2 is the concentrated one: e' Omega^-1 e / NT.
        #expect(close(s2, quad / Double(nt), rtol: 1e-9))
        #expect(abs(lambda - 0.5) < 0.3 && abs(beta[1] - 2) < 0.3)
    }
}
