import Foundation

/// A minimal SVG writer (Foundation only): shapes appended as elements, text escaped, numbers rounded.
struct SVGDocument {
    let width: Double, height: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double) { self.width = width; self.height = height }

    /// Coordinates are clamped to `[-limit, limit]`: far outside any canvas, small enough for every SVG renderer and
    /// for an exact `Int` conversion.
    static let limit = 1e7

    /// A coordinate or length rounded to 0.01: clamped to ±``limit`` (a vertex a long way off the canvas, e.g. a
    /// hole at 1e300, stays off it instead of trapping in `Int(_:)`), and `"0"` for NaN or an infinity (callers
    /// skip non-finite points; this is the last guard).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (min(max(x, -limit), limit) * 100).rounded() / 100
        if r == r.rounded(), let i = Int(exactly: r) { return String(i) }
        return String(r)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000", width w: Double = 1, dash: String? = nil) {
        elements.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(w))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, fill: String, stroke: String = "#333", title: String? = nil) {
        let t = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append("<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"0.6\">\(t)</circle>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String = "none") {
        elements.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(w))\" height=\"\(Self.number(h))\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
    }

    mutating func path(_ d: String, fill: String, stroke: String = "#fff", width w: Double = 0.5, title: String? = nil) {
        let t = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append("<path d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(w))\" stroke-linejoin=\"round\">\(t)</path>")
    }

    mutating func text(_ s: String, _ x: Double, _ y: Double, size: Double = 12, anchor: String = "start", weight: String = "normal", rotate: Double? = nil, fill: String = "#000") {
        let tr = rotate.map { " transform=\"rotate(\(Self.number($0)) \(Self.number(x)) \(Self.number(y)))\"" } ?? ""
        elements.append("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" fill=\"\(fill)\"\(tr)>\(Self.escape(s))</text>")
    }

    var rendered: String {
        (["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"Helvetica, Arial, sans-serif\">",
          "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"] + elements + ["</svg>"]).joined(separator: "\n")
    }
}

/// "Nice" axis ticks covering [lo, hi] (Heckbert 1990).
func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
    guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
    func nice(_ x: Double, round: Bool) -> Double {
        let e = floor(log10(x)), f = x / pow(10, e)
        let nf: Double = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10)
        return nf * pow(10, e)
    }
    let step = nice(nice(hi - lo, round: false) / Double(max(count - 1, 1)), round: true)
    var ticks = [Double]()
    var t = ceil(lo / step) * step
    while t <= hi + step * 1e-9 { ticks.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
    return ticks
}
