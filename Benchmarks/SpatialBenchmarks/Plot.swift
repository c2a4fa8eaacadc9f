import Foundation

/// A log-log plot of wall time against N for every implementation and method of the fit cases, one panel per case,
/// as plain SVG (the package's SVG writer is internal to the library). Timed-out runs are drawn as open markers on
/// the time cap; failed and skipped runs are listed under the legend.
enum FitPlot {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    /// The series a row belongs to: implementation and method, without version numbers (a failed peer run reports
    /// no version).
    static func series(_ m: Measurement) -> String {
        let impl = m.implementation.split(separator: " ").filter { !($0.first?.isNumber ?? false) }.joined(separator: " ")
        return m.method.isEmpty ? impl : "\(impl): \(m.method)"
    }

    static func svg(_ rows: [Measurement], cases: [String] = ["panel-sdm", "sar-ml"], timeCap: Double = 600, title: String) -> String? {
        let fits = rows.filter { cases.contains($0.benchmark) }
        guard !fits.isEmpty else { return nil }
        let shown = cases.filter { c in fits.contains { $0.benchmark == c } }
        let panelW = 430.0, panelH = 330.0, left = 70.0, top = 62.0, gap = 90.0
        var names = [String]()
        for m in fits where !names.contains(series(m)) { names.append(series(m)) }
        let legendH = Double(names.count) * 17 + 20
        let notes = fits.filter { $0.status != "ok" && !$0.status.hasPrefix("timed out") }
        let notesH = notes.isEmpty ? 0 : Double(notes.count) * 15 + 24
        let width = left + Double(shown.count) * (panelW + gap), height = top + panelH + 60 + legendH + notesH
        var e = [String]()
        func num(_ x: Double) -> String { String(format: "%.1f", x) }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func text(_ s: String, _ x: Double, _ y: Double, size: Double = 12, anchor: String = "start", rotate: Bool = false, weight: String = "normal") {
            let tr = rotate ? " transform=\"rotate(-90 \(num(x)) \(num(y)))\"" : ""
            e.append("<text x=\"\(num(x))\" y=\"\(num(y))\" font-size=\"\(num(size))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\"\(tr)>\(esc(s))</text>")
        }
        text(title, width / 2, 24, size: 15, anchor: "middle", weight: "bold")
        let timed = fits.compactMap { $0.seconds }.filter { $0 > 0 }
        let hasTimeout = fits.contains { $0.status.hasPrefix("timed out") }
        let tMin = pow(10, floor(log10(timed.min() ?? 0.01))), tMax = pow(10, ceil(log10(max(timed.max() ?? 1, hasTimeout ? timeCap : 0, tMin * 10))))
        let ns = fits.map { Double($0.n) }
        // N runs to 10^6 (the large-N issue's largest size) so sizes not yet measured show as room on the axis.
        let nMin = pow(10, floor(log10(ns.min() ?? 10))), nMax = pow(10, ceil(log10(max(ns.max() ?? 100, nMin * 10, 1e6))))
        for (p, c) in shown.enumerated() {
            let x0 = left + Double(p) * (panelW + gap), y0 = top
            func px(_ n: Double) -> Double { x0 + (log10(n) - log10(nMin)) / (log10(nMax) - log10(nMin)) * panelW }
            func py(_ t: Double) -> Double { y0 + panelH - (log10(t) - log10(tMin)) / (log10(tMax) - log10(tMin)) * panelH }
            e.append("<rect x=\"\(num(x0))\" y=\"\(num(y0))\" width=\"\(num(panelW))\" height=\"\(num(panelH))\" fill=\"none\" stroke=\"#444\"/>")
            var d = nMin
            while d <= nMax * 1.0001 {
                let x = px(d)
                e.append("<line x1=\"\(num(x))\" y1=\"\(num(y0))\" x2=\"\(num(x))\" y2=\"\(num(y0 + panelH))\" stroke=\"#ddd\"/>")
                text("10^\(Int(log10(d).rounded()))", x, y0 + panelH + 16, size: 11, anchor: "middle")
                d *= 10
            }
            var t = tMin
            while t <= tMax * 1.0001 {
                let y = py(t)
                e.append("<line x1=\"\(num(x0))\" y1=\"\(num(y))\" x2=\"\(num(x0 + panelW))\" y2=\"\(num(y))\" stroke=\"#ddd\"/>")
                text(t >= 1 ? String(format: "%.0f s", t) : String(format: "%g s", t), x0 - 6, y + 4, size: 11, anchor: "end")
                t *= 10
            }
            if hasTimeout {
                let y = py(timeCap)
                e.append("<line x1=\"\(num(x0))\" y1=\"\(num(y))\" x2=\"\(num(x0 + panelW))\" y2=\"\(num(y))\" stroke=\"#999\" stroke-dasharray=\"5 3\"/>")
                text("time cap \(Int(timeCap)) s", x0 + panelW - 4, y - 4, size: 10, anchor: "end")
            }
            text(c, x0 + panelW / 2, y0 - 8, size: 13, anchor: "middle", weight: "bold")
            text("N (units)", x0 + panelW / 2, y0 + panelH + 36, size: 12, anchor: "middle")
            text("wall time (s)", x0 - 48, y0 + panelH / 2, size: 12, anchor: "middle", rotate: true)
            for (k, name) in names.enumerated() {
                let color = palette[k % palette.count]
                let pts = fits.filter { $0.benchmark == c && series($0) == name }.sorted { $0.n < $1.n }
                let ok = pts.compactMap { m in m.seconds.map { (px(Double(m.n)), py(max($0, tMin))) } }
                if ok.count > 1 {
                    e.append("<polyline points=\"\(ok.map { "\(num($0.0)),\(num($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"/>")
                }
                for m in pts {
                    if let s = m.seconds {
                        e.append("<circle cx=\"\(num(px(Double(m.n))))\" cy=\"\(num(py(max(s, tMin))))\" r=\"3.5\" fill=\"\(color)\"><title>\(esc(name)), N = \(m.n): \(String(format: "%.3g", s)) s</title></circle>")
                    } else if m.status.hasPrefix("timed out") {
                        // Several runs can time out at the same N: spread their markers sideways.
                        let dx = (Double(k) - Double(names.count - 1) / 2) * 3
                        e.append("<circle cx=\"\(num(px(Double(m.n)) + dx))\" cy=\"\(num(py(timeCap)))\" r=\"4.5\" fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"2\"><title>\(esc(name)), N = \(m.n): \(esc(m.status))</title></circle>")
                    }
                }
            }
        }
        var y = top + panelH + 60
        for (k, name) in names.enumerated() {
            let color = palette[k % palette.count]
            e.append("<line x1=\"\(num(left))\" y1=\"\(num(y - 4))\" x2=\"\(num(left + 24))\" y2=\"\(num(y - 4))\" stroke=\"\(color)\" stroke-width=\"2.5\"/>")
            let benches = Set(fits.filter { series($0) == name }.map(\.benchmark)).sorted().joined(separator: ", ")
            text("\(name)  [\(benches)]", left + 32, y, size: 12)
            y += 17
        }
        if hasTimeout { text("open circle: timed out at the cap (no time measured)", left, y + 2, size: 11); y += 17 }
        if !notes.isEmpty {
            y += 6
            for m in notes {
                text("\(m.benchmark), N = \(m.n), \(series(m)): \(String(m.status.prefix(110)))", left, y, size: 10.5)
                y += 15
            }
        }
        let h = max(height, y + 10)
        return (["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(num(width))\" height=\"\(num(h))\" viewBox=\"0 0 \(num(width)) \(num(h))\" font-family=\"Helvetica, Arial, sans-serif\">",
                 "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"] + e + ["</svg>"]).joined(separator: "\n") + "\n"
    }
}
