import Foundation
import Testing
@testable import SpatialEconometrics

/// Distribution functions against SciPy (`Fixtures/reference/distributions/`, made by `make_distributions.py`).
@Suite struct DistributionsTests {
    let ref = try! Fixtures.json("reference/distributions/distributions.json") as! [String: Any]

    func rows(_ key: String) -> [[String: Double]] { (ref[key] as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? Double } } }

    @Test func normalTailsAndQuantiles() {
        for r in rows("normal") {
            let z = r["z"]!
            #expect(close(Normal.cdf(z), r["cdf"]!, rtol: 1e-13, atol: 1e-300), "cdf \(z)")
            #expect(close(Normal.upperTail(z), r["sf"]!, rtol: 1e-13, atol: 1e-300), "sf \(z)")
        }
        for r in rows("normal_quantile") {
            #expect(close(Normal.quantile(r["p"]!), r["q"]!, rtol: 1e-12), "quantile \(r["p"]!)")
        }
        #expect(Normal.quantile(-0.1).isNaN && Normal.quantile(0) == -.infinity)
        #expect(close(Normal.pValue(1.96, alternative: .twoSided), 0.04999579029644087, rtol: 1e-12))
    }

    /// The continued fractions converge to ~1e-14 relative; 1e-11 leaves room for accumulated rounding.
    @Test func chiSquareTAndF() {
        for r in rows("chisq") {
            let d = ChiSquared(degreesOfFreedom: r["df"]!)
            #expect(close(d.cdf(r["x"]!), r["cdf"]!, rtol: 1e-11, atol: 1e-300), "chisq cdf \(r)")
            #expect(close(d.upperTail(r["x"]!), r["sf"]!, rtol: 1e-11, atol: 1e-300), "chisq sf \(r)")
        }
        for r in rows("t") {
            #expect(close(StudentT(degreesOfFreedom: r["df"]!).twoSidedPValue(r["t"]!), r["p_two_sided"]!, rtol: 1e-11), "t \(r)")
        }
        for r in rows("f") {
            #expect(close(FDistribution(numerator: r["d1"]!, denominator: r["d2"]!).upperTail(r["f"]!), r["sf"]!, rtol: 1e-11), "F \(r)")
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
