import Foundation

/// Where each part of a map goes on the canvas, computed before anything is drawn so that no part covers another:
/// a title band on top; the map frame; a band beside the map (or below it, for maps more than twice as wide as
/// tall or legends wider than 40% of the canvas) holding the legend, the inset panel, the north arrow and the scale bar; the notes at the bottom. The
/// canvas height follows from the width: the map's height is its width over its aspect ratio, plus the bands.
///
/// All boxes are in pixels, y down (``BoundingBox`` with `minY` the top edge).
struct MapLayout: Sendable {
    /// The canvas size.
    let width: Double, height: Double
    /// The title's baseline.
    let titleY: Double
    /// The main map's projection (its frame is ``mainFrame``).
    let main: MapProjection
    /// The inset's projection and its frame (the framed box, padding included), when units are drawn in an inset.
    let inset: MapProjection?
    let insetFrame: BoundingBox?
    /// The legend's box and the top-left corner of its first entry.
    let legendBox: BoundingBox
    /// The north arrow's box (the arrow and its "N").
    let northArrowBox: BoundingBox
    /// The scale bar (`nil`: the scale cannot be drawn) and the left end of its bar (x, y of the bar's baseline).
    let scaleBar: ScaleBar?
    let scaleBarOrigin: (x: Double, y: Double)
    /// The inset's own scale bar, drawn inside its frame.
    let insetScaleBar: ScaleBar?
    /// The notes, wrapped to the canvas width, and their baselines.
    let noteLines: [String]
    let noteY: [Double]

    static let margin = 16.0, titleBand = 44.0, gap = 14.0
    static let legendRow = 22.0, legendSwatch = 18.0, legendFont = 12.0
    static let northArrowHeight = 46.0, scaleBarHeight = 34.0, noteLine = 15.0, noteFont = 11.0
    /// The legend is beside the map unless the map is wider than this ratio, then below it.
    static let besideAspectLimit = 2.0

    /// The main frame: the pixels the main extent fills.
    var mainFrame: BoundingBox { main.frame }

    /// An estimate of a text's width in pixels (Helvetica averages about 0.55 em; 0.6 leaves room).
    static func textWidth(_ s: String, size: Double) -> Double { Double(s.count) * size * 0.6 }

    /// `text` broken at spaces into lines no wider than `width` (a word longer than a line stays whole), at an
    /// average 0.52 em per character (running text; ``textWidth(_:size:)`` is the bound for a box).
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        func textWidth(_ s: String, size: Double) -> Double { Double(s.count) * size * 0.52 }
        var lines = [String](), line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, textWidth(candidate, size: size) > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// - Parameters:
    ///   - mainExtent, insetExtent: the extents of the main units and of the inset's units (data coordinates).
    ///   - geographic, unitMetres: how coordinates measure length (``MapProjection``).
    ///   - legend: the legend's labels; `notes`: the lines below the map.
    ///   - width: the canvas width; `maximumMapHeight` caps the map of a tall region (its width shrinks).
    ///   - insetCaption: a caption in the inset's frame (room is kept for it above the inset's units).
    init(mainExtent: BoundingBox, insetExtent: BoundingBox?, geographic: Bool, unitMetres: Double, legend: [String], notes: [String],
         width: Double, maximumMapHeight: Double, insetCaption: String? = nil) {
        let m = Self.margin, gap = Self.gap
        let width = width.isFinite ? min(max(width, 320), 20_000) : 720
        let maxMapH = maximumMapHeight.isFinite ? max(maximumMapHeight, 120) : 640
        let labelW = legend.map { Self.textWidth($0, size: Self.legendFont) }.max() ?? 0
        let columnW = Self.legendSwatch + 8 + labelW + 4
        let aspect = MapProjection.aspect(mainExtent, geographic: geographic)
        let insetAspect = insetExtent.map { MapProjection.aspect($0, geographic: geographic) }
        let top = Self.titleBand
        let mapBox: BoundingBox, arrowBox: BoundingBox
        var insetBox: BoundingBox?
        let legendOrigin: (x: Double, y: Double), columns: Int
        let scaleMax: Double, scaleOrigin: (x: Double, y: Double), bodyBottom: Double
        let beside = aspect <= Self.besideAspectLimit && columnW <= width * 0.4
        if beside {
            // Beside: the side band is as wide as the legend (at least room for the scale bar); the map takes the rest.
            let sideW = max(columnW, 150)
            var mapW = width - 2 * m - gap - sideW, mapH = mapW / aspect
            if mapH > maxMapH { mapH = maxMapH; mapW = mapH * aspect }
            mapBox = BoundingBox(minX: m, minY: top, maxX: m + mapW, maxY: top + mapH)
            let sx = width - m - sideW
            legendOrigin = (sx, top)
            columns = 1
            var y = top + Double(legend.count) * Self.legendRow + (legend.isEmpty ? 0 : gap)
            if let a = insetAspect {
                let h = min(sideW / a, max(mapH * 0.45, 80))
                insetBox = BoundingBox(minX: sx, minY: y, maxX: sx + min(sideW, h * a), maxY: y + h)
                y += h + gap
            }
            arrowBox = BoundingBox(minX: sx, minY: y, maxX: sx + 24, maxY: y + Self.northArrowHeight)
            y += Self.northArrowHeight + 6
            scaleMax = sideW - 20
            scaleOrigin = (sx, y + 14)
            y += Self.scaleBarHeight
            bodyBottom = max(mapBox.maxY, y)
        } else {
            // Below: the map spans the width; under it the legend in columns, then the inset, the arrow and the bar.
            var mapW = width - 2 * m, mapH = mapW / aspect
            if mapH > maxMapH { mapH = maxMapH; mapW = mapH * aspect }
            mapBox = BoundingBox(minX: m, minY: top, maxX: m + mapW, maxY: top + mapH)
            let bandTop = mapBox.maxY + gap
            let toolsW = 150.0, toolsX = width - m - toolsW
            var insetW = 0.0, insetH = 0.0
            if let a = insetAspect { insetH = min(120, (width - 2 * m) * 0.25 / a); insetW = insetH * a }
            // The legend's columns fill the room left of the inset and the tools; a legend wider than that room
            // takes the band alone, and the inset and the tools go under it.
            let room = toolsX - (insetW > 0 ? insetW + gap : 0) - gap - m
            let shared = columnW <= room
            columns = shared ? max(1, min(max(legend.count, 1), Int((room + gap) / max(columnW + gap, 1)))) : 1
            legendOrigin = (m, bandTop)
            let legendBottom = bandTop + Double((legend.count + columns - 1) / columns) * Self.legendRow
            let toolsTop = shared ? bandTop : legendBottom + gap
            if insetW > 0 {
                insetBox = BoundingBox(minX: toolsX - gap - insetW, minY: toolsTop, maxX: toolsX - gap, maxY: toolsTop + insetH)
            }
            arrowBox = BoundingBox(minX: toolsX, minY: toolsTop, maxX: toolsX + 24, maxY: toolsTop + Self.northArrowHeight)
            scaleMax = toolsW - 20
            scaleOrigin = (toolsX, toolsTop + Self.northArrowHeight + 20)
            bodyBottom = max(legendBottom, toolsTop + insetH, scaleOrigin.y + Self.scaleBarHeight - 14)
        }
        main = MapProjection(extent: mainExtent, geographic: geographic, unitMetres: unitMetres, fittedInto: mapBox)
        if let e = insetExtent, let box = insetBox {
            // Padding inside the frame, and room at the bottom for the inset's own scale bar.
            let inner = BoundingBox(minX: box.minX + 6, minY: box.minY + (insetCaption == nil ? 6 : 18), maxX: box.maxX - 6, maxY: box.maxY - 22)
            let p = MapProjection(extent: e, geographic: geographic, unitMetres: unitMetres, fittedInto: inner)
            inset = p
            insetFrame = box
            insetScaleBar = ScaleBar(pixelsPerKilometre: p.pixelsPerKilometre, maximumPixels: box.width * 0.4)
        } else {
            inset = nil
            insetFrame = nil
            insetScaleBar = nil
        }
        legendColumns = columns
        legendColumnWidth = columnW
        let rows = Double((legend.count + columns - 1) / columns)
        legendBox = legend.isEmpty
            ? BoundingBox(minX: legendOrigin.x, minY: legendOrigin.y, maxX: legendOrigin.x, maxY: legendOrigin.y)
            : BoundingBox(minX: legendOrigin.x, minY: legendOrigin.y, maxX: legendOrigin.x + Double(columns) * (columnW + gap) - gap,
                          maxY: legendOrigin.y + (rows - 1) * Self.legendRow + Self.legendSwatch)
        northArrowBox = arrowBox
        scaleBar = ScaleBar(pixelsPerKilometre: main.pixelsPerKilometre, maximumPixels: scaleMax)
        scaleBarOrigin = scaleOrigin
        var y = bodyBottom + 4
        var ys = [Double]()
        let lines = notes.flatMap { Self.wrap($0, width: width - 2 * m, size: Self.noteFont) }
        for _ in lines { y += Self.noteLine; ys.append(y - 3) }
        noteLines = lines
        noteY = ys
        self.width = width
        height = y + 10
        titleY = 28
    }

    /// The legend's columns (1 beside the map) and each column's width; entry k is in column `k % columns`.
    let legendColumns: Int
    let legendColumnWidth: Double

    /// The top-left corner of legend entry `k`'s swatch.
    func legendEntry(_ k: Int) -> (x: Double, y: Double) {
        let c = legendColumns > 0 ? k % legendColumns : 0, r = legendColumns > 0 ? k / legendColumns : k
        return (legendBox.minX + Double(c) * (legendColumnWidth + Self.gap), legendBox.minY + Double(r) * Self.legendRow)
    }
}
