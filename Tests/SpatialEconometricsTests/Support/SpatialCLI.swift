import Foundation
import Testing
import SpatialCLI
@testable import SpatialEconometrics

/// Runs the `spatial` tool's commands for tests. ``run(_:environment:)`` runs them in-process through
/// ``SpatialTool/run(_:output:environment:)`` with a captured output sink (exactly what the binary's `main` calls, so
/// stdout, stderr and the exit status are the binary's); ``runBinary(_:environment:)`` runs the `spatial` executable that
/// SwiftPM builds next to the test bundle, for the few end-to-end tests of the process itself (exit codes, which
/// stream gets what). A missing binary is a test failure, never a silent skip.
enum SpatialCLI {
    static var binary: URL? {
        let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                          URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
                          Bundle.module.bundleURL.deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("spatial") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Result {
        let status: Int32
        let out: String
        let err: String
        /// stdout parsed as JSON (nil when it is not JSON).
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(out.utf8)) }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the spatial binary was not found next to the test bundle: build it (swift build) before the tests" }
    }

    /// Runs `spatial arguments...` in-process; `environment` is added to the process's environment, as for the binary.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let output = CapturedOutput()
        let status = SpatialTool.run(arguments, output: output.sink, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        return Result(status: status, out: output.standardOutput, err: output.standardError)
    }

    /// Runs the `spatial` executable as a child process.
    static func runBinary(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        guard let binary else {
            Issue.record("the spatial binary was not built: end-to-end CLI tests cannot run")
            throw Missing()
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try p.run()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box(), group = DispatchGroup()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errBox.data = errHandle.readDataToEndOfFile() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        let errData = errBox.data
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spatial-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Compares two parsed JSON values: same structure and keys, strings equal, numbers within `rtol` (relative) or
/// `atol`; returns the first difference's path, or nil.
func jsonDifference(_ a: Any, _ b: Any, rtol: Double, atol: Double = 1e-300, path: String = "$") -> String? {
    switch (a, b) {
    case let (x as [String: Any], y as [String: Any]):
        guard Set(x.keys) == Set(y.keys) else { return "\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())" }
        for k in x.keys.sorted() {
            if let d = jsonDifference(x[k] as Any, y[k] as Any, rtol: rtol, atol: atol, path: path + "." + k) { return d }
        }
        return nil
    case let (x as [Any], y as [Any]):
        guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) elements" }
        for (i, (u, v)) in zip(x, y).enumerated() {
            if let d = jsonDifference(u, v, rtol: rtol, atol: atol, path: path + "[\(i)]") { return d }
        }
        return nil
    case let (x as String, y as String):
        return x == y ? nil : "\(path): '\(x)' vs '\(y)'"
    case let (x as NSNumber, y as NSNumber):
        let u = x.doubleValue, v = y.doubleValue
        return abs(u - v) <= atol + rtol * max(abs(u), abs(v)) || u == v ? nil : "\(path): \(u) vs \(v)"
    case (is NSNull, is NSNull):
        return nil
    default:
        return "\(path): \(type(of: a)) vs \(type(of: b))"
    }
}

/// China's 31 provinces as the CLI tests use them.
enum China31Weights {
    /// The provinces' contiguity (with the Hainan-Guangdong link, or Hainan as an island), with `id` as its id
    /// variable, written as GAL into `directory`.
    static func contiguityGAL(in directory: URL, hainanLinked: Bool) throws -> URL {
        let provinces = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        let edges = try DataTable(contentsOf: Fixtures.url(hainanLinked ? "data/china31/contiguity_edges_hainan_linked.csv" : "data/china31/contiguity_edges.csv"))
        var w = try SpatialWeights.contiguity(edges: Array(zip(try edges.strings("from_id"), try edges.strings("to_id"))), ids: try provinces.strings("id"))
        w.idVariable = "id"
        let gal = directory.appendingPathComponent(hainanLinked ? "china31.gal" : "china31_island.gal")
        try w.write(to: gal)
        return gal
    }
}
