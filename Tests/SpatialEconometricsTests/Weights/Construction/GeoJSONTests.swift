import Foundation
import Testing
@testable import SpatialEconometrics

@Suite struct GeoJSONTests {
    @Test func columbusFeaturesIdsPropertiesAndCentroids() throws {
        let features = try ColumbusReference.features()
        #expect(features.count == 49)
        #expect(features.map(\.id) == (1...49).map(String.init))  // POLYID 1.0 -> "1"
        #expect(features[0].properties["CRIME"] == "15.72598")
        #expect(features[0].properties["NEIG"] == "5")
        #expect(features.allSatisfy { $0.parts.count == 1 && $0.parts[0].holes.isEmpty })
        // Shoelace centroids equal shapely's (libpysal's) centroids.
        let reference = try ColumbusReference.load().points
        for (f, c) in zip(features, reference) {
            #expect(abs(f.centroid.x - c.x) < 1e-9 && abs(f.centroid.y - c.y) < 1e-9, "centroid of \(f.id)")
        }
        let box = try #require(features[0].boundingBox)
        // JSONSerialization (Linux) may place a 17-digit coordinate a few ulps off: compare to 1e-14.
        #expect(close(box.minX, 8.5597000122070312, rtol: 1e-14) && close(box.maxY, 14.742449760437012, rtol: 1e-14))
        #expect(box.intersects(try #require(features[1].boundingBox)))
        // Without an id property the ids are 0-based positions.
        let byIndex = try PolygonFeature.fromGeoJSON(Data(contentsOf: Fixtures.url("data/columbus/columbus.geojson")))
        #expect(byIndex.first?.id == "0" && byIndex.last?.id == "48")
    }

    @Test func china31MultiPolygons() throws {
        let features = try China31.features()
        #expect(features.count == 31)
        #expect(features.map(\.id) == (1...31).map(String.init))
        #expect(features[0].properties["name_en"] == "Beijing")
        #expect(features[0].properties["code"] == "110000")
        // Beijing's centroid lies inside its bounding box, near 116.4 E, 40.2 N.
        let c = features[0].centroid
        #expect(abs(c.x - 116.4) < 0.3 && abs(c.y - 40.2) < 0.3)
    }

    @Test func centroidWithHoleAndMultiPolygon() throws {
        // 4 x 4 square minus a 2 x 2 hole at its lower-left interior: area 12.
        let outer = [Point2D(0, 0), Point2D(4, 0), Point2D(4, 4), Point2D(0, 4), Point2D(0, 0)]
        let hole = [Point2D(1, 1), Point2D(1, 3), Point2D(3, 3), Point2D(3, 1), Point2D(1, 1)].reversed()
        let p = Polygon(exterior: outer, holes: [Array(hole)])
        #expect(p.area == 12)
        #expect(p.centroid == Point2D(2, 2))  // symmetric hole
        let offCentre = Polygon(exterior: outer, holes: [[Point2D(0.5, 0.5), Point2D(1.5, 0.5), Point2D(1.5, 1.5), Point2D(0.5, 1.5), Point2D(0.5, 0.5)]])
        // (16 * 2 - 1 * 1) / 15 = 31/15 in each coordinate.
        #expect(abs(offCentre.centroid.x - 31.0 / 15) < 1e-14 && abs(offCentre.centroid.y - 31.0 / 15) < 1e-14)
        // Two parts: unit square at the origin (area 1) and a 2 x 2 square centred at (11, 1) (area 4).
        let a = Polygon(exterior: [Point2D(0, 0), Point2D(1, 0), Point2D(1, 1), Point2D(0, 1), Point2D(0, 0)])
        let b = Polygon(exterior: [Point2D(10, 0), Point2D(12, 0), Point2D(12, 2), Point2D(10, 2), Point2D(10, 0)])
        let f = PolygonFeature(id: "m", parts: [a, b])
        #expect(f.area == 5)
        #expect(abs(f.centroid.x - (0.5 * 1 + 11 * 4) / 5) < 1e-14 && abs(f.centroid.y - (0.5 + 4) / 5) < 1e-14)
        // Clockwise exterior gives the same result.
        let cw = Polygon(exterior: Array(outer.reversed()))
        #expect(cw.area == 16 && cw.centroid == Point2D(2, 2))
        // Degenerate (zero area): centroid of the boundary.
        let flat = Polygon(exterior: [Point2D(0, 0), Point2D(2, 0), Point2D(4, 0), Point2D(0, 0)])
        #expect(flat.area == 0 && flat.centroid == Point2D(2, 0))
    }

    @Test func featureBarePolygonAndUnclosedRing() throws {
        let feature = #"{"type":"Feature","properties":{"name":"x","flag":true,"v":null},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#
        let f = try PolygonFeature.fromGeoJSON(Data(feature.utf8), idProperty: "name")
        #expect(f.count == 1 && f[0].id == "x" && f[0].properties["flag"] == "true" && f[0].properties["v"] == "")
        let bare = #"{"type":"MultiPolygon","coordinates":[[[[0,0,5],[1,0,5],[1,1,5]]]]}"#  // unclosed, with z
        let g = try PolygonFeature.fromGeoJSON(Data(bare.utf8))
        #expect(g[0].id == "0" && g[0].parts[0].exterior == [Point2D(0, 0), Point2D(1, 0), Point2D(1, 1), Point2D(0, 0)])
    }

    /// Each malformed input gives one `.malformed` error whose reason says what is wrong.
    @Test(arguments: [
        ("not json at all", "not valid JSON"),
        (#"[1, 2, 3]"#, "not a JSON object"),
        (#"{"type": "FeatureCollection"}"#, "no 'features'"),
        (#"{"foo": 1}"#, "no 'features'"),
        (#"{"type": "FeatureCollection", "features": []}"#, "no features"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}"#,
         "feature index 1 ('1'): geometry type 'LineString' is not Polygon or MultiPolygon"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}}]}"#,
         "ring 0 has 2 positions; a ring needs at least 4"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],["1",0],[1,1],[0,0]]]}}]}"#,
         "position 1: non-numeric coordinate"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[true,0],[1,1],[0,0]]]}}]}"#,
         "position 1: non-numeric coordinate"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}"#,
         "empty polygon"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[]}}]}"#,
         "empty MultiPolygon"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#,
         "feature index 0 ('0') has no geometry"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1]]]}}]}"#,
         "position 1 is not an array of at least two numbers"),
        (#"{"type":"Point","coordinates":[0,0]}"#, "top-level type 'Point'"),
    ])
    func malformedInput(text: String, expected: String) throws {
        do {
            _ = try PolygonFeature.fromGeoJSON(Data(text.utf8), source: "test.geojson")
            Issue.record("no error for \(text)")
        } catch {
            guard case .malformed(let source, _, let reason) = error else { Issue.record("unexpected error \(error)"); return }
            #expect(source == "test.geojson")
            #expect(reason.contains(expected), "\(reason)")
        }
    }

    @Test func truncatedFileMissingIdAndDuplicateIds() throws {
        let data = try Data(contentsOf: Fixtures.url("data/columbus/columbus.geojson"))
        // The parser's own detail follows "not valid JSON" (Foundation's wording, not ours): only the case and the prefix are pinned.
        let truncated = #expect(throws: WeightsError.self) { try PolygonFeature.fromGeoJSON(data.prefix(data.count / 2)) }
        if case .malformed(let source, 0, let reason)? = truncated { #expect(source == "GeoJSON" && reason.hasPrefix("not valid JSON (")) } else {
            Issue.record("\(String(describing: truncated))")
        }
        do {
            _ = try PolygonFeature.fromGeoJSON(data, idProperty: "NO_SUCH")
            Issue.record("missing id property accepted")
        } catch {
            #expect(error.description.contains("feature index 0 has no property 'NO_SUCH'"))
        }
        #expect(throws: WeightsError.duplicateId("1000")) { try PolygonFeature.fromGeoJSON(data, idProperty: "THOUS") }
        let missing = Fixtures.url("data/columbus/no_such_file.geojson")
        let unreadable = #expect(throws: WeightsError.self) { try PolygonFeature.fromGeoJSON(contentsOf: missing) }
        if case .malformed("no_such_file.geojson", 0, let reason)? = unreadable { #expect(reason.hasPrefix("cannot read the file (")) } else {
            Issue.record("\(String(describing: unreadable))")
        }
    }
}
