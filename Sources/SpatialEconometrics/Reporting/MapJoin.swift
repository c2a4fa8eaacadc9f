import Foundation

/// Polygons joined to the units of a result by an id property, never by the features' order when the units have
/// ids of their own.
///
/// The property is, in this order: the one asked for; the weights' id variable or the data's id column when the
/// features have it; the property whose values share the most ids with the units. Weights without ids of their own
/// (``SpatialWeights/idsArePositions``) are joined by feature order when no property matches. A join that matches no
/// unit is an error; a partial one is reported in ``warnings`` with the counts.
///
/// ```swift
/// let join = try MapJoin(contentsOf: geojson, units: lisa.units.map(\.id), weights: w)
/// let svg = MapPlot(features: join.features).lisaClusters(lisa, title: "LISA clusters")
/// ```
public struct MapJoin: Sendable {
    /// The features with their `id` set to the joining property's value.
    public let features: [PolygonFeature]
    /// The property used (`nil`: feature order).
    public let property: String?
    /// Units that have a polygon.
    public let matchedUnits: Int
    /// A partial join, with its counts (units without a polygon, features without a unit).
    public let warnings: [String]
    /// What the coordinates measure: a shapefile's `.prj` (``Shapefile/coordinateSystem``); ``CoordinateReferenceSystem/unknown``
    /// for GeoJSON and for a shapefile without one (``MapPlot`` then decides by the coordinates' range).
    public let coordinateSystem: CoordinateReferenceSystem

    /// - Parameters:
    ///   - url: a GeoJSON file, or an ESRI shapefile (`.shp`, with its `.dbf` properties).
    ///   - idProperty: the property to join by; `nil` chooses as described above.
    ///   - units: the ids of the units to draw.
    ///   - weights: the weights the units come from (their id variable, and whether their ids are positions).
    ///   - dataIdColumn: the data column that held the ids, tried as a property name.
    /// - Throws: ``WeightsError`` for an unreadable file, a missing property, or a join that matches no unit.
    public init(contentsOf url: URL, idProperty: String? = nil, units: [String], weights: SpatialWeights? = nil,
                dataIdColumn: String? = nil) throws(WeightsError) {
        let source = url.lastPathComponent
        var features: [PolygonFeature]
        var crs = CoordinateReferenceSystem.unknown
        if url.pathExtension.lowercased() == "shp" {
            do throws(ShapefileError) {
                let shapefile = try Shapefile.read(from: url)
                crs = shapefile.coordinateSystem
                features = try shapefile.polygonFeatures(idProperty: idProperty)
            } catch {
                throw .malformed(source: error.file, line: 0, reason: "\(error.location): \(error.reason); \(error.fix)")
            }
        } else {
            features = try PolygonFeature.fromGeoJSON(contentsOf: url, idProperty: idProperty)
        }
        var property = idProperty
        let unitSet = Set(units)
        if idProperty == nil {
            let named = [weights?.idVariable, dataIdColumn].compactMap { $0 }
            if let p = named.first(where: { name in !features.isEmpty && features.allSatisfy { $0.properties[name] != nil } }) {
                property = p
            } else {
                var best: (name: String, hits: Int)? = nil
                let names = Set(features.flatMap { $0.properties.keys })
                for name in names.sorted() {
                    let hits = Set(features.compactMap { $0.properties[name] }).intersection(unitSet).count
                    if hits > (best?.hits ?? 0) { best = (name, hits) }
                }
                property = best?.name
            }
            if let p = property {
                var seen = Set<String>()
                var renamed = [PolygonFeature]()
                for (k, f) in features.enumerated() {
                    guard let id = f.properties[p] else {
                        throw .malformed(source: source, line: 0, reason: "feature index \(k) has no property '\(p)' to join the map by")
                    }
                    guard seen.insert(id).inserted else { throw .duplicateId(id) }
                    renamed.append(PolygonFeature(id: id, properties: f.properties, parts: f.parts))
                }
                features = renamed
            } else if weights?.idsArePositions == true, features.count == units.count {
                features = zip(features, units).map { PolygonFeature(id: $1, properties: $0.properties, parts: $0.parts) }
            } else {
                throw .malformed(source: source, line: 0, reason: "no property of the features holds the units' ids (e.g. "
                    + units.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + "): name the property to join by (--map-id-property P)")
            }
        }
        let matched = Set(features.map(\.id)).intersection(unitSet).count
        guard matched > 0 else {
            throw .malformed(source: source, line: 0, reason: "no feature's '\(property ?? "position")' matches a unit id (features: "
                + features.prefix(3).map { "'\($0.id)'" }.joined(separator: ", ") + "; units: " + units.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                + "): name the property that holds the units' ids (--map-id-property P)")
        }
        var warnings = [String]()
        if matched < unitSet.count || matched < features.count {
            warnings.append("map \(source): \(matched) of \(unitSet.count) units have a polygon (joined by '\(property ?? "position")'); "
                + "\(features.count - matched) of \(features.count) polygons have no unit and are drawn as no data")
        }
        self.features = features
        self.property = property
        self.matchedUnits = matched
        self.warnings = warnings
        coordinateSystem = crs
    }
}
