import Foundation

/// `ln|I - rho W|` by a sparse Cholesky factorisation of `I - rho S` at every rho asked for, exact to rounding
/// (`S = D^1/2 W D^-1/2` the symmetric matrix similar to W; `|I - rho W| = prod_k L_kk^2`), as spatialreg's
/// `method = "Matrix"` but without its interpolation: the fit's estimate and log-likelihood depend on no grid or seed.
///
/// The ordering and symbolic analysis (``SparseCholeskySymbolic``) are done once; each `value` is one numeric
/// factorisation. `traces(rho)` are the derivatives `tr(W A^-1) = -d ln|A|/d rho` and
/// `tr((W A^-1)^2) = -d^2 ln|A|/d rho^2` (LeSage & Pace 2009, sec. 4.2): the known singular terms of the Perron root
/// (and of -c for bipartite components) analytically, the smooth remainder by five-point central differences of exact
/// values at five points (step `min(2e-5, d/8)` with d the distance to the nearer bound; about 1e-9 relative for the
/// first and 1e-6 for the second, which only the Newton polish's curvature uses).
///
/// Against ``SparseCholeskyLogDeterminant`` (41 to 101 factorisations on a grid, then a spline with ~1e-7 relative
/// error), a fit costs as many factorisations as Brent's method takes steps (about 20, to 1e-7) plus five (in parallel) per
/// Newton step, and is exact.
///
/// - Complexity: per `value` O(``SparseCholeskySymbolic/flops``) (O(n^1.5) for planar contiguity with nested
///   dissection), memory O(nnz(L)); `traces` five factorisations.
public struct ExactSparseCholeskyLogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/sparseCholeskyExact``.
    public let method = LogDeterminantMethod.sparseCholeskyExact
    public let interval: ClosedRange<Double>
    /// The symbolic analysis (ordering, pattern of L, flops per factorisation), done once for every rho.
    public let symbolic: SparseCholeskySymbolic
    /// The approximation a likelihood maximisation locates its maximum with (``searching(with:)``; nil: none).
    public private(set) var search: (any LogDeterminant)?
    let s: SparseMatrix
    let singular: SingularTerms
    let cache = LogDeterminantValueCache()

    /// Throws ``LogDeterminantError/notSimilarToSymmetric(_:)`` for W not similar to a symmetric matrix and
    /// ``LogDeterminantError/fillTooLarge(_:)`` when L would exceed `maximumFactorNonzeros`.
    public init(_ weights: SpatialWeights, interval: ClosedRange<Double>? = nil, maximumFactorNonzeros: Int = 60_000_000) throws(LogDeterminantError) {
        let op = WeightsOperator(weights)
        guard op.isSymmetric else { throw .notSimilarToSymmetric(.sparseCholeskyExact) }
        try self.init(weights: weights, operator: op, symbolic: nil, interval: interval, maximumFactorNonzeros: maximumFactorNonzeros)
    }

    init(weights: SpatialWeights, operator op: WeightsOperator, symbolic given: SparseCholeskySymbolic?, interval: ClosedRange<Double>?,
         maximumFactorNonzeros: Int) throws(LogDeterminantError) {
        guard weights.count > 0 else { throw .empty }
        s = op.matrix
        let structure = SingularTerms(weights)
        singular = structure
        self.interval = try SpectralBounds.feasibleInterval(given: interval, weights: weights, operator: op, singular: structure)
        if let given { symbolic = given } else {
            do { symbolic = try SparseCholeskySymbolic(pattern: s, maximumFactorNonzeros: maximumFactorNonzeros) } catch {
                throw .fillTooLarge(error.description)
            }
        }
    }

    /// The same log-determinant carrying `approximation` as its ``search``: a fit then runs Brent's method on the
    /// approximation and its Newton steps on the exact values and traces (``ConcentratedLikelihood``), so a fit costs
    /// a handful of factorisations instead of one per Brent step.
    public func searching(with approximation: any LogDeterminant) -> Self {
        var copy = self
        copy.search = approximation
        return copy
    }

    /// `ln|I - rho W|` (NaN outside ``interval`` or where `I - rho S` is not positive definite).
    public func value(_ rho: Double) -> Double {
        guard interval.contains(rho), interval.lowerBound < rho, rho < interval.upperBound else { return .nan }
        return cache.value(at: rho) {
            if case .success(let v) = SparseCholeskyLogDeterminant.factorLogDet(rho: rho, s: s, symbolic: symbolic) { return v }
            return .nan
        }
    }

    /// By `FivePointTraces`: the singular terms analytically, the remainder by five-point differences of exact values.
    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        let this = self
        return FivePointTraces.traces(at: rho, interval: interval, singular: singular) { this.value($0) }
    }
}
