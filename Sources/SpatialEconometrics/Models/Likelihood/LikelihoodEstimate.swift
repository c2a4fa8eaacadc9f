import Foundation

/// What one maximisation of a concentrated spatial likelihood gives (``ConcentratedLikelihood``): the spatial
/// parameter(s), beta, the residual sum of squares and sigma^2, the log-likelihood, the residuals of the transformed
/// model, and whether a spatial parameter is at a bound of its interval.
public struct LikelihoodEstimate: Sendable {
    /// The spatial lag parameter at the maximum (`nil` for an error model).
    public let rho: Double?
    /// The spatial error parameter at the maximum (`nil` for a lag model).
    public let lambda: Double?
    /// The coefficients `b` concentrated out at the estimate, in the order of the data's columns.
    public let beta: [Double]
    /// `e'e` of the transformed model at the estimate.
    public let sse: Double
    /// The observation count m of the likelihood (n, NT or the Lee–Yu count).
    public let observations: Double
    /// The maximised log-likelihood (with the Jacobian term and the data's constant).
    public let logLikelihood: Double
    /// `e` of the transformed model (`B (A y - X b)`), in the order of the data given.
    public let residuals: [Double]
    /// A spatial parameter closer to a bound than ``BoundaryStatus/relativeDistance`` of the interval's width.
    public let boundary: BoundaryHit?

    /// `sigma^2 = e'e / m`.
    public var sigma2: Double { sse / observations }
}

/// Akaike's and Schwarz's information criteria of a maximised log-likelihood with `parameters` estimated parameters
/// over `observations` observations: `AIC = -2 ln L + 2 p`, `BIC = -2 ln L + p ln m` (one definition for every fit).
public struct InformationCriteria: Sendable, Equatable {
    /// `AIC = -2 ln L + 2 p`.
    public let aic: Double
    /// `BIC = -2 ln L + p ln m`.
    public let bic: Double

    /// The criteria of a fit with log-likelihood `logLikelihood`, `parameters` estimated parameters (sigma^2
    /// included) and `observations` observations.
    public init(logLikelihood: Double, parameters p: Int, observations m: Double) {
        aic = -2 * logLikelihood + 2 * Double(p)
        bic = -2 * logLikelihood + log(m) * Double(p)
    }
}
