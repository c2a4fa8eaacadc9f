import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial gravity` against `gravity_china31.json`.
@Suite struct GravityCLITests {
    static func csv(in dir: URL, shuffle seed: UInt64? = nil) throws -> URL {
        let t = try GravityTests.table(shuffle: seed)
        let cols = try ["id", "year", "gdp", "lon", "lat"].map { try t.strings($0) }
        var lines = ["id,year,gdp,lon,lat"]
        for i in 0..<t.rowCount { lines.append(cols.map { $0[i] }.joined(separator: ",")) }
        let url = dir.appendingPathComponent("gravity\(seed.map { "-\($0)" } ?? "").csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func gravityJSONMatchesNumpy() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ref = try Fixtures.decode(GravityTests.Fixture.self, "reference/py/gravity_china31.json")
        let args = ["gravity", "--unit", "id", "--time", "year", "--var", "gdp", "--x", "lon", "--y", "lat", "--great-circle", "--ellipse", "--json"]
        let r = try SpatialCLI.run(args + ["--data", try Self.csv(in: dir).path])
        #expect(r.status == 0, "\(r.err)")
        let j = try #require(r.json as? [String: Any])
        #expect(j["distance_unit"] as? String == "km")
        let steps = try #require(j["steps"] as? [[String: Any]]), ellipses = try #require(j["ellipses"] as? [[String: Any]])
        #expect(steps.count == 11 && ellipses.count == 12)
        #expect(GravityTests.rel(steps[0]["distance"] as? Double ?? .nan, ref.great_circle[0].distance) < 1e-10)
        #expect(GravityTests.rel(ellipses[11]["area"] as? Double ?? .nan, ref.ellipse_km[11].area) < 1e-10)
        #expect(GravityTests.rel(ellipses[11]["rotation"] as? Double ?? .nan, ref.ellipse_km[11].rotation) < 1e-10)
        let s = try SpatialCLI.run(args + ["--data", try Self.csv(in: dir, shuffle: 5).path])
        #expect(jsonDifference(j, try #require(s.json), rtol: 1e-13) == nil)
        let svg = dir.appendingPathComponent("g.svg")
        let text = try SpatialCLI.run(Array(args.dropLast()) + ["--data", try Self.csv(in: dir).path, "--svg", svg.path])
        let figure = try String(contentsOf: svg, encoding: .utf8)
        #expect(figure.contains("</svg>") && figure.contains("<title>2022</title>"))
        #expect(text.status == 0 && text.out.contains("Standard deviational ellipse"))
        let usage = try SpatialCLI.run(["gravity", "--data", try Self.csv(in: dir).path, "--unit", "id", "--time", "year", "--var", "gdp", "--x", "lon"])
        #expect(usage.status == 2 && usage.err.contains("--y"))
    }
    @Test func gravityOverTheMap() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let geojson = Fixtures.url("data/china31/provinces.geojson").path, svg = dir.appendingPathComponent("m.svg")
        let args = ["gravity", "--data", try Self.csv(in: dir).path, "--unit", "id", "--time", "year", "--var", "gdp", "--x", "lon", "--y", "lat",
                    "--great-circle", "--ellipse", "--svg", svg.path]
        let r = try SpatialCLI.run(args + ["--map", geojson, "--map-id-property", "id", "--inset", "21"])
        #expect(r.status == 0, "\(r.err)")
        let figure = try String(contentsOf: svg, encoding: .utf8)
        // every province drawn (its id as the tooltip), an ellipse and a centre per period, the magnified path, scale bars
        for id in 1...31 { #expect(figure.contains("<title>\(id)</title>"), "province \(id)") }
        let periods = figure.components(separatedBy: "<title>2011</title>").count - 1
        #expect(periods == 3, "2011: ellipse, centre, magnified centre (\(periods))")
        #expect(figure.contains("path, magnified") && figure.contains("km</text>") && figure.contains(">N</text>"))
        #expect(figure.contains("ellipse 2011") && figure.contains("ellipse 2022"))
        let noSVG = try SpatialCLI.run(Array(args.dropLast(2)) + ["--map", geojson])
        #expect(noSVG.status == 2 && noSVG.err.contains("--svg"))
        let noMap = try SpatialCLI.run(args + ["--inset", "21"])
        #expect(noMap.status == 2 && noMap.err.contains("--map"))
        let wrong = try SpatialCLI.run(args + ["--map", geojson, "--map-id-property", "name_en"])
        #expect(wrong.status != 0)
    }
}
