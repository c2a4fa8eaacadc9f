/// Errors raised by the composite-index, coupling, inequality and reliability computations.
///
/// Every case names what is wrong: the indicator (or variable, item, system), the 1-based data row and, in a
/// panel, the unit and period, so that a message can be acted on without a debugger.
public enum IndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An indicator that takes one value only (over the whole sample, or in `period`): min-max scaling divides by zero.
    case constantIndicator(indicator: String, period: String?)
    /// A negative (or zero, where a logarithm of it is taken) value that the formula cannot take.
    case negativeValue(variable: String, row: Int, value: Double, reason: String)
    /// A missing cell; `unit`/`period` are given for panels.
    case missingValue(variable: String, row: Int, unit: String?, period: String?)
    /// NaN or an infinity.
    case nonFinite(variable: String, row: Int)
    /// A value outside the range the formula needs (e.g. a subsystem score outside [0, 1]).
    case outOfRange(variable: String, row: Int, value: Double, range: String)
    /// Too few observations (rows, units, items) for the statistic.
    case tooFewObservations(what: String, needed: Int, got: Int)
    /// A gap in a unit's series that cannot be filled as requested.
    case cannotFill(variable: String, unit: String, reason: String)
    /// The correlation matrix of the items is singular (an item is a linear combination of others).
    case singularCorrelation(String)
    /// An argument outside its domain (the message says which and why).
    case invalidArgument(String)
    /// An error from reading the data table (missing column, text where a number is needed).
    case data(DataError)

    /// A one-line message naming the offending indicator, row, unit or period.
    public var description: String {
        switch self {
        case .constantIndicator(let i, let p):
            return "indicator '\(i)' is constant" + (p.map { " in period \($0)" } ?? "") + ": max = min, so it cannot be min-max scaled (drop it)"
        case .negativeValue(let v, let r, let x, let why): return "'\(v)', row \(r): value \(x) \(why)"
        case .missingValue(let v, let r, let u, let p):
            let at = [u.map { "unit '\($0)'" }, p.map { "period '\($0)'" }].compactMap { $0 }.joined(separator: ", ")
            return "'\(v)', row \(r)" + (at.isEmpty ? "" : " (\(at))") + ": missing value"
        case .nonFinite(let v, let r): return "'\(v)', row \(r): value is not finite"
        case .outOfRange(let v, let r, let x, let range): return "'\(v)', row \(r): value \(x) is outside \(range)"
        case .tooFewObservations(let w, let need, let got): return "\(w): needs at least \(need), got \(got)"
        case .cannotFill(let v, let u, let why): return "cannot fill '\(v)' for unit '\(u)': \(why)"
        case .singularCorrelation(let s): return "the correlation matrix is singular: \(s)"
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .data(let e): return e.description
        }
    }
}

/// Runs a data-table step and reports its error as an ``IndexError``.
@inline(__always)
func dataStep<T>(_ body: () throws(DataError) -> T) throws(IndexError) -> T {
    do { return try body() } catch { throw .data(error) }
}
