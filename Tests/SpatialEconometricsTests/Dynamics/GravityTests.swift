import Foundation
import Testing
@testable import SpatialEconometrics

/// Centre of gravity and standard deviational ellipse of china31 GDP against `gravity_china31.json` (independent
/// numpy, `scripts/gravity_china31.py`).
@Suite struct GravityTests {
    struct Fixture: Decodable {
        struct Centre: Decodable { let year: String; let x, y, total_weight: Double }
        struct Path: Decodable { let distance, bearing: Double }
        struct Ellipse: Decodable { let rotation, sigma_x, sigma_y, area: Double }
        let centres: [Centre]
        let great_circle, planar_path: [Path]
        let ellipse_km, ellipse_degrees, ellipse_km_unscaled: [Ellipse]
    }

    /// china31 rows with the capitals' `lon`, `lat` joined by id, optionally shuffled.
    static func table(shuffle seed: UInt64? = nil) throws -> DataTable {
        let t = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let p = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        let pid = try p.strings("id"), plon = try p.numbers("capital_lon"), plat = try p.numbers("capital_lat")
        let lon = Dictionary(uniqueKeysWithValues: zip(pid, plon)), lat = Dictionary(uniqueKeysWithValues: zip(pid, plat))
        let ids = try t.strings("id"), years = try t.strings("year"), gdp = try t.numbers("gdp")
        var order = Array(ids.indices)
        if let seed { order = OrderInvarianceTests.permutation(order.count, seed: seed) }
        return try DataTable(columns: [("id", order.map { ids[$0] }), ("year", order.map { years[$0] }), ("gdp", order.map { "\(gdp[$0])" }),
                                       ("lon", order.map { "\(lon[ids[$0]]!)" }), ("lat", order.map { "\(lat[ids[$0]]!)" })])
    }

    static func panel(shuffle seed: UInt64? = nil) throws -> Panel {
        try MarkovChain.canonicalPanel(table: table(shuffle: seed), unit: "id", time: "year")
    }

    static func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1) }

    @Test func centresAndPathMatchNumpy() throws {
        let ref = try Fixtures.decode(Fixture.self, "reference/py/gravity_china31.json")
        let g = try CentreOfGravity(panel: Self.panel(), weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        #expect(g.centres.map(\.period) == (2011...2022).map(String.init))
        for (c, e) in zip(g.centres, ref.centres) {
            #expect(c.period == e.year && Self.rel(c.x, e.x) < 1e-12 && Self.rel(c.y, e.y) < 1e-12 && Self.rel(c.totalWeight, e.total_weight) < 1e-12)
        }
        #expect(g.steps.count == 11)
        for (s, e) in zip(g.steps, ref.great_circle) {
            #expect(Self.rel(s.distance, e.distance) < 1e-10 && Self.rel(s.bearing ?? .nan, e.bearing) < 1e-10)
        }
        let planar = try CentreOfGravity(panel: Self.panel(), weight: "gdp", x: "lon", y: "lat", coordinates: .planar)
        for (s, e) in zip(planar.steps, ref.planar_path) {
            #expect(Self.rel(s.distance, e.distance) < 1e-10 && Self.rel(s.bearing ?? .nan, e.bearing) < 1e-10)
        }
        #expect(g.summary.contains("great-circle") && g.summary.contains("2022"))
    }

    @Test func ellipsesMatchNumpy() throws {
        let ref = try Fixtures.decode(Fixture.self, "reference/py/gravity_china31.json")
        let cases: [(CentreOfGravity.Coordinates, Bool, [Fixture.Ellipse])] = [(.degrees, true, ref.ellipse_km), (.planar, true, ref.ellipse_degrees),
                                                                                (.degrees, false, ref.ellipse_km_unscaled)]
        for (kind, scaled, expected) in cases {
            let sde = try StandardDeviationalEllipse(panel: Self.panel(), weight: "gdp", x: "lon", y: "lat", coordinates: kind, scaledBySqrt2: scaled)
            #expect(sde.ellipses.count == 12)
            for (a, e) in zip(sde.ellipses, expected) {
                #expect(Self.rel(a.rotation, e.rotation) < 1e-10 && Self.rel(a.sigmaX, e.sigma_x) < 1e-10)
                #expect(Self.rel(a.sigmaY, e.sigma_y) < 1e-10 && Self.rel(a.area, e.area) < 1e-10)
                #expect(a.major == a.sigmaY)
            }
        }
    }

    @Test func rowOrderDoesNotMatter() throws {
        let a = try Self.panel(), b = try Self.panel(shuffle: 7)
        let g1 = try CentreOfGravity(panel: a, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        let g2 = try CentreOfGravity(panel: b, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        #expect(g1 == g2)
        let e1 = try StandardDeviationalEllipse(panel: a, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        let e2 = try StandardDeviationalEllipse(panel: b, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        #expect(e1 == e2)
    }

    /// A small panel: units a, b, c, periods 1, 2.
    static func small(w: [Double], x: [Double] = [0, 1, 2, 0, 1, 2], y: [Double] = [0, 1, 0, 0, 1, 0]) throws -> Panel {
        try Panel(units: ["a", "b", "c"], periods: ["1", "2"], columns: [("w", w), ("x", x), ("y", y)])
    }

    @Test func refusalsNameTheUnitAndPeriod() throws {
        func message(_ p: Panel) -> String {
            do { _ = try CentreOfGravity(panel: p, weight: "w", x: "x", y: "y", coordinates: .planar); return "" } catch { return error.description }
        }
        let neg = message(try Self.small(w: [1, 1, 1, 1, -2, 1]))
        #expect(neg.contains("negative") && neg.contains("'b'") && neg.contains("'2'"))
        let zero = message(try Self.small(w: [1, 1, 1, 0, 0, 0]))
        #expect(zero.contains("zero") && zero.contains("'2'"))
        let missing = message(try Self.small(w: [1, 1, 1, 1, 1, 1], x: [0, 1, 2, 0, 1, .nan]))
        #expect(missing.contains("x") && (missing.contains("'c'") || missing.contains("row 6")), "\(missing)")
        let nanWeight = message(try Self.small(w: [1, .nan, 1, 1, 1, 1]))
        #expect(nanWeight.contains("w") && (nanWeight.contains("'b'") || nanWeight.contains("row 2")), "\(nanWeight)")
        #expect(throws: DynamicsError.self) {
            try StandardDeviationalEllipse(panel: try Self.small(w: [1, 1, 1, 1, 1, 1], y: [0, 91, 0, 0, 1, 0]), weight: "w", x: "x", y: "y", coordinates: .degrees)
        }
    }

    @Test func ellipseGeometryOnKnownPoints() throws {
        // points on the line y = x: all spread along 45 degrees clockwise from north, sigma_x = 0
        let p = try Panel(units: ["a", "b", "c"], periods: ["1"], columns: [("w", [1, 1, 1]), ("x", [-1, 0, 1]), ("y", [-1, 0, 1])])
        let e = try StandardDeviationalEllipse(panel: p, weight: "w", x: "x", y: "y", coordinates: .planar).ellipses[0]
        #expect(abs(e.rotation - 45) < 1e-12 && abs(e.sigmaX) < 1e-12 && abs(e.sigmaY - (2.0 * 4 / 3).squareRoot()) < 1e-12)
        // along the x axis: rotation 90
        let q = try Panel(units: ["a", "b", "c"], periods: ["1"], columns: [("w", [1, 2, 1]), ("x", [-1, 0, 1]), ("y", [0, 0, 0])])
        #expect(try StandardDeviationalEllipse(panel: q, weight: "w", x: "x", y: "y", coordinates: .planar).ellipses[0].rotation == 90)
        #expect(abs(CentreOfGravity.initialBearing(fromLon: 0, fromLat: 0, toLon: 1, toLat: 0) - 90) < 1e-12)
    }
}
