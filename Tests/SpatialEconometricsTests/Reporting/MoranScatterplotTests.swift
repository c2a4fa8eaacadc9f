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
