import Foundation

/// The spatial heteroskedasticity and autocorrelation consistent (HAC) covariance of Kelejian & Prucha (2007) for
/// instrumental-variables fits: a kernel of the units' distances and a bandwidth.
///
/// For a 2SLS estimate `d = (Zhat'Zhat)^-1 Zhat'y` (`Zhat = P_H Z`) with residuals `u = y - Z d`,
///
/// `V_HAC = A Zhat' diag(u) K diag(u) Zhat A`, `A = (Zhat'Zhat)^-1`, `K_ij = k(d_ij / h_i)`,
///
/// `d_ij` the distance between units i and j and `h_i` the bandwidth, `K_ii = k(0) = 1`. This is spreg's
/// `robust = "hac"` (`robust_vm`: `psi1 (H' diag(u) K diag(u) H) psi1'`, `psi1 = (Z'P_H Z)^-1 Z'H (H'H)^-1`, the
/// same matrix since `psi1 H' = A Zhat'`). With an adaptive bandwidth K is not symmetric, nor is spreg's V; the
/// package uses `(K + K')/2`, which leaves every variance (the diagonal) unchanged and makes V a covariance matrix
/// (its off-diagonal entries are the mean of spreg's `V_rs` and `V_sr`).
///
/// Kernels are normalised to `k(0) = 1`, as Kelejian & Prucha require (`|1 - k(x)| <= c |x|^q` near 0): with
/// `z = d_ij / h_i <= 1` (zero beyond),
///
/// | ``KernelFunction`` | `k(z)` |
/// |---|---|
/// | `triangular` (Bartlett) | `1 - z` |
/// | `uniform` | `1` |
/// | `epanechnikov` (libpysal "quadratic") | `1 - z^2` |
/// | `bisquare` (libpysal "quartic") | `(1 - z^2)^2` |
/// | `gaussian` (truncated at the bandwidth) | `exp(-z^2/2)` |
/// | `parzen` | `1 - 6 z^2 + 6 z^3` for `z <= 1/2`, `2 (1 - z)^3` for `1/2 < z <= 1` |
///
/// The Parzen kernel (Parzen 1961, "Mathematical considerations in the estimation of spectra", *Technometrics* 3(2),
/// 167–190; Andrews 1991 for HAC estimation) is in neither spreg nor libpysal; its covariance is checked against an
/// independent numpy computation of this formula.
///
/// libpysal's `Kernel(..., diagonal=True)` keeps its density constants off the diagonal (uniform 1/2, quadratic
/// `0.75 (1 - z^2)`, ...) while setting the diagonal to 1: for every kernel but the triangular, spreg's HAC with such
/// weights down-weights every cross-product (a kernel discontinuous at 0, so not consistent). The two agree for the
/// triangular kernel, GeoDa's and spreg's usual choice; ``kernelWeights(points:ids:metric:)`` builds the normalised
/// weights, and the fits also accept any kernel weights matrix (such as libpysal's, to reproduce spreg exactly).
///
/// Bandwidths (``KernelBandwidth``, the vocabulary of `spatial weights --kernel --bandwidth`): a fixed distance h; the
/// largest k-th-nearest-neighbour distance for all units (libpysal `Kernel(k=k, fixed=True)`); or adaptive, each
/// unit's own k-th-nearest-neighbour distance (libpysal `Kernel(k=k, fixed=False)`, the form of spreg's and GeoDa's
/// examples). The weights are sparse (the units within the bandwidth), so the meat costs `O(nnz(K) p)` for p
/// coefficients.
///
/// Use it when the errors may be spatially correlated in a way the model does not parameterise (a lag model without
/// an error process, or an error process of unknown form): it keeps the 2SLS estimate and corrects its standard
/// errors. When the errors follow `u = lambda W u + e`, the GS2SLS of the SAC models that correlation instead.
///
/// - References: Kelejian, H. H. & Prucha, I. R. (2007), "HAC estimation in a spatial framework", *Journal of
///   Econometrics* 140(1), 131–154.
public struct SpatialHAC: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The kernel `k(z)`, normalised to `k(0) = 1` (see the table above).
    public let kernel: KernelFunction
    /// How each unit's bandwidth `h_i` is chosen.
    public let bandwidth: KernelBandwidth

    /// A kernel and a bandwidth.
    public init(kernel: KernelFunction = .triangular, bandwidth: KernelBandwidth) {
        self.kernel = kernel
        self.bandwidth = bandwidth
    }

    /// The names the kernels are read by: the package's, libpysal's (`quadratic`, `quartic`) and `bartlett` (the
    /// triangular kernel of the time-series HAC literature).
    public static let kernelNames: [String: KernelFunction] = [
        "triangular": .triangular, "bartlett": .triangular, "uniform": .uniform, "epanechnikov": .epanechnikov,
        "quadratic": .epanechnikov, "bisquare": .bisquare, "quartic": .bisquare, "gaussian": .gaussian, "parzen": .parzen,
    ]

    /// Reads `KERNEL:BANDWIDTH` with BANDWIDTH a distance `H`, `knn:K` (the largest K-th-nearest-neighbour distance
    /// for every unit) or `adaptive:K` (each unit's K-th-nearest-neighbour distance), e.g. `triangular:adaptive:10`.
    /// Throws ``ModelError/invalidArgument(_:)`` naming the accepted forms.
    public init(parsing text: String) throws(ModelError) {
        let forms = "KERNEL:H (a distance > 0), KERNEL:knn:K or KERNEL:adaptive:K (K >= 1), KERNEL one of "
            + Self.kernelNames.keys.sorted().joined(separator: ", ")
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw .invalidArgument("hac '\(text)': give a kernel and a bandwidth, \(forms)") }
        guard let kernel = Self.kernelNames[parts[0]] else {
            throw .invalidArgument("hac '\(text)': unknown kernel '\(parts[0])'; accepted: \(forms)")
        }
        func k(_ s: String) throws(ModelError) -> Int {
            guard let k = Int(s), k >= 1 else { throw .invalidArgument("hac '\(text)': K must be a whole number >= 1; accepted: \(forms)") }
            return k
        }
        switch (parts.count, parts[1]) {
        case (3, "knn"): self.init(kernel: kernel, bandwidth: .fixedFromNearestNeighbors(k: try k(parts[2])))
        case (3, "adaptive"): self.init(kernel: kernel, bandwidth: .adaptive(k: try k(parts[2])))
        case (2, let h):
            guard let value = Double(h), value.isFinite, value > 0 else {
                throw .invalidArgument("hac '\(text)': the bandwidth '\(h)' is not a distance > 0; accepted: \(forms)")
            }
            self.init(kernel: kernel, bandwidth: .fixed(value))
        default: throw .invalidArgument("hac '\(text)' is not one of: \(forms)")
        }
    }

    /// The command line's spelling, `KERNEL:BANDWIDTH` (`triangular:adaptive:10`).
    public var description: String {
        switch bandwidth {
        case .fixed(let h): return "\(kernel.rawValue):\(h)"
        case .fixedFromNearestNeighbors(let k): return "\(kernel.rawValue):knn:\(k)"
        case .adaptive(let k): return "\(kernel.rawValue):adaptive:\(k)"
        }
    }

    /// A sentence for summaries: the kernel and how the bandwidth was chosen.
    public var label: String {
        let b: String
        switch bandwidth {
        case .fixed(let h): b = "fixed bandwidth \(h)"
        case .fixedFromNearestNeighbors(let k): b = "one bandwidth, the largest \(k)th-nearest-neighbour distance"
        case .adaptive(let k): b = "adaptive bandwidth, each unit's \(k)th-nearest-neighbour distance"
        }
        return "\(kernel.rawValue) kernel, \(b)"
    }

    /// `k(z) / k(0)`: the kernel normalised to 1 at 0.
    public func value(_ z: Double) -> Double { kernel.value(z) / kernel.value(0) }

    /// The kernel weights `K_ij = k(d_ij / h_i)` (normalised, `K_ii = 1`) of units at `points`, in the fit's unit
    /// order (`ids`, usually the spatial weights' ids), sparse: only units within the bandwidth. Built by
    /// ``SpatialWeights/kernel(points:ids:function:bandwidth:diagonal:metric:)`` with `diagonal: .one`, then the
    /// off-diagonal weights divided by `k(0)`.
    ///
    /// - Throws: ``ModelError/invalidArgument(_:)`` with the weights' reason (k not below n, coincident points,
    ///   non-finite coordinates, too many links for the bandwidth).
    public func kernelWeights(points: [Point2D], ids: [String]? = nil, metric: DistanceMetric = .euclidean) throws(ModelError) -> SpatialWeights {
        let raw: SpatialWeights
        do { raw = try SpatialWeights.kernel(points: points, ids: ids, function: kernel, bandwidth: bandwidth, diagonal: .one, metric: metric) } catch {
            throw .invalidArgument("HAC kernel weights (\(description)): \(error.description)")
        }
        let scale = 1 / kernel.value(0)
        if scale == 1 { return raw }
        let m = raw.matrix
        var values = m.values
        for i in 0..<m.rows {
            for t in m.rowStart[i]..<m.rowStart[i + 1] where m.columnIndices[t] != i { values[t] *= scale }
        }
        do {
            let scaled = try SparseMatrix(rows: m.rows, columns: m.columns, rowStart: m.rowStart, columnIndices: m.columnIndices, values: values)
            return try SpatialWeights(ids: raw.ids, matrix: scaled, warnings: raw.warnings)
        } catch { throw .invalidArgument("HAC kernel weights: \(error)") }
    }

    /// Checks that `kernel` can serve as HAC weights over `ids`: the same units in the same order, a diagonal of ones
    /// and off-diagonal weights in [0, 1] (spreg's `check_robust`).
    static func validate(_ kernel: SpatialWeights, ids: [String]) throws(ModelError) {
        guard kernel.ids == ids else {
            let first = (0..<min(kernel.count, ids.count)).first { kernel.ids[$0] != ids[$0] }
            throw .sizeMismatch("the HAC kernel weights are over \(kernel.count) units, the fit over \(ids.count)"
                + (first.map { ": unit \($0 + 1) is '\(kernel.ids[$0])' in the kernel, '\(ids[$0])' in the fit (build the kernel with the fit's ids)" } ?? ""))
        }
        let m = kernel.matrix
        for i in 0..<m.rows {
            var diagonal = 0.0
            for t in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = m.columnIndices[t], v = m.values[t]
                if j == i { diagonal = v } else if !(v >= 0 && v <= 1) {
                    throw .invalidArgument("HAC kernel weight \(v) from unit '\(ids[i])' to '\(ids[j])' is outside [0, 1]")
                }
            }
            guard diagonal == 1 else {
                throw .invalidArgument("HAC kernel weights need K_ii = 1 (k(0) = 1); unit '\(ids[i])' has \(diagonal) "
                    + "(build them with SpatialHAC.kernelWeights or SpatialWeights.kernel(..., diagonal: .one))")
            }
        }
    }

    /// The HAC meat `M' diag(u) ((K + K')/2) diag(u) M` for an n x p matrix M (the fit's Zhat or instruments):
    /// `S = diag(u) M`, then `S'(K S)` and its symmetric part, `O(nnz(K) p + n p^2)`.
    static func meat(_ m: Matrix, residuals u: [Double], kernel: SpatialWeights) throws(ModelError) -> Matrix {
        let n = m.rows, p = m.columns
        guard u.count == n, kernel.count == n else { throw .sizeMismatch("HAC meat: \(n) rows, \(u.count) residuals, kernel over \(kernel.count) units") }
        var s = m
        for j in 0..<p { for i in 0..<n { s[i, j] *= u[i] } }
        var b: Matrix
        do {
            let ks = try kernel.matrix.multiply(s)
            b = try Matrix.product(s, .transposed, ks)
        } catch { throw .numerical("HAC meat: \(error)") }
        for r in 0..<p { for c in 0..<r { let v = 0.5 * (b[r, c] + b[c, r]); b[r, c] = v; b[c, r] = v } }
        return b
    }
}
