import Foundation

/// The Moran scatterplot (Anselin 1996) as SVG: the standardised variable against its standardised spatial lag,
/// quadrant lines at zero numbered I (HH), II (LH), III (LL), IV (HL), and the least-squares line through the
/// origin, whose slope `sum z Wz / sum z^2` equals Moran's I for row-standardised W. Each axis is fitted to its
/// data (nice ticks, 0 always inside), and labels are placed so that none overlaps another label, a point or a
/// quadrant caption (``LabelPlacement``); those that cannot be placed are left out and counted in a note.
///
/// Reference: Anselin, L. (1996), The Moran scatterplot as an ESDA tool to assess local instability in spatial
/// association, in *Spatial Analytical Perspectives on GIS*, Taylor & Francis.
public struct MoranScatterplot: Sendable {
    /// The units' ids, in the order of ``values``.
    public let ids: [String]
    /// The standardised variable `z_i` (horizontal axis).
    public let values: [Double]
    /// The spatial lag of the standardised variable, `(W z)_i` (vertical axis).
    public let lags: [Double]
    /// The slope of the least-squares line through the origin, `sum z Wz / sum z^2` (Moran's I for row-standardised
    /// W).
    public let slope: Double
    /// The plot's title.
    public var title: String
    /// The horizontal axis's label.
    public var xLabel: String
    /// The vertical axis's label.
    public var yLabel: String
    /// Units to label on the plot (default: none; `labelAll` labels every point).
    public var labels: Set<String> = []
    /// Label every point with its id (or its ``displayNames`` entry).
    public var labelAll = false
    /// Text drawn for a labelled unit instead of its id (e.g. region names).
    public var displayNames: [String: String] = [:]

    /// Builds the plot data from a variable and weights (standardised with the n - 1 divisor).
    public init(_ x: [Double], weights: SpatialWeights, variable: String = "x", title: String? = nil) throws(ExploratoryError) {
        _ = try ExploratoryInput(x, weights, allowIslands: true)
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let z = x.map { ($0 - mean) / sd }
        let lag = (try? weights.matrix.multiply(z)) ?? []
        ids = weights.ids
        values = z
        lags = lag
        slope = zip(z, lag).reduce(0) { $0 + $1.0 * $1.1 } / z.reduce(0) { $0 + $1 * $1 }
        self.title = title ?? "Moran scatterplot of \(variable) (I = \(Format.fixed(slope)))"
        xLabel = "\(variable) (standardised)"
        yLabel = "spatial lag of \(variable) (standardised)"
    }

    /// One axis: its limits (nice numbers holding every finite value and 0) and its ticks.
    struct Axis: Sendable, Equatable {
        let lower: Double, upper: Double
        let ticks: [Double]
    }

    /// An axis fitted to `v`: the range of the finite values and 0, padded by 5%, widened to the nice ticks around it.
    static func axis(_ v: [Double]) -> Axis {
        let finite = v.filter { $0.isFinite && abs($0) < .greatestFiniteMagnitude / 8 }
        var lo = min(finite.min() ?? -1, 0), hi = max(finite.max() ?? 1, 0)
        if hi - lo <= 0 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.05
        lo -= pad; hi += pad
        let inner = niceTicks(lo, hi)
        guard inner.count >= 2 else { return Axis(lower: lo, upper: hi, ticks: inner) }
        let step = inner[1] - inner[0]
        let lower = min(lo, inner[0]) < inner[0] ? inner[0] - step : inner[0]
        let upper = max(hi, inner[inner.count - 1]) > inner[inner.count - 1] ? inner[inner.count - 1] + step : inner[inner.count - 1]
        let ticks = (lower < inner[0] ? [lower] : []) + inner + (upper > inner[inner.count - 1] ? [upper] : [])
        return Axis(lower: lower, upper: upper, ticks: ticks.map { abs($0) < step * 1e-9 ? 0 : $0 })
    }

    /// The x (variable) and y (lag) axes.
    var axes: (x: Axis, y: Axis) { (Self.axis(values), Self.axis(lags)) }

    /// The plot's geometry at a canvas size: the plot area, the pixel of a (value, lag) pair, the quadrant captions'
    /// boxes and the labels placed (``LabelPlacement``: most extreme points first, by distance from the origin).
    struct Geometry {
        let plot: BoundingBox
        let x: Axis, y: Axis
        let captions: [(text: String, box: BoundingBox, anchorX: Double, baseline: Double, anchor: String)]
        let labels: LabelPlacement
        func px(_ v: Double) -> Double { plot.minX + (v - x.lower) / (x.upper - x.lower) * plot.width }
        func py(_ v: Double) -> Double { plot.minY + (y.upper - v) / (y.upper - y.lower) * plot.height }
    }

    func geometry(width: Double, height: Double) -> Geometry {
        let left = 70.0, right = 25.0, top = 45.0, bottom = 72.0
        let plot = BoundingBox(minX: left, minY: top, maxX: max(left + 10, width - right), maxY: max(top + 10, height - bottom))
        let (ax, ay) = axes
        let shell = Geometry(plot: plot, x: ax, y: ay, captions: [], labels: LabelPlacement(labels: [], obstacles: [], points: [], pointRadius: 4, bounds: plot, size: 9))
        var captions = [(text: String, box: BoundingBox, anchorX: Double, baseline: Double, anchor: String)]()
        for (text, right, upper) in [("I (HH)", true, true), ("II (LH)", false, true), ("III (LL)", false, false), ("IV (HL)", true, false)] {
            let w = MapLayout.textWidth(text, size: 12)
            let ax = right ? plot.maxX - 8 : plot.minX + 8
            let base = upper ? plot.minY + 18 : plot.maxY - 10
            let box = BoundingBox(minX: right ? ax - w : ax, minY: base - 11, maxX: right ? ax : ax + w, maxY: base + 3)
            captions.append((text, box, ax, base, right ? "end" : "start"))
        }
        let points = values.indices.map { i -> (x: Double, y: Double) in
            i < lags.count && values[i].isFinite && lags[i].isFinite ? (shell.px(values[i]), shell.py(lags[i])) : (-1e9, -1e9)
        }
        let wanted = values.indices.filter { i in i < lags.count && values[i].isFinite && lags[i].isFinite && (labelAll || labels.contains(ids[i])) }
        let order = wanted.sorted { a, b in
            let da = values[a] * values[a] + lags[a] * lags[a], db = values[b] * values[b] + lags[b] * lags[b]
            return da != db ? da > db : ids[a] < ids[b]
        }
        let placement = LabelPlacement(labels: order.map { (index: $0, text: displayNames[ids[$0]] ?? ids[$0], x: points[$0].x, y: points[$0].y) },
                                       obstacles: captions.map(\.box), points: points, pointRadius: 4, bounds: plot, size: 9)
        return Geometry(plot: plot, x: ax, y: ay, captions: captions, labels: placement)
    }

    /// The SVG document. Axes are fitted to the data (nice ticks, each axis holding 0, where the quadrant lines
    /// are); labels are placed without overlap and a label that finds no free place is left out, said in a note.
    public func svg(width: Double = 560, height: Double = 520) -> String {
        var d = SVGDocument(width: width, height: height)
        let g = geometry(width: width, height: height)
        let p = g.plot
        d.rect(p.minX, p.minY, p.width, p.height, fill: "#fbfbfb", stroke: "#444")
        func tickText(_ t: Double, _ step: Double) -> String { Format.fixed(t, step >= 1 ? 0 : step >= 0.1 ? 1 : 2) }
        let xStep = g.x.ticks.count > 1 ? g.x.ticks[1] - g.x.ticks[0] : 1, yStep = g.y.ticks.count > 1 ? g.y.ticks[1] - g.y.ticks[0] : 1
        for t in g.x.ticks {
            d.line(g.px(t), p.maxY, g.px(t), p.maxY + 5, stroke: "#444")
            d.text(tickText(t, xStep), g.px(t), p.maxY + 18, size: 11, anchor: "middle")
        }
        for t in g.y.ticks {
            d.line(p.minX - 5, g.py(t), p.minX, g.py(t), stroke: "#444")
            d.text(tickText(t, yStep), p.minX - 8, g.py(t) + 4, size: 11, anchor: "end")
        }
        d.line(g.px(0), p.minY, g.px(0), p.maxY, stroke: "#888", dash: "4 3")
        d.line(p.minX, g.py(0), p.maxX, g.py(0), stroke: "#888", dash: "4 3")
        for c in g.captions {
            d.text(c.text, c.anchorX, c.baseline, size: 12, anchor: c.anchor, weight: "bold", fill: "#666")
        }
        // Fitted line through the origin, clipped to the plot: x where slope * x stays within the y limits.
        if slope.isFinite {
            var x0 = g.x.lower, x1 = g.x.upper
            if slope != 0 {
                let a = g.y.lower / slope, b = g.y.upper / slope
                x0 = max(x0, min(a, b)); x1 = min(x1, max(a, b))
            }
            if x1 > x0 { d.line(g.px(x0), g.py(slope * x0), g.px(x1), g.py(slope * x1), stroke: "#b2182b", width: 1.6) }
        }
        let colors: [Quadrant: String] = [.highHigh: MapPlot.clusterColors["HH"] ?? "#ff0000", .lowHigh: MapPlot.clusterColors["LH"] ?? "#9696ff",
                                          .lowLow: MapPlot.clusterColors["LL"] ?? "#0000ff", .highLow: MapPlot.clusterColors["HL"] ?? "#ff9696"]
        for i in values.indices where i < lags.count && values[i].isFinite && lags[i].isFinite {
            let quad = Quadrant(value: values[i], lag: lags[i])
            d.circle(g.px(values[i]), g.py(lags[i]), 4, fill: colors[quad] ?? "#999", title: "\(ids[i]): (\(Format.fixed(values[i])), \(Format.fixed(lags[i])))")
        }
        for l in g.labels.placed { d.text(l.text, l.x, l.y, size: 9, fill: "#333") }
        d.text(title, width / 2, 26, size: 15, anchor: "middle", weight: "bold")
        d.text(xLabel, p.minX + p.width / 2, p.maxY + 38, size: 12, anchor: "middle")
        d.text(yLabel, 20, p.minY + p.height / 2, size: 12, anchor: "middle", rotate: -90)
        if !g.labels.skipped.isEmpty {
            let n = g.labels.skipped.count, of = g.labels.skipped.count + g.labels.placed.count
            d.text("\(n) of \(of) labels left out where they would overlap another label or point",
                   p.minX, height - 10, size: 10, fill: "#555")
        }
        return d.rendered
    }
}
