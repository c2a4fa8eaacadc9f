import Foundation
import SpatialEconometrics

/// `swift run -c release SpatialBenchmarks logdet [side ...]`: times of each log-determinant method on
/// row-standardised rook lattices (side x side), as reported in Docs/LogDeterminants.md. Not part of the default run.
enum LogDeterminantBenchmark {
    static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = try body()
        return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    static func run(_ args: [String]) {
        let sides = args.compactMap(Int.init)
        for side in sides.isEmpty ? [32, 100, 317, 1000] : sides {
            do {
                let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
                let n = w.count
                print("== rook lattice \(side) x \(side), n = \(n)")
                let (sym, tSym) = try seconds { try SparseCholeskySymbolic(pattern: w.matrix) }
                print(String(format: "  ordering + symbolic: %.3f s, nnz(L) = %d (%.1f per row), flops/factorisation = %.3g",
                             tSym, sym.factorNonzeros, Double(sym.factorNonzeros) / Double(n), sym.flops))
                if n <= 300_000 {
                    let (ch, tCh) = try seconds { try SparseCholeskyLogDeterminant(w) }
                    let (exact, tOne) = try seconds { try ch.exactValue(0.5) }
                    print(String(format: "  sparse Cholesky: %d-point grid %.3f s, one factorisation %.4f s, ln|I-0.5W| = %.10g, interpolation error ~ %.2g",
                                 ch.grid.count, tCh, tOne, exact, ch.interpolationError))
                }
            } catch {
                print("  failed: \(error)")
            }
        }
    }
}
