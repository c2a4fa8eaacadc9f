import Foundation

/// The objective weight methods of a composite index, computed on one block of observations (all units and
/// periods pooled, or one period): entropy, equal, coefficient of variation, CRITIC and improved CRITIC. ``CompositeIndex`` is the
/// only caller; the formulas are stated on ``EntropyOptions/Weighting``.
///
/// Standard deviations are sample ones (n - 1); both the CV and the CRITIC weights are ratios in which the factor
/// sqrt(n / (n - 1)) cancels, so the weights are the same with population standard deviations.
enum ObjectiveWeights {
    /// The statistics of one method on one block.
    struct Result {
        var weights: [Double]
        /// Sample standard deviations of the columns the method used (CV: raw or normalised; CRITIC: normalised).
        var sd: [Double]?
        /// V_j = s_j / mean_j.
        var cv: [Double]?
        /// CRITIC conflict `sum_k (1 - r_jk)` (or with |r|).
        var conflict: [Double]?
        /// CRITIC information `C_j = s_j * conflict_j` (improved CRITIC: `V_j * conflict_j`).
        var information: [Double]?
    }

    static func name(_ w: EntropyOptions.Weighting) -> String {
        switch w {
        case .entropy: return "entropy weights"
        case .equal: return "equal weights"
        case .cv: return "coefficient-of-variation weights"
        case .critic: return "CRITIC weights"
        case .improvedCritic: return "improved CRITIC weights"
        }
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    /// Sample standard deviation (n - 1).
    static func sd(_ x: [Double]) -> Double {
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    /// - Parameters:
    ///   - method: the weighting.
    ///   - normalized: the block's normalised columns x'_j.
    ///   - raw: the block's raw columns.
    ///   - divergence: the entropy divergences d_j of the block.
    static func compute(_ method: EntropyOptions.Weighting, normalized xs: [[Double]], raw: [[Double]], divergence: [Double],
                        indicators: [Indicator], options: EntropyOptions, period: String?) throws(IndexError) -> Result {
        let m = xs.count
        let at = period.map { " in period \($0)" } ?? ""
        switch method {
        case .equal:
            return Result(weights: [Double](repeating: 1 / Double(m), count: m))
        case .entropy:
            let dsum = divergence.reduce(0, +)
            guard dsum > 0 else { throw .invalidArgument("every indicator has entropy 1 (no variation to weight)" + at) }
            return Result(weights: divergence.map { $0 / dsum })
        case .cv:
            let cols = options.cvBasis == .raw ? raw : xs
            var sds = [Double](), cvs = [Double]()
            for (j, c) in cols.enumerated() {
                let mu = mean(c), s = sd(c)
                guard mu > 0 else {
                    throw .invalidArgument("indicator '\(indicators[j].name)'\(at): mean \(mu) is not positive, so its coefficient of variation s/mean is not a measure of dispersion; use cv on normalised values (cvBasis .normalized, --cv-basis normalized)")
                }
                sds.append(s); cvs.append(s / mu)
            }
            let total = cvs.reduce(0, +)
            return Result(weights: cvs.map { $0 / total }, sd: sds, cv: cvs)
        case .critic, .improvedCritic:
            // CRITIC: contrast s_j, conflict with r or |r| as chosen; improved CRITIC: contrast V_j = s_j / mean_j, conflict with |r|.
            let improved = method == .improvedCritic
            let name = improved ? "improved CRITIC" : "CRITIC"
            guard m >= 2 else { throw .invalidArgument("\(name) weights need at least two indicators (the conflict term is a sum of correlations with the others)") }
            let n = xs.first?.count ?? 0
            let means = xs.map(mean)
            let sds = xs.map(sd)
            let centred = (0..<m).map { j in xs[j].map { $0 - means[j] } }
            var conflict = [Double](repeating: 0, count: m)
            for j in 0..<m {
                for k in 0..<m where k != j {
                    var cross = 0.0
                    for i in 0..<n { cross += centred[j][i] * centred[k][i] }
                    let r = cross / (Double(n - 1) * sds[j] * sds[k])
                    conflict[j] += 1 - (improved || options.criticConflict == .absolute ? abs(r) : r)
                }
            }
            var cvs: [Double]? = nil
            if improved {
                for (j, mu) in means.enumerated() where !(mu > 0) {
                    throw .invalidArgument("improved CRITIC\(at): the mean of the normalised '\(indicators[j].name)' is \(mu), so its coefficient of variation s/mean is not defined")
                }
                cvs = zip(sds, means).map { $0 / $1 }
            }
            let info = zip(cvs ?? sds, conflict).map { $0 * $1 }
            let total = info.reduce(0, +)
            guard total > 0 else {
                throw .invalidArgument("\(name)\(at): every indicator's information \(improved ? "V_j sum_k (1 - |r_jk|)" : "s_j sum_k (1 - r_jk)") is zero (the indicators are perfectly correlated)")
            }
            return Result(weights: info.map { $0 / total }, sd: sds, cv: cvs, conflict: conflict, information: info)
        }
    }
}
