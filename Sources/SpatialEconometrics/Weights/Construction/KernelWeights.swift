import Foundation

/// Kernel functions `K(z)` of the scaled distance `z = d_ij / h_i`, for `0 <= z <= 1` (zero beyond), with
/// the constants of libpysal's `weights.Kernel`:
///
/// | case | K(z) | K(0) |
/// |---|---|---|
/// | `triangular` | `1 - z` | 1 |
/// | `uniform` | `1/2` | 0.5 |
/// | `epanechnikov` (libpysal "quadratic") | `(3/4)(1 - z^2)` | 0.75 |
/// | `bisquare` (libpysal "quartic") | `(15/16)(1 - z^2)^2` | 0.9375 |
/// | `gaussian` | `exp(-z^2/2) / sqrt(2 pi)` | 0.398942... |
/// | `parzen` (not in libpysal) | `1 - 6 z^2 + 6 z^3` for `z <= 1/2`, `2 (1 - z)^3` for `1/2 < z <= 1` | 1 |
///
/// The Parzen kernel (Parzen 1961; Andrews 1991, *Econometrica* 59(3), 817–858, for HAC estimation) is one of the
/// kernels Kelejian & Prucha (2007) allow for the spatial HAC (``SpatialHAC``): twice differentiable, zero at and
/// beyond the bandwidth, and with a non-negative Fourier transform, so the HAC matrix it weights is positive
/// semi-definite for a fixed bandwidth.
///
/// As in libpysal, the Gaussian is truncated at the bandwidth (only units within `h_i` are neighbours). The GWR
/// literature (Fotheringham, Brunsdon & Charlton 2002, *Geographically Weighted Regression*, ch. 2) writes the
/// bisquare without the constant, `(1 - z^2)^2`, and the Gaussian untruncated, `exp(-z^2/2)`; the constants only
/// rescale rows, which row-standardisation removes.
public enum KernelFunction: String, Sendable, Codable, CaseIterable {
    /// The kernels of the table above.
    case triangular, uniform, epanechnikov, bisquare, gaussian, parzen

    /// `K(z)` for `z` in [0, 1]; 0 for `z > 1` or NaN.
    public func value(_ z: Double) -> Double {
        guard z >= 0, z <= 1 else { return 0 }
        switch self {
        case .triangular: return 1 - z
        case .uniform: return 0.5
        case .epanechnikov: return 0.75 * (1 - z * z)
        case .bisquare: return (15.0 / 16.0) * (1 - z * z) * (1 - z * z)
        case .gaussian: return exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        case .parzen: return z <= 0.5 ? 1 - 6 * z * z + 6 * z * z * z : 2 * (1 - z) * (1 - z) * (1 - z)
        }
    }
}

/// How the kernel bandwidth `h_i` is chosen.
public enum KernelBandwidth: Sendable, Hashable, Codable {
    /// The same given bandwidth for every unit (libpysal `Kernel(bandwidth=h)`); neighbours are the units within `h`.
    case fixed(Double)
    /// One bandwidth for every unit, `h = (1 + 1e-7) max_i d_i(k)`, the largest k-th-nearest-neighbour distance,
    /// so that every unit has at least k neighbours (libpysal `Kernel(k=k, fixed=True)`, its default).
    case fixedFromNearestNeighbors(k: Int)
    /// A bandwidth per unit, `h_i = (1 + 1e-7) d_i(k)`, the distance to its own k-th nearest neighbour; the
    /// neighbours are exactly those k units (libpysal `Kernel(k=k, fixed=False)`). The factor `1 + 1e-7` is
    /// libpysal's `eps = 1.0000001`, which keeps the k-th neighbour's weight just above zero.
    case adaptive(k: Int)
}

/// What goes on the diagonal of kernel weights.
public enum KernelDiagonal: String, Sendable, Codable, CaseIterable {
    /// `w_ii = K(0)` (libpysal's default, `diagonal=False`): 1 for the triangular kernel.
    case kernelValue
    /// `w_ii = 1` whatever the kernel (libpysal `diagonal=True`).
    case one
    /// No self weight (`w_ii = 0`), as for the other weights in this package.
    case excluded
}

extension SpatialWeights {
    /// The libpysal factor applied to nearest-neighbour bandwidths, `eps = 1.0000001`.
    static let kernelBandwidthFactor = 1.0000001

    /// Kernel weights `w_ij = K(d_ij / h_i)` for the units within the bandwidth `h_i` of unit i, with the
    /// diagonal set by `diagonal` (Fotheringham, Brunsdon & Charlton 2002, *Geographically Weighted Regression*,
    /// ch. 2; Kelejian & Prucha 2007, *HAC estimation in a spatial framework*, J. Econometrics 140: 131-154,
    /// use such weights for spatial HAC standard errors).
    /// Not symmetric with adaptive bandwidths.
    ///
    /// Matches libpysal `Kernel.from_array(points, k=..., fixed=..., function=...)`: neighbour sets (with self),
    /// weights and bandwidths; on columbus, `function: .triangular, bandwidth: .adaptive(k: 4)` equals
    /// `Kernel(k=4, fixed=False, function='triangular')` to 1e-15. Ties at the k-th distance are broken toward
    /// the lower index, as in ``kNearestNeighbors(points:ids:k:metric:)``, and reported in ``warnings``.
    /// Neighbours whose weight is exactly zero (`z = 1` with a compact kernel) are not stored.
    ///
    /// - Throws: `k < 1` or `k >= n`, a fixed bandwidth that is not finite and > 0, a zero nearest-neighbour
    ///   bandwidth (k coincident points; naming the unit), non-finite coordinates, more than
    ///   ``maximumLinks`` links.
    /// - Complexity: O(n log n) for the k-d tree, plus O(k log n) per unit (adaptive) or a radius search
    ///   O(log n + m_i) per unit (fixed).
    public static func kernel(points: [Point2D], ids: [String]? = nil, function: KernelFunction = .triangular, bandwidth: KernelBandwidth,
                              diagonal: KernelDiagonal = .kernelValue, metric: DistanceMetric = .euclidean) throws(WeightsError) -> SpatialWeights {
        let ids = try resolveIds(ids, count: points.count)
        let prepared = try MetricPoints(points: points, ids: ids, metric: metric)
        let (h, nn) = try kernelBandwidths(prepared, ids: ids, bandwidth: bandwidth)
        let n = points.count
        var rows = [Int](), columns = [Int](), values = [Double]()
        func add(_ i: Int, _ j: Int, _ d: Double) {
            let w = function.value(d / h[i])
            if w > 0 { rows.append(i); columns.append(j); values.append(w) }
        }
        if case .adaptive = bandwidth, let nn {
            rows.reserveCapacity(n * (nn.k + 1)); columns.reserveCapacity(n * (nn.k + 1)); values.reserveCapacity(n * (nn.k + 1))
            for i in 0..<n {
                for t in 0..<nn.k {
                    add(i, nn.neighbors[i * nn.k + t], prepared.distance(squared: nn.squaredDistances[i * nn.k + t]))
                }
            }
        } else {
            let radius = h.map { prepared.squaredSearchRadius(forDistance: $0) }
            var overflow = false
            KDTree(prepared).forEachWithinRadius({ radius[$0] }) { unit, idx, dist in
                guard rows.count + idx.count <= maximumLinks else { overflow = true; return false }
                for t in 0..<idx.count {
                    let d = prepared.distance(squared: dist[t])
                    if d <= h[unit] { add(unit, idx[t], d) }
                }
                return true
            }
            if overflow { throw tooManyLinks("a kernel bandwidth of \(h.max() ?? 0)") }
        }
        switch diagonal {
        case .kernelValue: for i in 0..<n { rows.append(i); columns.append(i); values.append(function.value(0)) }
        case .one: for i in 0..<n { rows.append(i); columns.append(i); values.append(1) }
        case .excluded: break
        }
        // Ties at the k-th distance only change neighbour sets for adaptive bandwidths.
        var warnings = [String]()
        if case .adaptive = bandwidth, let nn { warnings = nn.tieWarning(ids: ids) }
        return try assembleEntries(ids: ids, rows: rows, columns: columns, values: values, warnings: warnings)
    }

    /// The bandwidth `h_i` of every unit under `bandwidth` (see ``KernelBandwidth``), in coordinate units or km,
    /// as used by ``kernel(points:ids:function:bandwidth:diagonal:metric:)`` (libpysal's `Kernel.bandwidth`). Same errors
    /// as that function.
    ///
    /// - Complexity: O(n log n) (nothing to compute for `.fixed`).
    public static func kernelBandwidths(points: [Point2D], ids: [String]? = nil, bandwidth: KernelBandwidth,
                                        metric: DistanceMetric = .euclidean) throws(WeightsError) -> [Double] {
        let ids = try resolveIds(ids, count: points.count)
        let prepared = try MetricPoints(points: points, ids: ids, metric: metric)
        return try kernelBandwidths(prepared, ids: ids, bandwidth: bandwidth).0
    }

    private static func kernelBandwidths(_ points: MetricPoints, ids: [String], bandwidth: KernelBandwidth) throws(WeightsError) -> ([Double], NearestNeighbors?) {
        let n = points.count
        switch bandwidth {
        case .fixed(let h):
            guard h.isFinite, h > 0 else { throw .invalidArgument("a fixed kernel bandwidth must be finite and > 0 (got \(h))") }
            return ([Double](repeating: h, count: n), nil)
        case .fixedFromNearestNeighbors(let k), .adaptive(let k):
            guard k >= 1 else { throw .invalidArgument("k must be at least 1 (got \(k))") }
            guard k < n else { throw .invalidArgument("k = \(k) must be less than the number of units (\(n))") }
            try checkLinkCount(n, k + 1, what: "kernel weights with k = \(k)")
            let nn = NearestNeighbors(points, k: k)
            var h = (0..<n).map { points.distance(squared: nn.squaredDistances[$0 * k + k - 1]) * kernelBandwidthFactor }
            if case .fixedFromNearestNeighbors = bandwidth {
                h = [Double](repeating: h.max() ?? 0, count: n)
            }
            if let zero = h.firstIndex(where: { !($0 > 0) }) {
                throw .invalidArgument("unit '\(ids[zero])' has its \(k) nearest neighbours at distance 0 (coincident points), "
                    + "so its bandwidth is zero; increase k or give a fixed bandwidth")
            }
            return (h, nn)
        }
    }
}
