import Foundation

/// Generalized spatial two-stage least squares (GS2SLS) for the SAC / SARAR model with heteroskedasticity-robust
/// moments (Kelejian & Prucha 1998, 2010; Arraiz, Drukker, Kelejian & Prucha 2010): spreg's `GM_Combo_Het`.
///
/// The model `y = rho W y + X b + u`, `u = lambda W u + e`, `var(e_i) = sigma_i^2` unrestricted. With
/// `Z = [X, W y]` and instruments `H = [X, W X, ..., W^q X]` (``InstrumentSet``, q = `wLags`, default 1, the constant
/// never lagged), the steps are spreg's (`maxIterations` its `max_iter`, default 1):
/// 1. 2SLS of y on Z with H, `d = (Zhat'Z)^-1 Zhat'y`, `Zhat = H (H'H)^-1 H'Z`; residuals `u = y - Z d`; lambda~
///    from the unweighted moments of ``GeneralizedMomentsError`` (A1 = W'W - diag(W'W), A2 = W);
/// 2. 2SLS of `y - lambda W y` on `Z - lambda W Z` with the same H; u = y - Z d; lambda minimising
///    `(G v - g)' Psi^-1 (G v - g)`, where Psi adds to the error model's `Psi_rs = (2n)^-1 tr[(A_r + A_r') Sigma
///    (A_s + A_s') Sigma]` the estimation effect of d: `n^-1 a_r' Sigma a_s`, `a_r = H P alpha_r`,
///    `P = n (H'H)^-1 H'Zs [Zs'H (H'H)^-1 H'Zs]^-1`, `alpha_1 = -2/n Zs'A1 e`, `alpha_2 = -1/n Zs'(W + W') e`,
///    `Zs = Z - lambda W Z`, `e = u - lambda W u`; repeated while lambda moves by more than `tolerance`.
///
/// As spreg, a 2SLS rho outside [-0.9, 0.9] is set to the nearer bound before the moments are formed (with a
/// warning). Covariance (Arraiz et al. 2010, spreg's `get_Omega_GS2SLS`), at the final lambda:
/// `V = n^-1 [P' 0; 0 o'] [Psi_dd Psi_dl; Psi_dl' Psi] [P 0; 0 o]`, `o = Psi^-1 J (J'Psi^-1 J)^-1`,
/// `J = G [1, 2 lambda]'`, `Psi_dd = n^-1 H'Sigma H`, `Psi_dl = n^-1 H'Sigma [a_1, a_2]`: the full covariance of
/// (b, rho, lambda), including `cov(d, lambda)`.
///
/// Stata's `spregress, gs2sls` is homoskedastic unless `heteroskedastic` is given; this estimator is always the
/// heteroskedasticity-robust one (spreg's `GM_Combo_Het`). No n x n matrix is formed (``MomentOperators``).
///
/// ```swift
/// let sac = try GeneralizedSpatialTwoStageLeastSquares(data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
/// print(sac.summary)
/// ```
/// - References: Kelejian & Prucha (1998), *Journal of Real Estate Finance and Economics* 17(1), 99–121; Kelejian &
///   Prucha (2010), *Journal of Econometrics* 157(1), 53–67; Arraiz, Drukker, Kelejian & Prucha (2010), *Journal of
///   Regional Science* 50(2), 592–614.
public struct GeneralizedSpatialTwoStageLeastSquares: Sendable, Codable {
    /// The response's name.
    public let yName: String
    /// The number of observations (units).
    public let n: Int
    /// beta, with z tests.
    public let coefficients: [Coefficient]
    /// The spatial lag parameter rho.
    public let rhoEstimate: Coefficient
    /// The spatial error parameter lambda.
    public let lambdaEstimate: Coefficient
    /// `e'e / n`, e the filtered residuals `u - lambda W u`.
    public let sigma2: Double
    /// Covariance of (coefficients..., rho, lambda).
    public let covariance: Matrix
    /// The instruments' names (H).
    public let instruments: [String]
    /// The number of spatial-lag orders of X in the instruments (spreg's `w_lags`).
    public let wLags: Int
    /// The GM steps taken after the first.
    public let iterations: Int
    /// The largest number of steps allowed (spreg's `max_iter`).
    public let maxIterations: Int
    /// The residuals `u = y - Z d`, in the weights' unit order.
    public let residuals: [Double]
    /// spreg's pseudo R^2, `corr(y, Z d)^2`.
    public let pseudoRSquared: Double
    /// Warnings (rho clamped to 0.9 in absolute value, lambda at 0.99, steps exhausted).
    public let warnings: [String]
    /// The weights the model was fitted with (not encoded).
    public private(set) var weightsUsed: SpatialWeights? = nil

    enum CodingKeys: String, CodingKey {
        case yName = "y", n, coefficients, rhoEstimate = "rho", lambdaEstimate = "lambda", sigma2, covariance, instruments
        case wLags = "w_lags", iterations, maxIterations = "max_iterations", residuals, pseudoRSquared = "pseudo_r_squared", warnings
    }

    /// Fits the SAC to columns of a table: `y` on `x` (an intercept first unless `intercept` is false), row i of
    /// `data` being unit i of `weights`.
    public init(data: DataTable, y: String, x: [String], weights: SpatialWeights, intercept: Bool = true, wLags: Int = 1,
                maxIterations: Int = 1, tolerance: Double = 1e-5) throws(ModelError) {
        try self.init(data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights, wLags: wLags,
                      maxIterations: maxIterations, tolerance: tolerance)
    }

    /// Fits the SAC to `data`.
    ///
    /// - Throws: ``ModelError/invalidArgument(_:)`` for `wLags` outside 1...10, `maxIterations` outside 1...100, a
    ///   tolerance that is not positive, or no regressor to lag; ``ModelError/sizeMismatch(_:)``;
    ///   ``ModelError/constantResponse(variable:effects:)``; ``ModelError/collinear(_:)`` for collinear instruments
    ///   or regressors; ``ModelError/numerical(_:)`` when the moments' covariance is singular.
    public init(data: RegressionData, weights: SpatialWeights, wLags: Int = 1, maxIterations: Int = 1, tolerance: Double = 1e-5) throws(ModelError) {
        guard (1...10).contains(wLags) else { throw .invalidArgument("wLags = \(wLags): the instrument lags must be 1...10") }
        guard (1...100).contains(maxIterations) else { throw .invalidArgument("maxIterations = \(maxIterations): must be 1...100") }
        guard tolerance > 0, tolerance.isFinite else { throw .invalidArgument("tolerance = \(tolerance): must be positive") }
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        if ResponseCheck.isConstant(data.y) { throw .constantResponse(variable: data.yName) }
        let n = data.n, kx = data.k, k = kx + 1, nd = Double(n)
        let h = try InstrumentSet(spatialLagsOf: data, weights: weights, powers: 1...wLags)
        guard n > h.matrix.columns + 2 else { throw .invalidArgument("\(n) observations for \(h.matrix.columns) instruments") }
        let w = weights.matrix
        let operators = MomentOperators(w, weighting: .heteroskedastic)
        func mul(_ a: Matrix, _ ta: Transpose, _ b: Matrix, _ tb: Transpose = .none) throws(ModelError) -> Matrix {
            do { return try Matrix.product(a, ta, b, tb) } catch { throw .numerical("\(error)") }
        }
        func inv(_ a: Matrix, _ what: String) throws(ModelError) -> Matrix {
            do { return try LUDecomposition(a).inverse() } catch { throw .numerical("\(what) is singular: \(error)") }
        }
        func lag(_ v: [Double]) throws(ModelError) -> [Double] {
            do { return try w.multiply(v) } catch { throw .numerical("W v: \(error)") }
        }
        func column(_ v: [Double]) throws(ModelError) -> Matrix {
            do { return try Matrix(rows: v.count, columns: 1, columnMajor: v) } catch { throw .numerical("\(error)") }
        }
        let hh = try mul(h.matrix, .transposed, h.matrix)
        let hhi: Matrix
        do { hhi = try Cholesky(hh).inverse() } catch {
            let aliased = (try? LeastSquares(x: h.matrix, y: data.y).aliasedColumns) ?? []
            throw .collinear(aliased.isEmpty ? h.names : aliased.map { h.names[$0] })
        }
        let wy = try lag(data.y)
        var zColumns = (0..<kx).map { data.x.column($0) }
        zColumns.append(wy)
        let wzColumns = try zColumns.map { v throws(ModelError) in try lag(v) }
        let names = data.xNames + ["rho"]
        func filtered(_ lambda: Double) throws(ModelError) -> Matrix {
            do { return try Matrix(columnArrays: (0..<k).map { j in zip(zColumns[j], wzColumns[j]).map { $0 - lambda * $1 } }) } catch {
                throw .numerical("\(error)")
            }
        }
        var warnings = [String]()
        // 2SLS of yv on zv with H (spreg clamps rho to [-0.9, 0.9]).
        func tsls(_ yv: [Double], _ zv: Matrix) throws(ModelError) -> [Double] {
            let m = try mul(h.matrix, .transposed, zv), q = try mul(hhi, .none, m)
            let a = try mul(m, .transposed, q)
            let hy = try mul(h.matrix, .transposed, try column(yv))
            let b = try mul(q, .transposed, hy)
            let ai: Matrix
            do { ai = try Cholesky(a).inverse() } catch { throw .collinear(names) }
            var d = try mul(ai, .none, b).column(0)
            if abs(d[kx]) > 0.9 {
                warnings.append("the 2SLS rho \(d[kx]) was set to \(d[kx] > 0 ? 0.9 : -0.9) before the moments, as spreg does")
                d[kx] = d[kx] > 0 ? 0.9 : -0.9
            }
            return d
        }
        func residuals(_ d: [Double]) -> [Double] {
            (0..<n).map { i in data.y[i] - (0..<k).reduce(0) { $0 + zColumns[$1][i] * d[$1] } }
        }
        // P = n (H'H)^-1 H'Zs [Zs'H (H'H)^-1 H'Zs]^-1 (l x k).
        func pHat(_ zs: Matrix) throws(ModelError) -> Matrix {
            let m = try mul(h.matrix, .transposed, zs), q = try mul(hhi, .none, m)
            return nd * (try mul(q, .none, try inv(try mul(m, .transposed, q), "Zs'P_H Zs")))
        }
        // Psi of the moments with the estimation effect of d, and a_1, a_2.
        func psi(_ u: [Double], _ lambda: Double, _ p: Matrix, _ zs: Matrix) throws(ModelError) -> (psi: [[Double]], a1: [Double], a2: [Double], s: [Double]) {
            let wu = try lag(u)
            let e = zip(u, wu).map { $0 - lambda * $1 }
            let s = e.map { $0 * $0 }
            let a1e = try operators.a1Times(e)
            let we: [Double], wte: [Double]
            do { we = try w.multiply(e); wte = try w.multiplyTransposed(e) } catch { throw .numerical("\(error)") }
            let alpha1 = try mul(zs, .transposed, try column(a1e)).column(0).map { -2 / nd * $0 }
            let alpha2 = try mul(zs, .transposed, try column(zip(we, wte).map { $0 + $1 })).column(0).map { -1 / nd * $0 }
            let hp = try mul(h.matrix, .none, p)
            let a1 = try hp.multiplyMapped(alpha1), a2 = try hp.multiplyMapped(alpha2)
            var base = try operators.psi(u, lambda: lambda)
            var p11 = 0.0, p12 = 0.0, p22 = 0.0
            for i in 0..<n { p11 += a1[i] * s[i] * a1[i]; p12 += a1[i] * s[i] * a2[i]; p22 += a2[i] * s[i] * a2[i] }
            base[0][0] += p11 / nd; base[0][1] += p12 / nd; base[1][0] += p12 / nd; base[1][1] += p22 / nd
            return (base, a1, a2, s)
        }
        var d = try tsls(data.y, try filtered(0))
        var u = residuals(d)
        var moments = try operators.moments(u)
        var lambda = GeneralizedMomentsError.minimise(moments, weight: [[1, 0], [0, 1]])
        var steps = 0, change = Double.infinity
        while steps < maxIterations && change > tolerance {
            let zs = try filtered(lambda)
            let wyv = try lag(data.y)
            d = try tsls(zip(data.y, wyv).map { $0 - lambda * $1 }, zs)
            u = residuals(d)
            let ps = try psi(u, lambda, try pHat(zs), zs).psi
            moments = try operators.moments(u)
            let next = GeneralizedMomentsError.minimise(moments, weight: try GeneralizedMomentsError.inverse(ps))
            change = abs(next - lambda)
            lambda = next
            steps += 1
        }
        if maxIterations > 1 && change > tolerance {
            warnings.append("the GM steps stopped after \(maxIterations) iterations with lambda still changing by \(change)")
        }
        if abs(lambda) >= 0.99 - 1e-9 { warnings.append("lambda = \(lambda) is at the bound of [-0.99, 0.99] the moments are minimised on") }
        // Covariance at the final lambda.
        let zs = try filtered(lambda)
        let p = try pHat(zs)
        let (ps, a1, a2, s) = try psi(u, lambda, p, zs)
        let psInv = try GeneralizedMomentsError.inverse(ps)
        let j = [moments.G[0][0] + 2 * lambda * moments.G[0][1], moments.G[1][0] + 2 * lambda * moments.G[1][1]]
        let pj = [psInv[0][0] * j[0] + psInv[0][1] * j[1], psInv[1][0] * j[0] + psInv[1][1] * j[1]]
        let jpj = j[0] * pj[0] + j[1] * pj[1]
        let o = [pj[0] / jpj, pj[1] / jpj]
        let l = h.matrix.columns
        var sh = h.matrix
        for c in 0..<l { for i in 0..<n { sh[i, c] *= s[i] } }
        let pdd = (1 / nd) * (try mul(sh, .transposed, h.matrix))
        let aMatrix: Matrix
        do { aMatrix = try Matrix(columnArrays: [a1, a2]) } catch { throw .numerical("\(error)") }
        let pdl = (1 / nd) * (try mul(sh, .transposed, aMatrix))
        let vdd = (1 / nd) * (try mul(p, .transposed, try mul(pdd, .none, p)))
        let pdlo = (0..<l).map { r in pdl[r, 0] * o[0] + pdl[r, 1] * o[1] }
        let vdl = try mul(p, .transposed, try column(pdlo)).column(0).map { $0 / nd }
        let vll = (o[0] * (ps[0][0] * o[0] + ps[0][1] * o[1]) + o[1] * (ps[1][0] * o[0] + ps[1][1] * o[1])) / nd
        var cov = Matrix(rows: k + 1, columns: k + 1)
        for r in 0..<k { for c in 0..<k { cov[r, c] = 0.5 * (vdd[r, c] + vdd[c, r]) }; cov[r, k] = vdl[r]; cov[k, r] = vdl[r] }
        cov[k, k] = vll
        let se = (0...k).map { cov[$0, $0] > 0 ? cov[$0, $0].squareRoot() : .nan }
        self.yName = data.yName
        self.n = n
        self.coefficients = (0..<kx).map { Coefficient(name: names[$0], estimate: d[$0], stdError: se[$0]) }
        self.rhoEstimate = Coefficient(name: "rho", estimate: d[kx], stdError: se[kx])
        self.lambdaEstimate = Coefficient(name: "lambda", estimate: lambda, stdError: se[k])
        let wu = try lag(u)
        self.sigma2 = zip(u, wu).reduce(0) { $0 + ($1.0 - lambda * $1.1) * ($1.0 - lambda * $1.1) } / nd
        self.covariance = cov
        self.instruments = h.names
        self.wLags = wLags
        self.iterations = steps
        self.maxIterations = maxIterations
        self.residuals = u
        self.pseudoRSquared = GoodnessOfFit.squaredCorrelation(data.y, zip(data.y, u).map { $0 - $1 })
        self.warnings = warnings
        self.weightsUsed = weights
    }
}

extension Matrix {
    /// `A v` for a vector v, with the dimension error as a ``ModelError``.
    fileprivate func multiplyMapped(_ v: [Double]) throws(ModelError) -> [Double] {
        do { return try multiply(v) } catch { throw .numerical("\(error)") }
    }
}

extension GeneralizedSpatialTwoStageLeastSquares: SpatialFit, SpatialEffectsSource {
    /// ``SpatialModel/sac``.
    public var fittedModel: SpatialModel? { .sac }
    /// The spatial lag parameter rho.
    public var rho: Coefficient? { rhoEstimate }
    /// The spatial error parameter lambda.
    public var lambda: Coefficient? { lambdaEstimate }
    /// `nan`: a GMM fit maximises no likelihood.
    public var logLikelihood: Double { .nan }
    /// `nan`: no likelihood, no AIC.
    public var aic: Double { .nan }
    /// `nan`: no likelihood, no BIC.
    public var bic: Double { .nan }
    /// How the standard errors were computed.
    public var standardErrors: String {
        "GS2SLS heteroskedasticity-robust (Arraiz et al. 2010); instruments \(instruments.joined(separator: ", "))"
    }
    /// Always false: no likelihood interval is imposed.
    public var atBound: Bool { false }
    /// `nil`: no log-determinant is used.
    public var logDeterminantName: String? { nil }
    /// `nil`: no log-determinant is used.
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { nil }
    /// `nil`: no bound is imposed.
    public var boundary: BoundaryHit? { nil }
    /// `nil`: effects choose one from W when they need traces.
    public var logDeterminantUsed: (any LogDeterminant)? { nil }
    /// spreg's pseudo R^2, `corr(y, Z d)^2`.
    public var rSquared: GoodnessOfFit? {
        GoodnessOfFit(value: pseudoRSquared, definition: "pseudo R^2 = corr(y, Z d)^2, Z d = X b + rho W y (spreg pr2)")
    }
    /// The number of units, n.
    public var unitCount: Int { n }
}

extension GeneralizedSpatialTwoStageLeastSquares {
    /// The paper table: coefficients, rho and lambda, then the instruments, moments and covariance.
    public var table: Table {
        var t = coefficientTable(title: "GS2SLS, SAC, heteroskedastic moments: \(yName)", coefficients: coefficients,
                                 spatial: [rhoEstimate, lambdaEstimate], durbin: false, statistic: "z")
        t.notes = ["n = \(n); instruments (\(instruments.count)): \(instruments.joined(separator: ", "))",
                   "moments of Arraiz et al. (2010): A1 = W'W - diag(W'W), A2 = W; \(iterations) weighted step(s) (at most \(maxIterations))",
                   "Standard errors: heteroskedasticity-robust (Arraiz et al. 2010), full covariance of (b, rho, lambda)",
                   "sigma^2 = \(Format.fixed(sigma2, 6)); pseudo R^2 = \(Format.fixed(pseudoRSquared, 4))",
                   Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table as text (``table``).
    public var summary: String { table.text }
}
