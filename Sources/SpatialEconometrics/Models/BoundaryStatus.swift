import Foundation

/// The one rule that decides whether a spatial parameter's estimate is *at a bound* of its feasible interval
/// `(1/lambda_min, 1/lambda_max)`, shared by every fit (cross-section, fixed and random effects panels).
///
/// An estimate `s` on `[a, b]` is at a bound when `min(s - a, b - s) < relativeDistance * (b - a)`,
/// `relativeDistance = 1e-4`. The rule is relative to the interval's width, so it does not depend on the scaling of W.
/// 1e-4 is wide enough to catch the optimiser stopping against a bound (Brent's method ends within ~1e-10 of the
/// edge when the likelihood still rises there: the China economic-geography SDM gives rho = 0.99999999) and narrow
/// enough that genuine estimates of strong dependence (rho = 0.95 on (-1, 1) is 0.025 of the width away) are not
/// flagged. There the likelihood is not locally quadratic, so standard errors and effects computed at the estimate
/// are not meaningful: fits report `atBound`, their summary opens with the warning and ``ImpactMeasures`` refuses.
public enum BoundaryStatus {
    /// The distance to a bound, as a fraction of the interval's width, under which an estimate is at the bound.
    public static let relativeDistance = 1e-4

    /// The bound that `value` is at, or `nil` when it is inside the interval by more than ``relativeDistance`` of its width.
    public static func bound(of value: Double, in interval: ClosedRange<Double>) -> Double? {
        let width = interval.upperBound - interval.lowerBound
        guard width > 0, value.isFinite else { return nil }
        let toLower = value - interval.lowerBound, toUpper = interval.upperBound - value
        guard min(toLower, toUpper) < relativeDistance * width else { return nil }
        return toLower < toUpper ? interval.lowerBound : interval.upperBound
    }

    /// The first line of a fit's summary when it is at a bound.
    static func banner(_ hit: BoundaryHit?) -> String {
        guard let hit else { return "" }
        return "WARNING: \(hit.error.description). Direct, indirect and total effects are refused.\n"
    }
}

/// A spatial parameter found at a bound by ``BoundaryStatus``: its name, the estimate and the bound.
public struct BoundaryHit: Sendable, Codable, Equatable {
    /// The parameter at a bound (`rho` or `lambda`).
    public let parameter: String
    /// Its estimate.
    public let value: Double
    /// The bound it is at (an end of its feasible interval).
    public let bound: Double

    /// The typed error (and warning text) for this hit.
    public var error: ModelError { .atBound(parameter: parameter, value: value, bound: bound) }
}

extension BoundaryStatus {
    /// The first parameter at a bound of `interval`, if any (`nil` values are parameters the model does not have).
    static func hit(_ parameters: [(name: String, value: Double?)], in interval: ClosedRange<Double>) -> BoundaryHit? {
        for (name, value) in parameters {
            if let v = value, let b = bound(of: v, in: interval) { return BoundaryHit(parameter: name, value: v, bound: b) }
        }
        return nil
    }
}
