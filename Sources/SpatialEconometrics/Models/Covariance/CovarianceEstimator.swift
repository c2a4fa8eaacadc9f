import Foundation

/// Which covariance of the estimates a fit reports: one vocabulary for every estimator (the command line's
/// `--vce default|robust|cluster|dkraay[:LAGS]|hac:KERNEL:BANDWIDTH`).
///
/// - ``default``: the estimator's classical covariance; for maximum likelihood the inverse information matrix (or the
///   inverse negative Hessian, ``StandardErrorMethod``).
/// - ``robust``: the heteroskedasticity-robust sandwich `A^-1 B A^-1`, `B = sum_i s_i s_i'` over the per-observation
///   scores (White 1980), times `m/(m - 1)` (m observations; Stata's `ml ..., vce(robust)`).
/// - ``cluster``: cluster-robust by unit, `B = sum_g (sum_{i in g} s_i)(sum_{i in g} s_i)'` (Arellano 1987; xsmle
///   `vce(cluster)`), times `G/(G - 1)` (G clusters; Stata's factor for ML).
/// - ``driscollKraay(lags:)``: robust to cross-sectional and serial dependence (Driscoll & Kraay 1998, *REStat*
///   80:549-560; Hoechle 2007, *Stata J.* 7:281-312): `h_t = sum_i s_it`,
///   `B = Omega_0 + sum_{l=1..L} w_l (Omega_l + Omega_l')`, `Omega_l = sum_{t > l} h_t h_{t-l}'`, Bartlett weights
///   `w_l = 1 - l/(L + 1)`; `L` = `lags`, or `floor(4 (T/100)^(2/9))` (Stata's `xtscc`) when `nil`. No small-sample
///   factor (as `plm::vcovSCC(type = "HC0")`).
/// - ``hac(_:)``: the spatial HAC of Kelejian & Prucha (2007) (``SpatialHAC``: a kernel of the units' distances and a
///   bandwidth) for the two-stage least-squares fits (``SpatialTwoStageLeastSquares``, `--vce hac:KERNEL:BANDWIDTH`
///   with BANDWIDTH a distance, `knn:K` or `adaptive:K`). Maximum-likelihood fits refuse it: their
///   estimator is consistent only under the error process it specifies, so a HAC sandwich would not make it valid.
///
/// The sandwich corrects the covariance only: the Gaussian spatial ML estimator of a lag model is itself not
/// consistent under heteroskedasticity of unknown form (Lin & Lee 2010, *J. Econometrics* 157:34-52), so a robust
/// covariance does not make a heteroskedastic SAR fit valid; every fit with a non-default covariance says so in its
/// ``SpatialFit/standardErrors`` text.
public enum CovarianceEstimator: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The estimator's classical covariance (ML: the inverse information matrix).
    case `default`
    /// Heteroskedasticity-robust sandwich (White 1980), factor m/(m - 1).
    case robust
    /// Cluster-robust by unit (Arellano 1987), factor G/(G - 1).
    case cluster
    /// Driscoll-Kraay with `lags` Bartlett lags (`nil`: `floor(4 (T/100)^(2/9))`).
    case driscollKraay(lags: Int?)
    /// Spatial HAC (Kelejian & Prucha 2007; two-stage least squares only): a kernel and a bandwidth.
    case hac(SpatialHAC)

    /// Reads the command line's spelling: `default`, `robust`, `cluster`, `dkraay`, `dkraay:LAGS`,
    /// `hac:KERNEL:BANDWIDTH` (``SpatialHAC/init(parsing:)``: BANDWIDTH a distance H, `knn:K` or `adaptive:K`). A
    /// malformed value throws ``ModelError/invalidArgument(_:)`` naming the accepted ones.
    public init(parsing text: String) throws(ModelError) {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let accepted = "default, robust, cluster, dkraay, dkraay:LAGS (a whole number >= 0), hac:KERNEL:BANDWIDTH (BANDWIDTH: H, knn:K or adaptive:K)"
        switch parts.first ?? "" {
        case "default" where parts.count == 1: self = .default
        case "robust" where parts.count == 1: self = .robust
        case "cluster" where parts.count == 1: self = .cluster
        case "dkraay" where parts.count == 1: self = .driscollKraay(lags: nil)
        case "dkraay" where parts.count == 2:
            guard let l = Int(parts[1]), l >= 0 else { throw .invalidArgument("vce '\(text)': the lags must be a whole number >= 0; accepted: \(accepted)") }
            self = .driscollKraay(lags: l)
        case "hac" where parts.count >= 3:
            do { self = .hac(try SpatialHAC(parsing: parts.dropFirst().joined(separator: ":"))) } catch {
                throw .invalidArgument("vce '\(text)': \(error.description)")
            }
        case "hac":
            throw .invalidArgument("vce '\(text)': hac needs a kernel and a bandwidth, hac:KERNEL:H, hac:KERNEL:knn:K or hac:KERNEL:adaptive:K "
                + "(e.g. hac:triangular:adaptive:10)")
        default: throw .invalidArgument("vce '\(text)' is not one of: \(accepted)")
        }
    }

    /// The command line's spelling (`dkraay:2`, `dkraay` for the default lags).
    public var description: String {
        switch self {
        case .default: return "default"
        case .robust: return "robust"
        case .cluster: return "cluster"
        case .driscollKraay(let l): return l.map { "dkraay:\($0)" } ?? "dkraay"
        case .hac(let h): return "hac:\(h)"
        }
    }

    /// Whether the estimator needs a panel (unit and period indices): cluster and Driscoll-Kraay.
    public var needsPanel: Bool {
        switch self { case .cluster, .driscollKraay: return true; default: return false }
    }

    /// Stata `xtscc`'s default lag length `floor(4 (T/100)^(2/9))` for T periods.
    public static func defaultDriscollKraayLags(periods t: Int) -> Int {
        guard t > 0 else { return 0 }
        return Int((4 * pow(Double(t) / 100, 2.0 / 9.0)).rounded(.down))
    }

    /// The refusal for maximum-likelihood fits: HAC belongs to the two-stage least-squares fits.
    ///
    /// Kelejian & Prucha's (2007) HAC corrects the covariance of an estimator that stays consistent when the errors
    /// are spatially correlated in an unknown way (2SLS with valid instruments). The Gaussian ML estimator of a spatial
    /// model is consistent only under the error process it specifies: with unmodelled spatial correlation its
    /// estimates themselves are off, so a HAC sandwich of its scores would be a precise standard error of the wrong
    /// number. Fit the lag model by S2SLS with HAC, or model the error correlation (SEM, SAC).
    func checkMaximumLikelihood() throws(ModelError) {
        if case .hac = self {
            throw .invalidArgument("vce \(self): the spatial HAC covariance (Kelejian & Prucha 2007) is for two-stage least squares (S2SLS, "
                + "consistent under spatially correlated errors of unknown form); the ML estimator is consistent only under the error "
                + "process it specifies, so a HAC sandwich would not make an ML fit valid. Use spatial gmm --model sar|sdm with --vce hac, "
                + "or model the error correlation (sem, sac); ML fits take default, robust (cross-section and panel), cluster or dkraay[:LAGS] (panels)")
        }
    }

    /// The caveat every non-default ML covariance carries (Lin & Lee 2010).
    static let linLeeCaveat = "the spatial ML estimator itself is not robust to heteroskedasticity of unknown form (Lin & Lee 2010): "
        + "the sandwich corrects the covariance only"
}
