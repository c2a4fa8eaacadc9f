import Foundation
import Testing
import SpatialEconometrics

/// The Swift example of `Docs/Indices.md`, kept compiling and running (public API only).
@Suite struct IndexDocsExampleTests {
    @Test func toolkitExampleRuns() throws {
        // --- Docs/Indices.md toolkit example begins
        var table = try Dataset.china31.table("panel.csv")
        let gdp = try table.numbers("gdp"), pop = try table.numbers("population")
        table = try table.adding("gdppc", values: zip(gdp, pop).map { $0 * 10000 / $1 })
        table = try table.adding("patents_per_10k", values: zip(try table.numbers("patents_granted"), pop).map { $0 / $1 })
        let panel = try Panel(table: table, unit: "id", time: "year")
        let indicators = try Indicator.parse("gdppc:+,urbanization_rate:+,patents_per_10k:+")
        let groups = try IndicatorGroup.parse("economy=gdppc;society=urbanization_rate,patents_per_10k")

        // CRITIC weights, and entropy combined with CRITIC by game theory.
        let critic = try CompositeIndex(panel: panel, indicators: indicators, groups: groups, options: EntropyOptions(weighting: .critic))
        let combined = try CompositeIndex(panel: panel, indicators: indicators, groups: groups,
                                          options: EntropyOptions(combination: WeightCombination(with: .critic, rule: .gameTheory)))
        print(critic.indicatorTable.text)
        print(combined.combinationCoefficients.first?.coefficients ?? [])

        // Obstacle degrees with the entropy weights, and the three main obstacle factors of 2022.
        let obstacles = try ObstacleDegree(panel: panel, indicators: indicators, groups: groups)
        print(obstacles.topFactorsTable(count: 3, period: "2022").text)

        // Grey relational grades against the optimum, rho = 0.5, ranked per year.
        let grey = try GreyRelationalAnalysis(panel: panel, indicators: indicators, greyOptions: GreyRelationalOptions(resolution: 0.5))
        print(grey.gradeTable.text)
        // --- Docs/Indices.md toolkit example ends
        #expect(critic.indicatorWeights.allSatisfy { $0.conflict != nil })
        #expect(combined.combinationCoefficients.first?.coefficients.count == 2)
        #expect(obstacles.topFactorsTable(count: 3, period: "2022").rows.count == 31 && grey.rows.count == 372)
    }

    @Test func docsExampleRuns() throws {
        // --- Docs/Indices.md example begins
        var panel = try Dataset.china31.table("panel.csv")
        let gdp = try panel.numbers("gdp"), pop = try panel.numbers("population")
        panel = try panel.adding("gdppc", values: zip(gdp, pop).map { $0 * 10000 / $1 })
        panel = try panel.adding("patents_per_10k", values: zip(try panel.numbers("patents_granted"), pop).map { $0 / $1 })
        panel = try panel.adding("fiscal_share", values: zip(try panel.numbers("fiscal_expenditure"), gdp).map { $0 / $1 })

        // Entropy weights over all provinces and years together, two dimensions.
        let index = try CompositeIndex(
            panel: Panel(table: panel, unit: "id", time: "year"),
            indicators: try Indicator.parse("gdppc:+,urbanization_rate:+,patents_per_10k:+,fiscal_share:+"),
            groups: try IndicatorGroup.parse("economy=gdppc,fiscal_share;society=urbanization_rate,patents_per_10k"),
            options: EntropyOptions(shift: 0.0001, topsis: true))
        print(index.indicatorTable.text)
        print(index.dimensionTable?.text ?? "")

        // Coupling coordination of the two dimension indices (each in [0, 1]).
        let scores = index.scores.map { [$0.groupIndices["economy"] ?? 0, $0.groupIndices["society"] ?? 0] }
        let coupling = try CouplingCoordination(scores: scores, systems: ["economy", "society"],
                                                units: index.scores.map { $0.unit ?? "" }, times: index.scores.map { $0.time ?? "" })
        print(coupling.rows.last?.coordinationClass ?? "")

        // Regional inequality of per-capita GDP by year, with NBS regions as groups.
        let provinces = try Dataset.china31.table("provinces.csv")
        let region = Dictionary(uniqueKeysWithValues: zip(try provinces.strings("id"), try provinces.strings("region")))
        let withRegion = try DataTable(columns: [("year", try panel.strings("year")), ("gdppc", try panel.strings("gdppc")),
                                                 ("region", try panel.strings("id").map { region[$0] ?? "" })])
        let trend = try Inequality.byPeriod(table: withRegion, variable: "gdppc", by: "year", group: "region")
        print(trend.summary)
        // --- Docs/Indices.md example ends
        #expect(index.scores.count == 372 && coupling.rows.count == 372 && trend.rows.count == 12)
        #expect(trend.rows.last?.dagum != nil)
    }
}
