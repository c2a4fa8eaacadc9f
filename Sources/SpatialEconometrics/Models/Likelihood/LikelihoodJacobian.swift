import Foundation

/// The Jacobian term of a concentrated spatial log-likelihood, `J(s) = T* [ln|I - s W| - c ln(1 - s)]`, and its
/// derivatives.
///
/// `T*` (``multiplier``) is 1 for a cross-section and T for the direct approach to a panel; the Lee–Yu transformation
/// (Lee & Yu 2010, *J. Econometrics* 154) uses `T - 1` with individual effects and, with time effects, removes the
/// unit-sum direction of each period, which subtracts `ln(1 - s)` (``centered``, c = 1; W row-standardised).
/// `J(0) = 0` without evaluating the log-determinant (an exact one costs a factorisation).
///
/// `J'(s) = -T* [tr(W A^-1) - c/(1 - s)]` and `J''(s) = -T* [tr((W A^-1)^2) - c/(1 - s)^2]`, `A = I - s W`, from
/// the log-determinant's ``LogDeterminant/traces(_:)`` (LeSage & Pace 2009, sec. 4.2).
public struct LikelihoodJacobian: Sendable {
    /// The log-determinant `ln|I - s W|` and its traces.
    public let logDeterminant: any LogDeterminant
    /// `T*`: 1 for a cross-section, T for the direct approach, T - 1 for Lee-Yu's with individual effects.
    public let multiplier: Double
    /// Whether `ln(1 - s)` is subtracted (c = 1: Lee-Yu with time effects, W row-standardised).
    public let centered: Bool

    /// The Jacobian `T* [ln|I - s W| - c ln(1 - s)]` of `logDeterminant` with `T*` = `multiplier` (1 for a
    /// cross-section, T for the direct approach to a panel, T - 1 for Lee-Yu's with individual effects) and c = 1 when
    /// `centered` (Lee-Yu with time effects).
    public init(logDeterminant: any LogDeterminant, multiplier: Double = 1, centered: Bool = false) {
        self.logDeterminant = logDeterminant
        self.multiplier = multiplier
        self.centered = centered
    }

    /// The feasible interval of the spatial parameter (that of the log-determinant).
    public var interval: ClosedRange<Double> { logDeterminant.interval }

    /// `J(s)`.
    public func value(_ s: Double) -> Double { term(logDeterminant, s) }

    /// Whether the log-determinant carries a cheap ``LogDeterminant/search`` approximation for locating the maximum.
    public var hasSearch: Bool { logDeterminant.search != nil }

    /// `J(s)` from the log-determinant's ``LogDeterminant/search`` approximation when it has one, else ``value(_:)``:
    /// what Brent's method maximises before the Newton steps, which use ``value(_:)`` and ``derivatives(_:)``.
    public func searchValue(_ s: Double) -> Double {
        term(logDeterminant.search ?? logDeterminant, s)
    }

    /// `T* [ln|I - s W| - c ln(1 - s)]` with this log-determinant; 0 at s = 0 without evaluating it.
    private func term(_ ld: any LogDeterminant, _ s: Double) -> Double {
        s == 0 ? 0 : multiplier * (ld.value(s) - (centered ? log(1 - s) : 0))
    }

    /// `(J'(s), J''(s))`.
    public func derivatives(_ s: Double) -> (first: Double, second: Double) {
        let tr = logDeterminant.traces(s)
        return (-multiplier * (tr.first - (centered ? 1 / (1 - s) : 0)),
                -multiplier * (tr.second - (centered ? 1 / ((1 - s) * (1 - s)) : 0)))
    }
}
