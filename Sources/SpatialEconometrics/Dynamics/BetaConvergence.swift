import Foundation

/// Cross-section beta convergence: average growth over a window regressed on the initial (log) level.
///
/// With `T` the window's length (the difference of the two periods when they are numbers, else the number of steps
/// between them), `g_i = (ln y_iT - ln y_i0) / T` is regressed on `ln y_i0` (absolute convergence) and, for
/// conditional convergence, on controls measured in the initial period:
/// `g_i = a + beta ln y_i0 + X_i0 gamma + e_i`, by OLS or a spatial model (SAR, SEM, SDM, ``SpatialRegression``;
/// W row-standardised as given). beta < 0 is convergence; its speed is `lambda = -ln(1 + T beta) / T` and the
/// half-life `ln 2 / lambda` (Barro & Sala-i-Martin 1992), with standard errors by the delta method:
/// `se(lambda) = se(beta) / (1 + T beta)`, `se(half-life) = ln 2 se(lambda) / lambda^2`. They are nil when
/// `1 + T beta <= 0` (no speed) or `lambda <= 0` (no half-life: divergence).
///
/// For the lag models (SAR, SDM) the coefficient is not the marginal effect of the initial level: the estimate is
/// given twice, from the coefficient and from the total effect of `ln y_0` (``ImpactMeasures``, delta method),
/// each labelled.
///
/// ```swift
/// let beta = try BetaConvergence(panel: paired.panel, variable: "gdppc", model: .sar, weights: paired.weights)
/// print(beta.summary)
/// ```
public struct BetaConvergence: Sendable, Codable, Equatable {
    /// One estimate of beta with its speed and half-life.
    public struct Estimate: Sendable, Codable, Equatable {
        /// Where beta comes from: `OLS`, `SAR coefficient`, `SAR total effect`, ...
        public let label: String
        /// The estimate of beta.
        public let beta: Double
        /// Standard error of beta (nil when the source gives none).
        public let stdError: Double?
        /// Two-sided p-value of beta.
        public let pValue: Double?
        /// `-ln(1 + T beta) / T`.
        public let speed: Double?
        /// Delta-method standard error of the speed.
        public let speedStdError: Double?
        /// `ln 2 / speed` (periods of the time unit).
        public let halfLife: Double?
        /// Delta-method standard error of the half-life.
        public let halfLifeStdError: Double?
    }

    /// The variable.
    public let variable: String
    /// The first and last periods of the window.
    public let from: String, to: String
    /// The window's length T.
    public let length: Double
    /// Number of units.
    public let n: Int
    /// The controls (empty: absolute convergence).
    public let conditional: [String]
    /// The model (nil: OLS only).
    public let model: SpatialModel?
    /// OLS first, then the spatial model's estimates.
    public let estimates: [Estimate]

    /// Beta convergence of `variable` (positive) between periods `from` and `to` of a panel (default: the first and
    /// the last), with `conditional` controls taken in `from`, by OLS and, given `model` and `weights` (the
    /// panel's units in order, e.g. ``PairedPanel``), a spatial model.
    /// - Throws: ``DynamicsError`` naming a period that is not in the panel, a value that is not positive, or the
    ///   model's error.
    public init(panel: Panel, variable: String, from: String? = nil, to: String? = nil, conditional: [String] = [],
                model: SpatialModel? = nil, weights: SpatialWeights? = nil) throws(DynamicsError) {
        let p0 = from ?? panel.periods.first ?? "", p1 = to ?? panel.periods.last ?? ""
        guard let s0 = panel.periods.firstIndex(of: p0) else { throw .invalidArgument("period '\(p0)' is not in the panel (\(panel.periods.joined(separator: ", ")))") }
        guard let s1 = panel.periods.firstIndex(of: p1) else { throw .invalidArgument("period '\(p1)' is not in the panel (\(panel.periods.joined(separator: ", ")))") }
        guard s1 > s0 else { throw .invalidArgument("the window must end after it starts: \(p0) to \(p1)") }
        let length: Double
        if let a = Double(p0), let b = Double(p1) { length = b - a } else { length = Double(s1 - s0) }
        let y0: [Double], y1: [Double]
        var controls = [(name: String, values: [Double])]()
        do {
            y0 = try panel.numbers(variable, period: s0); y1 = try panel.numbers(variable, period: s1)
            for c in conditional { controls.append((c, try panel.numbers(c, period: s0))) }
        } catch { throw .data(error) }
        for i in 0..<panel.unitCount where !(y0[i] > 0 && y1[i] > 0 && y0[i].isFinite && y1[i].isFinite) {
            throw .invalidArgument("\(variable) of unit '\(panel.units[i])' is not positive in \(y0[i] > 0 ? p1 : p0): the growth rate needs logarithms")
        }
        let growth = (0..<y0.count).map { (log(y1[$0]) - log(y0[$0])) / length }
        let level = y0.map { log($0) }
        let table: DataTable
        do { table = try DataTable(numericColumns: [("growth", growth), ("ln_y0", level)] + controls) } catch { throw .data(error) }
        let x = ["ln_y0"] + conditional
        var estimates = [Estimate]()
        do {
            let ols = try OrdinaryLeastSquares(data: table, y: "growth", x: x)
            if let c = ols.coefficients.first(where: { $0.name == "ln_y0" }) { estimates.append(Self.estimate("OLS", c.estimate, c.stdError, c.pValue, length)) }
            if let model {
                guard let weights else { throw DynamicsError.invalidArgument("a spatial model needs weights") }
                guard weights.ids == panel.units else { throw DynamicsError.invalidArgument("the weights' units are not the panel's units in the same order (use PairedPanel)") }
                let fit = try SpatialRegression(model, data: table, y: "growth", x: x, weights: weights)
                let name = model.rawValue.uppercased()
                if let c = fit.coefficients.first(where: { $0.name == "ln_y0" }) {
                    estimates.append(Self.estimate("\(name) coefficient", c.estimate, c.stdError, c.pValue, length))
                }
                if model == .sar || model == .sdm {
                    let effects = try ImpactMeasures(fit, inference: .delta)
                    if let e = effects.total.first(where: { $0.name == "ln_y0" }) {
                        estimates.append(Self.estimate("\(name) total effect", e.estimate, e.stdError, e.pValue, length))
                    }
                }
            }
        } catch let e as DynamicsError { throw e } catch { throw .wrapped(error) }
        self.variable = variable; self.from = p0; self.to = p1; self.length = length; n = panel.unitCount
        self.conditional = conditional; self.model = model; self.estimates = estimates
    }

    /// Speed and half-life of a beta with the delta method.
    static func estimate(_ label: String, _ beta: Double, _ se: Double?, _ p: Double?, _ t: Double) -> Estimate {
        let arg = 1 + t * beta
        guard arg > 0 else { return Estimate(label: label, beta: beta, stdError: se, pValue: p, speed: nil, speedStdError: nil, halfLife: nil, halfLifeStdError: nil) }
        let speed = -log(arg) / t
        let dSpeed = -1 / arg
        let speedSE = se.map { abs(dSpeed) * $0 }
        guard speed > 0 else { return Estimate(label: label, beta: beta, stdError: se, pValue: p, speed: speed, speedStdError: speedSE, halfLife: nil, halfLifeStdError: nil) }
        let half = log(2) / speed
        return Estimate(label: label, beta: beta, stdError: se, pValue: p, speed: speed, speedStdError: speedSE,
                        halfLife: half, halfLifeStdError: speedSE.map { log(2) / (speed * speed) * $0 })
    }

    /// Estimate | beta (SE) | p | speed (SE) | half-life (SE): the beta-convergence table papers print.
    public var table: Table {
        func f(_ x: Double?, _ fmt: String = "%.4f") -> String { x.map { String(format: fmt, $0) } ?? "—" }
        var t = Table(title: "\(conditional.isEmpty ? "Absolute" : "Conditional") beta convergence of \(variable), \(from)–\(to) (T = \(String(format: "%g", length)), n = \(n))",
                      columns: ["Estimate", "beta", "SE", "p", "Speed", "SE", "Half-life", "SE"])
        for e in estimates {
            t.rows.append([e.label, f(e.beta, "%.5f"), f(e.stdError, "%.5f"), f(e.pValue), f(e.speed, "%.5f"), f(e.speedStdError, "%.5f"), f(e.halfLife, "%.2f"), f(e.halfLifeStdError, "%.2f")])
        }
        t.notes = ["g_i = (ln y_iT - ln y_i0)/T on ln y_i0" + (conditional.isEmpty ? "" : " and \(conditional.joined(separator: ", ")) in \(from)") +
                   "; speed = -ln(1 + T beta)/T, half-life = ln 2 / speed, standard errors by the delta method (— where not defined)."]
        return t
    }

    /// ``table`` as text.
    public var summary: String { table.text }
}
