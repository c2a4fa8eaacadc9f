import Foundation
import Testing
@testable import SpatialEconometrics

/// Non-spatial panels against plm 2.6-2 (`plm(model = "within" | "random")`, `phtest`) on produc.
@Suite struct PanelLinearRegressionTests {
    @Test func matchesPlm() throws {
        let ref = try FixtureJSON("reference/r/produc_panel.json")["results", "plm"]
        let (panel, _) = try PanelRegressionTests.produc()
        func check(_ fit: PanelLinearRegression, _ key: String) throws {
            let r = ref[key]
            let coefficients = try r["coefficients"].entries()
            #expect(coefficients.count == fit.coefficients.count, "\(key)")
            for (name, v) in coefficients {
                let c = try #require(fit.coefficients.first { $0.name == PanelRegressionTests.key(name) }, "\(key) \(name)")
                #expect(close(c.estimate, try v["Estimate"].number(), rtol: 1e-8), "\(key) \(name)")
                #expect(close(c.stdError, try v["Std. Error"].number(), rtol: 1e-8), "\(key) \(name) se")
                // plm names the p-value by the distribution: t for the within fits, z for the random-effects fit.
                let p = v["Pr(>|t|)"].exists ? v["Pr(>|t|)"] : v["Pr(>|z|)"]
                #expect(close(c.pValue, try p.number(), rtol: 1e-6, atol: 1e-300), "\(key) \(name) p")
            }
            #expect(close(fit.sigma2, try r["sigma2_residual_df"].number(), rtol: 1e-8), "\(key) sigma2")
            #expect(fit.residualDegreesOfFreedom == (try r["df_residual"].integer()), "\(key) df")
            #expect(close(fit.ssr, try r["ssr"].number(), rtol: 1e-8), "\(key) ssr")
            #expect(close(fit.rSquared, try r["r_squared"].number(), rtol: 1e-8), "\(key) R2")
            #expect(close(fit.adjustedRSquared, try r["adj_r_squared"].number(), rtol: 1e-8), "\(key) adj R2")
            // The reference has the unit (period) effects exactly for the fits with them: a missing list fails.
            let individual = key == "within_individual" || key == "within_twoways", time = key == "within_time" || key == "within_twoways"
            #expect(r["fixef_individual_level"].exists == individual && r["fixef_time_level"].exists == time, "\(key)")
            if individual {
                let effects = try #require(fit.individualEffects, "\(key)")
                let expected = try r["fixef_individual_level"].entries()
                #expect(expected.count == panel.unitCount && effects.count == expected.count, "\(key)")
                for (unit, v) in expected { #expect(close(try #require(effects[unit], "\(key) \(unit)"), try v.number(), rtol: 1e-8), "\(key) \(unit)") }
            }
            if time {
                let effects = try #require(fit.timeEffects, "\(key)")
                let expected = try r["fixef_time_level"].entries()
                #expect(expected.count == panel.periodCount && effects.count == expected.count, "\(key)")
                for (year, v) in expected { #expect(close(try #require(effects[year], "\(key) \(year)"), try v.number(), rtol: 1e-8), "\(key) \(year)") }
            }
        }
        let xs = PanelRegressionTests.xs
        let within = try PanelLinearRegression(.within(.individual), panel: panel, y: "lgsp", x: xs)
        try check(within, "within_individual")
        try check(PanelLinearRegression(.within(.time), panel: panel, y: "lgsp", x: xs), "within_time")
        try check(PanelLinearRegression(.within(.twoways), panel: panel, y: "lgsp", x: xs), "within_twoways")
        let random = try PanelLinearRegression(.random, panel: panel, y: "lgsp", x: xs)
        try check(random, "random_swar_individual")
        let ercomp = ref["random_swar_individual", "ercomp"]
        let components = try #require(random.varianceComponents)
        #expect(close(components.idiosyncratic, try ercomp["sigma2", "idios"].number(), rtol: 1e-8))
        #expect(close(components.individual, try ercomp["sigma2", "id"].number(), rtol: 1e-8))
        #expect(close(components.theta, try ercomp["theta"].number(), rtol: 1e-8))
        let h = try NestedModelComparison.hausman(within: within, random: random)
        let ph = ref["phtest_within_individual_vs_random"]
        #expect(close(h.statistic, try ph["statistic"].number(), rtol: 1e-7))
        #expect(close(h.pValue, try ph["p_value"].number(), rtol: 1e-6))
        // plm prints 9.525 without a warning, but V_W - V_RE has an eigenvalue of -8.6e-10 (its two s^2 differ):
        // the classic form is flagged; the common-sigma^2 form is valid.
        #expect(h.name.contains("invalid"))
        let more = try NestedModelComparison.hausman(within: within, random: random, covariance: .sigmaMore)
        #expect(!more.name.contains("invalid") && more.statistic > 0)
    }

    @Test func timeInvariantRegressorUnderIndividualEffectsIsNamed() throws {
        let (panel0, _) = try PanelRegressionTests.produc()
        var table = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        let states = try table.strings("state")
        table = try table.adding("region_code", values: states.map { Double($0.count) })
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap")] { table = try table.adding(name, values: table.numbers(col).map { log($0) }) }
        let panel = try Panel(table: table, unit: "state", time: "year", unitOrder: panel0.units)
        #expect(throws: ModelError.collinear(["region_code (after removing the individual effects)"])) {
            try PanelLinearRegression(.within(.individual), panel: panel, y: "lgsp", x: ["lpcap", "region_code"])
        }
    }
}
