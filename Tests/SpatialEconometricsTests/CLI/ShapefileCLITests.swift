import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial weights --shapefile` and `--data F.dbf`: the same results as from the GeoJSON and the CSV.
@Suite struct ShapefileCLITests {
    static func file(_ path: String) -> String { Fixtures.url(path).path }

    @Test("weights --shapefile writes the weights --geojson writes (queen and rook, ids from POLYID)", arguments: ["queen", "rook"])
    func shapefileEqualsGeoJSON(rule: String) throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("shp.gal"), b = dir.appendingPathComponent("geo.gal")
        let r1 = try SpatialCLI.run(["weights", "--shapefile", Self.file("data/shapefiles/columbus.shp"), "--id-property", "POLYID", "--rule", rule, "--out", a.path])
        let r2 = try SpatialCLI.run(["weights", "--geojson", Self.file("data/columbus/columbus.geojson"), "--id-property", "POLYID", "--rule", rule, "--out", b.path])
        #expect(r1.status == 0, "\(r1.err)")
        #expect(r2.status == 0, "\(r2.err)")
        #expect(try String(contentsOf: a, encoding: .utf8) == String(contentsOf: b, encoding: .utf8))
        #expect(r1.out.contains(rule == "queen" ? "236" : "200"))
    }

    @Test("--data F.dbf gives the same Moran's I as --data F.csv")
    func dbfAsData() throws {
        let args = ["--var", "CRIME", "--weights", Self.file("data/columbus/columbus_queen.gal"), "--id-column", "POLYID", "--json"]
        let dbf = try SpatialCLI.run(["moran", "--data", Self.file("data/shapefiles/columbus.dbf")] + args)
        let csv = try SpatialCLI.run(["moran", "--data", Self.file("data/columbus/columbus.csv")] + args)
        #expect(dbf.status == 0, "\(dbf.err)")
        #expect(dbf.out == csv.out)
    }

    @Test("a missing or damaged shapefile is an error naming the file and the fix")
    func errors() throws {
        let missing = try SpatialCLI.run(["weights", "--shapefile", "/nonexistent/none.shp"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("none.shp"))
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["shp", "shx", "dbf"] {
            var bytes = try Data(contentsOf: Fixtures.url("data/shapefiles/columbus.\(ext)"))
            if ext == "shp" { bytes = bytes.prefix(5000) }
            try bytes.write(to: dir.appendingPathComponent("cut.\(ext)"))
        }
        let cut = try SpatialCLI.run(["weights", "--shapefile", dir.appendingPathComponent("cut.shp").path])
        #expect(cut.status != 0)
        #expect(cut.err.contains("cut.shp, header, field 'file length'"), "\(cut.err)")
        #expect(cut.err.contains("copy or download it again"))
    }
}

extension ShapefileCLITests {
    @Test("weights --points F.shp takes the shapefile's points (baltim) and gives the weights --points F.csv --x --y gives")
    func pointShapefile() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.gal"), b = dir.appendingPathComponent("b.gal")
        let r1 = try SpatialCLI.run(["weights", "--points", Self.file("data/shapefiles/baltim.shp"), "--id-column", "STATION", "--knn", "4", "--out", a.path])
        let r2 = try SpatialCLI.run(["weights", "--points", Self.file("data/shapefiles/baltim.dbf"), "--x", "X", "--y", "Y", "--id-column", "STATION", "--knn", "4", "--out", b.path])
        #expect(r1.status == 0, "\(r1.err)")
        #expect(r2.status == 0, "\(r2.err)")
        #expect(try String(contentsOf: a, encoding: .utf8) == String(contentsOf: b, encoding: .utf8))
        let refused = try SpatialCLI.run(["weights", "--points", Self.file("data/shapefiles/baltim.shp"), "--x", "X", "--knn", "4"])
        #expect(refused.status != 0)
        #expect(refused.err.contains("--x names a column"))
    }
}

extension ShapefileCLITests {
    @Test("moran --map F.shp draws the same map as --map F.geojson")
    func mapFromShapefile() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.svg"), b = dir.appendingPathComponent("b.svg")
        let base = ["moran", "--data", Self.file("data/columbus/columbus.csv"), "--var", "CRIME", "--weights", Self.file("data/columbus/columbus_queen.gal"),
                    "--local", "--permutations", "99", "--seed", "1", "--map-id-property", "POLYID"]
        let r1 = try SpatialCLI.run(base + ["--map", Self.file("data/shapefiles/columbus.shp"), "--map-out", a.path])
        let r2 = try SpatialCLI.run(base + ["--map", Self.file("data/columbus/columbus.geojson"), "--map-out", b.path])
        #expect(r1.status == 0, "\(r1.err)")
        #expect(r2.status == 0, "\(r2.err)")
        let svgA = try String(contentsOf: a, encoding: .utf8), svgB = try String(contentsOf: b, encoding: .utf8)
        #expect(svgA.count > 1000)
        #expect(svgA.replacingOccurrences(of: "columbus.shp", with: "columbus.geojson") == svgB)
    }
}
