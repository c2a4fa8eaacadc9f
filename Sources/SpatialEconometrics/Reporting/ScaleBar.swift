import Foundation

/// A map's scale bar: a round length (1, 2 or 5 x 10^k kilometres) and its length in pixels.
struct ScaleBar: Sendable, Equatable {
    /// The length shown, in kilometres.
    let kilometres: Double
    /// Its length on the canvas: `kilometres * pixelsPerKilometre`.
    let pixels: Double

    /// The longest round length whose bar fits `maximumPixels`; `nil` when none can be drawn (a non-finite or
    /// non-positive scale, or no room).
    init?(pixelsPerKilometre: Double, maximumPixels: Double) {
        guard pixelsPerKilometre.isFinite, pixelsPerKilometre > 0, maximumPixels.isFinite, maximumPixels > 1 else { return nil }
        let target = maximumPixels / pixelsPerKilometre
        guard target.isFinite, target > 0 else { return nil }
        let e = floor(log10(target)), base = pow(10, e)
        let f = target / base
        let nice: Double = f >= 5 ? 5 : f >= 2 ? 2 : 1
        let km = nice * base
        guard km.isFinite, km > 0 else { return nil }
        kilometres = km
        pixels = km * pixelsPerKilometre
    }

    /// "500 km", "2 km", "200 m", "0.5 m".
    var label: String {
        func trim(_ v: Double) -> String {
            let r = (v * 1e6).rounded() / 1e6
            if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
            return String(r)
        }
        return kilometres >= 1 ? trim(kilometres) + " km" : trim(kilometres * 1000) + " m"
    }
}
