import Foundation
import Testing
@testable import SpatialEconometrics

/// Conditional permutations of local statistics: validity (unit i never drawn, draws uniform over the others),
/// independence of the thread count, both draw schemes against esda, and local G's permutation test.
@Suite struct LocalPermutationTests {
    /// A path 0 - 1 - 2 - ... with binary weights: unit i's lag under a permutation is one value (k_i = 1 at the
    /// ends, 2 inside). The ends' simulated lag must be uniform over the other n - 1 values.
    static func path(_ n: Int) throws -> SpatialWeights {
        let lists = (0..<n).map { i in [i - 1, i + 1].filter { $0 >= 0 && $0 < n } }
        return try SpatialWeights(ids: (0..<n).map(String.init), neighbors: lists)
    }

    @Test(arguments: LocalPermutationDraws.allCases)
    func drawsAreUniformOverTheOtherUnitsAndExcludeTheUnit(draws: LocalPermutationDraws) throws {
        // Distinct values; unit 0's only neighbour is unit 1 (value 1). The other units hold 1, 2, 3, 4 (unit 0
        // itself holds 100, which must never be drawn): P(lag >= 1) = 1, P(lag <= 1) = 1/4.
        // Unit 4 (value 4, neighbour unit 3 = 3): others 100, 1, 2, 3 -> P(lag >= 3) = 2/4, P(lag <= 3) = 3/4.
        let y = [100.0, 1, 2, 3, 4]
        let r = 40_000
        let cp = ConditionalPermutation(values: y, weights: try Self.path(5).matrix, permutations: r, seed: 9, draws: draws,
                                        phase: "test", progress: nil)
        let sd = (0.25 * 0.75 / Double(r)).squareRoot()
        #expect(cp.atLeast[0] == r)
        #expect(abs(Double(cp.atMost[0]) / Double(r) - 0.25) < 5 * sd)
        #expect(abs(Double(cp.atLeast[4]) / Double(r) - 0.5) < 5 * sd)
        #expect(abs(Double(cp.atMost[4]) / Double(r) - 0.75) < 5 * sd)
        // Unit 2 (neighbours 1 and 3, sum 4) draws 2 of {100, 1, 3, 4}: sums 101, 104, 103, 4, 5, 7 -> P(<= 4) = 1/6.
        #expect(abs(Double(cp.atMost[2]) / Double(r) - 1.0 / 6) < 5 * (5.0 / 36 / Double(r)).squareRoot())
    }

    @Test(arguments: LocalPermutationDraws.allCases)
    func countsDoNotDependOnTheNumberOfWorkers(draws: LocalPermutationDraws) throws {
        let w = try SpatialWeights.lattice(rows: 23, columns: 17, rule: .queen).transformed(.row)
        var g = SeededGenerator(seed: 3)
        let y = (0..<w.count).map { _ in g.normal() }
        let runs = [1, 2, 3, 16].map {
            ConditionalPermutation(values: y, weights: w.matrix, permutations: 499, seed: 5, draws: draws, phase: "t", progress: nil, workers: $0)
        }
        for other in runs.dropFirst() {
            #expect(other.atLeast == runs[0].atLeast)
            #expect(other.atMost == runs[0].atMost)
        }
    }

    @Test func unequalWeightsAndLargeNeighbourSetsStayValid() throws {
        // Inverse-distance-like weights on a 1-D line: every unit has up to 30 neighbours (hash-set path).
        let n = 60
        var lists = [[Int]](), values = [[Double]]()
        for i in 0..<n {
            let nb = (max(0, i - 15)..<min(n, i + 16)).filter { $0 != i }
            lists.append(nb); values.append(nb.map { 1 / Double(abs($0 - i)) })
        }
        let w = try SpatialWeights(ids: (0..<n).map(String.init), neighbors: lists, weights: values)
        var g = SeededGenerator(seed: 11)
        let y = (0..<n).map { _ in g.normal() }
        for draws in LocalPermutationDraws.allCases {
            let cp = ConditionalPermutation(values: y, weights: w.matrix, permutations: 999, seed: 1, draws: draws, phase: "t", progress: nil)
            for i in 0..<n {
                #expect(cp.permuted[i])
                // Continuous data: no ties, so the two counts add up to R.
                #expect(cp.atLeast[i] + cp.atMost[i] == 999)
            }
            // Under the null (independent normal data) the pseudo p-values are roughly uniform.
            let p = (0..<n).map { cp.foldedPValue(unit: $0, direction: 1) }
            let mean = p.reduce(0, +) / Double(n)
            #expect(mean > 0.15 && mean < 0.35, "mean folded p \(mean) (expected about 0.25)")
        }
    }

    @Test func independentDrawsAgreeWithEsdaWithinSimulationError() throws {
        let w = try Columbus.queen().transformed(.row)
        let lm = try LocalMoran(Columbus.crime(), weights: w, permutations: 999, seed: 12345, draws: .independent)
        let pRef = try FixtureJSON("reference/py/columbus_esda.json")["moran_local_queen", "p_sim"].numbers()
        try #require(pRef.count == 49 && lm.units.count == 49)
        #expect(lm.units.allSatisfy { $0.pPermutation != nil })
        let agree = zip(lm.units, pRef).filter { abs(($0.0.pPermutation ?? -1) - $0.1) < 0.05 }.count
        #expect(agree >= 47)
        #expect(lm.permutationDraws == .independent)
    }

    @Test(arguments: [(false, "g_local_queen_R"), (true, "g_star_local_queen_R")])
    func localGPermutationsAgreeWithEsda(star: Bool, key: String) throws {
        var w = try Columbus.queen().transformed(.row)
        if star { w = try w.includingSelf() }
        let g = try LocalGetisOrd(Columbus.crime(), weights: w, star: star, permutations: 999, seed: 12345)
        let pRef = try FixtureJSON("reference/py/columbus_g_local.json")[key, "p_sim"].numbers()
        try #require(pRef.count == 49 && g.units.count == 49)
        #expect(g.units.allSatisfy { $0.pPermutation != nil })
        // Only p_sim is compared: the z-values are pinned to spdep's localG (esda's Zs for Gi use other moments).
        // sd of a pseudo p near 0.1 with 999 draws is ~0.0095 per side; allow 0.05 absolute.
        let agree = zip(g.units, pRef).filter { abs(($0.0.pPermutation ?? -1) - $0.1) < 0.05 }.count
        #expect(agree >= 47, "\(agree) of 49 within 0.05")
        #expect(g.permutations == 999 && g.seed == 12345)
        let again = try LocalGetisOrd(Columbus.crime(), weights: w, star: star, permutations: 999, seed: 12345)
        #expect(again == g)
        let none = try LocalGetisOrd(Columbus.crime(), weights: w, star: star)
        #expect(none.units.allSatisfy { $0.pPermutation == nil })
    }

    @Test func negativePermutationsAreAnError() throws {
        #expect(throws: ExploratoryError.invalidArgument("permutations must be >= 0")) {
            try LocalGetisOrd(Columbus.crime(), weights: Columbus.queen(), star: false, permutations: -1)
        }
    }
}
