import Foundation
import Testing
@testable import SpatialEconometrics

/// A concentrated log-likelihood written out in the test from y, X and W with dense algebra (``DenseReference``), for
/// checking where the package's engine stops.
///
/// Lag: `l(r) = -m/2 (ln(2 pi SSE(r)/m) + 1) + T* [ln|I - r W| - c ln(1 - r)]`, `SSE(r) = |e0 - r eL|^2` (e0, eL the
/// residuals of y and W y on X), score `m (e0'eL - r eL'eL) / SSE - T* [tr(W A^-1) - c/(1 - r)]`, `A = I - r W`.
/// Error: `l(s) = -m/2 (ln(2 pi SSE(s)/m) + 1) + T* ln|I - s W|` with SSE the least squares of `y - s W y` on
/// `X - s W X`, score (envelope theorem) `m e'(W y - W X b) / SSE - T* tr(W B^-1)`.
struct DenseProfile {
    enum Kind { case lag, error }
    let kind: Kind
    let y: [Double], wy: [Double], x: [[Double]], wx: [[Double]]
    let w: [[Double]]
    let observations: Double, multiplier: Double, centered: Bool

    /// The two terms of the score at s (the least-squares one and the Jacobian's), and the log-likelihood.
    func evaluate(_ s: Double) -> (leastSquares: Double, jacobian: Double, logLikelihood: Double) {
        let m = observations
        let (logDet, trace) = DenseReference.logDeterminantAndTrace(w, s)
        let jacobian = -multiplier * (trace - (centered ? 1 / (1 - s) : 0))
        let jacobianValue = multiplier * (logDet - (centered ? log(1 - s) : 0))
        switch kind {
        case .lag:
            let e0 = DenseReference.leastSquares(x, y).residuals, eL = DenseReference.leastSquares(x, wy).residuals
            let e = zip(e0, eL).map { $0 - s * $1 }
            let sse = DenseReference.dot(e, e)
            return (m * DenseReference.dot(e, eL) / sse, jacobian, -m / 2 * (log(2 * Double.pi * sse / m) + 1) + jacobianValue)
        case .error:
            let ys = zip(y, wy).map { $0 - s * $1 }
            let xs = zip(x, wx).map { zip($0, $1).map { $0 - s * $1 } }
            let (b, e) = DenseReference.leastSquares(xs, ys)
            let wxb = (0..<y.count).map { i in wx.indices.reduce(0.0) { $0 + wx[$1][i] * b[$1] } }
            let sse = DenseReference.dot(e, e)
            let cross = (0..<y.count).reduce(0.0) { $0 + e[$1] * (wy[$1] - wxb[$1]) }
            return (m * cross / sse, jacobian, -m / 2 * (log(2 * Double.pi * sse / m) + 1) + jacobianValue)
        }
    }

    func logLikelihood(_ s: Double) -> Double { evaluate(s).logLikelihood }

    func score(_ s: Double) -> Double { let v = evaluate(s); return v.leastSquares + v.jacobian }

    /// The size of the score's terms at s: the score is zero relative to this.
    func scale(_ s: Double) -> Double { let v = evaluate(s); return abs(v.leastSquares) + abs(v.jacobian) }

    /// The score by a fourth-order central difference of the log-likelihood (for checking the analytical one).
    func differencedScore(_ s: Double, step h: Double = 1e-3) -> Double {
        let f = logLikelihood
        return (8 * (f(s + h) - f(s - h)) - (f(s + 2 * h) - f(s - 2 * h))) / (12 * h)
    }

    /// The maximiser on [lo, hi]: a grid, then bisection on the score to 1e-13.
    func maximum(in lo: Double, _ hi: Double) -> Double? { DenseReference.maximum(logLikelihood, score: score, in: lo, hi) }
}

/// Columbus CRIME ~ INC + HOVAL with the row-standardised queen W, as dense columns (SDM: with W X).
enum ColumbusDense {
    static func profile(_ model: SpatialModel) throws -> DenseProfile {
        let table = try Columbus.table()
        let w = try Columbus.queen().transformed(.row)
        let dw = DenseReference.dense(w)
        let y = try table.numbers("CRIME"), inc = try table.numbers("INC"), hoval = try table.numbers("HOVAL")
        var x = [[Double](repeating: 1, count: y.count), inc, hoval]
        if model.hasDurbin { x += [DenseReference.multiply(dw, inc), DenseReference.multiply(dw, hoval)] }
        return DenseProfile(kind: model.hasLag ? .lag : .error, y: y, wy: DenseReference.multiply(dw, y), x: x,
                            wx: x.map { DenseReference.multiply(dw, $0) }, w: dw, observations: Double(y.count), multiplier: 1, centered: false)
    }
}

/// The engine's answer is the maximum of the likelihood, not just near it: the score at the returned rho (lambda) is
/// zero relative to the size of its terms, and the estimate equals an independent maximiser (a grid and bisection on
/// the score of the likelihood above, to 1e-13) to 1e-11.
///
/// Why so tight: Brent's method, which the engine runs to 1e-7 before its Newton steps (``LagNewtonPolish``,
/// `Profile.polishLambda`), stops 2e-10 to 5e-8 from the maximum in these cases (the likelihood is flat there); the
/// reference tests compare rho at 1e-6, so a polish that did nothing, or stepped on a wrong score (a step that lowers
/// the likelihood is refused, leaving Brent's point), passed them. With the polish the estimates are within 4e-14 of
/// the maximum and the scores within 4e-15 of their terms, so 1e-11 (for both) leaves a margin of 250 for rounding on
/// other platforms and is still 20 times below Brent's closest miss (columbus SEM: 1.9e-10 in lambda, a score of
/// 4.6e-10 of its terms). Each case also checks that Brent alone fails both bounds, so the test can fail.
@Suite struct ConcentratedLikelihoodTests {
    /// The analytical score of the dense profile is its derivative (fourth-order differences, error ~1e-11 here).
    @Test(arguments: [SpatialModel.sar, .sem])
    func theTestsScoreIsTheDerivativeOfItsLikelihood(model: SpatialModel) throws {
        let p = try ColumbusDense.profile(model)
        for s in [-0.3, 0.2, 0.45, 0.7] {
            #expect(close(p.score(s), p.differencedScore(s), rtol: 0, atol: 1e-8 * p.scale(s)), "\(model) at \(s): \(p.score(s)) vs \(p.differencedScore(s))")
        }
    }

    @Test(arguments: [SpatialModel.sar, .sdm, .sem, .sdem])
    func theEstimateIsTheMaximum(model: SpatialModel) throws {
        let p = try ColumbusDense.profile(model)
        let w = try Columbus.queen().transformed(.row)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let fit = try SpatialRegression(model, data: data, weights: w)
        let estimate = try #require(model.hasLag ? fit.rho : fit.lambda).estimate
        let label = "\(model) \(model.hasLag ? "rho" : "lambda")"
        let score = p.score(estimate), scale = p.scale(estimate)
        #expect(abs(score) <= 1e-11 * scale, "\(label) = \(estimate): score \(score), its terms \(scale)")
        let truth = try #require(p.maximum(in: -0.9, 0.95), "\(label): no maximum bracketed")
        #expect(abs(estimate - truth) <= 1e-11, "\(label): \(estimate) vs the maximum \(truth), difference \(estimate - truth)")
        // The control: Brent's method alone, at the engine's tolerances, on this likelihood and interval.
        let interval = try #require(fit.logDeterminantUsed).interval
        let brent = try ConcentratedLikelihood.maximize("s", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { p.logLikelihood($0) }.x
        #expect(abs(brent - truth) > 1e-11, "\(label): Brent alone is already within 1e-11 (\(brent - truth)); the test could not tell a polish")
        #expect(abs(p.score(brent)) > 1e-11 * p.scale(brent), "\(label): Brent's score \(p.score(brent))")
    }

    /// The same with T* = T: the two-way fixed-effects SAR and SEM on produc by the direct approach (W y and W X
    /// formed per period, then demeaned; NT observations, Jacobian T ln|I - s W|), data transformed in the test.
    @Test(arguments: [SpatialModel.sar, .sem])
    func theFixedEffectsEstimateIsTheMaximum(model: SpatialModel) throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let p = try ProducDense.direct(model, panel: panel, weights: w)
        let fit = try PanelRegression(model, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .twoways, estimator: .direct)
        let estimate = try #require(model.hasLag ? fit.rho : fit.lambda).estimate
        let score = p.score(estimate), scale = p.scale(estimate)
        #expect(abs(score) <= 1e-11 * scale, "\(model) = \(estimate): score \(score), its terms \(scale)")
        let truth = try #require(p.maximum(in: -0.5, 0.9))
        #expect(abs(estimate - truth) <= 1e-11, "\(model): \(estimate) vs the maximum \(truth), difference \(estimate - truth)")
        let interval = try #require(fit.logDeterminantUsed).interval
        let brent = try ConcentratedLikelihood.maximize("s", in: interval, relativeTolerance: 1e-7, absoluteTolerance: 1e-9) { p.logLikelihood($0) }.x
        #expect(abs(brent - truth) > 1e-11 && abs(p.score(brent)) > 1e-11 * p.scale(brent), "\(model): Brent alone is already within 1e-11 (\(brent - truth))")
    }
}

/// produc (log gsp on log pcap, log pc, log emp, unemp; usaww) as dense, time-major columns.
enum ProducDense {
    /// Two-way within transformation of a time-major (N per period) column.
    static func demeanTwoWays(_ v: [Double], n: Int, t: Int) -> [Double] {
        let unit = (0..<n).map { i in (0..<t).reduce(0.0) { $0 + v[$1 * n + i] } / Double(t) }
        let period = (0..<t).map { q in (0..<n).reduce(0.0) { $0 + v[q * n + $1] } / Double(n) }
        let all = v.reduce(0, +) / Double(n * t)
        return (0..<(n * t)).map { v[$0] - unit[$0 % n] - period[$0 / n] + all }
    }

    /// `(I_T kron W) v`.
    static func lag(_ w: [[Double]], _ v: [Double], n: Int, t: Int) -> [Double] {
        (0..<t).flatMap { q in DenseReference.multiply(w, Array(v[(q * n)..<((q + 1) * n)])) }
    }

    static func columns(_ panel: Panel) throws -> (y: [Double], x: [[Double]]) {
        (try panel.numbers("lgsp"), try PanelRegressionTests.xs.map { try panel.numbers($0) })
    }

    /// The direct approach's profile: demeaned data, NT observations, T* = T.
    static func direct(_ model: SpatialModel, panel: Panel, weights: SpatialWeights) throws -> DenseProfile {
        let n = panel.unitCount, t = panel.periodCount
        let w = DenseReference.dense(try weights.reordered(to: panel.units))
        let (y, x) = try columns(panel)
        let d = { (v: [Double]) in demeanTwoWays(v, n: n, t: t) }
        return DenseProfile(kind: model.hasLag ? .lag : .error, y: d(y), wy: d(lag(w, y, n: n, t: t)), x: x.map(d),
                            wx: x.map { d(lag(w, $0, n: n, t: t)) }, w: w, observations: Double(n * t), multiplier: Double(t), centered: false)
    }
}
