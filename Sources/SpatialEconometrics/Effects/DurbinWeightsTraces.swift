import Foundation

/// `tr((I - rho W)^-1 W2)`, the trace a model whose W X terms use a second matrix W2 (xsmle's `dmat()`,
/// ``SpatialRegression`` and ``PanelRegression`` with `durbinWeights`) needs for the direct effect of a `W2 x`
/// coefficient theta: the effects of regressor x are `S(rho) (beta I + theta W2)` with `S = (I - rho W)^-1`, so
/// its average direct effect is `[beta tr(S) + theta tr(S W2)] / n` (LeSage & Pace 2009, sec. 2.7 and 4.2, with W2
/// in place of W in the second term).
///
/// Three forms, chosen from W (W2 may be any matrix over the same units):
/// - **Spectral, exact** (n <= ``exactMaximumUnits`` and W similar to a symmetric matrix, `S_W = D^1/2 W D^-1/2 =
///   Q Lambda Q'`, e.g. row-standardised contiguity or distance weights): `tr(S W2) = sum_i c_i / (1 - rho lambda_i)`
///   with `c_i = q_i' D^1/2 W2 D^-1/2 q_i`, exact at every rho from one O(n^3) eigendecomposition.
/// - **Exact series** (n <= ``exactMaximumUnits``, other W such as k-nearest neighbours): `sum_{k<=K} rho^k
///   tr(W^k W2)` with the traces computed exactly by K sparse-times-dense products; the truncation is bounded by
///   `|rho|^(K+1) / (1 - |rho|)` times `max_k |tr(W^k W2)|/n` per unit for row-standardised W and W2.
/// - **Hutchinson series** (larger n): `tr(W^k W2) ~ (1/p) sum_l z_l' W^k W2 z_l` with Rademacher probes, no n x n
///   matrix (Hutchinson 1990; the cross-trace analogue of ``TraceSeries``).
struct DurbinWeightsTraces: Sendable {
    /// Up to this many units the traces are exact (dense eigenvectors or dense products).
    static let exactMaximumUnits = 2_000
    /// Powers of W in the series forms.
    static let seriesOrder = 100

    enum Form: Sendable {
        case spectral(eigenvalues: [Double], weights: [Double])
        case series(traces: [Double], probes: Int?)
    }

    let form: Form
    /// `1' W2 1`: the total effect of theta without a spatial lag, and `W2 1` for the total with one.
    let rowSums: [Double]
    /// `tr(W2)` (zero for a weights matrix without self-neighbours).
    let trace: Double
    /// Whether every row of W2 sums to one (then `1'S W2 1 = n / (1 - rho)` for row-stochastic W).
    let rowsSumToOne: Bool
    let units: Int

    /// - Throws: ``ModelError`` when the sizes differ or an eigendecomposition fails.
    init(_ w: SpatialWeights, second w2: SpatialWeights, probes: Int = 50, seed: UInt64 = 1, exactUpTo: Int = exactMaximumUnits) throws(ModelError) {
        let n = w.count
        guard w2.count == n else { throw .sizeMismatch("durbinWeights over \(w2.count) units, W over \(n)") }
        units = n
        rowSums = w2.matrix.rowSums
        rowsSumToOne = rowSums.allSatisfy { abs($0 - 1) < 1e-12 }
        var tr2 = 0.0
        for i in 0..<n { for k in w2.matrix.rowStart[i]..<w2.matrix.rowStart[i + 1] where w2.matrix.columnIndices[k] == i { tr2 += w2.matrix.values[k] } }
        trace = tr2
        let order = Self.seriesOrder
        if n <= exactUpTo, let d = w.symmetrizingScale() {
            // S_W = D^1/2 W D^-1/2 = Q Lambda Q'; W^k W2 = D^-1/2 Q Lambda^k Q' D^1/2 W2, so tr(W^k W2) =
            // sum_i lambda_i^k (Q' M Q)_ii with M = D^1/2 W2 D^-1/2.
            var s = Matrix(rows: n, columns: n), m = Matrix(rows: n, columns: n)
            let a = w.matrix, b = w2.matrix
            for i in 0..<n {
                for k in a.rowStart[i]..<a.rowStart[i + 1] { let j = a.columnIndices[k]; s[i, j] = a.values[k] * (d[i] / d[j]).squareRoot() }
                for k in b.rowStart[i]..<b.rowStart[i + 1] { let j = b.columnIndices[k]; m[i, j] = b.values[k] * (d[i] / d[j]).squareRoot() }
            }
            let eig: SymmetricEigen
            do { eig = try SymmetricEigen(s, vectors: true) } catch { throw .numerical("eigenvectors of W for the W2 effects: \(error)") }
            guard let q = eig.vectors else { throw .numerical("eigenvectors of W for the W2 effects were not returned") }
            let mq: Matrix
            do { mq = try m * q } catch { throw .numerical("W2 in W's eigenbasis: \(error)") }
            var c = [Double](repeating: 0, count: n)
            for col in 0..<n { var sum = 0.0; for r in 0..<n { sum += q[r, col] * mq[r, col] }; c[col] = sum }
            form = .spectral(eigenvalues: eig.values, weights: c)
        } else if n <= exactUpTo {
            var power = w2.matrix.dense
            var t = [Double](repeating: 0, count: order + 1)
            t[0] = tr2
            for k in stride(from: 1, through: order, by: 1) {
                do { power = try w.matrix.multiply(power) } catch { throw .numerical("W^k W2: \(error)") }
                var sum = 0.0
                for i in 0..<n { sum += power[i, i] }
                t[k] = sum
            }
            form = .series(traces: t, probes: nil)
        } else {
            let a = w.matrix, b = w2.matrix
            let samples = StochasticProbes.run(probes: probes, units: n, seed: seed) { z, width in
                var rows = [[Double]](repeating: [Double](repeating: 0, count: order + 1), count: width)
                let x = UnsafeMutablePointer<Double>.allocate(capacity: n * width), y = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
                defer { x.deallocate(); y.deallocate() }
                b.multiplyInterleaved(z, into: x, width: width)
                var d0 = StochasticProbes.dots(z, x, n: n, width: width)
                for l in 0..<width { rows[l][0] = d0[l] }
                var (cur, nxt) = (x, y)
                for k in stride(from: 1, through: order, by: 1) {
                    a.multiplyInterleaved(cur, into: nxt, width: width)
                    d0 = StochasticProbes.dots(z, nxt, n: n, width: width)
                    for l in 0..<width { rows[l][k] = d0[l] }
                    swap(&cur, &nxt)
                }
                return rows
            }
            var t = [Double](repeating: 0, count: order + 1)
            for k in 0...order { t[k] = StochasticProbes.meanAndStandardError(samples.map { $0[k] }).mean }
            t[0] = tr2
            form = .series(traces: t, probes: probes)
        }
    }

    /// `tr((I - rho W)^-1 W2)`.
    func value(rho: Double) -> Double {
        switch form {
        case .spectral(let lambdas, let c):
            var s = 0.0
            for i in lambdas.indices { s += c[i] / (1 - rho * lambdas[i]) }
            return s
        case .series(let t, _):
            var s = 0.0, p = 1.0
            for v in t { s += p * v; p *= rho }
            return s
        }
    }

    /// How the traces were computed, for the effects' inference note.
    var note: String {
        switch form {
        case .spectral: return "; W2 terms' direct effects exact (eigenvectors of W)"
        case .series(_, nil): return "; W2 terms' direct effects from exact tr(W^k W2), k <= \(Self.seriesOrder)"
        case .series(_, let p?): return "; W2 terms' direct effects from tr(W^k W2), k <= \(Self.seriesOrder), by Hutchinson's estimator (\(p) probes)"
        }
    }
}
