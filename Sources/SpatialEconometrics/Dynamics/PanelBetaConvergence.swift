import Foundation

/// Panel beta convergence: annual growth on the lagged log level with fixed effects, by OLS within and by the
/// bias-corrected dynamic spatial panel model.
///
/// With `g_it = ln y_it - ln y_i,t-1` (t = 1..T, the panel's first period giving only the lag), the growth regression
///
///     g_it = beta ln y_i,t-1 + X_i,t-1 gamma + mu_i (+ alpha_t) + e_it
///
/// (absolute convergence without X; conditional with controls X measured at the start of each year, t - 1) is
/// estimated two ways:
///
/// - **OLS within** (``PanelLinearRegression``, `.within(effects)`, plm's degrees of freedom). With unit effects the
///   within estimator of the coefficient of a lagged dependent variable is biased by O(1/T) (Nickell 1981): here
///   beta is biased downwards, towards faster convergence. The estimate is reported and labelled so.
/// - **Dynamic spatial panel** (``DynamicPanelRegression``, bias-corrected QML, Yu, de Jong & Lee 2008 with unit
///   effects, Lee & Yu 2010 with two-way effects). Since `g_it = ln y_it - ln y_i,t-1`, the growth regression is the
///   dynamic panel `ln y_t = tau ln y_{t-1} + eta W ln y_{t-1} + rho W ln y_t + X_{t-1} b (+ W X_{t-1} theta) +
///   mu + alpha_t + e_t` with `tau = 1 + beta`: the model is fitted to `ln y` and `beta = tau - 1`,
///   `se(beta) = se(tau)`. A SAR in growth rates, `g_t = beta y_{t-1} + rho W g_t + ...`, is this model with
///   `eta = -rho`; eta is left free (``DynamicLags/both``), so the fit nests it.
///
/// Speed `lambda = -ln(1 + beta)` per period and half-life `ln 2 / lambda`, delta-method standard errors
/// (`se(lambda) = se(beta) / (1 + beta)`, ``BetaConvergence``'s formulas with T = 1).
///
/// For the spatial model beta is also read from the **short-run total effect** of `ln y_{t-1}`: the mean row sum of
/// `(I - rho W)^-1 (tau I + eta W)` (``ImpactMeasures``, delta method; `(tau + eta)/(1 - rho)` for row-standardised
/// W), minus one. It is the short-run effect because the convergence speed is a one-period concept: it is the
/// response of `ln y_t` to `ln y_{t-1}` within the year, the feedback through `W ln y_t` included (the analogue of the
/// cross-section total effect). A long-run multiplier of the lagged dependent variable does not exist (the lag *is*
/// the dynamics; ``DynamicImpactMeasures/longRun`` is defined for X only).
///
/// References: Barro, R. J. & Sala-i-Martin, X. (1992), Convergence, *J. Political Economy* 100, 223–251. Islam, N.
/// (1995), Growth empirics: a panel data approach, *QJE* 110, 1127–1170. Nickell, S. (1981), Biases in dynamic
/// models with fixed effects, *Econometrica* 49, 1417–1426. Elhorst, J. P. (2012), Dynamic spatial panels, *J.
/// Geogr. Syst.* 14, 5–28.
///
/// ```swift
/// let beta = try PanelBetaConvergence(panel: paired.panel, variable: "gdppc", model: .sdm, weights: paired.weights)
/// print(beta.summary)
/// ```
public struct PanelBetaConvergence: Sendable, Codable {
    /// The name of the lagged log level in the regressions.
    public static let levelName = "ln_y(t-1)"

    /// The variable.
    public let variable: String
    /// The first period (the lag of the first growth rate) and the last.
    public let from: String, to: String
    /// Number of units N.
    public let n: Int
    /// Number of growth periods T (periods of the window less one).
    public let t: Int
    /// The fixed effects: `.individual` or `.twoways`.
    public let effects: PanelEffects
    /// The controls (empty: absolute convergence), entering at t - 1.
    public let conditional: [String]
    /// The spatial model (nil: OLS within only).
    public let model: SpatialModel?
    /// OLS within first, then the dynamic model's coefficient and its short-run total effect.
    public let estimates: [BetaConvergence.Estimate]
    /// The OLS within regression of the growth rate.
    public let within: PanelLinearRegression
    /// The dynamic spatial panel fit of `ln y` (its `y(t-1)` coefficient is `1 + beta`).
    public let dynamic: DynamicPanelRegression?
    /// How each estimate was obtained (what the table's notes say).
    public let notes: [String]

    /// Panel beta convergence of `variable` (positive) over the periods `from`...`to` of a balanced panel (default:
    /// all), with `conditional` controls at t - 1, `effects` `.individual` or `.twoways`, by OLS within and, given
    /// `model` (`.sar` or `.sdm`) and `weights` (the panel's units in order, e.g. ``PairedPanel``), the
    /// bias-corrected dynamic spatial panel model.
    /// - Throws: ``DynamicsError`` naming a period that is not in the panel, a value that is not positive, or the
    ///   model's error (a non-stationary estimate, a fit on a bound).
    public init(panel: Panel, variable: String, from: String? = nil, to: String? = nil, conditional: [String] = [],
                effects: PanelEffects = .twoways, model: SpatialModel? = nil, weights: SpatialWeights? = nil) throws(DynamicsError) {
        guard effects == .individual || effects == .twoways else {
            throw .invalidArgument("panel beta convergence takes individual or twoways fixed effects (got \(effects.rawValue))")
        }
        if let model, model != .sar && model != .sdm {
            throw .invalidArgument("the panel growth regression is a dynamic panel: its spatial model is sar or sdm (got \(model.rawValue))")
        }
        let p0 = from ?? panel.periods.first ?? "", p1 = to ?? panel.periods.last ?? ""
        guard let s0 = panel.periods.firstIndex(of: p0) else { throw .invalidArgument("period '\(p0)' is not in the panel (\(panel.periods.joined(separator: ", ")))") }
        guard let s1 = panel.periods.firstIndex(of: p1) else { throw .invalidArgument("period '\(p1)' is not in the panel (\(panel.periods.joined(separator: ", ")))") }
        guard s1 - s0 >= 2 else { throw .invalidArgument("panel beta convergence needs at least 3 periods (the first gives only the lag): \(p0) to \(p1)") }
        let nUnits = panel.unitCount, periods = Array(panel.periods[s0...s1])
        var levels = [Double](), controls = [[Double]](repeating: [], count: conditional.count)
        do {
            for s in s0...s1 {
                let v = try panel.numbers(variable, period: s)
                for (i, x) in v.enumerated() where !(x > 0 && x.isFinite) {
                    throw DynamicsError.invalidArgument("\(variable) of unit '\(panel.units[i])' in \(panel.periods[s]) is \(x): the growth rate needs positive values (logarithms)")
                }
                levels += v.map { log($0) }
                for (j, c) in conditional.enumerated() { controls[j] += try panel.numbers(c, period: s) }
            }
        } catch let e as DynamicsError { throw e } catch let e as DataError { throw .data(e) } catch { throw .wrapped(error) }
        let tt = periods.count - 1, total = nUnits * tt
        let lagNames = conditional.map { "\($0)(t-1)" }
        // Growth panel, periods 1..T: g_t, ln y_{t-1}, X_{t-1}.
        let growth = (0..<total).map { levels[$0 + nUnits] - levels[$0] }
        var growthColumns: [(name: String, values: [Double])] = [("growth", growth), (Self.levelName, Array(levels[..<total]))]
        for j in conditional.indices { growthColumns.append((lagNames[j], Array(controls[j][..<total]))) }
        let within: PanelLinearRegression
        var estimates = [BetaConvergence.Estimate](), notes = [String]()
        do {
            let growthPanel = try Panel(units: panel.units, periods: Array(periods.dropFirst()), columns: growthColumns)
            within = try PanelLinearRegression(.within(effects), panel: growthPanel, y: "growth", x: [Self.levelName] + lagNames)
        } catch let e as DataError { throw .data(e) } catch { throw .wrapped(error) }
        if let c = within.coefficients.first(where: { $0.name == Self.levelName }) {
            estimates.append(BetaConvergence.estimate("OLS within (Nickell-biased)", c.estimate, c.stdError, c.pValue, 1))
        }
        notes.append("OLS within: g_it = ln y_it - ln y_i,t-1 on ln y_i,t-1\(conditional.isEmpty ? "" : " and \(lagNames.joined(separator: ", "))") with \(effects.rawValue) fixed effects; "
            + "a lagged dependent variable with unit effects, so beta is biased by O(1/T) (Nickell 1981; T = \(tt)), towards faster convergence.")
        var dynamic: DynamicPanelRegression? = nil
        if let model {
            guard let weights else { throw .invalidArgument("a spatial model needs weights") }
            guard weights.ids == panel.units else { throw .invalidArgument("the weights' units are not the panel's units in the same order (use PairedPanel)") }
            // ln y over periods 0..T, controls shifted by one period (period 0's value is not used: only y_0 is).
            var columns: [(name: String, values: [Double])] = [("ln_y", levels)]
            for j in conditional.indices { columns.append((lagNames[j], Array(controls[j][..<nUnits]) + Array(controls[j][..<total]))) }
            let name = model.rawValue.uppercased()
            do {
                let levelPanel = try Panel(units: panel.units, periods: periods, columns: columns)
                let fit = try DynamicPanelRegression(model, panel: levelPanel, y: "ln_y", x: lagNames, weights: weights, effects: effects,
                                                     lags: .both, biasCorrected: true)
                guard let tau = fit.tau, let eta = fit.eta, let rho = fit.rho else { throw DynamicsError.invalidArgument("the dynamic fit returned no tau, eta or rho") }
                // p-values of beta = 0 (tau = 1), not of the coefficient's own zero.
                let p = { (b: Double, se: Double) in Normal.pValue(b / se, alternative: .twoSided) }
                estimates.append(BetaConvergence.estimate("Dynamic \(name) tau - 1", tau.estimate - 1, tau.stdError, p(tau.estimate - 1, tau.stdError), 1))
                // Short-run total effect of ln y_{t-1}: (I - rho W)^-1 (tau I + eta W), the one engine of effects.
                let k = fit.coefficients.count
                var cov = Matrix(rows: 3, columns: 3)
                let index = [0, 1, k]
                for a in 0..<3 { for b in 0..<3 { cov[a, b] = fit.covariance[index[a], index[b]] } }
                let source = DynamicEffectsSource(coefficients: [Coefficient(name: Self.levelName, estimate: tau.estimate, stdError: tau.stdError),
                                                                 Coefficient(name: "W_" + Self.levelName, estimate: eta.estimate, stdError: eta.stdError)],
                                                  rho: rho, covariance: cov, unitCount: fit.n, boundary: fit.boundary,
                                                  weightsUsed: fit.weightsUsed, logDeterminantUsed: fit.logDeterminantUsed)
                let impacts = try ImpactMeasures(source, inference: .delta)
                if let e = impacts.total.first(where: { $0.name == Self.levelName }) {
                    estimates.append(BetaConvergence.estimate("Dynamic \(name) short-run total effect - 1", e.estimate - 1, e.stdError,
                                                               e.stdError.map { p(e.estimate - 1, $0) }, 1))
                }
                dynamic = fit
            } catch let e as DynamicsError { throw e } catch let e as DataError { throw .data(e) } catch { throw .wrapped(error) }
            notes.append("Dynamic \(name): with fixed effects the growth regression is a dynamic panel, ln y_t = tau ln y_t-1 + eta W ln y_t-1 + rho W ln y_t"
                + (conditional.isEmpty ? "" : " + X_t-1 b") + (model == .sdm && !conditional.isEmpty ? " + W X_t-1 theta" : "")
                + " + effects, tau = 1 + beta; fitted by the bias-corrected QML (\(effects == .twoways ? "Lee & Yu 2010" : "Yu, de Jong & Lee 2008")); "
                + "beta = tau - 1, se(beta) = se(tau).")
            notes.append("Short-run total effect: mean row sum of (I - rho W)^-1 (tau I + eta W) minus 1, the one-year response of ln y_t to ln y_t-1 "
                + "with the spatial feedback (a long-run effect of the lagged dependent variable does not exist).")
        }
        notes.append("speed = -ln(1 + beta) per period, half-life = ln 2 / speed, standard errors by the delta method (— where not defined).")
        self.variable = variable; self.from = p0; self.to = p1; n = nUnits; t = tt; self.effects = effects
        self.conditional = conditional; self.model = model; self.estimates = estimates; self.within = within; self.dynamic = dynamic
        self.notes = notes
    }

    /// Estimate | beta (SE) | p | speed (SE) | half-life (SE).
    public var table: Table {
        func f(_ x: Double?, _ fmt: String = "%.4f") -> String { x.map { String(format: fmt, $0) } ?? "—" }
        var t = Table(title: "\(conditional.isEmpty ? "Absolute" : "Conditional") panel beta convergence of \(variable), \(from)–\(to) (annual growth, "
                        + "\(effects.rawValue) fixed effects, N = \(n), T = \(self.t))",
                      columns: ["Estimate", "beta", "SE", "p", "Speed", "SE", "Half-life", "SE"])
        t.columns[3] = "p (beta = 0)"
        for e in estimates {
            t.rows.append([e.label, f(e.beta, "%.5f"), f(e.stdError, "%.5f"), f(e.pValue), f(e.speed, "%.5f"), f(e.speedStdError, "%.5f"), f(e.halfLife, "%.2f"), f(e.halfLifeStdError, "%.2f")])
        }
        t.notes = notes + (dynamic?.warnings ?? [])
        return t
    }

    /// ``table`` as text.
    public var summary: String { table.text }
}
