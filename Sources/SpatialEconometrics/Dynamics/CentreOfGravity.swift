import Foundation

/// The centre of gravity of an attribute per period and its migration path (where development moves).
///
/// Per period t, over the N units with coordinates `(x_i, y_i)` and non-negative weights `w_i` (GDP, population,
/// ...), the attribute-weighted mean centre
/// `x_bar = sum_i w_i x_i / sum_i w_i`, `y_bar = sum_i w_i y_i / sum_i w_i`
/// (the weighted mean centre of ArcGIS's Mean Center tool; Lefever 1926 and Yuill 1971 for its use as the centre of
/// the standard deviational ellipse, ``StandardDeviationalEllipse``).
///
/// The path joins consecutive periods (sorted: numerically when every label is a number, else as text). Each step
/// has a distance and a direction:
/// - ``Coordinates/degrees`` (x longitude, y latitude, in degrees): the great-circle distance by the haversine
///   formula on the sphere of radius ``SpatialWeights/earthRadiusKilometres`` (6371.0088 km), in km, and the initial
///   bearing `atan2(sin dl cos p2, cos p1 sin p2 - sin p1 cos p2 cos dl)`, in degrees clockwise from north, [0, 360).
/// - ``Coordinates/planar`` (projected coordinates): the Euclidean distance in the coordinates' unit and the
///   direction `atan2(dx, dy)`, also clockwise from north (the +y axis), [0, 360).
///
/// The centres themselves are means of the coordinates as given (for degrees, of longitude and latitude).
///
/// References: Lefever, D. W. (1926), "Measuring geographic concentration by means of the standard deviational
/// ellipse", American Journal of Sociology 32, 88-94; Yuill, R. S. (1971), "The standard deviational ellipse: an
/// updated tool for spatial description", Geografiska Annaler B 53, 28-39.
///
/// ```swift
/// let g = try CentreOfGravity(panel: panel, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
/// print(g.summary)
/// ```
public struct CentreOfGravity: Sendable, Codable, Equatable {
    /// What the coordinates are: degrees of longitude/latitude, or planar (projected) coordinates.
    public enum Coordinates: String, Sendable, Codable, CaseIterable {
        /// x longitude and y latitude in degrees: great-circle distances (km) and initial bearings.
        case degrees
        /// Projected coordinates: Euclidean distances (in the coordinates' unit) and directions.
        case planar
    }
    /// The weighted mean centre of one period.
    public struct Centre: Sendable, Codable, Equatable {
        /// The period.
        public let period: String
        /// Units in the period.
        public let n: Int
        /// `sum_i w_i`.
        public let totalWeight: Double
        /// `x_bar = sum w_i x_i / sum w_i`.
        public let x: Double
        /// `y_bar = sum w_i y_i / sum w_i`.
        public let y: Double
    }
    /// One step of the migration path, from one period's centre to the next.
    public struct Step: Sendable, Codable, Equatable {
        /// The period the step starts from.
        public let from: String
        /// The period the step ends at.
        public let to: String
        /// Change of the centre's x (degrees of longitude, or the coordinates' unit).
        public let dx: Double
        /// Change of the centre's y.
        public let dy: Double
        /// Great-circle distance in km (degrees) or Euclidean distance (planar).
        public let distance: Double
        /// Initial bearing (degrees) or direction `atan2(dx, dy)` (planar), degrees clockwise from north, [0, 360);
        /// nil when the centre did not move.
        public let bearing: Double?
    }

    /// The weight variable.
    public let weight: String
    /// The x (longitude) variable.
    public let xVariable: String
    /// The y (latitude) variable.
    public let yVariable: String
    /// What the coordinates are.
    public let coordinates: Coordinates
    /// One centre per period, in period order.
    public let centres: [Centre]
    /// The steps between consecutive centres (one fewer than the centres).
    public let steps: [Step]
    /// The sum of the step distances.
    public var totalDistance: Double { steps.reduce(0) { $0 + $1.distance } }
    /// The unit of the distances: `km` (degrees) or `coordinate units` (planar).
    public var distanceUnit: String { coordinates == .degrees ? "km" : "coordinate units" }

    /// The weighted mean centres of a panel, period by period, and their path.
    /// - Parameters:
    ///   - panel: a balanced panel; its row order does not matter.
    ///   - weight: the weight column or expression (finite, non-negative, not all zero in a period).
    ///   - x: the x (longitude) column.
    ///   - y: the y (latitude) column.
    ///   - coordinates: degrees (great-circle path) or planar (Euclidean path).
    /// - Throws: ``DynamicsError`` naming the unit and period of a negative, missing or non-finite weight or
    ///   coordinate, a latitude outside [-90, 90], or the period whose weights are all zero.
    public init(panel: Panel, weight: String, x: String, y: String, coordinates: Coordinates) throws(DynamicsError) {
        let periods = try GravityPeriod.read(panel: panel, weight: weight, x: x, y: y, coordinates: coordinates)
        var centres = [Centre]()
        for p in periods {
            let sw = p.w.reduce(0, +)
            var sx = 0.0, sy = 0.0
            for i in p.w.indices { sx += p.w[i] * p.x[i]; sy += p.w[i] * p.y[i] }
            centres.append(Centre(period: p.period, n: p.w.count, totalWeight: sw, x: sx / sw, y: sy / sw))
        }
        var steps = [Step]()
        for k in centres.indices.dropFirst() {
            let a = centres[k - 1], b = centres[k]
            let dx = b.x - a.x, dy = b.y - a.y
            let d: Double, bearing: Double?
            switch coordinates {
            case .degrees:
                d = SpatialWeights.greatCircleDistance(Point2D(x: a.x, y: a.y), Point2D(x: b.x, y: b.y))
                bearing = d == 0 ? nil : Self.initialBearing(fromLon: a.x, fromLat: a.y, toLon: b.x, toLat: b.y)
            case .planar:
                d = (dx * dx + dy * dy).squareRoot()
                bearing = d == 0 ? nil : Self.compass(atan2(dx, dy))
            }
            steps.append(Step(from: a.period, to: b.period, dx: dx, dy: dy, distance: d, bearing: bearing))
        }
        self.weight = weight
        self.xVariable = x
        self.yVariable = y
        self.coordinates = coordinates
        self.centres = centres
        self.steps = steps
    }

    /// The initial bearing of the great circle from one point to another (degrees), clockwise from north, [0, 360).
    public static func initialBearing(fromLon: Double, fromLat: Double, toLon: Double, toLat: Double) -> Double {
        let r = Double.pi / 180
        let p1 = fromLat * r, p2 = toLat * r, dl = (toLon - fromLon) * r
        return compass(atan2(sin(dl) * cos(p2), cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl)))
    }

    static func compass(_ radians: Double) -> Double {
        let d = radians * 180 / .pi
        let c = d < 0 ? d + 360 : d
        return c >= 360 ? c - 360 : c
    }

    /// The centres and the path as a table.
    public var table: Table {
        var rows = [[String]]()
        for (k, c) in centres.enumerated() {
            let s = k > 0 ? steps[k - 1] : nil
            rows.append([c.period, "\(c.n)", gravityFormat(c.totalWeight), gravityFormat(c.x, 6), gravityFormat(c.y, 6),
                         s.map { gravityFormat($0.distance, 4) } ?? "", s?.bearing.map { gravityFormat($0, 2) } ?? ""])
        }
        let how = coordinates == .degrees
            ? "distance: great-circle (haversine, R = 6371.0088 km) in km; bearing: initial bearing, degrees clockwise from north"
            : "distance: Euclidean in the coordinates' unit; direction: atan2(dx, dy), degrees clockwise from north"
        return Table(title: "Centre of gravity of \(weight) (x \(xVariable), y \(yVariable))",
                     columns: ["Period", "n", "Sum w", "x", "y", "Distance", "Bearing"], rows: rows,
                     notes: [how, "total distance \(gravityFormat(totalDistance, 4)) \(distanceUnit)"])
    }

    /// The table as text.
    public var summary: String { table.text }
}

func gravityFormat(_ v: Double, _ digits: Int = 4) -> String {
    guard v.isFinite else { return "NA" }
    return String(format: "%.\(digits)f", v)
}

/// One period's validated weights and coordinates, units in canonical order (shared by the centre and the ellipse).
struct GravityPeriod {
    let period: String
    let units: [String]
    let w: [Double]
    let x: [Double]
    let y: [Double]

    /// The periods sorted (numerically when all are numbers), units sorted likewise, every value checked.
    static func read(panel: Panel, weight: String, x: String, y: String,
                     coordinates: CentreOfGravity.Coordinates) throws(DynamicsError) -> [GravityPeriod] {
        func order(_ labels: [String]) -> [Int] { LabelOrder.sortedIndices(labels) }
        let unitOrder = order(panel.units)
        var out = [GravityPeriod]()
        for t in order(panel.periods) {
            let p = panel.periods[t]
            let wv: [Double], xv: [Double], yv: [Double]
            do {
                wv = try panel.numbers(weight, period: t)
                xv = try panel.numbers(x, period: t)
                yv = try panel.numbers(y, period: t)
            } catch { throw .data(error) }
            var ws = [Double](), xs = [Double](), ys = [Double](), us = [String]()
            for i in unitOrder {
                let u = panel.units[i]
                guard wv[i].isFinite else { throw .nonFinite(what: "weight \(weight), unit '\(u)', period '\(p)' (missing or not finite)") }
                guard wv[i] >= 0 else { throw .invalidArgument("weight \(weight) is negative (\(wv[i])) for unit '\(u)', period '\(p)'") }
                guard xv[i].isFinite else { throw .nonFinite(what: "coordinate \(x), unit '\(u)', period '\(p)' (missing or not finite)") }
                guard yv[i].isFinite else { throw .nonFinite(what: "coordinate \(y), unit '\(u)', period '\(p)' (missing or not finite)") }
                if coordinates == .degrees, abs(yv[i]) > 90 {
                    throw .invalidArgument("latitude \(y) = \(yv[i]) is outside [-90, 90] for unit '\(u)', period '\(p)'")
                }
                us.append(u); ws.append(wv[i]); xs.append(xv[i]); ys.append(yv[i])
            }
            guard ws.contains(where: { $0 > 0 }) else {
                throw .invalidArgument("period '\(p)': every weight \(weight) is zero, so there is no centre")
            }
            out.append(GravityPeriod(period: p, units: us, w: ws, x: xs, y: ys))
        }
        return out
    }
}

extension CentreOfGravity {
    /// The figure of the centres and their path (first period hollow, arrows by order), and, when given, the
    /// ellipses drawn in the centres' coordinates (for degrees, the km axes mapped back through the same local
    /// equirectangular projection). Equal scale on both axes (for degrees, x scaled by cos of the mean latitude).
    /// Without a map: the polygons overlay is not drawn.
    public func svg(ellipses: StandardDeviationalEllipse? = nil, width: Double = 640, height: Double = 560) -> String {
        var svg = SVGDocument(width: width, height: height)
        let margin = 50.0
        let outlines = (ellipses?.ellipses ?? []).map { Self.outline($0, coordinates: coordinates) }
        let all = centres.map { ($0.x, $0.y) } + outlines.flatMap { $0 }
        let finite = all.filter { $0.0.isFinite && $0.1.isFinite }
        guard let first = finite.first else { return svg.rendered }
        let meanLat = centres.map(\.y).reduce(0, +) / Double(Swift.max(centres.count, 1))
        let sx = coordinates == .degrees ? Swift.max(cos(meanLat * .pi / 180), 1e-6) : 1
        var x0 = first.0, x1 = first.0, y0 = first.1, y1 = first.1
        for p in finite { x0 = Swift.min(x0, p.0); x1 = Swift.max(x1, p.0); y0 = Swift.min(y0, p.1); y1 = Swift.max(y1, p.1) }
        let spanX = Swift.max((x1 - x0) * sx, 1e-12), spanY = Swift.max(y1 - y0, 1e-12)
        let scale = Swift.min((width - 2 * margin) / spanX, (height - 2 * margin - 20) / spanY)
        func px(_ x: Double) -> Double { margin + (x - x0) * sx * scale }
        func py(_ y: Double) -> Double { height - margin - (y - y0) * scale }
        svg.text("Centre of gravity of \(weight)\(ellipses == nil ? "" : " and standard deviational ellipses")", width / 2, 24,
                 size: 15, anchor: "middle", weight: "bold")
        for (i, pts) in outlines.enumerated() {
            let d = pts.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGDocument.number(px($0.element.0))),\(SVGDocument.number(py($0.element.1)))" }.joined() + "Z"
            svg.path(d, fill: "none", stroke: Self.periodColour(i, of: outlines.count), width: 1, title: ellipses?.ellipses[i].period)
        }
        for (a, b) in zip(centres, centres.dropFirst()) { svg.line(px(a.x), py(a.y), px(b.x), py(b.y), stroke: "#c00", width: 1.5) }
        for (i, c) in centres.enumerated() {
            svg.circle(px(c.x), py(c.y), 3, fill: i == 0 ? "#fff" : "#c00", stroke: "#c00", title: c.period)
        }
        if let f = centres.first { svg.text(f.period, px(f.x) + 5, py(f.y) - 5, size: 10) }
        if let l = centres.last, centres.count > 1 { svg.text(l.period, px(l.x) + 5, py(l.y) + 12, size: 10) }
        return svg.rendered
    }

    /// 73 points of an ellipse's outline in the data's coordinates: km offsets mapped back to degrees through the
    /// local equirectangular plane at the ellipse's centre (the plane the ellipse was computed in) for degrees.
    static func outline(_ e: StandardDeviationalEllipse.Ellipse, coordinates: Coordinates) -> [(Double, Double)] {
        let k = SpatialWeights.earthRadiusKilometres * .pi / 180
        let th = e.rotation * .pi / 180
        var pts = [(Double, Double)]()
        for s in 0...72 {
            let t = Double(s) * 2 * .pi / 72
            let dx = e.sigmaY * cos(t) * sin(th) + e.sigmaX * sin(t) * cos(th)
            let dy = e.sigmaY * cos(t) * cos(th) - e.sigmaX * sin(t) * sin(th)
            if coordinates == .degrees {
                let c = Swift.max(cos(e.centreY * .pi / 180), 1e-12)
                pts.append((e.centreX + dx / (k * c), e.centreY + dy / k))
            } else { pts.append((e.centreX + dx, e.centreY + dy)) }
        }
        return pts
    }

    /// The colour of period `i` of `n`: from blue (#2166ac, the first) to red (#b2182b, the last), as hex (renderers
    /// without `hsl()` draw it too).
    static func periodColour(_ i: Int, of n: Int) -> String {
        let f = n > 1 ? Double(i) / Double(n - 1) : 0
        let from: [Double] = [0x21, 0x66, 0xac], to: [Double] = [0xb2, 0x18, 0x2b]
        var hex = "#"
        for k in 0..<3 {
            let v: Double = from[k] + (to[k] - from[k]) * f
            hex += String(format: "%02x", Int(v.rounded()))
        }
        return hex
    }
}
