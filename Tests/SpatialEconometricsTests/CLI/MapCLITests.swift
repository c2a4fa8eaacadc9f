import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial moran --map`: the inset, the period in the title, the coordinates' note from a .prj.
@Suite struct MapCLITests {
    static func file(_ path: String) -> String { Fixtures.url(path).path }

    @Test("moran --by --map --inset: Hainan in the inset, the period in the title, unknown inset ids named")
    func insetAndPeriodTitle() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gal = try China31Weights.contiguityGAL(in: dir, hainanLinked: true)
        let out = dir.appendingPathComponent("lisa.svg"), scatter = dir.appendingPathComponent("scatter.svg")
        let r = try SpatialCLI.run(["moran", "--data", Self.file("data/china31/panel.csv"), "--var", "gdp", "--by", "year", "--weights", gal.path,
                                    "--local", "--map", Self.file("data/china31/provinces.geojson"), "--map-id-property", "id",
                                    "--inset", "21,99", "--map-out", out.path, "--svg", scatter.path, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("--inset: no polygon has the id '99'"))
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains("LISA clusters of gdp, year 2022"))
        #expect(svg.contains("is drawn at its own scale") && svg.contains(">N</text>") && svg.contains(" km</text>"))
        #expect(try String(contentsOf: scatter, encoding: .utf8).contains("Moran scatterplot of gdp, year 2022"))
        // Without --by the title is the variable's alone.
        let plain = try SpatialCLI.run(["moran", "--data", Self.file("data/columbus/columbus.csv"), "--var", "CRIME",
                                        "--weights", Self.file("data/columbus/columbus_queen.gal"), "--map", Self.file("data/columbus/columbus.geojson"),
                                        "--map-id-property", "POLYID", "--map-out", out.path])
        #expect(plain.status == 0, "\(plain.err)")
        #expect(try String(contentsOf: out, encoding: .utf8).contains(">CRIME</text>"))
    }

    @Test("moran --map nc.shp: the note says degrees from the .prj")
    func prjNote() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gal = dir.appendingPathComponent("nc.gal"), out = dir.appendingPathComponent("nc.svg")
        let w = try SpatialCLI.run(["weights", "--shapefile", Self.file("data/shapefiles/nc.shp"), "--id-property", "FIPSNO", "--out", gal.path])
        #expect(w.status == 0, "\(w.err)")
        let r = try SpatialCLI.run(["moran", "--data", Self.file("data/shapefiles/nc.dbf"), "--var", "SID74", "--weights", gal.path, "--id-column", "FIPSNO",
                                    "--map", Self.file("data/shapefiles/nc.shp"), "--map-out", out.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(try String(contentsOf: out, encoding: .utf8).contains("scale: degrees (from .prj)"))
    }
}
