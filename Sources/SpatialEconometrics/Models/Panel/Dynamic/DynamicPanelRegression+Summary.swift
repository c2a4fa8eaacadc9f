import Foundation

extension DynamicPanelRegression {
    /// The coefficient table: tau, eta, beta, theta, rho with standard errors, z and p; sigma^2, the log-likelihood
    /// and the stationarity values in the notes.
    public var table: Table {
        let title = "Dynamic spatial panel \(model.rawValue.uppercased()), \(effects.rawValue) fixed effects, "
            + (biasCorrected ? "bias-corrected QML" : "QML") + " (N = \(n), T = \(t))"
        var t = Table(title: title, columns: ["", "Estimate", "Std. error", "z", "p", ""])
        for c in coefficients + (rho.map { [$0] } ?? []) {
            t.rows.append([c.name, Format.fixed(c.estimate, 6), Format.fixed(c.stdError, 6), Format.fixed(c.statistic, 3),
                           Format.pValue(c.pValue), Format.stars(c.pValue)])
        }
        t.notes = ["sigma^2 = \(Format.fixed(sigma2, 8)) (se \(Format.fixed(sigma2StdError, 8))); log-likelihood = \(Format.fixed(logLikelihood, 4)): \(likelihood)",
                   "|tau| + |rho| + |eta| = \(Format.fixed(stationarity.sumOfAbsoluteValues, 4)); max |eig A| = "
                    + "\(Format.fixed(stationarity.maximumModulus, 4))\(stationarity.exact ? "" : " (from the ends of W's spectrum)")"
                    + (effects == .twoways ? ", without W's unit eigenvector \(Format.fixed(stationarity.transformedMaximumModulus, 4))" : "")
                    + (stationarity.isStationary ? "" : "  NON-STATIONARY: no long-run effects"),
                   "Standard errors: \(standardErrors)"] + warnings
        return t
    }

    /// ``table`` as plain text.
    public var summary: String { table.text }
}
