import Foundation

/// How distances between points are measured by the distance-based weights.
///
/// - `euclidean`: `sqrt((x_i - x_j)^2 + (y_i - y_j)^2)`, in the units of the coordinates.
/// - `greatCircle`: points are longitude (`x`) and latitude (`y`) in decimal degrees; distances are arcs on a
///   sphere of radius ``SpatialWeights/earthRadiusKilometres`` (6371.0088 km), in kilometres.
///
/// Choice of the radius: 6371.0088 km is the mean radius `R1 = (2a + b) / 3` of the WGS 84 / GRS 80 ellipsoid
/// (Moritz 2000, *Geodetic Reference System 1980*, J. Geodesy 74: 128-133). Other software differs slightly:
/// libpysal's `arcdist` uses 6371.0 km, and R's spdep (`knearneigh`, `dnearneigh`, `nbdists` with
/// `longlat = TRUE`) does not use a sphere at all but an ellipsoidal approximation on WGS 84
/// (a = 6378.137 km, f = 1/298.257223563; function `gcdist` in spdep's C sources), so its distances differ from
/// ours by up to about 0.5% (typically a few tenths of a percent), which can change neighbour sets at a
/// distance threshold or a k-th-neighbour tie.
public enum DistanceMetric: String, Sendable, Codable, CaseIterable {
    /// Straight-line distance in the coordinates' units.
    case euclidean
    /// Great-circle distance in kilometres on the sphere of radius ``SpatialWeights/earthRadiusKilometres``; points
    /// are (longitude, latitude) in degrees.
    case greatCircle
}

extension SpatialWeights {
    /// Mean Earth radius used for great-circle distances: 6371.0088 km (IUGG mean radius R1 of WGS 84 / GRS 80;
    /// see ``DistanceMetric``).
    public static let earthRadiusKilometres = 6371.0088

    /// Great-circle distance in kilometres between two points given as (longitude, latitude) in decimal degrees,
    /// by the haversine formula on a sphere of radius `radius`:
    /// `d = 2 R asin(sqrt(sin^2(dphi/2) + cos(phi1) cos(phi2) sin^2(dlambda/2)))` (Sinnott 1984, *Virtues of the
    /// haversine*, Sky and Telescope 68(2): 159). Accurate for small and large distances (the argument of asin is
    /// clamped to 1 near antipodes). Non-finite input gives NaN.
    ///
    /// - Complexity: O(1).
    public static func greatCircleDistance(_ a: Point2D, _ b: Point2D, radius: Double = earthRadiusKilometres) -> Double {
        let toRadians = Double.pi / 180
        let phi1 = a.y * toRadians, phi2 = b.y * toRadians
        let dphi = (b.y - a.y) * toRadians, dlambda = (b.x - a.x) * toRadians
        let s1 = sin(dphi / 2), s2 = sin(dlambda / 2)
        let h = s1 * s1 + cos(phi1) * cos(phi2) * s2 * s2
        return 2 * radius * asin(min(1, h.squareRoot()))
    }

    /// The distance between two points under `metric` (Euclidean, or great-circle km from lon/lat degrees).
    ///
    /// - Complexity: O(1).
    public static func distance(_ a: Point2D, _ b: Point2D, metric: DistanceMetric) -> Double {
        switch metric {
        case .euclidean: return ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        case .greatCircle: return greatCircleDistance(a, b)
        }
    }
}

/// Points prepared for a k-d tree under a metric: the plane itself for Euclidean distance, unit vectors on the
/// sphere for great-circle distance. In both cases the tree works with squared Euclidean distances in these
/// coordinates (the squared chord on the sphere), which are monotone in the real distance.
struct MetricPoints: Sendable {
    let metric: DistanceMetric
    let dimension: Int
    /// `dimension` values per point, in unit order.
    let coordinates: [Double]
    var count: Int { coordinates.count / dimension }

    /// Validates the points (finite; latitude within [-90, 90] for great-circle) and prepares them.
    init(points: [Point2D], ids: [String], metric: DistanceMetric) throws(WeightsError) {
        self.metric = metric
        for (i, p) in points.enumerated() {
            guard p.isFinite else { throw .invalidArgument("unit '\(ids[i])' has a non-finite coordinate (\(p.x), \(p.y))") }
            if metric == .greatCircle, abs(p.y) > 90 {
                throw .invalidArgument("unit '\(ids[i])' has latitude \(p.y) outside [-90, 90] (great-circle distance needs longitude, latitude in degrees)")
            }
        }
        switch metric {
        case .euclidean:
            dimension = 2
            var c = [Double]()
            c.reserveCapacity(2 * points.count)
            for p in points { c.append(p.x); c.append(p.y) }
            coordinates = c
        case .greatCircle:
            dimension = 3
            var c = [Double]()
            c.reserveCapacity(3 * points.count)
            let toRadians = Double.pi / 180
            for p in points {
                let lon = p.x * toRadians, lat = p.y * toRadians
                c.append(cos(lat) * cos(lon)); c.append(cos(lat) * sin(lon)); c.append(sin(lat))
            }
            coordinates = c
        }
    }

    /// Squared tree distance between units i and j.
    @inline(__always)
    func squaredDistance(_ i: Int, _ j: Int) -> Double {
        var s = 0.0
        for d in 0..<dimension {
            let t = coordinates[i * dimension + d] - coordinates[j * dimension + d]
            s += t * t
        }
        return s
    }

    /// The real distance (coordinate units, or km) from a squared tree distance.
    @inline(__always)
    func distance(squared d2: Double) -> Double {
        switch metric {
        case .euclidean: return d2.squareRoot()
        case .greatCircle: return 2 * SpatialWeights.earthRadiusKilometres * asin(min(1, d2.squareRoot() / 2))
        }
    }

    /// A squared tree distance at least as large as that of every pair within real distance `t` (slightly
    /// generous, so that the exact test `distance(squared:) <= t` decides the boundary).
    func squaredSearchRadius(forDistance t: Double) -> Double {
        switch metric {
        case .euclidean:
            let r = t * (1 + 1e-12)
            return r * r
        case .greatCircle:
            let angle = t / SpatialWeights.earthRadiusKilometres
            if angle >= Double.pi { return .infinity }
            // Relative slack for the trigonometry, absolute slack for rounding in the unit vectors.
            let chord = 2 * sin(angle / 2) * (1 + 1e-9) + 1e-14
            return chord * chord
        }
    }
}
