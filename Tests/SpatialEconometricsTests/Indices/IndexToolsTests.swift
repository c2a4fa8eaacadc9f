import Foundation
import Testing
@testable import SpatialEconometrics

/// `index_tools_china31.json`: CV and CRITIC weights, combined weights, obstacle degrees and grey relational
/// analysis by the independent numpy script `reference/py/scripts/index_tools_china31.py`.
struct IndexToolsFixture: Decodable {
    struct Scored: Decodable {
        let directions: [String]
        let weight: [Double]
        let sd: [Double]
        let cv: [Double]?
        let conflict: [Double]?
        let information: [Double]?
        let score: [Double]
        let group_indices: [String: [Double]]
    }
    struct PerYearWeights: Decodable { let cv_raw, critic_signed: [Double] }
    struct Weights: Decodable {
        let cv_raw_plus, cv_raw_negative, cv_normalized_plus, cv_normalized_negative: Scored
        let critic_signed_plus, critic_signed_negative, critic_absolute_plus, critic_absolute_negative: Scored
        let per_year: [String: AnyYears]
        enum CodingKeys: String, CodingKey {
            case cv_raw_plus, cv_raw_negative, cv_normalized_plus, cv_normalized_negative
            case critic_signed_plus, critic_signed_negative, critic_absolute_plus, critic_absolute_negative, per_year
        }
    }
    /// `per_year` holds `directions` and `years`; only `years` is read.
    enum AnyYears: Decodable {
        case years([String: PerYearWeights]), other
        init(from decoder: Decoder) throws {
            if let y = try? [String: PerYearWeights](from: decoder) { self = .years(y) } else { self = .other }
        }
    }
    struct Partner: Decodable {
        let multiplicative, linear_06, game_theory, game_theory_coefficients, game_theory_score: [Double]
        enum CodingKeys: String, CodingKey {
            case multiplicative, linear_06 = "linear_0.6", game_theory, game_theory_coefficients, game_theory_score
        }
    }
    struct Combined: Decodable { let entropy, critic, given_raw, given: [Double]; let with_critic, with_given: Partner }
    struct Obstacle: Decodable { let directions: [String]; let weight: [Double]; let obstacle: [[Double]]; let dimension: [String: [Double]] }
    struct ObstacleYear: Decodable { let weight: [Double]; let obstacle: [[Double]]; let dimension: [String: [Double]] }
    struct ObstaclePerYear: Decodable { let years: [String: ObstacleYear] }
    struct Grey: Decodable { let delta_min, delta_max: Double; let grade: [Double]; let coefficients: [[Double]]? }
    struct GreyCases: Decodable {
        let optimum: Grey, negative: Grey, weighted: Grey, given: Grey
        let given_reference: [Double]
        let negative_directions: [String]
        let per_year: [String: Grey]
        enum CodingKeys: String, CodingKey { case optimum = "optimum_rho0.5", negative = "optimum_rho0.3_negative", weighted = "weighted_entropy", given = "given_reference", per_year }
        struct Ref: Decodable { let reference: [Double] }
        struct Dirs: Decodable { let directions: [String] }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            optimum = try c.decode(Grey.self, forKey: .optimum)
            negative = try c.decode(Grey.self, forKey: .negative)
            weighted = try c.decode(Grey.self, forKey: .weighted)
            given = try c.decode(Grey.self, forKey: .given)
            given_reference = try c.decode(Ref.self, forKey: .given).reference
            negative_directions = try c.decode(Dirs.self, forKey: .negative).directions
            per_year = try c.decode([String: Grey].self, forKey: .per_year)
        }
    }
    struct Row: Decodable { let id, year: String }
    let indicators: [String]
    let rows: [Row]
    let weights: Weights
    let combined: Combined
    let obstacle: Obstacle
    let obstacle_per_year: ObstaclePerYear
    let grey: GreyCases

    static func load() throws -> IndexToolsFixture { try Fixtures.decode(IndexToolsFixture.self, "reference/py/index_tools_china31.json") }
}

/// CV and CRITIC weights, combined weights, the obstacle degree model and grey relational analysis against the
/// independent numpy implementation on China's 31 provinces 2011–2022 (372 province-years, five indicators).
@Suite struct IndexToolsTests {
    static func panel() throws -> Panel { try Panel(table: China31Indicators.table(), unit: "id", time: "year") }

    static func index(_ directions: [String], _ options: EntropyOptions) throws -> CompositeIndex {
        try CompositeIndex(panel: panel(), indicators: IndexEntropyTests.indicators(directions), groups: China31Indicators.groups, options: options)
    }

    static func expectAll(_ got: [Double], _ want: [Double], rtol: Double = 1e-10, atol: Double = 1e-14, _ what: String) {
        #expect(got.count == want.count, "\(what): \(got.count) values, fixture \(want.count)")
        for (k, (g, w)) in zip(got, want).enumerated() { #expect(close(g, w, rtol: rtol, atol: atol), "\(what)[\(k)]: \(g) vs \(w)") }
    }

    /// The index's weights, statistics, scores and dimension indices against a fixture case.
    static func check(_ index: CompositeIndex, _ c: IndexToolsFixture.Scored, _ what: String) throws {
        let ws = index.indicatorWeights(period: nil)
        expectAll(ws.map(\.weight), c.weight, "\(what) weights")
        expectAll(try ws.map { try #require($0.sd, "\(what): no sd") }, c.sd, "\(what) sd")
        if let cv = c.cv { expectAll(try ws.map { try #require($0.cv) }, cv, "\(what) cv") }
        if let conflict = c.conflict { expectAll(try ws.map { try #require($0.conflict) }, conflict, "\(what) conflict") }
        if let info = c.information { expectAll(try ws.map { try #require($0.information) }, info, "\(what) information") }
        expectAll(index.scores.map(\.score), c.score, "\(what) scores")
        for g in China31Indicators.groups {
            expectAll(try index.scores.map { try #require($0.groupIndices[g.name]) }, try #require(c.group_indices[g.name]), "\(what) \(g.name) index")
        }
    }

    @Test func coefficientOfVariationWeights() throws {
        let fx = try IndexToolsFixture.load()
        let w = fx.weights
        try Self.check(try Self.index(w.cv_raw_plus.directions, EntropyOptions(weighting: .cv)), w.cv_raw_plus, "cv raw")
        // On the raw values the CV does not depend on the direction; the scores do.
        let neg = try Self.index(w.cv_raw_negative.directions, EntropyOptions(weighting: .cv))
        try Self.check(neg, w.cv_raw_negative, "cv raw, a negative indicator")
        Self.expectAll(neg.indicatorWeights.map(\.weight), w.cv_raw_plus.weight, rtol: 1e-15, "cv raw direction-free")
        try Self.check(try Self.index(w.cv_normalized_plus.directions, EntropyOptions(weighting: .cv, cvBasis: .normalized)), w.cv_normalized_plus, "cv normalised")
        try Self.check(try Self.index(w.cv_normalized_negative.directions, EntropyOptions(weighting: .cv, cvBasis: .normalized)),
                       w.cv_normalized_negative, "cv normalised, a negative indicator")
        #expect(close(neg.indicatorWeights.map(\.weight).reduce(0, +), 1, rtol: 1e-14))
    }

    @Test func criticWeights() throws {
        let fx = try IndexToolsFixture.load()
        let w = fx.weights
        try Self.check(try Self.index(w.critic_signed_plus.directions, EntropyOptions(weighting: .critic)), w.critic_signed_plus, "critic")
        try Self.check(try Self.index(w.critic_signed_negative.directions, EntropyOptions(weighting: .critic)), w.critic_signed_negative, "critic, negative")
        try Self.check(try Self.index(w.critic_absolute_plus.directions, EntropyOptions(weighting: .critic, criticConflict: .absolute)),
                       w.critic_absolute_plus, "critic |r|")
        try Self.check(try Self.index(w.critic_absolute_negative.directions, EntropyOptions(weighting: .critic, criticConflict: .absolute)),
                       w.critic_absolute_negative, "critic |r|, negative")
        // The table shows CRITIC's statistics.
        let table = try Self.index(w.critic_signed_plus.directions, EntropyOptions(weighting: .critic)).indicatorTable
        #expect(table.columns.contains("Conflict") && table.columns.contains("Information C"))
        #expect(table.notes.joined().contains("CRITIC"))
    }

    @Test func perYearCVAndCriticWeights() throws {
        let fx = try IndexToolsFixture.load()
        guard case .years(let years)? = fx.weights.per_year["years"] else { Issue.record("fixture per_year.years"); return }
        #expect(years.count == 12)
        let cv = try Self.index(["+", "+", "+", "+", "+"], EntropyOptions(weighting: .cv, perPeriod: true))
        let critic = try Self.index(["+", "+", "+", "+", "+"], EntropyOptions(weighting: .critic, perPeriod: true))
        for (year, block) in years {
            Self.expectAll(cv.indicatorWeights(period: year).map(\.weight), block.cv_raw, "cv \(year)")
            Self.expectAll(critic.indicatorWeights(period: year).map(\.weight), block.critic_signed, "critic \(year)")
        }
    }

    @Test func combinedWeights() throws {
        let fx = try IndexToolsFixture.load()
        let c = fx.combined
        let plus = ["+", "+", "+", "+", "+"]
        let given = Dictionary(uniqueKeysWithValues: zip(China31Indicators.names, c.given_raw))
        for (partner, expected) in [("critic", c.with_critic), ("given", c.with_given)] {
            func combination(_ rule: WeightCombination.Rule, _ alpha: Double = 0.5) -> WeightCombination {
                partner == "critic" ? WeightCombination(with: .critic, rule: rule, alpha: alpha) : WeightCombination(given: given, rule: rule, alpha: alpha)
            }
            let mult = try Self.index(plus, EntropyOptions(combination: combination(.multiplicative)))
            Self.expectAll(mult.indicatorWeights.map(\.weight), expected.multiplicative, "\(partner) multiplicative")
            Self.expectAll(try mult.indicatorWeights.map { try #require($0.firstWeight) }, c.entropy, "\(partner) w1 = entropy")
            Self.expectAll(try mult.indicatorWeights.map { try #require($0.secondWeight) }, partner == "critic" ? c.critic : c.given, "\(partner) w2")
            let lin = try Self.index(plus, EntropyOptions(combination: combination(.linear, 0.6)))
            Self.expectAll(lin.indicatorWeights.map(\.weight), expected.linear_06, "\(partner) linear")
            #expect(lin.combinationCoefficients.first?.coefficients == [0.6, 1 - 0.6])
            let game = try Self.index(plus, EntropyOptions(combination: combination(.gameTheory)))
            Self.expectAll(game.indicatorWeights.map(\.weight), expected.game_theory, "\(partner) game theory")
            Self.expectAll(try #require(game.combinationCoefficients.first).coefficients, expected.game_theory_coefficients, "\(partner) a*")
            Self.expectAll(game.scores.map(\.score), expected.game_theory_score, "\(partner) game-theory scores")
            #expect(game.indicatorTable.columns.contains("w2"))
        }
    }

    @Test func combinationsThatCannotBeComputedAreRefused() throws {
        let plus = ["+", "+", "+", "+", "+"]
        #expect(throws: IndexError.self) { try Self.index(plus, EntropyOptions(combination: WeightCombination(with: .entropy, rule: .gameTheory))) }
        #expect(throws: IndexError.self) { try Self.index(plus, EntropyOptions(combination: WeightCombination(with: .critic, rule: .linear, alpha: 1.5))) }
        // Given weights must name every indicator, and only indicators.
        let missing = ["gdppc": 1.0, "urbanization": 1.0]
        do {
            _ = try Self.index(plus, EntropyOptions(combination: WeightCombination(given: missing, rule: .multiplicative)))
            Issue.record("missing given weights accepted")
        } catch { #expect("\(error)".contains("fiscal_share")) }
        var extra = Dictionary(uniqueKeysWithValues: China31Indicators.names.map { ($0, 1.0) })
        extra["gdp"] = 1
        do {
            _ = try Self.index(plus, EntropyOptions(combination: WeightCombination(given: extra, rule: .linear)))
            Issue.record("an unknown given weight accepted")
        } catch { #expect("\(error)".contains("'gdp'")) }
        // Equal sets: the game-theory system is singular.
        let equal = Dictionary(uniqueKeysWithValues: China31Indicators.names.map { ($0, 1.0) })
        #expect(throws: IndexError.self) {
            try Self.index(plus, EntropyOptions(weighting: .equal, combination: WeightCombination(given: equal, rule: .gameTheory)))
        }
    }

    @Test func obstacleDegrees() throws {
        let fx = try IndexToolsFixture.load()
        let o = fx.obstacle
        let model = try ObstacleDegree(panel: Self.panel(), indicators: IndexEntropyTests.indicators(o.directions), groups: China31Indicators.groups)
        Self.expectAll(model.indicatorWeights.map(\.weight), o.weight, "obstacle weights")
        try #require(model.rows.count == o.obstacle.count && model.rows.count == 372)
        #expect(model.rows.map { $0.unit ?? "" } == fx.rows.map(\.id) && model.rows.map { $0.time ?? "" } == fx.rows.map(\.year))
        for (i, r) in model.rows.enumerated() {
            Self.expectAll(try China31Indicators.names.map { try #require(r.indicators[$0], "row \(i) \($0)") }, o.obstacle[i], "row \(i) obstacles")
            for g in China31Indicators.groups {
                #expect(close(try #require(r.groups[g.name]), try #require(o.dimension[g.name])[i], rtol: 1e-10, atol: 1e-14), "row \(i) \(g.name)")
            }
            #expect(close(r.indicators.values.reduce(0, +), 1, rtol: 1e-13))
            #expect(close(r.deviationSum, 1 - r.score, rtol: 1e-12, atol: 1e-14))
            // The top factor is the largest obstacle.
            let largest = o.obstacle[i].indices.max { o.obstacle[i][$0] < o.obstacle[i][$1] } ?? 0
            #expect(r.top.first == China31Indicators.names[largest])
        }
        let top = model.topFactorsTable(count: 3, period: "2022")
        #expect(top.rows.count == 31 && top.columns == ["Unit", "1", "2", "3"])
        #expect(model.indicatorTable.rows.count == 5 && model.indicatorTable.columns.count == 2 + 12 + 1)
        #expect(model.dimensionTable?.rows.count == 3)
    }

    @Test func obstacleDegreesPerYear() throws {
        let fx = try IndexToolsFixture.load()
        let model = try ObstacleDegree(panel: Self.panel(), indicators: IndexEntropyTests.indicators(["+", "+", "+", "+", "+"]), groups: China31Indicators.groups,
                                       options: EntropyOptions(perPeriod: true))
        #expect(fx.obstacle_per_year.years.count == 12)
        for (year, block) in fx.obstacle_per_year.years {
            Self.expectAll(model.indicatorWeights.filter { $0.period == year }.map(\.weight), block.weight, "\(year) weights")
            let rows = model.rows.filter { $0.time == year }
            try #require(rows.count == 31 && block.obstacle.count == 31)
            for (i, r) in rows.enumerated() {
                Self.expectAll(try China31Indicators.names.map { try #require(r.indicators[$0]) }, block.obstacle[i], "\(year) row \(i)")
                #expect(close(try #require(r.groups["economy"]), try #require(block.dimension["economy"])[i], rtol: 1e-10, atol: 1e-14))
            }
        }
    }

    @Test func aUnitAtTheOptimumHasNoObstacleDegrees() throws {
        // Unit "a" is best on both indicators: 1 - S = 0, so its obstacle degrees are undefined, not 0/0.
        let model = try ObstacleDegree(values: [[3, 1], [1, 2], [2, 3]], indicators: [Indicator("x"), Indicator("y", .negative)], units: ["a", "b", "c"])
        #expect(model.rows[0].indicators.isEmpty && model.rows[0].deviationSum == 0 && model.rows[0].top.isEmpty)
        #expect(model.indicatorTable.notes.joined().contains("No obstacle degrees for 1 row"))
        #expect(close(model.rows[1].indicators.values.reduce(0, +), 1, rtol: 1e-14))
    }

    static func checkGrey(_ gra: GreyRelationalAnalysis, _ g: IndexToolsFixture.Grey, _ what: String) throws {
        try #require(gra.blocks.count == 1)
        #expect(close(gra.blocks[0].deltaMin, g.delta_min, rtol: 1e-12, atol: 1e-15) && close(gra.blocks[0].deltaMax, g.delta_max, rtol: 1e-12), "\(what)")
        Self.expectAll(gra.rows.map(\.grade), g.grade, "\(what) grades")
        if let xi = g.coefficients {
            try #require(xi.count == gra.rows.count)
            for (i, r) in gra.rows.enumerated() {
                Self.expectAll(try China31Indicators.names.map { try #require(r.coefficients[$0]) }, xi[i], "\(what) row \(i) xi")
            }
        }
    }

    @Test func greyRelationalGrades() throws {
        let fx = try IndexToolsFixture.load()
        let plus = IndexEntropyTests.indicators(["+", "+", "+", "+", "+"])
        let gra = try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus)
        try Self.checkGrey(gra, fx.grey.optimum, "optimum, rho 0.5")
        // Ranks within each year: 1 is the largest grade.
        for year in gra.periods {
            let rows = gra.rows.filter { $0.time == year }
            #expect(Set(rows.map(\.rank)) == Set(1...31))
            let best = try #require(rows.max { $0.grade < $1.grade })
            #expect(best.rank == 1)
        }
        let neg = try GreyRelationalAnalysis(panel: Self.panel(), indicators: IndexEntropyTests.indicators(fx.grey.negative_directions),
                                             greyOptions: GreyRelationalOptions(resolution: 0.3))
        try Self.checkGrey(neg, fx.grey.negative, "rho 0.3, a negative indicator")
        let weighted = try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus, greyOptions: GreyRelationalOptions(weighted: true))
        try Self.checkGrey(weighted, fx.grey.weighted, "entropy-weighted grade")
        let reference = Dictionary(uniqueKeysWithValues: zip(China31Indicators.names, fx.grey.given_reference))
        let given = try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus, greyOptions: GreyRelationalOptions(reference: reference))
        try Self.checkGrey(given, fx.grey.given, "given reference")
        let perYear = try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus, options: EntropyOptions(perPeriod: true))
        #expect(perYear.blocks.count == 12)
        for (year, g) in fx.grey.per_year {
            let block = try #require(perYear.blocks.first { $0.period == year })
            #expect(close(block.deltaMax, g.delta_max, rtol: 1e-12))
            Self.expectAll(perYear.rows.filter { $0.time == year }.map(\.grade), g.grade, "\(year) grades")
        }
        #expect(gra.gradeTable.rows.count == 31 && gra.coefficientTable.rows.count == 5)
        #expect(throws: IndexError.self) { try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus, greyOptions: GreyRelationalOptions(resolution: 0)) }
        #expect(throws: IndexError.self) {
            try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus, greyOptions: GreyRelationalOptions(reference: ["gdppc": 1]))
        }
    }

    @Test func resultsRoundTripThroughJSON() throws {
        let plus = IndexEntropyTests.indicators(["+", "+", "+", "+", "+"])
        let options = EntropyOptions(weighting: .critic, combination: WeightCombination(with: .cv, rule: .gameTheory))
        let index = try Self.index(["+", "+", "+", "+", "+"], options)
        let obstacle = try ObstacleDegree(panel: Self.panel(), indicators: plus, groups: China31Indicators.groups, options: options)
        let grey = try GreyRelationalAnalysis(panel: Self.panel(), indicators: plus, options: options, greyOptions: GreyRelationalOptions(weighted: true))
        let enc = JSONEncoder(), dec = JSONDecoder()
        #expect(try dec.decode(CompositeIndex.self, from: enc.encode(index)) == index)
        #expect(try dec.decode(ObstacleDegree.self, from: enc.encode(obstacle)) == obstacle)
        #expect(try dec.decode(GreyRelationalAnalysis.self, from: enc.encode(grey)) == grey)
        #expect(!obstacle.summary.isEmpty && !grey.summary.isEmpty && index.summary.contains("game theory"))
    }
}
