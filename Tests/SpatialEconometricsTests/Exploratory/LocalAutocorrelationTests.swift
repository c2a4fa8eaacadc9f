import Foundation
import Testing
@testable import SpatialEconometrics

/// Local Moran and local G on columbus CRIME against spdep's `localmoran`/`localG` and esda's `Moran_Local`.
@Suite struct LocalAutocorrelationTests {
    let r: FixtureJSON
    let py: FixtureJSON

    init() throws {
        r = try FixtureJSON("reference/r/columbus_esda.json")["results"]
        py = try FixtureJSON("reference/py/columbus_esda.json")
    }

    /// spdep's column `col` of `key` (49 numbers; a missing key or a NaN throws, naming it).
    func column(_ key: String, _ col: String) throws -> [Double] { try r[key, col].numbers() }

    @Test(arguments: [("localmoran_W", WeightsTransformation.row, LocalMoranVariance.conditional),
                      ("localmoran_B", .binary, .conditional),
                      ("localmoran_W_conditional_FALSE", .row, .total)])
    func localMoranMatchesSpdep(key: String, transform: WeightsTransformation, variance: LocalMoranVariance) throws {
        let lm = try LocalMoran(Columbus.crime(), weights: Columbus.queen().transformed(transform), variance: variance)
        let (ii, e, v, z) = (try column(key, "Ii"), try column(key, "E_Ii"), try column(key, "Var_Ii"), try column(key, "Z_Ii"))
        try #require(ii.count == 49 && e.count == 49 && v.count == 49 && z.count == 49)
        for (i, u) in lm.units.enumerated() {
            #expect(close(u.I, ii[i], rtol: 1e-10), "I[\(i)]")
            #expect(close(u.expected, e[i], rtol: 1e-10, atol: 1e-14), "E[\(i)]")
            #expect(close(u.variance, v[i], rtol: 1e-10), "Var[\(i)]")
            #expect(close(u.z, z[i], rtol: 1e-9, atol: 1e-12), "z[\(i)]")
        }
    }

    @Test func quadrantsAndPermutationsAgreeWithEsda() throws {
        let w = try Columbus.queen().transformed(.row)
        let x = try Columbus.crime()
        let lm = try LocalMoran(x, weights: w, permutations: 999, seed: 12345)
        let ref = py["moran_local_queen"]
        // Every list has one entry per unit: a missing or short list fails here instead of being skipped below.
        let q = try ref["q"].integers(), isRef = try ref["Is"].numbers(), pRef = try ref["p_sim"].numbers()
        try #require(q.count == 49 && isRef.count == 49 && pRef.count == 49 && lm.units.count == 49)
        let names: [Int: Quadrant] = [1: .highHigh, 2: .lowHigh, 3: .lowLow, 4: .highLow]
        for (i, u) in lm.units.enumerated() { #expect(u.quadrant == names[q[i]], "quadrant \(i)") }
        // esda's Is use m2 with divisor n as well, but scale by (n - 1)/n: I_esda = I_spdep * (n-1)/n.
        for (i, u) in lm.units.enumerated() { #expect(close(u.I * 48 / 49, isRef[i], rtol: 1e-10)) }
        // Permutation p-values are random: compare with esda's within simulation error
        // (sd of a pseudo p near 0.1 with 999 draws is ~0.0095; allow 0.05 absolute).
        let p = try lm.units.map { try #require($0.pPermutation) }
        let agree = zip(p, pRef).filter { abs($0 - $1) < 0.05 }.count
        #expect(agree >= 47)
        let again = try LocalMoran(x, weights: w, permutations: 999, seed: 12345)
        #expect(again == lm)
        let clusters = lm.clusters(alpha: 0.05)
        #expect(clusters.contains("HH") && clusters.contains("LL"))
        let strict = lm.clusters(alpha: 0.05, adjustment: .bonferroni)
        #expect(strict.filter { $0 != "not significant" }.count <= clusters.filter { $0 != "not significant" }.count)
    }

    @Test(arguments: [("localG_W", WeightsTransformation.row, false), ("localG_B", .binary, false),
                      ("localGstar_W", .row, true), ("localGstar_B", .binary, true)])
    func localGMatchesSpdep(key: String, transform: WeightsTransformation, star: Bool) throws {
        var w = try Columbus.queen().transformed(transform)
        if star { w = try w.includingSelf() }
        let g = try LocalGetisOrd(Columbus.crime(), weights: w, star: star)
        let z = try column(key, "Z")
        try #require(z.count == 49 && g.units.count == 49)
        for (i, u) in g.units.enumerated() { #expect(close(u.z, z[i], rtol: 1e-9, atol: 1e-12), "\(key) z[\(i)]") }
    }

    @Test func fdrAdjustmentMatchesRPAdjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH") = 0.04, 0.0533.., 0.0533.., 0.2
        let a = PValues.adjust([0.01, 0.04, 0.03, 0.2], method: .fdr)
        #expect(close(a[0], 0.04) && close(a[1], 0.16 / 3) && close(a[2], 0.16 / 3) && close(a[3], 0.2))
    }
}
