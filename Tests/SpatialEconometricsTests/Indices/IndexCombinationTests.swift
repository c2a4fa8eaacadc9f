import Foundation
import Testing
@testable import SpatialEconometrics

/// Improved CRITIC weights and combinations of more than two weight sets against the independent numpy script
/// `reference/py/scripts/index_tools_china31.py` (keys `weights.improved_critic_*`, `combined_many`), 1e-10 relative.
@Suite struct IndexCombinationTests {
    struct Many: Decodable {
        let multiplicative, linear, linear_shares, game_theory, game_theory_coefficients, game_theory_score: [Double]
    }
    struct YearGame: Decodable { let game_theory, game_theory_coefficients: [Double] }
    struct CombinedMany: Decodable {
        let entropy, critic, cv_raw, improved_critic: [Double]
        let entropy_critic_cv, entropy_critic_cv_improved: Many
        let per_year_game_theory: [String: YearGame]
    }
    struct Improved: Decodable { let improved_critic_plus, improved_critic_negative: IndexToolsFixture.Scored }
    struct YearImproved: Decodable { let improved_critic: [Double] }
    struct PerYear: Decodable { let years: [String: YearImproved] }
    struct WeightsPart: Decodable { let improved_critic_plus, improved_critic_negative: IndexToolsFixture.Scored; let per_year: PerYear }
    struct Fixture: Decodable { let weights: WeightsPart; let combined_many: CombinedMany }

    static func load() throws -> Fixture { try Fixtures.decode(Fixture.self, "reference/py/index_tools_china31.json") }
    static let plus = ["+", "+", "+", "+", "+"]

    @Test func improvedCriticWeights() throws {
        let fx = try Self.load()
        for c in [fx.weights.improved_critic_plus, fx.weights.improved_critic_negative] {
            let index = try IndexToolsTests.index(c.directions, EntropyOptions(weighting: .improvedCritic))
            try IndexToolsTests.check(index, c, "improved critic \(c.directions.joined())")
            // |r| whatever criticConflict says
            let other = try IndexToolsTests.index(c.directions, EntropyOptions(weighting: .improvedCritic, criticConflict: .signed))
            #expect(other.indicatorWeights.map(\.weight) == index.indicatorWeights.map(\.weight))
        }
        let index = try IndexToolsTests.index(Self.plus, EntropyOptions(weighting: .improvedCritic))
        // not the plain CRITIC weights
        let plain = try IndexToolsTests.index(Self.plus, EntropyOptions(weighting: .critic, criticConflict: .absolute))
        #expect(zip(index.indicatorWeights, plain.indicatorWeights).map { abs($0.weight - $1.weight) }.max() ?? 0 > 1e-3)
        let table = index.indicatorTable
        #expect(table.columns.contains("CV V") && table.columns.contains("Conflict") && table.notes.joined().contains("(s_j / mean_j) sum_k (1 - |r_jk|)"))
        let perYear = try IndexToolsTests.index(Self.plus, EntropyOptions(weighting: .improvedCritic, perPeriod: true))
        #expect(fx.weights.per_year.years.count == 12)
        for (year, block) in fx.weights.per_year.years {
            IndexToolsTests.expectAll(perYear.indicatorWeights(period: year).map(\.weight), block.improved_critic, "improved critic \(year)")
        }
    }

    /// Entropy with CRITIC and CV (K = 3), and with improved CRITIC too (K = 4): multiplicative, linear with given
    /// shares and the K x K game-theory system; each set's weights in `setWeights`.
    @Test func combinationsOfMoreThanTwoSets() throws {
        let fx = try Self.load().combined_many
        for (methods, expected, sets) in [([EntropyOptions.Weighting.critic, .cv], fx.entropy_critic_cv, [fx.entropy, fx.critic, fx.cv_raw]),
                                          ([.critic, .cv, .improvedCritic], fx.entropy_critic_cv_improved, [fx.entropy, fx.critic, fx.cv_raw, fx.improved_critic])] {
            let k = methods.count + 1
            let mult = try IndexToolsTests.index(Self.plus, EntropyOptions(combination: WeightCombination(with: methods, rule: .multiplicative)))
            IndexToolsTests.expectAll(mult.indicatorWeights.map(\.weight), expected.multiplicative, "K = \(k) multiplicative")
            for s in 0..<k {
                IndexToolsTests.expectAll(try mult.indicatorWeights.map { try #require($0.setWeights)[s] }, sets[s], "K = \(k) set \(s + 1)")
            }
            let lin = try IndexToolsTests.index(Self.plus, EntropyOptions(combination: WeightCombination(with: methods, rule: .linear, shares: expected.linear_shares)))
            IndexToolsTests.expectAll(lin.indicatorWeights.map(\.weight), expected.linear, "K = \(k) linear")
            #expect(lin.combinationCoefficients.first?.coefficients == expected.linear_shares)
            let game = try IndexToolsTests.index(Self.plus, EntropyOptions(combination: WeightCombination(with: methods, rule: .gameTheory)))
            IndexToolsTests.expectAll(game.indicatorWeights.map(\.weight), expected.game_theory, "K = \(k) game theory")
            IndexToolsTests.expectAll(try #require(game.combinationCoefficients.first).coefficients, expected.game_theory_coefficients, "K = \(k) a*")
            IndexToolsTests.expectAll(game.scores.map(\.score), expected.game_theory_score, "K = \(k) game-theory scores")
            #expect(game.indicatorTable.columns.contains("w\(k)") && game.indicatorTable.notes.joined().contains("a\(k) w\(k)"))
        }
        let perYear = try IndexToolsTests.index(Self.plus, EntropyOptions(perPeriod: true, combination: WeightCombination(with: [.critic, .cv], rule: .gameTheory)))
        #expect(fx.per_year_game_theory.count == 12)
        for (year, block) in fx.per_year_game_theory {
            IndexToolsTests.expectAll(perYear.indicatorWeights(period: year).map(\.weight), block.game_theory, "game theory \(year)")
            IndexToolsTests.expectAll(try #require(perYear.combinationCoefficients.first { $0.period == year }).coefficients, block.game_theory_coefficients, "a* \(year)")
        }
        // The two-set API is the K = 2 case of the general one.
        let two = try IndexToolsTests.index(Self.plus, EntropyOptions(combination: WeightCombination(with: .critic, rule: .gameTheory)))
        let general = try IndexToolsTests.index(Self.plus, EntropyOptions(combination: WeightCombination(with: [.critic], rule: .gameTheory)))
        #expect(two.indicatorWeights.map(\.weight) == general.indicatorWeights.map(\.weight))
    }

    @Test func badCombinationsAreRefused() throws {
        func refused(_ c: WeightCombination, _ words: String, _ weighting: EntropyOptions.Weighting = .entropy) {
            do {
                _ = try IndexToolsTests.index(Self.plus, EntropyOptions(weighting: weighting, combination: c))
                Issue.record("accepted: \(c)")
            } catch { #expect("\(error)".contains(words), "\(error)") }
        }
        refused(WeightCombination(with: [.critic, .cv], rule: .linear), "needs their 3 shares")
        refused(WeightCombination(with: [.critic, .cv], rule: .linear, shares: [0.5, 0.5]), "needs 3 shares")
        refused(WeightCombination(with: [.critic, .cv], rule: .linear, shares: [0.5, 0.3, 0.3]), "sum to 1")
        refused(WeightCombination(with: [.critic, .cv], rule: .linear, shares: [0.5, -0.3, 0.8]), "share 2")
        refused(WeightCombination(with: [.critic, .cv], rule: .gameTheory, shares: [0.5, 0.3, 0.2]), "linear combination only")
        refused(WeightCombination(with: [.critic, .critic], rule: .gameTheory), "appear twice")
        refused(WeightCombination(with: [.critic, .entropy], rule: .multiplicative), "appear twice")
        refused(WeightCombination(with: [.critic, .equal], rule: .gameTheory), "appear twice", .equal)
    }
}
