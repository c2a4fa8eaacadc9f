/// Errors raised while building, reading or transforming spatial weights. Messages name the unit, line or entry.
public enum WeightsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be parsed: `source` (file name or format), 1-based `line`, and what was wrong.
    case malformed(source: String, line: Int, reason: String)
    /// An id that is not one of the units (e.g. a neighbour id missing from a GAL header's units).
    case unknownId(String, context: String)
    /// The same id appears twice where ids must be unique.
    case duplicateId(String)
    /// A unit listed as its own neighbour where that is not allowed.
    case selfNeighbor(String)
    /// The same (i, j) pair given twice.
    case duplicatePair(String, String)
    /// A link to add that the weights already have (`from` -> `to`); see ``SpatialWeights/adding(links:symmetric:weight:)``.
    case linkExists(from: String, to: String)
    /// A link to remove that the weights do not have (`from` -> `to`); see ``SpatialWeights/removing(links:symmetric:)``.
    case linkMissing(from: String, to: String)
    /// A weight that is NaN, infinite or negative.
    case invalidWeight(from: String, to: String, value: Double)
    /// The weights and the data or the ids have different sizes.
    case sizeMismatch(String)
    /// An argument out of its allowed range (k larger than n - 1, a negative bandwidth, ...).
    case invalidArgument(String)
    /// The operation needs something the weights do not have (e.g. spectral normalisation of a zero matrix).
    case unsupported(String)
    /// An error found at a place in a weights file: `source` (file name or format), 1-based `line` (0 when the
    /// format has no lines, e.g. JSON), and the error itself (`.selfNeighbor`, `.duplicatePair`, `.unknownId`, ...),
    /// so that callers can both match the kind of error and show where it is.
    ///
    /// ```swift
    /// // columbus.gal, line 7: unit '3' is listed as its own neighbour
    /// WeightsError.inFile(source: "columbus.gal", line: 7, .selfNeighbor("3"))
    /// ```
    indirect case inFile(source: String, line: Int, WeightsError)

    /// The error without its file location (`.inFile` unwrapped), to match on the kind of error.
    public var withoutLocation: WeightsError {
        if case .inFile(_, _, let e) = self { return e.withoutLocation }
        return self
    }

    /// A human-readable message naming the unit, line or entry concerned.
    public var description: String {
        switch self {
        case .malformed(let s, let l, let r): return l > 0 ? "\(s), line \(l): \(r)" : "\(s): \(r)"
        case .unknownId(let id, let c): return "unknown id '\(id)' (\(c))"
        case .duplicateId(let id): return "duplicate id '\(id)'"
        case .selfNeighbor(let id): return "unit '\(id)' is listed as its own neighbour"
        case .duplicatePair(let a, let b): return "pair ('\(a)', '\(b)') is given more than once"
        case .linkExists(let a, let b): return "the link '\(a)' -> '\(b)' exists already (leave it out, or remove it first to change its weight)"
        case .linkMissing(let a, let b): return "there is no link '\(a)' -> '\(b)' to remove (check the ids, and whether the link runs both ways or only one)"
        case .invalidWeight(let a, let b, let v): return "invalid weight \(v) for pair ('\(a)', '\(b)'): weights must be finite and non-negative"
        case .sizeMismatch(let s): return "size mismatch: \(s)"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .unsupported(let s): return s
        case .inFile(let s, let l, let e): return l > 0 ? "\(s), line \(l): \(e)" : "\(s): \(e)"
        }
    }
}
