/// Errors raised while specifying or estimating a model. Messages name the variable, unit or parameter.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Inputs whose sizes do not agree (the message gives both).
    case sizeMismatch(String)
    /// A NaN or infinite value in the named variable at this 0-based observation.
    case nonFinite(variable: String, observation: Int)
    /// Regressors that are linear combinations of the others (names listed).
    case collinear([String])
    /// The dependent variable is fitted exactly; the likelihood is unbounded.
    case perfectFit
    /// The dependent variable is constant (all values equal up to 1e-12 relative to their mean magnitude), before any
    /// transformation (`effects` nil) or after removing the named fixed effects (`"individual"`, `"time"`, `"twoways"`):
    /// there is no variation to explain, and every statistic of the fit would be an artefact of rounding.
    case constantResponse(variable: String, effects: String? = nil)
    /// The optimiser ended at a bound of the parameter's interval (estimate given): the model may be misspecified.
    case atBound(parameter: String, value: Double, bound: Double)
    /// An optimiser that did not converge (the message names the step).
    case noConvergence(String)
    /// A dynamic panel estimate with `A = (I - rho W)^-1 (tau I + eta W)` not stable (largest eigenvalue modulus given,
    /// ``DynamicStationarity``): its long-run effects do not exist and its bias correction diverges. `tau` or `eta`
    /// is `nil` when the model lacks that lag.
    case nonStationary(tau: Double?, eta: Double?, rho: Double, modulus: Double)
    /// An argument outside its domain (the message says which and why).
    case invalidArgument(String)
    /// An underlying linear-algebra failure, with context.
    case numerical(String)
    /// A data problem found while building the model (a missing column, a non-numeric cell, ...), kept typed: its
    /// message names the column and the 1-based row.
    case data(DataError)

    public var description: String {
        switch self {
        case .sizeMismatch(let s): return "size mismatch: \(s)"
        case .nonFinite(let v, let i): return "variable '\(v)', observation \(i + 1): value is missing or not finite"
        case .collinear(let names): return "collinear regressors (linear combinations of the others): \(names.joined(separator: ", "))"
        case .perfectFit: return "the dependent variable is fitted exactly (zero residual variance): the likelihood is unbounded"
        case .constantResponse(let v, let effects):
            return "the dependent variable '\(v)' is constant" + (effects.map { " after removing the \($0) effects" } ?? "")
                + ": there is no variation to explain; the model is not fitted"
        case .atBound(let p, let v, let b):
            return "\(p) = \(v) is at the bound \(b) of its feasible interval (closer than \(BoundaryStatus.relativeDistance) of its width);"
                + " standard errors and effects there are not reliable. The usual causes are W's normalisation, a unit root in y, or a misspecified W"
        case .noConvergence(let s): return "no convergence: \(s)"
        case .nonStationary(let tau, let eta, let rho, let m):
            let values = (tau.map { ["tau = \($0)"] } ?? []) + (eta.map { ["eta = \($0)"] } ?? []) + ["rho = \(rho)"]
            return "the dynamic model is not stationary at \(values.joined(separator: ", ")): max |eig A| = \(m) >= 1, "
                + "A = (I - rho W)^-1 (tau I + eta W); the long-run effects do not exist and the bias correction (I - A)^-1 diverges"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .numerical(let s): return "numerical failure: \(s)"
        case .data(let e): return e.description
        }
    }
}
