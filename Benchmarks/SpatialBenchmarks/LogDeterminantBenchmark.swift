import Foundation
import SpatialEconometrics

/// `swift run -c release SpatialBenchmarks logdet [side ...]`: times and accuracy of each log-determinant method on
/// row-standardised rook lattices (side x side), as reported in Docs/LogDeterminants.md. Not part of the default run.
/// The reference is the eigenvalue method for n <= 2,000 and a sparse Cholesky factorisation at that rho beyond
/// (above 300,000 units the sparse Cholesky grid has 9 points, to time one factorisation).
enum LogDeterminantBenchmark {
    static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = try body()
        return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    static func run(_ args: [String]) {
        let sides = args.compactMap(Int.init)
        let rhos = [0.5, 0.9]
        for side in sides.isEmpty ? [32, 100, 317, 1000] : sides {
            do {
                let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
                let n = w.count
                print("== rook lattice \(side) x \(side), n = \(n)")
                var reference = [Double: Double]()
                if n <= 2_000 {
                    let (e, t) = try seconds { try w.eigenLogDeterminant() }
                    for r in rhos { reference[r] = e.value(r) }
                    print(String(format: "  eigen: %.3f s", t))
                }
                do {
                    let (sym, tSym) = try seconds { try SparseCholeskySymbolic(pattern: w.matrix) }
                    print(String(format: "  ordering + symbolic: %.3f s, nnz(L) = %d (%.1f per row), flops/factorisation = %.3g",
                                 tSym, sym.factorNonzeros, Double(sym.factorNonzeros) / Double(n), sym.flops))
                    // Above 300,000 units only a 9-point grid (to time the factorisation, not for use).
                    let (ch, tCh) = try seconds { try SparseCholeskyLogDeterminant(w, gridSize: n > 300_000 ? 9 : nil) }
                    let (exact, tOne) = try seconds { try ch.exactValue(0.5) }
                    if reference.isEmpty { for r in rhos { reference[r] = try ch.exactValue(r) } }
                    print(String(format: "  sparse-cholesky: %d-point grid %.3f s (one factorisation %.4f s), ln|I-0.5W| = %.10g", ch.grid.count, tCh, tOne, exact))
                    report(ch, reference)
                }
                let (cb, tCb) = try seconds { try ChebyshevLogDeterminant(w) }
                print(String(format: "  chebyshev (q = 60, 32 probes): %.3f s", tCb)); report(cb, reference)
                let (sl, tSl) = try seconds { try LanczosQuadratureLogDeterminant(w) }
                print(String(format: "  lanczos-quadrature (m = 30, 32 probes): %.3f s", tSl)); report(sl, reference)
                let (mc, tMc) = try seconds { try MonteCarloLogDeterminant(w) }
                print(String(format: "  monte-carlo (order 100, 32 probes): %.3f s", tMc)); report(mc, reference)
                let (ts, tTs) = try seconds { try TraceSeries(hutchinson: w, order: 100, probes: 50, seed: 1) }
                print(String(format: "  trace series tr(W^k), k <= 100, 50 probes: %.3f s; tr(W^10) = %.6g +- %.2g", tTs, ts.traces[10], ts.standardErrors[10]))
            } catch {
                print("  failed: \(error)")
            }
        }
    }

    static func report(_ ld: any LogDeterminant, _ reference: [Double: Double]) {
        for (r, v) in reference.sorted(by: { $0.key < $1.key }) {
            print(String(format: "      rho = %.2f: error %.3g (reported bound %.3g, relative %.2g)", r, ld.value(r) - v,
                         ld.accuracy(at: r).errorBound, abs(ld.value(r) - v) / abs(v)))
        }
    }
}
