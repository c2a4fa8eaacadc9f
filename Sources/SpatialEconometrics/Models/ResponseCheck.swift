import Foundation

/// Checks shared by the fits for a response that a model cannot explain.
enum ResponseCheck {
    /// Relative tolerance of ``isConstant(_:reference:)`` and of the perfect-fit rule `SSE <= 1e-12 TSS`.
    static let tolerance = 1e-12

    /// Whether all values are equal up to `tolerance` times `reference` (default: the mean magnitude of the values),
    /// i.e. `max - min <= 1e-12 mean|v|`. Scale-free; a vector of zeros is constant. Panels pass the mean magnitude of
    /// the untransformed y as `reference`, so that data demeaned to rounding noise count as constant.
    static func isConstant(_ v: [Double], reference: Double? = nil) -> Bool {
        guard let first = v.first else { return true }
        var lo = first, hi = first, magnitude = 0.0
        for x in v { lo = min(lo, x); hi = max(hi, x); magnitude += abs(x) }
        let ref = reference ?? magnitude / Double(v.count)
        return hi - lo <= tolerance * ref
    }

    /// `SSE <= 1e-12 TSS`: R^2 within 1e-12 of one.
    static func isPerfectFit(sse: Double, tss: Double) -> Bool { sse <= tolerance * tss }

    /// The mean magnitude `mean|v|`.
    static func meanMagnitude(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0) { $0 + abs($1) } / Double(v.count) }
}
