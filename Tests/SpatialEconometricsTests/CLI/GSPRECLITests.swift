import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial fit --model gspre`: the library's ``GeneralizedRandomEffectsRegression`` (checked against
/// produc_gspre.json), with "lambda_mu", "lambda", "phi", "sigma2_mu" and "gspre_form" in the JSON; refusals name
/// the option.
@Suite struct GSPRECLITests {
    func run(_ extra: [String]) throws -> SpatialCLI.Result {
        try SpatialCLI.run(["--quiet", "fit", "--model", "gspre", "--data", PanelSACCLITests.produc, "--unit", "state", "--time", "year",
                            "--y", "log(gsp)", "--x", PanelSACCLITests.x.joined(separator: ","), "--weights", PanelSACCLITests.usaww] + extra)
    }

    @Test func jsonIsTheLibrarysFit() throws {
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: PanelSACCLITests.usaww)).transformed(.row)
        let fit = try GeneralizedRandomEffectsRegression(panel: panel, y: "log(gsp)", x: PanelSACCLITests.x, weights: w, form: .general)
        let r = try run(["--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        for (key, p) in [("lambda", fit.lambda), ("lambda_mu", fit.lambdaMu), ("phi", fit.phi)] {
            let o = try #require(json[key] as? [String: Any], "\(key)")
            #expect(close((o["estimate"] as? Double) ?? .nan, p?.estimate ?? .nan, rtol: 1e-12), "\(key)")
            #expect(close((o["std_error"] as? Double) ?? .nan, p?.stdError ?? .nan, rtol: 1e-12), "\(key) se")
        }
        #expect(json["model"] as? String == "gspre" && json["gspre_form"] as? String == "general" && json["panel_effects"] as? String == "random")
        #expect(close((json["sigma2_mu"] as? Double) ?? .nan, fit.sigma2Mu, rtol: 1e-12))
        #expect(close((json["log_likelihood"] as? Double) ?? .nan, fit.logLikelihood, rtol: 1e-12))
        #expect(json["rho"] == nil)
    }

    /// `--vce robust` (gspre) and `--effects random --model sem --vce cluster`: the JSON is the library's sandwich fit.
    @Test func vceJSONIsTheLibrarysSandwich() throws {
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: PanelSACCLITests.usaww)).transformed(.row)
        let gspre = try GeneralizedRandomEffectsRegression(panel: panel, y: "log(gsp)", x: PanelSACCLITests.x, weights: w, form: .general,
                                                           options: FitOptions(covariance: .robust))
        let sem = try RandomEffectsRegression(.sem, panel: panel, y: "log(gsp)", x: PanelSACCLITests.x, weights: w, options: FitOptions(covariance: .cluster))
        let a = try run(["--vce", "robust", "--json"])
        let b = try SpatialCLI.run(["--quiet", "fit", "--model", "sem", "--effects", "random", "--data", PanelSACCLITests.produc, "--unit", "state",
                                    "--time", "year", "--y", "log(gsp)", "--x", PanelSACCLITests.x.joined(separator: ","), "--weights",
                                    PanelSACCLITests.usaww, "--vce", "cluster", "--json"])
        for (r, coefficients, spatial, standardErrors) in [(a, gspre.coefficients, [("lambda", gspre.lambda), ("lambda_mu", gspre.lambdaMu), ("phi", gspre.phi)], gspre.standardErrors),
                                                           (b, sem.coefficients, [("lambda", sem.lambda), ("phi", sem.phi)], sem.standardErrors)] {
            #expect(r.status == 0, "\(r.err)")
            let json = try #require(r.json as? [String: Any])
            #expect(json["standard_errors"] as? String == standardErrors, "\(json["standard_errors"] ?? "")")
            for (key, p) in spatial {
                let o = try #require(json[key] as? [String: Any], "\(key)")
                #expect(close((o["std_error"] as? Double) ?? .nan, p?.stdError ?? .nan, rtol: 1e-12), "\(key) se")
            }
            let rows = try #require(json["coefficients"] as? [[String: Any]])
            #expect(rows.count == coefficients.count)
            for (row, c) in zip(rows, coefficients) { #expect(close((row["std_error"] as? Double) ?? .nan, c.stdError, rtol: 1e-12), "\(c.name)") }
        }
    }

    @Test func refusals() throws {
        let fixed = try run(["--effects", "twoways"])
        #expect(fixed.status == 2 && fixed.err.contains("--effects"), "\(fixed.err)")
        let impacts = try run(["--impacts", "delta"])
        #expect(impacts.status == 2 && impacts.err.contains("GSPRE"), "\(impacts.err)")
        let vce = try run(["--vce", "hac:triangular:2"])
        #expect(vce.status == 2 && vce.err.contains("--vce"), "\(vce.err)")
        let form = try SpatialCLI.run(["--quiet", "fit", "--model", "sem", "--data", PanelSACCLITests.produc, "--unit", "state", "--time", "year",
                                       "--y", "log(gsp)", "--x", "unemp", "--weights", PanelSACCLITests.usaww, "--effects", "random", "--gspre-form", "kkp"])
        #expect(form.status == 2 && form.err.contains("--gspre-form"), "\(form.err)")
        let cross = try SpatialCLI.run(["--quiet", "fit", "--model", "gspre", "--data", PanelSACCLITests.produc, "--y", "gsp", "--x", "unemp",
                                        "--weights", PanelSACCLITests.usaww])
        #expect(cross.status == 2 && cross.err.contains("gspre"), "\(cross.err)")
    }
}
