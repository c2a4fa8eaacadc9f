import Foundation

/// The shape types of the ESRI Shapefile Technical Description (1998), with their codes.
public enum ShapeType: Int32, Sendable, CaseIterable {
    /// The planar types (and the null shape).
    case null = 0, point = 1, polyline = 3, polygon = 5, multiPoint = 8
    /// With Z (and optional M) values.
    case pointZ = 11, polylineZ = 13, polygonZ = 15, multiPointZ = 18
    /// With M (measure) values.
    case pointM = 21, polylineM = 23, polygonM = 25, multiPointM = 28
    /// 3-D surfaces; not read.
    case multiPatch = 31

    /// The type without Z or M (`polygonZ` -> `polygon`).
    public var planar: ShapeType {
        switch self {
        case .pointZ, .pointM: return .point
        case .polylineZ, .polylineM: return .polyline
        case .polygonZ, .polygonM: return .polygon
        case .multiPointZ, .multiPointM: return .multiPoint
        default: return self
        }
    }

    var hasZ: Bool { [.pointZ, .polylineZ, .polygonZ, .multiPointZ].contains(self) }
}

/// The geometry of one shapefile record, in x/y (Z and M values are read past and not kept).
public enum ShapeGeometry: Sendable, Equatable {
    /// A null shape (a record without geometry).
    case null
    /// A Point (PointZ, PointM).
    case point(Point2D)
    /// A MultiPoint's points.
    case multiPoint([Point2D])
    /// The parts of a PolyLine, each a list of vertices.
    case polyline([[Point2D]])
    /// A Polygon's rings grouped into polygons: each clockwise ring is an exterior, each counter-clockwise ring a
    /// hole of the smallest exterior that contains it (a counter-clockwise ring inside no exterior is an exterior).
    case polygon([Polygon])
}

/// An ESRI shapefile read by hand: the `.shp` geometries (located through the `.shx` index when there is one) and
/// the `.dbf` attribute table, record i of the one being row i of the other.
///
/// Read with ``read(from:)``; contiguity weights from its polygons as from GeoJSON:
///
/// ```swift
/// let features = try PolygonFeature.fromShapefile(contentsOf: url, idProperty: "POLYID")
/// let w = try SpatialWeights.contiguity(features, rule: .queen)
/// ```
///
/// What is read: Point, MultiPoint, PolyLine and Polygon, each also with Z or M (the Z and M values are skipped),
/// and null shapes; MultiPatch is refused. Header fields are big- or little-endian as the specification says.
/// Polygon rings are grouped by orientation (clockwise exteriors, counter-clockwise holes); an unclosed ring is
/// closed. Records deleted in the `.dbf` (flag `*`) are left out together with their shapes, so that
/// ``geometries`` and ``attributes`` stay aligned; ``records`` gives the 1-based record numbers kept.
/// See `DBFReader` for the attribute table and its code page.
///
/// Nothing in the files can make it trap: every problem is a ``ShapefileError`` naming the file, the record, the
/// field and the fix.
public struct Shapefile: Sendable {
    /// The shape type of the file header.
    public var shapeType: ShapeType
    /// The bounding box of the file header.
    public var boundingBox: BoundingBox
    /// One geometry per record kept.
    public var geometries: [ShapeGeometry]
    /// The attribute table: row i belongs to `geometries[i]`.
    public var attributes: DataTable
    /// The 1-based record numbers kept (records deleted in the `.dbf` are left out).
    public var records: [Int]
    /// The name of the code page the `.dbf` text was decoded with.
    public var encoding: String
    /// Things read but worth knowing (fields of unsupported types skipped, a code page guessed).
    public var warnings: [String]
    /// What the coordinates measure, from the `.prj` file beside the `.shp` (``CoordinateReferenceSystem/unknown``
    /// without one).
    public var coordinateSystem: CoordinateReferenceSystem

    /// Reads `name.shp` with `name.shx` (optional: without it the records are read in sequence), `name.dbf`
    /// (required), `name.cpg` (optional code page) and `name.prj` (optional: ``coordinateSystem``). `url` may name
    /// any of them.
    public static func read(from url: URL) throws(ShapefileError) -> Shapefile {
        let base = url.deletingPathExtension()
        let name = base.lastPathComponent
        func sibling(_ ext: String) -> URL? {
            for e in [ext, ext.uppercased()] {
                let u = base.appendingPathExtension(e)
                if FileManager.default.fileExists(atPath: u.path) { return u }
            }
            return nil
        }
        func load(_ u: URL) throws(ShapefileError) -> [UInt8] {
            do { return [UInt8](try Data(contentsOf: u)) } catch {
                throw ShapefileError(.unreadable, file: u.lastPathComponent, reason: "cannot read the file (\(error.localizedDescription))",
                                     fix: "check the path and the permissions")
            }
        }
        guard let shpURL = sibling("shp") else {
            throw ShapefileError(.unreadable, file: name + ".shp", reason: "there is no such file",
                                 fix: "give the path of the .shp file (its .shx, .dbf and .cpg beside it)")
        }
        guard let dbfURL = sibling("dbf") else {
            throw ShapefileError(.unreadable, file: name + ".dbf", reason: "the attribute table is missing",
                                 fix: "copy the .dbf file that came with \(shpURL.lastPathComponent) into the same folder")
        }
        let shp = try load(shpURL)
        let shx = try sibling("shx").map { (u) throws(ShapefileError) in try load(u) }
        let dbf = try load(dbfURL)
        var cpg: String?
        if let u = sibling("cpg") {
            let bytes = try load(u)
            cpg = String(decoding: bytes, as: UTF8.self)
        }
        let prj = try sibling("prj").map { (u) throws(ShapefileError) in String(decoding: try load(u), as: UTF8.self) }
        return try Shapefile(shp: shp, shx: shx, dbf: dbf, cpg: cpg, prj: prj, name: name)
    }

    /// A shapefile from the bytes of its files; `name` (without extension) names them in errors. `prj` is the text
    /// of the `.prj` file (``CoordinateReferenceSystem/init(wkt:)``; `nil`: ``CoordinateReferenceSystem/unknown``).
    public init(shp: [UInt8], shx: [UInt8]?, dbf: [UInt8], cpg: String? = nil, prj: String? = nil, name: String = "shapefile") throws(ShapefileError) {
        let (type, box, shapes) = try Self.readShapes(shp: shp, shx: shx, name: name)
        let table = try DBFReader.read(dbf, file: name + ".dbf", cpg: cpg)
        guard table.deleted.count == shapes.count else {
            throw ShapefileError(.mismatch, file: name + ".dbf",
                                 reason: "\(table.deleted.count) records, but \(name).shp has \(shapes.count) shapes",
                                 fix: "use the .dbf that belongs to \(name).shp (record i of the .dbf is shape i)")
        }
        var kept = [Int](), geometries = [ShapeGeometry]()
        for (i, deleted) in table.deleted.enumerated() where !deleted {
            kept.append(i + 1)
            geometries.append(shapes[i])
        }
        shapeType = type
        boundingBox = box
        self.geometries = geometries
        attributes = table.table
        records = kept
        encoding = table.encoding
        warnings = table.warnings
        coordinateSystem = prj.map(CoordinateReferenceSystem.init(wkt:)) ?? .unknown
    }

    /// Polygonal features for ``SpatialWeights/contiguity(_:rule:tolerance:)``: the id is the text of the
    /// attribute `idProperty` (numbers as in `DBFReader`: `1`, not `1.000000`) or the 0-based position; the
    /// properties are the attributes as text (missing: ""). A null shape becomes a feature without parts (an island).
    public func polygonFeatures(idProperty: String? = nil) throws(ShapefileError) -> [PolygonFeature] {
        let file = attributes.source
        let columns = attributes.columnNames
        let cells = attributes.cells
        var idColumn: Int?
        if let idProperty {
            guard let j = columns.firstIndex(of: idProperty) else {
                throw ShapefileError(.invalid, file: file, field: idProperty, reason: "there is no such field (fields: \(columns.joined(separator: ", ")))",
                                     fix: "name one of the fields for the ids")
            }
            idColumn = j
        }
        var features = [PolygonFeature]()
        features.reserveCapacity(geometries.count)
        var seen = [String: Int]()
        for (i, geometry) in geometries.enumerated() {
            let record = records[i]
            let parts: [Polygon]
            switch geometry {
            case .polygon(let p): parts = p
            case .null: parts = []
            default:
                throw ShapefileError(.unsupported, file: file.replacingDBFExtension, record: record, reason: "the shape is not a polygon (\(shapeType))",
                                     fix: "contiguity needs polygons: use a polygon shapefile, or distance weights from the points")
            }
            var properties = [String: String]()
            for (j, name) in columns.enumerated() { properties[name] = cells[j][i] }
            let id = idColumn.map { cells[$0][i] } ?? String(i)
            if let idColumn, let first = seen[id] {
                throw ShapefileError(.invalid, file: file, record: record, field: columns[idColumn],
                                     reason: "id '\(id)' is also the id of record \(first)", fix: "choose a field whose values are unique")
            }
            seen[id] = record
            features.append(PolygonFeature(id: id, properties: properties, parts: parts))
        }
        return features
    }

    /// One point per shape for distance weights: the point of a Point, the mean of a MultiPoint's points, the
    /// centroid of a Polygon (``PolygonFeature/centroid``) or the mean of a PolyLine's vertices. Null shapes are
    /// an error naming the record.
    public func points() throws(ShapefileError) -> [Point2D] {
        var out = [Point2D]()
        out.reserveCapacity(geometries.count)
        let file = attributes.source.replacingDBFExtension
        for (i, geometry) in geometries.enumerated() {
            func mean(_ ps: [Point2D]) -> Point2D {
                let n = Double(max(ps.count, 1))
                return Point2D(ps.reduce(0) { $0 + $1.x } / n, ps.reduce(0) { $0 + $1.y } / n)
            }
            switch geometry {
            case .point(let p): out.append(p)
            case .multiPoint(let ps): out.append(mean(ps))
            case .polyline(let parts): out.append(mean(parts.flatMap { $0 }))
            case .polygon(let parts): out.append(PolygonFeature(id: "", parts: parts).centroid)
            case .null:
                throw ShapefileError(.invalid, file: file, record: records[i], reason: "a null shape has no point",
                                     fix: "drop the record, or give it a geometry")
            }
        }
        return out
    }

    // MARK: - .shp and .shx

    static func readShapes(shp: [UInt8], shx: [UInt8]?, name: String) throws(ShapefileError) -> (ShapeType, BoundingBox, [ShapeGeometry]) {
        let file = name + ".shp"
        let b = ShapefileBytes(shp)
        let (type, box, length) = try header(b, file: file)
        var shapes = [ShapeGeometry]()
        if let shx {
            let ib = ShapefileBytes(shx)
            let indexFile = name + ".shx"
            let (indexType, _, indexLength) = try header(ib, file: indexFile)
            guard indexType == type else {
                throw ShapefileError(.mismatch, file: indexFile, field: "shape type",
                                     reason: "\(indexType), but \(file) has \(type)", fix: "use the .shx that belongs to \(file), or delete it")
            }
            let count = (indexLength - 100) / 8
            shapes.reserveCapacity(count)
            for i in 0..<count {
                let at = 100 + 8 * i
                guard let offsetWords = ib.int32BigEndian(at), let lengthWords = ib.int32BigEndian(at + 4) else {
                    throw truncated(indexFile, record: i + 1, field: "offset", size: ib.count)
                }
                let offset = Int(offsetWords) * 2
                guard offsetWords >= 50, lengthWords >= 0, offset <= length - 8 else {
                    throw ShapefileError(.invalid, file: indexFile, record: i + 1, field: "offset",
                                         reason: "offset \(offset) is outside \(file) (\(length) bytes)",
                                         fix: "the index is damaged: delete \(indexFile) to read \(file) in sequence")
                }
                shapes.append(try record(b, at: offset, end: length, number: i + 1, fileType: type, file: file))
            }
        } else {
            var at = 100, number = 1
            while at < length {
                let (shape, next) = try recordWithEnd(b, at: at, end: length, number: number, fileType: type, file: file)
                shapes.append(shape)
                at = next
                number += 1
            }
        }
        return (type, box, shapes)
    }

    static func truncated(_ file: String, record: Int?, field: String, size: Int) -> ShapefileError {
        ShapefileError(.truncated, file: file, record: record, field: field, reason: "the file ends (at \(size) bytes) inside this value",
                       fix: "the file is incomplete: copy or download it again")
    }

    /// The 100-byte header: shape type, bounding box and the file length in bytes (checked against the data).
    static func header(_ b: ShapefileBytes, file: String) throws(ShapefileError) -> (ShapeType, BoundingBox, Int) {
        guard b.count >= 100 else {
            throw ShapefileError(.truncated, file: file, reason: "\(b.count) bytes, shorter than the 100-byte header",
                                 fix: "the file is incomplete or not a shapefile: copy it again")
        }
        guard let code = b.int32BigEndian(0), code == 9994 else {
            throw ShapefileError(.invalid, file: file, field: "file code", reason: "the file does not start with the shapefile code 9994",
                                 fix: "this is not an ESRI shapefile (.shp/.shx)")
        }
        guard let words = b.int32BigEndian(24), words >= 50 else {
            throw ShapefileError(.invalid, file: file, field: "file length", reason: "the header's file length is below 100 bytes",
                                 fix: "the header is damaged: write the file again")
        }
        let length = Int(words) * 2
        guard length <= b.count else {
            throw ShapefileError(.truncated, file: file, field: "file length",
                                 reason: "the header says \(length) bytes, the file has \(b.count)",
                                 fix: "the file is incomplete: copy or download it again")
        }
        guard let version = b.int32LittleEndian(28), version == 1000 else {
            throw ShapefileError(.invalid, file: file, field: "version", reason: "the version is not 1000",
                                 fix: "this is not an ESRI shapefile, or its header is damaged")
        }
        guard let raw = b.int32LittleEndian(32), let type = ShapeType(rawValue: raw) else {
            throw ShapefileError(.invalid, file: file, field: "shape type", reason: "\(b.int32LittleEndian(32) ?? -1) is not a shape type",
                                 fix: "the header is damaged: write the file again")
        }
        guard type != .multiPatch else {
            throw ShapefileError(.unsupported, file: file, field: "shape type", reason: "MultiPatch shapes are not read",
                                 fix: "convert the layer to polygons")
        }
        let box = BoundingBox(minX: b.float64LittleEndian(36) ?? .nan, minY: b.float64LittleEndian(44) ?? .nan,
                              maxX: b.float64LittleEndian(52) ?? .nan, maxY: b.float64LittleEndian(60) ?? .nan)
        return (type, box, length)
    }

    static func record(_ b: ShapefileBytes, at offset: Int, end: Int, number: Int, fileType: ShapeType, file: String) throws(ShapefileError) -> ShapeGeometry {
        try recordWithEnd(b, at: offset, end: end, number: number, fileType: fileType, file: file).0
    }

    /// The record at `offset` (its 8-byte header and content) and the offset after it.
    static func recordWithEnd(_ b: ShapefileBytes, at offset: Int, end: Int, number: Int, fileType: ShapeType, file: String) throws(ShapefileError) -> (ShapeGeometry, Int) {
        guard offset <= end - 8, let words = b.int32BigEndian(offset + 4) else {
            throw truncated(file, record: number, field: "record header", size: end)
        }
        guard words >= 2 else {
            throw ShapefileError(.invalid, file: file, record: number, field: "content length", reason: "\(Int(words) * 2) bytes, less than the 4 of a shape type",
                                 fix: "the record is damaged: write the file again")
        }
        let start = offset + 8, length = Int(words) * 2
        guard length <= end - start else {
            throw ShapefileError(.truncated, file: file, record: number, field: "content length",
                                 reason: "the record needs \(length) bytes, \(max(end - start, 0)) are left",
                                 fix: "the file is incomplete: copy or download it again")
        }
        let content = ShapefileBytes(Array(b.bytes[start..<(start + length)]))
        return (try shape(content, number: number, fileType: fileType, file: file), start + length)
    }

    /// One record's content (shape type, then the shape).
    static func shape(_ c: ShapefileBytes, number: Int, fileType: ShapeType, file: String) throws(ShapefileError) -> ShapeGeometry {
        func fail(_ field: String, _ reason: String, _ fix: String = "the record is damaged: write the file again") -> ShapefileError {
            ShapefileError(.invalid, file: file, record: number, field: field, reason: reason, fix: fix)
        }
        guard let raw = c.int32LittleEndian(0), let type = ShapeType(rawValue: raw) else {
            throw fail("shape type", "\(c.int32LittleEndian(0) ?? -1) is not a shape type")
        }
        if type == .null { return .null }
        guard type == fileType else {
            throw fail("shape type", "\(type), but the file's header says \(fileType)", "a shapefile holds one shape type (and null shapes): split the layer by type")
        }
        func point(_ offset: Int, _ what: String) throws(ShapefileError) -> Point2D {
            guard let x = c.float64LittleEndian(offset), let y = c.float64LittleEndian(offset + 8) else {
                throw fail(what, "the record ends inside this point")
            }
            guard x.isFinite, y.isFinite else { throw fail(what, "non-finite coordinate (\(x), \(y))", "coordinates must be finite numbers: repair the geometry") }
            return Point2D(x, y)
        }
        func count(_ offset: Int, _ what: String) throws(ShapefileError) -> Int {
            guard let n = c.int32LittleEndian(offset) else { throw fail(what, "the record ends inside this value") }
            guard n >= 0 else { throw fail(what, "\(n) is negative") }
            return Int(n)
        }
        /// `n` points starting at `offset`, after checking that they (and a Z array, for Z types) fit the record.
        func points(_ offset: Int, _ n: Int) throws(ShapefileError) -> [Point2D] {
            let need = offset + 16 * n + (type.hasZ ? 16 + 8 * n : 0)
            guard need <= c.count else {
                throw fail("number of points", "\(n) points need \(need) bytes, the record has \(c.count)", "the count or the record length is damaged: write the file again")
            }
            var ps = [Point2D]()
            ps.reserveCapacity(n)
            for k in 0..<n { ps.append(try point(offset + 16 * k, "point \(k + 1)")) }
            return ps
        }
        switch type.planar {
        case .point:
            return .point(try point(4, "point"))
        case .multiPoint:
            let n = try count(36, "number of points")
            return .multiPoint(try points(40, n))
        case .polyline, .polygon:
            let nParts = try count(36, "number of parts"), nPoints = try count(40, "number of points")
            guard nParts <= c.count / 4 else { throw fail("number of parts", "\(nParts) parts cannot fit a record of \(c.count) bytes") }
            var starts = [Int]()
            starts.reserveCapacity(nParts)
            for k in 0..<nParts { starts.append(try count(44 + 4 * k, "part \(k + 1) start")) }
            let vertices = try points(44 + 4 * nParts, nPoints)
            var rings = [[Point2D]]()
            for k in 0..<nParts {
                let from = starts[k], to = k + 1 < nParts ? starts[k + 1] : nPoints
                guard from < to, to <= nPoints, k > 0 || from == 0 else {
                    throw fail("part \(k + 1) start", "part starts \(starts.map(String.init).joined(separator: ", ")) are not increasing from 0 below \(nPoints) points")
                }
                rings.append(Array(vertices[from..<to]))
            }
            if type.planar == .polyline { return .polyline(rings) }
            for (k, ring) in rings.enumerated() {
                var r = ring
                if let first = r.first, let last = r.last, first != last { r.append(first) }
                guard r.count >= 4 else {
                    throw fail("part \(k + 1)", "a ring of \(ring.count) point\(ring.count == 1 ? "" : "s"); a polygon ring needs at least 4 (closed)",
                               "repair the geometry (drop the degenerate ring)")
                }
                rings[k] = r
            }
            return .polygon(assemble(rings))
        default:
            throw fail("shape type", "\(type) is not read", "convert the layer to polygons or points")
        }
    }

    /// Groups rings into polygons by orientation: clockwise rings (negative shoelace area, y up) are exteriors,
    /// counter-clockwise rings holes of the smallest exterior holding one of their first 16 vertices. Without any clockwise
    /// ring (a file written with the opposite orientation) every ring is an exterior; a hole inside no exterior
    /// becomes one.
    static func assemble(_ rings: [[Point2D]]) -> [Polygon] {
        let areas = rings.map(signedArea)
        var exteriors = [Int](), holes = [Int]()
        for (k, a) in areas.enumerated() { if a <= 0 { exteriors.append(k) } else { holes.append(k) } }
        if exteriors.isEmpty { return rings.map { Polygon(exterior: $0) } }
        var polygons = exteriors.map { Polygon(exterior: rings[$0]) }
        let boxes = exteriors.map { BoundingBox(points: rings[$0]) }
        for h in holes {
            // A valid hole has no vertex outside its exterior, but may touch it: a vertex strictly inside decides.
            let probes = rings[h].prefix(16)
            var best: Int?
            for (e, k) in exteriors.enumerated() {
                guard let box = boxes[e], probes.contains(where: { p in
                    p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY && contains(rings[k], p)
                }) else { continue }
                if best.map({ abs(areas[k]) < abs(areas[exteriors[$0]]) }) ?? true { best = e }
            }
            if let best { polygons[best].holes.append(rings[h]) } else { polygons.append(Polygon(exterior: rings[h])) }
        }
        return polygons
    }

    /// The shoelace area of a ring (positive counter-clockwise), relative to its first vertex.
    static func signedArea(_ ring: [Point2D]) -> Double {
        guard let o = ring.first, ring.count >= 3 else { return 0 }
        var s = 0.0
        for i in 0..<(ring.count - 1) {
            let p = ring[i], q = ring[i + 1]
            s += (p.x - o.x) * (q.y - o.y) - (q.x - o.x) * (p.y - o.y)
        }
        return s / 2
    }

    /// Even-odd ray casting (a point on the boundary may go either way; a hole's first vertex is normally inside).
    static func contains(_ ring: [Point2D], _ p: Point2D) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}

extension String {
    /// `nc.dbf` -> `nc.shp` (the name a geometry error should carry).
    var replacingDBFExtension: String {
        hasSuffix(".dbf") ? String(dropLast(4)) + ".shp" : self
    }
}

extension PolygonFeature {
    /// Polygonal features from an ESRI shapefile (`.shp` with its `.shx`, `.dbf` and optional `.cpg`), for
    /// ``SpatialWeights/contiguity(_:rule:tolerance:)`` exactly as ``fromGeoJSON(contentsOf:idProperty:)``: ids
    /// from the attribute `idProperty` (numbers without trailing zeros: `1`, `0.5`) or the 0-based record position,
    /// properties the attributes as text. See ``Shapefile`` for what is read.
    ///
    /// Errors are ``WeightsError/malformed(source:line:reason:)`` whose reason is the ``ShapefileError``'s (record,
    /// field, what is wrong and the fix); call ``Shapefile/read(from:)`` for the typed error itself.
    ///
    /// ```swift
    /// let features = try PolygonFeature.fromShapefile(contentsOf: URL(fileURLWithPath: "columbus.shp"), idProperty: "POLYID")
    /// let w = try SpatialWeights.contiguity(features, rule: .rook)
    /// ```
    public static func fromShapefile(contentsOf url: URL, idProperty: String? = nil) throws(WeightsError) -> [PolygonFeature] {
        do throws(ShapefileError) {
            return try Shapefile.read(from: url).polygonFeatures(idProperty: idProperty)
        } catch {
            throw .malformed(source: error.file, line: 0, reason: "\(error.location): \(error.reason); \(error.fix)")
        }
    }
}
