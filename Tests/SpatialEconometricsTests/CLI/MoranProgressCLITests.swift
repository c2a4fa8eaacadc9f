import Foundation
import Testing
@testable import SpatialEconometrics

/// End-to-end: the `spatial` binary's progress line goes to stderr only, and `--quiet` silences it.
/// Runs the binary SwiftPM built next to the test bundle (``SpatialCLI``); a missing binary fails the test.
@Suite struct MoranProgressCLITests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try SpatialCLI.run(arguments, environment: ["SPATIAL_PROGRESS_AFTER": "0"])
        return (r.status, r.out, r.err)
    }

    var moranArguments: [String] {
        ["moran", "--data", Fixtures.url("data/columbus/columbus.csv").path, "--var", "CRIME",
         "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--local", "--geary", "--permutations", "199", "--json"]
    }

    @Test
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
