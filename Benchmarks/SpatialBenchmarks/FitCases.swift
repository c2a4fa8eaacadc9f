import Foundation
import SpatialEconometrics

/// Inputs and runners of the model-fit cases (`panel-sdm`, `sar-ml`): simulated data on rook lattices, written once
/// as CSV text that our fit parses and the peers read from the scratch folder, so every implementation sees the
/// same bytes.
///
/// - Data files: `fit_panel_N.csv` (`unit,time,y,x1,x2`, time-major: all units of period 1, then period 2, ...;
///   units numbered 1...N as the lattice cells), `fit_cross_N.csv` (`y,x1,x2`, lattice order) and `fit_edges_N.csv`
///   (`i,j`, 0-based directed rook links, binary; every implementation row-standardises them itself).
/// - Coefficient order used for agreement: panel `x1, x2, W_x1, W_x2`; cross-section `(Intercept), x1, x2`.
enum FitData {
    static let periods = 10
    static let rho = 0.4
    static let beta = [1.0, -0.5]
    static let theta = [0.3, 0.2]
    static let intercept = 1.0

    /// A rows x columns factorisation of n, as square as possible (N = 48: 6 x 8; 10^3: 25 x 40; 10^5: 250 x 400).
    static func latticeShape(_ n: Int) -> (rows: Int, columns: Int) {
        var r = Int(Double(n).squareRoot())
        while r > 1 && n % r != 0 { r -= 1 }
        return (r, n / r)
    }

    /// Row-standardised rook weights on the lattice of n cells.
    static func weights(_ n: Int) throws -> SpatialWeights {
        let s = latticeShape(n)
        return try SpatialWeights.lattice(rows: s.rows, columns: s.columns, rule: .rook).transformed(.row)
    }

    /// Solves `(I - rho W) y = b` by the fixed-point (Neumann) iteration `y <- b + rho W y`: W is row-stochastic,
    /// so the error shrinks by |rho| per sweep (40 sweeps at rho = 0.4 reach 1e-16 relative). O(nnz) per sweep,
    /// no n x n matrix.
    static func solveLag(_ w: SpatialWeights, rho: Double, _ b: [Double]) throws -> [Double] {
        var y = b
        for _ in 0..<200 {
            let wy = try w.matrix.multiply(y)
            var change = 0.0, size = 0.0
            for i in y.indices {
                let next = b[i] + rho * wy[i]
                change = max(change, abs(next - y[i])); size = max(size, abs(next))
                y[i] = next
            }
            if change <= 1e-15 * max(size, 1) { break }
        }
        return y
    }

    /// Two-way fixed-effects SDM, T = 10: `y_t = rho W y_t + X_t beta + W X_t theta + mu + alpha_t 1 + e_t`, with
    /// x, mu, alpha, e standard normal (seeded), as CSV text.
    static func panelCSV(_ n: Int, seed: UInt64 = 2027) throws -> String {
        let w = try weights(n)
        var g = SeededGenerator(seed: seed)
        let mu = (0..<n).map { _ in g.normal() }
        var s = "unit,time,y,x1,x2\n"
        s.reserveCapacity(n * periods * 64)
        for t in 0..<periods {
            let alpha = g.normal()
            let x1 = (0..<n).map { _ in g.normal() }, x2 = (0..<n).map { _ in g.normal() }
            let wx1 = try w.matrix.multiply(x1), wx2 = try w.matrix.multiply(x2)
            let b = (0..<n).map { i in
                beta[0] * x1[i] + beta[1] * x2[i] + theta[0] * wx1[i] + theta[1] * wx2[i] + mu[i] + alpha + g.normal()
            }
            let y = try solveLag(w, rho: rho, b)
            for i in 0..<n { s += "\(i + 1),\(2001 + t),\(y[i]),\(x1[i]),\(x2[i])\n" }
        }
        return s
    }

    /// Cross-section SAR: `y = rho W y + 1 + X beta + e`, as CSV text (lattice order).
    static func crossCSV(_ n: Int, seed: UInt64 = 2028) throws -> String {
        let w = try weights(n)
        var g = SeededGenerator(seed: seed)
        let x1 = (0..<n).map { _ in g.normal() }, x2 = (0..<n).map { _ in g.normal() }
        let b = (0..<n).map { i in intercept + beta[0] * x1[i] + beta[1] * x2[i] + g.normal() }
        let y = try solveLag(w, rho: rho, b)
        var s = "y,x1,x2\n"
        s.reserveCapacity(n * 64)
        for i in 0..<n { s += "\(y[i]),\(x1[i]),\(x2[i])\n" }
        return s
    }

    /// Cross-section SEM: `y = 1 + X beta + u`, `u = lambda W u + e` with lambda = rho (0.4), as CSV text (lattice order).
    static func errorCSV(_ n: Int, seed: UInt64 = 2029) throws -> String {
        let w = try weights(n)
        var g = SeededGenerator(seed: seed)
        let x1 = (0..<n).map { _ in g.normal() }, x2 = (0..<n).map { _ in g.normal() }
        let u = try solveLag(w, rho: rho, (0..<n).map { _ in g.normal() })
        var s = "y,x1,x2\n"
        s.reserveCapacity(n * 64)
        for i in 0..<n { s += "\(intercept + beta[0] * x1[i] + beta[1] * x2[i] + u[i]),\(x1[i]),\(x2[i])\n" }
        return s
    }

    /// Binary rook links, 0-based, one `i,j` per line.
    static func edgesCSV(_ n: Int) throws -> String {
        let shape = latticeShape(n)
        let w = try SpatialWeights.lattice(rows: shape.rows, columns: shape.columns, rule: .rook)
        var s = "i,j\n"
        s.reserveCapacity(n * 4 * 16)
        for i in 0..<n { for j in w.neighbors(of: i) { s += "\(i),\(j)\n" } }
        return s
    }

    static let threads = ProcessInfo.processInfo.activeProcessorCount

    /// Ours on the panel case: the fit (package defaults for the log-determinant and the traces) and, as a second
    /// row, the effects with 1,000 simulation draws.
    static func runPanelSDM(n: Int) throws -> [Measurement] {
        let w = try weights(n)
        let panel: Panel
        do {
            let table = try DataTable(csv: try panelCSV(n), source: "simulated panel")
            panel = try Panel(table: table, unit: "unit", time: "time", unitOrder: w.ids)
        }
        let repeats = n <= 1_000 ? 3 : 1
        let (fitSeconds, fit) = try Harness.time(repeats: repeats) {
            try PanelRegression(.sdm, panel: panel, y: "y", x: ["x1", "x2"], weights: w, effects: .twoways, estimator: .direct)
        }
        let fitMemory = Harness.peakMemoryMB()
        let rho = fit.rho?.estimate ?? .nan
        let detail = String(format: "rho %.6f; log-det %@; %@", rho, fit.logDeterminantMethod.rawValue,
                            fit.standardErrors.contains("Hutchinson") ? "traces stochastic" : "traces exact")
        var rows = [Measurement(benchmark: "panel-sdm", n: n, implementation: "SpatialEconometrics", method: "fit, package defaults",
                                seconds: fitSeconds, peakMemoryMB: fitMemory, agreement: detail, status: "ok",
                                rho: rho, coefficients: fit.coefficients.map(\.estimate))]
        do {
            let (secs, impacts) = try Harness.time(repeats: 1) {
                try ImpactMeasures(fit, weights: w, inference: .simulation(draws: 1000, seed: 1))
            }
            let d = impacts.direct.first?.estimate ?? .nan, ind = impacts.indirect.first?.estimate ?? .nan
            rows.append(Measurement(benchmark: "panel-sdm", n: n, implementation: "SpatialEconometrics", method: "impacts, 1,000 draws",
                                    seconds: secs, peakMemoryMB: Harness.peakMemoryMB(),
                                    agreement: String(format: "x1: direct %.4f, indirect %.4f", d, ind), status: "ok"))
        } catch {
            rows.append(Measurement(benchmark: "panel-sdm", n: n, implementation: "SpatialEconometrics", method: "impacts, 1,000 draws",
                                    seconds: nil, peakMemoryMB: Harness.peakMemoryMB(), agreement: "", status: "failed: \(error)"))
        }
        return rows
    }

    /// Ours on the cross-section case: `SpatialRegression(.sar, ...)` with the package defaults.
    static func runSARML(n: Int) throws -> [Measurement] {
        let w = try weights(n)
        let data = try RegressionData(table: try DataTable(csv: try crossCSV(n), source: "simulated cross-section"), y: "y", x: ["x1", "x2"])
        let repeats = n <= 1_000 ? 3 : 1
        let (secs, fit) = try Harness.time(repeats: repeats) { try SpatialRegression(.sar, data: data, weights: w) }
        // Hessian standard errors: what spatialreg's Matrix/LU methods report, the same-thing comparison with them.
        let (hSecs, hFit) = try Harness.time(repeats: repeats) {
            try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(standardErrors: .hessian))
        }
        let rho = fit.rho?.estimate ?? .nan
        return [Measurement(benchmark: "sar-ml", n: n, implementation: "SpatialEconometrics", method: "fit, package defaults",
                            seconds: secs, peakMemoryMB: Harness.peakMemoryMB(),
                            agreement: String(format: "rho %.6f; log-det %@", rho, fit.logDeterminantMethod?.rawValue ?? "none"),
                            status: "ok", rho: rho, coefficients: fit.coefficients.map(\.estimate)),
                Measurement(benchmark: "sar-ml", n: n, implementation: "SpatialEconometrics", method: "fit, Hessian SEs",
                            seconds: hSecs, peakMemoryMB: Harness.peakMemoryMB(),
                            agreement: String(format: "rho se %.6g", hFit.rho?.stdError ?? .nan), status: "ok")]
    }
}

extension FitData {
    /// Ours on the SEM case: `SpatialRegression(.sem, ...)` with the package defaults, then the spatial Hausman test
    /// (`spatial fit --model sem` reports both).
    static func runSEMML(n: Int) throws -> [Measurement] {
        let w = try weights(n)
        let data = try RegressionData(table: try DataTable(csv: try errorCSV(n), source: "simulated cross-section"), y: "y", x: ["x1", "x2"])
        let repeats = n <= 5_000 ? 3 : 1
        let (secs, fit) = try Harness.time(repeats: repeats) { try SpatialRegression(.sem, data: data, weights: w) }
        let (hSecs, h) = try Harness.time(repeats: repeats) { try NestedModelComparison.spatialHausman(fit, data: data, weights: w) }
        let (eSecs, eFit) = try Harness.time(repeats: repeats) {
            try SpatialRegression(.sem, data: data, weights: w, options: FitOptions(standardErrors: .hessian))
        }
        let lambda = fit.lambda?.estimate ?? .nan
        return [Measurement(benchmark: "sem-ml", n: n, implementation: "SpatialEconometrics", method: "fit, package defaults",
                            seconds: secs, peakMemoryMB: Harness.peakMemoryMB(),
                            agreement: String(format: "lambda %.6f; log-det %@", lambda, fit.logDeterminantMethod?.rawValue ?? "none"),
                            status: "ok", rho: lambda, coefficients: fit.coefficients.map(\.estimate)),
                Measurement(benchmark: "sem-ml", n: n, implementation: "SpatialEconometrics", method: "spatial Hausman test",
                            seconds: hSecs, peakMemoryMB: Harness.peakMemoryMB(), agreement: String(format: "H = %.4f", h.statistic), status: "ok"),
                Measurement(benchmark: "sem-ml", n: n, implementation: "SpatialEconometrics", method: "fit, Hessian SEs",
                            seconds: eSecs, peakMemoryMB: Harness.peakMemoryMB(),
                            agreement: String(format: "lambda se %.6g", eFit.lambda?.stdError ?? .nan), status: "ok")]
    }
}

/// One peer run: a command line, or the reason it is not started.
struct PeerRun {
    var implementation: String
    var method: String
    var command: [String]?
    var skipped: String?
}

enum FitPeers {
    /// Dense n x n matrices a method holds at once (from reading its code), for the skip rule.
    static func denseNeed(_ n: Int, matrices: Double) -> Double { matrices * 8 * Double(n) * Double(n) / 1e9 }

    static func skipReason(_ n: Int, matrices: Double, what: String, capGB: Double) -> String? {
        let gb = denseNeed(n, matrices: matrices)
        guard gb > capGB else { return nil }
        return String(format: "skipped: %@ needs ~%.0f GB (%.0f x %.0f GB), over the %.0f GB cap", what, gb, matrices, gb / matrices, capGB)
    }

    /// Writes the inputs and lists the peer runs for a fit case.
    /// With `write` false (a dry run) nothing is written and the commands are only listed.
    static func runs(_ c: Case, n: Int, scratch: URL, python: String, havePython: Bool, peers: URL, capGB: Double, write: Bool = true) throws -> [PeerRun] {
        let edges = scratch.appendingPathComponent("fit_edges_\(n).csv")
        if write && !FileManager.default.fileExists(atPath: edges.path) { try FitData.edgesCSV(n).write(to: edges, atomically: true, encoding: .utf8) }
        let spreg = peers.appendingPathComponent("fit_spreg.py").path, rScript = peers.appendingPathComponent("fit_spatialreg.R").path
        let haveR = FileManager.default.isExecutableFile(atPath: "/usr/bin/Rscript") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/Rscript")
        var out = [PeerRun]()
        func py(_ impl: String, _ method: String, _ args: [String], matrices: Double, what: String) {
            guard havePython else { out.append(PeerRun(implementation: impl, method: method, command: nil, skipped: "skipped: no PySAL environment (Benchmarks/peers/setup.sh)")); return }
            let skip = skipReason(n, matrices: matrices, what: what, capGB: capGB)
            out.append(PeerRun(implementation: impl, method: method, command: skip == nil ? [python, spreg] + args : nil, skipped: skip))
        }
        func r(_ method: String, _ args: [String], matrices: Double, what: String) {
            guard haveR else { out.append(PeerRun(implementation: "R spatialreg", method: method, command: nil, skipped: "skipped: no Rscript")); return }
            let skip = matrices > 0 ? skipReason(n, matrices: matrices, what: what, capGB: capGB) : nil
            out.append(PeerRun(implementation: "R spatialreg", method: method, command: skip == nil ? ["Rscript", rScript] + args : nil, skipped: skip))
        }
        switch c {
        case .panelSDM:
            let data = scratch.appendingPathComponent("fit_panel_\(n).csv")
            if write { try FitData.panelCSV(n).write(to: data, atomically: true, encoding: .utf8) }
            // Panel_FE_Lag holds W dense (w.full()), I - rho W, its inverse, W A^-1, (W A^-1)^2 and (W A^-1)'(W A^-1),
            // and kron(I_T, W A^-1), kron(I_T, (W A^-1)'(W A^-1)) as sparse matrices that are full: T n^2 entries at
            // 12 bytes each. At N = 10^4 it failed on a 7.45 GiB array under the 12 GB cap (2026-11-23).
            let t = Double(FitData.periods)
            py("PySAL spreg", "Panel_FE_Lag (period-demeaned, W x added)", ["panel", data.path, edges.path],
               matrices: 6 + 2 * t * 1.5, what: "Panel_FE_Lag's information matrix (dense (I - rho W)^-1 and its T-fold Kronecker products)")
        case .sarML:
            let data = scratch.appendingPathComponent("fit_cross_\(n).csv")
            if write { try FitData.crossCSV(n).write(to: data, atomically: true, encoding: .utf8) }
            // method="full": dense W, det(I - rho W) per evaluation, then the dense inverse and its products.
            py("PySAL spreg", "ML_Lag method=full", ["lag", data.path, edges.path, "full"], matrices: 6,
                   what: "ML_Lag full (dense W, det per evaluation, dense inverse)")
            // method="LU": sparse LU per evaluation, but the information matrix inverts I - rho W (a full matrix in
            // sparse storage, 12+ bytes per entry) and multiplies such matrices.
            py("PySAL spreg", "ML_Lag method=LU", ["lag", data.path, edges.path, "LU"], matrices: 6,
                   what: "ML_Lag LU's information matrix (inverse of I - rho W, full in sparse storage)")
            r("lagsarlm method=eigen", [data.path, edges.path, "eigen"], matrices: 3, what: "eigen (dense W and a working copy for its eigenvalues)")
            r("lagsarlm method=Matrix", [data.path, edges.path, "Matrix"], matrices: 0, what: "")
            r("lagsarlm method=Chebyshev", [data.path, edges.path, "Chebyshev"], matrices: 0, what: "")
        case .semML:
            let data = scratch.appendingPathComponent("fit_error_\(n).csv")
            if write { try FitData.errorCSV(n).write(to: data, atomically: true, encoding: .utf8) }
            r("errorsarlm method=eigen", [data.path, edges.path, "eigen", "error"], matrices: 3, what: "eigen (dense W and a working copy for its eigenvalues)")
            r("errorsarlm method=Matrix", [data.path, edges.path, "Matrix", "error"], matrices: 0, what: "")
        default:
            break
        }
        return out
    }

    /// Agreement of a peer's rho and coefficients with ours.
    static func agreement(ours: Measurement?, rho: Double?, coefficients: [Double]?) -> String {
        guard let o = ours, let r0 = o.rho, let r1 = rho else { return rho.map { String(format: "rho %.6f", $0) } ?? "" }
        var s = String(format: "|rho diff| %.1e", abs(r0 - r1))
        if let a = o.coefficients, let b = coefficients, a.count == b.count, !a.isEmpty {
            s += String(format: ", max |beta diff| %.1e", zip(a, b).map { abs($0 - $1) }.max() ?? 0)
        }
        return s
    }
}
