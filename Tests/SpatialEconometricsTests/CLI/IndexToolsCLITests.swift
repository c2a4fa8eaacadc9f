import Foundation
import Testing
@testable import SpatialCLI
@testable import SpatialEconometrics

/// `spatial entropy --weighting cv|critic --combine ...`, `spatial obstacle` and `spatial grey`: the JSON is the
/// library's result (same numbers as the numpy-checked library), and inconsistent options are usage errors.
@Suite struct IndexToolsCLITests {
    static let china = Fixtures.url("data/china31/panel.csv").path
    static let spec = "gdp:+,population:-,urbanization_rate:+,patents_granted:+"

    static func panel() throws -> Panel { try Panel(table: DataTable(contentsOf: Fixtures.url("data/china31/panel.csv")), unit: "id", time: "year") }

    static func json(_ arguments: [String]) throws -> Data {
        let r = try SpatialCLI.run(arguments)
        try #require(r.status == 0, "\(r.err)")
        return Data(r.out.utf8)
    }

    @Test func entropyWithCriticGameTheoryIsTheLibrarysIndex() throws {
        let data = try Self.json(["entropy", "--data", Self.china, "--indicators", Self.spec, "--unit", "id", "--time", "year", "--weighting", "critic",
                                  "--combine", "game-theory", "--combine-with", "entropy", "--json"])
        let cli = try JSONDecoder().decode(CompositeIndex.self, from: data)
        let lib = try CompositeIndex(panel: Self.panel(), indicators: Indicator.parse(Self.spec),
                                     options: EntropyOptions(weighting: .critic, combination: WeightCombination(with: .entropy, rule: .gameTheory)))
        #expect(cli.indicatorWeights.map(\.weight) == lib.indicatorWeights.map(\.weight))
        #expect(cli.indicatorWeights.allSatisfy { $0.conflict != nil && $0.firstWeight != nil && $0.secondWeight != nil })
        #expect(cli.combinationCoefficients == lib.combinationCoefficients && cli.combinationCoefficients.count == 1)
        #expect(cli.scores.map(\.score) == lib.scores.map(\.score))
    }

    @Test func obstacleAndGreyAreTheLibrarysResults() throws {
        let groups = "econ=gdp,population;soc=urbanization_rate,patents_granted"
        let o = try JSONDecoder().decode(ObstacleDegree.self, from: Self.json(["obstacle", "--data", Self.china, "--indicators", Self.spec, "--unit", "id",
                                                                               "--time", "year", "--groups", groups, "--weighting", "cv", "--json"]))
        let lo = try ObstacleDegree(panel: Self.panel(), indicators: Indicator.parse(Self.spec), groups: IndicatorGroup.parse(groups),
                                    options: EntropyOptions(weighting: .cv))
        #expect(o == lo && o.rows.count == 372)
        let raw = try JSONSerialization.jsonObject(with: Self.json(["obstacle", "--data", Self.china, "--indicators", Self.spec, "--json"])) as? [String: Any]
        #expect(raw?["obstacles"] != nil && raw?["weights"] != nil && raw?["group_weights"] != nil)
        let g = try JSONDecoder().decode(GreyRelationalAnalysis.self, from: Self.json(["grey", "--data", Self.china, "--indicators", Self.spec, "--unit", "id",
                                                                                      "--time", "year", "--resolution", "0.3", "--json"]))
        let lg = try GreyRelationalAnalysis(panel: Self.panel(), indicators: Indicator.parse(Self.spec), greyOptions: GreyRelationalOptions(resolution: 0.3))
        #expect(g == lg && g.rows.count == 372)
        let text = try SpatialCLI.run(["obstacle", "--data", Self.china, "--indicators", Self.spec, "--unit", "id", "--time", "year", "--top", "2"])
        #expect(text.status == 0 && text.out.contains("Main obstacle factors (2022)"))
    }

    @Test func inconsistentOptionsAreUsageErrors() throws {
        let base = ["entropy", "--data", Self.china, "--indicators", Self.spec]
        let noSecond = try SpatialCLI.run(base + ["--combine", "linear"])
        #expect(noSecond.status == 2 && noSecond.err.contains("--combine needs the second set"), "\(noSecond.err)")
        let both = try SpatialCLI.run(base + ["--combine", "linear", "--combine-with", "critic", "--given-weights", "gdp=1"])
        #expect(both.status == 2, "\(both.err)")
        let alpha = try SpatialCLI.run(base + ["--combine", "game-theory", "--combine-with", "critic", "--combine-alpha", "0.3"])
        #expect(alpha.status == 2 && alpha.err.contains("--combine linear only"), "\(alpha.err)")
        let orphan = try SpatialCLI.run(base + ["--combine-with", "critic"])
        #expect(orphan.status == 2 && orphan.err.contains("needs --combine"), "\(orphan.err)")
        let badGiven = try SpatialCLI.run(base + ["--combine", "linear", "--given-weights", "gdp=1,population=1"])
        #expect(badGiven.status != 0 && badGiven.err.contains("urbanization_rate"), "\(badGiven.err)")
        let period = try SpatialCLI.run(["obstacle", "--data", Self.china, "--indicators", Self.spec, "--unit", "id", "--time", "year", "--period", "1999"])
        #expect(period.status == 2 && period.err.contains("1999"), "\(period.err)")
        let rho = try SpatialCLI.run(["grey", "--data", Self.china, "--indicators", Self.spec, "--resolution", "2"])
        #expect(rho.status != 0 && rho.err.contains("rho"), "\(rho.err)")
    }

    /// Three sets from the CLI (`--combine-with critic,cv`), linear shares, improved CRITIC: the library's index.
    @Test func moreThanTwoSetsAndImprovedCritic() throws {
        let base = ["entropy", "--data", Self.china, "--indicators", Self.spec, "--unit", "id", "--time", "year"]
        for (args, combination) in [(["--combine", "game-theory", "--combine-with", "critic,cv"], WeightCombination(with: [.critic, .cv], rule: .gameTheory)),
                                    (["--combine", "linear", "--combine-with", "critic,improved-critic", "--combine-shares", "0.5,0.25,0.25"],
                                     WeightCombination(with: [.critic, .improvedCritic], rule: .linear, shares: [0.5, 0.25, 0.25]))] {
            let cli = try JSONDecoder().decode(CompositeIndex.self, from: Self.json(base + args + ["--json"]))
            let lib = try CompositeIndex(panel: Self.panel(), indicators: Indicator.parse(Self.spec), options: EntropyOptions(combination: combination))
            #expect(cli.indicatorWeights.map(\.weight) == lib.indicatorWeights.map(\.weight) && cli.combinationCoefficients == lib.combinationCoefficients)
            #expect(cli.indicatorWeights.allSatisfy { $0.setWeights?.count == 3 })
        }
        let raw = try JSONSerialization.jsonObject(with: Self.json(base + ["--combine", "multiplicative", "--combine-with", "critic,cv", "--json"])) as? [String: Any]
        #expect(((raw?["weights"] as? [[String: Any]])?.first?["set_weights"] as? [Double])?.count == 3)
        let improved = try JSONDecoder().decode(CompositeIndex.self, from: Self.json(base + ["--weighting", "improved-critic", "--json"]))
        let lib = try CompositeIndex(panel: Self.panel(), indicators: Indicator.parse(Self.spec), options: EntropyOptions(weighting: .improvedCritic))
        #expect(improved.indicatorWeights.map(\.weight) == lib.indicatorWeights.map(\.weight) && improved.indicatorWeights.allSatisfy { $0.cv != nil })
        let text = try SpatialCLI.run(base + ["--combine", "game-theory", "--combine-with", "critic,cv"])
        #expect(text.status == 0 && text.out.contains("a3 w3"))
        // usage errors
        let noShares = try SpatialCLI.run(base + ["--combine", "linear", "--combine-with", "critic,cv"])
        #expect(noShares.status == 1 && noShares.err.contains("needs their 3 shares"), "\(noShares.err)")
        let badMethod = try SpatialCLI.run(base + ["--combine", "linear", "--combine-with", "critic,topsis"])
        #expect(badMethod.status == 2 && badMethod.err.contains("'topsis'"), "\(badMethod.err)")
        let sharesGame = try SpatialCLI.run(base + ["--combine", "game-theory", "--combine-with", "critic,cv", "--combine-shares", "0.4,0.3,0.3"])
        #expect(sharesGame.status == 2 && sharesGame.err.contains("--combine linear only"), "\(sharesGame.err)")
        let orphan = try SpatialCLI.run(base + ["--combine-shares", "0.5,0.5"])
        #expect(orphan.status == 2 && orphan.err.contains("needs --combine"), "\(orphan.err)")
        let bothShares = try SpatialCLI.run(base + ["--combine", "linear", "--combine-with", "critic", "--combine-shares", "0.5,0.5", "--combine-alpha", "0.5"])
        #expect(bothShares.status == 2 && bothShares.err.contains("not both"), "\(bothShares.err)")
    }
}
