import Foundation

/// Which covariance matrices the Hausman contrast uses.
public enum HausmanCovariance: String, Sendable, Codable, CaseIterable {
    /// Each estimator's own covariance: `H = d'(V_FE - V_RE)^-1 d` (Hausman 1978; splm `sphtest`). `V_FE - V_RE`
    /// need not be positive definite in finite samples.
    case classic
    /// Both covariances scaled to the random-effects (efficient) estimator's sigma^2: `V_FE * s2_RE / s2_FE`
    /// (Stata's `hausman, sigmamore`).
    case sigmaMore = "sigmamore"
    /// Both covariances scaled to the fixed-effects (consistent) estimator's sigma^2: `V_RE * s2_FE / s2_RE`
    /// (Stata's `hausman, sigmaless`).
    case sigmaLess = "sigmaless"
}

extension NestedModelComparison {
    /// Hausman test of fixed against random effects for a spatial panel model (Hausman 1978; Mutl & Pfaffermayr 2011;
    /// splm `sphtest`): `H = d'(V_FE - V_RE)^-1 d` over the coefficients common to both fits (the slopes: intercept,
    /// spatial parameters and phi excluded), df = their number.
    ///
    /// When `V_FE - V_RE` is not positive definite the quadratic form can be negative and has no chi-square
    /// justification: the result is marked invalid (``TestResult/isValid``, ``TestResult/invalidReason``), its name
    /// says so and shows the signed value, and the statistic is its
    /// absolute value, as splm prints it (on produc, lag model: -83.08, reported by splm as 83.08). The
    /// `sigmamore`/`sigmaless` variants use one sigma^2 for both matrices, which makes the difference positive
    /// (semi)definite in the linear model and usually here; ``mundlak(_:panel:y:x:weights:)`` is always valid.
    public static func hausman(fixed: PanelRegression, random: RandomEffectsRegression,
                               covariance: HausmanCovariance = .classic) throws(ModelError) -> TestResult {
        let model = fixed.model.rawValue.uppercased()
        return try hausmanContrast(label: covariance == .classic ? "Hausman FE vs RE (\(model))" : "Hausman FE vs RE (\(model), \(covariance.rawValue))",
                                   consistent: (fixed.coefficients, fixed.covariance, covariance == .sigmaMore ? random.sigma2 / fixed.sigma2 : 1),
                                   efficient: (random.coefficients, random.covariance, covariance == .sigmaLess ? fixed.sigma2 / random.sigma2 : 1))
    }

    /// `H = d'(a V_c - b V_e)^-1 d` over the coefficients the two fits share by name; named "invalid" (with the signed
    /// value, statistic = |H|) when `a V_c - b V_e` is not positive definite.
    static func hausmanContrast(label: String, consistent c: (coefficients: [Coefficient], covariance: Matrix, scale: Double),
                                efficient e: (coefficients: [Coefficient], covariance: Matrix, scale: Double)) throws(ModelError) -> TestResult {
        let pairs = c.coefficients.indices.compactMap { i -> (Int, Int)? in
            e.coefficients.firstIndex { $0.name == c.coefficients[i].name }.map { (i, $0) }
        }
        guard !pairs.isEmpty else { throw .invalidArgument("no coefficients common to the two fits") }
        let d = pairs.map { c.coefficients[$0.0].estimate - e.coefficients[$0.1].estimate }
        var v = Matrix(rows: pairs.count, columns: pairs.count)
        for (a, p) in pairs.enumerated() {
            for (b, q) in pairs.enumerated() { v[a, b] = c.scale * c.covariance[p.0, q.0] - e.scale * e.covariance[p.1, q.1] }
        }
        let h = try quadraticForm(d, v)
        let valid = (try? Cholesky(v)) != nil
        guard valid else {
            return TestResult.chiSquared("\(label), invalid: V_FE - V_RE not p.d., d'V^-1 d = \(Format.fixed(h, 2))", abs(h), df: Double(pairs.count))
                .invalid("V_FE - V_RE is not positive definite (d'V^-1 d = \(Format.fixed(h, 2)))")
        }
        return .chiSquared(label, abs(h), df: Double(pairs.count))
    }

    /// Mundlak's (1978) regression form of the fixed- against random-effects test for a spatial panel model: the
    /// random-effects model is refitted with the unit means `xbar_i` of every time-varying regressor (and of its
    /// spatial lag in Durbin models) added, and `H = gamma' V_gamma^-1 gamma` is the Wald test that their coefficients
    /// gamma are zero (df = their number). Random effects uncorrelated with the regressors imply gamma = 0. The
    /// statistic is a quadratic form in a positive-definite matrix: it is never negative or undefined.
    ///
    /// Reference: Mundlak, Y. (1978), On the pooling of time series and cross section data, *Econometrica* 46(1), 69–85;
    /// Wooldridge (2010), *Econometric Analysis of Cross Section and Panel Data*, §10.7.3.
    public static func mundlak(_ model: SpatialModel, panel: Panel, y: String, x: [String], weights: SpatialWeights) throws(ModelError) -> TestResult {
        let w = try weights.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount
        var extra = [(String, [Double])]()
        for name in x {
            let v: [Double]
            do { v = try panel.numbers(name) } catch { throw .data(error) }
            extra.append(("mean_" + name, PanelTransform.unitMeansRepeated(v, n: n, t: t)))
            if model.hasDurbin {
                extra.append(("mean_W_" + name, PanelTransform.unitMeansRepeated(try PanelTransform.lag(v, weights: w, t: t), n: n, t: t)))
            }
        }
        let fit: RandomEffectsRegression
        do {
            fit = try RandomEffectsRegression(model: model, panel: panel, y: y, x: x, weights: w, logDeterminant: nil, extra: extra)
        } catch .collinear(let names) {
            throw .collinear(names + ["(a time-invariant regressor has no Mundlak mean: drop it from the test)"])
        }
        let idx = fit.coefficients.indices.filter { fit.coefficients[$0].name.hasPrefix("mean_") }
        var v = Matrix(rows: idx.count, columns: idx.count)
        for (a, p) in idx.enumerated() { for (b, q) in idx.enumerated() { v[a, b] = fit.covariance[p, q] } }
        let g = idx.map { fit.coefficients[$0].estimate }
        return .chiSquared("Hausman FE vs RE (\(model.rawValue.uppercased()), Mundlak form)", try quadraticForm(g, v), df: Double(idx.count))
    }
}

extension NestedModelComparison {
    /// The classic Hausman (1978) test of the within against the random-effects estimator of a non-spatial panel
    /// (plm's `phtest`): `H = d'(V_W - V_RE)^-1 d` over the slopes, df = their number. Named "invalid" when
    /// `V_W - V_RE` is not positive definite (the statistic is then the absolute value); `sigmamore` / `sigmaless`
    /// rescale one covariance to the other estimator's s^2, as Stata's `hausman`.
    public static func hausman(within: PanelLinearRegression, random: PanelLinearRegression,
                               covariance: HausmanCovariance = .classic) throws(ModelError) -> TestResult {
        try hausmanContrast(label: covariance == .classic ? "Hausman (within vs random)" : "Hausman (within vs random, \(covariance.rawValue))",
                            consistent: (within.coefficients, within.covariance, covariance == .sigmaMore ? random.sigma2 / within.sigma2 : 1),
                            efficient: (random.coefficients, random.covariance, covariance == .sigmaLess ? within.sigma2 / random.sigma2 : 1))
    }
}
