import Foundation

/// Baltagi's error-components two-stage least squares (EC2SLS) of a random-effects panel with endogenous regressors,
/// as splm's `ivsplm(method = "ec2sls")` (the random-effects ``PanelGeneralizedMoments`` without a spatial error).
///
/// With `Q = (I_T - J_T/T) kron I_N` (within), `P = (J_T/T) kron I_N` (unit means), Z = [Y, 1, X] (Y the endogenous
/// columns, `W y` among them for the lag) and H the instruments besides X (external ones, and `W [1, X]`,
/// `W^2 [1, X]` for the lag):
/// 1. within 2SLS of `Q y` on `Q Z` with instruments `[Q X, Q H]`: `sigma_v^2 = e_W'e_W / (N(T-1) - k - p)`;
/// 2. between 2SLS of the unit means `ybar` on `Zbar` with instruments `[1, Xbar, Hbar]`:
///    `sigma_1^2 = T e_B'e_B / (N - k - 1 - p)` (k regressors besides the intercept, p endogenous);
/// 3. 2SLS of `y* = Q y / sigma_v + P y / sigma_1` on `Z*` with instruments `A = [Q X, 1, P X, Q H, P H]`,
///    covariance `s^2 (Z*'P_A Z*)^-1`, `s^2 = e*'e* / (NT - k - 1 - p)` (splm; Baltagi's `(Z*'P_A Z*)^-1` has
///    `s^2 = 1`, its probability limit).
/// - References: Baltagi, B. H. (1981), "Simultaneous equations with error components", *Journal of Econometrics*
///   17, 189–200; Baltagi, B. H. (2008), *Econometric Analysis of Panel Data*, 4th ed., Wiley, section 7.2.
struct ErrorComponentsTwoStage {
    /// The final 2SLS, coefficients in the order (endogenous..., intercept, x...).
    let fit: PanelGeneralizedMoments.TwoStage
    /// `sigma_v^2` from the within 2SLS.
    let sigmaV2: Double
    /// `sigma_1^2 = T sigma_mu^2 + sigma_v^2` from the between 2SLS.
    let sigma12: Double

    /// - Parameters: `endogenous` and `x` (no intercept) are NT columns (period-major rows, `i + N t`);
    ///   `withinInstruments` NT columns (already within-transformed), `betweenInstruments` N-vectors of unit-level
    ///   instruments (unit means); `names` label (endogenous..., intercept, x...).
    init(y: [Double], endogenous: [[Double]], x: [[Double]], withinInstruments: [[Double]], betweenInstruments: [[Double]],
         n: Int, t: Int, names: [String]) throws(ModelError) {
        let nt = n * t, k = x.count, p = endogenous.count
        func within(_ v: [Double]) -> [Double] { PanelTransform.demean(v, n: n, t: t, effects: .individual) }
        func cross(_ v: [Double]) -> [Double] { Array(PanelTransform.unitMeansRepeated(v, n: n, t: t).prefix(n)) }
        func repeated(_ v: [Double]) -> [Double] { (0..<nt).map { v[$0 % n] } }
        let xw = x.map(within)
        let w = try PanelGeneralizedMoments.twoStage(y: within(y), endogenous: endogenous.map(within), exogenous: xw,
                                                      instruments: xw + withinInstruments, names: Array(names.prefix(p)) + Array(names.dropFirst(p + 1)))
        let dfW = n * (t - 1) - k - p, dfB = n - k - 1 - p
        guard dfW > 0, dfB > 0 else {
            throw .invalidArgument("EC2SLS needs more units than regressors: N = \(n) units, \(k + 1 + p) regressors in the between regression")
        }
        let sv = w.sse / Double(dfW)
        let ones = [Double](repeating: 1, count: n)
        let xb = [ones] + x.map(cross)
        let b = try PanelGeneralizedMoments.twoStage(y: cross(y), endogenous: endogenous.map(cross), exogenous: xb,
                                                      instruments: xb + betweenInstruments, names: names)
        let s1 = Double(t) * b.sse / Double(dfB)
        guard sv > 0, s1 > 0, sv.isFinite, s1.isFinite else {
            throw .numerical("EC2SLS variance components sigma_v^2 = \(sv), sigma_1^2 = \(s1): both must be positive")
        }
        let rv = 1 / sv.squareRoot(), r1 = 1 / s1.squareRoot()
        func star(_ v: [Double]) -> [Double] {
            let m = PanelTransform.unitMeansRepeated(v, n: n, t: t)
            return (0..<nt).map { (v[$0] - m[$0]) * rv + m[$0] * r1 }
        }
        let allOnes = [Double](repeating: 1, count: nt)
        let h = xw + [allOnes] + x.map { repeated(cross($0)) } + withinInstruments + betweenInstruments.map(repeated)
        fit = try PanelGeneralizedMoments.twoStage(y: star(y), endogenous: endogenous.map(star), exogenous: ([allOnes] + x).map(star),
                                                   instruments: h, names: names)
        sigmaV2 = sv
        sigma12 = s1
    }
}
