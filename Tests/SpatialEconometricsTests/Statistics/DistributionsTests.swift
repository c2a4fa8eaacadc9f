import Foundation
import Testing
@testable import SpatialEconometrics

/// Distribution functions against SciPy (`Fixtures/reference/distributions/`, made by `make_distributions.py`).
@Suite struct DistributionsTests {
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/distributions/distributions.json") }

    /// The rows of the table `key` (none is a failure: a missing table would make the loops below vacuous).
    func rows(_ key: String) throws -> [FixtureJSON] {
        let rows = try ref[key].elements()
        if rows.isEmpty { throw ref[key].error("no rows") }
        return rows
    }

    @Test func normalTailsAndQuantiles() throws {
        for r in try rows("normal") {
            let z = try r["z"].number()
            #expect(close(Normal.cdf(z), try r["cdf"].number(), rtol: 1e-13, atol: 1e-300), "cdf \(z)")
            #expect(close(Normal.upperTail(z), try r["sf"].number(), rtol: 1e-13, atol: 1e-300), "sf \(z)")
        }
        for r in try rows("normal_quantile") {
            let p = try r["p"].number()
            #expect(close(Normal.quantile(p), try r["q"].number(), rtol: 1e-12), "quantile \(p)")
        }
        #expect(Normal.quantile(-0.1).isNaN && Normal.quantile(0) == -.infinity)
        #expect(close(Normal.pValue(1.96, alternative: .twoSided), 0.04999579029644087, rtol: 1e-12))
    }

    /// The continued fractions converge to ~1e-14 relative; 1e-11 leaves room for accumulated rounding.
    @Test func chiSquareTAndF() throws {
        for r in try rows("chisq") {
            let d = ChiSquared(degreesOfFreedom: try r["df"].number()), x = try r["x"].number()
            #expect(close(d.cdf(x), try r["cdf"].number(), rtol: 1e-11, atol: 1e-300), "chisq cdf \(r)")
            #expect(close(d.upperTail(x), try r["sf"].number(), rtol: 1e-11, atol: 1e-300), "chisq sf \(r)")
        }
        for r in try rows("t") {
            #expect(close(StudentT(degreesOfFreedom: try r["df"].number()).twoSidedPValue(try r["t"].number()), try r["p_two_sided"].number(), rtol: 1e-11), "t \(r)")
        }
        for r in try rows("f") {
            let f = FDistribution(numerator: try r["d1"].number(), denominator: try r["d2"].number())
            #expect(close(f.upperTail(try r["f"].number()), try r["sf"].number(), rtol: 1e-11), "F \(r)")
        }
        #expect(ChiSquared(degreesOfFreedom: 2).upperTail(.nan).isNaN)
    }

    @Test func seededGeneratorIsReproducibleAndUniform() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator.stream(seed: 42, index: 1)
        let xa = (0..<100).map { _ in a.next() }, xb = (0..<100).map { _ in b.next() }, xc = (0..<100).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        var g = SeededGenerator(seed: 7)
        let u = (0..<100_000).map { _ in g.uniform() }
        let mean = u.reduce(0, +) / Double(u.count)
        // Mean of 1e5 uniforms has sd 0.29/316 = 0.0009: 5 sd bound.
        #expect(abs(mean - 0.5) < 0.0046)
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        let z = (0..<100_000).map { _ in g.normal() }
        let zm = z.reduce(0, +) / 1e5, zv = z.reduce(0) { $0 + ($1 - zm) * ($1 - zm) } / 1e5
        #expect(abs(zm) < 0.016 && abs(zv - 1) < 0.03)
    }
}
