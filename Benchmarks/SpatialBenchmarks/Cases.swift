import Foundation
import SpatialEconometrics

/// The benchmark cases. Each runs our implementation in a child process (so peak memory is per case) and the
/// peers on identical inputs written to a scratch folder.
enum Case: String, CaseIterable {
    case knn8, queenGrid = "queen-grid", localMoran = "local-moran"
    /// Local Moran with an independent stream per unit (`draws: .independent`); ours only, no peer.
    case localMoranIndependent = "local-moran-independent"
    /// Two-way fixed-effects SDM (direct approach, T = 10) plus simulated effects; peer PySAL `Panel_FE_Lag`.
    case panelSDM = "panel-sdm"
    /// Cross-section SAR by ML; peers PySAL `ML_Lag` (full, LU) and R `lagsarlm` (eigen, Matrix, Chebyshev).
    case sarML = "sar-ml"
    /// Cross-section SEM by ML, with the spatial Hausman test; peer R `errorsarlm` (eigen, Matrix).
    case semML = "sem-ml"

    var isFit: Bool { self == .panelSDM || self == .sarML || self == .semML }

    /// Sizes measured by default, and by `--quick` (for a smoke run).
    func sizes(quick: Bool) -> [Int] {
        switch self {
        case .knn8: return quick ? [10_000] : [100_000, 1_000_000]
        case .queenGrid: return quick ? [50] : [100, 300]
        case .localMoran, .localMoranIndependent: return quick ? [2_500] : [10_000, 100_000]
        case .panelSDM: return quick ? [1_000] : [48, 1_000, 10_000, 100_000, 1_000_000]
        case .sarML: return quick ? [1_000] : [1_000, 10_000, 100_000, 1_000_000]
        case .semML: return quick ? [4_900] : [1_000, 4_900, 10_000, 100_000]
        }
    }

    var permutations: Int { 9_999 }

    static func randomPoints(_ n: Int, seed: UInt64 = 2026) -> [Point2D] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in Point2D(g.uniform(), g.uniform()) }
    }

    /// Unit squares on a side x side grid, as polygons.
    static func squareGrid(_ side: Int) -> [PolygonFeature] {
        var out = [PolygonFeature]()
        out.reserveCapacity(side * side)
        for r in 0..<side {
            for c in 0..<side {
                let x = Double(c), y = Double(r)
                let ring = [Point2D(x, y), Point2D(x + 1, y), Point2D(x + 1, y + 1), Point2D(x, y + 1), Point2D(x, y)]
                out.append(PolygonFeature(id: "\(r * side + c + 1)", parts: [Polygon(exterior: ring)]))
            }
        }
        return out
    }

    /// A spatially autocorrelated variable on a side x side lattice: a smooth trend plus noise.
    static func latticeValues(_ n: Int, seed: UInt64 = 7) -> [Double] {
        let side = Int(Double(n).squareRoot())
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { i in sin(Double(i % side) / 15) + cos(Double(i / side) / 20) + g.normal() }
    }

    /// Our implementation, timed: one row per measured step (fits: the fit, then the effects for the panel).
    func runOursRows(n: Int, scratch: URL) throws -> [Measurement] {
        switch self {
        case .panelSDM: return try FitData.runPanelSDM(n: n)
        case .sarML: return try FitData.runSARML(n: n)
        case .semML: return try FitData.runSEMML(n: n)
        default: return [try runOurs(n: n, scratch: scratch)]
        }
    }

    /// Our implementation, timed; returns the measurement and a small fingerprint for agreement checks.
    func runOurs(n: Int, scratch: URL) throws -> Measurement {
        switch self {
        case .panelSDM, .sarML, .semML: throw BenchmarkError.notSingleRow
        case .knn8:
            let pts = Self.randomPoints(n)
            let (secs, w) = try Harness.time(repeats: 3) { try SpatialWeights.kNearestNeighbors(points: pts, k: 8) }
            // Neighbour lists of the first 1,000 units, 0-based, for comparison with the peer.
            let lines = (0..<min(1000, n)).map { i in w.neighbors(of: i).map(String.init).joined(separator: " ") }
            try lines.joined(separator: "\n").write(to: scratch.appendingPathComponent("knn8_ours_\(n).txt"), atomically: true, encoding: .utf8)
            return Measurement(benchmark: rawValue, n: n, implementation: "SpatialEconometrics", method: "k-d tree, k = 8",
                               seconds: secs, peakMemoryMB: Harness.peakMemoryMB(), agreement: "nonzero \(w.matrix.nonzeroCount)", status: "ok")
        case .queenGrid:
            let grid = Self.squareGrid(n)
            let (secs, w) = try Harness.time(repeats: 3) { try SpatialWeights.queen(grid) }
            let side = n
            let expected = 4 * side * (side - 1) + 4 * (side - 1) * (side - 1)
            return Measurement(benchmark: rawValue, n: n * n, implementation: "SpatialEconometrics", method: "hashed vertices",
                               seconds: secs, peakMemoryMB: Harness.peakMemoryMB(),
                               agreement: w.matrix.nonzeroCount == expected ? "nonzero \(expected) (exact)" : "nonzero \(w.matrix.nonzeroCount) != \(expected)", status: "ok")
        case .localMoran, .localMoranIndependent:
            let side = Int(Double(n).squareRoot())
            let w = try SpatialWeights.lattice(rows: side, columns: side, rule: .rook).transformed(.row)
            let x = Self.latticeValues(side * side)
            let draws: LocalPermutationDraws = self == .localMoran ? .shared : .independent
            let (secs, lm) = try Harness.time(repeats: 1) { try LocalMoran(x, weights: w, permutations: permutations, seed: 12345, draws: draws) }
            let p = lm.units.map { $0.pPermutation ?? .nan }
            if self == .localMoran {
                try p.map { "\($0)" }.joined(separator: "\n").write(to: scratch.appendingPathComponent("lisa_ours_\(side * side).txt"), atomically: true, encoding: .utf8)
            }
            return Measurement(benchmark: rawValue, n: side * side, implementation: "SpatialEconometrics",
                               method: "\(permutations) conditional permutations (\(draws.rawValue) draws), \(ProcessInfo.processInfo.activeProcessorCount) threads",
                               seconds: secs, peakMemoryMB: Harness.peakMemoryMB(), agreement: "I_1 = \(lm.units[0].I)", status: "ok")
        }
    }

    /// Writes the peers' inputs and lists their runs (a command line, or why it is not started).
    func peerRuns(n: Int, scratch: URL, python: String, havePython: Bool, peers: URL, capGB: Double, write: Bool = true) throws -> [PeerRun] {
        if isFit { return try FitPeers.runs(self, n: n, scratch: scratch, python: python, havePython: havePython, peers: peers, capGB: capGB, write: write) }
        guard write else { return [] }
        guard havePython else { return [] }
        return try peerCommands(n: n, scratch: scratch, python: python, peers: peers).map {
            PeerRun(implementation: URL(fileURLWithPath: $0[1]).lastPathComponent, method: "", command: $0, skipped: nil)
        }
    }

    /// Writes the peer's inputs and returns the command lines to run.
    func peerCommands(n: Int, scratch: URL, python: String, peers: URL) throws -> [[String]] {
        switch self {
        case .panelSDM, .sarML, .semML: return []
        case .knn8:
            let file = scratch.appendingPathComponent("points_\(n).csv")
            let pts = Self.randomPoints(n)
            var s = "x,y\n"
            s.reserveCapacity(n * 40)
            for p in pts { s += "\(p.x),\(p.y)\n" }
            try s.write(to: file, atomically: true, encoding: .utf8)
            return [[python, peers.appendingPathComponent("weights_pysal.py").path, "knn", file.path,
                     scratch.appendingPathComponent("knn8_peer_\(n).txt").path]]
        case .queenGrid:
            return [[python, peers.appendingPathComponent("weights_pysal.py").path, "queen", "\(n)"]]
        case .localMoranIndependent:
            return []
        case .localMoran:
            let side = Int(Double(n).squareRoot())
            let w = try SpatialWeights.lattice(rows: side, columns: side, rule: .rook)
            let x = Self.latticeValues(side * side)
            let vf = scratch.appendingPathComponent("lisa_x_\(side * side).csv"), nf = scratch.appendingPathComponent("lisa_nb_\(side * side).csv")
            try ("x\n" + x.map { "\($0)" }.joined(separator: "\n") + "\n").write(to: vf, atomically: true, encoding: .utf8)
            var s = "i,j\n"
            for i in 0..<w.count { for j in w.neighbors(of: i) { s += "\(i),\(j)\n" } }
            try s.write(to: nf, atomically: true, encoding: .utf8)
            return [[python, peers.appendingPathComponent("lisa_esda.py").path, vf.path, nf.path, "\(permutations)",
                     scratch.appendingPathComponent("lisa_peer_\(side * side).txt").path],
                    ["Rscript", peers.appendingPathComponent("lisa_spdep.R").path, vf.path, nf.path, "\(permutations)",
                     scratch.appendingPathComponent("lisa_peer_spdep_\(side * side).txt").path]]
        }
    }

    /// Agreement of a peer's output files with ours.
    func compare(n: Int, scratch: URL) -> String {
        switch self {
        case .panelSDM, .sarML, .semML: return ""
        case .knn8:
            guard let a = try? String(contentsOf: scratch.appendingPathComponent("knn8_ours_\(n).txt"), encoding: .utf8),
                  let b = try? String(contentsOf: scratch.appendingPathComponent("knn8_peer_\(n).txt"), encoding: .utf8) else { return "" }
            let la = a.split(separator: "\n"), lb = b.split(separator: "\n")
            let same = zip(la, lb).filter { Set($0.0.split(separator: " ")) == Set($0.1.split(separator: " ")) }.count
            return "same neighbour sets for \(same)/\(min(la.count, lb.count)) units checked"
        case .queenGrid, .localMoranIndependent:
            return ""
        case .localMoran:
            let side = Int(Double(n).squareRoot()), m = side * side
            guard let a = try? String(contentsOf: scratch.appendingPathComponent("lisa_ours_\(m).txt"), encoding: .utf8),
                  let b = try? String(contentsOf: scratch.appendingPathComponent("lisa_peer_\(m).txt"), encoding: .utf8) else { return "" }
            let pa = a.split(separator: "\n").compactMap { Double($0) }, pb = b.split(separator: "\n").compactMap { Double($0) }
            let k = min(pa.count, pb.count)
            guard k > 0 else { return "" }
            let meanAbs = zip(pa, pb).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(k)
            return String(format: "pseudo p: mean |ours - peer| = %.4f over %d units", meanAbs, k)
        }
    }
}

enum BenchmarkError: Error { case notSingleRow }
