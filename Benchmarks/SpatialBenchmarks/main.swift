import Foundation
import SpatialEconometrics

// SpatialBenchmarks: our implementation and the peers (PySAL, R) on the same inputs, side by side.
//
//   swift run -c release SpatialBenchmarks [case ...] [--quick] [--no-peers] [--out results.json]
//
// Cases: knn8, queen-grid, local-moran, local-moran-independent (default: all). Peers come from Benchmarks/peers/setup.sh
// (a Python virtual environment in Benchmarks/peers/.venv); each peer run is capped at 10 minutes.

let args = Array(CommandLine.arguments.dropFirst())

if args.first == "logdet" {  // log-determinant methods on rook lattices (Docs/LogDeterminants.md)
    LogDeterminantBenchmark.run(Array(args.dropFirst()))
    exit(0)
}

if args.first == "--child", args.count >= 4, let c = Case(rawValue: args[1]), let n = Int(args[2]) {
    // Child mode: run our implementation for one case, print one JSON line (so peak memory is per case).
    do {
        let m = try c.runOurs(n: n, scratch: URL(fileURLWithPath: args[3]))
        FileHandle.standardOutput.write(try JSONEncoder().encode(m))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}

let quick = args.contains("--quick"), noPeers = args.contains("--no-peers")
let outPath = args.firstIndex(of: "--out").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } ?? ".build/benchmarks/results.json"
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

var results = [Measurement]()
for c in cases {
    for n in c.sizes(quick: quick) {
        let me = CommandLine.arguments[0]
        let child = Harness.run([me, "--child", c.rawValue, "\(n)", scratch.path], timeout: 600)
        if let line = child.lines.last, let m = try? JSONDecoder().decode(Measurement.self, from: Data(line.utf8)) {
            results.append(m)
        } else {
            results.append(Measurement(benchmark: c.rawValue, n: n, implementation: "SpatialEconometrics", method: "", seconds: nil,
                                       peakMemoryMB: nil, agreement: "", status: child.status))
        }
        print(String(Harness.table([results[results.count - 1]]).split(separator: "\n").last ?? ""))
        guard !noPeers && havePython else { continue }
        for cmd in (try? c.peerCommands(n: n, scratch: scratch, python: python, peers: peers)) ?? [] {
            let r = Harness.run(cmd, timeout: 600)
            if let line = r.lines.last, let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                let m = Measurement(benchmark: c.rawValue, n: obj["n"] as? Int ?? n, implementation: obj["peer"] as? String ?? "peer",
                                    method: obj["method"] as? String ?? "", seconds: obj["seconds"] as? Double,
                                    peakMemoryMB: obj["peak_rss_mb"] as? Double, agreement: c.compare(n: n, scratch: scratch), status: "ok")
                results.append(m)
            } else {
                results.append(Measurement(benchmark: c.rawValue, n: n, implementation: cmd.count > 1 ? URL(fileURLWithPath: cmd[1]).lastPathComponent : "peer",
                                           method: "", seconds: nil, peakMemoryMB: nil, agreement: "", status: r.status))
            }
            print(String(Harness.table([results[results.count - 1]]).split(separator: "\n").last ?? ""))
        }
    }
}
print("\n" + Harness.table(results))
let machine = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
print("machine: \(machine), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB")
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
try? FileManager.default.createDirectory(at: URL(fileURLWithPath: outPath).deletingLastPathComponent(), withIntermediateDirectories: true)
if let data = try? encoder.encode(results) { try? data.write(to: URL(fileURLWithPath: outPath)) }
print("results written to \(outPath)")
try? FileManager.default.removeItem(at: scratch)
