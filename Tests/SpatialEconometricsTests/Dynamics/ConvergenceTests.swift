import Foundation
import Testing
@testable import SpatialEconometrics

/// Sigma and beta convergence of china31 per-capita GDP against `convergence_china31.json` (independent numpy,
/// PySAL inequality, spreg ML_Lag).
@Suite struct ConvergenceTests {
    struct Fixture: Decodable {
        struct Year: Decodable { let mean, cv, sd_log, gini, theil: Double }
        struct Trend: Decodable { let slope, std_error, t, p_value: Double; let df: Int }
        struct Sigma: Decodable { let years: [String: Year]; let trends: [String: Trend] }
        struct Speed: Decodable { let beta, std_error, speed, speed_std_error, half_life, half_life_std_error: Double }
        struct SAR: Decodable { let coefficient, std_error, rho, total_effect: Double }
        struct Beta: Decodable { let T: Double; let absolute_ols, conditional_ols: Speed; let absolute_sar: SAR }
        let sigma: Sigma
        let beta: Beta
    }

    static func close(_ a: Double?, _ b: Double, _ rtol: Double) -> Bool { a.map { abs($0 - b) <= rtol * max(abs(b), 1e-300) } ?? false }

    @Test func sigmaMatchesNumpyAndInequality() throws {
        let ref = try Fixtures.decode(Fixture.self, "reference/py/convergence_china31.json")
        let sigma = try SigmaConvergence(panel: DynamicsFixture.chinaPanel(), variable: "gdppc")
        #expect(sigma.rows.map(\.period) == (2011...2022).map(String.init))
        for r in sigma.rows {
            let e = try #require(ref.sigma.years[r.period])
            #expect(Self.close(r.mean, e.mean, 1e-14) && Self.close(r.cv, e.cv, 1e-12) && Self.close(r.sdLog, e.sd_log, 1e-12))
            #expect(Self.close(r.gini, e.gini, 1e-12) && Self.close(r.theil, e.theil, 1e-12))
        }
        #expect(sigma.trends.map(\.measure) == ["cv", "sd_log", "gini", "theil"])
        for tr in sigma.trends {
            let e = try #require(ref.sigma.trends[tr.measure])
            #expect(Self.close(tr.slope, e.slope, 1e-9) && Self.close(tr.stdError, e.std_error, 1e-9), "\(tr.measure): \(tr.slope) vs \(e.slope)")
            #expect(Self.close(tr.t, e.t, 1e-9) && tr.df == e.df && abs(tr.pValue - e.p_value) <= 1e-10, "\(tr.measure)")
        }
        #expect(sigma.summary.contains("Trend of cv"))
    }

    @Test func betaMatchesNumpyAndSpreg() throws {
        let ref = try Fixtures.decode(Fixture.self, "reference/py/convergence_china31.json")
        let panel = try DynamicsFixture.chinaPanel()
        let abs = try BetaConvergence(panel: panel, variable: "gdppc")
        #expect(abs.length == ref.beta.T && abs.from == "2011" && abs.to == "2022")
        let o = try #require(abs.estimates.first), r = ref.beta.absolute_ols
        #expect(o.label == "OLS")
        for (a, b) in [(o.beta, r.beta), (o.stdError, r.std_error), (o.speed, r.speed), (o.speedStdError, r.speed_std_error),
                       (o.halfLife, r.half_life), (o.halfLifeStdError, r.half_life_std_error)] as [(Double?, Double)] {
            #expect(Self.close(a, b, 1e-10), "\(a ?? .nan) vs \(b)")
        }
        // conditional on the 2011 urbanisation rate: beta > 0, a negative speed and no half-life
        let cond = try BetaConvergence(panel: panel, variable: "gdppc", conditional: ["urbanization_rate"])
        let c = try #require(cond.estimates.first)
        #expect(Self.close(c.beta, ref.beta.conditional_ols.beta, 1e-10) && Self.close(c.stdError, ref.beta.conditional_ols.std_error, 1e-10))
        #expect(Self.close(c.speed, ref.beta.conditional_ols.speed, 1e-10) && c.halfLife == nil)
        // SAR against spreg ML_Lag: spreg's bounded search on rho stops at its default tolerance (observed 4e-8), hence 1e-6
        let w = try DynamicsFixture.chinaWeights().transformed(.row)
        let sar = try BetaConvergence(panel: panel, variable: "gdppc", model: .sar, weights: w)
        #expect(sar.estimates.map(\.label) == ["OLS", "SAR coefficient", "SAR total effect"])
        let s = ref.beta.absolute_sar
        #expect(Self.close(sar.estimates[1].beta, s.coefficient, 1e-6) && Self.close(sar.estimates[1].stdError, s.std_error, 1e-6))
        #expect(Self.close(sar.estimates[2].beta, s.total_effect, 1e-6), "\(sar.estimates[2].beta) vs \(s.total_effect)")
        #expect(sar.summary.contains("SAR total effect"))
        #expect(throws: DynamicsError.self) { try BetaConvergence(panel: panel, variable: "gdppc", from: "1999") }
    }
}
