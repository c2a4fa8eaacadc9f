import Foundation

/// One measured result, printed as a table row and written as JSON.
struct Measurement: Codable {
    var benchmark: String
    var n: Int
    var implementation: String
    var method: String
    var seconds: Double?
    var peakMemoryMB: Double?
    var agreement: String
    var status: String
    /// Model fits: the spatial parameter and the coefficients (in the order the case documents), for agreement.
    var rho: Double? = nil
    var coefficients: [Double]? = nil

    enum CodingKeys: String, CodingKey {
        case benchmark, n, implementation, method, seconds, peakMemoryMB = "peak_memory_mb", agreement, status, rho, coefficients
    }
}

enum Harness {
    /// Median wall time of `repeats` runs of `body` (seconds), and the last result.
    static func time<T>(repeats: Int, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        var times = [Double]()
        var last: T?
        for _ in 0..<max(1, repeats) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            last = try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        times.sort()
        // `last` is set: the loop runs at least once.
        return (times[times.count / 2], last!)
    }

    /// Peak resident memory of this process so far (VmHWM, Linux), in MB.
    static func peakMemoryMB() -> Double? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first
            return kb.map { $0 / 1024 }
        }
        return nil
    }

    /// Runs an external command with a time limit and, when `memoryCapBytes` is given and util-linux `prlimit` exists,
    /// a cap on its address space (so a run that would exhaust the shared machine fails fast with an allocation error
    /// instead). Returns its stdout lines and a status. Output goes to temporary files, so nothing is read concurrently.
    static func run(_ args: [String], timeout: Double, memoryCapBytes: UInt64? = nil) -> (lines: [String], status: String) {
        var args = args
        if let cap = memoryCapBytes, FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") {
            args = ["/usr/bin/prlimit", "--as=\(cap)", "--"] + args
        }
        let dir = URL(fileURLWithPath: NSTemporaryDirectory())
        let outURL = dir.appendingPathComponent("bench-\(UUID().uuidString).out"), errURL = dir.appendingPathComponent("bench-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        guard let out = try? FileHandle(forWritingTo: outURL), let err = try? FileHandle(forWritingTo: errURL) else { return ([], "cannot create output files") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { return ([], "could not start: \(error)") }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            return ([], "timed out after \(Int(timeout)) s")
        }
        try? out.close(); try? err.close()
        let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let errText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if p.terminationStatus != 0 {
            // The telling line: a Swift fatal error, Python's exception or R's error, else the last line.
            let errLines = errText.split(separator: "\n").map(String.init)
            let keys = ["Fatal error", "MemoryError", "cannot allocate", "Error", "error"]
            let last = keys.lazy.compactMap { k in errLines.first { $0.contains(k) } }.first ?? errLines.last ?? ""
            let oom = errText.contains("MemoryError") || errText.contains("cannot allocate") || errText.contains("std::bad_alloc")
                || errText.contains("failed to allocate") || p.terminationReason == .uncaughtSignal
            return ([], (oom ? "killed or out of memory: " : "failed: ") + String(last.trimmingCharacters(in: .whitespaces).prefix(160)))
        }
        return (text.split(separator: "\n").map(String.init), "ok")
    }

    static func table(_ rows: [Measurement]) -> String {
        let header = ["benchmark", "n", "implementation", "method", "seconds", "peak MB", "ratio", "agreement / status"]
        var lines = [header]
        for r in rows {
            let ours = rows.first { $0.benchmark == r.benchmark && $0.n == r.n && $0.implementation == "SpatialEconometrics" }?.seconds
            let ratio = (r.implementation != "SpatialEconometrics" && ours != nil && r.seconds != nil) ? String(format: "%.1fx", r.seconds! / ours!) : ""
            lines.append([r.benchmark, "\(r.n)", r.implementation, r.method, r.seconds.map { String(format: "%.3f", $0) } ?? "-",
                          r.peakMemoryMB.map { String(format: "%.0f", $0) } ?? "-", ratio, r.status == "ok" ? r.agreement : r.status])
        }
        let widths = header.indices.map { j in lines.map { $0[j].count }.max() ?? 0 }
        return lines.map { l in l.indices.map { l[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
            .joined(separator: "\n")
    }
}
