import Foundation

extension InformationMatrix {
    /// The condition number above which the information matrix is called near-singular: 1e10.
    ///
    /// Its inverse then loses about 10 of the 16 significant digits of a Double, and a parameter whose variance is
    /// inflated that much is not identified by the data (e.g. rho with N = 2 units and time effects: rho = 0.9996,
    /// standard error 4.7e6). Well-posed fits of the test data have condition numbers of 1e1 to 1e5.
    static let conditionThreshold = 1e10

    /// How close the information matrix is to singular, on a scale-free footing.
    struct Conditioning {
        /// `lambda_max / lambda_min` of the correlation-scaled matrix `R = D^-1/2 I D^-1/2`, `D = diag(I)`
        /// (infinite when R is not positive definite).
        let conditionNumber: Double
        /// Variance inflation of each parameter, `(R^-1)_jj = (I^-1)_jj I_jj` (1 when it is orthogonal to the others).
        let varianceInflation: [Double]
    }

    /// The condition number and variance inflation of `info` (eigenvalues by LAPACK `dsyevd`, ``SymmetricEigen``), or
    /// `nil` when they cannot be computed (a non-positive diagonal, non-finite entries).
    ///
    /// Scaling to unit diagonal first makes the number independent of the units of the regressors and of sigma^2
    /// (whose own entry `n/(2 s^4)` would otherwise dominate).
    /// - Complexity: O(p^3) for p parameters.
    static func conditioning(_ info: Matrix, inverse: Matrix) -> Conditioning? {
        let p = info.rows
        let d = info.diagonalElements
        guard p > 0, d.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        var r = info
        for j in 0..<p { for i in 0..<p { r[i, j] = info[i, j] / (d[i] * d[j]).squareRoot() } }
        guard let eig = try? SymmetricEigen(r), let lo = eig.values.min(), let hi = eig.values.max() else { return nil }
        let vif = (0..<p).map { inverse[$0, $0] * d[$0] }
        return Conditioning(conditionNumber: lo > 0 ? hi / lo : .infinity, varianceInflation: vif)
    }

    /// A warning naming the parameter(s) with the largest variance inflation (within a factor 10 of the largest) when
    /// the condition number exceeds ``conditionThreshold``; `names` label the rows of `info` (sigma^2 last).
    static func nearSingularWarning(_ info: Matrix, inverse: Matrix, names: [String]) -> String? {
        guard let c = conditioning(info, inverse: inverse) else { return nil }
        guard !(c.conditionNumber <= conditionThreshold) else { return nil }
        let top = c.varianceInflation.max() ?? .infinity
        let worst = c.varianceInflation.indices.filter { !(c.varianceInflation[$0] < top / 10) }
            .sorted { c.varianceInflation[$0] > c.varianceInflation[$1] }
        let label = worst.map { $0 < names.count ? names[$0] : "parameter \($0 + 1)" }
        let inflation = worst.map { String(format: "%.3g", c.varianceInflation[$0]) }.joined(separator: ", ")
        return "\(label.joined(separator: ", ")) \(label.count == 1 ? "is" : "are") not identified: the information matrix is near-singular "
            + "(condition number \(String(format: "%.3g", c.conditionNumber)) of its correlation-scaled form, above \(String(format: "%.0e", conditionThreshold))); "
            + "variance inflation \(inflation); the standard errors and tests are not reliable (too few units or periods for the effects removed, "
            + "or regressors and W that cannot separate the parameters)"
    }
}

extension InformationMatrix {
    /// ``covariance(_:)`` with the near-singularity check: the covariance of all parameters but sigma^2, and the
    /// ``nearSingularWarning(_:inverse:names:)`` for `names` (the parameters before sigma^2), if any.
    static func checkedCovariance(_ info: Matrix, names: [String]) throws(ModelError) -> (covariance: Matrix, warning: String?) {
        let full: Matrix
        do { full = try inverse(info) } catch {
            // Singular: name the parameters along the eigenvector of the smallest eigenvalue of the correlation-scaled
            // matrix (the direction the data do not determine).
            throw singularError(info, names: names + ["sigma^2"]) ?? error
        }
        let d = info.rows - 1
        var out = Matrix(rows: d, columns: d)
        for i in 0..<d { for j in 0..<d { out[i, j] = full[i, j] } }
        return (out, nearSingularWarning(info, inverse: full, names: names + ["sigma^2"]))
    }

    /// The error for an information matrix that is not positive definite, naming the parameters that are not
    /// identified (components of the smallest eigenvector of the correlation-scaled matrix within a factor 2 of the
    /// largest), or nil when that cannot be computed.
    static func singularError(_ info: Matrix, names: [String]) -> ModelError? {
        let p = info.rows
        let d = info.diagonalElements
        guard p > 0, d.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        var r = info
        for j in 0..<p { for i in 0..<p { r[i, j] = info[i, j] / (d[i] * d[j]).squareRoot() } }
        guard let eig = try? SymmetricEigen(r, vectors: true), let v = eig.vectors,
              let k = eig.values.indices.min(by: { eig.values[$0] < eig.values[$1] }) else { return nil }
        let components = (0..<p).map { abs(v[$0, k]) }
        let top = components.max() ?? 0
        let label = (0..<p).filter { components[$0] >= top / 2 }.sorted { components[$0] > components[$1] }
            .map { $0 < names.count ? names[$0] : "parameter \($0 + 1)" }
        return .numerical("\(label.joined(separator: ", ")) \(label.count == 1 ? "is" : "are") not identified: the information matrix is singular "
            + "(smallest eigenvalue \(String(format: "%.3g", eig.values[k])) of its correlation-scaled form); no standard errors exist "
            + "(too few units or periods for the effects removed, or regressors and W that cannot separate the parameters)")
    }
}
