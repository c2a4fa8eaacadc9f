import Foundation

/// How effects are given standard errors.
public enum ImpactInference: Sendable, Codable, Equatable {
    /// Point estimates only.
    case none
    /// `draws` parameter vectors from the estimated asymptotic normal distribution (LeSage & Pace 2009, 4.2),
    /// seeded (a draw with rho outside the feasible interval is redrawn): reports the mean, sd, z = mean/sd (spatialreg's convention), p and the 2.5%/97.5% percentiles.
    case simulation(draws: Int, seed: UInt64)
    /// The delta method: `Var = J V J'` with J the Jacobian of the effects in (beta, theta, rho), by central differences.
    case delta
}

/// One effect (direct, indirect or total) of one regressor.
public struct EffectEstimate: Sendable, Codable, Equatable {
    /// The regressor's name.
    public let name: String
    /// The point estimate of the effect, at the fitted coefficients.
    public let estimate: Double
    /// Its standard error: the draws' standard deviation (simulation) or `sqrt(J V J')` (delta method); `nil` without
    /// inference.
    public let stdError: Double?
    /// `z = mean/sd` of the draws (simulation, spatialreg's convention) or `estimate/stdError` (delta method); `nil`
    /// without inference.
    public let z: Double?
    /// The two-sided normal p-value of ``z``; `nil` without inference.
    public let pValue: Double?
    /// Percentile interval of the simulated draws (simulation only).
    public let lower: Double?
    /// Upper end of the 2.5%–97.5% percentile interval of the simulated draws (simulation only).
    public let upper: Double?
    /// Mean of the simulated draws (simulation only).
    public let simulatedMean: Double?

    enum CodingKeys: String, CodingKey {
        case name, estimate, stdError = "std_error", z, pValue = "p_value", lower, upper, simulatedMean = "simulated_mean"
    }
}

/// Direct, indirect (spillover) and total effects of each regressor (LeSage & Pace 2009, ch. 2.7 and 4):
/// `S_k(W) = (I - rho W)^-1 (beta_k I + theta_k W)`, direct = `tr(S_k)/n`, total = `1'S_k 1/n`,
/// indirect = total - direct. Traces come from the log-determinant (`tr((I - rho W)^-1) = n + rho tr(W (I - rho W)^-1)`,
/// ``LogDeterminant/traces(_:)``): its eigenvalues up to 2,000 units; above, when it is exact (sparse factorisations)
/// and n <= ``exactTraceMaximumUnits``, a spline through 33 exact traces over rho +- 6 standard errors (the estimate a
/// knot, so the point effects are exact); otherwise the series `sum_k rho^k tr(W^k)` with Hutchinson estimates of
/// `tr(W^k)`, k <= 100 (``TraceSeries``); totals from `(beta_k + theta_k)/(1 - rho)` when every row of
/// W sums to one, otherwise from `1'(I - rho W)^-1 c` (dense LU up to 2,000 units, sparse BiCGSTAB above). No n x n
/// inverse per draw; above 2,000 units no n x n matrix at all (the log-determinant's traces are then those of the
/// sparse or approximate method the fit used).
/// For SLX/SDEM the effects are beta (direct) and theta (indirect). The SEM has none to estimate (direct = beta,
/// indirect = 0 by construction): it is refused rather than reported with a zero standard error and an undefined z.
///
/// A fit whose spatial parameter is at a bound of its feasible interval (``BoundaryStatus``, the fit's `atBound`) is
/// refused with ``ModelError/atBound(parameter:value:bound:)``: `(I - rho W)^-1` explodes as rho approaches
/// `1/lambda_max`, so the effects there measure the boundary, not the data.
public struct ImpactMeasures: Sendable, Codable {
    /// The direct effects `tr(S_k)/n`, one per regressor (no intercept).
    public let direct: [EffectEstimate]
    /// The indirect (spillover) effects, total minus direct, one per regressor.
    public let indirect: [EffectEstimate]
    /// The total effects `1'S_k 1/n`, one per regressor.
    public let total: [EffectEstimate]
    /// How the standard errors were obtained (method, draws, seed) and how the traces were computed, as the summary
    /// prints it.
    public let inference: String

    /// Up to this many units an exact log-determinant's traces give the direct effects (33 of its derivative pairs, 165
    /// factorisations); above, and for approximate log-determinants, the Hutchinson series of `tr(W^k)`.
    public static let exactTraceMaximumUnits = 20_000

    /// The point effects for given parameters.
    struct Evaluator {
        let n: Int
        let logDeterminant: (any LogDeterminant)?
        let rowsSumToOne: Bool
        let weights: SpatialWeights

        /// `tr(W^k)`, k <= K, for large n (Hutchinson): direct effects from the series, no n x n matrix.
        var traceSeries: TraceSeries? = nil
        /// `tr(W A^-1)` as a spline through exact traces on a grid around the estimate (large n, exact log-determinant).
        var firstTraceSpline: CubicSpline? = nil

        /// `tr(W (I - rho W)^-1)`: the spline inside its knots, else the log-determinant's traces.
        func firstTrace(_ r: Double, _ ld: any LogDeterminant) -> Double {
            if let spline = firstTraceSpline, let lo = spline.knots.first, let hi = spline.knots.last, r >= lo, r <= hi {
                return spline.evaluate(r).value
            }
            return ld.traces(r).first
        }

        /// The traces of `(I - rho W)^-1 W2` when the W X terms use a second matrix W2 (`nil`: W2 = W).
        var durbinTraces: DurbinWeightsTraces? = nil
        /// `tr(W)` and `1'W 1`: the effects of `W x` without a lag in y.
        var selfWeights = 0.0, entrySum = 0.0

        /// (direct, total) for coefficient b, lag coefficient t, spatial parameter rho (nil: no lag in y): the
        /// averages of the diagonal and of the row sums of `S (b I + t W2)`, `S = (I - rho W)^-1` (`S = I` without
        /// a lag; W2 = W unless a second matrix was given).
        func effects(beta b: Double, theta t: Double, rho: Double?) -> (direct: Double, total: Double) {
            let nn = Double(n)
            guard let r = rho, let ld = logDeterminant else {
                // S = I: direct b + t tr(W2)/n, total b + t 1'W2 1/n (b and b + t for row-standardised W2 without
                // self-neighbours).
                let m: (trace: Double, sum: Double) = durbinTraces.map { ($0.trace, $0.rowSums.reduce(0, +)) } ?? (selfWeights, entrySum)
                return (b + t * m.trace / nn, b + t * m.sum / nn)
            }
            // tr(S) and tr(S W) (LeSage & Pace 2009, 4.25 ff.): from the series sum_k rho^k tr(W^k) for large n,
            // else tr(S) = n + rho tr(W S).
            let trS: Double, trSW: Double
            if let series = traceSeries {
                var s0 = 0.0, s1 = 0.0, power = 1.0
                let tr = series.traces
                for k in 0..<(tr.count - 1) { s0 += power * tr[k]; s1 += power * tr[k + 1]; power *= r }
                trS = s0; trSW = s1
            } else {
                let t1 = firstTrace(r, ld)
                trS = nn + r * t1; trSW = t1
            }
            let direct = (b * trS + t * (durbinTraces?.value(rho: r) ?? trSW)) / nn
            if rowsSumToOne && durbinTraces?.rowsSumToOne ?? true { return (direct, (b + t) / (1 - r)) }
            let lagSums = durbinTraces?.rowSums ?? weights.matrix.rowSums
            return (direct, (b * sumInverse(r, [Double](repeating: 1, count: n)) + t * sumInverse(r, lagSums)) / nn)
        }

        /// `1'(I - rho W)^-1 v` (v = 1, or the row sums of W or W2): a dense LU up to 2,000 units, a sparse
        /// BiCGSTAB solve above.
        func sumInverse(_ r: Double, _ rhs: [Double]) -> Double {
            if n > 2_000 {
                return (try? ShiftedSparseSolver(weights.matrix, rho: r).solve(rhs))?.reduce(0, +) ?? .nan
            }
            let w = weights.matrix.dense
            guard let a = try? Matrix.identity(n) - r * w, let lu = try? LUDecomposition(a) else { return .nan }
            guard let v = try? lu.solve(Matrix(rows: n, columns: 1, columnMajor: rhs)) else { return .nan }
            return v.elements.reduce(0, +)
        }
    }

    /// Effects of a fitted model (cross-section or panel: W is the n x n weights of one cross-section). Regressors
    /// are the non-constant columns; for Durbin models their `W_` lags are the thetas.
    ///
    /// - Parameters:
    ///   - fit: a cross-section or panel fit with a spatial lag or `W X` (not the SEM, nor a fit at a bound).
    ///   - weights: `nil` (the default) uses the weights the fit holds (``SpatialFit/weightsUsed``); a fit
    ///     decoded from JSON holds none, so pass the W it was fitted with.
    ///   - durbinWeights: the second matrix W2 of the W X terms when the fit used one (`nil`: the one the fit holds);
    ///     the effects are then those of `(I - rho W)^-1 (b I + theta W2)`, from the traces `tr((I - rho W)^-1 W2)`.
    ///   - logDeterminant: the log-determinant whose traces give the direct effects; `nil` takes the fit's, or
    ///     chooses one from W.
    ///   - inference: none (default), simulation from the estimates' asymptotic distribution, or the delta method.
    ///   - progress: called during the simulation draws.
    public init(_ fit: some SpatialEffectsSource, weights given: SpatialWeights? = nil, durbinWeights givenDurbin: SpatialWeights? = nil,
                logDeterminant: (any LogDeterminant)? = nil,
                inference: ImpactInference = .none, progress: ProgressHandler? = nil) throws(ModelError) {
        if let hit = fit.boundary { throw hit.error }
        guard let weights = given ?? fit.weightsUsed else {
            throw .invalidArgument("this fit does not hold its weights (a fit decoded from JSON does not): pass the W it was fitted with "
                + "(ImpactMeasures(fit, weights: w))")
        }
        guard weights.count == fit.unitCount else { throw .sizeMismatch("weights over \(weights.count) units, the fit has \(fit.unitCount)") }
        let names = fit.coefficients.map(\.name)
        let regressors = names.filter { $0 != "(Intercept)" && !$0.hasPrefix("W_") }
        let betaIndex = regressors.compactMap { names.firstIndex(of: $0) }
        let thetaIndex = regressors.map { names.firstIndex(of: "W_" + $0) }
        guard fit.rho != nil || thetaIndex.contains(where: { $0 != nil }) else {
            throw .invalidArgument("a model without W y or W X terms (SEM) has no spillovers: its direct effects are its coefficients and its "
                + "indirect effects are zero by construction, so there is nothing to estimate; report the coefficients (or fit an SDEM or SDM)")
        }
        let rhoIndex: Int? = fit.rho == nil ? nil : names.count
        var ld: (any LogDeterminant)? = logDeterminant
        if fit.rho != nil && ld == nil { ld = fit.logDeterminantUsed }
        if fit.rho != nil && ld == nil { ld = try weights.modelLogDeterminant() }
        var evaluator = Evaluator(n: fit.unitCount, logDeterminant: ld, rowsSumToOne: weights.isRowStochastic, weights: weights)
        evaluator.selfWeights = weights.matrix.firstTwoPowerTraces.first
        evaluator.entrySum = weights.matrix.values.reduce(0, +)
        var traceNote = ""
        if fit.separateDurbinWeights {
            // S (b I + theta W2): the W2 terms' direct effects need tr(S W2) (DurbinWeightsTraces).
            guard let w2 = givenDurbin ?? fit.durbinWeightsUsed else {
                throw .invalidArgument("the W X terms use a second weights matrix W2 (durbinWeights, --durbin-weights) that this fit does not hold "
                    + "(a fit decoded from JSON does not): pass it (ImpactMeasures(fit, weights: w, durbinWeights: w2))")
            }
            guard w2.count == fit.unitCount else { throw .sizeMismatch("durbinWeights over \(w2.count) units, the fit has \(fit.unitCount)") }
            evaluator.durbinTraces = try DurbinWeightsTraces(weights, second: w2)
            if fit.rho != nil, let dt = evaluator.durbinTraces { traceNote += dt.note }
        }
        if let r0 = fit.rho, let exact = ld, exact.accuracy == .exact, fit.unitCount > 2_000, fit.unitCount <= Self.exactTraceMaximumUnits {
            // Exact log-determinant (sparse factorisations): tr(W A^-1) exact at 33 knots over rho +- 6 standard errors
            // (the estimate a knot), a spline between them for the draws and the delta method's differences.
            let interval = exact.interval, width = interval.upperBound - interval.lowerBound
            let se = r0.stdError.isFinite && r0.stdError > 0 ? r0.stdError : 0.01 * width
            let lo = max(r0.estimate - 6 * se, interval.lowerBound + 1e-3 * width), hi = min(r0.estimate + 6 * se, interval.upperBound - 1e-3 * width)
            if lo < r0.estimate && r0.estimate < hi {
                let knots = (0..<16).map { lo + Double($0) * (r0.estimate - lo) / 16 } + [r0.estimate]
                    + (1...16).map { r0.estimate + Double($0) * (hi - r0.estimate) / 16 }
                evaluator.firstTraceSpline = CubicSpline(knots: knots, values: knots.map { exact.traces($0).first })
            }
            traceNote = "; direct effects from exact traces tr(W (I - rho W)^-1) (spline through 33 exact values around the estimate)"
        } else if fit.rho != nil && fit.unitCount > 2_000 {
            // Large n: the direct effects from Hutchinson traces tr(W^k), k <= 100 (LeSage & Pace 2009, ch. 4).
            let probes = max(10, min(50, 1_000_000 / fit.unitCount))
            do { evaluator.traceSeries = try TraceSeries(hutchinson: weights, order: 100, probes: probes, seed: 1) } catch {
                throw .numerical("traces of W for the effects: \(error)")
            }
            traceNote = "; direct effects from tr(W^k), k <= 100, by Hutchinson's estimator (\(probes) probes)"
        }
        // Parameter vector (coefficients..., rho?) and its covariance.
        let theta0 = fit.coefficients.map(\.estimate) + (fit.rho.map { [$0.estimate] } ?? [])
        let dim = theta0.count
        var cov = Matrix(rows: dim, columns: dim)
        for i in 0..<dim { for j in 0..<dim { cov[i, j] = fit.covariance[i, j] } }
        func point(_ p: [Double], _ k: Int) -> (Double, Double, Double) {
            let (d, t) = evaluator.effects(beta: p[betaIndex[k]], theta: thetaIndex[k].map { p[$0] } ?? 0, rho: rhoIndex.map { p[$0] })
            return (d, t - d, t)
        }
        let estimates = regressors.indices.map { point(theta0, $0) }
        var d = [EffectEstimate](), ind = [EffectEstimate](), tot = [EffectEstimate]()
        switch inference {
        case .none:
            for (k, name) in regressors.enumerated() {
                let e = estimates[k]
                d.append(EffectEstimate(name: name, estimate: e.0, stdError: nil, z: nil, pValue: nil, lower: nil, upper: nil, simulatedMean: nil))
                ind.append(EffectEstimate(name: name, estimate: e.1, stdError: nil, z: nil, pValue: nil, lower: nil, upper: nil, simulatedMean: nil))
                tot.append(EffectEstimate(name: name, estimate: e.2, stdError: nil, z: nil, pValue: nil, lower: nil, upper: nil, simulatedMean: nil))
            }
            self.inference = "none (point estimates)" + traceNote
        case .delta:
            for (k, name) in regressors.enumerated() {
                var jac = [[Double]](repeating: [Double](repeating: 0, count: dim), count: 3)
                for j in 0..<dim {
                    let h = 1e-6 * max(1, abs(theta0[j]))
                    var up = theta0, dn = theta0
                    up[j] += h; dn[j] -= h
                    let (a, b) = (point(up, k), point(dn, k))
                    jac[0][j] = (a.0 - b.0) / (2 * h); jac[1][j] = (a.1 - b.1) / (2 * h); jac[2][j] = (a.2 - b.2) / (2 * h)
                }
                let e = estimates[k]
                var out = [EffectEstimate]()
                for (m, value) in [e.0, e.1, e.2].enumerated() {
                    let g = jac[m]
                    let v = (try? cov.multiply(g)).map { zip(g, $0).reduce(0) { $0 + $1.0 * $1.1 } } ?? .nan
                    let se = max(v, 0).squareRoot()
                    let z = value / se
                    out.append(EffectEstimate(name: name, estimate: value, stdError: se, z: z, pValue: Normal.pValue(z, alternative: .twoSided),
                                              lower: value - 1.959963984540054 * se, upper: value + 1.959963984540054 * se, simulatedMean: nil))
                }
                d.append(out[0]); ind.append(out[1]); tot.append(out[2])
            }
            self.inference = "delta method (the fit's covariance: see its standard errors; numerical Jacobian)" + traceNote
        case .simulation(let draws, let seed):
            guard draws >= 2 else { throw .invalidArgument("simulation needs at least 2 draws") }
            guard draws <= ComputationLimits.maximumSimulationDraws else {
                throw .invalidArgument(ComputationLimits.exceeded("simulation draws", draws, ComputationLimits.maximumSimulationDraws))
            }
            let chol: Matrix
            do { chol = try Cholesky(cov).factor } catch { throw .numerical("covariance of the estimates is not positive definite: \(error)") }
            // Draw r: theta0 + U' z, z standard normal from stream r.
            var samples = [[(Double, Double, Double)]](repeating: [], count: regressors.count)
            let reporter = ProgressReporter.make(phase: "simulated effects (\(draws) draws)", total: draws, handler: progress)
            defer { reporter?.finish() }
            for r in 0..<draws {
                reporter?.advance(by: 1)
                var g = SeededGenerator.stream(seed: seed, index: r)
                var p = theta0
                // Draws whose rho leaves the open feasible interval are redrawn from the same stream (truncated normal).
                for _ in 0..<1000 {
                    let z = (0..<dim).map { _ in g.normal() }
                    let shift = (try? chol.multiply(z, .transposed)) ?? [Double](repeating: 0, count: dim)
                    p = theta0
                    for j in 0..<dim { p[j] += shift[j] }
                    guard let ri = rhoIndex, let ldd = ld else { break }
                    if p[ri] > ldd.interval.lowerBound && p[ri] < ldd.interval.upperBound { break }
                }
                for k in regressors.indices { samples[k].append(point(p, k)) }
            }
            func summarize(_ name: String, _ est: Double, _ xs: [Double]) -> EffectEstimate {
                let m = xs.reduce(0, +) / Double(xs.count)
                let sd = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
                let sorted = xs.sorted()
                func q(_ p: Double) -> Double {
                    let h = (Double(sorted.count) - 1) * p, lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
                    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
                }
                let z = m / sd
                return EffectEstimate(name: name, estimate: est, stdError: sd, z: z, pValue: Normal.pValue(z, alternative: .twoSided),
                                      lower: q(0.025), upper: q(0.975), simulatedMean: m)
            }
            for (k, name) in regressors.enumerated() {
                d.append(summarize(name, estimates[k].0, samples[k].map(\.0)))
                ind.append(summarize(name, estimates[k].1, samples[k].map(\.1)))
                tot.append(summarize(name, estimates[k].2, samples[k].map(\.2)))
            }
            self.inference = "simulation: \(draws) draws from the asymptotic normal distribution, seed \(seed); z = mean/sd" + traceNote
        }
        direct = d
        indirect = ind
        total = tot
    }
}

/// What the effects need from a fit: coefficients (beta, then `W_` thetas), rho, their covariance, and the number of
/// units of one cross-section.
public protocol SpatialEffectsSource: Sendable {
    /// The fit's coefficients: beta, then the thetas of `W X` (named `W_<x>`).
    var coefficients: [Coefficient] { get }
    /// The spatial lag parameter rho (`nil`: a model without `W y`, whose effects are beta and theta).
    var rho: Coefficient? { get }
    /// Covariance of (coefficients..., rho?).
    var covariance: Matrix { get }
    /// The number of units of one cross-section (N for a panel, the size of W).
    var unitCount: Int { get }
    /// The log-determinant the fit used (its traces give the direct effects), so that effects do not recompute it.
    var logDeterminantUsed: (any LogDeterminant)? { get }
    /// The spatial parameter at a bound of its feasible interval, if any: effects refuse such a fit.
    var boundary: BoundaryHit? { get }
    /// The weights the fit was fitted with (`nil`: the caller passes them).
    var weightsUsed: SpatialWeights? { get }
    /// Whether the W X terms use a weights matrix other than W (``DurbinTerms``): the effects then need that matrix.
    var separateDurbinWeights: Bool { get }
    /// The second weights matrix of the W X terms when ``separateDurbinWeights`` (`nil`: W, or not held).
    var durbinWeightsUsed: SpatialWeights? { get }
}

extension SpatialEffectsSource {
    public var logDeterminantUsed: (any LogDeterminant)? { nil }
    public var boundary: BoundaryHit? { nil }
    public var weightsUsed: SpatialWeights? { nil }
    public var separateDurbinWeights: Bool { false }
    public var durbinWeightsUsed: SpatialWeights? { nil }
}

extension SpatialRegression: SpatialEffectsSource {
    /// The number of units, n.
    public var unitCount: Int { n }
}

extension PanelRegression: SpatialEffectsSource {
    /// The number of units of one period, N.
    public var unitCount: Int { n }
}

/// A random-effects lag model as a source of effects: its coefficients without the intercept's special role, rho,
/// and the full covariance of (coefficients, rho) from the numerical Hessian (``RandomEffectsRegression/effectsCovariance``).
struct RandomEffectsLagSource: SpatialEffectsSource {
    let coefficients: [Coefficient]
    let rho: Coefficient?
    let covariance: Matrix
    let unitCount: Int
    let boundary: BoundaryHit?
    let weightsUsed: SpatialWeights?
    let logDeterminantUsed: (any LogDeterminant)?
}

extension ImpactMeasures {
    /// Effects of a random-effects SAR or SDM panel model.
    public init(_ fit: RandomEffectsRegression, weights: SpatialWeights? = nil, logDeterminant: (any LogDeterminant)? = nil,
                inference: ImpactInference = .none) throws(ModelError) {
        if let hit = fit.boundary { throw hit.error }
        guard let rho = fit.rho, let cov = fit.effectsCovariance else {
            throw .invalidArgument("effects need a random-effects lag model (sar or sdm) with a full covariance matrix")
        }
        try self.init(RandomEffectsLagSource(coefficients: fit.coefficients, rho: rho, covariance: cov, unitCount: fit.n, boundary: fit.boundary,
                                              weightsUsed: fit.weightsUsed, logDeterminantUsed: fit.logDeterminantUsed), weights: weights,
                      logDeterminant: logDeterminant, inference: inference)
    }
}
