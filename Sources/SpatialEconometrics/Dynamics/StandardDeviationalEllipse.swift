import Foundation

/// The standard deviational ellipse per period (Lefever 1926; Yuill 1971), by the formula of ArcGIS's Directional
/// Distribution (Standard Deviational Ellipse) tool, weighted.
///
/// Per period, with the weighted mean centre `(x_bar, y_bar)` (``CentreOfGravity``), the deviations
/// `x~_i = x_i - x_bar`, `y~_i = y_i - y_bar` and weights `w_i >= 0`, every sum weighted by `w_i`:
///
/// - `A = sum w x~^2 - sum w y~^2`, `B = sqrt(A^2 + 4 (sum w x~ y~)^2)`, `C = 2 sum w x~ y~`;
/// - the rotation `theta` from `tan(theta) = (A + B) / C`, as ArcGIS documents it (``rotation``: degrees clockwise
///   from north, reported in [0, 180); when `C = 0`, `theta = 90` if `A > 0`, else 0);
/// - the axes `sigma_x = sqrt(2) sqrt(sum w (x~ cos theta - y~ sin theta)^2 / sum w)` and
///   `sigma_y = sqrt(2) sqrt(sum w (x~ sin theta + y~ cos theta)^2 / sum w)`;
/// - the area `pi sigma_x sigma_y`.
///
/// Variant: **with** the `sqrt(2)` factor (ArcGIS since 10.0: one standard deviation in two dimensions, its
/// adjustment factor 1.41; `scaledBySqrt2: false` gives Yuill's 1971 axes without it) and **weighted** (the sums
/// of ArcGIS's weighted ellipse: `1/n` replaced by `w_i / sum w`; with equal weights it is the unweighted one).
/// `sigma_y` is the axis along the direction `theta` (clockwise from north), the major axis; `sigma_x` is
/// perpendicular to it.
///
/// Coordinates in degrees are projected per period onto a local equirectangular plane at the period's weighted
/// mean centre, in km: `x~ = R (lon - lon_bar) (pi/180) cos(lat_bar)`, `y~ = R (lat - lat_bar) (pi/180)`,
/// R = 6371.0088 km (no longitude wrap: the units must not straddle the antimeridian). Planar coordinates are
/// used as they are.
///
/// References: Lefever, D. W. (1926), American Journal of Sociology 32, 88-94; Yuill, R. S. (1971), Geografiska
/// Annaler B 53, 28-39; Esri, ArcGIS Pro, "How Directional Distribution (Standard Deviational Ellipse) works".
///
/// ```swift
/// let sde = try StandardDeviationalEllipse(panel: panel, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
/// print(sde.summary)
/// ```
public struct StandardDeviationalEllipse: Sendable, Codable, Equatable {
    /// The ellipse of one period.
    public struct Ellipse: Sendable, Codable, Equatable {
        /// The period.
        public let period: String
        /// Units in the period.
        public let n: Int
        /// The weighted mean centre's x (longitude for degrees).
        public let centreX: Double
        /// The weighted mean centre's y (latitude for degrees).
        public let centreY: Double
        /// theta, degrees clockwise from north in [0, 180): the direction of `sigmaY`.
        public let rotation: Double
        /// `sigma_x` (km for degrees, else the coordinates' unit).
        public let sigmaX: Double
        /// `sigma_y`, along `rotation`.
        public let sigmaY: Double
        /// `max(sigma_x, sigma_y)`.
        public var major: Double { max(sigmaX, sigmaY) }
        /// `min(sigma_x, sigma_y)`.
        public var minor: Double { min(sigmaX, sigmaY) }
        /// `pi sigma_x sigma_y` (km^2 for degrees).
        public let area: Double
        /// The flattening `minor / major` (nil when both axes are 0).
        public var shapeIndex: Double? { major > 0 ? minor / major : nil }
    }

    /// The weight variable.
    public let weight: String
    /// What the coordinates are (degrees are projected to km).
    public let coordinates: CentreOfGravity.Coordinates
    /// Whether the axes carry ArcGIS's `sqrt(2)` factor.
    public let scaledBySqrt2: Bool
    /// One ellipse per period, in period order.
    public let ellipses: [Ellipse]

    /// The weighted standard deviational ellipse of each period of a panel.
    /// - Parameters:
    ///   - panel: a balanced panel; its row order does not matter.
    ///   - weight: the weight column or expression (finite, non-negative, not all zero in a period).
    ///   - x: the x (longitude) column.
    ///   - y: the y (latitude) column.
    ///   - coordinates: degrees (projected per period to a local equirectangular plane, km) or planar.
    ///   - scaledBySqrt2: ArcGIS's `sqrt(2)` factor on the axes (default true).
    /// - Throws: ``DynamicsError`` naming the unit and period of a bad weight or coordinate, or the all-zero period.
    public init(panel: Panel, weight: String, x: String, y: String, coordinates: CentreOfGravity.Coordinates,
                scaledBySqrt2: Bool = true) throws(DynamicsError) {
        let periods = try GravityPeriod.read(panel: panel, weight: weight, x: x, y: y, coordinates: coordinates)
        let f = scaledBySqrt2 ? 2.0.squareRoot() : 1.0
        var out = [Ellipse]()
        for p in periods {
            let sw = p.w.reduce(0, +)
            var mx = 0.0, my = 0.0
            for i in p.w.indices { mx += p.w[i] * p.x[i]; my += p.w[i] * p.y[i] }
            mx /= sw; my /= sw
            let (dx, dy) = Self.deviations(p, centreX: mx, centreY: my, coordinates: coordinates)
            var sxx = 0.0, syy = 0.0, sxy = 0.0
            for i in p.w.indices { sxx += p.w[i] * dx[i] * dx[i]; syy += p.w[i] * dy[i] * dy[i]; sxy += p.w[i] * dx[i] * dy[i] }
            let a = sxx - syy, b = (a * a + 4 * sxy * sxy).squareRoot(), c = 2 * sxy
            var theta: Double
            if c == 0 { theta = a > 0 ? .pi / 2 : 0 } else { theta = atan((a + b) / c) }
            if theta < 0 { theta += .pi }
            let ct = cos(theta), st = sin(theta)
            var qx = 0.0, qy = 0.0
            for i in p.w.indices {
                let u = dx[i] * ct - dy[i] * st, v = dx[i] * st + dy[i] * ct
                qx += p.w[i] * u * u; qy += p.w[i] * v * v
            }
            let sx = f * (qx / sw).squareRoot(), sy = f * (qy / sw).squareRoot()
            let deg = theta * 180 / .pi
            out.append(Ellipse(period: p.period, n: p.w.count, centreX: mx, centreY: my, rotation: deg >= 180 ? deg - 180 : deg,
                               sigmaX: sx, sigmaY: sy, area: .pi * sx * sy))
        }
        self.weight = weight
        self.coordinates = coordinates
        self.scaledBySqrt2 = scaledBySqrt2
        self.ellipses = out
    }

    static func deviations(_ p: GravityPeriod, centreX: Double, centreY: Double,
                           coordinates: CentreOfGravity.Coordinates) -> ([Double], [Double]) {
        switch coordinates {
        case .planar:
            return (p.x.map { $0 - centreX }, p.y.map { $0 - centreY })
        case .degrees:
            let k = SpatialWeights.earthRadiusKilometres * .pi / 180
            let c = cos(centreY * .pi / 180)
            return (p.x.map { k * ($0 - centreX) * c }, p.y.map { k * ($0 - centreY) })
        }
    }

    /// The ellipses as a table.
    public var table: Table {
        let unit = coordinates == .degrees ? "km" : "coordinate units"
        let rows = ellipses.map { e in
            [e.period, "\(e.n)", gravityFormat(e.centreX, 6), gravityFormat(e.centreY, 6), gravityFormat(e.rotation, 4),
             gravityFormat(e.sigmaX, 4), gravityFormat(e.sigmaY, 4), gravityFormat(e.area, 2), e.shapeIndex.map { gravityFormat($0, 4) } ?? "NA"]
        }
        var notes = ["ArcGIS Directional Distribution, weighted by \(weight), \(scaledBySqrt2 ? "with" : "without") the sqrt(2) factor; rotation: degrees clockwise from north of sigma_y"]
        notes.append(coordinates == .degrees
            ? "axes in km, area in km^2: local equirectangular projection at each period's weighted mean centre (R = 6371.0088 km)"
            : "axes and area in the coordinates' unit")
        return Table(title: "Standard deviational ellipse of \(weight) (\(unit))",
                     columns: ["Period", "n", "Centre x", "Centre y", "Rotation", "Sigma x", "Sigma y", "Area", "Minor/major"],
                     rows: rows, notes: notes)
    }

    /// The table as text.
    public var summary: String { table.text }
}
