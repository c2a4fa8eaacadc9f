import Foundation

extension MapPlot {
    /// One panel of a small-multiples map: its title (e.g. the period) and the category of each unit id.
    public struct GridPanel: Sendable {
        /// The panel's title, written above it.
        public let title: String
        /// The category of each unit (a key of the colours); units without one are drawn grey ("no data").
        public let labels: [String: String]

        /// A panel titled `title` with these labels.
        public init(title: String, labels: [String: String]) {
            self.title = title
            self.labels = labels
        }
    }

    /// Small multiples: the same polygons drawn once per panel (e.g. one LISA cluster map per period) in a grid of
    /// `columns` columns, every panel at the same scale, each titled, with one shared legend (the categories in
    /// `order`, and the number of units in each over all panels) and one north arrow and scale bar under the grid.
    ///
    /// Every unit is drawn in each panel's frame (no inset: at thumbnail size an island stays in place). The notes
    /// say which coordinates were assumed, as on every ``MapPlot``.
    public func grid(_ panels: [GridPanel], colors: [String: String], order: [String], title: String, columns: Int? = nil, note: String = "") -> String {
        guard let extent = Self.extent(features), !panels.isEmpty else {
            var d = SVGDocument(width: width, height: 120)
            d.text(title, width / 2, 28, size: 16, anchor: "middle", weight: "bold")
            d.text(panels.isEmpty ? "no panel to draw" : "no polygon has a finite vertex", width / 2, 70, size: 12, anchor: "middle", fill: "#444")
            return d.rendered
        }
        let kind = coordinateKind(extent)
        let m = MapLayout.margin, gap = MapLayout.gap, panelTitle = 20.0
        let canvasW = max(width, 320)
        let cols = max(1, min(panels.count, columns ?? Int(Double(panels.count).squareRoot().rounded(.up))))
        let rows = (panels.count + cols - 1) / cols
        let aspect = MapProjection.aspect(extent, geographic: kind.geographic)
        let panelW = (canvasW - 2 * m - Double(cols - 1) * gap) / Double(cols), panelH = panelW / aspect
        let top = MapLayout.titleBand
        // The bands under the grid, measured first: the canvas is exactly as tall as it needs.
        var counts = [String: Int]()
        for panel in panels { for f in features { if let l = panel.labels[f.id] { counts[l, default: 0] += 1 } } }
        let legend0 = order.map { (colors[$0] ?? "#cccccc", "\($0)  (\(counts[$0, default: 0]))") }
        let legend = legend0 + (panels.contains { p in features.contains { p.labels[$0.id] == nil } } ? [("#cccccc", "no data")] : [])
        let bandTop = top + Double(rows) * (panelH + panelTitle + gap)
        let toolsW = 150.0, toolsX = canvasW - m - toolsW
        // The legend flows left to right, each entry as wide as its label, wrapping before the north arrow.
        var entries = [(x: Double, y: Double)](), ex = m, ey = bandTop
        for (_, label) in legend {
            let w = MapLayout.legendSwatch + 8 + MapLayout.textWidth(label, size: MapLayout.legendFont) + gap
            if ex > m, ex + w > toolsX - gap { ex = m; ey += MapLayout.legendRow }
            entries.append((ex, ey))
            ex += w
        }
        let legendBottom = ey + MapLayout.legendRow
        var crsNote = kind.reason
        if kind.geographic {
            let phi = (extent.minY + extent.maxY) / 2
            crsNote += "; equirectangular, scale true at the centre latitude \(Format.fixed(abs(phi), 1))°\(phi < 0 ? "S" : "N"); every panel at the same scale"
        }
        let noteLines = ([crsNote] + (note.isEmpty ? [] : [note])).flatMap { MapLayout.wrap($0, width: canvasW - 2 * m, size: MapLayout.noteFont) }
        let notesTop = max(legendBottom, bandTop + MapLayout.northArrowHeight) + 4
        var d = SVGDocument(width: canvasW, height: notesTop + Double(noteLines.count) * MapLayout.noteLine + 10)
        var projection: MapProjection?
        for (k, panel) in panels.enumerated() {
            let c = k % cols, r = k / cols
            let x = m + Double(c) * (panelW + gap), y = top + Double(r) * (panelH + panelTitle + gap)
            d.text(panel.title, x + panelW / 2, y + 14, size: 13, anchor: "middle", weight: "bold")
            let box = BoundingBox(minX: x, minY: y + panelTitle, maxX: x + panelW, maxY: y + panelTitle + panelH)
            let p = MapProjection(extent: extent, geographic: kind.geographic, unitMetres: kind.unitMetres, fittedInto: box)
            projection = projection ?? p
            for f in features {
                let label = panel.labels[f.id]
                d.path(Self.svgPath(f, p), fill: label.flatMap { colors[$0] } ?? "#cccccc", stroke: "#555", width: 0.3,
                       title: "\(panel.title), \(f.id): \(label ?? "no data")")
            }
        }
        // The shared legend in rows left of the north arrow and the scale bar.
        for ((color, label), (x, y)) in zip(legend, entries) {
            d.rect(x, y, MapLayout.legendSwatch, 14, fill: color, stroke: "#555")
            d.text(label, x + MapLayout.legendSwatch + 8, y + 11, size: MapLayout.legendFont)
        }
        drawNorthArrow(&d, BoundingBox(minX: toolsX, minY: bandTop, maxX: toolsX + 24, maxY: bandTop + MapLayout.northArrowHeight))
        if let p = projection, let bar = ScaleBar(pixelsPerKilometre: p.pixelsPerKilometre, maximumPixels: toolsW - 50) {
            drawScaleBar(&d, bar, x: toolsX + 40, y: bandTop + 30, size: 11)
        }
        for (k, line) in noteLines.enumerated() {
            d.text(line, m, notesTop + Double(k + 1) * MapLayout.noteLine - 3, size: MapLayout.noteFont, fill: "#444")
        }
        d.text(title, canvasW / 2, 28, size: 16, anchor: "middle", weight: "bold")
        return d.rendered
    }

    /// Every period's LISA cluster map in one grid (``grid(_:colors:order:title:columns:note:)``): HH, LL, LH, HL at
    /// level `alpha` (after `adjustment`), the rest "not significant", in GeoDa's colours, each panel titled with its
    /// period.
    public func lisaClusterGrid(_ periods: [(period: String, local: LocalMoran)], alpha: Double = 0.05, adjustment: PValueAdjustment = .none,
                                title: String, columns: Int? = nil) -> String {
        let panels = periods.map { p in
            GridPanel(title: p.period, labels: Dictionary(zip(p.local.units.map(\.id), p.local.clusters(alpha: alpha, adjustment: adjustment)),
                                                      uniquingKeysWith: { a, _ in a }))
        }
        let permutations = Set(periods.map(\.local.permutations))
        let source = permutations == [0] ? "analytical p-values" : permutations.count == 1 ? "\(permutations.first ?? 0) conditional permutations" : "conditional permutations"
        let adj = adjustment == .none ? "" : ", \(adjustment.rawValue) adjusted"
        return grid(panels, colors: Self.clusterColors, order: ["HH", "LL", "LH", "HL", "not significant"], title: title, columns: columns,
                    note: "p ≤ \(Format.fixed(alpha, 2)) (\(source)\(adj)); legend counts are unit-periods")
    }
}
