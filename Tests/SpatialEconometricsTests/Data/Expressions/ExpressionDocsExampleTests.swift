import Foundation
import Testing
import SpatialEconometrics

/// The Swift example of the expressions section of `Docs/Regression.md`, kept compiling and running (public API only).
@Suite struct ExpressionDocsExampleTests {
    @Test func docsExampleRuns() throws {
        // --- Docs/Regression.md expressions example begins
        let produc = try Dataset.produc.table("produc.csv")
        let pooled = try OrdinaryLeastSquares(RegressionData(table: produc, formula: "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp"))
        print(pooled.summary)

        let usaww = try SpatialWeights.read(from: Dataset.produc.url("usaww.csv")).transformed(.row)
        let paired = try PairedPanel(table: produc, unit: "state", time: "year", weights: usaww)
        let f = try Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
        let sar = try PanelRegression(.sar, panel: paired.panel, y: f.response.text, x: f.termNames, weights: paired.weights, effects: .individual)
        print(sar.summary)

        let growth = try paired.panel.values(of: ColumnExpression("diff(log(gsp))"))   // missing in 1970
        print(growth.compactMap { $0 }.count)
        // --- Docs/Regression.md expressions example ends
        #expect(pooled.coefficients.map(\.name) == ["(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp"])
        #expect(sar.coefficients.contains { $0.name == "log(pcap)" })
        #expect(growth.compactMap { $0 }.count == 48 * 16)
    }
}
