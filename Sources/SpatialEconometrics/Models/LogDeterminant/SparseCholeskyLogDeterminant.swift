import Dispatch
import Foundation

/// `ln|I - rho W|` from sparse Cholesky factorisations of `I - rho S` on a grid of rho, interpolated by a cubic
/// spline (Pace & Barry 1997), where `S = D^1/2 W D^-1/2` is the symmetric matrix similar to W, so
/// `|I - rho W| = |I - rho S| = prod_k L_kk^2` for `P (I - rho S) P' = L L'`.
///
/// The ordering and the symbolic analysis (``SparseCholeskySymbolic``) are done once; each grid point costs one
/// numeric factorisation. The grid has Chebyshev–Lobatto spacing over the feasible interval shrunk by `1e-4`
/// relative at each end, where the spectrum crowds. Before interpolating, the known singular terms are removed:
/// for constant row sums c (row-standardised W), `k_+ ln(1 - rho c)` with `k_+` the number of connected components
/// with a link (the multiplicity of the Perron root c) and `k_- ln(1 + rho c)` with `k_-` the number of bipartite
/// ones (whose eigenvalue -c is then exact); the spline interpolates the smooth remainder.
///
/// `traces(rho)` differentiates the spline (plus the singular terms): `tr(W A^-1) = -d ln|A| / d rho` and
/// `tr((W A^-1)^2) = -d^2 ln|A| / d rho^2` (LeSage & Pace 2009, sec. 4.2), with O(h^3) and O(h^2) errors.
/// ``exactValue(_:)`` factorises at any rho.
///
/// Accuracy: exact at the grid points; between them the spline's error is estimated by refitting through every
/// other grid point and comparing with the left-out exact values (the refit has twice the spacing, so this
/// over-states the full spline's O(h^4) error; the estimate is reported divided by 4, still conservative in the
/// measurements in `Docs/LogDeterminants.md`).
///
/// References: Pace, R. K. & Barry, R. (1997), Quick computation of spatial autoregressive estimators,
/// *Geographical Analysis* 29(3), 232–247. Davis, T. A. (2006), *Direct Methods for Sparse Linear Systems*, SIAM.
///
/// - Complexity: ordering O((n + nnz) log n); per grid point O(sum_j |L_*j|^2) (O(n^1.5) for planar contiguity
///   with nested dissection); memory O(nnz(L)). O(log m) per `value`.
public struct SparseCholeskyLogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/sparseCholesky``.
    public let method = LogDeterminantMethod.sparseCholesky
    public let interval: ClosedRange<Double>
    /// The rho grid and the exact `ln|I - rho W|` there.
    public let grid: [Double]
    /// The exact `ln|I - rho W|` at each point of ``grid``, which the cubic spline interpolates.
    public let gridValues: [Double]
    /// Estimated largest interpolation error over the grid's range.
    public let interpolationError: Double
    /// The symbolic factorisation (ordering, fill, flops per factorisation).
    public let symbolic: SparseCholeskySymbolic
    let s: SparseMatrix
    let spline: CubicSpline
    let singular: SingularTerms

    /// Coarse-spline check errors at the odd grid points (`/ 4`), for the local estimate.
    let checkErrors: [Double]

    /// The worst local estimate over the working range (`0.95 x` each bound).
    public var accuracy: LogDeterminantAccuracy { worstAccuracyOverWorkingRange() }

    /// The interpolation error estimated near this rho: the largest left-out-point error of the coarse spline at the
    /// odd grid points within two grid intervals, divided by 4. Exact at grid points is not claimed (rounding aside).
    public func accuracy(at rho: Double) -> LogDeterminantAccuracy {
        guard interval.contains(rho) else { return .interpolated(maximumError: .nan) }
        var i = 0
        while i < grid.count - 2 && grid[i + 1] <= rho { i += 1 }
        var e = 0.0
        for j in max(0, i - 1)...min(grid.count - 1, i + 2) where j % 2 == 1 { e = max(e, checkErrors[j / 2]) }
        return .interpolated(maximumError: e)
    }

    /// Prepares the grid. Throws ``LogDeterminantError/notSimilarToSymmetric(_:)`` for W not similar to a
    /// symmetric matrix, ``LogDeterminantError/fillTooLarge(_:)`` when L would exceed `maximumFactorNonzeros`, and
    /// ``LogDeterminantError/outsideFeasibleInterval(rho:interval:)`` if a grid point cannot be factorised
    /// (an `interval` given that is too wide).
    ///
    /// - Parameters:
    ///   - weights: W, similar to a symmetric matrix.
    ///   - gridSize: number of rho points (odd, >= 9); default 101 when one factorisation costs at most 2e6
    ///     multiply-adds (n up to a few thousand on planar contiguity), 41 beyond.
    ///   - interval: the feasible interval; default from ``SpectralBounds``.
    ///   - maximumFactorNonzeros: the largest number of non-zeros of L accepted (memory bound).
    public init(_ weights: SpatialWeights, gridSize: Int? = nil, interval: ClosedRange<Double>? = nil,
                maximumFactorNonzeros: Int = 60_000_000) throws(LogDeterminantError) {
        let op = WeightsOperator(weights)
        guard op.isSymmetric else { throw .notSimilarToSymmetric(.sparseCholesky) }
        try self.init(weights: weights, operator: op, symbolic: nil, gridSize: gridSize, interval: interval,
                      maximumFactorNonzeros: maximumFactorNonzeros)
    }

    init(weights: SpatialWeights, operator op: WeightsOperator, symbolic givenSymbolic: SparseCholeskySymbolic?, gridSize requested: Int?,
         interval given: ClosedRange<Double>?, maximumFactorNonzeros: Int) throws(LogDeterminantError) {
        guard weights.count > 0 else { throw .empty }
        s = op.matrix
        let structure = SingularTerms(weights)
        singular = structure
        let feasible = try SpectralBounds.feasibleInterval(given: given, weights: weights, operator: op, singular: structure)
        interval = feasible
        if let sym = givenSymbolic { symbolic = sym } else {
            do { symbolic = try SparseCholeskySymbolic(pattern: s, maximumFactorNonzeros: maximumFactorNonzeros) } catch {
                throw .fillTooLarge(error.description)
            }
        }
        let gridSize = requested ?? (symbolic.flops <= 2e6 ? 101 : 41)
        guard gridSize >= 9 else { throw .invalidArgument("grid size \(gridSize) < 9") }
        let m = gridSize | 1
        let lo = feasible.lowerBound * (1 - 1e-4), hi = feasible.upperBound * (1 - 1e-4)
        let rhos = (0..<m).map { j in (lo + hi) / 2 - (hi - lo) / 2 * cos(Double.pi * Double(j) / Double(m - 1)) }
        grid = rhos
        // The grid points are independent factorisations: in parallel.
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: m)
        buffer.initialize(repeating: .nan)
        defer { buffer.deallocate() }
        let out = UnsafeSendableBuffer(buffer)
        let (sm, sym) = (s, symbolic)
        DispatchQueue.concurrentPerform(iterations: m) { j in
            if case .success(let v) = Self.factorLogDet(rho: rhos[j], s: sm, symbolic: sym) { out.buffer[j] = v }
        }
        let values = Array(buffer)
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw .outsideFeasibleInterval(rho: rhos[bad], interval: feasible) }
        gridValues = values
        let remainder = zip(rhos, values).map { $1 - structure.value($0) }
        guard let sp = CubicSpline(knots: rhos, values: remainder) else { throw .invalidArgument("spline through the rho grid") }
        spline = sp
        // Error estimate: the spline through the even points, at the odd points.
        let evenX = stride(from: 0, to: m, by: 2).map { rhos[$0] }, evenY = stride(from: 0, to: m, by: 2).map { remainder[$0] }
        var checks = [Double]()
        if let coarse = CubicSpline(knots: evenX, values: evenY) {
            for j in stride(from: 1, to: m, by: 2) { checks.append(abs(coarse.evaluate(rhos[j]).value - remainder[j]) / 4) }
        }
        checkErrors = checks
        interpolationError = checks.max() ?? .nan
    }

    /// `ln|I - rho S|` from one numeric factorisation of `I - rho S` on the analysed pattern.
    static func factorLogDet(rho: Double, s: SparseMatrix, symbolic: SparseCholeskySymbolic) -> Result<Double, LinearAlgebraError> {
        var upper = [Double](repeating: 0, count: symbolic.upperRows.count)
        for (k, p) in symbolic.sourcePosition.enumerated() where p >= 0 { upper[p] -= rho * s.values[k] }
        for j in 0..<s.rows { upper[symbolic.upperStart[j + 1] - 1] += 1 }
        do {
            let d = try symbolic.factorUpper(upper)
            return .success(2 * d.reduce(0) { $0 + log($1) })
        } catch { return .failure(error) }
    }

    /// `ln|I - rho W|` by a fresh factorisation at this rho (exact to rounding). Throws
    /// ``LogDeterminantError/outsideFeasibleInterval(rho:interval:)`` when `I - rho S` is not positive definite.
    ///
    /// - Complexity: one numeric factorisation, O(``SparseCholeskySymbolic/flops``).
    public func exactValue(_ rho: Double) throws(LogDeterminantError) -> Double {
        guard rho.isFinite else { throw .outsideFeasibleInterval(rho: rho, interval: interval) }
        switch Self.factorLogDet(rho: rho, s: s, symbolic: symbolic) {
        case .success(let v): return v
        case .failure: throw .outsideFeasibleInterval(rho: rho, interval: interval)
        }
    }

    /// The spline value (NaN outside ``interval``).
    public func value(_ rho: Double) -> Double {
        guard interval.contains(rho) else { return .nan }
        return spline.evaluate(rho).value + singular.value(rho)
    }

    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        guard interval.contains(rho) else { return (.nan, .nan) }
        let e = spline.evaluate(rho), d = singular.derivatives(rho)
        return (-(e.first + d.first), -(e.second + d.second))
    }
}

/// The exactly known extreme eigenvalues of W with constant row sums c (Perron–Frobenius): c with multiplicity the
/// number of connected components with a link, and -c once per bipartite such component; their terms
/// `k ln|1 - rho lambda|` in the log-determinant.
///
/// For W not similar to a symmetric matrix the same holds with the final strongly connected classes of W's directed
/// graph (no link leaves them) in place of the components: W is block triangular on its strongly connected classes,
/// a final class with a link is an irreducible block with row sums c (eigenvalue c, simple), every other class has
/// some row sum below c (spectral radius below c) or is a zero row; -c is an eigenvalue of a final class exactly when
/// its period (the gcd of its cycle lengths) is even (Berman & Plemmons 1994, ch. 2 and 8).
struct SingularTerms: Sendable {
    var terms: [(lambda: Double, multiplicity: Double)] = []
    var exactLowerEigenvalue: Double?

    init(_ weights: SpatialWeights) {
        guard let c = weights.constantRowSum(), c > 0 else { return }
        let (classes, even) = weights.symmetrizingScale() != nil ? Self.components(weights.matrix) : Self.finalClasses(weights.matrix)
        if classes > 0 { terms.append((c, Double(classes))) }
        if even > 0 { terms.append((-c, Double(even))); exactLowerEigenvalue = -c }
    }

    /// Connected components with a link, and how many of them are bipartite (W similar to a symmetric matrix, so its
    /// pattern is symmetric).
    static func components(_ m: SparseMatrix) -> (withLink: Int, bipartite: Int) {
        let n = m.rows
        var colour = [Int8](repeating: -1, count: n)
        var components = 0, bipartite = 0
        var stack = [Int]()
        for root in 0..<n where colour[root] < 0 && m.rowStart[root] < m.rowStart[root + 1] {
            components += 1
            var isBipartite = true
            colour[root] = 0
            stack.append(root)
            while let i = stack.popLast() {
                for k in m.rowStart[i]..<m.rowStart[i + 1] {
                    let j = m.columnIndices[k]
                    if colour[j] < 0 { colour[j] = 1 - colour[i]; stack.append(j) } else if colour[j] == colour[i] { isBipartite = false }
                }
            }
            if isBipartite { bipartite += 1 }
        }
        return (components, bipartite)
    }

    /// Final strongly connected classes with a link of the directed graph `i -> j` for `w_ij > 0`, and how many of
    /// them have an even period. Tarjan's algorithm (iterative), then a breadth-first level per final class: its
    /// period is the gcd of `level(i) + 1 - level(j)` over its links.
    ///
    /// - Complexity: O(n + nnz).
    static func finalClasses(_ m: SparseMatrix) -> (withLink: Int, evenPeriod: Int) {
        let n = m.rows
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n), comp = [Int](repeating: -1, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack = [Int](), call = [(vertex: Int, next: Int)]()
        var counter = 0, classes = 0
        for s in 0..<n where index[s] < 0 {
            index[s] = counter; low[s] = counter; counter += 1
            stack.append(s); onStack[s] = true
            call.append((s, m.rowStart[s]))
            while let top = call.last {
                let v = top.vertex
                if top.next < m.rowStart[v + 1] {
                    call[call.count - 1].next += 1
                    let u = m.columnIndices[top.next]
                    guard m.values[top.next] > 0 else { continue }
                    if index[u] < 0 {
                        index[u] = counter; low[u] = counter; counter += 1
                        stack.append(u); onStack[u] = true
                        call.append((u, m.rowStart[u]))
                    } else if onStack[u] { low[v] = min(low[v], index[u]) }
                } else {
                    call.removeLast()
                    if let parent = call.last { low[parent.vertex] = min(low[parent.vertex], low[v]) }
                    if low[v] == index[v] {
                        while let x = stack.popLast() { onStack[x] = false; comp[x] = classes; if x == v { break } }
                        classes += 1
                    }
                }
            }
        }
        // A class is final when no link leaves it; it has a link when one of its rows is not empty.
        var isFinal = [Bool](repeating: true, count: classes), hasLink = [Bool](repeating: false, count: classes)
        for i in 0..<n {
            for k in m.rowStart[i]..<m.rowStart[i + 1] where m.values[k] > 0 {
                hasLink[comp[i]] = true
                if comp[m.columnIndices[k]] != comp[i] { isFinal[comp[i]] = false }
            }
        }
        var level = [Int](repeating: -1, count: n)
        var final = 0, even = 0
        var queue = [Int]()
        for root in 0..<n where level[root] < 0 && isFinal[comp[root]] && hasLink[comp[root]] {
            final += 1
            level[root] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(root)
            var head = 0, period = 0
            while head < queue.count {
                let i = queue[head]; head += 1
                for k in m.rowStart[i]..<m.rowStart[i + 1] where m.values[k] > 0 {
                    let j = m.columnIndices[k]   // inside the class: it is final
                    if level[j] < 0 { level[j] = level[i] + 1; queue.append(j) } else {
                        var a = abs(level[i] + 1 - level[j]), b = period
                        while b != 0 { (a, b) = (b, a % b) }
                        period = a
                    }
                }
            }
            if period > 0 && period % 2 == 0 { even += 1 }
        }
        return (final, even)
    }

    func value(_ rho: Double) -> Double { terms.reduce(0) { $0 + $1.multiplicity * log(abs(1 - rho * $1.lambda)) } }

    func derivatives(_ rho: Double) -> (first: Double, second: Double) {
        var d1 = 0.0, d2 = 0.0
        for t in terms {
            let q = t.lambda / (1 - rho * t.lambda)
            d1 -= t.multiplicity * q
            d2 -= t.multiplicity * q * q
        }
        return (d1, d2)
    }
}
