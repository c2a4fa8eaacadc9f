import Foundation

/// How a fit's standard errors are computed.
public enum StandardErrorMethod: String, Sendable, Codable, CaseIterable {
    /// The analytical information matrix at the estimate (Anselin 1988, ch. 6), as spatialreg's `method = "eigen"`.
    case informationMatrix = "information"
    /// The inverse negative Hessian of the exact log-likelihood in (beta, rho, lambda) with sigma^2 concentrated out,
    /// by Richardson-extrapolated central differences (``NumericalDerivatives``), as spatialreg's `method = "Matrix"`
    /// and `"LU"` report (they use `nlme::fdHess`). At the maximum the profile Hessian's inverse equals the
    /// corresponding block of the full inverse Hessian, so concentrating sigma^2 out changes nothing.
    case hessian
}

/// The options every fit takes: how ln|I - rho W| is computed, how the information matrix's traces are formed, the
/// standard errors, and a progress callback.
///
/// ```swift
/// let fit = try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(standardErrors: .hessian))
/// ```
public struct FitOptions: Sendable {
    public var logDeterminant: LogDeterminantRequest
    /// `nil`: ``InformationTraces/automatic(units:denseLimit:)``.
    public var traces: InformationTraces?
    public var standardErrors: StandardErrorMethod
    public var progress: ProgressHandler?

    public init(logDeterminant: LogDeterminantRequest = .automatic, traces: InformationTraces? = nil,
                standardErrors: StandardErrorMethod = .informationMatrix, progress: ProgressHandler? = nil) {
        self.logDeterminant = logDeterminant
        self.traces = traces
        self.standardErrors = standardErrors
        self.progress = progress
    }
}
