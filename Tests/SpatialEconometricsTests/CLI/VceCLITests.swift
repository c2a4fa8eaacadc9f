import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial fit --vce`: the one covariance option (declared once in `SharedOptions`), its JSON field `"vce"`, the
/// standard errors equal to the library's `FitOptions(covariance:)`, and the refusals (status 2, naming `--vce`) of
/// the modes that do not support the covariance asked for.
@Suite struct VceCLITests {
    static let crossSection = InapplicableOptionsCLITests.crossSection
    static let panel = InapplicableOptionsCLITests.panel

    @Test func crossSectionRobustEqualsTheLibrary() throws {
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--vce", "robust", "--impacts", "delta", "--json"] + Self.crossSection)
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        #expect(json["vce"] as? String == "robust")
        let text = try #require(json["standard_errors"] as? String)
        #expect(text.contains("Lin & Lee 2010") && text.contains("White 1980"))
        let fit = try SpatialRegression(.sar, data: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"], weights: Columbus.queen().transformed(.row),
                                        options: FitOptions(covariance: .robust))
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        for (c, want) in zip(coefficients, fit.coefficients) {
            #expect(close(try #require(c["std_error"] as? Double), want.stdError, rtol: 1e-12), "\(want.name)")
        }
        let rho = try #require(json["rho"] as? [String: Any])
        #expect(close(try #require(rho["std_error"] as? Double), fit.rho!.stdError, rtol: 1e-12))
        let plain = try SpatialCLI.run(["fit", "--model", "sar", "--json"] + Self.crossSection)
        #expect((plain.json as? [String: Any])?["vce"] as? String == "default")
    }

    @Test(arguments: ["cluster", "dkraay", "dkraay:3", "robust"])
    func panelCovariances(vce: String) throws {
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--vce", vce, "--json"] + Self.panel)
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        let expected = try CovarianceEstimator(parsing: vce)
        #expect(json["vce"] as? String == expected.description)
        #expect((json["standard_errors"] as? String)?.contains("Lin & Lee 2010") == true)
    }

    @Test(arguments: [
        (["--vce", "cluster"] + crossSection, "needs a panel"),
        (["--vce", "dkraay:2"] + crossSection, "needs a panel"),
        (["--vce", "hac:bartlett:3"] + crossSection, "GMM"),
        (["--vce", "robust", "--se", "hessian"] + crossSection, "does not combine with --se hessian"),
        (["--vce", "cluster", "--estimator", "biascorrected"] + panel, "biascorrected"),
        (["--vce", "cluster", "--dynamic"] + panel, "--uncorrected"),
    ])
    func refusals(arguments: [String], message: String) throws {
        let r = try SpatialCLI.run(["fit", "--model", "sar"] + arguments)
        #expect(r.status == 2, "\(arguments): \(r.err)")
        #expect(r.err.contains("--vce") && r.err.contains(message), "\(r.err)")
        #expect(r.out.isEmpty)
    }

    /// Random effects (sar, sdm): the library's `RandomEffectsRegression(options: FitOptions(covariance:))` standard
    /// errors (beta, rho, phi) and effects, "vce" in the JSON, the Lin & Lee caveat in "standard_errors" and the summary.
    @Test(arguments: [("sar", "cluster"), ("sdm", "dkraay:2"), ("sar", "robust")])
    func randomEffectsEqualTheLibrary(model: String, vce: String) throws {
        let r = try SpatialCLI.run(["fit", "--model", model, "--effects", "random", "--vce", vce, "--impacts", "delta", "--json"] + Self.panel)
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        let estimator = try CovarianceEstimator(parsing: vce)
        #expect(json["vce"] as? String == estimator.description)
        #expect((json["standard_errors"] as? String)?.contains("Lin & Lee 2010") == true)
        let (panel, w) = try Self.producPanel()
        let fit = try RandomEffectsRegression(SpatialModel(rawValue: model) ?? .sar, panel: panel, y: "gsp", x: ["pcap", "emp"], weights: w,
                                              options: FitOptions(covariance: estimator))
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        for (c, want) in zip(coefficients, fit.coefficients) {
            #expect(close(try #require(c["std_error"] as? Double), want.stdError, rtol: 1e-9), "\(want.name)")
        }
        for (key, want) in [("rho", fit.rho), ("phi", fit.phi)] {
            let o = try #require(json[key] as? [String: Any])
            #expect(close(try #require(o["std_error"] as? Double), want?.stdError ?? .nan, rtol: 1e-9), "\(key)")
        }
        let summary = try SpatialCLI.run(["fit", "--model", model, "--effects", "random", "--vce", vce] + Self.panel)
        #expect(summary.status == 0 && summary.out.contains("Lin & Lee 2010"), "\(summary.out)")
    }

    /// The random-effects error models and the GSPRE take the per-cell sandwich (values: RandomEffectsErrorSandwichTests,
    /// GSPRECLITests); GMM's HAC is refused for them as for every ML fit.
    @Test(arguments: ["sem", "sdem", "gspre"])
    func randomEffectsErrorModelsTakeTheSandwich(model: String) throws {
        let r = try SpatialCLI.run(["fit", "--model", model, "--effects", "random", "--vce", "robust"] + Self.panel)
        #expect(r.status == 0 && r.out.contains("per-cell") && r.out.contains("Lin & Lee 2010"), "\(r.err)")
        let hac = try SpatialCLI.run(["fit", "--model", model, "--effects", "random", "--vce", "hac:triangular:2"] + Self.panel)
        #expect(hac.status == 2 && hac.err.contains("--vce"), "\(hac.err)")
    }

    static func producPanel() throws -> (Panel, SpatialWeights) {
        let path = { (name: String) in Self.panel[(Self.panel.firstIndex(of: name) ?? 0) + 1] }
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: path("--weights")))
        let table = try DataTable(contentsOf: URL(fileURLWithPath: path("--data")))
        return (try Panel(table: table, unit: path("--unit"), time: path("--time"), unitOrder: w.ids), w)
    }

    @Test func dynamicUncorrectedTakesASandwich() throws {
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--dynamic", "--uncorrected", "--effects", "individual", "--vce", "cluster", "--json"] + Self.panel)
        #expect(r.status == 0, "\(r.err)")
        #expect((r.json as? [String: Any])?["vce"] as? String == "cluster")
    }

    @Test func malformedValues() throws {
        for bad in ["white", "dkraay:x", "hac:bartlett"] {
            let r = try SpatialCLI.run(["fit", "--model", "sar", "--vce", bad] + Self.crossSection)
            #expect(r.status == 2, "\(bad): \(r.err)")
            #expect(r.err.contains("--vce"), "\(r.err)")
        }
        // Lags that the panel's 17 periods cannot carry: an error of the fit, not a trap.
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--vce", "dkraay:40"] + Self.panel)
        #expect(r.status != 0 && r.err.contains("Driscoll-Kraay"), "\(r.err)")
    }
}
