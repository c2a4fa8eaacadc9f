import Foundation

/// Maps of polygon units as SVG (Foundation only): choropleths of a variable and LISA cluster maps.
///
/// Geographic coordinates (all within longitude/latitude bounds) are drawn in an equirectangular projection with
/// the x axis scaled by `cos(mean latitude)`, so shapes keep their aspect near the map's centre; planar coordinates
/// are drawn as they are. The map is fitted into the canvas with its aspect ratio kept, north up.
///
/// Only finite vertices are drawn, and the frame is that of the exterior rings: a NaN vertex is left out, and a
/// vertex far outside the frame (a hole at 1e300) is drawn clamped off the canvas.
public struct MapPlot: Sendable {
    /// The polygons drawn, one feature per value of the plotting methods.
    public let features: [PolygonFeature]
    /// The SVG's width in pixels (default 720).
    public var width: Double = 720
    /// The SVG's height in pixels (default 560).
    public var height: Double = 560

    /// A map of the given polygons (in the order of the values the plotting methods take).
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

    /// The colours of the LISA cluster map (GeoDa's convention).
    public static let clusterColors: [String: String] = [
        "HH": "#d7191c", "LL": "#2c7bb6", "LH": "#abd9e9", "HL": "#fdae61", "not significant": "#eeeeee",
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

    /// Draws the features with the given fill per id, a title, a legend and a note.
    func render(fills: [String: String], title: String, legend: [(String, String)], note: String, tooltip: (String) -> String) -> String {
        var d = SVGDocument(width: width, height: height)
        let legendWidth = 210.0, margin = 16.0, top = 48.0
        // The frame comes from the finite vertices of the exterior rings: a NaN vertex is skipped, and a hole far
        // outside its polygon (invalid, but found in real files) does not shrink the map to a dot.
        let boxes = features.compactMap { f in BoundingBox(points: f.parts.flatMap { $0.exterior.filter(\.isFinite) }) }
        guard var bb = boxes.first else { return d.rendered }
        for b in boxes.dropFirst() { bb = bb.union(b) }
        let geographic = bb.minX >= -180 && bb.maxX <= 180 && bb.minY >= -90 && bb.maxY <= 90 && bb.width > 0.5
        let xScale = geographic ? cos((bb.minY + bb.maxY) / 2 * .pi / 180) : 1
        let mapW = width - legendWidth - 2 * margin, mapH = height - top - margin - 24
        let s = min(mapW / max(bb.width * xScale, 1e-300), mapH / max(bb.height, 1e-300))
        let offX = margin + (mapW - bb.width * xScale * s) / 2, offY = top + (mapH - bb.height * s) / 2
        func px(_ p: Point2D) -> String {
            SVGDocument.number(offX + (p.x - bb.minX) * xScale * s) + "," + SVGDocument.number(offY + (bb.maxY - p.y) * s)
        }
        for f in features {
            var path = ""
            for part in f.parts {
                for ring in part.rings {
                    let finite = ring.filter(\.isFinite)
                    guard finite.count >= 3 else { continue }
                    path += "M" + finite.map(px).joined(separator: "L") + "Z"
                }
            }
            d.path(path, fill: fills[f.id] ?? "#cccccc", stroke: "#555", width: 0.4, title: tooltip(f.id))
        }
        d.text(title, width / 2, 28, size: 16, anchor: "middle", weight: "bold")
        let lx = width - legendWidth - margin + 10
        var ly = top + 10
        for (color, label) in legend {
            d.rect(lx, ly, 18, 14, fill: color, stroke: "#555")
            d.text(label, lx + 26, ly + 11, size: 12)
            ly += 22
        }
        if !note.isEmpty { d.text(note, margin, height - 10, size: 11, fill: "#444") }
        return d.rendered
    }
}
