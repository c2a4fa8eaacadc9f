import Foundation
import Testing
@testable import SpatialEconometrics

/// The `spatial` executable itself, as a child process: exit statuses, what goes to stdout and what to stderr, and
/// that the binary prints byte for byte what the in-process runs of the other CLI tests see (``SpatialCLI``).
@Suite struct BinaryEndToEndCLITests {
    static let columbus = Fixtures.url("data/columbus/columbus.csv").path
    static let queen = Fixtures.url("data/columbus/columbus_queen.gal").path

    @Test func overviewAndUsageErrorsExitTwo() throws {
        let bare = try SpatialCLI.runBinary([])
        #expect(bare.status == 2 && bare.out.contains("usage: spatial <command>") && bare.err.isEmpty)
        let help = try SpatialCLI.runBinary(["moran", "--help"])
        #expect(help.status == 0 && help.out.contains("--permutations") && help.err.isEmpty)
        let unknown = try SpatialCLI.runBinary(["moran", "--data", Self.columbus, "--var", "CRIME", "--weights", Self.queen, "--bogus"])
        #expect(unknown.status == 2 && unknown.out.isEmpty && unknown.err.contains("--bogus"), "\(unknown.err)")
        #expect(unknown.err.split(separator: "\n").count == 1)
    }

    @Test func failuresExitOneWithOneLineOnStderr() throws {
        let r = try SpatialCLI.runBinary(["moran", "--data", Self.columbus, "--var", "CRIME", "--weights",
                                          Fixtures.url("reliability/w/diff_ids.gal").path])
        #expect(r.status == 1 && r.out.isEmpty, "\(r.err)")
        #expect(r.err.hasPrefix("spatial: moran: ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
    }

    @Test func jsonOnStdoutProgressOnStderr() throws {
        let arguments = ["moran", "--data", Self.columbus, "--var", "CRIME", "--weights", Self.queen, "--local", "--permutations", "99", "--json"]
        let r = try SpatialCLI.runBinary(arguments, environment: ["SPATIAL_PROGRESS_AFTER": "0"])
        #expect(r.status == 0)
        #expect(r.json is [String: Any], "stdout is JSON alone")
        #expect(r.err.contains("local Moran permutations  100%"), "\(r.err)")
        // The in-process run writes the same bytes to the same streams.
        let inProcess = try SpatialCLI.run(arguments, environment: ["SPATIAL_PROGRESS_AFTER": "0"])
        #expect(inProcess.status == r.status && inProcess.out == r.out)
        let quiet = try SpatialCLI.runBinary(["--quiet"] + arguments, environment: ["SPATIAL_PROGRESS_AFTER": "0"])
        #expect(quiet.err.isEmpty && quiet.out == r.out)
    }

    @Test func anAtBoundFitExitsThree() throws {
        // The near-unit-root SAR data of BoundaryStatusTests, in a file of this test's own.
        let (d, _) = try BoundaryStatusTests.nearUnitRoot()
        let x = d.x.column(1)
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("bound.csv")
        try (["id,y,x"] + (0..<d.n).map { "\($0 + 1),\(d.y[$0]),\(x[$0])" }).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let base = ["fit", "--model", "sar", "--data", csv.path, "--y", "y", "--x", "x", "--id-column", "id", "--weights", Self.queen, "--json", "--quiet"]
        let r = try SpatialCLI.runBinary(base)
        #expect(r.status == 3 && r.json is [String: Any] && r.err.contains("effects refused"), "\(r.err)")
        #expect(try SpatialCLI.runBinary(base + ["--allow-bound"]).status == 0)
    }
}
