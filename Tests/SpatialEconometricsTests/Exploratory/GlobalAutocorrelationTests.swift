import Foundation
import Testing
@testable import SpatialEconometrics

/// Global Moran, Geary, Getis-Ord G and bivariate Moran on columbus CRIME against spdep and esda.
@Suite struct GlobalAutocorrelationTests {
    let r: FixtureJSON
    let py: FixtureJSON

    init() throws {
        r = try FixtureJSON("reference/r/columbus_esda.json")["results"]
        py = try FixtureJSON("reference/py/columbus_esda.json")
    }

    /// The spdep number at `path` under `results` (a missing one throws, naming the path).
    func ref(_ path: String...) throws -> Double { try path.reduce(r) { $0[$1] }.number() }

    @Test(arguments: [("W", WeightsTransformation.row), ("B", .binary)])
    func moranAndGearyMatchSpdep(style: String, transform: WeightsTransformation) throws {
        let w = try Columbus.queen().transformed(transform)
        let x = try Columbus.crime()
        let m = try GlobalMoran(x, weights: w)
        let s = "style_\(style)"
        #expect(close(m.I, try ref(s, "moran_test_randomisation_TRUE", "estimate", "Moran I statistic"), rtol: 1e-10))
        #expect(close(m.expected, try ref(s, "moran_test_randomisation_TRUE", "estimate", "Expectation"), rtol: 1e-12))
        #expect(close(m.varianceRandomization, try ref(s, "moran_test_randomisation_TRUE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(m.zRandomization, try ref(s, "moran_test_randomisation_TRUE", "statistic"), rtol: 1e-10))
        #expect(close(m.pRandomization, try ref(s, "moran_test_randomisation_TRUE", "p_value"), rtol: 1e-8))
        #expect(close(m.varianceNormality, try ref(s, "moran_test_randomisation_FALSE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(m.zNormality, try ref(s, "moran_test_randomisation_FALSE", "statistic"), rtol: 1e-10))
        #expect(close(m.pNormality, try ref(s, "moran_test_randomisation_FALSE", "p_value"), rtol: 1e-8))
        let g = try GearyC(x, weights: w)
        #expect(close(g.C, try ref(s, "geary_test_randomisation_TRUE", "estimate", "Geary C statistic"), rtol: 1e-10))
        #expect(close(g.varianceRandomization, try ref(s, "geary_test_randomisation_TRUE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(g.zRandomization, try ref(s, "geary_test_randomisation_TRUE", "statistic"), rtol: 1e-10))
        #expect(close(g.pRandomization, try ref(s, "geary_test_randomisation_TRUE", "p_value"), rtol: 1e-8))
        #expect(close(g.varianceNormality, try ref(s, "geary_test_randomisation_FALSE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(g.zNormality, try ref(s, "geary_test_randomisation_FALSE", "statistic"), rtol: 1e-10))
        let go = try GetisOrdG(x, weights: w)
        #expect(close(go.G, try ref(s, "globalG_test", "estimate", "Global G statistic"), rtol: 1e-10))
        #expect(close(go.expected, try ref(s, "globalG_test", "estimate", "Expectation"), rtol: 1e-12))
        #expect(close(go.variance, try ref(s, "globalG_test", "estimate", "Variance"), rtol: 1e-9))
        #expect(close(go.z, try ref(s, "globalG_test", "statistic"), rtol: 1e-9))
    }

    @Test func matchesEsdaAndBivariate() throws {
        let w = try Columbus.queen().transformed(.row)
        let x = try Columbus.crime()
        let mq = py["moran_queen"]
        let m = try GlobalMoran(x, weights: w, alternative: .twoSided)
        #expect(close(m.varianceNormality, try mq["VI_norm"].number(), rtol: 1e-10))
        #expect(close(m.pRandomization, try mq["p_rand"].number(), rtol: 1e-8))
        let gq = py["getis_ord_G_queen_binary"]
        let g = try GetisOrdG(x, weights: Columbus.queen().transformed(.binary))
        #expect(try close(g.G, try gq["G"].number(), rtol: 1e-10) && close(g.variance, try gq["VG"].number(), rtol: 1e-9))
        let inc = try Columbus.table().numbers("INC")
        let bv = try BivariateMoran(x: x, y: inc, weights: w)
        #expect(close(bv.I, try py["moran_bv_crime_inc_queen", "I"].number(), rtol: 1e-10))
        #expect(close(bv.I, try ref("bivariate_moran_CRIME_INC_W", "I_xy_standardized"), rtol: 1e-10))
    }

    /// Permutation p-values: reproducible for a seed, and consistent with spdep's moran.mc (0.001 with 999 draws:
    /// no draw reaches the observed I) and its simulated mean/sd within simulation error.
    @Test func permutationsAreReproducibleAndConsistent() throws {
        let w = try Columbus.queen().transformed(.row)
        let x = try Columbus.crime()
        let a = try GlobalMoran(x, weights: w, permutations: 999, seed: 7)
        let b = try GlobalMoran(x, weights: w, permutations: 999, seed: 7)
        #expect(a == b)
        #expect(a.pPermutation == 0.001)
        let mc = r["style_W", "moran_mc"]
        let permutation = try #require(a.permutation)
        // sd of the simulated mean with 999 draws is 0.09/sqrt(999) = 0.003: allow 4 sd.
        #expect(abs(permutation.mean - (try mc["mean_of_simulated"].number())) < 0.012)
        #expect(abs(permutation.standardDeviation - (try mc["sd_of_simulated"].number())) < 0.012)
        let g = try GearyC(x, weights: w, permutations: 999, seed: 7)
        #expect(g.pPermutation == 0.001)
        // A variable with no pattern: the permutation p is not extreme.
        var gen = SeededGenerator(seed: 3)
        let noise = (0..<49).map { _ in gen.normal() }
        let mn = try GlobalMoran(noise, weights: w, permutations: 999, seed: 1)
        #expect(mn.pPermutation! > 0.01)
    }

    @Test func badInputsGiveClearErrors() throws {
        let w = try Columbus.queen().transformed(.row)
        var x = try Columbus.crime()
        #expect(throws: ExploratoryError.sizeMismatch("48 values for weights over 49 units")) { try GlobalMoran(Array(x.dropLast()), weights: w) }
        #expect(throws: ExploratoryError.constantVariable) { try GlobalMoran([Double](repeating: 2, count: 49), weights: w) }
        x[4] = .nan
        #expect(throws: ExploratoryError.nonFinite(index: 4, id: "5")) { try GearyC(x, weights: w) }
        let island = try SpatialWeights(ids: ["a", "b", "c", "d", "e"], neighbors: [[1], [0, 2], [1, 3], [2], []])
        #expect(throws: ExploratoryError.islands(["e"])) { try GlobalMoran([1, 2, 3, 4, 5], weights: island) }
        // With islands allowed, n drops by one (spdep zero.policy + adjust.n): E[I] = -1/(4 - 1).
        let m = try GlobalMoran([1, 2, 3, 4, 5], weights: island.transformed(.row), allowIslands: true)
        #expect(close(m.expected, -1.0 / 3))
        #expect(throws: ExploratoryError.invalidArgument("Getis-Ord G needs non-negative values; unit 'a' has -1.0")) {
            try GetisOrdG([-1, 2, 3, 4, 5], weights: island, allowIslands: true)
        }
    }
}
