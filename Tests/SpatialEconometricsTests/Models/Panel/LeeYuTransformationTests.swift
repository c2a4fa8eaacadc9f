import Foundation
import Testing
@testable import SpatialEconometrics

/// The Lee & Yu (2010) transformation approach built in the test as the paper defines it, a second check of
/// `estimator: .leeyu` beside the spatialreg-based reference (`produc_leeyu.json`, whose script uses the same
/// shortcut as the package: the demeaned data's sums of squares and `|I - rho W| / (1 - rho)`).
///
/// Here `F_{T,T-1}` (and `F_{N,N-1}` with time effects) are written out (Helmert contrasts: orthonormal, orthogonal to
/// the ones vector), the panel is transformed, `y* = (F_T' kron F_N') y`, likewise each column of X (W X formed per
/// period on the original data), and the lag is `W* y*` with `W* = F_N' W F_N` ((N-1) x (N-1)), whose log-determinant
/// is taken directly by the test's dense LU. On these data:
/// `ln L = -n*/2 ln(2 pi sigma^2) + (T-1) ln|I - rho W*| - |y* - rho W* y* - X* b|^2 / (2 sigma^2)`, n* = N*(T-1).
/// The package's log-likelihood, sigma^2 and betas at its rho are compared with this at 1e-10 (the same numbers by
/// other arithmetic: rounding only), and its rho with the maximum of this likelihood (grid and bisection on its score)
/// at 1e-11, as in ``ConcentratedLikelihoodTests``.
@Suite struct LeeYuTransformationTests {
    /// Helmert contrasts: m x (m-1), column k = (1, ..., 1, -(k+1), 0, ...) / sqrt((k+1)(k+2)) with k+1 ones.
    static func helmert(_ m: Int) -> [[Double]] {
        (0..<m).map { i in (0..<(m - 1)).map { k in
            let scale = 1 / (Double((k + 1) * (k + 2))).squareRoot()
            return i <= k ? scale : i == k + 1 ? -Double(k + 1) * scale : 0
        } }
    }

    /// The transformation of time-major panel columns (T blocks of N): `F_T'` across periods, then `F_N'` within each.
    struct Transform {
        let n: Int, t: Int, time: Bool
        let fT: [[Double]], fN: [[Double]]?

        init(n: Int, t: Int, timeEffects: Bool) {
            self.n = n; self.t = t; time = timeEffects
            fT = LeeYuTransformationTests.helmert(t)
            fN = timeEffects ? LeeYuTransformationTests.helmert(n) : nil
        }

        var unitsOut: Int { time ? n - 1 : n }

        func apply(_ v: [Double]) -> [Double] {
            var out = [Double]()
            for k in 0..<(t - 1) {
                var block = [Double](repeating: 0, count: n)
                for q in 0..<t where fT[q][k] != 0 { for i in 0..<n { block[i] += fT[q][k] * v[q * n + i] } }
                if let fN { block = (0..<(n - 1)).map { j in (0..<n).reduce(0.0) { $0 + fN[$1][j] * block[$1] } } }
                out += block
            }
            return out
        }

        /// `F_N' W F_N` with time effects, W otherwise.
        func weights(_ w: [[Double]]) -> [[Double]] {
            guard let fN else { return w }
            let wf = w.map { row in (0..<(n - 1)).map { j in (0..<n).reduce(0.0) { $0 + row[$1] * fN[$1][j] } } }
            return (0..<(n - 1)).map { a in (0..<(n - 1)).map { b in (0..<n).reduce(0.0) { $0 + fN[$1][a] * wf[$1][b] } } }
        }

        /// `(I_{T-1} kron w) v` for transformed data.
        func lag(_ w: [[Double]], _ v: [Double]) -> [Double] {
            let m = unitsOut
            return (0..<(t - 1)).flatMap { k in DenseReference.multiply(w, Array(v[(k * m)..<((k + 1) * m)])) }
        }
    }

    @Test func helmertIsAnOrthonormalBasisOrthogonalToOne() {
        for m in [2, 5, 17] {
            let f = Self.helmert(m)
            for a in 0..<(m - 1) {
                #expect(abs(f.reduce(0) { $0 + $1[a] }) < 1e-14, "m \(m) column \(a) sum")
                for b in 0..<(m - 1) {
                    let d = f.reduce(0) { $0 + $1[a] * $1[b] }
                    #expect(abs(d - (a == b ? 1 : 0)) < 1e-14, "m \(m) (\(a), \(b))")
                }
            }
        }
    }

    @Test(arguments: [(SpatialModel.sar, PanelEffects.twoways), (.sdm, .individual), (.sdm, .twoways), (.sem, .twoways)])
    func likelihoodAndEstimateFromTheExplicitTransformation(model: SpatialModel, effects: PanelEffects) throws {
        let (panel, weights) = try PanelRegressionTests.produc()
        let fit = try PanelRegression(model, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: weights, effects: effects, estimator: .leeyu)
        let label = "\(model) \(effects)"
        let n = panel.unitCount, t = panel.periodCount
        let w = DenseReference.dense(try weights.reordered(to: panel.units))
        let f = Transform(n: n, t: t, timeEffects: effects == .twoways)
        let wStar = f.weights(w)
        // Data: y, X (and W X per period on the original data for the SDM), each transformed.
        let (y, raw) = try ProducDense.columns(panel)
        var x = raw
        if model.hasDurbin { x += raw.map { ProducDense.lag(w, $0, n: n, t: t) } }
        let yStar = f.apply(y), xStar = x.map(f.apply)
        let wyStar = f.lag(wStar, yStar), wxStar = xStar.map { f.lag(wStar, $0) }
        let nStar = Double(f.unitsOut * (t - 1))
        #expect(fit.observations == Int(nStar), "\(label)")

        // The log-likelihood at the package's estimates, term by term.
        let s = try #require(model.hasLag ? fit.rho : fit.lambda, "\(label)").estimate
        let beta = fit.coefficients.map(\.estimate)
        try #require(beta.count == xStar.count, "\(label): \(fit.coefficients.map(\.name))")
        let fitted = (0..<yStar.count).map { i in xStar.indices.reduce(0.0) { $0 + xStar[$1][i] * beta[$1] } }
        let residuals: [Double]
        if model.hasLag {
            residuals = (0..<yStar.count).map { yStar[$0] - s * wyStar[$0] - fitted[$0] }
        } else {
            let wFitted = (0..<yStar.count).map { i in wxStar.indices.reduce(0.0) { $0 + wxStar[$1][i] * beta[$1] } }
            residuals = (0..<yStar.count).map { (yStar[$0] - s * wyStar[$0]) - (fitted[$0] - s * wFitted[$0]) }
        }
        let sse = DenseReference.dot(residuals, residuals)
        let logDet = DenseReference.LU(DenseReference.iMinus(wStar, s)).logAbsDeterminant
        let s2 = fit.sigma2
        let logLik = -nStar / 2 * log(2 * Double.pi * s2) + Double(t - 1) * logDet - sse / (2 * s2)
        #expect(close(fit.logLikelihood, logLik, rtol: 1e-10), "\(label) logLik: \(fit.logLikelihood) vs \(logLik)")
        #expect(close(s2, sse / nStar, rtol: 1e-10), "\(label) sigma2: \(s2) vs \(sse / nStar)")
        // The betas are the least squares of the transformed model at the package's rho (lambda).
        let ls = model.hasLag ? DenseReference.leastSquares(xStar, zip(yStar, wyStar).map { $0 - s * $1 })
            : DenseReference.leastSquares(zip(xStar, wxStar).map { zip($0, $1).map { $0 - s * $1 } }, zip(yStar, wyStar).map { $0 - s * $1 })
        for (c, b) in zip(fit.coefficients, ls.coefficients) { #expect(close(c.estimate, b, rtol: 1e-9, atol: 1e-12), "\(label) \(c.name)") }

        // The estimate is the maximum of this likelihood (no -ln(1 - rho) term here: W* has the unit root removed).
        let profile = DenseProfile(kind: model.hasLag ? .lag : .error, y: yStar, wy: wyStar, x: xStar, wx: wxStar, w: wStar,
                                   observations: nStar, multiplier: Double(t - 1), centered: false)
        let score = profile.score(s), scale = profile.scale(s)
        #expect(abs(score) <= 1e-11 * scale, "\(label) = \(s): score \(score), its terms \(scale)")
        let truth = try #require(profile.maximum(in: -0.5, 0.9), "\(label): no maximum bracketed")
        #expect(abs(s - truth) <= 1e-11, "\(label): \(s) vs the maximum \(truth), difference \(s - truth)")
    }
}
