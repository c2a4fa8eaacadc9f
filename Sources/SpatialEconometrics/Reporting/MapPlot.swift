import Foundation

/// Maps of polygon units as SVG (Foundation only): choropleths of a variable and LISA cluster maps.
///
/// Geographic coordinates (degrees: from a `.prj`, ``coordinateSystem``, or else all within longitude/latitude
/// bounds) are drawn in an equirectangular projection with the x axis scaled by `cos(phi0)`, `phi0` the centre
/// latitude of the map's extent, so shapes keep their aspect near the map's centre; projected coordinates are drawn
/// as they are. The map is fitted into the canvas with its aspect ratio kept, north up, and the canvas is as tall
/// as the map needs (``MapLayout``).
///
/// Every map has a north arrow and a scale bar of a round length (1, 2 or 5 x 10^k km). For degrees the bar uses
/// 111.32 km per degree of latitude and `111.32 cos(phi0)` per degree of longitude: it is true at the map's centre
/// latitude (and north-south everywhere). A note under the map says which kind of coordinates was assumed and why.
/// The legend, the inset, the arrow and the bar sit in a band beside the map (below it for a map more than twice as
/// wide as tall), never over the polygons.
///
/// ```swift
/// var map = MapPlot(features: try PolygonFeature.fromGeoJSON(contentsOf: url, idProperty: "id"))
/// map.inset = ["21"]                      // Hainan, drawn in its own framed panel
/// let svg = map.choropleth(values, title: "GDP per capita, 2022")
/// ```
///
/// Only finite vertices are drawn, and the frame is that of the exterior rings: a NaN vertex is left out, and a
/// vertex far outside the frame (a hole at 1e300) is drawn clamped off the canvas.
public struct MapPlot: Sendable {
    /// The polygons drawn, each by its `id`.
    public let features: [PolygonFeature]
    /// The canvas width in pixels; the height follows from the map's aspect ratio plus the title, legend and note
    /// bands (no blank margin).
    public var width: Double = 720
    /// The tallest the map itself may be; a region taller than wide is drawn narrower instead.
    public var maximumMapHeight: Double = 640
    /// What the coordinates measure (a shapefile's `.prj`: ``Shapefile/coordinateSystem``, ``MapJoin/coordinateSystem``);
    /// ``CoordinateReferenceSystem/unknown`` decides by the coordinates' range. The map's note says which was used.
    public var coordinateSystem: CoordinateReferenceSystem = .unknown
    /// Units drawn in a framed inset panel at their own scale (e.g. islands far from the mainland) and left out of
    /// the main frame's extent. Ids that match no feature are ignored; an inset holding every unit is not drawn.
    public var inset: Set<String> = []
    /// A caption written in the inset's frame (e.g. "Hainan"); `nil`: none.
    public var insetCaption: String?

    /// A map of `features`.
    public init(features: [PolygonFeature]) { self.features = features }

    /// How a choropleth cuts values into classes.
    public enum Classification: String, Sendable, Codable {
        /// Equal numbers of units per class.
        case quantile
        /// Equal-width intervals between the minimum and the maximum.
        case equalInterval = "equal-interval"
    }

    /// ColorBrewer YlOrRd (sequential), 3 to 7 classes (Brewer, Harrower & Penn State 2002).
    static func palette(_ k: Int) -> [String] {
        let all = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"]
        switch k {
        case ...3: return ["#ffeda0", "#feb24c", "#f03b20"]
        case 4: return ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"]
        case 5: return ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
        case 6: return ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"]
        default: return all
        }
    }

    /// The colours of the LISA cluster map, GeoDa's: HH red (255, 0, 0), LL blue (0, 0, 255), LH light blue
    /// (150, 150, 255), HL pink (255, 150, 150), not significant light grey (240, 240, 240).
    public static let clusterColors: [String: String] = [
        "HH": "#ff0000", "LL": "#0000ff", "LH": "#9696ff", "HL": "#ff9696", "not significant": "#f0f0f0",
    ]

    /// A choropleth of `values` keyed by unit id; units without a value are hatched grey ("no data").
    public func choropleth(_ values: [String: Double], title: String, classes: Int = 5, classification: Classification = .quantile,
                           digits: Int = 2) -> String {
        let k = max(3, min(7, classes))
        let sorted = values.values.filter(\.isFinite).sorted()
        var breaks = [Double]()
        if let lo = sorted.first, let hi = sorted.last {
            switch classification {
            case .quantile:
                breaks = (1..<k).map { q in sorted[min(sorted.count - 1, Int((Double(q) / Double(k) * Double(sorted.count)).rounded(.up)) - 1)] }
            case .equalInterval:
                breaks = (1..<k).map { lo + (hi - lo) * Double($0) / Double(k) }
            }
            breaks = [lo] + breaks + [hi]
        }
        let colors = Self.palette(k)
        func classOf(_ v: Double) -> Int {
            for c in 1..<breaks.count where v <= breaks[c] { return c - 1 }
            return max(0, breaks.count - 2)
        }
        var fills = [String: String]()
        for (id, v) in values where v.isFinite { fills[id] = colors[min(colors.count - 1, classOf(v))] }
        var legend = [(String, String)]()
        if breaks.count >= 2 {
            for c in 0..<(breaks.count - 1) {
                let count = sorted.filter { classOf($0) == c }.count
                legend.append((colors[min(colors.count - 1, c)], "\(Format.fixed(breaks[c], digits)) – \(Format.fixed(breaks[c + 1], digits))  (\(count))"))
            }
        }
        if features.contains(where: { values[$0.id] == nil }) { legend.append(("#cccccc", "no data")) }
        let note = classification == .quantile ? "quantile classes" : "equal-interval classes"
        return render(fills: fills, title: title, legend: legend, note: note, tooltip: { id in values[id].map { "\(id): \($0)" } ?? "\(id): no data" })
    }

    /// A categorical map: one label per unit id, coloured by `colors` (legend in `order`, with counts).
    public func categories(_ labels: [String: String], colors: [String: String], order: [String], title: String, note: String = "") -> String {
        var fills = [String: String]()
        for (id, l) in labels { fills[id] = colors[l] ?? "#cccccc" }
        var legend = order.map { l in (colors[l] ?? "#cccccc", "\(l)  (\(labels.values.filter { $0 == l }.count))") }
        if features.contains(where: { labels[$0.id] == nil }) { legend.append(("#cccccc", "no data")) }
        return render(fills: fills, title: title, legend: legend, note: note, tooltip: { id in "\(id): \(labels[id] ?? "no data")" })
    }

    /// The LISA cluster map: HH, LL, LH, HL at level `alpha` (after `adjustment`), the rest "not significant".
    public func lisaClusters(_ lisa: LocalMoran, alpha: Double = 0.05, adjustment: PValueAdjustment = .none, title: String) -> String {
        let labels = Dictionary(zip(lisa.units.map(\.id), lisa.clusters(alpha: alpha, adjustment: adjustment)), uniquingKeysWith: { a, _ in a })
        let source = lisa.permutations > 0 ? "\(lisa.permutations) conditional permutations" : "analytical (\(lisa.varianceKind.rawValue)) p-values"
        let adj = adjustment == .none ? "" : ", \(adjustment.rawValue) adjusted"
        return categories(labels, colors: Self.clusterColors, order: ["HH", "LL", "LH", "HL", "not significant"], title: title,
                          note: "p ≤ \(Format.fixed(alpha, 2)) (\(source)\(adj))")
    }

    /// The bivariate LISA cluster map (``BivariateLocalMoran``): HH, LL, LH, HL of x against the lag of y at level
    /// `alpha` (after `adjustment`), the rest "not significant".
    public func lisaClusters(_ lisa: BivariateLocalMoran, alpha: Double = 0.05, adjustment: PValueAdjustment = .none, title: String) -> String {
        let labels = Dictionary(zip(lisa.units.map(\.id), lisa.clusters(alpha: alpha, adjustment: adjustment)), uniquingKeysWith: { a, _ in a })
        let source = lisa.permutations > 0 ? "\(lisa.permutations) conditional permutations" : "analytical (conditional) p-values"
        let adj = adjustment == .none ? "" : ", \(adjustment.rawValue) adjusted"
        return categories(labels, colors: Self.clusterColors, order: ["HH", "LL", "LH", "HL", "not significant"], title: title,
                          note: "bivariate: x against the lag of y; p ≤ \(Format.fixed(alpha, 2)) (\(source)\(adj))")
    }

    /// The colours of the local Geary cluster map, GeoDa's: HH dark red (178, 24, 43), LL salmon (239, 138, 98),
    /// other positive pale pink (253, 219, 199), negative blue (103, 173, 199), not significant light grey; the
    /// multivariate map's "positive" takes the HH red.
    public static let gearyColors = ["HH": "#b2182b", "LL": "#ef8a62", "other positive": "#fddbc7", "positive": "#b2182b",
                              "negative": "#67adc7", "not significant": "#f0f0f0"]

    /// The local Geary cluster map (``LocalGeary``, univariate or multivariate) at the level it was computed with.
    public func localGearyClusters(_ geary: LocalGeary, title: String) -> String {
        let labels = Dictionary(zip(geary.units.map(\.id), geary.units.map(\.cluster.rawValue)), uniquingKeysWith: { a, _ in a })
        let order = geary.variableCount > 1 ? ["positive", "negative", "not significant"]
            : ["HH", "LL", "other positive", "negative", "not significant"]
        let what = geary.variableCount > 1 ? "multivariate (\(geary.variableCount) variables)" : "univariate"
        return categories(labels, colors: Self.gearyColors, order: order, title: title,
                          note: "\(what); p < \(Format.fixed(geary.alpha, 2)) (\(geary.permutations) conditional permutations)")
    }

    /// The colours of the local join count map: significant cores red (GeoDa's HH), units with joins but not
    /// significant pale pink, units without joins light grey.
    public static let joinCountColors = ["cluster": "#ff0000", "not significant": "#fddbc7", "no joins": "#f0f0f0"]

    /// The local join count map (``LocalJoinCounts``): significant clusters, units with joins not significant, and
    /// units without joins.
    public func localJoinCounts(_ joins: LocalJoinCounts, alpha: Double = 0.05, title: String) -> String {
        let labels = Dictionary(zip(joins.units.map(\.id), joins.clusters(alpha: alpha)), uniquingKeysWith: { a, _ in a })
        return categories(labels, colors: Self.joinCountColors,
                          order: ["cluster", "not significant", "no joins"], title: title,
                          note: "\(joins.kind.rawValue); one-sided p ≤ \(Format.fixed(alpha, 2)) (\(joins.permutations) conditional permutations)")
    }

    /// The finite vertices of the exterior rings of `features`, as one box (`nil`: no finite vertex). A NaN vertex
    /// is skipped, and a hole far outside its polygon (invalid, but found in real files) does not shrink the map.
    static func extent(_ features: [PolygonFeature]) -> BoundingBox? {
        let boxes = features.compactMap { f in BoundingBox(points: f.parts.flatMap { $0.exterior.filter(\.isFinite) }) }
        guard var bb = boxes.first else { return nil }
        for b in boxes.dropFirst() { bb = bb.union(b) }
        return bb
    }

    /// How the coordinates measure length, and why: ``coordinateSystem`` when known, else degrees when every
    /// coordinate is within longitude/latitude bounds (and the extent is wider than half a degree), else projected
    /// metres (assumed).
    func coordinateKind(_ bb: BoundingBox) -> (geographic: Bool, unitMetres: Double, reason: String) {
        switch coordinateSystem {
        case .geographic:
            return (true, 1, "scale: degrees (from .prj)")
        case .projected(let u):
            return (false, u, "scale: \(coordinateSystem.description) (from .prj)")
        case .unknown:
            if bb.minX >= -180 && bb.maxX <= 180 && bb.minY >= -90 && bb.maxY <= 90 && bb.width > 0.5 {
                return (true, 1, "scale: degrees assumed (no coordinate system given; every coordinate within longitude/latitude bounds)")
            }
            return (false, 1, "scale: coordinates assumed projected, metres (no coordinate system given)")
        }
    }

    /// The layout of a map with these legend labels and notes, the features drawn in the main frame and in the
    /// inset, and the notes (the coordinates' note first); `nil` when no feature has a finite vertex.
    func layout(legend: [String], note: String) -> (layout: MapLayout, main: [PolygonFeature], inset: [PolygonFeature], notes: [String])? {
        var mainFeatures = features.filter { !inset.contains($0.id) }
        var insetFeatures = features.filter { inset.contains($0.id) }
        // An inset needs units on both sides with vertices; otherwise every unit is drawn in the main frame.
        if Self.extent(mainFeatures) == nil || Self.extent(insetFeatures) == nil {
            mainFeatures = features
            insetFeatures = []
        }
        guard let all = Self.extent(features), let mainExtent = Self.extent(mainFeatures) else { return nil }
        let kind = coordinateKind(all)
        let insetExtent = Self.extent(insetFeatures)
        var crsNote = kind.reason
        if kind.geographic {
            let phi = (mainExtent.minY + mainExtent.maxY) / 2
            crsNote += "; equirectangular, scale true at the centre latitude \(Format.fixed(abs(phi), 1))°\(phi < 0 ? "S" : "N")"
        }
        if insetExtent != nil {
            crsNote += "; the inset\(insetCaption.map { " (\($0))" } ?? "") is drawn at its own scale"
        }
        let notes = [crsNote] + (note.isEmpty ? [] : [note])
        let layout = MapLayout(mainExtent: mainExtent, insetExtent: insetExtent, geographic: kind.geographic, unitMetres: kind.unitMetres,
                               legend: legend, notes: notes, width: width, maximumMapHeight: maximumMapHeight,
                               insetCaption: insetExtent == nil ? nil : insetCaption)
        return (layout, mainFeatures, insetFeatures, notes)
    }

    /// Draws the features with the given fill per id, a title, a legend, the inset, the north arrow, the scale bar
    /// and the notes, each in its own place (``MapLayout``).
    /// `overlay` draws over the main frame's polygons in its projection (e.g. the centre of gravity's path).
    func render(fills: [String: String], title: String, legend: [(String, String)], note: String, tooltip: (String) -> String,
                overlay: ((inout SVGDocument, MapProjection) -> Void)? = nil) -> String {
        guard let (layout, mainFeatures, insetFeatures, _) = layout(legend: legend.map(\.1), note: note) else {
            var d = SVGDocument(width: width, height: 120)
            d.text(title, width / 2, 28, size: 16, anchor: "middle", weight: "bold")
            d.text("no polygon has a finite vertex", width / 2, 70, size: 12, anchor: "middle", fill: "#444")
            return d.rendered
        }
        var d = SVGDocument(width: layout.width, height: layout.height)
        func draw(_ features: [PolygonFeature], _ p: MapProjection) {
            for f in features { d.path(Self.svgPath(f, p), fill: fills[f.id] ?? "#cccccc", stroke: "#555", width: 0.4, title: tooltip(f.id)) }
        }
        draw(mainFeatures, layout.main)
        overlay?(&d, layout.main)
        d.text(title, layout.width / 2, layout.titleY, size: 16, anchor: "middle", weight: "bold")
        for (k, (color, label)) in legend.enumerated() {
            let (x, y) = layout.legendEntry(k)
            d.rect(x, y, MapLayout.legendSwatch, 14, fill: color, stroke: "#555")
            d.text(label, x + MapLayout.legendSwatch + 8, y + 11, size: MapLayout.legendFont)
        }
        if let frame = layout.insetFrame, let p = layout.inset {
            d.rect(frame.minX, frame.minY, frame.width, frame.height, fill: "#ffffff", stroke: "#444")
            draw(insetFeatures, p)
            if let caption = insetCaption { d.text(caption, frame.minX + 6, frame.minY + 13, size: 10, fill: "#333") }
            if let bar = layout.insetScaleBar {
                drawScaleBar(&d, bar, x: frame.minX + 8, y: frame.maxY - 12, size: 9)
            }
        }
        drawNorthArrow(&d, layout.northArrowBox)
        if let bar = layout.scaleBar {
            drawScaleBar(&d, bar, x: layout.scaleBarOrigin.x, y: layout.scaleBarOrigin.y, size: 11)
        }
        for (line, y) in zip(layout.noteLines, layout.noteY) { d.text(line, MapLayout.margin, y, size: MapLayout.noteFont, fill: "#444") }
        return d.rendered
    }

    /// The SVG path of a feature's finite rings in projection `p` (rings with fewer than three finite vertices left out).
    static func svgPath(_ f: PolygonFeature, _ p: MapProjection) -> String {
        var path = ""
        for part in f.parts {
            for ring in part.rings {
                let finite = ring.filter(\.isFinite)
                guard finite.count >= 3 else { continue }
                path += "M" + finite.map { q in
                    let (x, y) = p.pixel(q)
                    return SVGDocument.number(x) + "," + SVGDocument.number(y)
                }.joined(separator: "L") + "Z"
            }
        }
        return path
    }

    /// A north arrow filling `box`: an "N" over a two-tone arrowhead pointing up (north is up on every map drawn here).
    func drawNorthArrow(_ d: inout SVGDocument, _ box: BoundingBox) {
        let cx = (box.minX + box.maxX) / 2, top = box.minY + 16, bottom = box.maxY, half = box.width / 2 - 2
        let n = SVGDocument.number
        d.text("N", cx, box.minY + 12, size: 13, anchor: "middle", weight: "bold")
        let mid = bottom - (bottom - top) * 0.3
        d.path("M\(n(cx)),\(n(top))L\(n(cx - half)),\(n(bottom))L\(n(cx)),\(n(mid))Z", fill: "#222", stroke: "#222", width: 0.8)
        d.path("M\(n(cx)),\(n(top))L\(n(cx + half)),\(n(bottom))L\(n(cx)),\(n(mid))Z", fill: "#ffffff", stroke: "#222", width: 0.8)
    }

    /// A scale bar whose left end is at `(x, y)` (the bar's bottom edge): two alternating halves, "0" under the
    /// left end, the length under the right one.
    func drawScaleBar(_ d: inout SVGDocument, _ bar: ScaleBar, x: Double, y: Double, size: Double) {
        let h = size >= 11 ? 6.0 : 4.0
        d.rect(x, y - h, bar.pixels / 2, h, fill: "#222", stroke: "#222")
        d.rect(x + bar.pixels / 2, y - h, bar.pixels / 2, h, fill: "#ffffff", stroke: "#222")
        d.text("0", x, y + size + 1, size: size, anchor: "middle")
        d.text(bar.label, x + bar.pixels, y + size + 1, size: size, anchor: "middle")
    }
}
