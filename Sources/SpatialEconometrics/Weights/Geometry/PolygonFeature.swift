import Foundation

/// A point in the plane; for geographic data `x` is the longitude and `y` the latitude, in decimal degrees.
public struct Point2D: Sendable, Hashable, Codable {
    /// The horizontal coordinate (longitude, for geographic data).
    public var x: Double
    /// The vertical coordinate (latitude, for geographic data).
    public var y: Double

    /// The point (`x`, `y`): longitude and latitude in degrees for geographic data.
    public init(x: Double, y: Double) { self.x = x; self.y = y }
    /// The point (`x`, `y`).
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }

    /// Both coordinates are finite.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// An axis-aligned rectangle `[minX, maxX] x [minY, maxY]`.
public struct BoundingBox: Sendable, Equatable, Codable {
    /// The rectangle's bounds: `[minX, maxX] x [minY, maxY]`.
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    /// The rectangle `[minX, maxX] x [minY, maxY]`.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    /// The smallest box holding all `points`; `nil` for no points.
    public init?<S: Sequence>(points: S) where S.Element == Point2D {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var b = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let p = it.next() { b.include(p) }
        self = b
    }

    /// Grows the box to hold `p`.
    public mutating func include(_ p: Point2D) {
        minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y)
    }

    /// The smallest box holding both.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    /// The boxes share at least one point (touching edges count).
    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// `maxX - minX`.
    public var width: Double { maxX - minX }
    /// `maxY - minY`.
    public var height: Double { maxY - minY }
}

/// One polygon: an exterior ring and zero or more holes, as in a GeoJSON `Polygon`.
///
/// Rings are lists of vertices; they are normally closed (last point equal to the first, as GeoJSON requires),
/// but every computation here also accepts an open ring and treats it as closed. Orientation does not matter.
public struct Polygon: Sendable, Equatable, Codable {
    /// The outer ring, as points (closed or open).
    public var exterior: [Point2D]
    /// The rings of the holes, each as points.
    public var holes: [[Point2D]]

    /// A polygon with its `exterior` ring and optional `holes`.
    public init(exterior: [Point2D], holes: [[Point2D]] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// All rings, exterior first.
    public var rings: [[Point2D]] { [exterior] + holes }

    /// Area of the exterior minus the areas of the holes (shoelace formula).
    public var area: Double { PolygonMoments(parts: [self]).area }

    /// The area-weighted centroid (holes subtracted); see ``PolygonFeature/centroid``.
    public var centroid: Point2D { PolygonMoments(parts: [self]).centroid }

    /// The bounding box of the exterior ring (`nil` if it has no vertex).
    public var boundingBox: BoundingBox? { BoundingBox(points: exterior) }
}

/// A polygonal unit: an id, its attributes as strings, and one or more polygons (a GeoJSON Polygon or
/// MultiPolygon). Read them with ``PolygonFeature/fromGeoJSON(_:idProperty:source:)``.
public struct PolygonFeature: Sendable, Equatable, Codable {
    /// The unit id (from the chosen property, or the feature's 0-based position).
    public var id: String
    /// The feature's properties rendered as strings (numbers in shortest round-trip form, integral values
    /// without a decimal point, `null` as an empty string, nested values as compact JSON).
    public var properties: [String: String]
    /// The polygons (one for a GeoJSON Polygon, one per part for a MultiPolygon).
    public var parts: [Polygon]

    /// A feature with its `id`, its other `properties` as text and its polygons (`parts`; none for a feature without
    /// geometry).
    public init(id: String, properties: [String: String] = [:], parts: [Polygon]) {
        self.id = id
        self.properties = properties
        self.parts = parts
    }

    /// Total area over the parts, holes subtracted (planar shoelace formula, in squared coordinate units).
    public var area: Double { PolygonMoments(parts: parts).area }

    /// The area-weighted centroid of all parts, holes subtracted.
    ///
    /// `c = sum_r s_r sum_i (p_i + p_{i+1}) (x_i y_{i+1} - x_{i+1} y_i) / (3 sum_r s_r sum_i (x_i y_{i+1} - x_{i+1} y_i))`
    /// over every ring r, with `s_r` making exteriors count positively and holes negatively whatever their
    /// orientation; coordinates are taken relative to the first vertex to limit cancellation. This is the
    /// centroid of GEOS / shapely (`GeoSeries.centroid`), which libpysal uses for point-based weights: on
    /// columbus it agrees with libpysal's centroids to about 4e-15. A feature of zero area falls back to the
    /// length-weighted centroid of its boundary, and one of zero length to the mean of its vertices
    /// (GEOS does the same). Non-finite coordinates give a non-finite result.
    ///
    /// - Complexity: O(number of vertices).
    public var centroid: Point2D { PolygonMoments(parts: parts).centroid }

    /// The bounding box of all exterior rings (`nil` if the feature has no vertex).
    public var boundingBox: BoundingBox? { BoundingBox(points: parts.lazy.flatMap(\.exterior)) }
}

/// Area and first moments of a set of polygons, relative to a common origin.
struct PolygonMoments {
    var twiceArea = 0.0
    var momentX = 0.0  // sum of (x_i + x_{i+1}) cross_i, relative to the origin
    var momentY = 0.0
    var origin = Point2D(0, 0)
    var parts: [Polygon]

    init(parts: [Polygon]) {
        self.parts = parts
        guard let first = parts.lazy.flatMap(\.exterior).first else { return }
        origin = first
        for part in parts {
            for (r, ring) in part.rings.enumerated() {
                var a = 0.0, mx = 0.0, my = 0.0
                let m = ring.count
                guard m >= 3 else { continue }
                for i in 0..<m {
                    let p = ring[i], q = ring[(i + 1) % m]
                    let x1 = p.x - origin.x, y1 = p.y - origin.y, x2 = q.x - origin.x, y2 = q.y - origin.y
                    let cross = x1 * y2 - x2 * y1
                    a += cross
                    mx += (x1 + x2) * cross
                    my += (y1 + y2) * cross
                }
                // Exterior rings count positively, holes negatively, whatever their orientation.
                let sign: Double = (r == 0) == (a >= 0) ? 1 : -1
                twiceArea += sign * a
                momentX += sign * mx
                momentY += sign * my
            }
        }
    }

    var area: Double { twiceArea / 2 }

    var centroid: Point2D {
        if twiceArea != 0 && twiceArea.isFinite {
            return Point2D(origin.x + momentX / (3 * twiceArea), origin.y + momentY / (3 * twiceArea))
        }
        // Degenerate (zero area): length-weighted centroid of the boundary, else mean of the vertices.
        var length = 0.0, sx = 0.0, sy = 0.0, count = 0.0, px = 0.0, py = 0.0
        for part in parts {
            for ring in part.rings {
                for (i, p) in ring.enumerated() {
                    px += p.x; py += p.y; count += 1
                    guard i + 1 < ring.count else { continue }
                    let q = ring[i + 1]
                    let l = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
                    length += l
                    sx += l * (p.x + q.x) / 2
                    sy += l * (p.y + q.y) / 2
                }
            }
        }
        if length > 0 { return Point2D(sx / length, sy / length) }
        if count > 0 { return Point2D(px / count, py / count) }
        return Point2D(.nan, .nan)
    }
}
