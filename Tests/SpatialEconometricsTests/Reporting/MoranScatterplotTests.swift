import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SpatialEconometrics

@Suite struct MoranScatterplotTests {
    /// The fitted slope is Moran's I for row-standardised W; the SVG is well-formed XML with one point per unit.
    @Test func slopeEqualsMoranAndSVGParses() throws {
        let w = try Columbus.queen().transformed(.row)
        let x = try Columbus.crime()
        var plot = try MoranScatterplot(x, weights: w, variable: "CRIME")
        plot.labels = ["4", "32"]
        #expect(close(plot.slope, try GlobalMoran(x, weights: w).I, rtol: 1e-12))
        let svg = plot.svg()
        let doc = try XMLDocument(xmlString: svg)
        let circles = try doc.nodes(forXPath: "//*[local-name()='circle']")
        #expect(circles.count == 49)
        #expect(svg.contains("I (HH)") && svg.contains("III (LL)"))
        if let dir = ProcessInfo.processInfo.environment["SPATIAL_SVG_OUT"] {
            try svg.write(toFile: dir + "/moran_scatter.svg", atomically: true, encoding: .utf8)
        }
    }
}

/// Axes fitted to the data and labels that do not overlap.
@Suite struct MoranScatterplotLayoutTests {
    /// Every point within the limits, 0 inside both, ticks at the limits; every label's box apart from every other,
    /// from the other points and the quadrant captions, inside the plot; the same result twice.
    @Test func axesHoldThePointsAndLabelsAreDisjoint() throws {
        let w = try Columbus.queen().transformed(.row)
        var plot = try MoranScatterplot(try Columbus.crime(), weights: w, variable: "CRIME")
        plot.labelAll = true
        let (x, y) = plot.axes
        for (v, l) in zip(plot.values, plot.lags) {
            #expect(v >= x.lower && v <= x.upper && l >= y.lower && l <= y.upper)
        }
        for a in [x, y] {
            #expect(a.lower < 0 && a.upper > 0 && a.ticks.first == a.lower && a.ticks.last == a.upper && a.ticks.contains(0))
        }
        // Fitted, not fixed: the limits are within one tick step of the data.
        let step = x.ticks[1] - x.ticks[0]
        #expect(x.upper - (plot.values.max() ?? 0) < step * 1.2)
        let g = plot.geometry(width: 560, height: 520)
        let placed = g.labels.placed
        #expect(placed.count + g.labels.skipped.count == 49 && placed.count >= 15)
        for i in placed.indices {
            let b = placed[i].box
            #expect(b.minX >= g.plot.minX && b.maxX <= g.plot.maxX && b.minY >= g.plot.minY && b.maxY <= g.plot.maxY)
            for j in placed.indices where j > i { #expect(!LabelPlacement.overlap(b, placed[j].box)) }
            for c in g.captions { #expect(!LabelPlacement.overlap(b, c.box)) }
            for k in plot.values.indices where k != placed[i].index {
                let px = g.px(plot.values[k]), py = g.py(plot.lags[k])
                #expect(!LabelPlacement.overlap(b, BoundingBox(minX: px - 4, minY: py - 4, maxX: px + 4, maxY: py + 4)))
            }
        }
        let svg = plot.svg()
        #expect(svg == plot.svg())
        #expect(svg.contains("\(g.labels.skipped.count) of 49 labels left out"))
        if let dir = ProcessInfo.processInfo.environment["SPATIAL_SVG_OUT"] {
            try svg.write(toFile: dir + "/moran_scatter_all_labels.svg", atomically: true, encoding: .utf8)
        }
    }

    /// Two labels at the same point: the second goes to another side.
    @Test func coincidentLabels() throws {
        let placement = LabelPlacement(labels: [(0, "first", 100, 100), (1, "second", 100, 100)], obstacles: [], points: [(100, 100), (100, 100)],
                                       pointRadius: 4, bounds: BoundingBox(minX: 0, minY: 0, maxX: 400, maxY: 400), size: 9)
        #expect(placement.placed.count == 2 && !LabelPlacement.overlap(placement.placed[0].box, placement.placed[1].box))
        let free = LabelPlacement(labels: [(0, "first", 100, 100), (1, "second", 100, 100)], obstacles: [], points: [(100, 100)],
                                  pointRadius: 4, bounds: BoundingBox(minX: 0, minY: 0, maxX: 400, maxY: 400), size: 9)
        #expect(free.placed.count == 2 && !LabelPlacement.overlap(free.placed[0].box, free.placed[1].box))
    }
}
