import Foundation

extension SparseMatrix {
    /// `Y = A X` for `width` vectors stored interleaved (`x[j * width + l]` is entry j of vector l): one pass over
    /// the CSR arrays serves all vectors, which is what makes blocks of stochastic probes cheaper than single ones.
    ///
    /// - Complexity: O(nnz * width).
    func multiplyInterleaved(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, width: Int) {
        rowStart.withUnsafeBufferPointer { rs in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { v in
                    if width == 4 {
                        for i in 0..<rows {
                            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                            for k in rs[i]..<rs[i + 1] {
                                let a = v[k], base = ci[k] &* 4
                                s0 += a * x[base]; s1 += a * x[base + 1]; s2 += a * x[base + 2]; s3 += a * x[base + 3]
                            }
                            y[4 * i] = s0; y[4 * i + 1] = s1; y[4 * i + 2] = s2; y[4 * i + 3] = s3
                        }
                    } else {
                        for i in 0..<rows {
                            let out = y + i * width
                            for l in 0..<width { out[l] = 0 }
                            for k in rs[i]..<rs[i + 1] {
                                let a = v[k], inp = x + ci[k] * width
                                for l in 0..<width { out[l] += a * inp[l] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `tr(A)` and `tr(A^2) = sum_ij a_ij a_ji`, exactly from the stored entries.
    ///
    /// - Complexity: O(nnz log(nnz / n)).
    var firstTwoPowerTraces: (first: Double, second: Double) {
        var t1 = 0.0, t2 = 0.0
        for i in 0..<rows {
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = columnIndices[k]
                if j == i { t1 += values[k] }
                t2 += values[k] * self[j, i]
            }
        }
        return (t1, t2)
    }
}
