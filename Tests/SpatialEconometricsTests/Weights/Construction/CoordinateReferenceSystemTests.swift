import Foundation
import Testing
@testable import SpatialEconometrics

/// The `.prj` reader: geographic and projected WKT (1 and 2), the projection's own unit, and malformed text.
@Suite struct CoordinateReferenceSystemTests {
    /// nc.prj (sf 1.0.9) is a geographic NAD27 system; nc.shp read from disk carries it.
    @Test func realGeographicPrj() throws {
        let url = Fixtures.url("data/shapefiles/nc.prj")
        #expect(CoordinateReferenceSystem(contentsOfPrj: url) == .geographic)
        let nc = try Shapefile.read(from: Fixtures.url("data/shapefiles/nc.shp"))
        #expect(nc.coordinateSystem == .geographic)
        // columbus has no .prj.
        #expect(try Shapefile.read(from: Fixtures.url("data/shapefiles/columbus.shp")).coordinateSystem == .unknown)
    }

    /// The projected unit is the PROJCS's own UNIT, not the base GEOGCS's angular unit.
    @Test func projectedUnitsHonoured() throws {
        let feet = CoordinateReferenceSystem(contentsOfPrj: Fixtures.url("data/prj/nc_stateplane_ftus.prj"))
        #expect(feet == .projected(unitMetres: 0.3048006096012192))
        #expect(feet.description == "projected, US survey feet")
        let metres = CoordinateReferenceSystem(contentsOfPrj: Fixtures.url("data/prj/utm17n_metres.prj"))
        #expect(metres == .projected(unitMetres: 1))
        #expect(metres.description == "projected, metres")
        // A shapefile with the projected .prj beside it.
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(at: Fixtures.url("data/shapefiles/columbus.\(ext)"), to: dir.appendingPathComponent("c.\(ext)"))
        }
        try FileManager.default.copyItem(at: Fixtures.url("data/prj/nc_stateplane_ftus.prj"), to: dir.appendingPathComponent("c.prj"))
        #expect(try Shapefile.read(from: dir.appendingPathComponent("c.shp")).coordinateSystem == .projected(unitMetres: 0.3048006096012192))
        let join = try MapJoin(contentsOf: dir.appendingPathComponent("c.shp"), idProperty: "POLYID", units: (1...49).map(String.init))
        #expect(join.coordinateSystem == .projected(unitMetres: 0.3048006096012192))
    }

    @Test func wkt2AndCompound() {
        let geog2 = #"GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],CS[ellipsoidal,2],AXIS["latitude",north],AXIS["longitude",east],ANGLEUNIT["degree",0.0174532925199433]]"#
        #expect(CoordinateReferenceSystem(wkt: geog2) == .geographic)
        // The ellipsoid's LENGTHUNIT belongs to the base CRS; the projection's is in its CS axes.
        let proj2 = #"PROJCRS["NAD83 / North Carolina (ftUS)",BASEGEOGCRS["NAD83",DATUM["North American Datum 1983",ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]]]],CONVERSION["SPCS83 North Carolina zone (US survey foot)",METHOD["Lambert Conic Conformal (2SP)"]],CS[Cartesian,2],AXIS["easting (X)",east,LENGTHUNIT["US survey foot",0.304800609601219]],AXIS["northing (Y)",north,LENGTHUNIT["US survey foot",0.304800609601219]]]"#
        #expect(CoordinateReferenceSystem(wkt: proj2) == .projected(unitMetres: 0.304800609601219))
        let compound = #"COMPD_CS["x",PROJCS["UTM",GEOGCS["WGS 84",UNIT["degree",0.0174532925199433]],UNIT["metre",1]],VERT_CS["h",UNIT["metre",1]]]"#
        #expect(CoordinateReferenceSystem(wkt: compound) == .projected(unitMetres: 1))
        // Lower-case keywords, parentheses and whitespace.
        #expect(CoordinateReferenceSystem(wkt: "  projcs ( \"x\" , geogcs(\"g\", unit(\"Degree\", 0.017)) , unit ( \"foot\" , 0.3048 ) ) ") == .projected(unitMetres: 0.3048))
    }

    /// Malformed or unclassifiable text is `.unknown`, never a trap.
    @Test(arguments: ["", "garbage", "GEOGCS", "GEOGCS[", "PROJCS[\"x\",UNIT[\"m\",-1]]", "PROJCS[\"x\",UNIT[\"m\",nan]]",
                      "PROJCS[\"x\"]", "LOCAL_CS[\"site\",UNIT[\"m\",1]]", "PROJCS[\"unterminated", "GEOGCS[\"a\"]]]]",
                      String(repeating: "A[", count: 10_000), "\u{0}\u{FFFD}", "PROJCS[\"x\",UNIT[\"m\",1e999]]"])
    func malformed(_ text: String) {
        let crs = CoordinateReferenceSystem(wkt: text)
        if text == "GEOGCS[\"a\"]]]]" {
            #expect(crs == .geographic)  // trailing text after the first node is ignored
        } else {
            #expect(crs == .unknown, "\(text.prefix(40))")
        }
    }
}
