import Foundation
import SpatialEconometrics

// SpatialBenchmarks: our implementation and the peers (PySAL, R) on the same inputs, side by side.
//
//   swift run -c release SpatialBenchmarks [case ...] [--quick] [--sizes N,N,...] [--no-peers] [--out results.json]
//       [--plot FILE.svg] [--timeout SECONDS] [--memory-cap-gb GB] [--keep-scratch] [--dry-run]
//   swift run -c release SpatialBenchmarks --plot-only results.json [more.json ...] [--plot FILE.svg]
//
// Cases: knn8, queen-grid, local-moran, local-moran-independent, panel-sdm, sar-ml, sem-ml (default: all). Peers come from Benchmarks/peers/setup.sh
// (a Python virtual environment in Benchmarks/peers/.venv; R with spdep/spatialreg). Every run of ours (in a child
// process) and of each peer is capped at --timeout seconds (default 600) and, through prlimit, at --memory-cap-gb of
// address space (default: the smaller of 12 GB and half the machine's memory); a peer whose dense n x n matrices
// would exceed the cap is not started and is recorded as skipped. When fit cases ran, a log-log plot of time
// against N is written (default .build/benchmarks/performance-fits.svg; the published one is Docs/performance-fits.svg).

let args = Array(CommandLine.arguments.dropFirst())

if args.first == "logdet" {  // log-determinant methods on rook lattices (Docs/LogDeterminants.md)
    LogDeterminantBenchmark.run(Array(args.dropFirst()))
    exit(0)
}

if args.first == "logdet-lu" {  // exact sparse LU log-determinant on asymmetric kNN (Docs/LogDeterminants.md)
    SparseLUBenchmark.run(Array(args.dropFirst()))
    exit(0)
} else if args.first == "dynamic" {  // the two-way dynamic SDM at N = 10^4, 10^5 (Docs/Performance.md)
    DynamicPanelBenchmark.run(Array(args.dropFirst()))
    exit(0)
} else if args.first == "gmm" {  // GS2SLS (spreg GM_Combo_Het) at N = 10^4 ... 10^6 against spreg (Docs/Performance.md)
    GMMBenchmark.run(Array(args.dropFirst()))
    exit(0)
} else if args.first == "traces" {  // exact information-matrix traces, sparse and dense (Docs/Performance.md)
    TraceBenchmark.run(Array(args.dropFirst()))
    exit(0)
}

if args.first == "--child", args.count >= 4, let c = Case(rawValue: args[1]), let n = Int(args[2]) {
    // Child mode: run our implementation for one case, print one JSON line (so peak memory is per case).
    do {
        let rows = try c.runOursRows(n: n, scratch: URL(fileURLWithPath: args[3]))
        FileHandle.standardOutput.write(try JSONEncoder().encode(rows))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}

func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let quick = args.contains("--quick"), noPeers = args.contains("--no-peers")
let outPath = option("--out") ?? ".build/benchmarks/results.json"
let plotPath = option("--plot") ?? ".build/benchmarks/performance-fits.svg"
let timeout = option("--timeout").flatMap(Double.init) ?? 600
let capGB = option("--memory-cap-gb").flatMap(Double.init) ?? min(12, Double(ProcessInfo.processInfo.physicalMemory) / 2e9)
let capBytes = UInt64(capGB * 1e9)
let sizeOverride = option("--sizes").map { $0.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) } }

func writePlot(_ rows: [Measurement], to path: String) {
    let date = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
    guard let svg = FitPlot.svg(rows, timeCap: timeout, title: "Model fits: wall time against N (log-log), \(date)") else { return }
    try? FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
    do { try svg.write(toFile: path, atomically: true, encoding: .utf8); print("plot written to \(path)") } catch { print("plot not written: \(error)") }
}

if let i = args.firstIndex(of: "--plot-only") {
    // Merge saved results (later files replace earlier rows of the same benchmark, n, implementation and method).
    var merged = [Measurement]()
    for file in args[(i + 1)...].prefix(while: { !$0.hasPrefix("--") }) {
        guard let data = FileManager.default.contents(atPath: file), let rows = try? JSONDecoder().decode([Measurement].self, from: data) else {
            print("cannot read results from \(file)"); exit(1)
        }
        for r in rows {
            merged.removeAll { $0.benchmark == r.benchmark && $0.n == r.n && $0.implementation == r.implementation && $0.method == r.method }
            merged.append(r)
        }
    }
    writePlot(merged, to: plotPath)
    exit(0)
}

let chosen = args.compactMap { Case(rawValue: $0) }
let cases = chosen.isEmpty ? Case.allCases : chosen
let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("spatial-benchmarks-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("peers")
let python = peers.appendingPathComponent(".venv/bin/python").path
let havePython = FileManager.default.isExecutableFile(atPath: python)
if !noPeers && !havePython {
    print("note: no peer environment at \(python); run Benchmarks/peers/setup.sh first (or pass --no-peers)")
}

if args.contains("--dry-run") {
    // What a run would start and skip, without running or writing anything.
    for c in cases {
        for n in sizeOverride ?? c.sizes(quick: quick) {
            print("\(c.rawValue) n = \(n): SpatialEconometrics (child process, capped at \(Int(timeout)) s and \(String(format: "%.0f", capGB)) GB)")
            guard !noPeers else { continue }
            for r in (try? c.peerRuns(n: n, scratch: scratch, python: python, havePython: havePython, peers: peers, capGB: capGB, write: false)) ?? [] {
                print("  \(r.implementation) \(r.method): " + (r.skipped ?? "run: " + (r.command ?? []).joined(separator: " ")))
            }
        }
    }
    try? FileManager.default.removeItem(at: scratch)
    exit(0)
}

var results = [Measurement]()
// Rows are written unbuffered as they are measured (long runs are watched through a pipe).
func printRow(_ m: Measurement) { FileHandle.standardOutput.write(Data((String(Harness.table([m]).split(separator: "\n").last ?? "") + "\n").utf8)) }
for c in cases {
    for n in sizeOverride ?? c.sizes(quick: quick) {
        let me = CommandLine.arguments[0]
        let child = Harness.run([me, "--child", c.rawValue, "\(n)", scratch.path], timeout: timeout, memoryCapBytes: capBytes)
        if let line = child.lines.last, let rows = try? JSONDecoder().decode([Measurement].self, from: Data(line.utf8)) {
            results.append(contentsOf: rows)
            rows.forEach(printRow)
        } else {
            let m = Measurement(benchmark: c.rawValue, n: n, implementation: "SpatialEconometrics", method: c.isFit ? "fit, package defaults" : "",
                                seconds: nil, peakMemoryMB: nil, agreement: "", status: child.status)
            results.append(m)
            printRow(m)
        }
        guard !noPeers else { continue }
        let ours = results.first { $0.benchmark == c.rawValue && $0.n == n && $0.implementation == "SpatialEconometrics" }
        let runs: [PeerRun]
        do { runs = try c.peerRuns(n: n, scratch: scratch, python: python, havePython: havePython, peers: peers, capGB: capGB) } catch {
            print("peers of \(c.rawValue) at n = \(n): inputs not written: \(error)"); continue
        }
        for run in runs {
            var m = Measurement(benchmark: c.rawValue, n: n, implementation: run.implementation, method: run.method, seconds: nil,
                                peakMemoryMB: nil, agreement: "", status: run.skipped ?? "")
            if let cmd = run.command {
                let r = Harness.run(cmd, timeout: timeout, memoryCapBytes: capBytes)
                if let line = r.lines.last, let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                    m.implementation = obj["peer"] as? String ?? run.implementation
                    if m.method.isEmpty { m.method = obj["method"] as? String ?? "" }
                    m.n = obj["n"] as? Int ?? n
                    m.seconds = obj["seconds"] as? Double
                    m.peakMemoryMB = obj["peak_rss_mb"] as? Double
                    m.rho = obj["rho"] as? Double
                    m.coefficients = obj["betas"] as? [Double]
                    m.agreement = c.isFit ? FitPeers.agreement(ours: ours, rho: m.rho, coefficients: m.coefficients) : c.compare(n: n, scratch: scratch)
                    m.status = "ok"
                } else {
                    m.status = r.status
                }
            }
            results.append(m)
            printRow(m)
        }
    }
}
print("\n" + Harness.table(results))
let machine = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
print("machine: \(machine), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB; caps: \(Int(timeout)) s, \(String(format: "%.0f", capGB)) GB address space per run")
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
try? FileManager.default.createDirectory(at: URL(fileURLWithPath: outPath).deletingLastPathComponent(), withIntermediateDirectories: true)
if let data = try? encoder.encode(results) { try? data.write(to: URL(fileURLWithPath: outPath)) }
print("results written to \(outPath)")
if cases.contains(where: \.isFit) { writePlot(results, to: plotPath) }
if args.contains("--keep-scratch") { print("inputs kept in \(scratch.path)") } else { try? FileManager.default.removeItem(at: scratch) }
