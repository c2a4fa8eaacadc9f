import Foundation
import Testing
@testable import SpatialEconometrics

/// End-to-end: the `spatial` binary's progress line goes to stderr only, and `--quiet` silences it.
/// Runs the binary SwiftPM built next to the test bundle; skipped when it is not there (e.g. `swift test --skip-build`
/// after building the tests alone).
@Suite struct MoranProgressCLITests {
    static var binary: URL? {
        let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                          URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("spatial") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = Self.binary  // the test is enabled only when it exists
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        // Show the line at once (by default it appears only for work that lasts over a second).
        p.environment = ProcessInfo.processInfo.environment.merging(["SPATIAL_PROGRESS_AFTER": "0"]) { $1 }
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    var moranArguments: [String] {
        ["moran", "--data", Fixtures.url("data/columbus/columbus.csv").path, "--var", "CRIME",
         "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--local", "--geary", "--permutations", "199", "--json"]
    }

    @Test(.enabled(if: binary != nil, "the spatial binary was not built"))
    func progressGoesToStderrAndQuietSilencesIt() throws {
        let loud = try run(moranArguments)
        #expect(loud.status == 0)
        #expect(loud.err.contains("local Moran permutations  100%"))
        #expect(loud.err.contains("Moran's I permutations  100%") && loud.err.contains("Geary's C permutations  100%"))
        #expect(loud.err.hasSuffix("\n"), "the last line is closed")
        #expect(!loud.out.contains("permutations  "), "stdout has no progress")
        #expect((try? JSONSerialization.jsonObject(with: Data(loud.out.utf8))) != nil, "stdout is plain JSON")

        for quietArguments in [moranArguments + ["--quiet"], ["--quiet"] + moranArguments] {
            let quiet = try run(quietArguments)
            #expect(quiet.status == 0)
            #expect(quiet.err.isEmpty, "stderr: \(quiet.err)")
            #expect(quiet.out == loud.out, "same results with and without progress")
        }
    }
}
