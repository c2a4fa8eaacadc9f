import Foundation
import Testing
@testable import SpatialEconometrics

/// The large-N log-determinants against the eigenvalue method (and the sparse Cholesky one where eigenvalues are too
/// slow): values at grid points, interpolation and stochastic errors within what each reports, likelihood maximisers.
@Suite struct LogDeterminantMethodsTests {
    static let cases: [(String, @Sendable () throws -> SpatialWeights)] = [
        ("columbus queen", LogDetFixtures.columbus), ("produc usaww", LogDetFixtures.usaww),
        ("rook 30 x 30", { try LogDetFixtures.rook(30, 30) }), ("kNN-6 symmetrised 800", { try LogDetFixtures.knnSymmetrized(800) }),
    ]

    @Test(arguments: 0..<4)
    func sparseCholeskyMatchesEigenvalues(index: Int) throws {
        let (name, make) = Self.cases[index]
        let w = try make()
        let eig = try w.eigenLogDeterminant()
        let ch = try SparseCholeskyLogDeterminant(w)
        #expect(ch.method == .sparseCholesky)
        // The Lanczos lower bound is conservative: the interval is at most slightly narrower than the exact one.
        #expect(ch.interval.lowerBound >= eig.interval.lowerBound - 1e-9, "\(name) lower")
        #expect(abs(ch.interval.lowerBound - eig.interval.lowerBound) < 1e-2 * abs(eig.interval.lowerBound), "\(name) lower")
        #expect(close(ch.interval.upperBound, eig.interval.upperBound, rtol: 1e-9), "\(name) upper")
        // Exact at the grid points (1e-8 relative; absolute near rho = 0 where the value vanishes).
        for (r, v) in zip(ch.grid, ch.gridValues) {
            #expect(close(v, eig.value(r), rtol: 1e-8, atol: 1e-9), "\(name) rho = \(r)")
        }
        // Between grid points: within the reported interpolation error (1e-9 slack for rounding).
        for r in stride(from: -0.9, through: 0.95, by: 0.0731) where ch.interval.contains(r) {
            let err = abs(ch.value(r) - eig.value(r))
            #expect(err <= ch.accuracy(at: r).errorBound + 1e-9, "\(name) rho = \(r): error \(err)")
            let (a, b) = (ch.traces(r), eig.traces(r))
            #expect(close(a.first, b.first, rtol: 1e-3, atol: 1e-6), "\(name) tr(W A^-1) at \(r)")
            #expect(close(a.second, b.second, rtol: 2e-2), "\(name) tr((W A^-1)^2) at \(r)")
        }
        #expect(try close(ch.exactValue(0.4), eig.value(0.4), rtol: 1e-10))
    }

    @Test(arguments: 0..<4)
    func sarMaximiserAgrees(index: Int) throws {
        let (name, make) = Self.cases[index]
        let w = try make()
        let (y, x) = try LogDetFixtures.sar(w, rho: 0.6)
        let eig = try w.eigenLogDeterminant(), ch = try SparseCholeskyLogDeterminant(w)
        let a = try LogDetFixtures.sarMaximiser(eig, w: w, y: y, x: x), b = try LogDetFixtures.sarMaximiser(ch, w: w, y: y, x: x)
        #expect(abs(a - b) < 1e-4, "\(name): eigen \(a), sparse Cholesky \(b)")
    }

    /// Each approximation within twice its reported 95% bound (one fixed seed: the probes are shared across rho, so
    /// the errors at different rho are correlated) and its seeded result reproducible.
    @Test func approximationsWithinReportedError() throws {
        let w = try LogDetFixtures.rook(30, 30)
        let eig = try w.eigenLogDeterminant()
        let methods: [any LogDeterminant] = [try ChebyshevLogDeterminant(w, seed: 3), try LanczosQuadratureLogDeterminant(w, seed: 3),
                                             try MonteCarloLogDeterminant(w, seed: 3)]
        for m in methods {
            for r in [-0.8, -0.3, 0.2, 0.5, 0.8, 0.9] {
                let err = abs(m.value(r) - eig.value(r)), bound = m.accuracy(at: r).errorBound
                #expect(bound.isFinite && bound > 0, "\(m.method) \(r)")
                #expect(err <= 2 * bound, "\(m.method) rho = \(r): error \(err), bound \(bound)")
                let (a, b) = (m.traces(r), eig.traces(r))
                #expect(close(a.first, b.first, rtol: 0.05, atol: 0.5), "\(m.method) tr(W A^-1) at \(r)")
            }
            #expect(m.value(0) == 0)
        }
        let again = try ChebyshevLogDeterminant(w, seed: 3), other = try ChebyshevLogDeterminant(w, seed: 4)
        #expect(again.value(0.5) == methods[0].value(0.5))
        #expect(other.value(0.5) != methods[0].value(0.5))
    }

    /// At n = 5,000 (rook 50 x 100 and kNN), against sparse Cholesky factorisations at the same rho.
    @Test func approximationsAtFiveThousand() throws {
        for w in [try LogDetFixtures.rook(50, 100), try LogDetFixtures.knnSymmetrized(5_000)] {
            let ch = try SparseCholeskyLogDeterminant(w, gridSize: 9)
            let sl = try LanczosQuadratureLogDeterminant(w, steps: 15, probes: 8, seed: 9)
            let cb = try ChebyshevLogDeterminant(w, degree: 30, probes: 8, seed: 9)
            for r in [-0.5, 0.4, 0.85] {
                let exact = try ch.exactValue(r)
                for m in [sl, cb] as [any LogDeterminant] {
                    let err = abs(m.value(r) - exact), bound = m.accuracy(at: r).errorBound
                    #expect(err <= 2 * bound, "\(m.method) n = \(w.count) rho = \(r): error \(err), bound \(bound)")
                }
            }
        }
    }

    @Test func islandsAreZeroRows() throws {
        // A 20 x 20 rook lattice plus two isolated units (zero rows): eigenvalue 0 each, factor 1 on the diagonal.
        let base = try SpatialWeights.lattice(rows: 20, columns: 20)
        var lists = (0..<base.count).map { Array(base.neighbors(of: $0)) }
        lists += [[], []]
        let w = try SpatialWeights(ids: (0..<lists.count).map(String.init), neighbors: lists).transformed(.row)
        let eig = try w.eigenLogDeterminant(), ch = try SparseCholeskyLogDeterminant(w)
        for r in [-0.7, 0.3, 0.9] { #expect(close(try ch.exactValue(r), eig.value(r), rtol: 1e-10)) }
        #expect(ch.interval.upperBound == 1)
        let sl = try LanczosQuadratureLogDeterminant(w, seed: 2)
        #expect(abs(sl.value(0.5) - eig.value(0.5)) <= 2 * sl.accuracy(at: 0.5).errorBound)
    }

    @Test func badInput() throws {
        let asym = try LogDetFixtures.knn(300)
        #expect(asym.symmetrizingScale() == nil)
        #expect(throws: LogDeterminantError.notSimilarToSymmetric(.sparseCholesky)) { try SparseCholeskyLogDeterminant(asym) }
        #expect(throws: LogDeterminantError.notSimilarToSymmetric(.lanczosQuadrature)) { try LanczosQuadratureLogDeterminant(asym) }
        #expect(throws: LogDeterminantError.notSimilarToSymmetric(.sparseCholesky)) { try asym.logDeterminant(.method(.sparseCholesky)) }
        // Chebyshev and Monte Carlo still apply (interval [-1, 1] from the norm bound).
        let cb = try ChebyshevLogDeterminant(asym, seed: 1), eig = try asym.eigenLogDeterminant()
        #expect(cb.interval == -1...1)
        #expect(abs(cb.value(0.5) - eig.value(0.5)) <= 2 * cb.accuracy(at: 0.5).errorBound)
        let mc = try MonteCarloLogDeterminant(asym, seed: 1)
        #expect(abs(mc.value(0.5) - eig.value(0.5)) <= 2 * mc.accuracy(at: 0.5).errorBound)

        // rho outside the interval, or not finite: NaN from value, a typed error from exactValue.
        let w = try LogDetFixtures.rook(10, 10), ch = try SparseCholeskyLogDeterminant(w)
        for m in [ch, try ChebyshevLogDeterminant(w), try LanczosQuadratureLogDeterminant(w), try MonteCarloLogDeterminant(w)] as [any LogDeterminant] {
            for r in [1.5, -1.01, .nan, .infinity] {
                #expect(m.value(r).isNaN, "\(m.method) at \(r)")
                #expect(m.traces(r).first.isNaN)
            }
        }
        #expect(throws: LogDeterminantError.outsideFeasibleInterval(rho: 1.2, interval: ch.interval)) { try ch.exactValue(1.2) }
        let nan = #expect(throws: LogDeterminantError.self) { try ch.exactValue(.nan) }
        if case .outsideFeasibleInterval(let r, let i)? = nan { #expect(r.isNaN && i == ch.interval) } else { Issue.record("\(String(describing: nan))") }
        // An interval given too wide: the first grid point (0.9999 of the lower bound) cannot be factorised, and is named.
        let wide = #expect(throws: LogDeterminantError.self) { try SparseCholeskyLogDeterminant(w, interval: -2...2) }
        if case .outsideFeasibleInterval(let r, let i)? = wide { #expect(abs(r + 1.9998) < 1e-12 && i == -2...2, "\(r)") } else {
            Issue.record("\(String(describing: wide))")
        }
        // Zero matrix (only islands), bad parameters.
        let zero = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[], [], []])
        #expect(throws: LogDeterminantError.degenerateSpectrum) { try SparseCholeskyLogDeterminant(zero) }
        #expect(throws: LogDeterminantError.degenerateSpectrum) { try ChebyshevLogDeterminant(zero) }
        #expect(throws: LogDeterminantError.invalidArgument("Chebyshev degree 1 < 3")) { try ChebyshevLogDeterminant(w, degree: 1) }
        #expect(throws: LogDeterminantError.invalidArgument("at least 2 probes are needed (got 1)")) { try LanczosQuadratureLogDeterminant(w, probes: 1) }
        #expect(throws: LogDeterminantError.invalidArgument("series order 0 < 3")) { try MonteCarloLogDeterminant(w, order: 0) }
        #expect(throws: LogDeterminantError.invalidArgument("grid size 3 < 9")) { try SparseCholeskyLogDeterminant(w, gridSize: 3) }
    }

    @Test func exactMethodsReportExact() throws {
        let w = try LogDetFixtures.columbus()
        #expect(try w.eigenLogDeterminant().accuracy == .exact)
        #expect(DenseLULogDeterminant(w, interval: -1...1).accuracy(at: 0.3) == .exact)
        #expect(LogDeterminantAccuracy.stochastic(standardError: 1, truncation: 0.5).errorBound == 2.46)
    }
}
