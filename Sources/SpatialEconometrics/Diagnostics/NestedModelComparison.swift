import Foundation

/// Tests between nested spatial models: likelihood-ratio tests from two fits, and Wald tests of the restrictions
/// that reduce the spatial Durbin model to the SAR (`theta = 0`) or to the SEM (common factor
/// `theta + rho beta = 0`, delta method), as in LeSage & Pace (2009, 6.3) and Elhorst (2014, 2.4).
public enum NestedModelComparison {
    /// `LR = 2 (lnL_unrestricted - lnL_restricted)`, df = difference in the number of parameters.
    public static func likelihoodRatio(_ name: String, unrestricted: Double, restricted: Double, df: Int) -> TestResult {
        .chiSquared(name, 2 * (unrestricted - restricted), df: Double(df))
    }

    /// LR of two fitted models (df from their parameter counts).
    public static func likelihoodRatio(unrestricted u: SpatialRegression, restricted r: SpatialRegression) -> TestResult {
        likelihoodRatio("LR \(u.model.rawValue.uppercased()) vs \(r.model.rawValue.uppercased())", unrestricted: u.logLikelihood,
                        restricted: r.logLikelihood, df: u.parameterCount - r.parameterCount)
    }

    /// Wald test of `theta = 0` in a Durbin model (SDM against SAR, SDEM against SEM, SLX against OLS).
    public static func waldNoSpatialLagsOfX(_ fit: some SpatialEffectsSource) throws(ModelError) -> TestResult {
        let idx = fit.coefficients.indices.filter { fit.coefficients[$0].name.hasPrefix("W_") }
        guard !idx.isEmpty else { throw .invalidArgument("the model has no W_ coefficients") }
        let g = idx.map { fit.coefficients[$0].estimate }
        var v = Matrix(rows: idx.count, columns: idx.count)
        for (a, i) in idx.enumerated() { for (b, j) in idx.enumerated() { v[a, b] = fit.covariance[i, j] } }
        return .chiSquared("Wald theta = 0", try quadraticForm(g, v), df: Double(idx.count))
    }

    /// Wald test of the common-factor restriction `theta_k + rho beta_k = 0` for every lagged regressor of an SDM
    /// (SDM against SEM), with the delta-method covariance `J V J'`.
    public static func waldCommonFactor(_ fit: some SpatialEffectsSource) throws(ModelError) -> TestResult {
        guard let rho = fit.rho, fit.coefficients.contains(where: { $0.name.hasPrefix("W_") }) else {
            throw .invalidArgument("the common-factor test needs an SDM fit")
        }
        let names = fit.coefficients.map(\.name)
        let pairs = names.indices.compactMap { t -> (Int, Int)? in
            guard names[t].hasPrefix("W_"), let b = names.firstIndex(of: String(names[t].dropFirst(2))) else { return nil }
            return (b, t)
        }
        let rhoIndex = names.count
        let dim = names.count + 1
        var g = [Double](), jac = [[Double]]()
        for (b, t) in pairs {
            g.append(fit.coefficients[t].estimate + rho.estimate * fit.coefficients[b].estimate)
            var row = [Double](repeating: 0, count: dim)
            row[t] = 1; row[b] = rho.estimate; row[rhoIndex] = fit.coefficients[b].estimate
            jac.append(row)
        }
        let j: Matrix
        do { j = try Matrix(rowArrays: jac) } catch { throw .numerical("\(error)") }
        var cov = Matrix(rows: dim, columns: dim)
        for a in 0..<dim { for b in 0..<dim { cov[a, b] = fit.covariance[a, b] } }
        let v: Matrix
        do { v = try Matrix.product(try j * cov, .none, j, .transposed) } catch { throw .numerical("\(error)") }
        return .chiSquared("Wald theta + rho beta = 0", try quadraticForm(g, v), df: Double(g.count))
    }

    /// The spatial Hausman test of Pace & LeSage (2008): OLS and SEM (or SDEM) estimate the same beta when the
    /// error model is right. `H = d' V^-1 d`, `d = b_OLS - b_SEM`,
    /// `V = s2 [(X'X)^-1 X'(B'B)^-1 X (X'X)^-1 - (X'B'BX)^-1]`, `B = I - lambda W`, s2 the SEM's sigma^2; df = k.
    ///
    /// Reference: Pace, R. K. & LeSage, J. P. (2008), A spatial Hausman test, *Economics Letters* 101, 282–284.
    ///
    /// spatialreg 1.2.6 (`Hausman.test`, eigen method) forms `(X'X)^-1 X' B^-1 B^-1 X (X'X)^-1`, with `B^-1` where
    /// `(B')^-1` belongs (its line building `(I - lambda W')^-1` is commented out); on columbus that gives 5.613 where the
    /// covariance of `b_OLS` under the SEM, `s2 (X'X)^-1 X'(B'B)^-1 X (X'X)^-1`, gives 5.256. This function uses the
    /// latter; `spatialregVariant: true` reproduces spatialreg's number.
    ///
    /// - Complexity: k sparse solves with `B'` (BiCGSTAB, O(nnz) per iteration; 2k for the spatialreg variant), no
    ///   n x n matrix.
    public static func spatialHausman(_ fit: SpatialRegression, data: DataTable, y: String, x: [String], weights: SpatialWeights,
                                      intercept: Bool = true, spatialregVariant: Bool = false) throws(ModelError) -> TestResult {
        try spatialHausman(fit, data: RegressionData(table: data, y: y, x: x, intercept: intercept), weights: weights,
                           spatialregVariant: spatialregVariant)
    }

    /// The same test on the design the fit was fitted on (``RegressionData``, regressors without spatial lags).
    public static func spatialHausman(_ fit: SpatialRegression, data: RegressionData, weights: SpatialWeights,
                                      spatialregVariant: Bool = false) throws(ModelError) -> TestResult {
        guard let lambda = fit.lambda, fit.rho == nil else { throw .invalidArgument("the spatial Hausman test needs an SEM or SDEM fit") }
        let design = fit.model == .sdem ? try data.withSpatialLags(weights) : data
        let ols = try OrdinaryLeastSquares(design)
        let x = design.x, n = design.n, k = design.k
        do {
            // Sparse throughout (k solves with B' and, for the spatialreg variant, with B; no n x n matrix):
            // X'(B'B)^-1 X = Z'Z with B' Z = X, and spatialreg's X'B^-1 B^-1 X = Z'Y with B Y = X.
            let l = lambda.estimate
            let solveT = ShiftedSparseSolver(weights.matrix, rho: l, transposed: true), solve = ShiftedSparseSolver(weights.matrix, rho: l)
            var z = Matrix(rows: n, columns: k), yb = Matrix(rows: n, columns: k)
            for j in 0..<k {
                let zj = try solveT.solve(x.column(j))
                for i in 0..<n { z[i, j] = zj[i] }
                if spatialregVariant {
                    let yj = try solve.solve(x.column(j))
                    for i in 0..<n { yb[i, j] = yj[i] }
                }
            }
            let a = spatialregVariant ? try Matrix.product(z, .transposed, yb, .none) : try z.crossProduct
            let xtxInv = try Cholesky(try x.crossProduct).inverse()
            let wx = try weights.matrix.multiply(x)
            var bx = x
            for e in bx.elements.indices { bx.elements[e] -= l * wx.elements[e] }
            let vOLS = try xtxInv * (try a * xtxInv)
            let vSEM = try Cholesky(try bx.crossProduct).inverse()
            let v = fit.sigma2 * (try vOLS - vSEM)
            let d = (0..<k).map { ols.coefficients[$0].estimate - fit.coefficients[$0].estimate }
            return .chiSquared("Spatial Hausman (OLS vs \(fit.model.rawValue.uppercased()))", try quadraticForm(d, v), df: Double(k))
        } catch let e as ModelError { throw e } catch { throw .numerical("spatial Hausman: \(error)") }
    }

    /// `g' V^-1 g` by LU (V need not be positive definite when it is a difference of covariances).
    static func quadraticForm(_ g: [Double], _ v: Matrix) throws(ModelError) -> Double {
        do {
            let sol = try LUDecomposition(v).solve(Matrix(rows: g.count, columns: 1, columnMajor: g))
            return zip(g, sol.elements).reduce(0) { $0 + $1.0 * $1.1 }
        } catch { throw .numerical("the covariance of the restrictions is singular: \(error)") }
    }
}
