import Foundation

extension SpatialRegression {
    /// The model's name as papers write it.
    public var modelTitle: String {
        switch model {
        case .slx: return "Spatial lag of X model (SLX)"
        case .sar: return "Spatial autoregressive (lag) model (SAR)"
        case .sem: return "Spatial error model (SEM)"
        case .sdm: return "Spatial Durbin model (SDM)"
        case .sdem: return "Spatial Durbin error model (SDEM)"
        case .sac: return "Spatial autoregressive combined model (SAC)"
        }
    }

    /// The coefficient table. Durbin models get the paper layout: Variable | Main (coef, z, p) | Wx (coef, z, p).
    public var table: Table {
        var t = coefficientTable(title: "\(modelTitle): \(yName)", coefficients: coefficients, spatial: [rho, lambda].compactMap { $0 },
                                 durbin: model.hasDurbin, statistic: model == .slx ? "t" : "z")
        var notes = ["n = \(n); sigma^2 = \(Format.fixed(sigma2, 4)); log-likelihood = \(Format.fixed(logLikelihood, 4)); AIC = \(Format.fixed(aic, 3)); BIC = \(Format.fixed(bic, 3))"]
        if let lr = lrVersusOLS { notes.append("LR test vs OLS: \(Format.fixed(lr.statistic, 4)) (df \(Int(lr.df)), p = \(Format.pValue(lr.pValue, 4)))") }
        notes.append("Standard errors: \(standardErrors)" + (logDeterminantMethod.map { "; ln|I - rho W| by \($0.rawValue)" } ?? "")
                     + (logDeterminantAccuracy.map { $0 == .exact ? "" : " (\($0))" } ?? ""))
        notes.append(Format.starsLegend)
        notes += warnings.map { "warning: \($0)" }
        t.notes = notes
        return t
    }

    /// The table; a fit at a bound of its feasible interval opens with the warning (``BoundaryStatus``).
    public var summary: String { BoundaryStatus.banner(boundary) + table.text }
}

extension ImpactMeasures {
    /// Variable | direct (coef, z, p) | indirect (coef, z, p) | total (coef, z, p), with the inference method stated.
    public var table: Table {
        var t = Table(title: "Direct, indirect and total effects", columns: ["Variable", "Direct", "z", "p", "Indirect", "z", "p", "Total", "z", "p"])
        for k in direct.indices {
            var row = [direct[k].name]
            for e in [direct[k], indirect[k], total[k]] {
                row.append(Format.fixed(e.estimate, 4) + (e.pValue.map(Format.stars) ?? ""))
                row.append(e.z.map { Format.fixed($0, 3) } ?? "")
                row.append(e.pValue.map { Format.pValue($0) } ?? "")
            }
            t.rows.append(row)
        }
        t.notes = ["Inference: \(inference)", Format.starsLegend]
        return t
    }

    /// The effects table as text (``table``).
    public var summary: String { table.text }
}

extension OrdinaryLeastSquares {
    /// The OLS table: coefficients with t tests and stars, and a note with n, R^2, adjusted R^2, log-likelihood, AIC
    /// and the residual tests.
    public var table: Table {
        var t = Table(title: "OLS: \(yName)", columns: ["Variable", "Coef.", "Std. Err.", "t", "p"])
        for c in coefficients {
            t.rows.append([c.name, Format.fixed(c.estimate, 4) + Format.stars(c.pValue), Format.fixed(c.stdError, 4), Format.fixed(c.statistic, 3), Format.pValue(c.pValue)])
        }
        t.notes = ["n = \(n); R^2 = \(Format.fixed(rSquared, 4)); adj. R^2 = \(Format.fixed(adjustedRSquared, 4)); log-likelihood = \(Format.fixed(logLikelihood, 4)); AIC = \(Format.fixed(aic, 3))",
                   Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The OLS table as text (``table``).
    public var summary: String { table.text }
}

extension SpatialDiagnostics {
    /// The LM table grouped as papers print it: SEM (Moran's I, LM, robust LM), SAR (LM, robust LM), SARMA.
    public var table: Table {
        var t = Table(title: "Spatial dependence diagnostics (OLS residuals)", columns: ["Test", "Statistic", "df", "p"])
        t.rows.append(["Moran's I (error)", Format.fixed(moranResiduals.I, 4) + " (z = \(Format.fixed(moranResiduals.z, 3)))", "", Format.pValue(moranResiduals.p)])
        for r in [lmError, robustLmError, lmLag, robustLmLag, lmSarma] {
            t.rows.append([r.name, Format.fixed(r.statistic, 4) + Format.stars(r.pValue), "\(Int(r.df))", Format.pValue(r.pValue)])
        }
        let decision: String
        switch (lmLag.pValue < 0.05, lmError.pValue < 0.05) {
        case (false, false): decision = "Neither LM test rejects at 5%: no spatial dependence detected in the OLS residuals."
        case (true, false): decision = "LM lag rejects, LM error does not: a spatial lag (SAR/SDM) specification is indicated."
        case (false, true): decision = "LM error rejects, LM lag does not: a spatial error (SEM) specification is indicated."
        case (true, true):
            decision = robustLmLag.pValue < robustLmError.pValue
                ? "Both LM tests reject; the robust LM lag is more significant: a spatial lag specification (Anselin et al. 1996), or the SDM that nests both."
                : "Both LM tests reject; the robust LM error is more significant: a spatial error specification (Anselin et al. 1996), or the SDM that nests both."
        }
        t.notes = [decision, Format.starsLegend]
        return t
    }

    /// The diagnostics table as text (``table``).
    public var summary: String { table.text }
}

extension PanelRegression {
    /// The paper table: Main and Wx blocks for Durbin models, then rho/lambda, with N, T, effects and estimator stated.
    public var table: Table {
        let title = "Spatial panel \(model.rawValue.uppercased()), \(effects.rawValue) fixed effects, estimator \(estimator.rawValue): \(yName)"
        var t = coefficientTable(title: title, coefficients: coefficients, spatial: [rho, lambda].compactMap { $0 }, durbin: model.hasDurbin, statistic: "z")
        t.notes = ["N = \(n), T = \(self.t); \(likelihood)",
                   "sigma^2 = \(Format.fixed(sigma2, 6)); log-likelihood = \(Format.fixed(logLikelihood, 4)); within R^2 = \(Format.fixed(rSquaredWithin, 4))",
                   "Standard errors: \(standardErrors); ln|I - rho W| by \(logDeterminantMethod.rawValue)"
                       + (logDeterminantAccuracy.map { $0 == .exact ? "" : " (\($0))" } ?? ""),
                   Format.starsLegend] + warnings.map { "warning: \($0)" }
        // The Durbin and error choices (DurbinTerms, the SAC's second error matrix), when made.
        var choices = [String]()
        if let durbin { choices.append("W X for \(durbin.joined(separator: ", ")) only") }
        if separateDurbinWeights { choices.append("Wx columns use a second weights matrix W2 (W2 X)") }
        if separateErrorWeights { choices.append("error term u = lambda M u + e with a second weights matrix M") }
        if !choices.isEmpty { t.notes.insert(choices.joined(separator: "; "), at: 1) }
        return t
    }

    /// The table; a fit at a bound of its feasible interval opens with the warning (``BoundaryStatus``).
    public var summary: String { BoundaryStatus.banner(boundary) + table.text }
}

extension RandomEffectsRegression {
    /// The paper table: coefficients (Main/Wx for Durbin models), then rho or lambda and phi, with the variance
    /// components stated.
    public var table: Table {
        let kind = model.map { "Spatial panel \($0.rawValue.uppercased())" } ?? "Panel"
        var t = coefficientTable(title: "\(kind), random effects (ML): \(yName)", coefficients: coefficients,
                                 spatial: [rho, lambda, phi].compactMap { $0 }, durbin: model?.hasDurbin ?? false, statistic: "z")
        t.notes = ["N = \(n), T = \(self.t); phi = sigma_mu^2 / sigma_e^2",
                   "sigma_e^2 = \(Format.fixed(sigma2, 6)); sigma_mu^2 = \(Format.fixed(sigma2Mu, 6)); log-likelihood = \(Format.fixed(logLikelihood, 4))",
                   "Standard errors: \(standardErrors)", Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table; a fit at a bound of its feasible interval opens with the warning (``BoundaryStatus``).
    public var summary: String { BoundaryStatus.banner(boundary) + table.text }
}

extension PanelLinearRegression {
    /// The coefficient table with the estimator, R² and (random effects) the variance components.
    public var table: Table {
        let label: String
        switch estimator {
        case .pooling: label = "pooled OLS"
        case .within(let e): label = "within (\(e.rawValue) fixed effects)"
        case .random: label = "random effects (Swamy-Arora FGLS)"
        }
        var t = coefficientTable(title: "Panel \(label): \(yName)", coefficients: coefficients, spatial: [], durbin: false,
                                 statistic: estimator == .random ? "z" : "t")
        t.notes = ["N = \(n), T = \(self.t); residual df = \(residualDegreesOfFreedom); s^2 = \(Format.fixed(sigma2, 6))",
                   "R^2 = \(Format.fixed(rSquared, 4)); adjusted R^2 = \(Format.fixed(adjustedRSquared, 4))"]
            + (varianceComponents.map { ["sigma_e^2 = \(Format.fixed($0.idiosyncratic, 6)); sigma_mu^2 = \(Format.fixed($0.individual, 6)); theta = \(Format.fixed($0.theta, 4))"] } ?? [])
            + [Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The panel regression table as text (``table``).
    public var summary: String { table.text }
}

extension RandomEffectsLMDiagnostics {
    /// The five Baltagi–Song–Koh tests with their nulls.
    public var table: Table {
        var t = Table(title: "Baltagi-Song-Koh LM tests (random effects and spatial error correlation)", columns: ["Test", "H0", "Statistic", "p"])
        for (r, h0) in [(lmH, "sigma_mu^2 = 0 and lambda = 0"), (lm1, "sigma_mu^2 = 0 (assuming lambda = 0)"), (lm2, "lambda = 0 (assuming sigma_mu^2 = 0)"),
                        (conditionalLambda, "lambda = 0 (allowing sigma_mu^2 > 0)"), (conditionalMu, "sigma_mu^2 = 0 (allowing lambda != 0)")] {
            t.rows.append([r.name, h0, Format.fixed(r.statistic, 3) + Format.stars(r.pValue), Format.pValue(r.pValue)])
        }
        t.notes = ["LM-H: p from the mixture 1/4 chi2(0) + 1/2 chi2(1) + 1/4 chi2(2); LM1 one-sided; the conditional statistics are square roots of chi2(1) statistics.", Format.starsLegend]
        return t
    }

    /// The Baltagi–Song–Koh table as text (``table``).
    public var summary: String { table.text }
}

/// The coefficient table shared by cross-section and panel fits: a Main/Wx layout for Durbin models, otherwise
/// coefficient | std. error | statistic | p; spatial parameters last.
func coefficientTable(title: String, coefficients: [Coefficient], spatial: [Coefficient], durbin: Bool, statistic: String) -> Table {
    var t: Table
    if durbin {
        t = Table(title: title, columns: ["Variable", "Main", statistic, "p", "Wx", statistic, "p"])
        for c in coefficients where !c.name.hasPrefix("W_") {
            var row = [c.name, Format.fixed(c.estimate, 4) + Format.stars(c.pValue), Format.fixed(c.statistic, 3), Format.pValue(c.pValue)]
            if let w = coefficients.first(where: { $0.name == "W_" + c.name }) {
                row += [Format.fixed(w.estimate, 4) + Format.stars(w.pValue), Format.fixed(w.statistic, 3), Format.pValue(w.pValue)]
            } else { row += ["", "", ""] }
            t.rows.append(row)
        }
    } else {
        t = Table(title: title, columns: ["Variable", "Coef.", "Std. Err.", statistic, "p"])
        for c in coefficients {
            t.rows.append([c.name, Format.fixed(c.estimate, 4) + Format.stars(c.pValue), Format.fixed(c.stdError, 4), Format.fixed(c.statistic, 3), Format.pValue(c.pValue)])
        }
    }
    for p in spatial {
        t.rows.append([p.name, Format.fixed(p.estimate, 4) + Format.stars(p.pValue)] + (durbin
            ? [Format.fixed(p.statistic, 3), Format.pValue(p.pValue), "", "", ""]
            : [Format.fixed(p.stdError, 4), Format.fixed(p.statistic, 3), Format.pValue(p.pValue)]))
    }
    return t
}
