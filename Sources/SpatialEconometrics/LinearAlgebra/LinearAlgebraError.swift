/// Errors raised by the linear-algebra layer. Every LAPACK `info` code ends up here.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operands do not fit together (e.g. `A (3 x 4) * B (5 x 2)`).
    case dimensionMismatch(String)
    /// Cholesky failed: the leading minor of this order (1-based) is not positive definite.
    case notPositiveDefinite(order: Int)
    /// LU or triangular solve met an exactly zero pivot at this (1-based) position.
    case singular(pivot: Int)
    /// LU without pivoting met a pivot this small against the largest entry of its row (`ratio`, below the
    /// tolerance asked for) at this (1-based) position: going on would risk an inaccurate factor.
    case smallPivot(position: Int, ratio: Double)
    /// An eigenvalue routine did not converge (`info` > 0).
    case noConvergence(routine: String, info: Int)
    /// LAPACK rejected argument number `-info` (a bug in this package, never in the caller's data).
    case illegalArgument(routine: String, argument: Int)
    /// A dimension exceeds the 32-bit integer range of the linked BLAS/LAPACK.
    case tooLarge(String)
    /// The input contains NaN or an infinity at (row, column), both 0-based.
    case nonFinite(row: Int, column: Int)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "dimension mismatch: \(what)"
        case .notPositiveDefinite(let k): return "matrix is not positive definite (leading minor of order \(k))"
        case .singular(let p): return "matrix is singular (zero pivot at position \(p))"
        case .smallPivot(let p, let r):
            return "LU without pivoting: pivot at position \(p) is \(r) times its row's largest entry (too small for a stable factor)"
        case .noConvergence(let r, let info): return "\(r) did not converge (info = \(info))"
        case .illegalArgument(let r, let a): return "\(r): illegal value of argument \(a)"
        case .tooLarge(let what): return "dimension too large for 32-bit LAPACK: \(what)"
        case .nonFinite(let r, let c): return "non-finite value at row \(r + 1), column \(c + 1)"
        }
    }
}

/// Converts a dimension to the 32-bit integer LAPACK expects, or throws.
@inline(__always)
func lapackInt(_ value: Int, _ what: @autoclosure () -> String) throws(LinearAlgebraError) -> Int32 {
    guard value >= 0, value <= Int(Int32.max) else { throw .tooLarge(what()) }
    return Int32(value)
}

/// Maps a negative LAPACK `info` to `illegalArgument`; positive codes are handled by the caller.
@inline(__always)
func checkIllegalArgument(_ info: Int32, _ routine: String) throws(LinearAlgebraError) {
    if info < 0 { throw .illegalArgument(routine: routine, argument: Int(-info)) }
}
