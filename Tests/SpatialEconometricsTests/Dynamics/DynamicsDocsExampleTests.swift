import Foundation
import Testing
import SpatialEconometrics

/// The Swift example of `Docs/Dynamics.md`, kept compiling and running (public API only).
@Suite struct DynamicsDocsExampleTests {
    @Test func docsExampleRuns() throws {
        // --- Docs/Dynamics.md example begins
        var table = try Dataset.china31.table("panel.csv")
        table = try table.adding("gdppc", values: zip(try table.numbers("gdp"), try table.numbers("population")).map { $0 * 10000 / $1 })

        let kde = try KernelDensityByPeriod(table: table, variable: "gdppc", by: "year", bandwidth: .silverman,
                                            grid: DensityGrid(minimum: 0, maximum: 200_000, count: 201))
        print(kde.summary)
        let figure = kde.surfaceSVG()

        let chain = try MarkovChain(table: table, unit: "id", time: "year", variable: "gdppc", classes: .pooledQuantiles(4), relative: true)
        print(chain.summary, chain.steadyState ?? [])

        let ids = try Dataset.china31.table("provinces.csv").strings("id")
        let edges = try Dataset.china31.table("contiguity_edges_hainan_linked.csv")
        let w = try SpatialWeights.contiguity(edges: Array(zip(try edges.strings("from_id"), try edges.strings("to_id"))), ids: ids)
        let paired = try PairedPanel(table: table, unit: "id", time: "year", weights: w)
        let sm = try SpatialMarkov(panel: paired.panel, variable: "gdppc", weights: paired.weights, classes: 4, relative: true)
        print(sm.summary, sm.lr.statistic, sm.q.pValue)
        let lisa = try LISAMarkov(panel: paired.panel, variable: "gdppc", weights: paired.weights)
        print(lisa.summary)

        let sigma = try SigmaConvergence(panel: paired.panel, variable: "gdppc")
        let beta = try BetaConvergence(panel: paired.panel, variable: "gdppc", model: .sar, weights: try paired.weights.transformed(.row))
        print(sigma.summary, beta.summary)
        // Panel beta convergence: OLS within and the bias-corrected dynamic SDM (tau = 1 + beta); Phillips-Sul clubs.
        let panelBeta = try PanelBetaConvergence(panel: paired.panel, variable: "gdppc", model: .sdm, weights: try paired.weights.transformed(.row))
        let clubs = try ConvergenceClubs(panel: paired.panel, variable: "gdppc")   // HP lambda 400, r = 0.3, c* = 0
        print(panelBeta.summary, clubs.summary)
        // Centre of gravity of GDP at the provincial capitals, its path and standard deviational ellipses.
        let provinces = try Dataset.china31.table("provinces.csv")
        let lonOf = Dictionary(uniqueKeysWithValues: zip(try provinces.strings("id"), try provinces.numbers("capital_lon")))
        let latOf = Dictionary(uniqueKeysWithValues: zip(try provinces.strings("id"), try provinces.numbers("capital_lat")))
        let rowIDs = try table.strings("id")
        let located = try table.adding("lon", values: rowIDs.map { lonOf[$0] ?? .nan }).adding("lat", values: rowIDs.map { latOf[$0] ?? .nan })
        let geo = try Panel(table: located, unit: "id", time: "year")
        let gravity = try CentreOfGravity(panel: geo, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        let sde = try StandardDeviationalEllipse(panel: geo, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        print(gravity.summary, gravity.totalDistance, sde.summary)
        let map = MapPlot(features: try PolygonFeature.fromGeoJSON(contentsOf: try Dataset.china31.url("provinces.geojson"), idProperty: "id"))
        let gravityMap = map.gravity(gravity, ellipses: sde)
        // --- example ends
        #expect(panelBeta.estimates.count == 3 && clubs.merged.count == 4 && clubs.divergent == ["1", "9", "28"])
        #expect(gravityMap.contains("path, magnified"))
        #expect(abs(gravity.totalDistance - 80.1278224141393) < 1e-9 && sde.ellipses.count == 12)
        #expect(beta.estimates.count == 3 && sigma.trends.count == 4)
        #expect(figure.contains("</svg>") && chain.steadyState != nil && abs(sm.lr.statistic - 25.57515220372453) < 1e-9)
        #expect(lisa.chain.classLabels == ["HH", "LH", "LL", "HL"])
    }
}
