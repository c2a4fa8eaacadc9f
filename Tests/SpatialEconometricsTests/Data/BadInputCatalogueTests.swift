import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SpatialEconometrics

/// The bad-input catalogue: inputs a hostile but realistic user fed to `spatial` (the 2026-12-01 audit,
/// `Fixtures/reliability/PROVENANCE.md`), each with the behaviour the package must keep: a specific typed error
/// or message fragment (where the input is wrong), or the exact result (where it is valid).
///
/// Organised by input class, one `// MARK: -` and one parameterised `@Test` (or a few plain ones) per class:
/// data tables (CSV), weights files, GeoJSON, output writers (SVG). Add a class as a new section (pairing data to
/// weights, panels and models are to come); add a case to a class as a new row of its table.
@Suite struct BadInputCatalogueTests {
    /// What a case must give.
    enum Expected: Sendable {
        /// Exactly this error.
        case data(DataError)
        /// An error whose description contains every fragment.
        case message([String])
        /// The file reads, with the columbus CRIME column exactly.
        case columbusCrime
    }

    /// One catalogue row: a file under `Fixtures/reliability/`, the column used, and the expected outcome.
    struct TableCase: Sendable, CustomTestStringConvertible {
        let file: String, column: String, expected: Expected
        init(_ file: String, column: String = "CRIME", _ expected: Expected) { self.file = file; self.column = column; self.expected = expected }
        var testDescription: String { file }
    }

    static func url(_ file: String) -> URL { Fixtures.url("reliability/" + file) }

    /// The error thrown by `body` (typed), or `nil`.
    static func failure<E: Error, T>(_ body: () throws(E) -> T) -> E? {
        do { _ = try body(); return nil } catch { return error }
    }

    // MARK: - Data tables (CSV)

    static let tableCases: [TableCase] = [
        // Misreadings fixed: hexadecimal cells were read as 26, CR-only line ends as one header row.
        TableCase("csv/hex_y.csv", .data(.notNumeric(column: "CRIME", row: 10, value: "0x1A"))),
        TableCase("csv/hex_x.csv", column: "INC", .data(.notNumeric(column: "INC", row: 10, value: "0x1A"))),
        TableCase("csv/cr_only.csv", .columbusCrime),
        // Handled well (keep them so).
        TableCase("csv/empty.csv", .data(.malformed(source: "empty.csv", line: 1, reason: "empty file (a header row is required)"))),
        TableCase("csv/ragged_short.csv", .data(.malformed(source: "ragged_short.csv", line: 6, reason: "21 fields, the header has 23"))),
        TableCase("csv/ragged_long.csv", .data(.malformed(source: "ragged_long.csv", line: 6, reason: "24 fields, the header has 23"))),
        TableCase("csv/bom.csv", .columbusCrime),
        TableCase("csv/crlf.csv", .columbusCrime),
        TableCase("csv/quoted_comma.csv", .columbusCrime),
        TableCase("csv/quoted_newline.csv", .columbusCrime),
        TableCase("csv/semicolon.csv", .message(["no column 'CRIME'", "separated by semicolons"])),
        TableCase("csv/deccomma_comma.csv", .data(.malformed(source: "deccomma_comma.csv", line: 2, reason: "35 fields, the header has 23"))),
        TableCase("csv/deccomma_semi.csv", .message(["deccomma_semi.csv, line 2: 13 fields, the header has 1", "semicolons"])),
        TableCase("csv/deccomma_quoted.csv", .data(.notNumeric(column: "CRIME", row: 1, value: "15,72598"))),
        TableCase("csv/deccomma_quoted.csv", .message(["column 'CRIME', row 1", "decimal commas are not read"])),
        TableCase("csv/dupcol.csv", .data(.duplicateColumn("CRIME"))),
        TableCase("csv/nan_y.csv", .data(.nonFinite(column: "CRIME", row: 10))),
        TableCase("csv/inf_y.csv", .data(.nonFinite(column: "CRIME", row: 10))),
        TableCase("csv/text_y.csv", .data(.notNumeric(column: "CRIME", row: 10, value: "abc"))),
        TableCase("csv/latin1.csv", .message(["latin1.csv", "cannot read file as UTF-8 text"])),
    ]

    @Test(arguments: tableCases)
    func dataTable(_ c: TableCase) throws {
        let result = Result { () throws(DataError) in try DataTable(contentsOf: Self.url(c.file)).numbers(c.column) }
        switch (c.expected, result) {
        case (.data(let expected), .failure(let error)):
            #expect(error == expected, "\(error)")
        case (.message(let fragments), .failure(let error)):
            for f in fragments { #expect(error.description.contains(f), "'\(error)' should contain '\(f)'") }
        case (.columbusCrime, .success(let values)):
            #expect(values == (try Columbus.crime()))
        default:
            Issue.record("\(c.file): expected \(c.expected), got \(result)")
        }
    }

    /// Every cell of the CR-only file reads as the LF original; the BOM is not part of the first column's name;
    /// quoted commas and line breaks stay inside their cell.
    @Test func validVariantsReadExactly() throws {
        let original = try Columbus.table()
        for file in ["csv/cr_only.csv", "csv/bom.csv", "csv/crlf.csv"] {
            let t = try DataTable(contentsOf: Self.url(file))
            #expect(t.columnNames == original.columnNames, "\(file)")
            #expect(t.cells == original.cells, "\(file)")
        }
        #expect(try DataTable(contentsOf: Self.url("csv/quoted_comma.csv")).strings("NEIGNO_rowname")[2] == "Name, with comma")
        let newline = try DataTable(contentsOf: Self.url("csv/quoted_newline.csv"))
        let names = try newline.strings("NEIGNO_rowname")
        #expect(newline.rowCount == 49 && names[2] == "Name\nwith newline")
        // A line break inside quotes in a CR-only file: still one cell, and the next record's line number counts it.
        let cr = try DataTable(csv: "id,x\r\"a\rb\",1\rc,oops\r")
        #expect(try cr.strings("id") == ["a\rb", "c"])
        #expect(Self.failure { () throws(DataError) in try cr.numbers("x") } == .notNumeric(column: "x", row: 2, value: "oops"))
        // Header only: a table of no rows (the CLI then reports 0 rows against the weights' 49 units).
        let header = try DataTable(contentsOf: Self.url("csv/header_only.csv"))
        let crime = try header.numbers("CRIME")
        #expect(header.rowCount == 0 && header.columnNames.count == 23 && crime.isEmpty)
    }

    /// Decimal notation only: what `Double(String)` accepts beyond it is not a number; non-finite words and
    /// overflow are read as non-finite (and rejected by `numbers`), missing markers (empty, NA, N/A, `.`) stay missing.
    @Test(arguments: ["0x1A", "0X1a", "0x1p3", "1_000", "1e", "e5", "--1", "+-1", "-.", "1.2.3", "nan(0x1)", "infinit", "0b101", "1d", "12abc"])
    func notDecimalIsNotANumber(_ cell: String) {
        #expect(CSVReader.number(cell) == nil, "\(cell)")
        let t = try? DataTable(csv: "x\n1\n\(cell)\n")
        #expect(Self.failure { () throws(DataError) in try t?.numbers("x") } == .notNumeric(column: "x", row: 2, value: cell), "\(cell)")
    }

    @Test func decimalNotationReads() throws {
        for (text, value) in [("26", 26.0), ("-2e-3", -0.002), ("+1.5", 1.5), (".5", 0.5), ("2.", 2), ("1E+5", 1e5), (" 7 ", 7), ("-0", 0)] {
            #expect(CSVReader.number(text) == value, "\(text)")
        }
        for word in ["NaN", "nan", "inf", "-inf", "Infinity", "-INFINITY", "1e400"] {
            #expect(CSVReader.number(word).map { !$0.isFinite } == true, "\(word)")
            let t = try DataTable(csv: "x\n1\n\(word)\n")
            #expect(Self.failure { () throws(DataError) in try t.numbers("x") } == .nonFinite(column: "x", row: 2), "\(word)")
        }
        let missing = try DataTable(csv: "x,y\nNA,1\n,1\n.,1\nN/A,1\n1,1\n")
        #expect(try missing.optionalNumbers("x") == [nil, nil, nil, nil, 1])
    }

    // MARK: - Weights files (GAL, GWT, CSV)

    /// One weights-file row: the file, the 1-based line the error names, and a fragment of the message, or the
    /// typed error without its location where the kind of error matters.
    struct WeightsCase: Sendable, CustomTestStringConvertible {
        let file: String, line: Int, fragment: String, kind: WeightsError?
        init(_ file: String, line: Int, _ fragment: String, kind: WeightsError? = nil) {
            self.file = file; self.line = line; self.fragment = fragment; self.kind = kind
        }
        var testDescription: String { file }
    }

    static let weightsCases: [WeightsCase] = [
        WeightsCase("w/trunc_mid.gal", line: 51, "unit '25' declares 8 neighbours on line 50 but this line lists 3"),
        WeightsCase("w/trunc_lastline.gal", line: 98, "unit '49' declares 3 neighbours but the file ends (truncated file?)"),
        WeightsCase("w/unknown_nb.gal", line: 9, "unknown id '999'"),
        WeightsCase("w/selflink.gal", line: 9, "unit '4' is listed as its own neighbour", kind: .selfNeighbor("4")),
        WeightsCase("w/dup_unit.gal", line: 100, "duplicate id '1'", kind: .duplicateId("1")),
        WeightsCase("w/empty.gal", line: 1, "empty file: a GAL header"),
        WeightsCase("w/hdr_only.gal", line: 1, "the header declares 49 units but only 0 lines follow"),
        WeightsCase("w/header_n_wrong.gal", line: 99, "unexpected end of file after 49 of the 50 units declared in the header"),
        WeightsCase("w/negN.gal", line: 1, "negative number of units (-5)"),
        WeightsCase("w/nan.gwt", line: 7, "invalid weight nan for pair ('3', '1')"),
        WeightsCase("w/neg.gwt", line: 7, "invalid weight -1.0 for pair ('3', '1')", kind: .invalidWeight(from: "3", to: "1", value: -1)),
        WeightsCase("w/inf.gwt", line: 7, "invalid weight inf for pair ('3', '1')", kind: .invalidWeight(from: "3", to: "1", value: .infinity)),
        WeightsCase("w/island.gwt", line: 1, "the header declares 49 units but the file names 48 distinct ids; pass ids:"),
    ]

    @Test(arguments: weightsCases)
    func weightsFile(_ c: WeightsCase) throws {
        guard let error = Self.failure({ () throws(WeightsError) in try SpatialWeights.read(from: Self.url(c.file)) }) else {
            Issue.record("\(c.file) was accepted"); return
        }
        let name = URL(fileURLWithPath: c.file).lastPathComponent
        #expect(error.description.hasPrefix("\(name), line \(c.line): "), "\(error)")
        #expect(error.description.contains(c.fragment), "\(error)")
        if let kind = c.kind { #expect(error.withoutLocation == kind, "\(error)") }
    }

    /// CRLF, BOM and CR-only weights files read as the LF original, in every text format.
    @Test func lineEndsAndBOMInWeightsFiles() throws {
        let galURL = Fixtures.url("data/columbus/columbus_queen.gal")
        let gal = try SpatialWeights.read(from: galURL)
        for file in ["w/crlf.gal", "w/bom.gal"] {
            let w = try SpatialWeights.read(from: Self.url(file))
            #expect(w.ids == gal.ids && w.matrix == gal.matrix, "\(file)")
        }
        let galText = try String(contentsOf: galURL, encoding: .utf8)
        #expect(try GALFormat.read(galText.replacingOccurrences(of: "\n", with: "\r")).matrix == gal.matrix)
        let inverse = try gal.transformed(.row)
        for format in [WeightsFileFormat.gwt, .tripletsCSV, .denseCSV] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let written = dir.appendingPathComponent(format == .gwt ? "w.gwt" : "w.csv")
            try inverse.write(to: written, format: format)
            let crOnly = dir.appendingPathComponent(format == .gwt ? "cr.gwt" : "cr.csv")
            try String(contentsOf: written, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r")
                .write(to: crOnly, atomically: true, encoding: .utf8)
            let back = try SpatialWeights.read(from: crOnly, format: format)
            #expect(back.ids == inverse.ids && back.matrix == inverse.matrix, "\(format)")
        }
    }

    /// A hexadecimal weight is not read as a number (it was 26 through `Double(String)`).
    @Test func hexWeightIsNotANumber() {
        let gwt = Self.failure { () throws(WeightsError) in try GWTFormat.read("0 2 t id\na b 0x1A\nb a 1\n", source: "t.gwt") }
        #expect(gwt?.description.hasPrefix("t.gwt, line 2: ") == true && gwt?.description.contains("'0x1A'") == true, "\(String(describing: gwt))")
        let dense = Self.failure { () throws(WeightsError) in try DenseCSVFormat.read("id,a,b\na,0,0x1A\nb,1,0\n", source: "t.csv") }
        #expect(dense?.description.contains("'0x1A' is not a number") == true, "\(String(describing: dense))")
    }

    // MARK: - Data matched to weights

    /// Duplicate ids in the data's id column are named when the weights are matched to it.
    @Test func duplicateDataIdsAreNamed() throws {
        let ids = try DataTable(contentsOf: Self.url("csv/dup_id.csv")).strings("POLYID")
        let error = Self.failure { () throws(WeightsError) in try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal"), ids: ids) }
        #expect(error?.withoutLocation == .duplicateId("48"), "\(String(describing: error))")
    }

    /// A bad cell found while dropping incomplete units is named by its row in the input table, not by its place in
    /// the weights' (canonical) order; the row map carries a ``DataError``'s rows to those of the table it came from.
    @Test func cellsFoundWhileDroppingAreNamedByTheirInputRow() throws {
        var lines = try String(contentsOf: Self.url("csv/text_y.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        lines.reverse()   // POLYID 10 (CRIME 'abc', file row 10) is now row 40; it is unit 10 of the weights
        let table = try DataTable(csv: ([header] + lines).joined(separator: "\n"))
        let paired = try PairedData(table: table, weights: SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal")))
        let error = Self.failure { () throws(DataError) in try paired.droppingMissing(in: ["INC", "CRIME"]) }
        #expect(error == .notNumeric(column: "CRIME", row: 40, value: "abc"), "\(String(describing: error))")
        #expect(DataError.duplicateId(column: "id", id: "a", rows: [3, 1]).mappingRows { [7, 8, 9][$0 - 1] }
                == .duplicateId(column: "id", id: "a", rows: [7, 9]))
        #expect(DataError.malformed(source: "f", line: 3, reason: "r").mappingRows { $0 + 100 } == .malformed(source: "f", line: 3, reason: "r"))
    }

    // MARK: - GeoJSON

    struct GeoJSONCase: Sendable, CustomTestStringConvertible {
        let file: String, fragment: String, kind: WeightsError?
        init(_ file: String, _ fragment: String, kind: WeightsError? = nil) { self.file = file; self.fragment = fragment; self.kind = kind }
        var testDescription: String { file }
    }

    static let geoJSONCases: [GeoJSONCase] = [
        // Fixed: a NaN coordinate (as Python's json writes it) was "not valid JSON" with no feature named.
        GeoJSONCase("g/nan_coord.geojson", "feature index 3 ('4'), Polygon, ring 0, position 1: non-finite coordinate (NaN)"),
        GeoJSONCase("g/empty.geojson", "the collection has no features"),
        GeoJSONCase("g/trunc.geojson", "not valid JSON"),
        GeoJSONCase("g/null_geom.geojson", "feature index 3 ('4') has no geometry"),
        GeoJSONCase("g/point_geom.geojson", "feature index 3 ('4'): geometry type 'Point' is not Polygon or MultiPolygon"),
        GeoJSONCase("g/string_coord.geojson", "feature index 3 ('4'), Polygon, ring 0, position 1: non-numeric coordinate"),
        GeoJSONCase("g/missing_id.geojson", "feature index 3 has no property 'POLYID' for the id"),
        GeoJSONCase("g/dup_id.geojson", "duplicate id '3'", kind: .duplicateId("3")),
        GeoJSONCase("g/degenerate_ring.geojson", "feature index 3 ('4'), Polygon, ring 0 has 2 positions; a ring needs at least 4"),
        GeoJSONCase("g/empty_coords.geojson", "feature index 3 ('4'), Polygon: empty polygon (no ring)"),
    ]

    @Test(arguments: geoJSONCases)
    func geoJSON(_ c: GeoJSONCase) {
        guard let error = Self.failure({ () throws(WeightsError) in try PolygonFeature.fromGeoJSON(contentsOf: Self.url(c.file), idProperty: "POLYID") }) else {
            Issue.record("\(c.file) was accepted"); return
        }
        #expect(error.description.contains(c.fragment), "\(error)")
        if let kind = c.kind { #expect(error == kind, "\(error)") }
    }

    /// Infinity and overflow are named like NaN; a NaN property is kept as text; nesting too deep is refused.
    @Test func nonFiniteGeoJSONVariants() throws {
        let text = try String(contentsOf: Self.url("g/nan_coord.geojson"), encoding: .utf8)
        for (token, shown) in [("-Infinity", "-Infinity"), ("1e999", "1e999"), ("Infinity", "Infinity")] {
            let e = Self.failure { () throws(WeightsError) in
                try PolygonFeature.fromGeoJSON(Data(text.replacingOccurrences(of: "NaN", with: token).utf8), idProperty: "POLYID")
            }
            #expect(e?.description.contains("feature index 3 ('4'), Polygon, ring 0, position 1: non-finite coordinate (\(shown))") == true,
                    "\(String(describing: e))")
        }
        let square = #"{"type":"Feature","properties":{"id":"a","v":NaN,"s":"NaN"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#
        let f = try PolygonFeature.fromGeoJSON(Data(square.utf8), idProperty: "id")
        #expect(f.first?.properties["v"] == "NaN" && f.first?.properties["s"] == "NaN")
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = Self.failure { () throws(WeightsError) in try PolygonFeature.fromGeoJSON(Data(("{\"type\":\"Polygon\",\"coordinates\":" + deep + "}").utf8)) }
        #expect(e?.description.contains("not valid JSON") == true, "\(String(describing: e))")
    }

    // MARK: - Output writers (SVG)

    /// A polygon with a hole at 1e300 and a NaN vertex trapped in `Int(Double)` in the SVG writer; now the map
    /// renders as XML, the far vertex is clamped off the canvas, the NaN vertex is left out.
    @Test func mapWithFarHoleAndNaNVertex() throws {
        let square = [Point2D(0, 0), Point2D(1, 0), Point2D(1, 1), Point2D(0, 1), Point2D(0, 0)]
        let far = [Point2D(1e300, 1e300), Point2D(1e300 + 1e285, 1e300), Point2D(1e300, -1e300), Point2D(1e300, 1e300)]
        let withNaN = [Point2D(2, 0), Point2D(3, 0), Point2D(.nan, 0.5), Point2D(3, 1), Point2D(2, 1), Point2D(2, 0)]
        let features = [PolygonFeature(id: "a", properties: [:], parts: [Polygon(exterior: square, holes: [far])]),
                        PolygonFeature(id: "b", properties: [:], parts: [Polygon(exterior: withNaN)]),
                        PolygonFeature(id: "c", properties: [:], parts: [Polygon(exterior: [Point2D(-.infinity, 0), Point2D(.nan, .nan), Point2D(0, .infinity)])])]
        let map = MapPlot(features: features)
        let svg = map.choropleth(["a": 1, "b": 2, "c": 3], title: "far hole")
        _ = try XMLDocument(xmlString: svg)
        #expect(!svg.lowercased().contains("nan") && !svg.contains("inf"))
        #expect(svg.contains("10000000"))  // the hole, clamped to 1e7
        let numbers = svg.split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
        #expect(numbers.allSatisfy { abs($0) <= SVGDocument.limit })
        // The squares fill the frame: their vertices are on the canvas.
        #expect(svg.contains("<path d=\"M"))
        let lisa = map.categories(["a": "HH"], colors: MapPlot.clusterColors, order: ["HH"], title: "t")
        _ = try XMLDocument(xmlString: lisa)
    }

    @Test func svgNumberCannotTrap() {
        for x in [1e300, -1e300, Double.greatestFiniteMagnitude, 9.3e18, -9.3e18, .nan, .infinity, -.infinity] {
            let s = SVGDocument.number(x)
            #expect(Double(s).map { abs($0) <= SVGDocument.limit } == true, "\(x) -> \(s)")
        }
        #expect(SVGDocument.number(12.345) == "12.35" && SVGDocument.number(3) == "3" && SVGDocument.number(-0.004) == "0")
        #expect(ComputationProgress.duration(1e300) == "over 10^9 h")
    }
}
