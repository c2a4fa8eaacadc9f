import Foundation

/// Exact `ln|I - rho W| = sum_i ln|1 - rho lambda_i|` from the eigenvalues of W (Ord 1975).
///
/// When W is similar to a symmetric matrix (`d_i w_ij = d_j w_ji` for a positive d, e.g. row-standardised symmetric
/// contiguity), the eigenvalues are those of `D^1/2 W D^-1/2`, computed by the symmetric solver; otherwise by the
/// general solver, complex conjugate pairs contributing `ln|1 - rho lambda|^2`.
///
/// Reference: Ord, K. (1975), Estimation methods for models of spatial interaction, *JASA* 70(349), 120–126.
public struct EigenvalueLogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/eigenSymmetric`` when W is similar to a symmetric matrix, else
    /// ``LogDeterminantMethod/eigenGeneral``.
    public let method: LogDeterminantMethod
    /// The eigenvalues `lambda_i` of W (complex in general), so that `ln|I - rho W| = sum_i ln|1 - rho lambda_i|`.
    public let eigenvalues: [Complex]
    public let interval: ClosedRange<Double>

    /// Computes every eigenvalue of `W` densely (symmetric when W is similar to a symmetric matrix, otherwise
    /// complex): O(n^3), for n up to about 2,000; the interval is `(1/lambda_min, 1/lambda_max)` over the real
    /// eigenvalues.
    /// - Throws: ``ModelError`` for empty weights or an eigenvalue failure.
    public init(_ weights: SpatialWeights) throws(ModelError) {
        let n = weights.count
        guard n > 0 else { throw .invalidArgument("empty weights") }
        if let d = weights.symmetrizingScale() {
            // S = D^1/2 W D^-1/2 is symmetric and similar to W.
            var s = Matrix(rows: n, columns: n)
            let w = weights.matrix
            for i in 0..<n {
                for k in w.rowStart[i]..<w.rowStart[i + 1] {
                    let j = w.columnIndices[k]
                    s[i, j] = w.values[k] * (d[i] / d[j]).squareRoot()
                }
            }
            do {
                eigenvalues = try SymmetricEigen(s).values.map { Complex($0) }
            } catch { throw .numerical("eigenvalues of W: \(error)") }
            method = .eigenSymmetric
        } else {
            do {
                eigenvalues = try GeneralEigen(weights.matrix.dense).values
            } catch { throw .numerical("eigenvalues of W: \(error)") }
            method = .eigenGeneral
        }
        let reals = eigenvalues.map(\.real)
        let lo = reals.min() ?? -1, hi = reals.max() ?? 1
        guard lo < 0, hi > 0 else { throw .invalidArgument("W has no eigenvalues of both signs (zero matrix?)") }
        interval = (1 / lo)...(1 / hi)
    }

    public func value(_ rho: Double) -> Double {
        var s = 0.0
        for l in eigenvalues {
            if l.imaginary == 0 {
                s += log(abs(1 - rho * l.real))
            } else {
                let re = 1 - rho * l.real, im = rho * l.imaginary
                s += 0.5 * log(re * re + im * im)
            }
        }
        return s
    }

    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        var t1 = 0.0, t2 = 0.0
        for l in eigenvalues {
            // lambda / (1 - rho lambda) for complex lambda, real part.
            let dr = 1 - rho * l.real, di = -rho * l.imaginary
            let den = dr * dr + di * di
            let qr = (l.real * dr + l.imaginary * di) / den, qi = (l.imaginary * dr - l.real * di) / den
            t1 += qr
            t2 += qr * qr - qi * qi
        }
        return (t1, t2)
    }
}

/// `ln|I - rho W|` by a dense LU factorisation at each rho: exact, O(n^3) per evaluation, kept as a check.
public struct DenseLULogDeterminant: LogDeterminant {
    /// ``LogDeterminantMethod/denseLU``.
    public let method = LogDeterminantMethod.denseLU
    let w: Matrix
    public let interval: ClosedRange<Double>

    /// A log-determinant by one dense LU factorisation of `I - rho W` per rho (O(n^3) each) on the given feasible
    /// `interval`: the check of the other methods, for small n.
    public init(_ weights: SpatialWeights, interval: ClosedRange<Double>) {
        w = weights.matrix.dense
        self.interval = interval
    }

    func iMinus(_ rho: Double) -> Matrix {
        var a = -rho * w
        for i in 0..<w.rows { a[i, i] += 1 }
        return a
    }

    public func value(_ rho: Double) -> Double {
        guard let lu = try? LUDecomposition(iMinus(rho)) else { return .nan }
        return lu.logAbsDeterminant.logAbs
    }

    public func traces(_ rho: Double) -> (first: Double, second: Double) {
        guard let inv = try? LUDecomposition(iMinus(rho)).inverse(), let g = try? w * inv, let g2 = try? g * g else { return (.nan, .nan) }
        return (g.diagonalElements.reduce(0, +), g2.diagonalElements.reduce(0, +))
    }
}
