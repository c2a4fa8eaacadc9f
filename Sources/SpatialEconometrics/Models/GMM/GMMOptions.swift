import Foundation

/// The options of a GMM fit, cross-section or panel (``Estimator/gmm(_:)``): which instruments, which moments and
/// which covariance. Each field applies to the estimators named; a value other than its default given to an estimator
/// it does not apply to is refused (``ModelError/invalidArgument(_:)``), never ignored.
///
/// | field | applies to |
/// |---|---|
/// | `wLags` | cross-section S2SLS (sar, sdm) and GS2SLS (sac): `H = [X, W X, ..., W^K X]` |
/// | `weighting`, `maxIterations` | cross-section GM error (sem, sdem) and GS2SLS (sac) |
/// | `covariance` | S2SLS: `.default`, `.robust` (White HC0) or `.hac` (with `coordinates`); panel GM: `.default`, `.robust`, `.cluster`, `.driscollKraay` |
/// | `degreesOfFreedomCorrection` | S2SLS with the classical covariance: `sigma^2 = u'u / (n - k)` |
/// | `moments` | panel GM with random effects (``PanelMomentWeighting``) |
/// | `endogenous`, `instruments` | every GMM fit: endogenous regressors and their external instruments (columns of the data) |
public struct GMMOptions: Sendable, Codable, Equatable {
    /// The orders of W in the instruments beyond the regressors (spreg's `w_lags`, 1 to 10).
    public var wLags: Int
    /// The GM moments' weighting: heteroskedastic (Arraiz et al. 2010) or homoskedastic (Drukker, Egger & Prucha 2013).
    public var weighting: MomentWeighting
    /// The weighted GM steps at most (1: the two-step estimator, spreg's default).
    public var maxIterations: Int
    /// The covariance reported (see the table above for which estimator takes which).
    public var covariance: CovarianceEstimator
    /// The units' coordinates, in the data's row order, for `covariance: .hac` (the kernel's distances).
    public var coordinates: [Point2D]?
    /// S2SLS's classical `sigma^2 = u'u / (n - k)` (spreg `sig2n_k = True`) instead of `u'u / n`.
    public var degreesOfFreedomCorrection: Bool
    /// The random-effects panel GM's moments (splm's default `initial`).
    public var moments: PanelMomentWeighting
    /// Endogenous regressors (columns of the data).
    public var endogenous: [String]
    /// Their external instruments (columns of the data, at least one per endogenous regressor).
    public var instruments: [String]

    /// Options with the estimators' defaults (spreg's and splm's).
    public init(wLags: Int = 1, weighting: MomentWeighting = .heteroskedastic, maxIterations: Int = 1,
                covariance: CovarianceEstimator = .default, coordinates: [Point2D]? = nil,
                degreesOfFreedomCorrection: Bool = false, moments: PanelMomentWeighting = .initial,
                endogenous: [String] = [], instruments: [String] = []) {
        self.wLags = wLags; self.weighting = weighting; self.maxIterations = maxIterations
        self.covariance = covariance; self.coordinates = coordinates
        self.degreesOfFreedomCorrection = degreesOfFreedomCorrection; self.moments = moments
        self.endogenous = endogenous; self.instruments = instruments
    }

    /// Throws naming the first option that differs from its default among `fields` (those the estimator `what`
    /// does not take).
    func refuse(_ fields: [GMMOptionField], for what: String) throws(ModelError) {
        let defaults = GMMOptions()
        for field in fields where !field.isDefault(self, defaults) {
            throw .invalidArgument("the GMM option \(field.rawValue) does not apply to \(what)")
        }
    }
}

/// The fields of ``GMMOptions`` an estimator may refuse.
enum GMMOptionField: String {
    case wLags, weighting, maxIterations, covariance, coordinates, degreesOfFreedomCorrection, moments

    func isDefault(_ o: GMMOptions, _ d: GMMOptions) -> Bool {
        switch self {
        case .wLags: o.wLags == d.wLags
        case .weighting: o.weighting == d.weighting
        case .maxIterations: o.maxIterations == d.maxIterations
        case .covariance: o.covariance == d.covariance
        case .coordinates: o.coordinates == nil
        case .degreesOfFreedomCorrection: o.degreesOfFreedomCorrection == d.degreesOfFreedomCorrection
        case .moments: o.moments == d.moments
        }
    }
}
