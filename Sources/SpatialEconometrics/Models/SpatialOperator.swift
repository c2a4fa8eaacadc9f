import Foundation

/// The n x n quantities of `A = I - rho W` that standard errors and effects need, computed densely once per rho.
///
/// Used for cross-sections of moderate size (n up to a few thousand): `A^-1`, `G = W A^-1`, their traces and
/// products. Large-N code paths use trace estimators instead and never build this.
struct DenseSpatialOperator {
    let n: Int
    let w: Matrix
    let inverse: Matrix          // A^-1
    let g: Matrix                // W A^-1

    init(weights: SpatialWeights, rho: Double) throws(ModelError) {
        n = weights.count
        w = weights.matrix.dense
        var a = -rho * w
        for i in 0..<n { a[i, i] += 1 }
        do {
            inverse = try LUDecomposition(a).inverse()
            g = try w * inverse
        } catch { throw .numerical("(I - \(rho) W)^-1: \(error)") }
    }

    static func trace(_ m: Matrix) -> Double { m.diagonalElements.reduce(0, +) }

    /// `tr(P Q)` without forming the product.
    static func traceOfProduct(_ p: Matrix, _ q: Matrix) -> Double {
        var s = 0.0
        for i in 0..<p.rows { for k in 0..<p.columns { s += p[i, k] * q[k, i] } }
        return s
    }

    /// `tr(P' Q)` = sum of element-wise products.
    static func traceOfTransposeProduct(_ p: Matrix, _ q: Matrix) -> Double {
        zip(p.elements, q.elements).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
