import Foundation

/// Which log-determinant to compute: the automatic choice, or a named method.
public enum LogDeterminantRequest: Sendable, Equatable {
    /// ``LogDeterminantSelection/choose(units:similarToSymmetric:factorisationFlops:)``.
    case automatic
    /// This method (throws if it does not apply to the weights).
    case method(LogDeterminantMethod)
}

/// A log-determinant chosen for a weights matrix, with the method, its accuracy and the reason for the choice.
public struct LogDeterminantSelection: Sendable {
    /// The method chosen.
    public let method: LogDeterminantMethod
    /// The log-determinant itself, ready for a fit.
    public let logDeterminant: any LogDeterminant
    /// ``LogDeterminant/accuracy`` of the chosen method.
    public let accuracy: LogDeterminantAccuracy
    /// Why this method (the rule and the numbers it used).
    public let reason: String

    /// Dense eigenvalues up to this many units when W is not similar to a symmetric matrix and no exact sparse LU is
    /// affordable (the alternative is then Chebyshev, an approximation; dense eigen at n = 2,500 already costs
    /// seconds with reference LAPACK).
    public static let eigenMaximumUnits = 2_000
    /// Dense eigenvalues up to this many units when W is not similar to a symmetric matrix; above, the exact sparse LU
    /// (``ExactSparseLULogDeterminant``) when affordable. Both are exact (the same fit to 1e-12); on asymmetric kNN-4
    /// a whole SAR fit on the sparse LU took 0.05 s at n = 600, 0.10 s at 1,000 and 0.16 s at 2,000, the dense
    /// eigenvalues alone 1.0 s, 3.7 s and 25–33 s (reference LAPACK, Docs/LogDeterminants.md); 500 as for W similar
    /// to a symmetric matrix.
    public static let eigenGeneralMaximumUnits = 500
    /// Dense eigenvalues up to this many units when W is similar to a symmetric matrix; above, the sparse Cholesky
    /// grid is exact at its points (spline error ~1e-7 relative) and 20–40 times faster (n = 1,024: 0.016 s
    /// against 0.4–0.6 s for the eigenvalues with reference LAPACK).
    public static let eigenSymmetricMaximumUnits = 500
    /// Sparse Cholesky on the interpolated grid (``SparseCholeskyLogDeterminant``, n above
    /// ``exactCholeskyMaximumUnits``) while one factorisation costs at most this many multiply-adds: its 41 to 101
    /// factorisations then take a few seconds.
    public static let choleskyMaximumFlops = 5e7
    /// Sparse Cholesky at every rho (exact, ``ExactSparseCholeskyLogDeterminant``) for n up to
    /// ``exactCholeskyMaximumUnits`` while one factorisation costs at most this many multiply-adds: a 10^5 rook lattice
    /// needs 1.9e8 (0.3 s per factorisation on one core here). Above
    /// ``searchAboveFlops`` a fit locates its maximum on a cheap approximation and takes Newton steps on the exact
    /// values (`SpatialWeights.searchEquipped(_:nested:)`), so it costs about 15 factorisations, not one per Brent step.
    public static let exactCholeskyMaximumFlops = 6e8
    /// Sparse Cholesky at every rho up to this many units (the size up to which the peers are exact); above, the
    /// interpolated grid while affordable.
    public static let exactCholeskyMaximumUnits = 100_000
    /// An exact sparse log-determinant whose factorisation costs more than this many multiply-adds (about 0.07 s
    /// here) carries a search approximation in a fit (``LogDeterminant/search``): Brent's method's 15–25 evaluations
    /// would otherwise each cost a factorisation.
    public static let searchAboveFlops = 5e7
    /// Sparse LU at every rho (``ExactSparseLULogDeterminant``) for W not similar to a symmetric matrix while one
    /// factorisation costs at most this many multiply-adds (``SparseLUSymbolic/flops``; about 1 s on one core here)
    /// and n is at most ``exactLUMaximumUnits``. Asymmetric kNN-4 of 10^5 random points needs 3.4e8 (0.67 s per
    /// factorisation, a SAR fit about a minute, of which the five-point traces of the Newton polish take half).
    public static let luMaximumFlops = 5e8
    /// Sparse LU at every rho up to this many units.
    public static let exactLUMaximumUnits = 100_000
    /// Largest n for which dense eigenvalues or dense LU may be forced.
    public static let denseMaximumUnits = 20_000

    /// The automatic rule. W similar to a symmetric matrix: dense eigenvalues for `n <=`
    /// ``eigenSymmetricMaximumUnits``; sparse Cholesky exact at every rho for `n <=` ``exactCholeskyMaximumUnits``
    /// when one factorisation costs at most ``exactCholeskyMaximumFlops``, on a grid above that size when it costs at
    /// most ``choleskyMaximumFlops``; otherwise stochastic Lanczos quadrature (its Gauss rule doubles the polynomial
    /// degree per product compared with Chebyshev).
    /// W not similar to a symmetric matrix: dense eigenvalues for `n <=` ``eigenGeneralMaximumUnits``; the exact sparse
    /// LU for `n <=` ``exactLUMaximumUnits`` when one factorisation costs at most ``luMaximumFlops``; otherwise dense
    /// eigenvalues up to ``eigenMaximumUnits`` and Chebyshev above (SLQ needs symmetry).
    /// `factorisationFlops` is that of the sparse factorisation that applies (Cholesky of S, LU of W) from the
    /// symbolic analysis, nil when it was not possible.
    public static func choose(units n: Int, similarToSymmetric: Bool, factorisationFlops: Double?) -> LogDeterminantMethod {
        if similarToSymmetric {
            if n <= eigenSymmetricMaximumUnits { return .eigenSymmetric }
            if let f = factorisationFlops {
                if n <= exactCholeskyMaximumUnits && f <= exactCholeskyMaximumFlops { return .sparseCholeskyExact }
                if n > exactCholeskyMaximumUnits && f <= choleskyMaximumFlops { return .sparseCholesky }
            }
            return .lanczosQuadrature
        }
        if n <= eigenGeneralMaximumUnits { return .eigenGeneral }
        if n <= exactLUMaximumUnits, let f = factorisationFlops, f <= luMaximumFlops { return .sparseLUExact }
        return n <= eigenMaximumUnits ? .eigenGeneral : .chebyshev
    }

    /// The reason string of the automatic choice: the rule that applied and its numbers.
    static func reason(units n: Int, similarToSymmetric: Bool, factorisationFlops f: Double?, chosen: LogDeterminantMethod) -> String {
        let flops = { (name: String, limit: Double) -> String in
            f.map { "; one sparse \(name) factorisation needs " + String(format: "%.3g multiply-adds (limit %.3g)", $0, limit) }
                ?? "; sparse \(name) fill above 6e7 entries"
        }
        if similarToSymmetric {
            if chosen == .eigenSymmetric { return "n = \(n) <= \(eigenSymmetricMaximumUnits): dense eigenvalues" }
            return "n = \(n) > \(eigenSymmetricMaximumUnits)" + flops("Cholesky", n <= exactCholeskyMaximumUnits ? exactCholeskyMaximumFlops : choleskyMaximumFlops)
                + (chosen == .sparseCholeskyExact ? ": sparse Cholesky, exact at every rho"
                   : chosen == .sparseCholesky ? ", n > \(exactCholeskyMaximumUnits): sparse Cholesky on a grid" : ": Lanczos quadrature")
        }
        let head = "W not similar to a symmetric matrix, n = \(n)"
        if chosen == .eigenGeneral && n <= eigenGeneralMaximumUnits { return head + " <= \(eigenGeneralMaximumUnits): dense eigenvalues" }
        if chosen == .sparseLUExact {
            return head + " in \(eigenGeneralMaximumUnits + 1)...\(exactLUMaximumUnits)" + flops("LU", luMaximumFlops) + ": sparse LU, exact at every rho"
        }
        let lu = n > exactLUMaximumUnits ? " > \(exactLUMaximumUnits) (sparse LU limit)" : flops("LU", luMaximumFlops)
        return head + lu + (chosen == .eigenGeneral ? ", n <= \(eigenMaximumUnits): dense eigenvalues" : ": Chebyshev")
    }
}

extension SpatialWeights {
    /// `ln|I - rho W|` by the method requested, or chosen automatically
    /// (``LogDeterminantSelection/choose(units:similarToSymmetric:factorisationFlops:)``), with its accuracy.
    ///
    /// ```swift
    /// let w = try SpatialWeights.lattice(rows: 300, columns: 300).transformed(.row)
    /// let ld = try w.logDeterminant()                 // sparse Cholesky for n = 90,000
    /// print(ld.method, ld.accuracy, ld.logDeterminant.value(0.5))
    /// ```
    ///
    /// - Parameters:
    ///   - request: `.automatic` (default) or `.method(m)`.
    ///   - seed: seed of the stochastic methods' probes (results are reproducible for a given seed).
    /// - Throws: ``LogDeterminantError``: a method that does not apply (``LogDeterminantError/notSimilarToSymmetric(_:)``),
    ///   dense methods above ``LogDeterminantSelection/denseMaximumUnits``, fill too large, empty or zero W.
    public func logDeterminant(_ request: LogDeterminantRequest = .automatic, seed: UInt64 = 1) throws(LogDeterminantError) -> LogDeterminantSelection {
        guard count > 0 else { throw .empty }
        let op = WeightsOperator(self)
        var symbolic: SparseCholeskySymbolic?
        var luSymbolic: SparseLUSymbolic?
        let method: LogDeterminantMethod
        var reason: String
        switch request {
        case .method(let m):
            method = m
            reason = "requested"
        case .automatic:
            if count > LogDeterminantSelection.eigenSymmetricMaximumUnits && op.isSymmetric {
                symbolic = try? SparseCholeskySymbolic(pattern: op.matrix, maximumFactorNonzeros: 60_000_000)
            }
            if !op.isSymmetric && count > LogDeterminantSelection.eigenGeneralMaximumUnits && count <= LogDeterminantSelection.exactLUMaximumUnits {
                luSymbolic = try? SparseLUSymbolic(pattern: matrix, maximumFactorNonzeros: 60_000_000)
            }
            let flops = op.isSymmetric ? symbolic?.flops : luSymbolic?.flops
            method = LogDeterminantSelection.choose(units: count, similarToSymmetric: op.isSymmetric, factorisationFlops: flops)
            reason = LogDeterminantSelection.reason(units: count, similarToSymmetric: op.isSymmetric, factorisationFlops: flops, chosen: method)
        }
        let ld: any LogDeterminant
        switch method {
        case .eigenSymmetric, .eigenGeneral:
            guard count <= LogDeterminantSelection.denseMaximumUnits else { throw .unavailable("dense eigenvalues for n = \(count) > \(LogDeterminantSelection.denseMaximumUnits)") }
            if method == .eigenSymmetric && !op.isSymmetric { throw .notSimilarToSymmetric(.eigenSymmetric) }
            do { ld = try EigenvalueLogDeterminant(self) } catch { throw .unavailable("eigenvalues: \(error)") }
        case .denseLU:
            guard count <= LogDeterminantSelection.denseMaximumUnits else { throw .unavailable("dense LU for n = \(count) > \(LogDeterminantSelection.denseMaximumUnits)") }
            ld = DenseLULogDeterminant(self, interval: try SpectralBounds(weights: self, operator: op).feasibleInterval)
        case .sparseCholesky:
            guard op.isSymmetric else { throw .notSimilarToSymmetric(.sparseCholesky) }
            ld = try SparseCholeskyLogDeterminant(weights: self, operator: op, symbolic: symbolic, gridSize: nil, interval: nil,
                                                  maximumFactorNonzeros: 60_000_000)
        case .sparseCholeskyExact:
            guard op.isSymmetric else { throw .notSimilarToSymmetric(.sparseCholeskyExact) }
            ld = try ExactSparseCholeskyLogDeterminant(weights: self, operator: op, symbolic: symbolic, interval: nil, maximumFactorNonzeros: 60_000_000)
        case .sparseLUExact:
            ld = try ExactSparseLULogDeterminant(weights: self, operator: op, symbolic: luSymbolic, interval: nil, maximumFactorNonzeros: 60_000_000)
        case .chebyshev: ld = try ChebyshevLogDeterminant(self, seed: seed)
        case .monteCarlo: ld = try MonteCarloLogDeterminant(self, seed: seed)
        case .lanczosQuadrature: ld = try LanczosQuadratureLogDeterminant(self, seed: seed)
        }
        return LogDeterminantSelection(method: ld.method, logDeterminant: ld, accuracy: ld.accuracy, reason: reason)
    }
}

extension SpatialWeights {
    /// The automatically chosen log-determinant for a model fit, its error mapped to ``ModelError``, with a search
    /// approximation when its evaluations are expensive for the fit (`searchEquipped(_:nested:)`).
    ///
    /// - Parameters:
    ///   - nested: the fit searches two parameters by nested Brent (the SAC: about 1,600 evaluations).
    ///   - searching: whether the fit uses a search approximation at all (the random-effects fits do not: their
    ///     search over (s, ln phi) evaluates the exact values).
    func modelLogDeterminant(nested: Bool = false, searching: Bool = true) throws(ModelError) -> any LogDeterminant {
        let ld: any LogDeterminant
        do { ld = try logDeterminant(.automatic).logDeterminant } catch { throw .numerical("log-determinant: \(error)") }
        return searching ? searchEquipped(ld, nested: nested) : ld
    }

    /// An exact sparse log-determinant (Cholesky or LU) with a cheap ``LogDeterminant/search`` approximation attached
    /// when one factorisation costs more than ``LogDeterminantSelection/searchAboveFlops`` (any cost when `nested`):
    /// stochastic Lanczos quadrature for W similar to a symmetric matrix, Chebyshev otherwise (Brent's method locates
    /// the maximum on it; Newton steps on the exact values and traces then reach the exact maximum, so the estimate
    /// depends on neither the approximation nor its seed). Any other log-determinant is returned as it is, and so is
    /// this one if the approximation cannot be formed.
    func searchEquipped(_ ld: any LogDeterminant, nested: Bool) -> any LogDeterminant {
        let threshold = nested ? 0 : LogDeterminantSelection.searchAboveFlops
        if let c = ld as? ExactSparseCholeskyLogDeterminant, c.search == nil, c.symbolic.flops > threshold,
           let approximation = try? LanczosQuadratureLogDeterminant(self) {
            return c.searching(with: approximation)
        }
        if let l = ld as? ExactSparseLULogDeterminant, l.search == nil, l.symbolic.flops > threshold,
           let approximation = try? ChebyshevLogDeterminant(self) {
            return l.searching(with: approximation)
        }
        return ld
    }
}
