import Foundation

/// The k nearest neighbours of every unit, row-major (`k` per unit), ranked by (distance, index).
struct NearestNeighbors {
    let k: Int
    /// `neighbors[i * k + t]`: the (t+1)-th nearest neighbour of unit i.
    var neighbors: [Int]
    /// Squared tree distances aligned with `neighbors`.
    var squaredDistances: [Double]
    /// Units whose k-th and (k+1)-th nearest neighbours are at exactly the same distance.
    var tiedUnits: [Int]

    /// Neighbours of every unit by k-d tree; `k` in 1 ..< n (checked by the callers).
    init(_ points: MetricPoints, k: Int) {
        let n = points.count
        self.k = k
        var nb = [Int](repeating: 0, count: n * k)
        var d2 = [Double](repeating: 0, count: n * k)
        var tied = [Bool](repeating: false, count: n)
        // One more neighbour than needed, to see whether the k-th distance is tied.
        let search = min(k + 1, n - 1)
        let tree = KDTree(points)
        nb.withUnsafeMutableBufferPointer { nbp in
            d2.withUnsafeMutableBufferPointer { d2p in
                tied.withUnsafeMutableBufferPointer { tp in
                    tree.forEachNearest(k: search) { unit, idx, dist in
                        for t in 0..<k {
                            nbp[unit * k + t] = idx[t]
                            d2p[unit * k + t] = dist[t]
                        }
                        if search > k, dist[k] == dist[k - 1] { tp[unit] = true }
                    }
                }
            }
        }
        neighbors = nb
        squaredDistances = d2
        tiedUnits = (0..<n).filter { tied[$0] }
    }

    func tieWarning(ids: [String]) -> [String] {
        guard !tiedUnits.isEmpty else { return [] }
        return ["ties at the \(k)-th nearest-neighbour distance for \(tiedUnits.count) unit\(tiedUnits.count == 1 ? "" : "s"), "
            + "broken toward the lower unit index: " + SpatialWeights.idList(tiedUnits, ids: ids)]
    }
}

extension SpatialWeights {
    /// Largest n for which a dense (all pairs) distance-based matrix is built without a cutoff: 5,000 units,
    /// i.e. about 25 million stored weights (some 400 MB in CSR).
    public static let maximumDenseUnits = 5_000

    /// Largest number of links (stored weights) a distance-based builder will produce: 250 million, about
    /// 4 GB in CSR. Beyond it (k close to n, or a threshold covering most pairs) the builders throw instead of
    /// exhausting memory.
    public static let maximumLinks = 250_000_000

    /// Throws unless `units * perUnit` links fit under ``maximumLinks``.
    static func checkLinkCount(_ units: Int, _ perUnit: Int, what: String) throws(WeightsError) {
        let (total, overflow) = units.multipliedReportingOverflow(by: perUnit)
        guard !overflow, total <= maximumLinks else {
            throw .invalidArgument("\(what) would store \(units) x \(perUnit) weights, more than the limit of \(maximumLinks)")
        }
    }

    static func tooManyLinks(_ what: String) -> WeightsError {
        .invalidArgument("\(what) gives more than \(maximumLinks) links (the limit); choose a smaller distance")
    }

    /// k-nearest-neighbour weights: `w_ij = 1` if j is one of the `k` units closest to i (j != i), else 0
    /// (LeSage & Pace 2009, *Introduction to Spatial Econometrics*, sec. 1.3; Anselin 1988, ch. 3).
    /// Not symmetric in general: j may be among i's nearest without the converse.
    ///
    /// Ties: neighbours are ranked by (distance, unit index), so units at exactly the k-th distance are taken in
    /// increasing index order. This is what spdep's brute-force `knearneigh` does (its C loop scans units in index
    /// order and displaces a candidate only on a strictly smaller distance); libpysal's `KNN` leaves the order
    /// of ties to scipy's tree. The number of units with a tie at the k-th distance (the (k+1)-th neighbour as far
    /// as the k-th) and their ids are reported in ``warnings``. Coincident points are allowed and are
    /// neighbours at distance 0.
    ///
    /// - Parameters:
    ///   - points: planar coordinates, or longitude/latitude in degrees for `.greatCircle`.
    ///   - ids: unit ids aligned with `points`; default `"0"`, `"1"`, ...
    ///   - k: number of neighbours, `1 <= k < n`.
    ///   - metric: ``DistanceMetric``; great-circle search uses unit vectors and chord distance (monotone in
    ///     the arc), so no projection is needed.
    /// - Throws: ``WeightsError/invalidArgument(_:)`` for `k < 1`, `k >= n`, a non-finite coordinate or an
    ///   out-of-range latitude (naming the unit), `n k` above ``maximumLinks``; size mismatch and duplicate ids.
    /// - Complexity: O(n log n) to build the k-d tree and about O(k log n) per query on spread-out data:
    ///   a million points with k = 8 take seconds.
    public static func kNearestNeighbors(points: [Point2D], ids: [String]? = nil, k: Int, metric: DistanceMetric = .euclidean) throws(WeightsError) -> SpatialWeights {
        let ids = try resolveIds(ids, count: points.count)
        let n = points.count
        guard k >= 1 else { throw .invalidArgument("k must be at least 1 (got \(k))") }
        guard k < n else { throw .invalidArgument("k = \(k) must be less than the number of units (\(n))") }
        try checkLinkCount(n, k, what: "k-nearest-neighbour weights with k = \(k)")
        let prepared = try MetricPoints(points: points, ids: ids, metric: metric)
        let nn = NearestNeighbors(prepared, k: k)
        var columns = nn.neighbors
        for i in 0..<n { columns[(i * k)..<((i + 1) * k)].sort() }
        let rowStart = (0...n).map { $0 * k }
        return try assemble(ids: ids, rowStart: rowStart, columns: columns, values: [Double](repeating: 1, count: n * k),
                            warnings: nn.tieWarning(ids: ids))
    }

    /// The smallest distance threshold at which every unit has at least one neighbour: the largest
    /// nearest-neighbour distance, `max_i min_{j != i} d_ij` (libpysal `min_threshold_distance`; spdep
    /// `max(unlist(nbdists(knn2nb(knearneigh(x, 1)), x)))`). Use it as the `threshold` of
    /// ``distanceBand(points:ids:threshold:binary:power:metric:)`` to avoid islands.
    ///
    /// - Throws: fewer than 2 points, a non-finite coordinate (naming the unit by its 0-based index).
    /// - Complexity: O(n log n).
    public static func minimumThresholdDistance(points: [Point2D], metric: DistanceMetric = .euclidean) throws(WeightsError) -> Double {
        guard points.count >= 2 else { throw .invalidArgument("the minimum threshold distance needs at least 2 points (got \(points.count))") }
        let ids = try resolveIds(nil, count: points.count)
        let prepared = try MetricPoints(points: points, ids: ids, metric: metric)
        let nn = NearestNeighbors(prepared, k: 1)
        return prepared.distance(squared: nn.squaredDistances.max() ?? 0)
    }

    /// Distance-band weights: neighbours are the units within `threshold` (`d_ij <= threshold`, i != j), with
    /// weight 1 (`binary`) or inverse distance `d_ij^-power` (Anselin 1988, ch. 3; LeSage & Pace 2009, sec. 1.3).
    /// Symmetric. Matches libpysal `DistanceBand(threshold=t, binary=..., alpha=-power)` and spdep
    /// `dnearneigh(x, 0, t)` (with `nbdists` and `1/d^power` for the inverse form). Units with no unit inside the
    /// band are islands (reported in ``warnings``); ``minimumThresholdDistance(points:metric:)`` gives the
    /// smallest threshold without islands.
    ///
    /// Coincident points (distance 0) are neighbours with weight 1 in the binary form (libpysal drops them,
    /// since its sparse distance matrix cannot store a zero); in the inverse form they are an error.
    ///
    /// - Parameters:
    ///   - points: the units' locations (longitude, latitude in degrees for `.greatCircle`).
    ///   - ids: the units' ids, one per point (`nil`: their 0-based positions, "0", "1", ...).
    ///   - threshold: the band, in coordinate units (or km for `.greatCircle`), finite and >= 0.
    ///   - binary: 1 within the band (default), else `d^-power`.
    ///   - power: the exponent of the inverse distance, finite and > 0 (1 and 2 are usual); ignored when binary.
    ///   - metric: Euclidean (default) or great-circle distances.
    /// - Throws: invalid threshold or power, non-finite coordinates, coincident points when not binary (naming
    ///   the two units), more than ``maximumLinks`` links.
    /// - Complexity: O(n log n + m) for m links, by a k-d tree radius search.
    public static func distanceBand(points: [Point2D], ids: [String]? = nil, threshold: Double, binary: Bool = true, power: Double = 1,
                                    metric: DistanceMetric = .euclidean) throws(WeightsError) -> SpatialWeights {
        let ids = try resolveIds(ids, count: points.count)
        guard threshold.isFinite, threshold >= 0 else { throw .invalidArgument("threshold must be finite and >= 0 (got \(threshold))") }
        if !binary { guard power.isFinite, power > 0 else { throw .invalidArgument("power must be finite and > 0 (got \(power))") } }
        let prepared = try MetricPoints(points: points, ids: ids, metric: metric)
        let r2 = prepared.squaredSearchRadius(forDistance: threshold)
        var rows = [Int](), columns = [Int](), values = [Double]()
        var coincident: (Int, Int)?
        var overflow = false
        KDTree(prepared).forEachWithinRadius({ _ in r2 }) { unit, idx, dist in
            guard rows.count + idx.count <= maximumLinks else { overflow = true; return false }
            for t in 0..<idx.count {
                let d = prepared.distance(squared: dist[t])
                guard d <= threshold else { continue }
                let w: Double
                if binary {
                    w = 1
                } else {
                    if d == 0 {
                        if coincident == nil { coincident = (min(unit, idx[t]), max(unit, idx[t])) }
                        continue
                    }
                    w = power == 1 ? 1 / d : pow(d, -power)
                }
                rows.append(unit); columns.append(idx[t]); values.append(w)
            }
            return true
        }
        if overflow { throw tooManyLinks("distance band \(threshold)") }
        if let (a, b) = coincident { throw coincidentError(ids[a], ids[b]) }
        return try assembleEntries(ids: ids, rows: rows, columns: columns, values: values)
    }

    /// Inverse-distance weights `w_ij = d_ij^-power` for i != j (Anselin 1988, ch. 3; LeSage & Pace 2009,
    /// sec. 1.3), over all pairs or, with `cutoff`, only pairs with `d_ij <= cutoff` (then this is
    /// ``distanceBand(points:ids:threshold:binary:power:metric:)`` with `binary: false`).
    ///
    /// Without a cutoff the matrix is dense (n(n-1) weights), so n is limited to ``maximumDenseUnits``; above it
    /// the function throws and suggests a cutoff (for instance a multiple of
    /// ``minimumThresholdDistance(points:metric:)``). Weights are usually row-standardised afterwards
    /// (``transformed(_:)`` with `.row`); without that, their scale depends on the coordinate units.
    ///
    /// - Parameters:
    ///   - points: the units' locations (longitude, latitude in degrees for `.greatCircle`).
    ///   - ids: the units' ids, one per point (`nil`: their 0-based positions, "0", "1", ...).
    ///   - power: exponent, finite and > 0 (1 and 2 are usual).
    ///   - metric: Euclidean (default) or great-circle distances.
    ///   - cutoff: maximum distance (coordinate units, or km for `.greatCircle`), or nil for all pairs.
    /// - Throws: coincident points (distance 0, infinite weight; the error names both units), invalid power or
    ///   cutoff, non-finite coordinates, n above ``maximumDenseUnits`` without a cutoff.
    /// - Complexity: O(n^2) time and memory without a cutoff; with one, O(n log n + m) for m links.
    public static func inverseDistance(points: [Point2D], ids: [String]? = nil, power: Double = 1, metric: DistanceMetric = .euclidean,
                                       cutoff: Double? = nil) throws(WeightsError) -> SpatialWeights {
        if let cutoff {
            return try distanceBand(points: points, ids: ids, threshold: cutoff, binary: false, power: power, metric: metric)
        }
        let ids = try resolveIds(ids, count: points.count)
        guard power.isFinite, power > 0 else { throw .invalidArgument("power must be finite and > 0 (got \(power))") }
        let n = points.count
        guard n <= maximumDenseUnits else {
            throw .invalidArgument("inverse distance over all pairs of \(n) units would store \(n) x \(n - 1) weights; "
                + "the limit without a cutoff is \(maximumDenseUnits) units: pass a cutoff distance "
                + "(e.g. a multiple of minimumThresholdDistance) to keep W sparse")
        }
        let prepared = try MetricPoints(points: points, ids: ids, metric: metric)
        var columns = [Int](), values = [Double]()
        columns.reserveCapacity(n * max(0, n - 1)); values.reserveCapacity(n * max(0, n - 1))
        for i in 0..<n {
            for j in 0..<n where j != i {
                let d = prepared.distance(squared: prepared.squaredDistance(i, j))
                guard d > 0 else { throw coincidentError(ids[min(i, j)], ids[max(i, j)]) }
                columns.append(j)
                values.append(power == 1 ? 1 / d : pow(d, -power))
            }
        }
        let rowStart = (0...n).map { $0 * max(0, n - 1) }
        return try assemble(ids: ids, rowStart: rowStart, columns: columns, values: values)
    }

    static func coincidentError(_ a: String, _ b: String) -> WeightsError {
        .invalidArgument("units '\(a)' and '\(b)' are at the same location (distance 0), so their inverse-distance weight is infinite; "
            + "merge or displace them, or use binary or k-nearest-neighbour weights")
    }
}
