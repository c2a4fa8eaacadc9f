import Foundation

/// Finite-difference gradient and Hessian of a smooth function of a few parameters, with Richardson extrapolation
/// (central differences at steps h and h/2 combined as `(4 D(h/2) - D(h)) / 3`, error O(h^4)).
///
/// Used where a likelihood is profiled over parameters without a closed-form information matrix (the error
/// components of the random-effects models; splm uses `nlme::fdHess` there). Steps are relative to the parameter,
/// `h_i = step * max(|x_i|, 0.1)`.
///
/// Reference: Dennis & Schnabel (1996), *Numerical Methods for Unconstrained Optimization*, ch. 5; Richardson
/// extrapolation as in Press et al. (2007), *Numerical Recipes*, §5.7.
enum NumericalDerivatives {
    static func gradient(_ f: ([Double]) -> Double, at x: [Double], step: Double = 1e-3) -> [Double] {
        x.indices.map { i in
            let h = step * max(abs(x[i]), 0.1)
            func central(_ h: Double) -> Double {
                var p = x, m = x
                p[i] += h; m[i] -= h
                return (f(p) - f(m)) / (2 * h)
            }
            return (4 * central(h / 2) - central(h)) / 3
        }
    }

    static func hessian(_ f: ([Double]) -> Double, at x: [Double], step: Double = 1e-3) -> Matrix {
        let d = x.count
        var out = Matrix(rows: d, columns: d)
        let f0 = f(x)
        let hs = x.map { step * max(abs($0), 0.1) }
        for i in 0..<d {
            func second(_ h: Double) -> Double {
                var p = x, m = x
                p[i] += h; m[i] -= h
                return (f(p) - 2 * f0 + f(m)) / (h * h)
            }
            out[i, i] = (4 * second(hs[i] / 2) - second(hs[i])) / 3
            for j in 0..<i {
                func mixed(_ scale: Double) -> Double {
                    let hi = hs[i] * scale, hj = hs[j] * scale
                    func at(_ a: Double, _ b: Double) -> Double { var p = x; p[i] += a; p[j] += b; return f(p) }
                    return (at(hi, hj) - at(hi, -hj) - at(-hi, hj) + at(-hi, -hj)) / (4 * hi * hj)
                }
                let v = (4 * mixed(0.5) - mixed(1)) / 3
                out[i, j] = v
                out[j, i] = v
            }
        }
        return out
    }
}
