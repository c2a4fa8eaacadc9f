import Foundation

/// Baltagi, Song & Koh (2003) LM tests for random regional effects and spatial error correlation in a panel
/// (`y = X b + u`, `u = (iota_T kron I_N) mu + e`, `e_t = lambda W e_t + v_t`; splm `bsktest`).
///
/// With the pooled OLS residuals `e` (intercept included), `G = e'(J_T kron I_N)e / e'e - 1`,
/// `H = e'(I_T kron (W + W')/2)e / e'e` and `b = tr(W^2 + W'W)`:
/// - `LM1 = sqrt(NT / (2(T - 1))) G`, N(0,1) under `sigma_mu^2 = 0` (one-sided: `sigma_mu^2 >= 0`);
/// - `LM2 = sqrt(N^2 T / b) H`, N(0,1) under `lambda = 0` (two-sided);
/// - `LM-H = LM1^2 [LM1 > 0] + LM2^2 [LM2 > 0]`, the one-sided joint test, whose null distribution is the mixture
///   `1/4 chi2(0) + 1/2 chi2(1) + 1/4 chi2(2)` (Gourieroux, Holly & Monfort 1982);
/// - `LM*-lambda` (lambda = 0 allowing random effects): from the residuals `u` of the ML random-effects model,
///   `sigma_v^2 = u'(E_T kron I)u / (N(T-1))`, `sigma_1^2 = u'(J-bar_T kron I)u / N`,
///   `D = 1/2 u'[(sigma_v^2/sigma_1^4)(J-bar_T kron (W + W')) + (1/sigma_v^2)(E_T kron (W + W'))]u`,
///   `LM = D^2 / [((T - 1) + sigma_v^4/sigma_1^4) b]`, reported as `sqrt(LM)`;
/// - `LM*-mu` (sigma_mu^2 = 0 allowing spatial error correlation): from the pooled ML spatial error model
///   (`B = I - lambda W`), `D_mu = -T/(2 s2) tr(B'B) + 1/(2 s2^2) u'(J_T kron (B'B)^2)u` and the information terms
///   of Baltagi, Song & Koh (2003, eq. 2.30), reported as `sqrt(LM)`.
///
/// The conditional tests' statistics are square roots of chi-square(1) statistics; their p-values are
/// `P(chi2(1) > LM)` (splm's `2 (1 - Phi(sqrt(LM)))`, the same number). LM1's p-value is one-sided; splm prints
/// `2 (1 - Phi(LM1))`, which agrees for the large positive values of applied work but exceeds 1 when LM1 < 0.
/// `LM*-mu` forms `(B'B)^-1` densely (O(N^3)).
///
/// Reference: Baltagi, B. H., Song, S. H. & Koh, W. (2003), Testing panel data regression models with spatial error
/// correlation, *Journal of Econometrics* 117(1), 123–150.
public struct RandomEffectsLMDiagnostics: Sendable, Codable {
    /// `LM-H = LM1^2 [LM1 > 0] + LM2^2 [LM2 > 0]`: random effects and spatial error correlation jointly
    /// (chi-bar-square mixture).
    public let lmH: TestResult
    /// `LM1 = sqrt(NT / (2(T - 1))) G`: random effects, assuming no spatial error correlation (one-sided, N(0,1)).
    public let lm1: TestResult
    /// `LM2 = sqrt(N^2 T / b) H`: spatial error correlation, assuming no random effects (two-sided, N(0,1)).
    public let lm2: TestResult
    /// `LM*-lambda`: spatial error correlation allowing random effects (square root of a chi-square(1) statistic).
    public let conditionalLambda: TestResult
    /// `LM*-mu`: random effects allowing spatial error correlation (square root of a chi-square(1) statistic).
    public let conditionalMu: TestResult

    enum CodingKeys: String, CodingKey {
        case lmH = "lm_h", lm1, lm2, conditionalLambda = "clm_lambda", conditionalMu = "clm_mu"
    }

    /// Runs the five tests on the pooled regression of `y` on `x` (with intercept) in `panel`, with `weights` aligned
    /// to its units.
    /// - Throws: ``ModelError`` for fewer than 2 periods, a constant or perfectly fitted response, collinear
    /// regressors, or weights that do not match the panel.
    public init(panel: Panel, y: String, x: [String], weights: SpatialWeights) throws(ModelError) {
        let w = try weights.aligned(to: panel)
        let n = panel.unitCount, t = panel.periodCount
        guard t >= 2 else { throw .invalidArgument("the random-effects LM tests need at least 2 periods") }
        let nt = Double(n * t), tt = Double(t), nn = Double(n)
        func column(_ name: String) throws(ModelError) -> [Double] {
            do { return try panel.numbers(name) } catch { throw .data(error) }
        }
        let data = try RegressionData(y: try column(y), yName: y, columns: try x.map { name throws(ModelError) in (name, try column(name)) })
        let ols = try OrdinaryLeastSquares(data)
        if ols.isPerfectFit { throw .perfectFit }
        let e = ols.residuals
        let ee = e.reduce(0) { $0 + $1 * $1 }
        let sums = Self.unitSums(e, n: n, t: t)
        let g = sums.reduce(0) { $0 + $1 * $1 } / ee - 1
        let symmetricLag = try Self.symmetricLag(e, weights: w, t: t)
        let h = zip(e, symmetricLag).reduce(0) { $0 + $1.0 * $1.1 } / 2 / ee
        let b = Self.traceOfSquarePlusGram(w.matrix)
        let lm1 = (nt / (2 * (tt - 1))).squareRoot() * g
        let lm2 = (nn * nn * tt / b).squareRoot() * h
        self.lm1 = .normal("LM1 (random effects, BSK)", lm1, alternative: .greater)
        self.lm2 = .normal("LM2 (spatial error, BSK)", lm2, alternative: .twoSided)
        let joint = (lm1 > 0 ? lm1 * lm1 : 0) + (lm2 > 0 ? lm2 * lm2 : 0)
        let cdf = joint <= 0 ? 0 : 0.25 + 0.5 * ChiSquared(degreesOfFreedom: 1).cdf(joint) + 0.25 * ChiSquared(degreesOfFreedom: 2).cdf(joint)
        lmH = TestResult(name: "LM-H (joint one-sided, BSK)", statistic: joint, df: 2, df2: nil, distribution: .chiBarSquared, pValue: 1 - cdf)

        // LM*-lambda: residuals of the ML random-effects model without spatial terms.
        let re = try RandomEffectsRegression.nonSpatial(panel: panel, y: y, x: x)
        let u = re.residuals
        let uSums = Self.unitSums(u, n: n, t: t)
        var sigmaV = 0.0
        for p in 0..<t { for i in 0..<n { let d = u[p * n + i] - uSums[i] / tt; sigmaV += d * d } }
        sigmaV /= nn * (tt - 1)
        let sigma1 = uSums.reduce(0) { $0 + $1 * $1 } / tt / nn
        let c1 = sigmaV / (sigma1 * sigma1), c2 = 1 / sigmaV
        let wu = try Self.symmetricLag(u, weights: w, t: t)
        let wuSums = Self.unitSums(wu, n: n, t: t)
        var d = 0.0
        for p in 0..<t {
            for i in 0..<n {
                let mean = wuSums[i] / tt
                d += u[p * n + i] * (c1 * mean + c2 * (wu[p * n + i] - mean))
            }
        }
        d /= 2
        let lmLambda = d * d / (((tt - 1) + sigmaV * sigmaV / (sigma1 * sigma1)) * b)
        conditionalLambda = TestResult(name: "LM*-lambda (spatial error given random effects, BSK)", statistic: lmLambda.squareRoot(), df: 1, df2: nil,
                                       distribution: .normal, pValue: ChiSquared(degreesOfFreedom: 1).upperTail(lmLambda))

        // LM*-mu: the pooled ML spatial error model.
        let sem = try PanelRegression(.sem, panel: panel, y: y, x: x, weights: w, effects: .none)
        let lambda = sem.lambda?.estimate ?? 0
        let fitted: [Double]
        do { fitted = try data.x.multiply(sem.coefficients.map(\.estimate)) } catch { throw .numerical("\(error)") }
        let r = (0..<(n * t)).map { data.y[$0] - fitted[$0] }
        let mu = try Self.conditionalMu(residuals: r, lambda: lambda, weights: w, n: n, t: t)
        conditionalMu = TestResult(name: "LM*-mu (random effects given spatial error, BSK)", statistic: mu.squareRoot(), df: 1, df2: nil,
                                   distribution: .normal, pValue: ChiSquared(degreesOfFreedom: 1).upperTail(mu))
    }

    static func unitSums(_ v: [Double], n: Int, t: Int) -> [Double] {
        var s = [Double](repeating: 0, count: n)
        for p in 0..<t { for i in 0..<n { s[i] += v[p * n + i] } }
        return s
    }

    /// `(I_T kron (W + W')) v`.
    static func symmetricLag(_ v: [Double], weights w: SpatialWeights, t: Int) throws(ModelError) -> [Double] {
        let n = w.count
        var out = try PanelTransform.lag(v, weights: w, t: t)
        let m = w.matrix
        for p in 0..<t {
            for i in 0..<n {
                for k in m.rowStart[i]..<m.rowStart[i + 1] { out[p * n + m.columnIndices[k]] += m.values[k] * v[p * n + i] }
            }
        }
        return out
    }

    /// `tr(W^2) + tr(W'W) = sum_ij w_ij w_ji + sum_ij w_ij^2`, from the sparse entries.
    static func traceOfSquarePlusGram(_ m: SparseMatrix) -> Double {
        var s = 0.0
        for i in 0..<m.rows {
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = m.columnIndices[k], v = m.values[k]
                s += v * v + v * m[j, i]
            }
        }
        return s
    }

    /// BSK (2003) eq. 2.27–2.30: the LM statistic for sigma_mu^2 = 0 at the pooled spatial-error ML estimate.
    static func conditionalMu(residuals u: [Double], lambda: Double, weights w: SpatialWeights, n: Int, t: Int) throws(ModelError) -> Double {
        let tt = Double(t), nn = Double(n)
        do {
            let wd = w.matrix.dense
            var b = Matrix.identity(n)
            for i in b.elements.indices { b.elements[i] -= lambda * wd.elements[i] }
            let btb = try Matrix.product(b, .transposed, b, .none)
            let btb2 = try btb * btb
            var s2 = 0.0
            for p in 0..<t {
                let up = Array(u[(p * n)..<((p + 1) * n)])
                let q = try btb.multiply(up)
                s2 += zip(up, q).reduce(0) { $0 + $1.0 * $1.1 }
            }
            s2 /= nn * tt
            let s4 = s2 * s2
            let sums = unitSums(u, n: n, t: t)
            let q2 = try btb2.multiply(sums)
            let quad = zip(sums, q2).reduce(0) { $0 + $1.0 * $1.1 }
            let trace = { (m: Matrix) in m.diagonalElements.reduce(0, +) }
            let dMu = -tt / (2 * s2) * trace(btb) + quad / (2 * s4)
            let wtb = try Matrix.product(wd, .transposed, b, .none)
            let sym = try wtb + wtb.transposed
            let g = try sym * (try Cholesky(btb).inverse())
            let e = trace(btb2), dd = trace(sym), h = trace(btb), gg = trace(g), c = InformationMatrix.traceOfProduct(g, g)
            let num = 2 * s4 / tt * (nn * s4 * c - s4 * gg * gg)
            let den = nn * tt * s4 * e * c - nn * s4 * dd * dd - tt * s4 * gg * gg * e + 2 * s4 * gg * h * dd - s4 * h * h * c
            guard den != 0 else { throw ModelError.numerical("LM*-mu: zero information") }
            return dMu * dMu * num / den
        } catch let error as ModelError { throw error } catch { throw .numerical("LM*-mu: \(error)") }
    }
}
