import Foundation
import SpatialEconometrics

/// `swift run -c release SpatialBenchmarks logdet-lu [n ...] [--fit]`: the exact sparse LU log-determinant on
/// row-standardised asymmetric kNN-4 weights of uniform random points (seed 11), against dense eigenvalues where
/// those can be run (n <= 3,000), as reported in Docs/LogDeterminants.md. `--fit` also times a whole SAR fit with the
/// automatic log-determinant (and, for n <= 3,000, with dense eigenvalues forced). Not part of the default run.
enum SparseLUBenchmark {
    static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = try body()
        return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    static func knn(_ n: Int, k: Int = 4, seed: UInt64 = 11) throws -> SpatialWeights {
        var g = SeededGenerator(seed: seed)
        let points = (0..<n).map { _ in Point2D(g.uniform(), g.uniform()) }
        return try SpatialWeights.kNearestNeighbors(points: points, k: k).transformed(.row)
    }

    static func run(_ args: [String]) {
        let sizes = args.compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
        let fit = args.contains("--fit")
        for n in sizes.isEmpty ? [600, 1_000, 2_000, 3_107, 10_000, 100_000] : sizes {
            do {
                let w = try knn(n)
                print("== kNN-4 (asymmetric, row-standardised), n = \(n)")
                let (ld, tSym) = try seconds { try ExactSparseLULogDeterminant(w) }
                let s = ld.symbolic
                print(String(format: "  interval + ordering + symbolic: %.3f s, nnz(L + U) = %d (%.1f per row), multiply-adds per factorisation = %.3g",
                             tSym, s.factorNonzeros, Double(s.factorNonzeros) / Double(n), s.flops))
                var times = [Double]()
                var v = 0.0
                for _ in 0..<5 { let (x, t) = try seconds { try ld.exactValue(0.5) }; v = x; times.append(t) }
                times.sort()
                print(String(format: "  one value(0.5): median %.4f s (min %.4f, max %.4f), ln|I - 0.5 W| = %.12g", times[2], times[0], times[4], v))
                let (tr, tTr) = seconds { ld.traces(0.5) }
                print(String(format: "  traces(0.5): %.4f s, tr(G) = %.10g, tr(G^2) = %.10g", tTr, tr.first, tr.second))
                if n <= 3_000 {
                    let (e, tE) = try seconds { try w.eigenLogDeterminant() }
                    print(String(format: "  dense eigenvalues (dgeev): %.3f s", tE))
                    for r in [-0.9, 0.5, 0.99] {
                        let a = try ld.exactValue(r), b = e.value(r)
                        print(String(format: "      rho = %5.2f: sparse LU %.15g, eigen %.15g, relative difference %.2g", r, a, b, abs(a - b) / abs(b)))
                    }
                }
                guard fit else { continue }
                var g = SeededGenerator(seed: 5)
                let x = (0..<n).map { _ in g.normal() }
                let y = try ld.factor(at: 0.5).solve((0..<n).map { 1 + 2 * x[$0] + g.normal() })
                let data = try RegressionData(y: y, columns: [("x", x)])
                let (auto, tFit) = try seconds { try SpatialRegression(.sar, data: data, weights: w) }
                print(String(format: "  SAR fit, automatic log-determinant (%@): %.3f s, rho = %.12g, log-likelihood = %.12g",
                             auto.logDeterminantMethod?.rawValue ?? "-", tFit, auto.rho?.estimate ?? .nan, auto.logLikelihood))
                if n <= 3_000 {
                    let options = FitOptions(logDeterminant: .method(.eigenGeneral))
                    let (eig, tEig) = try seconds { try SpatialRegression(.sar, data: data, weights: w, options: options) }
                    print(String(format: "  SAR fit, dense eigenvalues: %.3f s, rho = %.12g, log-likelihood = %.12g", tEig,
                                 eig.rho?.estimate ?? .nan, eig.logLikelihood))
                }
            } catch {
                print("  failed: \(error)")
            }
        }
    }
}
