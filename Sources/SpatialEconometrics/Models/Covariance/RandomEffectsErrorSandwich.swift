import Foundation

/// The sandwich covariance of the random-effects spatial error models by maximum likelihood (the random-effects sem and
/// sdem of ``RandomEffectsRegression``, splm's `spatial.error = "b"`, and every form of
/// ``GeneralizedRandomEffectsRegression``), from a per-cell decomposition of the Gaussian score that needs no
/// square root of the covariance.
///
/// The fits maximise `ln L = -1/2 ln|Omega| - 1/2 u'Omega^-1 u` (constants dropped), `u = y - X beta`,
/// `Var(u) = Omega = sigma_v^2 [Jbar kron C + E kron D]`, `C = T phi M_mu^-1 + M^-1`, `D = M^-1`, `M = B'B`,
/// `M_mu = B_mu'B_mu` (``GeneralizedRandomEffectsRegression`` holds the model; the sem is `lambda_mu = 0`). With
/// `a = Omega^-1 u`, the score of a covariance parameter theta is a sum over the NT cells k = (t, i) of
///
///     s_k(theta) = -1/2 [Omega^-1 Omega_theta]_kk + 1/2 a_k (Omega_theta a)_k,     s_k(beta) = x_k a_k,
///
/// each of mean zero under the model (`E[a_k (Omega_theta a)_k] = [Omega^-1 Omega_theta Omega^-1 Omega]_kk =
/// [Omega^-1 Omega_theta]_kk`). This split is a choice (the score has no unique per-cell decomposition when Omega is not
/// diagonal): robust sums the outer products of the NT cells, cluster those of each unit's T cells summed, Driscoll-Kraay
/// of each period's N cells summed (with its lags). Every matrix is an N x N block: with
/// `Omega^-1 = Jbar kron (C^-1 / sigma_v^2) + E kron (M / sigma_v^2)` and `Omega_theta = Jbar kron F_theta + E kron H_theta`,
/// `(Omega_theta a)_t = F_theta abar + H_theta (a_t - abar)` and `[Omega^-1 Omega_theta]_(t,i)(t,i) =
/// [C^-1 F_theta]_ii / (T sigma_v^2) + (1 - 1/T) [M H_theta]_ii / sigma_v^2`, where `F = sigma_v^2 dC/dtheta`,
/// `H = sigma_v^2 dD/dtheta` (`dM^-1/dlambda = M^-1 (W'B + B'W) M^-1`) and, for sigma_v^2, `F = C`, `H = D`.
///
/// The bread is the inverse of the analytical information matrix in the same parameters: `X'Omega^-1 X` for beta
/// (the GLS covariance the fits report is its inverse), zero between beta and the covariance parameters, and
/// `1/2 tr(Omega^-1 Omega_a Omega^-1 Omega_b) = 1/2 [tr(P_a P_b) + (T - 1) tr(Q_a Q_b)]`, `P = C^-1 F / sigma_v^2`,
/// `Q = M H / sigma_v^2`. (The fits' default standard errors of phi and the spatial parameters come from a numerical
/// Hessian of the concentrated likelihood; the sandwich's bread is the expected information, as for the lag models.)
///
/// Dense N x N inverses and products, so up to ``LikelihoodScores``' dense limit of 1,000 units; refused above.
enum RandomEffectsErrorSandwich {
    /// A covariance parameter, in the order the caller lists them (beta first and sigma_v^2 last are implied).
    enum Parameter { case phi, lambdaMu, lambda, common }

    /// The sandwich of `(beta, parameters..., sigma_v^2)` at the estimate; `x` the NT x k regressors (time-major),
    /// `residuals` `y - X beta`.
    static func covariance(_ vce: CovarianceEstimator, x: Matrix, residuals u: [Double], weights: SparseMatrix, n: Int, t: Int,
                           phi: Double, lambdaMu lm: Double, lambda l: Double, sigma2 s2: Double,
                           parameters: [Parameter], names: String) throws(ModelError) -> (covariance: Matrix, label: String) {
        try vce.checkMaximumLikelihood()
        guard n <= LikelihoodScores.denseLimit else {
            throw .invalidArgument("vce \(vce) for a random-effects error model (sem, sdem, gspre) forms N x N dense matrices: available up to "
                + "\(LikelihoodScores.denseLimit) units, this W has \(n); use vce default (GLS and Hessian standard errors) or a fixed-effects fit")
        }
        let m = n * t, k = x.columns, tt = Double(t), q = parameters.count + 1
        do {
            let w = weights.dense, id = Matrix.identity(n)
            func spatial(_ s: Double) throws(LinearAlgebraError) -> (b: Matrix, m: Matrix, inverse: Matrix, derivative: Matrix) {
                let b = try id - s * w
                let mm = try Matrix.product(b, .transposed, b, .none)
                let inv = try Cholesky(mm).inverse()
                // d M^-1 / ds = M^-1 (W'B + B'W) M^-1.
                let middle = try Matrix.product(w, .transposed, b, .none) + (try Matrix.product(b, .transposed, w, .none))
                return (b, mm, inv, try inv * (try middle * inv))
            }
            let e = try spatial(l), mu = try spatial(lm)
            let c = try (tt * phi) * mu.inverse + e.inverse
            let cInv = try Cholesky(c).inverse()
            let zero = Matrix(rows: n, columns: n)
            var blocks = [(f: Matrix, h: Matrix)]()
            for p in parameters {
                switch p {
                case .phi: blocks.append(((s2 * tt) * mu.inverse, zero))
                case .lambda: blocks.append((s2 * e.derivative, s2 * e.derivative))
                case .lambdaMu: blocks.append(((s2 * tt * phi) * mu.derivative, zero))
                case .common: blocks.append((s2 * (try e.derivative + (tt * phi) * mu.derivative), s2 * e.derivative))
                }
            }
            blocks.append((c, e.inverse))
            // (Jbar kron F + E kron H) v for a time-major v (an N x T matrix in column-major order).
            func apply(_ f: Matrix, _ h: Matrix, _ v: [Double]) throws(LinearAlgebraError) -> [Double] {
                var mean = [Double](repeating: 0, count: n)
                for o in 0..<m { mean[o % n] += v[o] / tt }
                var dev = v
                for o in 0..<m { dev[o] -= mean[o % n] }
                let between = try f.multiply(mean)
                let within = try Matrix.product(h, .none, try Matrix(rows: n, columns: t, columnMajor: dev), .none)
                return (0..<m).map { between[$0 % n] + within.elements[$0] }
            }
            let omegaInverse = (f: (1 / s2) * cInv, h: (1 / s2) * e.m)
            let a = try apply(omegaInverse.f, omegaInverse.h, u)
            var scores = Matrix(rows: m, columns: k + q)
            for j in 0..<k { for o in 0..<m { scores[o, j] = x[o, j] * a[o] } }
            var info = Matrix(rows: k + q, columns: k + q)
            // The beta block X' Omega^-1 X, one BLAS product over the columns Omega^-1 x_j.
            var omegaX = [[Double]]()
            for j in 0..<k { omegaX.append(try apply(omegaInverse.f, omegaInverse.h, x.column(j))) }
            let xox = try Matrix.product(x, .transposed, try Matrix(columnArrays: omegaX), .none)
            for i in 0..<k { for j in 0..<k { info[i, j] = xox[i, j] } }
            var products = [(p: Matrix, q: Matrix)]()
            for (j, block) in blocks.enumerated() {
                let pj = try omegaInverse.f * block.f, qj = try omegaInverse.h * block.h
                products.append((pj, qj))
                let wa = try apply(block.f, block.h, a)
                for o in 0..<m {
                    let i = o % n
                    let diagonal = pj[i, i] / tt + (1 - 1 / tt) * qj[i, i]
                    scores[o, k + j] = -diagonal / 2 + a[o] * wa[o] / 2
                }
            }
            for i in 0..<q {
                for j in 0..<q {
                    info[k + i, k + j] = 0.5 * (InformationMatrix.traceOfProduct(products[i].p, products[j].p)
                        + (tt - 1) * InformationMatrix.traceOfProduct(products[i].q, products[j].q))
                }
            }
            let bread = try InformationMatrix.inverse(info)
            let sandwich = try SandwichCovariance(scores: scores, bread: bread, estimator: vce, units: (0..<m).map { $0 % n },
                                                  periods: (0..<m).map { $0 / n })
            return (sandwich.covariance, sandwich.label + "; per-cell scores -1/2 [Omega^-1 dOmega]_kk + 1/2 a_k (dOmega a)_k, a = Omega^-1 u, "
                + "x_k a_k, parameters (beta, \(names), sigma_v^2); bread: the inverse analytical information matrix; " + CovarianceEstimator.linLeeCaveat)
        } catch let error as ModelError {
            throw error
        } catch {
            throw .numerical("random-effects error sandwich: \(error)")
        }
    }
}
