import Foundation

/// `ln|I - rho W|` by a sparse LU factorisation of `I - rho W` at every rho asked for, exact to rounding, for any W
/// (in particular W not similar to a symmetric matrix, e.g. asymmetric k-nearest-neighbour weights):
/// `P (I - rho W) P' = L U`, `ln|I - rho W| = sum_k ln|u_kk|`. The fit's estimate and log-likelihood depend on no grid
/// or seed, as with ``ExactSparseCholeskyLogDeterminant`` for W similar to a symmetric matrix. spatialreg's
/// `method = "LU"` is the same computation (`Matrix::lu`, a sparse LU with a fill-reducing ordering).
///
/// The fill-reducing ordering (nested dissection of the pattern of `W + W'`) and the symbolic analysis
/// (``SparseLUSymbolic``, shared with the sparse Cholesky) are done once; each `value` is one numeric factorisation.
///
/// **No pivoting, and why that is safe.** P is symmetric and fixed by the pattern, so the factor's structure is known
/// in advance. Gaussian elimination without pivoting is stable where every Schur complement stays well conditioned,
/// which holds on the whole default interval since W >= 0: for `|rho| ||W||_inf < 1`, `I - rho W` is strictly row
/// diagonally dominant (any symmetric permutation keeps that, and so does every elimination step); for
/// `0 <= rho < 1 / rho(W)` it is a nonsingular M-matrix, all of whose leading principal minors are positive (a
/// non-positive pivot there means rho lies beyond the Perron root); when W is similar to a symmetric matrix the pivots
/// are those of the positive definite `I - rho S`. In these ranges every pivot must be positive, and a factor with a
/// non-positive one is outside the feasible interval (NaN). Elsewhere (only with an `interval` given wider than
/// `(-1 / ||W||_inf, ...)`) a pivot below 1e-8 times its row's largest entry gives no value
/// (``LogDeterminantError/unstableFactorisation(rho:_:)`` from ``exactValue(_:)``, NaN from ``value(_:)``), never an
/// inaccurate one, and the determinant must be positive.
///
/// `traces(rho)` as ``ExactSparseCholeskyLogDeterminant`` (`FivePointTraces`): the known singular terms
/// analytically, the smooth remainder by five-point differences of exact values (about 1e-9 relative for
/// `tr(W A^-1)`, 1e-6 for `tr((W A^-1)^2)`).
///
/// The feasible interval is that of the other large-N methods (``SpectralBounds``): for W not similar to a symmetric
/// matrix `(-1 / ||W||_inf, 1 / c)` with c the common row sum (`(-1, 1)` when row-standardised), else
/// `1 / ||W||_inf` above; the convention of LeSage & Pace (2009, sec. 4.1).
///
/// Reference: Davis, T. A. (2006), *Direct Methods for Sparse Linear Systems*, SIAM, ch. 4 and 6.
///
/// - Complexity: per `value` O(``SparseLUSymbolic/flops``), twice a sparse Cholesky factorisation of the symmetrised
///   pattern (O(n^1.5) for planar-like graphs such as kNN with nested dissection), memory O(nnz(L) + nnz(U)), never an
///   n x n matrix; `traces` five factorisations (in parallel).
public struct ExactSparseLULogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/sparseLUExact``.
    public let method = LogDeterminantMethod.sparseLUExact
    public let interval: ClosedRange<Double>
    /// The symbolic analysis (ordering, patterns of L and U, flops per factorisation), done once for every rho.
    public let symbolic: SparseLUSymbolic
    /// The approximation a likelihood maximisation locates its maximum with (``searching(with:)``; nil: none).
    public private(set) var search: (any LogDeterminant)?
    let w: SparseMatrix
    let singular: SingularTerms
    let cache = LogDeterminantValueCache()
    /// `||W||_inf`: `I - rho W` is strictly row diagonally dominant for `|rho| ||W||_inf < 1`.
    let rowNorm: Double
    let similarToSymmetric: Bool

    /// Relative pivot tolerance outside the range where the factorisation is known to be stable.
    public static let pivotTolerance = 1e-8

    /// Throws ``LogDeterminantError/fillTooLarge(_:)`` when L and U would exceed `maximumFactorNonzeros` entries,
    /// ``LogDeterminantError/degenerateSpectrum`` for a zero W and ``LogDeterminantError/invalidArgument(_:)`` for an
    /// interval not containing 0.
    public init(_ weights: SpatialWeights, interval: ClosedRange<Double>? = nil, maximumFactorNonzeros: Int = 60_000_000) throws(LogDeterminantError) {
        try self.init(weights: weights, operator: WeightsOperator(weights), symbolic: nil, interval: interval, maximumFactorNonzeros: maximumFactorNonzeros)
    }

    init(weights: SpatialWeights, operator op: WeightsOperator, symbolic given: SparseLUSymbolic?, interval: ClosedRange<Double>?,
         maximumFactorNonzeros: Int) throws(LogDeterminantError) {
        guard weights.count > 0 else { throw .empty }
        w = weights.matrix
        similarToSymmetric = op.isSymmetric
        rowNorm = w.rowSums.map(abs).max() ?? 0
        let structure = SingularTerms(weights)
        singular = structure
        self.interval = try SpectralBounds.feasibleInterval(given: interval, weights: weights, operator: op, singular: structure)
        if let given { symbolic = given } else {
            do { symbolic = try SparseLUSymbolic(pattern: w, maximumFactorNonzeros: maximumFactorNonzeros) } catch {
                throw .fillTooLarge(error.description)
            }
        }
    }

    /// Whether LU without pivoting is known to be stable for `I - rho W` (see the type's documentation): `rho >= 0`,
    /// `|rho| ||W||_inf < 1`, or W similar to a symmetric matrix. Every pivot must then be positive inside the
    /// feasible interval.
    public func isKnownStable(at rho: Double) -> Bool { similarToSymmetric || rho >= 0 || -rho * rowNorm < 1 }

    /// The numeric factor of `I - rho W`, for `ln|I - rho W|` and solves with `I - rho W` and its transpose.
    ///
    /// Throws ``LogDeterminantError/outsideFeasibleInterval(rho:interval:)`` for rho not finite or where the factor
    /// shows rho outside the feasible set (a non-positive pivot where the factorisation is known to be stable, a
    /// negative determinant elsewhere), and ``LogDeterminantError/unstableFactorisation(rho:_:)`` for a zero pivot or
    /// one too small for a stable factor outside the known-stable range.
    ///
    /// - Complexity: O(``SparseLUSymbolic/flops``).
    public func factor(at rho: Double) throws(LogDeterminantError) -> SparseLUFactor {
        guard rho.isFinite else { throw .outsideFeasibleInterval(rho: rho, interval: interval) }
        let stable = isKnownStable(at: rho)
        let f: SparseLUFactor
        do {
            f = try symbolic.factor(values: w.values, scale: -rho, diagonalShift: 1, pivotTolerance: stable ? 0 : Self.pivotTolerance)
        } catch {
            // Known stable: a zero pivot means singular, rho at or past a bound. Otherwise: no claim either way.
            if stable { throw .outsideFeasibleInterval(rho: rho, interval: interval) }
            throw .unstableFactorisation(rho: rho, error.description)
        }
        if stable ? f.negativePivots > 0 : f.determinantSign < 0 { throw .outsideFeasibleInterval(rho: rho, interval: interval) }
        return f
    }

    /// `ln|I - rho W|` by a factorisation at this rho (exact to rounding), also outside ``interval`` where it can be
    /// computed; errors as ``factor(at:)``.
    ///
    /// - Complexity: one numeric factorisation, O(``SparseLUSymbolic/flops``).
    public func exactValue(_ rho: Double) throws(LogDeterminantError) -> Double { try factor(at: rho).logAbsDeterminant }

    /// The same log-determinant carrying `approximation` as its ``search``: a fit then runs Brent's method on the
    /// approximation and its Newton steps on the exact values and traces (``ConcentratedLikelihood``), so a fit costs
    /// a handful of factorisations instead of one per Brent step.
    public func searching(with approximation: any LogDeterminant) -> Self {
        var copy = self
        copy.search = approximation
        return copy
    }

    /// `ln|I - rho W|` (NaN outside the open ``interval`` or where ``exactValue(_:)`` throws).
    public func value(_ rho: Double) -> Double {
        guard interval.lowerBound < rho, rho < interval.upperBound else { return .nan }
        return cache.value(at: rho) { (try? exactValue(rho)) ?? .nan }
    }

    /// By `FivePointTraces`: the singular terms analytically, the remainder by five-point differences of exact values.
    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        let this = self
        return FivePointTraces.traces(at: rho, interval: interval, singular: singular) { this.value($0) }
    }
}
