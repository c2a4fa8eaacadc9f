import Foundation
@_spi(Benchmarks) import SpatialEconometrics

/// `swift run -c release SpatialBenchmarks traces [side ...] [--dense side ...]`: time of the information matrix of a
/// SAR (rho = 0.5) on row-standardised rook lattices (side x side) with the exact sparse traces, and with the dense
/// operators for the sides after `--dense` (Docs/Performance.md). Not part of the default run.
enum TraceBenchmark {
    static func run(_ args: [String]) {
        let split = args.firstIndex(of: "--dense") ?? args.count
        let sparseSides = args[..<split].compactMap(Int.init), denseSides = args[min(split + 1, args.count)...].compactMap(Int.init)
        let sac = args.contains("--sac")
        for (side, dense) in (sparseSides.isEmpty && denseSides.isEmpty ? [56, 100, 141] : sparseSides).map({ ($0, false) }) + denseSides.map({ ($0, true) }) {
            do {
                let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
                let r = try InformationMatrixTiming.information(weights: w, rho: 0.5, lambda: sac ? 0.3 : nil, dense: dense)
                let work = InformationMatrixTiming.work(weights: w)
                print(String(format: "%@ %@ %d x %d (n = %d): %.3f s (symbolic %.3f s), I_rho,rho = %.12g, nnz(L) = %d, work %.3g",
                             sac ? "SAC" : "SAR", dense ? "dense" : "sparse", side, side, side * side, r.seconds, r.symbolicSeconds, r.rhoRho,
                             work?.factorNonzeros ?? 0, work?.work ?? 0))
            } catch {
                print("side \(side): failed: \(error)")
            }
        }
    }
}
