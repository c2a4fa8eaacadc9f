import Foundation

/// The Moran scatterplot (Anselin 1996) as SVG: the standardised variable against its standardised spatial lag,
/// quadrant lines at zero numbered I (HH), II (LH), III (LL), IV (HL), and the least-squares line through the
/// origin, whose slope `sum z Wz / sum z^2` equals Moran's I for row-standardised W.
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

    /// The SVG document.
    public func svg(width: Double = 560, height: Double = 520) -> String {
        var d = SVGDocument(width: width, height: height)
        let left = 70.0, right = 25.0, top = 45.0, bottom = 60.0
        let pw = width - left - right, ph = height - top - bottom
        // Finite points only: a constant variable (sd 0) gives NaN scores, which are not drawn.
        let largest = (values + lags).filter(\.isFinite).map(abs).max() ?? 0
        let ext = largest > 0 && largest < .greatestFiniteMagnitude / 2 ? largest * 1.1 : 1
        let xs = niceTicks(-ext, ext), lo = min(-ext, xs.first ?? -ext), hi = max(ext, xs.last ?? ext)
        func px(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * pw }
        func py(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * ph }
        d.rect(left, top, pw, ph, fill: "#fbfbfb", stroke: "#444")
        for t in xs {
            d.line(px(t), top + ph, px(t), top + ph + 5, stroke: "#444")
            d.text(Format.fixed(t, t == t.rounded() ? 0 : 1), px(t), top + ph + 18, size: 11, anchor: "middle")
            d.line(left - 5, py(t), left, py(t), stroke: "#444")
            d.text(Format.fixed(t, t == t.rounded() ? 0 : 1), left - 8, py(t) + 4, size: 11, anchor: "end")
        }
        d.line(px(0), top, px(0), top + ph, stroke: "#888", dash: "4 3")
        d.line(left, py(0), left + pw, py(0), stroke: "#888", dash: "4 3")
        let q: [(String, Double, Double)] = [("I (HH)", hi, hi), ("II (LH)", lo, hi), ("III (LL)", lo, lo), ("IV (HL)", hi, lo)]
        for (label, qx, qy) in q {
            d.text(label, px(qx) + (qx > 0 ? -8 : 8), py(qy) + (qy > 0 ? 18 : -10), size: 12, anchor: qx > 0 ? "end" : "start", weight: "bold", fill: "#666")
        }
        let colors: [Quadrant: String] = [.highHigh: "#d7191c", .lowHigh: "#abd9e9", .lowLow: "#2c7bb6", .highLow: "#fdae61"]
        for i in values.indices where i < lags.count && values[i].isFinite && lags[i].isFinite {
            let quad = Quadrant(value: values[i], lag: lags[i])
            d.circle(px(values[i]), py(lags[i]), 4, fill: colors[quad] ?? "#999", title: "\(ids[i]): (\(Format.fixed(values[i])), \(Format.fixed(lags[i])))")
            if labelAll || labels.contains(ids[i]) { d.text(displayNames[ids[i]] ?? ids[i], px(values[i]) + 5, py(lags[i]) - 5, size: 9, fill: "#333") }
        }
        // Fitted line through the origin, clipped to the plot.
        if slope.isFinite {
            let x0 = abs(slope) > 1 ? lo / abs(slope) : lo, x1 = -x0
            d.line(px(x0), py(slope * x0), px(x1), py(slope * x1), stroke: "#b2182b", width: 1.6)
        }
        d.text(title, width / 2, 26, size: 15, anchor: "middle", weight: "bold")
        d.text(xLabel, left + pw / 2, height - 18, size: 12, anchor: "middle")
        d.text(yLabel, 20, top + ph / 2, size: 12, anchor: "middle", rotate: -90)
        return d.rendered
    }
}
