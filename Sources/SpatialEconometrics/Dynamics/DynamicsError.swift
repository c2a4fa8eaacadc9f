import Foundation

/// Errors of the distribution-dynamics analyses (``KernelDensity``, ``MarkovChain``, ``SpatialMarkov``,
/// ``LISAMarkov``). Every case names what is at fault: the period, group, unit or class.
public enum DynamicsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer observations than the method needs (`what` names the period or group).
    case tooFewObservations(what: String, needed: Int, got: Int)
    /// All values of a sample are equal, so a bandwidth or a quantile class cannot be formed.
    case constantValues(what: String)
    /// A value that is NaN or infinite (the period and unit, or the position, named).
    case nonFinite(what: String)
    /// A class id outside `0..<classCount` (unit and period named).
    case classOutOfRange(unit: String, period: String, classID: Int, classCount: Int)
    /// An argument that cannot be used (e.g. breaks not increasing, a non-positive bandwidth).
    case invalidArgument(String)
    /// A data problem (missing column, bad cell, unbalanced panel), as ``DataError``.
    case data(DataError)
    /// A weights problem, as ``WeightsError``.
    case weights(WeightsError)
    /// An analysis of one group of units (``ConvergenceByGroup``) failed or the group is too small: the group's
    /// label, the grouping column, its number of units and the error.
    indirect case group(name: String, column: String, units: Int, error: DynamicsError)

    /// A message naming the offending period, unit or argument.
    public var description: String {
        switch self {
        case .tooFewObservations(let w, let n, let g): return "\(w): needs at least \(n) observations, got \(g)"
        case .constantValues(let w): return "\(w): all values are equal (no spread to form a bandwidth or classes from)"
        case .nonFinite(let w): return "\(w): value is not finite"
        case .classOutOfRange(let u, let p, let c, let k): return "unit '\(u)', period '\(p)': class \(c) is outside 0..<\(k)"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .data(let e): return e.description
        case .weights(let e): return e.description
        case .group(let g, let c, let n, let e): return "group '\(g)' of \(c) (\(n) units): \(e.description)"
        }
    }
}

extension DynamicsError {
    /// An index or model error met inside a convergence analysis, as its text (the period or variable named).
    static func wrapped(_ e: some Error) -> DynamicsError { .invalidArgument("\(e)") }
}
