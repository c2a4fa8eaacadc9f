import Foundation

extension MapPlot {
    /// The centre of gravity's migration over the map: the polygons in light grey, the standard deviational ellipse
    /// of each period (colour from blue, the first period, to red, the last), the weighted mean centres joined by
    /// arrows per period, and, because a centre moves little at the scale of a country, the path again in a
    /// magnified frame in the corner of the map that covers the fewest polygon vertices (its own scale bar in the distance unit). North arrow and
    /// scale bar as every ``MapPlot``.
    ///
    /// The centres and ellipses must be in the polygons' coordinates (degrees with
    /// ``CentreOfGravity/Coordinates/degrees``; the ellipses' km axes are drawn through the local equirectangular
    /// plane at each centre, the plane ``StandardDeviationalEllipse`` computed them in).
    public func gravity(_ centre: CentreOfGravity, ellipses: StandardDeviationalEllipse? = nil, title: String? = nil) -> String {
        let periods = ellipses?.ellipses ?? []
        func hue(_ i: Int, _ n: Int) -> String { CentreOfGravity.periodColour(i, of: n) }
        var legend: [(String, String)] = [("#c00000", "centre of gravity, \(centre.centres.first?.period ?? "") → \(centre.centres.last?.period ?? "")")]
        if let first = periods.first { legend.append((hue(0, periods.count), "ellipse \(first.period)")) }
        if periods.count > 1, let last = periods.last { legend.append((hue(periods.count - 1, periods.count), "ellipse \(last.period)")) }
        let fills = Dictionary(features.map { ($0.id, "#f1f1ee") }, uniquingKeysWith: { a, _ in a })
        let note = "path: \(SVGDocument.number(centre.totalDistance)) \(centre.distanceUnit) in \(centre.steps.count) steps"
            + (ellipses == nil ? "" : "; ellipses: ArcGIS Directional Distribution (one standard deviation, weighted, sqrt 2)")
        let outlines = periods.map { CentreOfGravity.outline($0, coordinates: centre.coordinates) }
        let points = centre.centres.map { Point2D(x: $0.x, y: $0.y) }
        func arrow(_ d: inout SVGDocument, _ a: (x: Double, y: Double), _ b: (x: Double, y: Double), head: Double) {
            d.line(a.x, a.y, b.x, b.y, stroke: "#c00000", width: 1.4)
            let len = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            guard len > 1e-9 else { return }
            let ux = (b.x - a.x) / len, uy = (b.y - a.y) / len, h = Swift.min(head, len * 0.6)
            let n = SVGDocument.number
            d.path("M\(n(b.x)),\(n(b.y))L\(n(b.x - h * ux + h * 0.45 * uy)),\(n(b.y - h * uy - h * 0.45 * ux))"
                   + "L\(n(b.x - h * ux - h * 0.45 * uy)),\(n(b.y - h * uy + h * 0.45 * ux))Z", fill: "#c00000", stroke: "#c00000", width: 0.5)
        }
        return render(fills: fills, title: title ?? "Centre of gravity of \(centre.weight)\(ellipses == nil ? "" : " and standard deviational ellipses")",
                      legend: legend, note: note, tooltip: { $0 }, overlay: { d, p in
            let n = SVGDocument.number
            for (i, pts) in outlines.enumerated() {
                let path = pts.filter { $0.0.isFinite && $0.1.isFinite }.enumerated().map { k, q in
                    let (x, y) = p.pixel(Point2D(x: q.0, y: q.1))
                    return (k == 0 ? "M" : "L") + n(x) + "," + n(y)
                }.joined() + "Z"
                d.path(path, fill: "none", stroke: hue(i, outlines.count), width: 1.2, title: periods[i].period)
            }
            let px = points.map { p.pixel($0) }
            for (a, b) in zip(px, px.dropFirst()) { arrow(&d, a, b, head: 5) }
            for (i, q) in px.enumerated() { d.circle(q.x, q.y, 2.2, fill: i == 0 ? "#ffffff" : "#c00000", stroke: "#c00000", title: centre.centres[i].period) }
            // The magnified path, framed in the lower-right corner of the main frame.
            guard points.count > 1, let f = points.first else { return }
            var x0 = f.x, x1 = f.x, y0 = f.y, y1 = f.y
            for q in points { x0 = Swift.min(x0, q.x); x1 = Swift.max(x1, q.x); y0 = Swift.min(y0, q.y); y1 = Swift.max(y1, q.y) }
            let boxW = 160.0, boxH = 125.0, pad = 20.0
            // The corner of the main frame covering the fewest polygon vertices, ellipse points and centres.
            var marks = [(x: Double, y: Double)]()
            for f in features where !inset.contains(f.id) {
                for part in f.parts { for ring in part.rings { for q in ring where q.isFinite { marks.append(p.pixel(q)) } } }
            }
            for pts in outlines { for q in pts where q.0.isFinite && q.1.isFinite { marks.append(p.pixel(Point2D(x: q.0, y: q.1))) } }
            marks += px
            let corners = [(p.originX, p.originY + p.pixelHeight - boxH), (p.originX + p.pixelWidth - boxW, p.originY + p.pixelHeight - boxH),
                           (p.originX, p.originY), (p.originX + p.pixelWidth - boxW, p.originY)]
            let covered = corners.map { c in marks.filter { $0.x >= c.0 && $0.x <= c.0 + boxW && $0.y >= c.1 && $0.y <= c.1 + boxH }.count }
            let best = covered.indices.min { covered[$0] < covered[$1] } ?? 0
            let (left, top) = corners[best]
            let spanX = Swift.max((x1 - x0) * p.xScale, 1e-12), spanY = Swift.max(y1 - y0, 1e-12)
            let zoom = Swift.min((boxW - 2 * pad) / spanX, (boxH - 2 * pad - 14) / spanY)
            let cx = (x0 + x1) / 2, cy = (y0 + y1) / 2
            func z(_ q: Point2D) -> (x: Double, y: Double) {
                (left + boxW / 2 + (q.x - cx) * p.xScale * zoom, top + boxH / 2 + 6 - (q.y - cy) * zoom)
            }
            d.rect(left, top, boxW, boxH, fill: "#ffffff", stroke: "#444")
            d.text("path, magnified", left + 6, top + 13, size: 10, fill: "#333")
            let zp = points.map(z)
            for (a, b) in zip(zp, zp.dropFirst()) { arrow(&d, a, b, head: 6) }
            for (i, q) in zp.enumerated() { d.circle(q.x, q.y, 2.5, fill: i == 0 ? "#ffffff" : "#c00000", stroke: "#c00000", title: centre.centres[i].period) }
            if let a = zp.first { d.text(centre.centres[0].period, a.x + 5, a.y - 5, size: 9) }
            if let b = zp.last, let l = centre.centres.last { d.text(l.period, b.x + 5, b.y + 11, size: 9) }
            // its scale: kilometres per pixel inside the frame
            let perKm = zoom / p.kilometresPerUnit
            if let bar = ScaleBar(pixelsPerKilometre: perKm, maximumPixels: boxW * 0.4) {
                drawScaleBar(&d, bar, x: left + 8, y: top + boxH - 12, size: 9)
            }
        })
    }
}
