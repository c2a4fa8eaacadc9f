import Foundation

/// Brent's method for minimising a function of one variable on an interval: golden-section steps combined with
/// parabolic interpolation, no derivatives (Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 5;
/// the algorithm of R's `optimize`).
///
/// The default tolerance (1e-10 relative + 1e-12 absolute) is tighter than R's `optimize` default
/// (`.Machine$double.eps^0.25` scaled), so estimates reach the optimum to about 1e-10.
enum BrentMinimizer {
    struct Result { let x: Double; let value: Double; let iterations: Int; let converged: Bool }

    static func minimize(_ f: (Double) -> Double, in interval: ClosedRange<Double>, relativeTolerance: Double = 1e-10,
                         absoluteTolerance: Double = 1e-12, maxIterations: Int = 500) -> Result {
        let golden = 0.5 * (3 - 5.0.squareRoot())
        var a = interval.lowerBound, b = interval.upperBound
        var x = a + golden * (b - a), w = x, v = x
        var fx = f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for it in 0..<maxIterations {
            let m = 0.5 * (a + b)
            let tol = relativeTolerance * abs(x) + absoluteTolerance, t2 = 2 * tol
            if abs(x - m) <= t2 - 0.5 * (b - a) { return Result(x: x, value: fx, iterations: it, converged: true) }
            var p = 0.0, q = 0.0, r = 0.0
            if abs(e) > tol {
                r = (x - w) * (fx - fv)
                q = (x - v) * (fx - fw)
                p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                r = e
                e = d
            }
            if abs(p) >= abs(0.5 * q * r) || p <= q * (a - x) || p >= q * (b - x) {
                e = (x < m ? b : a) - x
                d = golden * e
            } else {
                d = p / q
                let u = x + d
                if u - a < t2 || b - u < t2 { d = x < m ? tol : -tol }
            }
            let u = abs(d) >= tol ? x + d : x + (d > 0 ? tol : -tol)
            var fu = f(u)
            if fu.isNaN { fu = .infinity }
            if fu <= fx {
                if u < x { b = x } else { a = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw; w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return Result(x: x, value: fx, iterations: maxIterations, converged: false)
    }
}
