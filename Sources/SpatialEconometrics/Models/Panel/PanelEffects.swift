import Foundation

/// The fixed effects of a spatial panel model.
public enum PanelEffects: String, Sendable, Codable, CaseIterable {
    /// Pooled: no fixed effects, an intercept.
    case none
    /// Unit ("spatial") fixed effects mu_i.
    case individual
    /// Time-period fixed effects alpha_t.
    case time
    /// Both.
    case twoways

    var hasIndividual: Bool { self == .individual || self == .twoways }
    var hasTime: Bool { self == .time || self == .twoways }
}

/// How the fixed-effects spatial panel likelihood is formed (Lee & Yu 2010; Elhorst 2014, ch. 3).
public enum PanelEstimator: String, Sendable, Codable, CaseIterable {
    /// The transformation approach of Lee & Yu (2010): orthonormal transformations `F_T` (and `F_N` with time
    /// effects) remove the effects; N(T-1), T(N-1) or (N-1)(T-1) observations and Jacobian
    /// `T* ln|I - rho W|` (minus `T* ln(1 - rho)` with time effects). Consistent for small T: the default.
    case leeyu
    /// The direct approach with the Lee–Yu bias correction of (beta, rho, sigma^2) as in Elhorst's `sar_panel_FE`
    /// (`bc = 1`): two-way effects correct all parameters, individual effects only sigma^2 = SSE/NT * T/(T-1).
    case biascorrected
    /// The exact direct approach: W y and W X formed on the original data, then demeaned; NT observations and
    /// Jacobian `T ln|I - rho W|` (Elhorst 2014). Biased for small T.
    case direct
    /// splm's variant: the spatial lag of the demeaned y (`W * demeaned y`), which differs from `direct` with time or
    /// two-way effects. Only to reproduce published splm numbers.
    case splm
}

/// Within transformations of a time-major panel vector (N units per period, T periods).
enum PanelTransform {
    static func demean(_ v: [Double], n: Int, t: Int, effects: PanelEffects) -> [Double] {
        guard effects != .none else { return v }
        var out = v
        var unitMean = [Double](repeating: 0, count: n), timeMean = [Double](repeating: 0, count: t)
        var grand = 0.0
        for p in 0..<t { for i in 0..<n { let x = v[p * n + i]; unitMean[i] += x; timeMean[p] += x; grand += x } }
        for i in 0..<n { unitMean[i] /= Double(t) }
        for p in 0..<t { timeMean[p] /= Double(n) }
        grand /= Double(n * t)
        for p in 0..<t {
            for i in 0..<n {
                var x = v[p * n + i]
                if effects.hasIndividual { x -= unitMean[i] }
                if effects.hasTime { x -= timeMean[p] }
                if effects == .twoways { x += grand }
                out[p * n + i] = x
            }
        }
        return out
    }

    /// Each unit's mean over the periods, repeated in every period (time-major).
    static func unitMeansRepeated(_ v: [Double], n: Int, t: Int) -> [Double] {
        var m = [Double](repeating: 0, count: n)
        for p in 0..<t { for i in 0..<n { m[i] += v[p * n + i] } }
        return (0..<(n * t)).map { m[$0 % n] / Double(t) }
    }

    /// W applied to each period's cross-section.
    static func lag(_ v: [Double], weights: SpatialWeights, t: Int) throws(ModelError) -> [Double] {
        let n = weights.count
        var out = [Double](repeating: 0, count: v.count)
        for p in 0..<t {
            let block: [Double]
            do { block = try weights.matrix.multiply(Array(v[(p * n)..<((p + 1) * n)])) } catch { throw .numerical("\(error)") }
            for i in 0..<n { out[p * n + i] = block[i] }
        }
        return out
    }
}
