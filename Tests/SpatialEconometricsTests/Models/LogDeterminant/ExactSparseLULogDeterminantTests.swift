import Foundation
import Testing
@testable import SpatialEconometrics

/// `ExactSparseLULogDeterminant` against the dense eigenvalues and dense LU on W not similar to a symmetric matrix.
@Suite struct ExactSparseLULogDeterminantTests {
    /// A reference log-determinant on another interval (the eigenvalue one on the sparse LU's), for fits compared on
    /// the same search interval.
    struct OnInterval: LogDeterminant {
        let base: any LogDeterminant
        let interval: ClosedRange<Double>
        var method: LogDeterminantMethod { base.method }
        func value(_ rho: Double) -> Double { base.value(rho) }
        func traces(_ rho: Double) -> (first: Double, second: Double) { base.traces(rho) }
    }

    @Test func valuesMatchEigenvaluesOnAsymmetricKNN() throws {
        let w = try LogDetFixtures.knn(400, k: 4)
        #expect(w.symmetrizingScale() == nil)
        let lu = try ExactSparseLULogDeterminant(w)
        let eig = try EigenvalueLogDeterminant(w)
        #expect(eig.method == .eigenGeneral)
        #expect(lu.method == .sparseLUExact && lu.method.isExact && lu.accuracy == .exact)
        #expect(lu.interval == -1...1)
        for rho in [-0.999, -0.9, -0.5, -0.1, 0.1, 0.3, 0.6, 0.9, 0.99, 0.9999] {
            #expect(close(lu.value(rho), eig.value(rho), rtol: 1e-10, atol: 1e-11), "rho = \(rho): \(lu.value(rho)) vs \(eig.value(rho))")
        }
        #expect(lu.value(0) == 0)
        for rho in [1.0, -1.0, 1.5, .nan, .infinity] { #expect(lu.value(rho).isNaN, "\(rho)") }
        // Past the Perron root, and NaN: refused by the interval check before any factorisation, naming rho.
        #expect(throws: LogDeterminantError.outsideFeasibleInterval(rho: 1.2, interval: lu.interval)) { try lu.exactValue(1.2) }
        let nan = #expect(throws: LogDeterminantError.self) { try lu.exactValue(.nan) }
        if case .outsideFeasibleInterval(let r, let i)? = nan { #expect(r.isNaN && i == lu.interval) } else { Issue.record("\(String(describing: nan))") }
        // Below -1 (inside the eigenvalue interval, outside the known-stable range): the value, exact, or a typed error.
        for rho in stride(from: -1.05, to: eig.interval.lowerBound, by: -0.05) {
            switch Self.outcome(lu, rho) {
            case .success(let v): #expect(close(v, eig.value(rho), rtol: 1e-10), "rho = \(rho)")
            case .failure(let error): if case .unstableFactorisation = error {} else { Issue.record("rho = \(rho): \(error)") }
            }
        }
    }

    static func outcome(_ ld: ExactSparseLULogDeterminant, _ rho: Double) -> Result<Double, LogDeterminantError> {
        do { return .success(try ld.exactValue(rho)) } catch { return .failure(error) }
    }

    @Test func valuesMatchDenseLUOnWeightedAsymmetricW() throws {
        let w = try SparseLUFixtures.weightedKNN(300)
        #expect(w.symmetrizingScale() == nil && w.constantRowSum() == nil)
        let lu = try ExactSparseLULogDeterminant(w)
        let norm = try #require(w.matrix.rowSums.max())
        #expect(close(lu.interval.upperBound, 1 / norm, rtol: 1e-14) && close(lu.interval.lowerBound, -1 / norm, rtol: 1e-14))
        let dense = DenseLULogDeterminant(w, interval: lu.interval)
        let eig = try EigenvalueLogDeterminant(w)
        let lo = lu.interval.lowerBound, hi = lu.interval.upperBound
        for f in [0.999, 0.7, 0.2, -0.2, -0.7, -0.999] {
            let rho = f > 0 ? f * hi : -f * lo
            #expect(close(lu.value(rho), dense.value(rho), rtol: 1e-10, atol: 1e-11), "rho = \(rho)")
            #expect(close(lu.value(rho), eig.value(rho), rtol: 1e-10, atol: 1e-11), "rho = \(rho)")
        }
        // A wider interval given: up to the Perron root the factorisation stays known-stable (M-matrix).
        let wide = try ExactSparseLULogDeterminant(w, interval: eig.interval)
        for f in [0.5, 0.9, 0.999] {
            let rho = f * eig.interval.upperBound
            #expect(close(wide.value(rho), eig.value(rho), rtol: 1e-10), "rho = \(rho)")
        }
    }

    @Test func tracesMatchDenseTraces() throws {
        let w = try LogDetFixtures.knn(300, k: 4, seed: 3)
        let lu = try ExactSparseLULogDeterminant(w)
        let dense = DenseLULogDeterminant(w, interval: lu.interval)
        // Up to 0.9999: the Perron root's term ln(1 - rho) is taken out analytically (W's single final class).
        #expect(lu.singular.terms.count == 1 && lu.singular.terms.first?.multiplicity == 1)
        for rho in [-0.9, -0.3, 0.2, 0.6, 0.95, 0.99, 0.999, 0.9999] {
            let a = lu.traces(rho), b = dense.traces(rho)
            #expect(close(a.first, b.first, rtol: 1e-8, atol: 1e-8), "tr(G) at \(rho): \(a.first) vs \(b.first)")
            #expect(close(a.second, b.second, rtol: 1e-5, atol: 1e-6), "tr(G^2) at \(rho): \(a.second) vs \(b.second)")
        }
        #expect(lu.traces(1).first.isNaN && lu.traces(-2).second.isNaN)
    }

    /// The known eigenvalues c and -c of W with constant row sums c, not similar to a symmetric matrix: one c per final
    /// strongly connected class with a link, one -c per such class of even period; against the dense eigenvalues.
    @Test func singularTermsOfDirectedGraphs() throws {
        func eigenCount(_ w: SpatialWeights, _ lambda: Double) throws -> Int {
            try EigenvalueLogDeterminant(w).eigenvalues.filter { abs($0.real - lambda) < 1e-6 && abs($0.imaginary) < 1e-6 }.count
        }
        let cases: [(String, SpatialWeights, Int, Int)] = [
            ("4-cycle", try SpatialWeights(ids: ["a", "b", "c", "d"], neighbors: [[1], [2], [3], [0]]), 1, 1),
            ("3-cycle", try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [2], [0]]), 1, 0),
            ("a tail into a 2-cycle", try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [2], [1]]), 1, 1),
            ("two final classes and an island", try SpatialWeights(ids: ["a", "b", "c", "d", "e", "f"],
                                                                   neighbors: [[1], [2], [0], [4], [3], []]), 2, 1),
            ("kNN-3", try LogDetFixtures.knn(300, k: 3, seed: 5), -1, -1),
        ]
        for (name, w, plus, minus) in cases {
            #expect(w.symmetrizingScale() == nil, "\(name)")
            let t = SingularTerms(w)
            let m = { (l: Double) in Int(t.terms.first { $0.lambda == l }?.multiplicity ?? 0) }
            let (ePlus, eMinus) = (try eigenCount(w, 1), try eigenCount(w, -1))
            #expect(m(1) == ePlus && (plus < 0 || plus == ePlus), "\(name): c \(m(1)), eigenvalues \(ePlus)")
            #expect(m(-1) == eMinus && (minus < 0 || minus == eMinus), "\(name): -c \(m(-1)), eigenvalues \(eMinus)")
            #expect((t.exactLowerEigenvalue != nil) == (m(-1) > 0), "\(name)")
        }
    }

    @Test func solvesWithTheFactor() throws {
        let w = try SparseLUFixtures.weightedKNN(250)
        let lu = try ExactSparseLULogDeterminant(w)
        var g = SeededGenerator(seed: 2)
        let b = (0..<w.count).map { _ in g.normal() }
        for rho in [0.9 * lu.interval.lowerBound, 0.5 * lu.interval.upperBound, 0.99 * lu.interval.upperBound] {
            let f = try lu.factor(at: rho)
            let a = try SparseLUFixtures.iMinus(w.matrix, rho)
            #expect(close(f.logAbsDeterminant, try LUDecomposition(a.dense).logAbsDeterminant.logAbs, rtol: 1e-11, atol: 1e-12))
            #expect(try SparseLUFixtures.residual(a, f.solve(b), b) < 1e-11)
            #expect(try SparseLUFixtures.residual(a, f.solveTransposed(b), b, transposed: true) < 1e-11)
        }
    }

    /// A zero pivot where no stability is known (rho = -1 < -1 / ||W||_inf, an interval given that wide): no value and a
    /// typed error, where the determinant is in fact 1 (dense LU with pivoting); no wrong number near it either.
    @Test func unstablePivotGivesNoValue() throws {
        // 0 -> 1; 1 -> 0, 2; 2 -> 0 (unnormalised): I + W has a singular leading 2 x 2 block.
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [0]])
        #expect(w.symmetrizingScale() == nil)
        let lu = try ExactSparseLULogDeterminant(w, interval: -1.5...0.45)
        try #require(lu.symbolic.ordering.permutation == [0, 1, 2])
        let dense = DenseLULogDeterminant(w, interval: lu.interval)
        #expect(abs(dense.value(-1)) < 1e-14)
        #expect(lu.value(-1).isNaN)
        #expect(!lu.isKnownStable(at: -1) && lu.isKnownStable(at: -0.49) && lu.isKnownStable(at: 0.4))
        if case .failure(.unstableFactorisation(let r, _)) = Self.outcome(lu, -1) { #expect(r == -1) } else { Issue.record("\(Self.outcome(lu, -1))") }
        for rho in [-1 + 1e-11, -1 - 1e-11] {
            let v = lu.value(rho)
            #expect(v.isNaN || close(v, dense.value(rho), rtol: 1e-10, atol: 1e-10), "rho = \(rho): \(v)")
        }
        #expect(lu.value(-1 + 1e-11).isNaN)   // pivot 2e-11, below 1e-8 of its row
        for rho in [-1.4, -0.45, 0.2, 0.44] { #expect(close(lu.value(rho), dense.value(rho), rtol: 1e-12, atol: 1e-14), "rho = \(rho)") }
    }

    @Test func sarAndSemFitsEqualTheEigenvalueFits() throws {
        let w = try LogDetFixtures.knn(400, k: 4, seed: 7)
        let lu = try ExactSparseLULogDeterminant(w)
        var g = SeededGenerator(seed: 12)
        let x = (0..<w.count).map { _ in g.normal() }
        let y = try lu.factor(at: 0.45).solve((0..<w.count).map { 1 + 2 * x[$0] + g.normal() })
        let data = try RegressionData(y: y, columns: [("x", x)])
        let eig = try EigenvalueLogDeterminant(w)
        for model in [SpatialModel.sar, .sem] {
            let sparse = try SpatialRegression(model, data: data, weights: w, options: FitOptions(logDeterminant: .method(.sparseLUExact)))
            #expect(sparse.logDeterminantMethod == .sparseLUExact && sparse.logDeterminantAccuracy == .exact)
            let eigen = try SpatialRegression(model, data: data, weights: w, options: FitOptions(logDeterminant: .method(.eigenGeneral)))
            let same = try SpatialRegression(model, data: data, weights: w, logDeterminant: OnInterval(base: eig, interval: lu.interval))
            for (label, reference) in [("eigen-general on its interval", eigen), ("eigen-general on the sparse LU's interval", same)] {
                let a = try #require(model == .sar ? sparse.rho : sparse.lambda).estimate
                let b = try #require(model == .sar ? reference.rho : reference.lambda).estimate
                // The SAR's rho is polished by Newton's method to rounding; the SEM's lambda comes from Brent's method
                // alone, which locates a maximum only to about sqrt(eps) relative (flat top): log-likelihoods equal to
                // 1e-15 already move its path in the 9th digit, another search interval in the 8th.
                let rtol = model == .sar ? 1e-9 : label.hasSuffix("its interval") ? 5e-8 : 1e-8
                #expect(close(a, b, rtol: rtol), "\(model) vs \(label): \(a) vs \(b)")
                #expect(close(sparse.logLikelihood, reference.logLikelihood, rtol: 1e-10), "\(model) vs \(label)")
                for (c, d) in zip(sparse.coefficients, reference.coefficients) { #expect(close(c.estimate, d.estimate, rtol: 1e-7)) }
            }
        }
    }

    /// The SAC on the exact sparse LU: its nested search runs on a Chebyshev approximation (attached automatically),
    /// then Newton steps on the exact values reach the exact maximum, the eigenvalue fit's on the same interval.
    @Test func sacFitEqualsTheEigenvalueFit() throws {
        let w = try LogDetFixtures.knn(600, k: 4, seed: 8)
        let lu = try ExactSparseLULogDeterminant(w)
        var g = SeededGenerator(seed: 13)
        let x = (0..<w.count).map { _ in g.normal() }
        let u = try lu.factor(at: 0.3).solve((0..<w.count).map { _ in g.normal() })
        let y = try lu.factor(at: 0.4).solve((0..<w.count).map { 1 + 2 * x[$0] + u[$0] })
        let data = try RegressionData(y: y, columns: [("x", x)])
        let sparse = try SpatialRegression(.sac, data: data, weights: w)
        #expect(sparse.logDeterminantMethod == .sparseLUExact)
        let eigen = try SpatialRegression(.sac, data: data, weights: w, logDeterminant: OnInterval(base: EigenvalueLogDeterminant(w), interval: lu.interval))
        for (a, b) in [(sparse.rho, eigen.rho), (sparse.lambda, eigen.lambda)] {
            #expect(close(try #require(a).estimate, try #require(b).estimate, rtol: 1e-9), "\(a?.estimate ?? .nan) vs \(b?.estimate ?? .nan)")
        }
        #expect(close(sparse.logLikelihood, eigen.logLikelihood, rtol: 1e-12))
    }

    @Test func automaticChoiceAboveTheDenseThreshold() throws {
        let w = try LogDetFixtures.knn(2_500, k: 4)
        let choice = try w.logDeterminant()
        #expect(choice.method == .sparseLUExact && choice.accuracy == .exact)
        #expect(choice.reason.hasPrefix("W not similar to a symmetric matrix, n = 2500 in 501...100000; one sparse LU factorisation needs ")
                && choice.reason.contains("(limit 5e+08): sparse LU, exact at every rho"), "\(choice.reason)")
        let small = try LogDetFixtures.knn(400, k: 4).logDeterminant()
        #expect(small.method == .eigenGeneral, "\(small.reason)")
        let forced = try LogDetFixtures.rook(20, 20).logDeterminant(.method(.sparseLUExact))
        #expect(forced.method == .sparseLUExact && forced.reason == "requested")
        // On W similar to a symmetric matrix (interval from Lanczos, below -1 / ||W||_inf on a lattice) it agrees
        // with the eigenvalues everywhere: the pivots are those of the positive definite I - rho S.
        let eig = try LogDetFixtures.rook(20, 20).eigenLogDeterminant()
        for rho in [0.999 * forced.logDeterminant.interval.lowerBound, -0.5, 0.5, 0.999] {
            #expect(close(forced.logDeterminant.value(rho), eig.value(rho), rtol: 1e-10), "rho = \(rho)")
        }
    }
}
