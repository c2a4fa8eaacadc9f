import Foundation
import Testing
@testable import SpatialEconometrics

/// Global Moran, Geary, Getis-Ord G and bivariate Moran on columbus CRIME against spdep and esda.
@Suite struct GlobalAutocorrelationTests {
    let r = (try! Fixtures.json("reference/r/columbus_esda.json") as! [String: Any])["results"] as! [String: Any]
    let py = try! Fixtures.json("reference/py/columbus_esda.json") as! [String: Any]

    func ref(_ path: String...) -> Double {
        var node: Any? = r
        for p in path { node = (node as? [String: Any])?[p] }
        if let a = node as? [Any] { node = (a.first as? [Any])?.first ?? a.first }
        return node as? Double ?? .nan
    }

    @Test(arguments: [("W", WeightsTransformation.row), ("B", .binary)])
    func moranAndGearyMatchSpdep(style: String, transform: WeightsTransformation) throws {
        let w = try Columbus.queen().transformed(transform)
        let x = try Columbus.crime()
        let m = try GlobalMoran(x, weights: w)
        let s = "style_\(style)"
        #expect(close(m.I, ref(s, "moran_test_randomisation_TRUE", "estimate", "Moran I statistic"), rtol: 1e-10))
        #expect(close(m.expected, ref(s, "moran_test_randomisation_TRUE", "estimate", "Expectation"), rtol: 1e-12))
        #expect(close(m.varianceRandomization, ref(s, "moran_test_randomisation_TRUE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(m.zRandomization, ref(s, "moran_test_randomisation_TRUE", "statistic"), rtol: 1e-10))
        #expect(close(m.pRandomization, ref(s, "moran_test_randomisation_TRUE", "p_value"), rtol: 1e-8))
        #expect(close(m.varianceNormality, ref(s, "moran_test_randomisation_FALSE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(m.zNormality, ref(s, "moran_test_randomisation_FALSE", "statistic"), rtol: 1e-10))
        #expect(close(m.pNormality, ref(s, "moran_test_randomisation_FALSE", "p_value"), rtol: 1e-8))
        let g = try GearyC(x, weights: w)
        #expect(close(g.C, ref(s, "geary_test_randomisation_TRUE", "estimate", "Geary C statistic"), rtol: 1e-10))
        #expect(close(g.varianceRandomization, ref(s, "geary_test_randomisation_TRUE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(g.zRandomization, ref(s, "geary_test_randomisation_TRUE", "statistic"), rtol: 1e-10))
        #expect(close(g.pRandomization, ref(s, "geary_test_randomisation_TRUE", "p_value"), rtol: 1e-8))
        #expect(close(g.varianceNormality, ref(s, "geary_test_randomisation_FALSE", "estimate", "Variance"), rtol: 1e-10))
        #expect(close(g.zNormality, ref(s, "geary_test_randomisation_FALSE", "statistic"), rtol: 1e-10))
        let go = try GetisOrdG(x, weights: w)
        #expect(close(go.G, ref(s, "globalG_test", "estimate", "Global G statistic"), rtol: 1e-10))
        #expect(close(go.expected, ref(s, "globalG_test", "estimate", "Expectation"), rtol: 1e-12))
        #expect(close(go.variance, ref(s, "globalG_test", "estimate", "Variance"), rtol: 1e-9))
        #expect(close(go.z, ref(s, "globalG_test", "statistic"), rtol: 1e-9))
    }

    @Test func matchesEsdaAndBivariate() throws {
        let w = try Columbus.queen().transformed(.row)
        let x = try Columbus.crime()
        let mq = py["moran_queen"] as! [String: Any]
        let m = try GlobalMoran(x, weights: w, alternative: .twoSided)
        #expect(close(m.varianceNormality, mq["VI_norm"] as! Double, rtol: 1e-10))
        #expect(close(m.pRandomization, mq["p_rand"] as! Double, rtol: 1e-8))
        let gq = py["getis_ord_G_queen_binary"] as! [String: Any]
        let g = try GetisOrdG(x, weights: Columbus.queen().transformed(.binary))
        #expect(close(g.G, gq["G"] as! Double, rtol: 1e-10) && close(g.variance, gq["VG"] as! Double, rtol: 1e-9))
        let inc = try Columbus.table().numbers("INC")
        let bv = try BivariateMoran(x: x, y: inc, weights: w)
        #expect(close(bv.I, (py["moran_bv_crime_inc_queen"] as! [String: Any])["I"] as! Double, rtol: 1e-10))
        #expect(close(bv.I, ref("bivariate_moran_CRIME_INC_W", "I_xy_standardized"), rtol: 1e-10))
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
        let sim = r["style_W"] as! [String: Any], mc = sim["moran_mc"] as! [String: Any]
        // sd of the simulated mean with 999 draws is 0.09/sqrt(999) = 0.003: allow 4 sd.
        #expect(abs(a.permutation!.mean - (mc["mean_of_simulated"] as! Double)) < 0.012)
        #expect(abs(a.permutation!.standardDeviation - (mc["sd_of_simulated"] as! Double)) < 0.012)
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
        #expect(throws: ExploratoryError.self) { try GetisOrdG([-1, 2, 3, 4, 5], weights: island, allowIslands: true) }
    }
}
