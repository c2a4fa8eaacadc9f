import Foundation

/// The kernel of a ``KernelDensity``: both are scaled so that the bandwidth `h` is the kernel's standard deviation
/// (R's `density()` convention), so a rule's `h` means the same smoothing for either kernel.
public enum DensityKernel: String, Sendable, Codable, CaseIterable {
    /// `K(u) = exp(-u^2 / 2) / sqrt(2 pi)` (scipy's `gaussian_kde`, R's default).
    case gaussian
    /// `K(u) = 3 / (4 sqrt 5) (1 - u^2 / 5)` for `|u| < sqrt 5`, else 0 (R's `kernel = "epanechnikov"`): the
    /// Epanechnikov kernel rescaled to unit variance.
    case epanechnikov

    /// `K(u)` for `u = (x - x_i) / h`.
    @inlinable public func value(_ u: Double) -> Double {
        switch self {
        case .gaussian: return exp(-0.5 * u * u) / (2 * Double.pi).squareRoot()
        case .epanechnikov:
            let v = u * u / 5
            return v < 1 ? 0.75 * (1 - v) / Double(5).squareRoot() : 0
        }
    }
}

/// How the bandwidth (the kernel's standard deviation `h`) is chosen.
///
/// With `s` the sample standard deviation (`n - 1` divisor) and `n` observations:
/// - `scott`: `h = s n^(-1/5)` (Scott 1992; scipy `gaussian_kde(bw_method="scott")`, `factor = n^(-1/(d+4))`, d = 1);
/// - `silverman`: `h = s (3n/4)^(-1/5)` (scipy's `"silverman"`, `factor = (n (d + 2) / 4)^(-1/(d+4))`);
/// - `nrd0`: `h = 0.9 min(s, IQR / 1.34) n^(-1/5)` (Silverman 1986, eq. 3.31; R's `bw.nrd0`, IQR from type-7
///   quantiles; when that minimum is 0, R's fallbacks `s`, then `|x_1|`, then 1);
/// - `fixed(h)`: the given `h`.
public enum DensityBandwidth: Sendable, Codable, Equatable, CustomStringConvertible {
    /// `scott`, `silverman` (scipy's rules) or `nrd0` (R's `bw.nrd0`).
    case scott, silverman, nrd0
    /// A given bandwidth (the kernel's standard deviation).
    case fixed(Double)

    /// Parses `scott`, `silverman`, `nrd0` or a positive number.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "scott": self = .scott
        case "silverman": self = .silverman
        case "nrd0": self = .nrd0
        default:
            guard let h = Double(text), h.isFinite, h > 0 else { return nil }
            self = .fixed(h)
        }
    }

    /// The rule's name, or the given number.
    public var description: String {
        switch self {
        case .scott: return "scott"
        case .silverman: return "silverman"
        case .nrd0: return "nrd0"
        case .fixed(let h): return "\(h)"
        }
    }

    /// The bandwidth for `values` (see the type's formulas).
    /// - Throws: ``DynamicsError/tooFewObservations(what:needed:got:)`` for fewer than 2 values (a rule) or
    ///   ``DynamicsError/constantValues(what:)`` when a rule gives 0.
    public func bandwidth(for values: [Double], what: String = "sample") throws(DynamicsError) -> Double {
        if case .fixed(let h) = self {
            guard h.isFinite, h > 0 else { throw .invalidArgument("bandwidth \(h) must be positive") }
            return h
        }
        let n = values.count
        guard n >= 2 else { throw .tooFewObservations(what: what, needed: 2, got: n) }
        let nd = Double(n)
        let mean = values.reduce(0, +) / nd
        let s = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (nd - 1)).squareRoot()
        let h: Double
        switch self {
        case .scott: h = s * pow(nd, -0.2)
        case .silverman: h = s * pow(nd * 3 / 4, -0.2)
        case .nrd0:
            let sorted = values.sorted()
            let iqr = Self.quantile7(sorted, 0.75) - Self.quantile7(sorted, 0.25)
            var lo = min(s, iqr / 1.34)
            if lo == 0 { lo = s != 0 ? s : (abs(values[0]) != 0 ? abs(values[0]) : 1) }
            h = 0.9 * lo * pow(nd, -0.2)
        case .fixed: h = 0
        }
        guard h > 0, h.isFinite else { throw .constantValues(what: what) }
        return h
    }

    /// Hyndman & Fan's type-7 quantile (R's default, numpy's "linear") of sorted values.
    static func quantile7(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// Where a density is evaluated: `count` equally spaced points from `minimum` to `maximum` inclusive
/// (`numpy.linspace(minimum, maximum, count)`).
public struct DensityGrid: Sendable, Codable, Equatable {
    /// The first and last points and the number of points.
    public let minimum: Double, maximum: Double, count: Int

    /// A grid; `count >= 2` and `minimum < maximum` (else ``DynamicsError/invalidArgument(_:)``).
    public init(minimum: Double, maximum: Double, count: Int) throws(DynamicsError) {
        guard minimum.isFinite, maximum.isFinite, minimum < maximum else { throw .invalidArgument("grid needs MIN < MAX, got \(minimum), \(maximum)") }
        guard count >= 2, count <= 1_000_000 else { throw .invalidArgument("grid needs 2 to 1000000 points, got \(count)") }
        self.minimum = minimum; self.maximum = maximum; self.count = count
    }

    /// The points, `minimum + i (maximum - minimum) / (count - 1)` (the last is `maximum` exactly).
    public var points: [Double] {
        let step = (maximum - minimum) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? maximum : minimum + Double($0) * step }
    }

    /// R's default range for `density()`: from `min - 3h` to `max + 3h` (its `cut = 3`), 512 points.
    public static func covering(_ values: [Double], bandwidth h: Double, count: Int = 512) throws(DynamicsError) -> DensityGrid {
        guard let lo = values.min(), let hi = values.max() else { throw .tooFewObservations(what: "grid", needed: 1, got: 0) }
        return try DensityGrid(minimum: lo - 3 * h, maximum: hi + 3 * h, count: count)
    }
}

/// A local maximum of a density on its grid.
public struct DensityPeak: Sendable, Codable, Equatable {
    /// The grid point of the maximum.
    public let location: Double
    /// The density there.
    public let height: Double
}

/// A kernel density estimate evaluated exactly at grid points:
/// `f(x) = (1 / (n h)) sum_i K((x - x_i) / h)`, with `K` a ``DensityKernel`` of unit variance and `h` from a
/// ``DensityBandwidth`` (Silverman 1986; Scott 1992).
///
/// Unlike R's `density()`, which bins the data onto 2^k points and convolves by FFT (so it agrees with this
/// exact sum to about 1e-3), nothing is approximated: with the Gaussian kernel and `scott`/`silverman` this is
/// scipy's `gaussian_kde(x, bw_method=...)(grid)`.
///
/// The peaks are the grid points whose density exceeds both neighbours' (the first of a flat top), heights above
/// 1e-9 of the highest; the main peak is the highest, and its width is the full width at half its height,
/// with the two half-height crossings interpolated linearly between grid points (nil when a crossing lies
/// beyond the grid). Papers read these off the figure: position, height, width, number of peaks.
///
/// ```swift
/// let kde = try KernelDensity(values: [1, 2, 2.5, 4, 7], kernel: .gaussian, bandwidth: .scott,
///                             grid: DensityGrid(minimum: 0, maximum: 8, count: 81))
/// print(kde.mainPeak?.location ?? .nan, kde.bandwidth)
/// ```
/// - Complexity: O(n m) for n values and m grid points.
public struct KernelDensity: Sendable, Codable, Equatable {
    /// The kernel.
    public let kernel: DensityKernel
    /// The rule or the given value (``DensityBandwidth/description``).
    public let bandwidthRule: String
    /// `h`, the kernel's standard deviation.
    public let bandwidth: Double
    /// Number of observations.
    public let n: Int
    /// The points the density is evaluated at.
    public let grid: [Double]
    /// `f` at each grid point.
    public let density: [Double]
    /// Local maxima, in grid order.
    public let peaks: [DensityPeak]
    /// Full width at half maximum of the highest peak (nil if it runs off the grid).
    public let mainPeakWidth: Double?

    /// The highest peak.
    public var mainPeak: DensityPeak? { peaks.max { $0.height < $1.height } }

    /// Estimates the density of `values` on `grid` (R's default range when nil: ``DensityGrid/covering(_:bandwidth:count:)``).
    /// - Throws: ``DynamicsError`` for a non-finite value, too few values or a zero bandwidth (`what` names the sample).
    public init(values: [Double], kernel: DensityKernel = .gaussian, bandwidth rule: DensityBandwidth = .scott,
                grid: DensityGrid? = nil, what: String = "sample") throws(DynamicsError) {
        guard !values.isEmpty else { throw .tooFewObservations(what: what, needed: 1, got: 0) }
        if let k = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(what: "\(what), value \(k + 1)") }
        let h = try rule.bandwidth(for: values, what: what)
        let g: DensityGrid
        if let grid { g = grid } else { g = try DensityGrid.covering(values, bandwidth: h) }
        let xs = g.points
        let scale = 1 / (Double(values.count) * h)
        let d = xs.map { x in values.reduce(0.0) { $0 + kernel.value((x - $1) / h) } * scale }
        self.kernel = kernel; bandwidthRule = rule.description; bandwidth = h; n = values.count
        self.grid = xs; density = d
        (peaks, mainPeakWidth) = Self.peaks(grid: xs, density: d)
    }

    static func peaks(grid x: [Double], density d: [Double]) -> ([DensityPeak], Double?) {
        guard let top = d.max(), top > 0 else { return ([], nil) }
        var peaks = [DensityPeak](), i = 0
        while i < d.count {
            var j = i
            while j + 1 < d.count, d[j + 1] == d[i] { j += 1 }          // a flat run i...j
            let leftLower = i == 0 || d[i - 1] < d[i]
            let rightLower = j == d.count - 1 || d[j + 1] < d[i]
            if leftLower, rightLower, d[i] > 1e-9 * top, !(i == 0 && j == d.count - 1) { peaks.append(DensityPeak(location: x[i], height: d[i])) }
            i = j + 1
        }
        guard let main = d.firstIndex(of: top) else { return (peaks, nil) }
        let half = top / 2
        var l = main
        while l > 0, d[l] > half { l -= 1 }
        var r = main
        while r < d.count - 1, d[r] > half { r += 1 }
        guard d[l] <= half, d[r] <= half else { return (peaks, nil) }
        func cross(_ a: Int, _ b: Int) -> Double {   // d[a] <= half < d[b] or reverse
            let t = (half - d[a]) / (d[b] - d[a])
            return x[a] + t * (x[b] - x[a])
        }
        return (peaks, cross(r, r - 1) - cross(l, l + 1))
    }
}
