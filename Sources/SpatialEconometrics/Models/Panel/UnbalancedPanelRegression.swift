import Foundation

/// Maximum-likelihood fixed-effects spatial lag panels (SAR, SDM) on an unbalanced panel, by the exact direct
/// approach: in each period only the observed units enter.
///
/// With `N_t` the units observed in period t, `y_t`, `X_t` their rows and `W_t` the N_t x N_t restriction of W to them
/// (``UnbalancedWeights``: re-normalised, the default, or W's weights kept), the model is
///
///     y_t = rho W_t y_t + X_t b + (W_t X_t) theta + mu_t + alpha_t 1 + e_t,    e ~ N(0, s2 I)
///
/// (`mu_t` the observed units' effects). The lags `W_t y_t`, `W_t X_t` are formed per period on the original data;
/// then the effects are removed by the exact projection `M_D` off the unit and period dummies of the observed cells
/// (two-way: the T x T Schur complement of the dummy system; Wansbeek & Kapteyn 1989, Baltagi 2021 sec. 9.3). The
/// concentrated log-likelihood over m = sum_t N_t observations is
///
///     ln L(rho) = -m/2 (ln(2 pi SSE(rho)/m) + 1) + sum_t ln|I - rho W_t|,   SSE(rho) = |M_D (y - rho W y - X b)|^2 minimised over b
///
/// (Wang & Lee 2013 for the Jacobian of a panel observed in part; Elhorst 2014 ch. 3 for the direct approach); the sum
/// has one log-determinant per distinct set of observed units, times the number of periods that share it, and goes
/// to the package's one likelihood engine (``ConcentratedLikelihood/lag(_:jacobian:start:)``). With no cell missing
/// this is ``PanelRegression`` with `estimator: .direct`, to rounding. sigma^2 = SSE/m, biased for small T as the
/// balanced direct approach (no Lee–Yu correction exists for gaps).
///
/// Standard errors: the analytical information matrix of this likelihood, the balanced direct approach's formula
/// summed over periods: `I_bb = X~'X~/s2`, `I_b,rho = sum_t X~_t' G_t X~_t b / s2`,
/// `I_rho,rho = sum_t |G_t X~_t b|^2 / s2 + sum_t [tr(G_t^2) + tr(G_t'G_t)]`, `I_rho,s2 = sum_t tr(G_t)/s2`,
/// `I_s2,s2 = m/(2 s2^2)`, `G_t = W_t (I - rho W_t)^-1` (exact traces per distinct W_t, dense or sparse as
/// ``InformationMatrix`` chooses).
///
/// Effects (``ImpactMeasures``) use the full W over all N units: the spillovers of the population the panel samples,
/// as for a balanced panel (``weightsUsed`` is the full W).
///
/// Refusals, all typed ``ModelError``: the SEM and SDEM (with gaps `(I - lambda W_t) mu_t` is no longer a unit effect,
/// so demeaning does not remove the effects exactly: the dummies would have to be transformed and projected again at
/// every lambda; use the balanced panel or the SAR/SDM); a unit observed in one period only with individual effects,
/// a period with one unit with time effects (each is fitted exactly by its effect), a two-way design whose unit-period
/// graph is not connected; and the balanced checks (constant or perfectly fitted response, collinear regressors,
/// non-convergence). A unit observed in a period where none of its neighbours is has a zero row in `W_t`: allowed,
/// counted in a warning.
///
/// ```swift
/// let panel = try UnbalancedPanel(table: table, unit: "county", time: "year", unitOrder: w.ids)
/// let fit = try UnbalancedPanelRegression(.sdm, panel: panel, y: "y", x: ["x1", "x2"], weights: w)
/// let effects = try ImpactMeasures(fit, inference: .delta)
/// ```
///
/// References: Wang, W. & Lee, L.-F. (2013), Estimation of spatial autoregressive models with randomly missing data in
/// the dependent variable, *Econometrics Journal* 16, 73–102; Wansbeek, T. & Kapteyn, A. (1989), Estimation of the
/// error-components model with incomplete panels, *J. Econometrics* 41, 341–361; Baltagi, B. H. (2021), *Econometric
/// Analysis of Panel Data*, 6th ed., ch. 9; Elhorst, J. P. (2014), *Spatial Econometrics*, ch. 3.
///
/// - Complexity: per distinct observed set, one log-determinant of `W_t` (as a balanced fit of that size) and one
///   information-matrix block; the projection is O(sum_i T_i^2 + T^3) once and O(m + T^2) per column.
public struct UnbalancedPanelRegression: Sendable, Codable {
    /// The model fitted (SAR or SDM).
    public let model: SpatialModel
    /// The fixed effects removed.
    public let effects: PanelEffects
    /// How each period's `W_t` was formed from W.
    public let periodWeights: UnbalancedWeights
    /// The response's name.
    public let yName: String
    /// N, the units of the panel (observed in at least one period or not).
    public let n: Int
    /// T, the periods.
    public let t: Int
    /// m = sum_t N_t, the observed cells: the observations of the likelihood.
    public let observations: Int
    /// The number of distinct sets of observed units (distinct `W_t`, one log-determinant each).
    public let distinctPeriodWeights: Int
    /// The coefficients (b, then theta of the `W_` lags for SDM).
    public let coefficients: [Coefficient]
    /// rho with its standard error.
    public let rho: Coefficient?
    /// sigma^2 = SSE / m.
    public let sigma2: Double
    /// The maximised log-likelihood.
    public let logLikelihood: Double
    /// Which likelihood ``logLikelihood`` is, and how `W_t` was formed (said in the summary and the JSON).
    public let likelihood: String
    /// `AIC = -2 ln L + 2 p`.
    public let aic: Double
    /// `BIC = -2 ln L + p ln m`.
    public let bic: Double
    /// p: coefficients, rho, sigma^2 (the fixed effects are not counted).
    public let parameterCount: Int
    /// Covariance of (coefficients..., rho).
    public let covariance: Matrix
    /// How the standard errors were computed.
    public let standardErrors: String
    /// The log-determinant method of the periods' `W_t` (that of the first distinct set).
    public let logDeterminantMethod: LogDeterminantMethod
    /// `1 - SSE / sum(y~^2)` on the projected data.
    public let rSquaredWithin: Double
    /// The recovered fixed effects: the dummies' least-squares coefficients on `y - rho W_t y - X b` over the observed
    /// cells, as an intercept plus unit and period effects that each sum to zero (over the units and periods observed),
    /// the balanced fits' convention; units never observed have none. `nil` in JSON written before they existed.
    public let fixedEffects: FixedEffectsEstimates?
    /// Warnings (at a bound, near-singular information, cells without an observed neighbour).
    public let warnings: [String]
    /// rho at a bound of its interval (`nil` when not).
    public let boundary: BoundaryHit?
    /// Whether rho is at a bound of its feasible interval.
    public var atBound: Bool { boundary != nil }
    /// The Jacobian's log-determinant `sum_g m_g ln|I - s W_g|` (not encoded).
    public private(set) var periodLogDeterminant: (any LogDeterminant)? = nil
    /// The full W's log-determinant when the panel is balanced (effects reuse it), otherwise `nil` (effects compute W's).
    public private(set) var logDeterminantUsed: (any LogDeterminant)? = nil
    /// The full W in the panel's unit order, the W of the effects (not encoded).
    public private(set) var weightsUsed: SpatialWeights? = nil
    /// The accuracy of the periods' log-determinants (the worst).
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { periodLogDeterminant?.accuracy }

    enum CodingKeys: String, CodingKey {
        case model, effects, periodWeights = "period_weights", yName = "y", n, t, observations, distinctPeriodWeights = "distinct_period_weights"
        case coefficients, rho, sigma2, logLikelihood = "log_likelihood", likelihood, aic, bic, parameterCount = "parameters", covariance
        case standardErrors = "standard_errors", logDeterminantMethod = "log_determinant", rSquaredWithin = "r_squared_within", warnings, boundary
        case fixedEffects = "fixed_effects"
    }

    /// Fits the fixed-effects SAR or SDM of `y` on `x` on an unbalanced `panel` (see the type's discussion).
    /// - Parameters:
    ///   - model: `.sar` or `.sdm`.
    ///   - panel: the panel with gaps (a balanced one is accepted and gives the balanced direct approach).
    ///   - y: the response (a column or an expression without `lag`/`diff`).
    ///   - x: the regressors (the effects absorb the intercept).
    ///   - weights: W over the panel's units (ids equal to ``UnbalancedPanel/units``, in any order).
    ///   - effects: individual, time or two-way (default) fixed effects.
    ///   - periodWeights: how `W_t` is formed from W (default: re-normalised).
    ///   - covariance: the information matrix (default), or a sandwich of the cells' scores (``LikelihoodScores``:
    ///     row c's rho score `(W_t y)~_c e_c / s2 - G_t,ii`, `G_t = W_t (I - rho W_t)^-1` of its period): robust,
    ///     cluster by unit, Driscoll-Kraay over the periods.
    ///   - progress: called during long steps.
    /// - Throws: ``ModelError`` as listed in the type's discussion.
    public init(_ model: SpatialModel, panel: UnbalancedPanel, y yName: String, x xNames: [String], weights: SpatialWeights,
                effects: PanelEffects = .twoways, periodWeights: UnbalancedWeights = .renormalized, covariance vce: CovarianceEstimator = .default,
                progress: ProgressHandler? = nil) throws(ModelError) {
        try vce.checkMaximumLikelihood()
        guard model == .sar || model == .sdm else {
            if model == .sem || model == .sdem {
                throw .invalidArgument("the \(model.rawValue.uppercased()) is not available on an unbalanced panel: with gaps (I - lambda W_t) mu is no "
                    + "longer a unit effect, so demeaning does not remove the effects exactly (they would have to be projected again at every "
                    + "lambda); fit the SAR or SDM, or a balanced panel")
            }
            throw .invalidArgument("unbalanced panel models are sar and sdm")
        }
        guard effects != .none else { throw .invalidArgument("unbalanced panels are fitted with individual, time or two-way fixed effects") }
        let w: SpatialWeights
        do { w = try weights.reordered(to: panel.units) } catch {
            throw .sizeMismatch("the panel's \(panel.unitCount) units do not match the weights' \(weights.count) ids (\(error))")
        }
        let n = panel.unitCount, tt = panel.periodCount
        guard tt >= 2 else { throw .invalidArgument("the panel has one period: fit the cross-section (SpatialRegression)") }
        let projection = try UnbalancedProjection(panel: panel, effects: effects)
        if effects.hasIndividual, let i = projection.unitCells.firstIndex(of: 1) {
            let count = projection.unitCells.filter { $0 == 1 }.count
            throw .invalidArgument("unit '\(panel.units[i])'\(count > 1 ? " (and \(count - 1) more)" : "") is observed in one period only: with "
                + "individual effects its observation is fitted exactly by its effect and carries no information; drop its row(s)")
        }
        if effects.hasTime, let p = projection.periodCells.firstIndex(where: { $0 < 2 }) {
            throw .invalidArgument("period '\(panel.periods[p])' has \(Int(projection.periodCells[p])) observed unit(s): with time effects a period "
                + "needs at least 2 units; drop its rows")
        }
        // The distinct sets of observed units, each with its W_t and the periods that share it.
        var groupOf = [[Int]: Int](), groups = [(units: [Int], periods: [Int])]()
        for p in 0..<tt {
            let key = panel.observedUnits[p]
            if let g = groupOf[key] { groups[g].periods.append(p) } else { groupOf[key] = groups.count; groups.append((key, [p])) }
        }
        var warnings = [String]()
        var groupWeights = [SpatialWeights]()
        var isolatedCells = 0
        for g in groups {
            let wg: SpatialWeights
            if g.units.count == n {
                wg = w
            } else {
                switch periodWeights {
                case .renormalized:
                    do { wg = try w.subset(ids: g.units.map { panel.units[$0] }) } catch {
                        throw .invalidArgument("W restricted to a period's observed units cannot be re-normalised (\(error)); "
                            + "keep W's weights (periodWeights: .restricted)")
                    }
                case .restricted:
                    wg = Self.restriction(of: w, to: g.units)
                }
            }
            let empty = (0..<wg.count).filter { wg.matrix.rowStart[$0] == wg.matrix.rowStart[$0 + 1] }.count
            isolatedCells += empty * g.periods.count
            groupWeights.append(wg)
        }
        if isolatedCells > 0 {
            warnings.append("\(isolatedCells) observed cell(s) have no observed neighbour in their period (a zero row of W_t)")
        }
        // Data in time-major order of the observed cells; offsets of each period's block.
        var offset = [Int](repeating: 0, count: tt + 1)
        for p in 0..<tt { offset[p + 1] = offset[p] + panel.observedUnits[p].count }
        let m = offset[tt]
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        var groupOfPeriod = [Int](repeating: 0, count: tt)
        for (gi, g) in groups.enumerated() { for p in g.periods { groupOfPeriod[p] = gi } }
        func lag(_ v: [Double]) throws(ModelError) -> [Double] {
            var out = [Double](repeating: 0, count: v.count)
            for p in 0..<tt {
                let block: [Double]
                do { block = try groupWeights[groupOfPeriod[p]].matrix.multiply(Array(v[offset[p]..<offset[p + 1]])) } catch { throw .numerical("\(error)") }
                for i in block.indices { out[offset[p] + i] = block[i] }
            }
            return out
        }
        let y = try column(yName)
        var names = xNames, raw = [[Double]]()
        for name in xNames { raw.append(try column(name)) }
        if model.hasDurbin {
            for (j, name) in xNames.enumerated() { names.append("W_" + name); raw.append(try lag(raw[j])) }
        }
        let yd = projection.apply(y)
        if ResponseCheck.isConstant(yd, reference: ResponseCheck.meanMagnitude(y)) {
            throw .constantResponse(variable: yName, effects: effects.rawValue)
        }
        let ydMean = yd.reduce(0, +) / Double(m)
        let tss = yd.reduce(0) { $0 + ($1 - ydMean) * ($1 - ydMean) }
        let xd: Matrix
        do { xd = try Matrix(columnArrays: raw.map(projection.apply)) } catch { throw .numerical("\(error)") }
        let wyd = projection.apply(try lag(y))
        let k = xd.columns
        guard m > k + 1 else { throw .invalidArgument("\(m) observed cells for \(k) regressors") }
        let reporter = ProgressReporter.make(phase: "\(model.rawValue.uppercased()) unbalanced panel fit (N = \(n), T = \(tt), \(m) cells)",
                                             total: groups.count + 2, handler: progress)
        defer { reporter?.finish() }
        var terms = [(logDeterminant: any LogDeterminant, multiplicity: Double)]()
        for (gi, g) in groups.enumerated() {
            let wg = groupWeights[gi]
            terms.append((wg.matrix.nonzeroCount == 0 ? ZeroLogDeterminant() : try wg.modelLogDeterminant(), Double(g.periods.count)))
            reporter?.advance(by: 1)
        }
        let ld = try SummedLogDeterminant(terms)
        let firstSpatial = terms.first { !($0.logDeterminant is ZeroLogDeterminant) }?.logDeterminant ?? ld
        let jacobian = LikelihoodJacobian(logDeterminant: ld, multiplier: 1)
        let data = SpatialLikelihoodData(y: yd, wy: wyd, x: xd, names: names, collinearityNote: " (after removing the \(effects.rawValue) effects)",
                                         observations: Double(m), totalSumOfSquares: tss)
        let fit = try ConcentratedLikelihood.lag(data, jacobian: jacobian)
        reporter?.advance(by: 1)
        let r = fit.rho ?? 0
        if let boundary = fit.boundary { warnings.append(boundary.error.description) }
        let s2 = fit.sse / Double(m)
        // The information matrix, summed over the distinct W_t: each block over its periods' rows of X~.
        var info = Matrix(rows: k + 2, columns: k + 2)
        var engines = Set<String>()
        for (gi, g) in groups.enumerated() {
            let ng = g.units.count
            var xg = Matrix(rows: ng * g.periods.count, columns: k)
            for (b, p) in g.periods.enumerated() { for j in 0..<k { for i in 0..<ng { xg[b * ng + i, j] = xd[offset[p] + i, j] } } }
            let ldg = terms[gi].logDeterminant
            let plan = InformationMatrix.automaticTraces(weights: groupWeights[gi], symbolic: InformationMatrix.symbolic(of: ldg),
                                                         luSymbolic: InformationMatrix.luSymbolic(of: ldg), parameters: 1)
            let (block, engine) = try InformationMatrix.compute(x: xg, blockSize: ng, beta: fit.beta, sigma2: s2, rho: r, lambda: nil,
                                                                weights: groupWeights[gi], traceMultiplier: Double(g.periods.count),
                                                                observations: Double(ng * g.periods.count), center: false, traces: plan.traces,
                                                                symbolic: plan.symbolic, luSymbolic: InformationMatrix.luSymbolic(of: ldg))
            for e in info.elements.indices { info.elements[e] += block.elements[e] }
            engines.insert(engine.standardErrorsSuffix)
        }
        reporter?.advance(by: 1)
        let parameterNames = names + ["rho"]
        var (cov, conditionWarning) = try InformationMatrix.checkedCovariance(info, names: parameterNames)
        if let conditionWarning { warnings.append(conditionWarning) }
        var robustLabel: String? = nil
        if vce != .default {
            // Each cell's share of the Jacobian: G_t,ii of its period's W_t (the period's block lists its observed units in order).
            var jacobianRows = [Double](repeating: 0, count: m)
            for (gi, g) in groups.enumerated() {
                let diagonal = try LikelihoodScores.jacobianDiagonal(weights: groupWeights[gi], at: r)
                for p in g.periods { for i in diagonal.indices { jacobianRows[offset[p] + i] = diagonal[i] } }
            }
            let scores = try LikelihoodScores.gaussian(y: yd, wy: wyd, x: xd, wx: nil, wwy: nil, beta: fit.beta, rho: r, lambda: nil, sigma2: s2,
                                                       lagJacobianRows: jacobianRows, errorJacobianRows: nil, observations: Double(m))
            let cellUnits = (0..<tt).flatMap { panel.observedUnits[$0] }, cellPeriods = (0..<tt).flatMap { p in panel.observedUnits[p].map { _ in p } }
            let robust = try LikelihoodScores.robustCovariance(scores: scores, information: info, estimator: vce, units: cellUnits, periods: cellPeriods,
                                                               classical: "analytical information matrix of the unbalanced likelihood")
            cov = robust.covariance
            robustLabel = robust.label
        }
        self.model = model; self.effects = effects; self.periodWeights = periodWeights; self.yName = yName
        self.n = n; self.t = tt; observations = m; distinctPeriodWeights = groups.count
        coefficients = (0..<k).map { Coefficient(name: names[$0], estimate: fit.beta[$0], stdError: cov[$0, $0].squareRoot()) }
        rho = Coefficient(name: "rho", estimate: r, stdError: cov[k, k].squareRoot())
        sigma2 = s2
        logLikelihood = fit.logLikelihood
        let wDescription = periodWeights == .renormalized
            ? "W_t = W restricted to the period's observed units, its \(w.transformation.rawValue) transformation applied again"
            : "W_t = W restricted to the period's observed units, W's weights kept (not re-normalised)"
        likelihood = "unbalanced direct-approach likelihood, \(m) observed cells of \(n * tt), Jacobian sum_t ln|I - rho W_t| over \(groups.count) "
            + "distinct W_t; \(wDescription); effects removed by the exact projection on the unit and period dummies"
        parameterCount = k + 2
        let criteria = InformationCriteria(logLikelihood: fit.logLikelihood, parameters: k + 2, observations: Double(m))
        aic = criteria.aic; bic = criteria.bic
        covariance = cov
        standardErrors = robustLabel ?? ("analytical information matrix of the unbalanced likelihood (asymptotic), summed over periods" + engines.sorted().joined())
        logDeterminantMethod = firstSpatial.method
        rSquaredWithin = 1 - fit.sse / yd.reduce(0) { $0 + $1 * $1 }
        // Fixed effects from the untransformed data: (I - M_D) r = a_unit + b_period, centred.
        let wy = try lag(y)
        var residual = [Double](repeating: 0, count: m)
        for c in 0..<m {
            var f = 0.0
            for j in 0..<k { f += raw[j][c] * fit.beta[j] }
            residual[c] = y[c] - r * wy[c] - f
        }
        let (a, b) = projection.dummyCoefficients(residual)
        let observedUnits = (0..<n).filter { projection.unitCells[$0] > 0 }, observedPeriods = (0..<tt).filter { projection.periodCells[$0] > 0 }
        let meanA = observedUnits.reduce(0.0) { $0 + a[$1] } / Double(max(1, observedUnits.count))
        let meanB = observedPeriods.reduce(0.0) { $0 + b[$1] } / Double(max(1, observedPeriods.count))
        var individual: [String: Double]? = nil, time: [String: Double]? = nil
        if effects.hasIndividual { individual = Dictionary(uniqueKeysWithValues: observedUnits.map { (panel.units[$0], a[$0] - meanA) }) }
        if effects.hasTime { time = Dictionary(uniqueKeysWithValues: observedPeriods.map { (panel.periods[$0], b[$0] - meanB) }) }
        fixedEffects = FixedEffectsEstimates(intercept: meanA + meanB, individual: individual, time: time,
                                             convention: "y_it = intercept + mu_i + alpha_t + rho (W_t y_t)_i + x_it b + e_it over the observed cells; "
                                                + "sum mu_i = 0 over the units observed, sum alpha_t = 0 over the periods (Elhorst 2014's convention)")
        self.warnings = warnings
        boundary = fit.boundary
        periodLogDeterminant = ld
        logDeterminantUsed = groups.count == 1 && groups[0].units.count == n ? terms[0].logDeterminant : nil
        weightsUsed = w
    }

    /// W restricted to the units `keep` (increasing indices), W's weights kept.
    static func restriction(of w: SpatialWeights, to keep: [Int]) -> SpatialWeights {
        var newIndex = [Int](repeating: -1, count: w.count)
        for (a, o) in keep.enumerated() { newIndex[o] = a }
        var entries = [SparseMatrix.Entry]()
        for (a, o) in keep.enumerated() {
            for e in w.matrix.rowStart[o]..<w.matrix.rowStart[o + 1] where newIndex[w.matrix.columnIndices[e]] >= 0 {
                entries.append(.init(row: a, column: newIndex[w.matrix.columnIndices[e]], value: w.matrix.values[e]))
            }
        }
        return SpatialWeights(unchecked: keep.map { w.ids[$0] }, matrix: SparseMatrix.fromValidTriplets(rows: keep.count, triplets: entries),
                              transformation: w.transformation, warnings: [])
    }
}

extension UnbalancedPanelRegression: SpatialFit, SpatialEffectsSource {
    /// The model fitted.
    public var fittedModel: SpatialModel? { model }
    /// No spatial error parameter (SAR and SDM only).
    public var lambda: Coefficient? { nil }
    /// The log-determinant method's name.
    public var logDeterminantName: String? { logDeterminantMethod.rawValue }
    /// The within R^2 on the projected data.
    public var rSquared: GoodnessOfFit? {
        GoodnessOfFit(value: rSquaredWithin, definition: "within R^2 = 1 - SSE / sum(y~^2), y~ projected off the unbalanced dummies")
    }
    /// N, the size of the full W of the effects.
    public var unitCount: Int { n }

    /// The paper table: coefficients (Main/Wx for SDM), rho, with N, T, the observed cells and how W_t was formed.
    public var table: Table {
        let title = "Spatial panel \(model.rawValue.uppercased()), \(effects.rawValue) fixed effects, unbalanced (direct approach): \(yName)"
        var table = coefficientTable(title: title, coefficients: coefficients, spatial: [rho].compactMap { $0 }, durbin: model.hasDurbin, statistic: "z")
        table.notes = ["N = \(n), T = \(t), \(observations) observed cells; \(likelihood)",
                       "sigma^2 = \(Format.fixed(sigma2, 6)); log-likelihood = \(Format.fixed(logLikelihood, 4)); within R^2 = \(Format.fixed(rSquaredWithin, 4))",
                       "Standard errors: \(standardErrors); ln|I - rho W_t| by \(logDeterminantMethod.rawValue)",
                       "Effects (ImpactMeasures) use the full W over the \(n) units", Format.starsLegend] + warnings.map { "warning: \($0)" }
        return table
    }

    /// The table; a fit at a bound opens with the warning.
    public var summary: String { BoundaryStatus.banner(boundary) + table.text }
}
