import Foundation
import SpatialEconometrics

/// `swift run -c release SpatialBenchmarks gmm [N ...] [--python PATH] [--no-peers] [--peer-max N]`: GS2SLS of the SAC
/// (``GeneralizedSpatialTwoStageLeastSquares``, spreg's `GM_Combo_Het`: H = [1, X, W X], heteroskedastic moments, one
/// weighted step) on a row-standardised rook lattice of N cells (default N = 10^4, 10^5, 10^6), side by side with
/// PySAL spreg's `GM_Combo_Het` on the same data and weights (Benchmarks/peers/fit_spreg.py `combo`; the Python of
/// Benchmarks/peers/.venv unless `--python` names another; peers skipped when it is absent, with `--no-peers`, or above
/// `--peer-max`, default 10^6). Data: `y = (I - 0.4 W)^-1 (1 + x1 - 0.5 x2 + u)`, `u = (I - 0.4 W)^-1 e`, x and e
/// standard normal (seeded), solved by Neumann sweeps (no n x n matrix). Only the estimator calls are timed (the
/// weights and data are built before). Prints one line per implementation with the wall time, the estimates and, for
/// the peer, the largest difference from ours (Docs/Performance.md). Not part of the default run.
enum GMMBenchmark {
    static func run(_ args: [String]) {
        func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
        let valued = Set(["--python", "--peer-max"].compactMap { args.firstIndex(of: $0).map { $0 + 1 } })
        let sizes = args.enumerated().filter { !valued.contains($0.offset) }.compactMap { Int($0.element.replacingOccurrences(of: "_", with: "")) }
        let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("peers")
        let python = option("--python") ?? peers.appendingPathComponent(".venv/bin/python").path
        let peerMax = option("--peer-max").flatMap { Int($0.replacingOccurrences(of: "_", with: "")) } ?? 1_000_000
        let havePython = !args.contains("--no-peers") && FileManager.default.isExecutableFile(atPath: python)
        if !args.contains("--no-peers") && !havePython { print("note: no peer Python at \(python) (give --python PATH or run Benchmarks/peers/setup.sh); peers skipped") }
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("spatial-gmm-benchmark-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for n in sizes.isEmpty ? [10_000, 100_000, 1_000_000] : sizes {
            do {
                let w = try FitData.weights(n)
                var g = SeededGenerator(seed: 2031)
                let x1 = (0..<n).map { _ in g.normal() }, x2 = (0..<n).map { _ in g.normal() }
                let u = try FitData.solveLag(w, rho: 0.4, (0..<n).map { _ in g.normal() })
                let y = try FitData.solveLag(w, rho: 0.4, (0..<n).map { 1 + x1[$0] - 0.5 * x2[$0] + u[$0] })
                let data = try RegressionData(y: y, yName: "y", columns: [("x1", x1), ("x2", x2)])
                let start = Date()
                let fit = try GeneralizedSpatialTwoStageLeastSquares(data: data, weights: w)
                let seconds = Date().timeIntervalSince(start)
                let ours = fit.coefficients.map(\.estimate) + [fit.rhoEstimate.estimate, fit.lambdaEstimate.estimate]
                print(String(format: "GS2SLS N = %d: SpatialEconometrics %.3f s; b = %@, rho %.6f (%.6f), lambda %.6f (%.6f)", n, seconds,
                             fit.coefficients.map { String(format: "%.6f", $0.estimate) }.joined(separator: ", "),
                             fit.rhoEstimate.estimate, fit.rhoEstimate.stdError, fit.lambdaEstimate.estimate, fit.lambdaEstimate.stdError))
                guard havePython, n <= peerMax else { continue }
                let csv = scratch.appendingPathComponent("gmm_\(n).csv"), edges = scratch.appendingPathComponent("gmm_edges_\(n).csv")
                var s = "y,x1,x2\n"
                s.reserveCapacity(n * 64)
                for i in 0..<n { s += "\(y[i]),\(x1[i]),\(x2[i])\n" }
                try s.write(to: csv, atomically: true, encoding: .utf8)
                try FitData.edgesCSV(n).write(to: edges, atomically: true, encoding: .utf8)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: python)
                p.arguments = [peers.appendingPathComponent("fit_spreg.py").path, "combo", csv.path, edges.path]
                let pipe = Pipe()
                p.standardOutput = pipe
                try p.run()
                let out = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                guard p.terminationStatus == 0,
                      let line = String(data: out, encoding: .utf8)?.split(separator: "\n").last,
                      let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let peerSeconds = json["seconds"] as? Double, let betas = json["betas"] as? [Double] else {
                    print("  peer failed (status \(p.terminationStatus))"); continue
                }
                let difference = zip(ours, betas).map { abs($0 - $1) }.max() ?? .nan
                print(String(format: "  %@ %@: %.3f s (%.1fx ours), peak RSS %.0f MB; max |difference| of (b, rho, lambda) from ours %.1e",
                             json["peer"] as? String ?? "peer", json["method"] as? String ?? "", peerSeconds, peerSeconds / seconds,
                             json["peak_rss_mb"] as? Double ?? .nan, difference))
            } catch {
                print("N = \(n): failed: \(error)")
            }
        }
    }
}
