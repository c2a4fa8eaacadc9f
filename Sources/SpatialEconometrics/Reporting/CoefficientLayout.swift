import Foundation

/// How a coefficient table prints each estimate.
public enum CoefficientLayout: String, Sendable, Codable, CaseIterable {
    /// The coefficient with its stars, and its standard error in parentheses on the row below: the layout papers
    /// print (Stata's `esttab`, R's `stargazer` / `modelsummary`).
    case standardErrorsBelow = "se"
    /// Coefficient with stars | std. error | z (or t) | p, as the fits' summaries (Main / Wx blocks for Durbin models).
    case statistics
}

extension Table {
    /// The coefficient table of a fit in the given layout: with ``CoefficientLayout/standardErrorsBelow``, each
    /// coefficient takes two rows (estimate with stars, then `(SE)`), Durbin models in Main and Wx columns; the
    /// spatial parameters follow; the notes give N (and T), the log-likelihood and the star legend.
    public static func coefficients(of fit: any SpatialFit, layout: CoefficientLayout = .standardErrorsBelow, title: String? = nil) -> Table {
        let durbin = fit.fittedModel?.hasDurbin ?? false
        let spatial = spatialParameters(of: fit)
        var heading = title ?? (fit.fittedModel.map { "\($0.rawValue.uppercased())" } ?? "Panel")
        if title == nil, let dynamic = fit as? DynamicPanelRegression {
            heading = "Dynamic " + heading + " (\(dynamic.effects.rawValue) fixed effects, " + (dynamic.biasCorrected ? "bias-corrected QML)" : "QML)")
        }
        var t: Table
        switch layout {
        case .statistics:
            t = coefficientTable(title: heading, coefficients: fit.coefficients, spatial: spatial, durbin: durbin, statistic: "z")
        case .standardErrorsBelow:
            t = Table(title: heading, columns: durbin ? ["Variable", "Main", "Wx"] : ["Variable", "Coef."])
            for c in fit.coefficients where !(durbin && c.name.hasPrefix("W_")) {
                var estimate = [c.name, starred(c)], se = ["", parenthesised(c)]
                if durbin {
                    if let w = fit.coefficients.first(where: { $0.name == "W_" + c.name }) {
                        estimate.append(starred(w)); se.append(parenthesised(w))
                    } else { estimate.append(""); se.append("") }
                }
                t.rows += [estimate, se]
            }
            for p in spatial {
                t.rows += [[p.name, starred(p)] + (durbin ? [""] : []), ["", parenthesised(p)] + (durbin ? [""] : [])]
            }
        }
        t.notes = [sampleNote(fit) + "; log-likelihood = \(Format.fixed(fit.logLikelihood, 4))"
                   + (fit.rSquared.map { "; R^2 = \(Format.fixed($0.value, 4)) (\($0.definition))" } ?? "")]
            + (layout == .standardErrorsBelow ? ["Standard errors in parentheses (\(fit.standardErrors))."] : ["Standard errors: \(fit.standardErrors)"])
            + [Format.starsLegend]
        return t
    }

    /// Several fits side by side (robustness tables: other weights, models or subsamples): one column per fit,
    /// each coefficient two rows (estimate with stars, then `(SE)`), the `W_` terms after the others, then rho,
    /// lambda and phi, then N, T (panels), log-likelihood and AIC. Columns are headed `(1) title`, ... .
    ///
    /// ```swift
    /// let t = Table.sideBySide([queenFit, distanceFit], titles: ["W contiguity", "W distance"])
    /// print(t.text); print(t.latexDocument)
    /// ```
    public static func sideBySide(_ fits: [any SpatialFit], titles: [String]? = nil, title: String = "Estimates") -> Table {
        sideBySide(columns: fits.map { ModelColumn($0) }, titles: titles, title: title)
    }

    /// The same with each fit's effects (``ImpactMeasures``; `nil` for a fit without them, e.g. an SEM): after the
    /// fit statistics come the direct, indirect and total effects blocks, each effect as estimate with stars over `(SE)`.
    public static func sideBySide(_ fits: [(fit: any SpatialFit, effects: ImpactMeasures?)], titles: [String]? = nil,
                                  title: String = "Estimates") -> Table {
        sideBySide(columns: fits.map { ModelColumn($0.fit, effects: $0.effects) }, titles: titles, title: title)
    }

    /// The same from ``ModelColumn`` values (e.g. read back from saved JSON).
    public static func sideBySide(columns fits: [ModelColumn], titles: [String]? = nil, title: String = "Estimates") -> Table {
        let heads = fits.indices.map { k in "(\(k + 1))" + ((titles.map { k < $0.count ? " " + $0[k] : "" }) ?? "") }
        var t = Table(title: title, columns: [""] + heads)
        var names = [String]()
        for fit in fits { for c in fit.coefficients where !names.contains(c.name) { names.append(c.name) } }
        names = names.filter { !$0.hasPrefix("W_") } + names.filter { $0.hasPrefix("W_") }
        func add(_ name: String, _ find: (ModelColumn) -> Coefficient?) {
            let cells = fits.map(find)
            guard cells.contains(where: { $0 != nil }) else { return }
            t.rows.append([name] + cells.map { $0.map(starred) ?? "" })
            t.rows.append([""] + cells.map { $0.map(parenthesised) ?? "" })
        }
        for name in names { add(name) { fit in fit.coefficients.first { $0.name == name } } }
        for name in ["rho", "lambda", "phi"] { add(name) { fit in fit.spatial.first { $0.name == name } } }
        t.rows.append(["N"] + fits.map { "\($0.n)" })
        if fits.contains(where: { $0.t != nil }) { t.rows.append(["T"] + fits.map { $0.t.map(String.init) ?? "" }) }
        t.rows.append(["log-likelihood"] + fits.map { Format.fixed($0.logLikelihood, 3) })
        if fits.contains(where: { $0.rSquared != nil }) { t.rows.append(["R^2"] + fits.map { $0.rSquared.map { Format.fixed($0, 4) } ?? "" }) }
        t.rows.append(["AIC"] + fits.map { Format.fixed($0.aic, 3) })
        for (block, pick) in [("Direct effects", \ModelColumn.Effects.direct), ("Indirect effects", \ModelColumn.Effects.indirect),
                              ("Total effects", \ModelColumn.Effects.total)] where fits.contains(where: { $0.effects != nil }) {
            var effectNames = [String]()
            for fit in fits { for e in fit.effects?[keyPath: pick] ?? [] where !effectNames.contains(e.name) { effectNames.append(e.name) } }
            t.rows.append([block] + fits.map { _ in "" })
            for name in effectNames {
                let cells = fits.map { $0.effects?[keyPath: pick].first { $0.name == name } }
                t.rows.append([name] + cells.map { $0.map(starred) ?? "" })
                t.rows.append([""] + cells.map { $0.map(parenthesised) ?? "" })
            }
        }
        var notes = ["Standard errors in parentheses.", Format.starsLegend]
        let definitions = Set(fits.compactMap(\.rSquaredDefinition))
        if !definitions.isEmpty { notes.append("R^2: " + definitions.sorted().joined(separator: "; ") + ".") }
        let inference = Set(fits.compactMap { $0.effects?.inference })
        if !inference.isEmpty { notes.append("Effects inference: " + inference.sorted().joined(separator: "; ") + ".") }
        t.notes = notes
        return t
    }

    /// An effects table in the given layout: with ``CoefficientLayout/standardErrorsBelow`` the columns are Direct,
    /// Indirect and Total, each effect estimate with stars over its `(SE)`; with ``CoefficientLayout/statistics`` as
    /// ``ImpactMeasures/table``.
    public static func effects(_ impacts: ImpactMeasures, layout: CoefficientLayout = .standardErrorsBelow, title: String? = nil) -> Table {
        guard layout == .standardErrorsBelow else {
            var t = impacts.table
            if let title { t.title = title }
            return t
        }
        var t = Table(title: title ?? "Direct, indirect and total effects", columns: ["Variable", "Direct", "Indirect", "Total"])
        for k in impacts.direct.indices {
            let cells = [impacts.direct[k], impacts.indirect[k], impacts.total[k]]
            t.rows.append([impacts.direct[k].name] + cells.map(starred))
            t.rows.append([""] + cells.map(parenthesised))
        }
        t.notes = ["Standard errors in parentheses; inference: \(impacts.inference).", Format.starsLegend]
        return t
    }

    /// A table of tests (name, statistic, df, p), sorted by key, as the fit and test commands print them.
    public static func tests(_ results: [String: TestResult], title: String = "Tests") -> Table {
        var t = Table(title: title, columns: ["Test", "Statistic", "df", "p"])
        for (k, v) in results.sorted(by: { $0.key < $1.key }) {
            t.rows.append([k, Format.fixed(v.statistic, 4), Int(exactly: v.df.rounded()).map { "\($0)" } ?? "\(v.df)", Format.pValue(v.pValue, 4)])
        }
        return t
    }

    static func starred(_ c: Coefficient) -> String { Format.fixed(c.estimate, 4) + Format.stars(c.pValue) }
    static func parenthesised(_ c: Coefficient) -> String { "(" + Format.fixed(c.stdError, 4) + ")" }
    static func starred(_ e: EffectEstimate) -> String { Format.fixed(e.estimate, 4) + (e.pValue.map(Format.stars) ?? "") }
    static func parenthesised(_ e: EffectEstimate) -> String { e.stdError.map { "(" + Format.fixed($0, 4) + ")" } ?? "" }

    /// rho, lambda and (random effects) phi, in that order.
    static func spatialParameters(of fit: any SpatialFit) -> [Coefficient] {
        [fit.rho, fit.lambda, (fit as? RandomEffectsRegression)?.phi].compactMap { $0 }
    }

    static func periodCount(_ fit: any SpatialFit) -> Int? {
        (fit as? PanelRegression)?.t ?? (fit as? RandomEffectsRegression)?.t ?? (fit as? DynamicPanelRegression)?.t
            ?? (fit as? PanelGeneralizedMoments)?.t
    }

    static func sampleNote(_ fit: any SpatialFit) -> String {
        periodCount(fit).map { "N = \(fit.n), T = \($0)" } ?? "n = \(fit.n)"
    }
}

/// What a side-by-side table needs of one fit: coefficients, spatial parameters (named `rho`, `lambda`, `phi`),
/// N, T and the fit statistics. Made from any ``SpatialFit``, or decoded (a fit saved as JSON by `spatial fit`).
public struct ModelColumn: Sendable, Codable, Equatable {
    /// Direct, indirect and total effects, one entry per regressor in each.
    public struct Effects: Sendable, Codable, Equatable {
        /// Mean diagonal of each `S_k(W)`.
        public var direct: [EffectEstimate]
        /// Total minus direct.
        public var indirect: [EffectEstimate]
        /// Mean row sum of each `S_k(W)`.
        public var total: [EffectEstimate]
        /// How their standard errors were obtained (``ImpactMeasures/inference``).
        public var inference: String

        /// The three blocks and their inference, as given.
        public init(direct: [EffectEstimate], indirect: [EffectEstimate], total: [EffectEstimate], inference: String) {
            self.direct = direct; self.indirect = indirect; self.total = total; self.inference = inference
        }

        /// The blocks of computed effects.
        public init(_ impacts: ImpactMeasures) {
            self.init(direct: impacts.direct, indirect: impacts.indirect, total: impacts.total, inference: impacts.inference)
        }
    }

    /// The regressors' coefficients (beta, then `W_<x>`).
    public var coefficients: [Coefficient]
    /// The spatial parameters (`rho`, `lambda`, `phi`), as coefficients.
    public var spatial: [Coefficient]
    /// The number of units N (n for a cross-section).
    public var n: Int
    /// The number of periods T (`nil` for a cross-section).
    public var t: Int?
    /// The maximised log-likelihood.
    public var logLikelihood: Double
    /// The AIC.
    public var aic: Double
    /// The fit's R^2 (``GoodnessOfFit/value``), where the fit reports one.
    public var rSquared: Double?
    /// The definition of ``rSquared`` (``GoodnessOfFit/definition``), printed in the table's notes.
    public var rSquaredDefinition: String?
    /// The fit's direct, indirect and total effects, shown as blocks after the fit statistics.
    public var effects: Effects?

    /// A column built from its parts: the regressors' coefficients, the spatial parameters (rho, lambda), n, T (`nil`
    /// for a cross-section), the log-likelihood, the AIC, and optionally the R^2 (``GoodnessOfFit``) and the effects.
    public init(coefficients: [Coefficient], spatial: [Coefficient], n: Int, t: Int?, logLikelihood: Double, aic: Double,
                rSquared: GoodnessOfFit? = nil, effects: Effects? = nil) {
        self.coefficients = coefficients; self.spatial = spatial; self.n = n; self.t = t
        self.logLikelihood = logLikelihood; self.aic = aic
        self.rSquared = rSquared?.value; rSquaredDefinition = rSquared?.definition
        self.effects = effects
    }

    /// The column of a fit (decoded from JSON or fitted): its coefficients, spatial parameters, n, T, log-likelihood,
    /// R^2 and AIC, with its effects when given.
    public init(_ fit: any SpatialFit, effects: ImpactMeasures? = nil) {
        self.init(coefficients: fit.coefficients, spatial: Table.spatialParameters(of: fit), n: fit.n, t: Table.periodCount(fit),
                  logLikelihood: fit.logLikelihood, aic: fit.aic, rSquared: fit.rSquared, effects: effects.map(Effects.init))
    }
}
