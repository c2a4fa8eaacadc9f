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
    public let method: LogDeterminantMethod
    public let logDeterminant: any LogDeterminant
    /// ``LogDeterminant/accuracy`` of the chosen method.
    public let accuracy: LogDeterminantAccuracy
    /// Why this method (the rule and the numbers it used).
    public let reason: String

    /// Dense eigenvalues up to this many units when W is not similar to a symmetric matrix (the alternative is an
    /// approximation; dense eigen at n = 2,500 already costs seconds with reference LAPACK).
    public static let eigenMaximumUnits = 2_000
    /// Dense eigenvalues up to this many units when W is similar to a symmetric matrix; above, the sparse Cholesky
    /// grid is exact at its points (spline error ~1e-7 relative) and 20–40 times faster (n = 1,024: 0.016 s
    /// against 0.4–0.6 s for the eigenvalues with reference LAPACK).
    public static let eigenSymmetricMaximumUnits = 500
    /// Sparse Cholesky while one factorisation costs at most this many multiply-adds: about 5 x 10^4 units of planar
    /// contiguity. A 10^5 rook lattice needs 1.9e8 (0.2–0.6 s per factorisation, 10–27 s for the 41-point grid on
    /// one core) where stochastic Lanczos quadrature takes 1.4 s for a 3e-4 relative error, well inside the
    /// sampling error of rho at that N (Docs/LogDeterminants.md).
    public static let choleskyMaximumFlops = 5e7
    /// Sparse Cholesky at every rho (exact, ``ExactSparseCholeskyLogDeterminant``) up to this many units, the size up
    /// to which the peers are exact; above, the interpolated grid (``SparseCholeskyLogDeterminant``), whose
    /// factorisations run in parallel.
    public static let exactCholeskyMaximumUnits = 100_000
    /// Largest n for which dense eigenvalues or dense LU may be forced.
    public static let denseMaximumUnits = 20_000

    /// The automatic rule: dense eigenvalues for `n <=` ``eigenMaximumUnits``; otherwise sparse Cholesky when W is
    /// similar to a symmetric matrix and one factorisation costs at most ``choleskyMaximumFlops``
    /// (`factorisationFlops` from the symbolic analysis, nil when it was not possible); otherwise stochastic Lanczos
    /// quadrature when W is similar to a symmetric matrix (its Gauss rule doubles the polynomial degree per
    /// product compared with Chebyshev), Chebyshev when it is not (SLQ needs symmetry).
    public static func choose(units n: Int, similarToSymmetric: Bool, factorisationFlops: Double?) -> LogDeterminantMethod {
        if similarToSymmetric && n <= eigenSymmetricMaximumUnits { return .eigenSymmetric }
        if !similarToSymmetric && n <= eigenMaximumUnits { return .eigenGeneral }
        guard similarToSymmetric else { return .chebyshev }
        if let f = factorisationFlops, f <= choleskyMaximumFlops { return n <= exactCholeskyMaximumUnits ? .sparseCholeskyExact : .sparseCholesky }
        return .lanczosQuadrature
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
            method = LogDeterminantSelection.choose(units: count, similarToSymmetric: op.isSymmetric, factorisationFlops: symbolic?.flops)
            let eigenLimit = op.isSymmetric ? LogDeterminantSelection.eigenSymmetricMaximumUnits : LogDeterminantSelection.eigenMaximumUnits
            reason = "n = \(count) " + (count <= eigenLimit ? "<= \(eigenLimit): dense eigenvalues"
                : !op.isSymmetric ? "and W not similar to a symmetric matrix: Chebyshev"
                : symbolic.map { String(format: "; sparse Cholesky factorisation needs %.3g multiply-adds (limit %.3g)", $0.flops, LogDeterminantSelection.choleskyMaximumFlops)
                                 + (count <= LogDeterminantSelection.exactCholeskyMaximumUnits ? ", exact at every rho" : ", on a grid") }
                    ?? "; sparse Cholesky fill above 6e7 entries")
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
            ld = try ExactSparseLULogDeterminant(weights: self, operator: op, symbolic: nil, interval: nil, maximumFactorNonzeros: 60_000_000)
        case .chebyshev: ld = try ChebyshevLogDeterminant(self, seed: seed)
        case .monteCarlo: ld = try MonteCarloLogDeterminant(self, seed: seed)
        case .lanczosQuadrature: ld = try LanczosQuadratureLogDeterminant(self, seed: seed)
        }
        return LogDeterminantSelection(method: ld.method, logDeterminant: ld, accuracy: ld.accuracy, reason: reason)
    }
}

extension SpatialWeights {
    /// The automatically chosen log-determinant for a model fit, its error mapped to ``ModelError``.
    func modelLogDeterminant() throws(ModelError) -> any LogDeterminant {
        do { return try logDeterminant(.automatic).logDeterminant } catch { throw .numerical("log-determinant: \(error)") }
    }
}
