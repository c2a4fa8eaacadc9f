import Foundation
import Testing
@testable import SpatialEconometrics

/// Builds small shapefiles and dBASE tables byte by byte, for the cases the real fixtures do not have.
enum ShapefileBuilder {
    static func be32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    static func le32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func le64(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }

    /// One record content per entry (shape type first); returns (.shp, .shx).
    static func files(type: Int32, contents: [[UInt8]]) -> (shp: [UInt8], shx: [UInt8]) {
        func header(_ length: Int) -> [UInt8] {
            be32(9994) + [UInt8](repeating: 0, count: 20) + be32(Int32(length / 2)) + le32(1000) + le32(type)
                + le64(0) + le64(0) + le64(10) + le64(10) + [UInt8](repeating: 0, count: 32)
        }
        var body = [UInt8](), index = [UInt8]()
        for (k, c) in contents.enumerated() {
            index += be32(Int32((100 + body.count) / 2)) + be32(Int32(c.count / 2))
            body += be32(Int32(k + 1)) + be32(Int32(c.count / 2)) + c
        }
        return (header(100 + body.count) + body, header(100 + index.count) + index)
    }

    static func polygon(type: Int32 = 5, rings: [[(Double, Double)]], z: Bool = false, m: Bool = false) -> [UInt8] {
        let points = rings.flatMap { $0 }
        var c = le32(type) + le64(0) + le64(0) + le64(10) + le64(10) + le32(Int32(rings.count)) + le32(Int32(points.count))
        var start = 0
        for r in rings { c += le32(Int32(start)); start += r.count }
        for p in points { c += le64(p.0) + le64(p.1) }
        if z { c += le64(0) + le64(1) + points.flatMap { _ in le64(0.5) } }
        if m { c += le64(0) + le64(1) + points.flatMap { _ in le64(7) } }
        return c
    }

    static func point(_ x: Double, _ y: Double, type: Int32 = 1) -> [UInt8] {
        le32(type) + le64(x) + le64(y) + (type == 11 ? le64(3) + le64(4) : type == 21 ? le64(4) : [])
    }

    static let null: [UInt8] = le32(0)

    /// A dBASE III table: fields (name, type, width, decimals), records of raw cell bytes (deletion flag first).
    static func dbf(fields: [(String, Character, Int, Int)], records: [(deleted: Bool, cells: [[UInt8]])], languageDriver: UInt8 = 0) -> [UInt8] {
        let recordLength = 1 + fields.reduce(0) { $0 + $1.2 }
        let headerLength = 32 + 32 * fields.count + 1
        var h: [UInt8] = [0x03, 126, 12, 1] + le32(Int32(records.count))
        h += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8), UInt8(recordLength & 0xFF), UInt8(recordLength >> 8)]
        h += [UInt8](repeating: 0, count: 17) + [languageDriver, 0, 0]
        for (name, type, width, decimals) in fields {
            var d = Array(name.utf8.prefix(10))
            d += [UInt8](repeating: 0, count: 11 - d.count)
            d += [type.asciiValue ?? 0x43, 0, 0, 0, 0, UInt8(width), UInt8(decimals)] + [UInt8](repeating: 0, count: 14)
            h += d
        }
        h.append(0x0D)
        for r in records {
            h.append(r.deleted ? 0x2A : 0x20)
            for (k, cell) in r.cells.enumerated() {
                let width = fields[k].2
                h += Array(cell.prefix(width)) + [UInt8](repeating: 0x20, count: max(0, width - cell.count))
            }
        }
        return h + [0x1A]
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }
}

/// Reference neighbour sets and attribute tables from libpysal (reference/py/shapefile_weights.json).
struct ShapefileReference {
    let root: [String: Any]

    static func load() throws -> ShapefileReference {
        let data = try Data(contentsOf: Fixtures.url("reference/py/shapefile_weights.json"))
        return ShapefileReference(root: try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    func file(_ name: String) throws -> [String: Any] { try #require(root[name] as? [String: Any]) }

    func neighbours(_ name: String, _ rule: ContiguityRule) throws -> [[Int]] {
        try #require(try file(name)[rule.rawValue] as? [[Int]])
    }

    func table(_ name: String) throws -> (columns: [String], values: [String: [Any]]) {
        let t = try #require(try file(name)["table"] as? [String: Any])
        return (try #require(t["columns"] as? [String]), try #require(t["values"] as? [String: [Any]]))
    }
}

@Suite("Shapefile reading")
struct ShapefileTests {
    static func shp(_ name: String) -> URL { Fixtures.url("data/shapefiles/\(name).shp") }

    @Test("queen and rook neighbour sets of columbus.shp and nc.shp equal libpysal's from_shapefile", arguments: ["columbus", "nc"], [ContiguityRule.queen, .rook])
    func neighboursEqualLibpysal(name: String, rule: ContiguityRule) throws {
        let reference = try ShapefileReference.load().neighbours(name, rule)
        let features = try PolygonFeature.fromShapefile(contentsOf: Self.shp(name))
        let w = try SpatialWeights.contiguity(features, rule: rule)
        #expect(w.count == reference.count)
        #expect(w.ids == (0..<reference.count).map(String.init))
        for i in 0..<min(w.count, reference.count) {
            #expect(Array(w.neighbors(of: i)).sorted() == reference[i], "\(name) \(rule) record \(i + 1)")
        }
    }

    @Test("polygon areas and centroids (holes subtracted, all parts) equal shapely's", arguments: ["columbus", "nc"])
    func centroidsEqualShapely(name: String) throws {
        let file = try ShapefileReference.load().file(name)
        let centroids = try #require(file["centroids"] as? [[Double]]), areas = try #require(file["areas"] as? [Double])
        let features = try PolygonFeature.fromShapefile(contentsOf: Self.shp(name))
        #expect(features.count == centroids.count)
        for (i, f) in features.enumerated() where i < centroids.count {
            let c = f.centroid
            #expect(abs(c.x - centroids[i][0]) <= 1e-9 * max(1, abs(c.x)) && abs(c.y - centroids[i][1]) <= 1e-9 * max(1, abs(c.y)), "\(name) record \(i + 1)")
            #expect(abs(f.area - areas[i]) <= 1e-9 * max(1, areas[i]), "\(name) record \(i + 1)")
        }
    }

    @Test("columbus from the shapefile gives the same queen weights as from the GeoJSON, ids from POLYID")
    func columbusShapefileMatchesGeoJSON() throws {
        let fromShp = try SpatialWeights.contiguity(PolygonFeature.fromShapefile(contentsOf: Self.shp("columbus"), idProperty: "POLYID"), rule: .queen)
        let fromGeo = try SpatialWeights.contiguity(PolygonFeature.fromGeoJSON(contentsOf: Fixtures.url("data/columbus/columbus.geojson"), idProperty: "POLYID"), rule: .queen)
        #expect(fromShp.ids == fromGeo.ids)
        #expect(fromShp.matrix == fromGeo.matrix)
        #expect(fromShp.matrix.nonzeroCount == 236)
    }

    @Test("the .dbf columns and values equal libpysal's attribute table", arguments: ["columbus", "nc", "baltim"])
    func dbfEqualsLibpysal(name: String) throws {
        let (columns, values) = try ShapefileReference.load().table(name)
        let table = try DataTable(contentsOf: Fixtures.url("data/shapefiles/\(name).dbf"))
        #expect(table.columnNames == columns)
        for column in columns {
            let ours = try table.strings(column), theirs = try #require(values[column])
            #expect(ours.count == theirs.count)
            for (i, (a, b)) in zip(ours, theirs).enumerated() {
                if let s = b as? String {
                    #expect(a == s, "\(column) row \(i + 1)")
                } else if let n = b as? NSNumber {
                    #expect(Double(a) == n.doubleValue, "\(column) row \(i + 1): \(a) vs \(n)")
                } else {
                    #expect(a == "", "\(column) row \(i + 1): missing in the reference")
                }
            }
        }
    }

    @Test("baltim.shp points equal libpysal's, and feed k-nearest-neighbour weights")
    func baltimPoints() throws {
        let reference = try #require(try ShapefileReference.load().file("baltim")["points"] as? [[Double]])
        let shapefile = try Shapefile.read(from: Self.shp("baltim"))
        #expect(shapefile.shapeType == .point)
        let points = try shapefile.points()
        #expect(points.map { [$0.x, $0.y] } == reference)
        let w = try SpatialWeights.kNearestNeighbors(points: points, ids: nil, k: 4)
        #expect(w.count == 211)
    }

    @Test("nc.shp: multi-part counties are parts, the header and the code page are read")
    func ncStructure() throws {
        let s = try Shapefile.read(from: Self.shp("nc"))
        #expect(s.geometries.count == 100)
        #expect(s.shapeType == .polygon)
        #expect(abs(s.boundingBox.minX - -84.32385) < 1e-4)
        let multi = s.geometries.filter { if case .polygon(let p) = $0 { return p.count > 1 } else { return false } }
        #expect(multi.count >= 1)
        #expect(s.encoding.hasPrefix("UTF-8"))
        let features = try s.polygonFeatures(idProperty: "CNTY_ID")
        #expect(features.first?.id == "1825")
        #expect(features.first?.properties["NAME"] == "Ashe")
    }

    @Test("a polygon with a hole, a second part, a null shape, and Z/M variants")
    func synthetic() throws {
        let outer = [(0.0, 0.0), (0.0, 4.0), (4.0, 4.0), (4.0, 0.0), (0.0, 0.0)]      // clockwise
        let hole = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 1.0)]        // counter-clockwise
        let island = [(5.0, 5.0), (5.0, 6.0), (6.0, 6.0), (6.0, 5.0)]                  // clockwise, not closed
        let neighbour = [(4.0, 0.0), (4.0, 4.0), (8.0, 4.0), (8.0, 0.0), (4.0, 0.0)]
        for (type, z, m) in [(Int32(5), false, false), (15, true, true), (15, true, false), (25, false, true)] {
            let (shp, shx) = ShapefileBuilder.files(type: type, contents: [
                ShapefileBuilder.polygon(type: type, rings: [outer, hole, island], z: z, m: m),
                ShapefileBuilder.null,
                ShapefileBuilder.polygon(type: type, rings: [neighbour], z: z, m: m),
            ])
            let dbf = ShapefileBuilder.dbf(fields: [("ID", "C", 4, 0)], records: [(false, [ShapefileBuilder.text("a")]), (false, [ShapefileBuilder.text("b")]), (false, [ShapefileBuilder.text("c")])])
            for index in [shx, nil] {
                let s = try Shapefile(shp: shp, shx: index, dbf: dbf, name: "t")
                guard case .polygon(let parts) = s.geometries[0] else { Issue.record("not a polygon"); continue }
                #expect(parts.count == 2)
                #expect(parts[0].holes.count == 1)
                #expect(parts[1].exterior.count == 5)  // closed
                #expect(abs(parts[0].area - 15) < 1e-12)
                #expect(s.geometries[1] == .null)
                let w = try SpatialWeights.contiguity(s.polygonFeatures(idProperty: "ID"), rule: .rook)
                #expect(w.ids == ["a", "b", "c"])
                #expect(Array(w.neighbors(of: 0)) == [2])
                #expect(w.islandIds == ["b"])
            }
        }
    }

    @Test("a hole touching its exterior at its first vertex stays a hole")
    func touchingHole() throws {
        let outer = [(0.0, 0.0), (0.0, 4.0), (4.0, 4.0), (4.0, 0.0), (0.0, 0.0)]
        let hole = [(0.0, 2.0), (2.0, 1.0), (3.0, 2.0), (2.0, 3.0), (0.0, 2.0)]  // counter-clockwise, first vertex on the boundary
        let (shp, shx) = ShapefileBuilder.files(type: 5, contents: [ShapefileBuilder.polygon(rings: [outer, hole])])
        let dbf = ShapefileBuilder.dbf(fields: [("ID", "C", 2, 0)], records: [(false, [ShapefileBuilder.text("a")])])
        let s = try Shapefile(shp: shp, shx: shx, dbf: dbf, name: "h")
        guard case .polygon(let parts) = s.geometries.first else { Issue.record("not a polygon"); return }
        #expect(parts.count == 1)
        #expect(parts.first?.holes.count == 1)
        #expect(abs((parts.first?.area ?? 0) - 13) < 1e-12)
    }

    @Test("Point, PointZ, PointM and MultiPoint records")
    func pointTypes() throws {
        let dbf = ShapefileBuilder.dbf(fields: [("N", "N", 5, 0)], records: [(false, [ShapefileBuilder.text("1")]), (false, [ShapefileBuilder.text("2")])])
        for type in [Int32(1), 11, 21] {
            let (shp, shx) = ShapefileBuilder.files(type: type, contents: [ShapefileBuilder.point(1, 2, type: type), ShapefileBuilder.point(3, 4, type: type)])
            let s = try Shapefile(shp: shp, shx: shx, dbf: dbf, name: "p")
            #expect(try s.points() == [Point2D(1, 2), Point2D(3, 4)])
        }
        let multi = ShapefileBuilder.le32(8) + [UInt8](repeating: 0, count: 32) + ShapefileBuilder.le32(2)
            + ShapefileBuilder.le64(0) + ShapefileBuilder.le64(0) + ShapefileBuilder.le64(2) + ShapefileBuilder.le64(4)
        let (shp, shx) = ShapefileBuilder.files(type: 8, contents: [multi, ShapefileBuilder.null])
        let s = try Shapefile(shp: shp, shx: shx, dbf: dbf, name: "m")
        #expect(s.geometries[0] == .multiPoint([Point2D(0, 0), Point2D(2, 4)]))
        #expect(throws: ShapefileError.self) { try s.points() }
    }

    @Test("DBF field types: numeric blank and *-filled are missing, dates, logicals; deleted records drop their shapes")
    func dbfFieldTypes() throws {
        let t = ShapefileBuilder.text
        let dbf = ShapefileBuilder.dbf(fields: [("NAME", "C", 6, 0), ("V", "N", 8, 3), ("F", "F", 6, 2), ("D", "D", 8, 0), ("L", "L", 1, 0)], records: [
            (false, [t("x"), t("   1.500"), t("  2.25"), t("20240131"), t("T")]),
            (true, [t("gone"), t("9"), t("9"), t("20240101"), t("F")]),
            (false, [t(""), t("        "), t("******"), t("        "), t("?")]),
            (false, [t(" y "), t("  -0.000"), t("12.00"), t("00000000"), t("n")]),
        ])
        let r = try DBFReader.read(dbf, file: "a.dbf")
        #expect(r.deleted == [false, true, false, false])
        #expect(r.table.columnNames == ["NAME", "V", "F", "D", "L"])
        #expect(try r.table.strings("NAME") == ["x", "", "y"])
        #expect(try r.table.optionalNumbers("V") == [1.5, nil, 0])
        #expect(try r.table.strings("F") == ["2.25", "", "12"])
        #expect(try r.table.strings("D") == ["2024-01-31", "", ""])
        #expect(try r.table.strings("L") == ["true", "", "false"])
        let points = (0..<4).map { ShapefileBuilder.point(Double($0), 0) }
        let (shp, shx) = ShapefileBuilder.files(type: 1, contents: points)
        let s = try Shapefile(shp: shp, shx: shx, dbf: dbf, name: "a")
        #expect(s.records == [1, 3, 4])
        #expect(try s.points() == [Point2D(0, 0), Point2D(2, 0), Point2D(3, 0)])
    }

    @Test("a non-number in a numeric field names the file, record and field")
    func dbfBadNumber() throws {
        let dbf = ShapefileBuilder.dbf(fields: [("V", "N", 6, 0)], records: [(false, [ShapefileBuilder.text("1")]), (false, [ShapefileBuilder.text("1,5")])])
        do {
            _ = try DBFReader.read(dbf, file: "b.dbf")
            Issue.record("no error")
        } catch {
            #expect(error.file == "b.dbf")
            #expect(error.record == 2)
            #expect(error.field == "V")
            #expect(error.description.contains("not a number"))
        }
    }

    /// "北京", "上海", "广东省" in GBK.
    static let gbkNames: [[UInt8]] = [[0xB1, 0xB1, 0xBE, 0xA9], [0xC9, 0xCF, 0xBA, 0xA3], [0xB9, 0xE3, 0xB6, 0xAB, 0xCA, 0xA1]]

    @Test("GBK text is decoded by Foundation from a .cpg file or the language-driver byte (0x4D)")
    func gbk() throws {
        let expected = ["北京", "上海", "广东省"]
        // Foundation encodes the same bytes (GB18030 is GBK's superset).
        #expect(expected.map { $0.data(using: DBFReader.gb18030).map { [UInt8]($0) } } == Self.gbkNames)
        let records = Self.gbkNames.map { (deleted: false, cells: [$0]) }
        let plain = ShapefileBuilder.dbf(fields: [("NAME", "C", 10, 0)], records: records)
        for cpg in ["GBK", "gb2312\n", "CP936", "936", "GB18030"] {
            let r = try DBFReader.read(plain, file: "g.dbf", cpg: cpg)
            #expect(try r.table.strings("NAME") == expected, "cpg \(cpg)")
            #expect(r.encoding.hasPrefix("GB18030"))
        }
        let flagged = ShapefileBuilder.dbf(fields: [("NAME", "C", 10, 0)], records: records, languageDriver: 0x4D)
        #expect(try DBFReader.read(flagged, file: "g.dbf").table.strings("NAME") == expected)
        // Without a code page the text is not UTF-8: read as ISO-8859-1, with a warning.
        let guessed = try DBFReader.read(plain, file: "g.dbf")
        #expect(guessed.encoding.hasPrefix("ISO-8859-1"))
        #expect(!guessed.warnings.isEmpty)
        // A GBK character cut by the field width loses that character only.
        let cut = ShapefileBuilder.dbf(fields: [("NAME", "C", 5, 0)], records: [(false, [[0xB9, 0xE3, 0xB6, 0xAB, 0xCA, 0xA1]])])
        #expect(try DBFReader.read(cut, file: "g.dbf", cpg: "GBK").table.strings("NAME") == ["广东"])
        // UTF-8 names, from a .cpg or by the default.
        let utf8 = ShapefileBuilder.dbf(fields: [("NAME", "C", 10, 0)], records: expected.map { (false, [ShapefileBuilder.text($0)]) })
        #expect(try DBFReader.read(utf8, file: "u.dbf", cpg: "UTF-8").table.strings("NAME") == expected)
        #expect(try DBFReader.read(utf8, file: "u.dbf").table.strings("NAME") == expected)
        #expect(throws: ShapefileError.self) { try DBFReader.read(utf8, file: "u.dbf", cpg: "klingon") }
    }

    @Test("a GBK shapefile on disk: DataTable(contentsOf:) and Shapefile.read take the .cpg beside the .dbf")
    func gbkOnDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shp-gbk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (shp, shx) = ShapefileBuilder.files(type: 1, contents: [ShapefileBuilder.point(1, 1), ShapefileBuilder.point(2, 2), ShapefileBuilder.point(3, 3)])
        let dbf = ShapefileBuilder.dbf(fields: [("NAME", "C", 10, 0)], records: Self.gbkNames.map { (false, [$0]) })
        try Data(shp).write(to: dir.appendingPathComponent("p.shp"))
        try Data(shx).write(to: dir.appendingPathComponent("p.shx"))
        try Data(dbf).write(to: dir.appendingPathComponent("p.dbf"))
        try Data("GBK".utf8).write(to: dir.appendingPathComponent("p.cpg"))
        #expect(try DataTable(contentsOf: dir.appendingPathComponent("p.dbf")).strings("NAME") == ["北京", "上海", "广东省"])
        #expect(try Shapefile.read(from: dir.appendingPathComponent("p.shp")).attributes.strings("NAME") == ["北京", "上海", "广东省"])
    }
}

@Suite("Shapefile corruption")
struct ShapefileCorruptionTests {
    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: Fixtures.url(path))) }

    @Test("truncating the .shp, .shx or .dbf of columbus and nc at many offsets gives a typed error, never a trap", arguments: ["columbus", "nc"])
    func truncation(name: String) throws {
        let shp = try Self.bytes("data/shapefiles/\(name).shp"), shx = try Self.bytes("data/shapefiles/\(name).shx"), dbf = try Self.bytes("data/shapefiles/\(name).dbf")
        func offsets(_ n: Int) -> [Int] { Array(Set(Array(0..<min(n, 40)) + stride(from: 0, to: n, by: max(1, n / 60)).map { $0 } + [n - 1])).sorted() }
        for k in offsets(shp.count) {
            #expect(throws: ShapefileError.self, "shp cut at \(k)") { try Shapefile(shp: Array(shp.prefix(k)), shx: shx, dbf: dbf, name: name) }
            #expect(throws: ShapefileError.self, "shp cut at \(k), no shx") { try Shapefile(shp: Array(shp.prefix(k)), shx: nil, dbf: dbf, name: name) }
        }
        for k in offsets(shx.count) {
            #expect(throws: ShapefileError.self, "shx cut at \(k)") { try Shapefile(shp: shp, shx: Array(shx.prefix(k)), dbf: dbf, name: name) }
        }
        // The last byte of a .dbf may be the optional end-of-file mark (0x1A).
        let dbfEnd = dbf.last == 0x1A ? dbf.count - 1 : dbf.count
        for k in offsets(dbfEnd) {
            do {
                _ = try Shapefile(shp: shp, shx: shx, dbf: Array(dbf.prefix(k)), name: name)
                Issue.record("dbf cut at \(k): no error")
            } catch {
                #expect(error.file == "\(name).dbf")
                #expect(!error.fix.isEmpty)
            }
        }
    }

    @Test("overwriting bytes of the fixtures at many offsets parses or throws a typed error, never traps", arguments: ["columbus", "nc", "baltim"])
    func corruption(name: String) throws {
        let shp = try Self.bytes("data/shapefiles/\(name).shp"), shx = try Self.bytes("data/shapefiles/\(name).shx"), dbf = try Self.bytes("data/shapefiles/\(name).dbf")
        var rng = SplitMix(seed: 14)
        var errors = 0, parsed = 0
        func run(_ shp: [UInt8], _ shx: [UInt8]?, _ dbf: [UInt8]) {
            do {
                let s = try Shapefile(shp: shp, shx: shx, dbf: dbf, name: name)
                if s.shapeType == .point { _ = try s.points() } else { _ = try s.polygonFeatures() }
                parsed += 1
            } catch { errors += 1 }
        }
        let values: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x2A, 0x0D, 0x20, 0x41]
        for _ in 0..<120 {
            var a = shp, b = shx, c = dbf
            switch rng.next() % 3 {
            case 0: a[Int(rng.next() % UInt64(a.count))] = values[Int(rng.next() % UInt64(values.count))]
            case 1: b[Int(rng.next() % UInt64(b.count))] = values[Int(rng.next() % UInt64(values.count))]
            default: c[Int(rng.next() % UInt64(c.count))] = values[Int(rng.next() % UInt64(values.count))]
            }
            run(a, b, c)
            run(a, nil, c)
        }
        #expect(errors + parsed == 240)
        #expect(errors > 0)
    }
}

/// A small deterministic generator for the corruption test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ShapefileDocsExampleTests {
    @Test("the Shapefiles example of Docs/Weights.md runs (with the fixture's URL)")
    func weightsGuideExample() throws {
        let url = Fixtures.url("data/shapefiles/columbus.shp")
        let shapefile = try Shapefile.read(from: url)
        let w = try SpatialWeights.contiguity(shapefile.polygonFeatures(idProperty: "POLYID"), rule: .queen).transformed(.row)
        let crime = try shapefile.attributes.numbers("CRIME")
        let knn = try SpatialWeights.kNearestNeighbors(points: shapefile.points(), ids: w.ids, k: 4)
        #expect(w.count == 49 && crime.count == 49 && knn.count == 49)
        #expect(w.diagnostics.summary.contains("236"))
    }
}
