import Foundation

/// The concentrated log-likelihood of the generalized spatial random-effects model (``GeneralizedRandomEffectsRegression``
/// holds the formulas) as a function of its free parameters `p = (ln phi, lambda_mu?, lambda?)` for one
/// ``GeneralizedRandomEffectsForm``, and its maximisation.
///
/// `value(p) = -NT/2 (ln(2 pi SSE/NT) + 1) - ln|K|/2 + T ln|I - lambda W| + ln|I - lambda_mu W|`, SSE the GLS residual
/// form `e'Omega^-1 e` and `ln|K|` from `RandomEffectsErrorGLS`, the two Jacobians from the log-determinant engine.
struct GeneralizedRandomEffectsLikelihood {
    let n: Int, t: Int
    let gls: RandomEffectsErrorGLS
    let logDeterminant: any LogDeterminant
    let form: GeneralizedRandomEffectsForm
    static let logPhiRange = (-25.0)...(12.0)

    /// The names of the free spatial parameters, in the order of `p` after ln phi.
    var freeNames: [String] {
        switch form {
        case .general: return ["lambda_mu", "lambda"]
        case .kkp, .anselin: return ["lambda"]
        case .effectsOnly: return ["lambda_mu"]
        }
    }

    /// (phi, lambda_mu, lambda) from the free parameters.
    func full(_ p: [Double]) -> (phi: Double, lambdaMu: Double, lambda: Double) {
        let phi = exp(p[0])
        switch form {
        case .general: return (phi, p[1], p[2])
        case .kkp: return (phi, p[1], p[1])
        case .anselin: return (phi, 0, p[1])
        case .effectsOnly: return (phi, p[1], 0)
        }
    }

    /// The concentrated log-likelihood; `nil` outside the parameter space or where a factorisation fails.
    func value(_ p: [Double]) -> Double? {
        let interval = logDeterminant.interval
        guard Self.logPhiRange.contains(p[0]), p.dropFirst().allSatisfy({ interval.contains($0) && $0 != interval.lowerBound && $0 != interval.upperBound }) else { return nil }
        let q = full(p)
        guard let r = gls.fit(lambda: q.lambda, lambdaMu: q.lambdaMu, phi: q.phi), r.sse > 0 else { return nil }
        let jacobian = Double(t) * (q.lambda == 0 ? 0 : logDeterminant.value(q.lambda)) + (q.lambdaMu == 0 ? 0 : logDeterminant.value(q.lambdaMu))
        let v = ConcentratedLikelihood.value(sse: r.sse, observations: Double(n * t)) - r.logDeterminant / 2 + jacobian
        return v.isFinite ? v : nil
    }

    /// The restricted forms' two parameters by nested Brent: for each spatial value the best ln phi.
    func nestedBrent() throws(ModelError) -> [Double] {
        func best(_ s: Double) -> (logPhi: Double, value: Double) {
            let r = BrentMinimizer.minimize({ value([$0, s]).map { -$0 } ?? .infinity }, in: Self.logPhiRange)
            return (r.x, -r.value)
        }
        let s = try ConcentratedLikelihood.maximize(freeNames[0], in: logDeterminant.interval) { best($0).value }.x
        return [best(s).logPhi, s]
    }

    /// Damped Newton steps on `value` from `start` (finite-difference gradient and Hessian, Richardson); a step is
    /// taken only when the likelihood rises (halving up to 40 times, gradient ascent when the Hessian is not negative
    /// definite); stops when no parameter moves by more than 1e-10 (scaled by max(1, |p|)).
    func polish(from start: [Double]) -> [Double] {
        var p = start
        guard var current = value(p) else { return p }
        func f(_ x: [Double]) -> Double { value(x) ?? -.infinity }
        for _ in 0..<100 {
            let g = NumericalDerivatives.gradient(f, at: p, step: 1e-4)
            guard g.allSatisfy(\.isFinite) else { break }
            var negative = NumericalDerivatives.hessian(f, at: p, step: 1e-3)
            for i in negative.elements.indices { negative.elements[i] = -negative.elements[i] }
            var direction: [Double]
            if negative.elements.allSatisfy(\.isFinite), let c = try? Cholesky(negative), let d = try? c.solve(g) { direction = d } else {
                let scale = max(1e-8, g.map(abs).max() ?? 1)
                direction = g.map { 0.1 * $0 / scale }
            }
            var stepScale = 1.0, moved = false
            for _ in 0..<40 {
                let next = zip(p, direction).map { $0 + stepScale * $1 }
                if let v = value(next), v >= current {
                    let change = zip(next, p).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                    p = next; current = v; moved = change > 1e-10
                    break
                }
                stepScale /= 2
            }
            if !moved { break }
        }
        return p
    }

    /// The maximum likelihood estimate of the free parameters, `(ln phi, ...)`.
    func maximize() throws(ModelError) -> [Double] {
        let estimate: [Double]
        if form == .general {
            // From each restricted optimum (a lambda_mu = 0, lambda_mu = lambda, lambda = 0 fit), polished in the full
            // space; the best is kept.
            var starts = [[Double]]()
            for restricted in [GeneralizedRandomEffectsForm.anselin, .kkp, .effectsOnly] {
                let l = GeneralizedRandomEffectsLikelihood(n: n, t: t, gls: gls, logDeterminant: logDeterminant, form: restricted)
                let r = l.polish(from: try l.nestedBrent())
                let q = l.full(r)
                starts.append([r[0], q.lambdaMu, q.lambda])
            }
            var best: (p: [Double], v: Double)? = nil
            for s in starts {
                let p = polish(from: s)
                if let v = value(p), v > (best?.v ?? -.infinity) { best = (p, v) }
            }
            guard let best else { throw .noConvergence("GSPRE: the likelihood is undefined at every starting point") }
            estimate = best.p
        } else {
            estimate = polish(from: try nestedBrent())
        }
        // Convergence: the scaled gradient at the estimate (a parameter on a bound is reported by the caller).
        let interval = logDeterminant.interval
        let g = NumericalDerivatives.gradient({ value($0) ?? .nan }, at: estimate, step: 1e-4)
        for (i, gi) in g.enumerated() {
            let onBound = i == 0 ? estimate[0] - Self.logPhiRange.lowerBound < 1e-3
                : BoundaryStatus.bound(of: estimate[i], in: interval) != nil
            if !onBound, !(abs(gi) * max(1, abs(estimate[i])) < 1e-4) {
                let names = ["ln phi"] + freeNames
                throw .noConvergence("GSPRE: the gradient in \(names[i]) is \(gi) at the last point (\(zip(names, estimate).map { "\($0) = \($1)" }.joined(separator: ", ")))")
            }
        }
        return estimate
    }
}
