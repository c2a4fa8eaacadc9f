import Foundation
import Testing
@testable import SpatialEconometrics

/// Small multiples (``MapPlot/grid(_:colors:order:title:columns:note:)``): every panel's units in their own colours,
/// the panels' titles, one legend counting all panels, and nothing drawn below the canvas or over the panels.
@Suite struct MapPlotGridTests {
    let features: [PolygonFeature]
    init() throws { features = try MapPlotTests.china() }

    /// The (fill, y of the first vertex) of every polygon path, in drawing order.
    static func paths(_ svg: String) -> [(fill: String, y: Double)] {
        let ys = MapPlotTests.captures("<path d=\"M[-0-9.]+,([-0-9.]+)", svg).compactMap(Double.init)
        let colours = MapPlotTests.captures("<path d=\"[^\"]*\" fill=\"(#[0-9a-f]+)\"", svg)
        return zip(colours, ys).map { ($0, $1) }
    }

    @Test func panelsKeepTheirOwnLabelsAndShareOneLegend() throws {
        let ids = features.map(\.id)
        // Five panels: panel k labels its first k + 1 units "A", the rest "B".
        let panels = (0..<5).map { k in
            MapPlot.GridPanel(title: "P\(k)", labels: Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 <= k ? "A" : "B") }))
        }
        let svg = MapPlot(features: features).grid(panels, colors: ["A": "#ff0000", "B": "#0000ff"], order: ["A", "B"], title: "Grid", columns: 3)
        // The polygons, then the north arrow's two paths.
        let all = Self.paths(svg)
        #expect(all.count == 5 * ids.count + 2)
        let drawn = Array(all.prefix(5 * ids.count))
        for k in 0..<5 {
            let panel = drawn[(k * ids.count)..<((k + 1) * ids.count)]
            #expect(panel.filter { $0.fill == "#ff0000" }.count == k + 1, "panel \(k)")
            #expect(svg.contains(">P\(k)</text>"))
        }
        // The legend counts unit-panels over the grid: 1 + 2 + ... + 5 = 15 "A".
        let a = 15, b = 5 * ids.count - 15
        #expect(svg.contains(">A  (\(a))</text>") && svg.contains(">B  (\(b))</text>"))
        #expect(svg.components(separatedBy: ">A  (").count == 2)
        // Two rows of panels (3 columns): the second row is below the first, and the legend below both.
        let heightText = try #require(MapPlotTests.captures("height=\"([0-9.]+)\"", svg).first)
        let height = try #require(Double(heightText))
        let rows = drawn.map(\.y)
        let legendText = try #require(MapPlotTests.captures("<rect x=\"[0-9.]+\" y=\"([0-9.]+)\" width=\"18\"", svg).first)
        let legendY = try #require(Double(legendText))
        let split = 3 * ids.count
        let firstRowBottom = rows[..<split].max() ?? .infinity, secondRowTop = rows[split...].min() ?? 0
        #expect(secondRowTop > firstRowBottom)
        let bottom = MapPlotTests.captures("<text x=\"[0-9.]+\" y=\"([0-9.]+)\"", svg).compactMap(Double.init).max() ?? .infinity
        #expect(bottom < height)
        #expect(legendY > (rows.max() ?? .infinity))
    }

    @Test func lisaGridDrawsEachPeriodsClustersInGeoDaColours() throws {
        let ids = features.map(\.id)
        let w = try SpatialWeights.queen(features).transformed(.row)
        // Two cross-sections ordered as the weights' ids: a smooth west-east gradient and a saw-tooth.
        let x1 = w.ids.indices.map { Double($0 % 7) }, x2 = w.ids.indices.map { Double($0) }
        let l1 = try LocalMoran(x1, weights: w, permutations: 99, seed: 1, allowIslands: true)
        let l2 = try LocalMoran(x2, weights: w, permutations: 99, seed: 2, allowIslands: true)
        let svg = MapPlot(features: features).lisaClusterGrid([("2020", l1), ("2021", l2)], title: "LISA")
        let drawn = Self.paths(svg)
        let byId = [l1, l2].map { l in Dictionary(uniqueKeysWithValues: zip(l.units.map(\.id), l.clusters(alpha: 0.05))) }
        for (k, labels) in byId.enumerated() {
            for (j, f) in features.enumerated() {
                #expect(drawn[k * ids.count + j].fill == MapPlot.clusterColors[labels[f.id] ?? ""], "\(k) \(f.id)")
            }
        }
        let hh = byId.map { $0.values.filter { $0 == "HH" }.count }.reduce(0, +)
        #expect(svg.contains(">HH  (\(hh))</text>"))
        #expect(MapPlot.clusterColors["HH"] == "#ff0000" && MapPlot.clusterColors["LL"] == "#0000ff")
        #expect(MapPlot(features: features).lisaClusterGrid([], title: "none").contains("no panel"))
    }
}
