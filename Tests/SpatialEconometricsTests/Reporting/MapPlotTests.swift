import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SpatialEconometrics

/// Maps for papers: scale bar, north arrow, the coordinates' note, the inset panel, the legend's band and the canvas
/// height.
@Suite struct MapPlotTests {
    static func china() throws -> [PolygonFeature] {
        try PolygonFeature.fromGeoJSON(contentsOf: Fixtures.url("data/china31/provinces.geojson"), idProperty: "id")
    }
    static func nc() throws -> [PolygonFeature] {
        try PolygonFeature.fromShapefile(contentsOf: Fixtures.url("data/shapefiles/nc.shp"), idProperty: "FIPSNO")
    }
    /// The first capture group of every match of `pattern` in `text`.
    static func captures(_ pattern: String, _ text: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    /// The interiors of two pixel boxes meet.
    static func overlap(_ a: BoundingBox, _ b: BoundingBox) -> Bool {
        a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY
    }

    /// Every unit in one category "A": the legend is "A  (31)", the note empty.
    static func categories(_ map: MapPlot) -> String {
        map.categories(Dictionary(uniqueKeysWithValues: map.features.map { ($0.id, "A") }), colors: ["A": "#fff"], order: ["A"], title: "t")
    }

    static let legend = ["HH (3)", "LL (6)", "LH (0)", "HL (0)", "not significant (22)"]

    /// The bar's length is its kilometres times the projection's pixels per kilometre, a round 1, 2 or 5 x 10^k,
    /// and the pixels per kilometre follow from the drawn frame: 111.32 cos(phi0) km per degree of longitude.
    @Test func scaleBarLengthIsItsKilometresAtTheMapScale() throws {
        let map = MapPlot(features: try Self.china())
        let layout = try #require(map.layout(legend: ["A  (31)"], note: "")).layout
        let bar = try #require(layout.scaleBar)
        #expect(abs(bar.pixels - bar.kilometres * layout.main.pixelsPerKilometre) <= 1e-9)
        let e = layout.main.extent, phi = (e.minY + e.maxY) / 2
        let kmWide = e.width * cos(phi * .pi / 180) * 111.32
        #expect(abs(layout.mainFrame.width / kmWide - layout.main.pixelsPerKilometre) <= 1e-9 * layout.main.pixelsPerKilometre)
        let mantissa = bar.kilometres / pow(10, floor(log10(bar.kilometres)))
        #expect([1.0, 2, 5].contains { abs(mantissa - $0) < 1e-9 })
        #expect(bar.label == "1000 km")
        // The drawn halves add up to the bar.
        let svg = Self.categories(map)
        #expect(svg.contains(">1000 km</text>") && svg.contains(">N</text>"))
        _ = try XMLDocument(xmlString: svg)
        let halves = Self.captures(##"<rect x="[^"]*" y="[^"]*" width="([^"]*)" height="[^"]*" fill="[^"]*" stroke="#222"/>"##, svg).compactMap(Double.init)
        #expect(halves.count == 2 && abs(halves.reduce(0, +) - bar.pixels) <= 0.02)
    }

    /// Projected coordinates: one unit is `unitMetres`; 10,000 US survey feet wide.
    @Test func projectedScaleBar() throws {
        let square = [Point2D(0, 0), Point2D(10_000, 0), Point2D(10_000, 8_000), Point2D(0, 8_000), Point2D(0, 0)]
        var map = MapPlot(features: [PolygonFeature(id: "a", properties: [:], parts: [Polygon(exterior: square)])])
        let feet = 1200.0 / 3937.0
        map.coordinateSystem = .projected(unitMetres: feet)
        let (layout, _, _, notes) = try #require(map.layout(legend: ["a"], note: ""))
        let bar = try #require(layout.scaleBar)
        #expect(abs(layout.main.pixelsPerKilometre - layout.main.scale * 1000 / feet) <= 1e-12 * layout.main.pixelsPerKilometre)
        #expect(abs(bar.pixels - bar.kilometres * layout.main.pixelsPerKilometre) <= 1e-9)
        #expect(bar.kilometres == 0.5 && bar.label == "500 m")  // 3.05 km over about 540 px: 0.5 km is the longest round bar in the band
        #expect(notes[0] == "scale: projected, US survey feet (from .prj)")
        // Unknown and out of longitude/latitude bounds: metres, said to be assumed.
        map.coordinateSystem = .unknown
        let assumed = try #require(map.layout(legend: ["a"], note: ""))
        #expect(assumed.notes[0] == "scale: coordinates assumed projected, metres (no coordinate system given)")
        #expect(abs(assumed.layout.main.pixelsPerKilometre - assumed.layout.main.scale * 1000) <= 1e-9)
    }

    @Test func noteSaysWhereDegreesCameFrom() throws {
        var map = MapPlot(features: try Self.nc())
        #expect(try #require(map.layout(legend: [], note: "")).notes[0].hasPrefix("scale: degrees assumed (no coordinate system given"))
        map.coordinateSystem = try Shapefile.read(from: Fixtures.url("data/shapefiles/nc.shp")).coordinateSystem
        let note = try #require(map.layout(legend: [], note: "")).notes[0]
        #expect(note.hasPrefix("scale: degrees (from .prj); equirectangular, scale true at the centre latitude 35.2°N"), "\(note)")
    }

    /// Hainan (21) in the inset: its vertices are inside the inset's frame, the main extent leaves it out, and the
    /// inset is drawn where nothing else is.
    @Test func insetUnitsInTheirFrameAndOutOfTheMainExtent() throws {
        var map = MapPlot(features: try Self.china())
        map.inset = ["21"]
        map.insetCaption = "Hainan"
        let (layout, main, inset, _) = try #require(map.layout(legend: Self.legend, note: "n"))
        #expect(inset.map(\.id) == ["21"] && main.count == 30)
        let frame = try #require(layout.insetFrame), p = try #require(layout.inset)
        let hainan = inset[0].parts.flatMap { $0.rings.flatMap { $0 } }
        for v in hainan {
            let (x, y) = p.pixel(v)
            #expect(x >= frame.minX && x <= frame.maxX && y >= frame.minY && y <= frame.maxY)
            #expect(!(v.x >= layout.main.extent.minX && v.x <= layout.main.extent.maxX && v.y >= layout.main.extent.minY && v.y <= layout.main.extent.maxY))
        }
        #expect(layout.main.extent == MapPlot.extent(main))
        for other in [layout.mainFrame, layout.legendBox, layout.northArrowBox] { #expect(!Self.overlap(frame, other)) }
        // Its own scale: larger than the main map's, with its own bar.
        #expect(p.pixelsPerKilometre > layout.main.pixelsPerKilometre)
        let bar = try #require(layout.insetScaleBar)
        #expect(abs(bar.pixels - bar.kilometres * p.pixelsPerKilometre) <= 1e-9)
        // The path titled "21: ..." is drawn inside the frame.
        let svg = map.choropleth(["21": 1, "19": 2], title: "t")
        let path = try #require(Self.captures(#"<path d="([^"]*)"[^>]*><title>21: "#, svg).first)
        let numbers = path.split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count > 10)
        for k in stride(from: 0, to: numbers.count - 1, by: 2) {
            #expect(numbers[k] >= frame.minX - 0.01 && numbers[k] <= frame.maxX + 0.01 && numbers[k + 1] >= frame.minY - 0.01 && numbers[k + 1] <= frame.maxY + 0.01)
        }
        // Unknown ids are ignored; an inset of every unit is not drawn.
        map.inset = ["no such id"]
        #expect(try #require(map.layout(legend: [], note: "")).layout.insetFrame == nil)
        map.inset = Set((1...31).map(String.init))
        #expect(try #require(map.layout(legend: [], note: "")).layout.insetFrame == nil)
    }

    /// The legend, the inset, the arrow and the bar never meet the map; beside a compact map, below a wide one.
    @Test(arguments: [false, true])
    func legendClearOfTheMap(wide: Bool) throws {
        var map = MapPlot(features: wide ? try Self.nc() : try Self.china())
        map.inset = wide ? ["37055"] : ["21"]
        let layout = try #require(map.layout(legend: Self.legend + ["no data"], note: "a note")).layout
        let bar = try #require(layout.scaleBar)
        let barBox = BoundingBox(minX: layout.scaleBarOrigin.x - 10, minY: layout.scaleBarOrigin.y - 6,
                                 maxX: layout.scaleBarOrigin.x + bar.pixels + 30, maxY: layout.scaleBarOrigin.y + 13)
        let parts = [layout.mainFrame, layout.legendBox, try #require(layout.insetFrame), layout.northArrowBox, barBox]
        for i in parts.indices {
            #expect(parts[i].minX >= 0 && parts[i].maxX <= layout.width && parts[i].minY >= MapLayout.titleBand && parts[i].maxY <= layout.height, "part \(i)")
            for j in parts.indices where j > i { #expect(!Self.overlap(parts[i], parts[j]), "parts \(i) and \(j)") }
        }
        if wide { #expect(layout.legendBox.minY > layout.mainFrame.maxY) } else { #expect(layout.legendBox.minX > layout.mainFrame.maxX) }
        for k in 0..<6 {
            let (x, y) = layout.legendEntry(k)
            #expect(x >= layout.legendBox.minX && y + MapLayout.legendSwatch <= layout.legendBox.maxY + 1e-9)
        }
    }

    /// A legend too wide for the side band goes below the map, inside the canvas.
    @Test func wideLegendGoesBelow() throws {
        let map = MapPlot(features: try Self.china())
        let long = ["a legend label long enough to take more than two fifths of the canvas (12)", "short (3)"]
        var withInset = map
        withInset.inset = ["21"]
        for m in [map, withInset] {
            let layout = try #require(m.layout(legend: long, note: "")).layout
            #expect(layout.legendBox.minY > layout.mainFrame.maxY && layout.legendBox.maxX <= layout.width)
            let parts = [layout.mainFrame, layout.legendBox, layout.northArrowBox] + (layout.insetFrame.map { [$0] } ?? [])
            for i in parts.indices { for j in parts.indices where j > i { #expect(!Self.overlap(parts[i], parts[j]), "parts \(i) and \(j)") } }
            #expect(layout.height >= layout.scaleBarOrigin.y + 20)
        }
        if let dir = ProcessInfo.processInfo.environment["SPATIAL_SVG_OUT"] {
            let labels = Dictionary(uniqueKeysWithValues: withInset.features.map { ($0.id, Int($0.id) ?? 0 <= 12 ? long[0] : long[1]) })
            try withInset.categories(labels, colors: [long[0]: "#fdae61", long[1]: "#2c7bb6"], order: long, title: "A wide legend")
                .write(toFile: dir + "/map_wide_legend.svg", atomically: true, encoding: .utf8)
        }
    }

    /// The canvas is as tall as the map's aspect ratio asks, plus the title band and the notes: no blank band.
    @Test func canvasHeightFollowsTheAspectRatio() throws {
        let map = MapPlot(features: try Self.china())
        let layout = try #require(map.layout(legend: Self.legend, note: "p ≤ 0.05")).layout
        let f = layout.mainFrame
        let aspect = MapProjection.aspect(layout.main.extent, geographic: true)
        #expect(abs(f.width / f.height - aspect) <= 1e-9 * aspect)
        #expect(f.minY == MapLayout.titleBand)
        let body = max(f.maxY, layout.scaleBarOrigin.y + 20)
        #expect(abs(layout.height - (body + 4 + Double(layout.noteLines.count) * MapLayout.noteLine + 10)) <= 1e-9)
        // The map fills the width left by the side band.
        #expect(abs(f.minX - MapLayout.margin) <= 1e-9 && f.maxX > layout.width * 0.6)
        let svg = map.categories(Dictionary(uniqueKeysWithValues: (1...31).map { ("\($0)", "A") }), colors: ["A": "#fff"], order: ["A"],
                                 title: "t", note: "p ≤ 0.05")
        let same = try #require(map.layout(legend: ["A  (31)"], note: "p ≤ 0.05")).layout
        #expect(svg.contains("height=\"\(SVGDocument.number(same.height))\""))
        // A square region: a taller canvas than China's.
        let square = [Point2D(0, 0), Point2D(1000, 0), Point2D(1000, 1000), Point2D(0, 1000), Point2D(0, 0)]
        let tall = try #require(MapPlot(features: [PolygonFeature(id: "a", properties: [:], parts: [Polygon(exterior: square)])]).layout(legend: ["a"], note: "")).layout
        #expect(abs(tall.mainFrame.width - tall.mainFrame.height) <= 1e-9 && tall.height > layout.height)
    }

    @Test func scaleBarRoundLengths() {
        #expect(ScaleBar(pixelsPerKilometre: 0.1, maximumPixels: 130)?.kilometres == 1000)
        #expect(ScaleBar(pixelsPerKilometre: 0.1, maximumPixels: 250)?.kilometres == 2000)
        #expect(ScaleBar(pixelsPerKilometre: 1, maximumPixels: 99)?.kilometres == 50)
        #expect(ScaleBar(pixelsPerKilometre: 1000, maximumPixels: 130)?.label == "100 m")
        for bad in [0, -1, .nan, .infinity] { #expect(ScaleBar(pixelsPerKilometre: bad, maximumPixels: 100) == nil) }
    }
}
