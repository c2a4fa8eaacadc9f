import Foundation

/// Generalized-moments estimation of the spatial error models SEM and SDEM: robust to heteroskedasticity of unknown
/// form (Kelejian & Prucha 2010; Arraiz, Drukker, Kelejian & Prucha 2010: spreg's `GM_Error_Het`, the default),
/// for homoskedastic innovations (Drukker, Egger & Prucha 2013: spreg's `GM_Error_Hom`), or Kelejian & Prucha's (1999)
/// original estimator (spatialreg's `GMerrorsar`), chosen by ``MomentWeighting``.
///
/// The model `y = X b (+ W X theta) + u`, `u = lambda W u + e`, `E[e_i] = 0` with `var(e_i) = sigma_i^2` unrestricted.
/// With `A1 = W'W - diag(w_.i'w_.i)` and `A2 = W` (both with a zero diagonal, so `E[e'A_r e] = 0` under
/// heteroskedasticity), the moment conditions `n^-1 E[e'A_r e] = 0`, `e = u - lambda W u`, are quadratic in lambda:
/// `g - G [lambda, lambda^2]' = 0` with, for residuals u and `ubar = W u`,
/// `g = n^-1 [u'A1 u, u'A2 u]'`, `G = n^-1 [[2 u'A1 ubar, -ubar'A1 ubar], [u'(W + W')ubar, -ubar'W ubar]]`.
///
/// Steps (spreg's, `maxIterations` = its `max_iter`, default 1; `tolerance` its `epsilon`, 1e-5):
/// 1. OLS residuals u; lambda~ minimises `||G v - g||^2`, `v = [lambda, lambda^2]`, on [-0.99, 0.99];
/// 2. b by least squares of `y - lambda W y` on `X - lambda W X` (spatial Cochrane-Orcutt), u = y - X b; lambda
///    minimises `(G v - g)' Psi^-1 (G v - g)` with
///    `Psi_rs = (2n)^-1 tr[(A_r + A_r') Sigma (A_s + A_s') Sigma]`, `Sigma = diag(e_i^2)` at the previous lambda;
///    repeated while fewer than `maxIterations` steps were taken and lambda moved by more than `tolerance`.
///
/// Each objective is a quartic in lambda; it is minimised exactly (a grid of 397 points, then Newton steps on the
/// cubic derivative), not by a numerical-gradient quasi-Newton as spreg does (L-BFGS-B), so ours is the objective's
/// minimum to rounding while spreg's lambda is within about 1e-6 of it.
///
/// Covariance, heteroskedastic (Arraiz et al. 2010, spreg's `get_vm_het`): block-diagonal,
/// `var(b) = (Zs'Zs)^-1 Zs' Sigma Zs (Zs'Zs)^-1` with `Zs = X - lambda W X`, and `var(lambda) = (J'Psi^-1 J)^-1 / n`,
/// `J = G [1, 2 lambda]'`, at the final lambda. Homoskedastic (Drukker, Egger & Prucha 2013, spreg's
/// `get_omega_hom_ols`): `var(b) = s^2 (Zs'Zs)^-1`, the same `var(lambda)` with the homoskedastic Psi, and
/// `cov(b, lambda) = P' psi_DL Psi^-1 J var(lambda)`, `P = (Zs'Zs / n)^-1`, `psi_DL = n^-1 mu3 X'a1` (first column),
/// non-zero when the innovations are skewed.
/// The homoskedastic moments use the A1, A2 and Psi of ``MomentWeighting/homoskedastic`` in the steps above.
///
/// Kelejian & Prucha (1999) (``MomentWeighting/kelejianPrucha1999``, spatialreg's `GMerrorsar`): on the OLS residuals
/// u, (lambda, sigma^2) minimise `||g - G [lambda, lambda^2]' - c sigma^2||^2` over the three moments of
/// ``MomentWeighting/kelejianPrucha1999`` (identity weighting, one step); sigma^2 enters linearly, so lambda minimises
/// the quartic `(G v - g)' M (G v - g)`, `M = I - c c'/c'c`, exactly as above (spatialreg: `nlminb` on both), and
/// `sigma^2_GM = c'(g - G v)/c'c` (``momentSigma2``). b is the feasible GLS estimate, least squares of
/// `y - lambda W y` on `Zs = X - lambda W X`, with `var(b) = s^2 (Zs'Zs)^-1`, `s^2 = n^-1 ||(I - lambda W) u||^2` on the
/// OLS residuals u (spatialreg's default, `legacy = FALSE`). lambda is reported without a standard error (NaN, and NaN
/// in its row and column of ``covariance``): spatialreg's `se.lambda` borrows the delta-method formula of Kelejian &
/// Prucha (2004) for another estimator (the two homoskedastic moments A1 = c (W'W - n^-1 tr(W'W) I), A2 = W), and
/// computes its Psi with `W'W` in place of A2 = W and with sums of all the entries of `(A_r + A_r')'(A_s + A_s')`
/// in place of their traces, so its value estimates no variance of the KP99 lambda (Docs/Regression.md). For a
/// standard error of lambda use the het or hom moments, whose asymptotic distribution is known (Kelejian & Prucha
/// 2010; Drukker, Egger & Prucha 2013).
///
/// No n x n matrix is formed: `A1 v = W'(W v) - d v` by two sparse products, and the traces of Psi are sums over the
/// non-zeros of `W + W'` and `W'W` (`O(sum_k nnz_k^2)` entries).
///
/// ```swift
/// let gm = try GeneralizedMomentsError(.sem, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: w)
/// print(gm.summary)
/// ```
/// - References: Kelejian, H. H. & Prucha, I. R. (1999), "A generalized moments estimator for the autoregressive
///   parameter in a spatial model", *International Economic Review* 40(2), 509–533.
///   Kelejian, H. H. & Prucha, I. R. (2010), "Specification and estimation of spatial autoregressive
///   models with autoregressive and heteroskedastic disturbances", *Journal of Econometrics* 157(1), 53–67.
///   Arraiz, I., Drukker, D. M., Kelejian, H. H. & Prucha, I. R. (2010), "A spatial Cliff-Ord-type model with
///   heteroskedastic innovations: small and large sample results", *Journal of Regional Science* 50(2), 592–614.
public struct GeneralizedMomentsError: Sendable, Codable {
    /// The model fitted: ``SpatialModel/sem`` or ``SpatialModel/sdem``.
    public let model: SpatialModel
    /// The response's name.
    public let yName: String
    /// The number of observations (units).
    public let n: Int
    /// beta, then theta (`W_<x>`) for the SDEM, with z tests.
    public let coefficients: [Coefficient]
    /// The spatial error parameter lambda with its standard error.
    public let lambdaEstimate: Coefficient
    /// `e'e / n`, e the filtered residuals `u - lambda W u` (kp99: of the OLS residuals, as spatialreg's `s2`).
    public let sigma2: Double
    /// kp99: the sigma^2 of the nonlinear least squares of the three moments (spatialreg's `GMs2`); `nil` otherwise.
    public let momentSigma2: Double?
    /// Covariance of (coefficients..., lambda), block-diagonal.
    public let covariance: Matrix
    /// The GM steps taken after the first (spreg's `iteration`).
    public let iterations: Int
    /// The largest number of steps allowed (spreg's `max_iter`).
    public let maxIterations: Int
    /// The moments' weighting (heteroskedastic: Arraiz et al.; homoskedastic: Drukker, Egger & Prucha; kp99: Kelejian
    /// & Prucha 1999).
    public let weighting: MomentWeighting
    /// The residuals `u = y - X b`, in the weights' unit order.
    public let residuals: [Double]
    /// spreg's pseudo R^2, `corr(y, X b)^2`.
    public let pseudoRSquared: Double
    /// The further endogenous regressors (`nil` without them).
    public let endogenous: [String]?
    /// The instruments' names H when there are endogenous regressors: X (and W X), then the external instruments.
    public let instruments: [String]?
    /// The first-stage F tests of the excluded instruments for every endogenous regressor.
    public let firstStages: [TestResult]?
    /// The over-identification test of the filtered second stage with more instruments than regressors: Hansen's J
    /// (heteroskedastic moments) or Sargan (homoskedastic) on `e = u - lambda W u` (``InstrumentDiagnostics``).
    public let overidentification: TestResult?
    /// Warnings (lambda at the bound 0.99 in absolute value, steps exhausted before convergence, weak instruments).
    public let warnings: [String]
    /// The weights the model was fitted with (not encoded).
    public private(set) var weightsUsed: SpatialWeights? = nil

    enum CodingKeys: String, CodingKey {
        case model, yName = "y", n, coefficients, lambdaEstimate = "lambda", sigma2, covariance, iterations
        case maxIterations = "max_iterations", weighting, residuals, pseudoRSquared = "pseudo_r_squared", warnings
        case endogenous, instruments, firstStages = "first_stages", overidentification, momentSigma2 = "moment_sigma2"
    }

    /// Fits `model` (SEM or SDEM) to columns of a table: `y` on `x` (an intercept first unless `intercept` is
    /// false; their lags added for the SDEM), row i of `data` being unit i of `weights`.
    /// `endogenous` names further endogenous regressors instrumented by the external `instruments` (spreg's
    /// `GM_Endog_Error_Het` / `GM_Endog_Error_Hom`).
    public init(_ model: SpatialModel, data: DataTable, y: String, x: [String], weights: SpatialWeights, intercept: Bool = true,
                weighting: MomentWeighting = .heteroskedastic, endogenous: [String] = [], instruments: [String] = [],
                maxIterations: Int = 1, tolerance: Double = 1e-5) throws(ModelError) {
        let endogenousColumns: [(name: String, values: [Double])], instrumentColumns: [(name: String, values: [Double])]
        do {
            endogenousColumns = try endogenous.map { name throws(DataError) in (data.resultName(name), try data.numbers(name)) }
            instrumentColumns = try instruments.map { name throws(DataError) in (data.resultName(name), try data.numbers(name)) }
        } catch { throw .data(error) }
        try self.init(model, data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights,
                      weighting: weighting, endogenous: endogenousColumns, instruments: instrumentColumns,
                      maxIterations: maxIterations, tolerance: tolerance)
    }

    /// Fits `model` (SEM or SDEM) to `data` (regressors without spatial lags: they are added for the SDEM).
    ///
    /// - Throws: ``ModelError/invalidArgument(_:)`` for another model, `maxIterations` outside 1...100 or a
    ///   tolerance that is not positive, or the kp99 moments with endogenous regressors or `maxIterations` above 1 (it
    ///   has one unweighted step); ``ModelError/sizeMismatch(_:)``; ``ModelError/constantResponse(variable:effects:)``;
    ///   ``ModelError/collinear(_:)`` naming collinear regressors; ``ModelError/numerical(_:)`` when the moments'
    ///   covariance Psi is singular (e.g. a W without links).
    ///
    /// `endogenous` are further endogenous regressors (their coefficients follow X's and W X's), `instruments` the
    /// external instruments (at least one per endogenous regressor): spreg's `GM_Endog_Error_Het` / `GM_Endog_Error_Hom`,
    /// `H = [X (, W X), Q]`, by the engine of ``GeneralizedSpatialTwoStageLeastSquares`` (2SLS, then filtered 2SLS; full
    /// covariance of (b, lambda)).
    public init(_ model: SpatialModel, data: RegressionData, weights: SpatialWeights, weighting: MomentWeighting = .heteroskedastic,
                endogenous: [(name: String, values: [Double])] = [], instruments external: [(name: String, values: [Double])] = [],
                maxIterations: Int = 1, tolerance: Double = 1e-5) throws(ModelError) {
        guard model == .sem || model == .sdem else {
            throw .invalidArgument("generalized moments of the error model fit the SEM and the SDEM, not the \(model.rawValue.uppercased())")
        }
        guard (1...100).contains(maxIterations) else { throw .invalidArgument("maxIterations = \(maxIterations): must be 1...100") }
        guard tolerance > 0, tolerance.isFinite else { throw .invalidArgument("tolerance = \(tolerance): must be positive") }
        if weighting == .kelejianPrucha1999 {
            guard endogenous.isEmpty else {
                throw .invalidArgument("Kelejian & Prucha's (1999) GM (kp99, spatialreg GMerrorsar) has no endogenous regressors: use the het or hom moments (spreg GM_Endog_Error_Het / _Hom)")
            }
            guard maxIterations == 1 else {
                throw .invalidArgument("maxIterations = \(maxIterations): Kelejian & Prucha's (1999) GM (kp99) takes one unweighted step, not iterations")
            }
        }
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        if ResponseCheck.isConstant(data.y) { throw .constantResponse(variable: data.yName) }
        let design = model == .sdem ? try data.withSpatialLags(weights) : data
        let n = data.n, k = design.k
        guard n > k + 1 else { throw .invalidArgument("\(n) observations for \(k) regressors and lambda") }
        let pieces: Pieces
        var diagnostics: InstrumentDiagnostics? = nil
        var h: Matrix? = nil, hNames = [String]()
        var names = design.xNames
        if endogenous.isEmpty {
            pieces = try Self.exogenousFit(design, weights: weights, weighting: weighting, maxIterations: maxIterations, tolerance: tolerance)
        } else {
            // spreg's GM_Endog_Error_Het / _Hom: Z = [X (, W X), Y], H = [X (, W X), Q] (the external instruments unlagged).
            guard external.count >= endogenous.count else {
                throw .invalidArgument("\(endogenous.count) endogenous regressors need at least as many external instruments, not \(external.count)")
            }
            for column in endogenous + external where column.values.count != n {
                throw .sizeMismatch("'\(column.name)' has \(column.values.count) values, \(n) observations")
            }
            let xColumns = (0..<k).map { design.x.column($0) }
            let instruments: Matrix
            do { instruments = try Matrix(columnArrays: xColumns + external.map(\.values)) } catch { throw .numerical("instrument matrix: \(error)") }
            hNames = design.xNames + external.map(\.name)
            let checks = try InstrumentDiagnostics(endogenous: endogenous, h: instruments, names: hNames, exogenous: design.x,
                                                   weakAdvice: "consider stronger instruments or ML")
            guard checks.rank >= k + endogenous.count else {
                throw .invalidArgument("\(checks.rank) independent instruments for \(k + endogenous.count) regressors: the model is not identified")
            }
            guard n > instruments.columns + 1 else { throw .invalidArgument("\(n) observations for \(instruments.columns) instruments") }
            names += endogenous.map(\.name)
            let fit = try FilteredTwoStageMoments(y: design.y, z: xColumns + endogenous.map(\.values), names: names, h: instruments,
                                                  weights: weights, weighting: weighting, clampLast: false,
                                                  maxIterations: maxIterations, tolerance: tolerance)
            pieces = Pieces(b: fit.d, lambda: fit.lambda, covariance: fit.covariance, u: fit.u, sigma2: fit.sigma2, iterations: fit.iterations,
                            warnings: checks.warnings + fit.warnings, momentSigma2: nil)
            diagnostics = checks
            h = instruments
        }
        let kz = names.count
        let cov = pieces.covariance
        let se = (0...kz).map { cov[$0, $0] > 0 ? cov[$0, $0].squareRoot() : .nan }
        self.model = model
        self.yName = data.yName
        self.n = n
        self.coefficients = (0..<kz).map { Coefficient(name: names[$0], estimate: pieces.b[$0], stdError: se[$0]) }
        self.lambdaEstimate = Coefficient(name: "lambda", estimate: pieces.lambda, stdError: se[kz])
        self.sigma2 = pieces.sigma2
        self.momentSigma2 = pieces.momentSigma2
        self.covariance = cov
        self.iterations = pieces.iterations
        self.maxIterations = maxIterations
        self.weighting = weighting
        self.residuals = pieces.u
        self.pseudoRSquared = GoodnessOfFit.squaredCorrelation(design.y, zip(design.y, pieces.u).map { $0 - $1 })
        self.warnings = pieces.warnings
        self.endogenous = diagnostics == nil ? nil : endogenous.map(\.name)
        self.instruments = diagnostics == nil ? nil : hNames
        self.firstStages = diagnostics?.firstStages
        if let diagnostics, let h {
            let e = try Self.filtered(pieces.u, lambda: pieces.lambda, weights: weights)
            self.overidentification = InstrumentDiagnostics.overidentification(e, h: h, robust: weighting == .heteroskedastic,
                                                                               df: diagnostics.rank - kz)
        } else {
            self.overidentification = nil
        }
        self.weightsUsed = weights
    }

    /// `e = u - lambda W u`.
    static func filtered(_ u: [Double], lambda: Double, weights: SpatialWeights) throws(ModelError) -> [Double] {
        do { return zip(u, try weights.matrix.multiply(u)).map { $0 - lambda * $1 } } catch { throw .numerical("W u: \(error)") }
    }

    /// The estimates of one path of the fit.
    struct Pieces {
        let b: [Double], lambda: Double, covariance: Matrix, u: [Double], sigma2: Double, iterations: Int, warnings: [String]
        var momentSigma2: Double? = nil
    }

    /// The steps without endogenous regressors (spreg's `GM_Error_Het` / `GM_Error_Hom`): OLS, then filtered least squares.
    static func exogenousFit(_ design: RegressionData, weights: SpatialWeights, weighting: MomentWeighting, maxIterations: Int,
                             tolerance: Double) throws(ModelError) -> Pieces {
        let n = design.n, k = design.k
        let w = weights.matrix
        let operators = MomentOperators(w, weighting: weighting)
        func lag(_ v: [Double]) throws(ModelError) -> [Double] {
            do { return try w.multiply(v) } catch { throw .numerical("W v: \(error)") }
        }
        func fit(_ lambda: Double) throws(ModelError) -> (b: [Double], u: [Double], zs: Matrix, unscaled: Matrix) {
            let wy = try lag(design.y)
            var columns = [[Double]]()
            for j in 0..<k { let x = design.x.column(j), wx = try lag(x); columns.append(zip(x, wx).map { $0 - lambda * $1 }) }
            let zs: Matrix, ls: LeastSquares
            do {
                zs = try Matrix(columnArrays: columns)
                ls = try LeastSquares(x: zs, y: zip(design.y, wy).map { $0 - lambda * $1 })
            } catch { throw .numerical("least squares: \(error)") }
            guard ls.aliasedColumns.isEmpty else { throw .collinear(ls.aliasedColumns.map { design.xNames[$0] }) }
            let xb: [Double]
            do { xb = try design.x.multiply(ls.coefficients) } catch { throw .numerical("X b: \(error)") }
            return (ls.coefficients, zip(design.y, xb).map { $0 - $1 }, zs, ls.unscaledCovariance)
        }
        // Step 1: OLS residuals, unweighted moments.
        var current = try fit(0)
        var moments = try operators.moments(current.u)
        if weighting == .kelejianPrucha1999 {
            // Kelejian & Prucha (1999): sigma^2 concentrated out of the three moments, then feasible GLS.
            let c = operators.sigmaColumn, cc = c.reduce(0) { $0 + $1 * $1 }
            let m = (0..<c.count).map { r in (0..<c.count).map { s in (r == s ? 1 : 0) - c[r] * c[s] / cc } }
            let lambda = Self.minimise(moments, weight: m)
            let fitted = (0..<c.count).map { r in moments.g[r] - moments.G[r][0] * lambda - moments.G[r][1] * lambda * lambda }
            let momentSigma2 = zip(c, fitted).reduce(0) { $0 + $1.0 * $1.1 } / cc
            let e = try Self.filtered(current.u, lambda: lambda, weights: weights)
            let s2 = e.reduce(0) { $0 + $1 * $1 } / Double(n)
            let feasible = try fit(lambda)
            var cov = Matrix(rows: k + 1, columns: k + 1)
            for r in 0..<k { for col in 0..<k { cov[r, col] = s2 * 0.5 * (feasible.unscaled[r, col] + feasible.unscaled[col, r]) } }
            for r in 0...k { cov[r, k] = .nan; cov[k, r] = .nan }
            return Pieces(b: feasible.b, lambda: lambda, covariance: cov, u: feasible.u, sigma2: s2, iterations: 0,
                          warnings: Self.iterationWarnings(maxIterations: 1, change: 0, tolerance: tolerance, lambda: lambda),
                          momentSigma2: momentSigma2)
        }
        var lambda = Self.minimise(moments, weight: [[1, 0], [0, 1]])
        var steps = 0, change = Double.infinity
        var warnings = [String]()
        while steps < maxIterations && change > tolerance {
            current = try fit(lambda)
            let psi = try operators.psi(current.u, lambda: lambda)
            moments = try operators.moments(current.u)
            let next = Self.minimise(moments, weight: try Self.inverse(psi))
            change = abs(next - lambda)
            lambda = next
            steps += 1
        }
        warnings += GeneralizedMomentsError.iterationWarnings(maxIterations: maxIterations, change: change, tolerance: tolerance, lambda: lambda)
        // Covariance at the final lambda: Sigma from e = u - lambda W u.
        let wu = try lag(current.u)
        let e = zip(current.u, wu).map { $0 - lambda * $1 }
        let s = e.map { $0 * $0 }
        var zsFinal = [[Double]]()
        for j in 0..<k { let x = design.x.column(j), wx = try lag(x); zsFinal.append(zip(x, wx).map { $0 - lambda * $1 }) }
        var zz = Matrix(rows: k, columns: k), meat = Matrix(rows: k, columns: k)
        for r in 0..<k {
            for c in r..<k {
                var a = 0.0, b = 0.0
                for i in 0..<n { let p = zsFinal[r][i] * zsFinal[c][i]; a += p; b += p * s[i] }
                zz[r, c] = a; zz[c, r] = a; meat[r, c] = b; meat[c, r] = b
            }
        }
        let psi = try operators.psi(current.u, lambda: lambda)
        let psiInverse = try Self.inverse(psi)
        let j0 = moments.G[0][0] + 2 * lambda * moments.G[0][1], j1 = moments.G[1][0] + 2 * lambda * moments.G[1][1]
        let jpj = j0 * (psiInverse[0][0] * j0 + psiInverse[0][1] * j1) + j1 * (psiInverse[1][0] * j0 + psiInverse[1][1] * j1)
        let varLambda = 1 / jpj / Double(n)
        let s2 = s.reduce(0, +) / Double(n)
        var cov = Matrix(rows: k + 1, columns: k + 1)
        do {
            let zzi = try Cholesky(zz).inverse()
            switch weighting {
            case .heteroskedastic:
                let vb = try zzi * meat * zzi
                for r in 0..<k { for c in 0..<k { cov[r, c] = 0.5 * (vb[r, c] + vb[c, r]) } }
            case .homoskedastic:
                for r in 0..<k { for c in 0..<k { cov[r, c] = s2 * 0.5 * (zzi[r, c] + zzi[c, r]) } }
                // cov(b, lambda) = P' (mu3 X'a1 / n) (Psi^-1 J)_1 var(lambda), P = n (Zs'Zs)^-1.
                let mu3 = e.reduce(0) { $0 + $1 * $1 * $1 } / Double(n)
                let a1 = operators.a1Diagonal
                let xa = (0..<k).map { j in zip(design.x.column(j), a1).reduce(0) { $0 + $1.0 * $1.1 } * mu3 / Double(n) }
                let piJ0 = psiInverse[0][0] * j0 + psiInverse[0][1] * j1
                for r in 0..<k {
                    var v = 0.0
                    for c in 0..<k { v += Double(n) * zzi[c, r] * xa[c] }
                    cov[r, k] = v * piJ0 * varLambda; cov[k, r] = cov[r, k]
                }
            case .kelejianPrucha1999: break   // returned after its one step above
            }
        } catch { throw .numerical("covariance of b: \(error)") }
        cov[k, k] = varLambda
        return Pieces(b: current.b, lambda: lambda, covariance: cov, u: current.u, sigma2: s2, iterations: steps, warnings: warnings)
    }

    /// The warnings of the iterated GM steps: stopped before lambda settled, or lambda on the bound of the interval the
    /// moments are minimised on.
    static func iterationWarnings(maxIterations: Int, change: Double, tolerance: Double, lambda: Double) -> [String] {
        var warnings = [String]()
        if maxIterations > 1 && change > tolerance {
            warnings.append("the GM steps stopped after \(maxIterations) iterations with lambda still changing by \(change)")
        }
        if abs(lambda) >= 0.99 - 1e-9 { warnings.append("lambda = \(lambda) is at the bound of [-0.99, 0.99] the moments are minimised on") }
        return warnings
    }

    /// The minimiser on [-0.99, 0.99] of `(G v - g)' Xi (G v - g)`, `v = [l, l^2]`, over any number of moments (the
    /// rows of G): a quartic `c4 l^4 + c3 l^3 + c2 l^2 + c1 l + c0`, scanned on a grid, then Newton steps on its
    /// derivative.
    static func minimise(_ m: (G: [[Double]], g: [Double]), weight xi: [[Double]]) -> Double {
        func quad(_ a: [Double], _ b: [Double]) -> Double {
            var total = 0.0
            for r in a.indices { for s in b.indices { total += a[r] * xi[r][s] * b[s] } }
            return total
        }
        let p = m.G.map { $0[1] }, q = m.G.map { $0[0] }, g = m.g
        let c4 = quad(p, p), c3 = 2 * quad(p, q), c2 = quad(q, q) - 2 * quad(p, g), c1 = -2 * quad(q, g)
        func f(_ l: Double) -> Double { (((c4 * l + c3) * l + c2) * l + c1) * l }
        var best = -0.99, bestValue = f(-0.99)
        for i in 1..<397 { let l = -0.99 + 1.98 * Double(i) / 396; let v = f(l); if v < bestValue { best = l; bestValue = v } }
        var l = best
        for _ in 0..<50 {
            let d1 = ((4 * c4 * l + 3 * c3) * l + 2 * c2) * l + c1, d2 = (12 * c4 * l + 6 * c3) * l + 2 * c2
            guard d2 > 0 else { break }
            let next = l - d1 / d2
            guard next > -0.99 && next < 0.99 && f(next) <= f(l) + 1e-15 * abs(f(l)) else { break }
            if abs(next - l) < 1e-15 { l = next; break }
            l = next
        }
        return l
    }

    static func inverse(_ a: [[Double]]) throws(ModelError) -> [[Double]] {
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        guard det.isFinite, abs(det) > 1e-300 else { throw .numerical("the covariance of the moments (Psi) is singular") }
        return [[a[1][1] / det, -a[0][1] / det], [-a[1][0] / det, a[0][0] / det]]
    }
}

/// The sparse pieces of the moments: `A1 v` and `A2 v` by sparse products (heteroskedastic: `A1 = W'W - diag(W'W)`,
/// `A2 = W`; homoskedastic: `A1 = c [W'W - t I]`, `t = n^-1 tr(W'W)`, `c = 1/(1 + t^2)`, `A2 = (W + W')/2`;
/// Kelejian & Prucha 1999: `A0 = I`, `A1 = W'W`, `A2 = W`), and the non-zeros of `W + W'` and of `W'W` off its
/// diagonal for the traces of Psi.
struct MomentOperators: Sendable {
    let w: SparseMatrix
    let weighting: MomentWeighting
    /// `d_j = sum_i w_ij^2`, the diagonal of W'W.
    let d: [Double]
    /// `W + W'` and `W'W` without its diagonal, CSR (rows sorted by column, duplicates summed).
    let symmetric: SparseMatrix, offDiagonal: SparseMatrix
    /// `n^-1 tr(W'W)` and `1/(1 + t^2)` (the homoskedastic A1's shift and scale).
    let t: Double, c: Double

    /// Builds `W + W'` by merging the sorted rows of W and W', and `W'W` by a sparse product of W' and W with a dense
    /// accumulator (Gustavson's algorithm): O(nnz(W) + sum_k nnz(row k)^2), no hashing.
    init(_ w: SparseMatrix, weighting: MomentWeighting) {
        self.w = w
        self.weighting = weighting
        let n = w.rows
        var d = [Double](repeating: 0, count: n)
        for q in 0..<w.nonzeroCount { d[w.columnIndices[q]] += w.values[q] * w.values[q] }
        let wt = w.transposed
        // W + W': merge row i of W and of W'.
        var sStart = [Int](repeating: 0, count: n + 1), sCols = [Int](), sVals = [Double]()
        sCols.reserveCapacity(2 * w.nonzeroCount); sVals.reserveCapacity(2 * w.nonzeroCount)
        for i in 0..<n {
            var a = w.rowStart[i], b = wt.rowStart[i]
            let aEnd = w.rowStart[i + 1], bEnd = wt.rowStart[i + 1]
            while a < aEnd || b < bEnd {
                let ca = a < aEnd ? w.columnIndices[a] : Int.max, cb = b < bEnd ? wt.columnIndices[b] : Int.max
                if ca == cb { sCols.append(ca); sVals.append(w.values[a] + wt.values[b]); a += 1; b += 1 }
                else if ca < cb { sCols.append(ca); sVals.append(w.values[a]); a += 1 }
                else { sCols.append(cb); sVals.append(wt.values[b]); b += 1 }
            }
            sStart[i + 1] = sCols.count
        }
        // W'W off the diagonal: row i = sum over k with w_ki != 0 of w_ki * (row k of W).
        var oStart = [Int](repeating: 0, count: n + 1), oCols = [Int](), oVals = [Double]()
        var accumulator = [Double](repeating: 0, count: n), marker = [Int](repeating: -1, count: n), touched = [Int]()
        for i in 0..<n {
            touched.removeAll(keepingCapacity: true)
            for p in wt.rowStart[i]..<wt.rowStart[i + 1] {
                let k = wt.columnIndices[p], a = wt.values[p]
                for q in w.rowStart[k]..<w.rowStart[k + 1] {
                    let j = w.columnIndices[q]
                    if j == i { continue }
                    if marker[j] != i { marker[j] = i; accumulator[j] = 0; touched.append(j) }
                    accumulator[j] += a * w.values[q]
                }
            }
            touched.sort()
            for j in touched { oCols.append(j); oVals.append(accumulator[j]) }
            oStart[i + 1] = oCols.count
        }
        self.d = d
        self.symmetric = SparseMatrix(uncheckedRows: n, columns: n, rowStart: sStart, columnIndices: sCols, values: sVals)
        self.offDiagonal = SparseMatrix(uncheckedRows: n, columns: n, rowStart: oStart, columnIndices: oCols, values: oVals)
        t = n > 0 ? d.reduce(0, +) / Double(n) : 0
        c = 1 / (1 + t * t)
    }

    /// The diagonal of A1 (zero for the heteroskedastic A1, that of W'W for kp99).
    var a1Diagonal: [Double] {
        switch weighting {
        case .heteroskedastic: return [Double](repeating: 0, count: d.count)
        case .homoskedastic: return d.map { c * ($0 - t) }
        case .kelejianPrucha1999: return d
        }
    }

    /// kp99: the coefficients of sigma^2 in the moments (`E[n^-1 e'A_r e] = sigma^2 n^-1 tr(A_r)`), `[1, t, 0]`.
    var sigmaColumn: [Double] { [1, t, 0] }

    func a1Times(_ v: [Double]) throws(ModelError) -> [Double] {
        let wtw: [Double]
        do { wtw = try w.multiplyTransposed(try w.multiply(v)) } catch { throw .numerical("A1 v: \(error)") }
        switch weighting {
        case .heteroskedastic: return (0..<v.count).map { wtw[$0] - d[$0] * v[$0] }
        case .homoskedastic: return (0..<v.count).map { c * (wtw[$0] - t * v[$0]) }
        case .kelejianPrucha1999: return wtw
        }
    }

    func a2Times(_ v: [Double]) throws(ModelError) -> [Double] {
        do {
            let wv = try w.multiply(v)
            guard weighting == .homoskedastic else { return wv }
            let wtv = try w.multiplyTransposed(v)
            return zip(wv, wtv).map { 0.5 * ($0 + $1) }
        } catch { throw .numerical("A2 v: \(error)") }
    }

    /// `g` and `G` of the moment conditions at residuals u: `g_r = n^-1 u'A_r u`,
    /// `G_r = n^-1 [u'(A_r + A_r') W u, -(W u)'A_r W u]`, for A1 and A2 (kp99: A0 = I, A1, A2).
    func moments(_ u: [Double]) throws(ModelError) -> (G: [[Double]], g: [Double]) {
        let n = Double(u.count)
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let wu: [Double]
        do { wu = try w.multiply(u) } catch { throw .numerical("W u: \(error)") }
        let a1u = try a1Times(u), a1wu = try a1Times(wu), a2u = try a2Times(u), a2wu = try a2Times(wu)
        // u'(A + A')Wu = (Wu)'A u + u'A Wu.
        let g = [dot(u, a1u) / n, dot(u, a2u) / n]
        let G = [[(dot(wu, a1u) + dot(u, a1wu)) / n, -dot(wu, a1wu) / n],
                 [(dot(wu, a2u) + dot(u, a2wu)) / n, -dot(wu, a2wu) / n]]
        guard weighting == .kelejianPrucha1999 else { return (G, g) }
        return ([[2 * dot(u, wu) / n, -dot(wu, wu) / n]] + G, [dot(u, u) / n] + g)
    }

    /// The covariance Psi of the moments at residuals u and lambda (``MomentWeighting``).
    func psi(_ u: [Double], lambda: Double) throws(ModelError) -> [[Double]] {
        let wu: [Double]
        do { wu = try w.multiply(u) } catch { throw .numerical("W u: \(error)") }
        let e = zip(u, wu).map { $0 - lambda * $1 }
        let n = Double(u.count)
        switch weighting {
        case .heteroskedastic:
            let s = e.map { $0 * $0 }
            var p11 = 0.0, p12 = 0.0, p22 = 0.0
            let o = offDiagonal, m = symmetric
            for i in 0..<u.count {
                let si = s[i], oEnd = o.rowStart[i + 1]
                for t in o.rowStart[i]..<oEnd { let a = o.values[t]; p11 += 4 * a * a * si * s[o.columnIndices[t]] }
                var p = o.rowStart[i]
                for t in m.rowStart[i]..<m.rowStart[i + 1] {
                    let j = m.columnIndices[t], b = m.values[t]
                    p22 += b * b * si * s[j]
                    while p < oEnd && o.columnIndices[p] < j { p += 1 }
                    if p < oEnd && o.columnIndices[p] == j { p12 += 2 * o.values[p] * b * si * s[j] }
                }
            }
            let scale = 1 / (2 * n)
            return [[p11 * scale, p12 * scale], [p12 * scale, p22 * scale]]
        case .homoskedastic:
            let s2 = e.reduce(0) { $0 + $1 * $1 } / n, mu4 = e.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
            // tr(A1^2) = c^2 [sum_{i != j} (W'W)_ij^2 + sum_i (d_i - t)^2]; tr(2 A1 A2) = sum_ij A1_ij (W + W')_ij;
            // tr(2 A2^2) = 1/2 sum_ij (W + W')_ij^2.
            var tr11 = 0.0, tr12 = 0.0, tr22 = 0.0, a1a1 = 0.0
            let o = offDiagonal, m = symmetric
            for i in 0..<u.count {
                let diag = c * (d[i] - t)
                a1a1 += diag * diag
                let oEnd = o.rowStart[i + 1]
                for t in o.rowStart[i]..<oEnd { let a = o.values[t]; tr11 += c * c * a * a }
                var p = o.rowStart[i]
                for t in m.rowStart[i]..<m.rowStart[i + 1] {
                    let j = m.columnIndices[t], b = m.values[t]
                    tr22 += 0.5 * b * b
                    while p < oEnd && o.columnIndices[p] < j { p += 1 }
                    let a1 = j == i ? diag : (p < oEnd && o.columnIndices[p] == j ? c * o.values[p] : 0)
                    tr12 += a1 * b
                }
            }
            tr11 += a1a1
            let p11 = 2 * s2 * s2 * tr11 + (mu4 - 3 * s2 * s2) * a1a1, p12 = s2 * s2 * tr12, p22 = s2 * s2 * tr22
            return [[p11 / n, p12 / n], [p12 / n, p22 / n]]
        case .kelejianPrucha1999:
            throw .invalidArgument("Kelejian & Prucha's (1999) moments are not weighted: they have no Psi")
        }
    }
}

extension GeneralizedMomentsError: SpatialFit, SpatialEffectsSource {
    /// The model fitted (SEM or SDEM).
    public var fittedModel: SpatialModel? { model }
    /// `nil`: the error models have no spatial lag of y.
    public var rho: Coefficient? { nil }
    /// The spatial error parameter lambda.
    public var lambda: Coefficient? { lambdaEstimate }
    /// `nan`: a GM fit maximises no likelihood.
    public var logLikelihood: Double { .nan }
    /// `nan`: no likelihood, no AIC.
    public var aic: Double { .nan }
    /// ``EstimationMethod/gmm``.
    public var estimationMethod: EstimationMethod { .gmm }
    /// `nan`: no likelihood, no BIC.
    public var bic: Double { .nan }
    /// How the standard errors were computed.
    public var standardErrors: String {
        if endogenous != nil {
            return weighting == .heteroskedastic ? "GM heteroskedasticity-robust with endogenous regressors (Arraiz et al. 2010, spreg get_Omega_GS2SLS): full covariance of (b, lambda)"
                : "GM homoskedastic with endogenous regressors (Drukker, Egger & Prucha 2013, spreg get_omega_hom): full covariance of (b, lambda)"
        }
        switch weighting {
        case .heteroskedastic:
            return "GM heteroskedasticity-robust (Arraiz et al. 2010): b sandwich on the filtered X, lambda from the moments' covariance"
        case .homoskedastic:
            return "GM homoskedastic (Drukker, Egger & Prucha 2013): s^2 (Xs'Xs)^-1 for b, lambda from the moments' covariance, cov(b, lambda) from mu3"
        case .kelejianPrucha1999:
            return "Kelejian & Prucha (1999), spatialreg GMerrorsar: feasible GLS s^2 (Xs'Xs)^-1 for b (s^2 from the filtered OLS residuals); no standard error for lambda"
        }
    }
    /// Always false: lambda is not on a likelihood's feasible interval (see the warnings for the 0.99 bound).
    public var atBound: Bool { false }
    /// `nil`: no log-determinant is used.
    public var logDeterminantName: String? { nil }
    /// `nil`: no log-determinant is used.
    public var logDeterminantAccuracy: LogDeterminantAccuracy? { nil }
    /// `nil`: no bound is imposed.
    public var boundary: BoundaryHit? { nil }
    /// `nil`: effects need no log-determinant for a model without W y.
    public var logDeterminantUsed: (any LogDeterminant)? { nil }
    /// spreg's pseudo R^2, `corr(y, X b)^2`.
    public var rSquared: GoodnessOfFit? { GoodnessOfFit(value: pseudoRSquared, definition: "pseudo R^2 = corr(y, X b)^2 (spreg pr2)") }
    /// The number of units, n.
    public var unitCount: Int { n }
}

extension GeneralizedMomentsError {
    /// The paper table: coefficients (Main/Wx for the SDEM), lambda, then the moments, steps and covariance used.
    public var table: Table {
        let kind: String, moments: String, steps: String
        switch weighting {
        case .heteroskedastic:
            kind = "heteroskedastic"; moments = "Kelejian & Prucha (2010) / Arraiz et al. (2010): A1 = W'W - diag(W'W), A2 = W"
        case .homoskedastic:
            kind = "homoskedastic"; moments = "Drukker, Egger & Prucha (2013): A1 = [W'W - tr(W'W)/n I] / (1 + (tr(W'W)/n)^2), A2 = (W + W')/2"
        case .kelejianPrucha1999:
            kind = "Kelejian-Prucha (1999)"
            moments = "Kelejian & Prucha (1999): e'e/n = s^2, e'W'We/n = s^2 tr(W'W)/n, e'We/n = 0 on the OLS residuals, nonlinear least squares (spatialreg GMerrorsar)"
        }
        steps = weighting == .kelejianPrucha1999 ? "one unweighted step, then feasible GLS" : "\(iterations) weighted step(s) (at most \(maxIterations))"
        var t = coefficientTable(title: "GM spatial error model, \(model.rawValue.uppercased()), \(kind) moments: \(yName)",
                                 coefficients: coefficients, spatial: [lambdaEstimate], durbin: model.hasDurbin, statistic: "z")
        t.notes = ["n = \(n); moments of \(moments); \(steps)",
                   "Standard errors: \(standardErrors)",
                   "sigma^2 = \(Format.fixed(sigma2, 6))" + (momentSigma2.map { " (GM sigma^2 = \(Format.fixed($0, 6)))" } ?? "")
                   + "; pseudo R^2 = \(Format.fixed(pseudoRSquared, 4))"]
            + (instruments.map { ["2SLS then spatially filtered 2SLS (spreg GM_Endog_Error); instruments (\($0.count)): \($0.joined(separator: ", "))"] } ?? [])
            + InstrumentDiagnostics.notes(endogenous: endogenous ?? [], firstStages: firstStages ?? [], overidentification: overidentification)
            + [Format.starsLegend] + warnings.map { "warning: \($0)" }
        return t
    }

    /// The table as text (``table``).
    public var summary: String { table.text }
}
