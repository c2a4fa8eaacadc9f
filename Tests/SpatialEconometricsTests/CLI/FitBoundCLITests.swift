import Foundation
import Testing
@testable import SpatialEconometrics

/// End-to-end: `spatial fit` on a fit at the bound prints it without effects, puts the refusal on stderr and exits 3;
/// `--allow-bound` changes only the exit code.
@Suite struct FitBoundCLITests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try SpatialCLI.run(["--quiet"] + arguments)
        return (r.status, r.out, r.err)
    }

    /// The near-unit-root SAR data of ``BoundaryStatusTests`` as a CSV with the columbus POLYID ids.
    func nearUnitRootCSV() throws -> URL {
        let (d, _) = try BoundaryStatusTests.nearUnitRoot()
        let x = d.x.column(1)
        let lines = ["id,y,x"] + (0..<d.n).map { "\($0 + 1),\(d.y[$0]),\(x[$0])" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fit_bound_\(ProcessInfo.processInfo.processIdentifier).csv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test
    func atBoundFitExitsThreeWithoutEffects() throws {
        let csv = try nearUnitRootCSV()
        defer { try? FileManager.default.removeItem(at: csv) }
        let base = ["fit", "--model", "sar", "--data", csv.path, "--y", "y", "--x", "x", "--id-column", "id",
                    "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--impacts", "delta"]
        let json = try run(base + ["--json"])
        #expect(json.status == 3, "\(json.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["at_bound"] as? Bool == true)
        #expect(object["effects"] == nil || object["effects"] is NSNull)
        #expect(json.err.contains("effects refused") && json.err.contains("W's normalisation"))
        let text = try run(base)
        #expect(text.status == 3)
        #expect(text.out.hasPrefix("WARNING: rho = "))
        #expect(!text.out.contains("Direct, indirect and total effects\n"))
        let allowed = try run(base + ["--json", "--allow-bound"])
        #expect(allowed.status == 0)
        let again = try #require(try JSONSerialization.jsonObject(with: Data(allowed.out.utf8)) as? [String: Any])
        #expect(again["effects"] == nil || again["effects"] is NSNull)
        #expect(allowed.err.contains("effects refused"))
    }

    @Test
    func interiorFitReportsAtBoundFalse() throws {
        let r = try run(["fit", "--model", "sar", "--data", Fixtures.url("data/columbus/columbus.csv").path, "--y", "CRIME", "--x", "INC,HOVAL",
                         "--weights", Fixtures.url("data/columbus/columbus_queen.gal").path, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["at_bound"] as? Bool == false)
        #expect(object["effects"] is [String: Any])
    }
}
