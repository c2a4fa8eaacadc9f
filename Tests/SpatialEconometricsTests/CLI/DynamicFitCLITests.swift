import Foundation
import Testing
@testable import SpatialEconometrics

/// `spatial fit --dynamic`: the library's DynamicPanelRegression (itself checked against the derived produc
/// references), with "tau", "eta" shaped like "rho" and "effects" holding "short_run" and "long_run"; the lag choice
/// of xsmle's dlag; the refusals name the option or the parameters.
@Suite struct DynamicFitCLITests {
    static let produc = Fixtures.url("data/produc/produc.csv").path, usaww = Fixtures.url("data/produc/usaww.csv").path
    static let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]

    func run(_ extra: [String]) throws -> SpatialCLI.Result {
        try SpatialCLI.run(["--quiet", "fit", "--data", Self.produc, "--unit", "state", "--time", "year", "--y", "log(gsp)",
                            "--x", Self.x.joined(separator: ","), "--weights", Self.usaww] + extra)
    }

    @Test func jsonIsTheLibrarysFit() throws {
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.usaww)).transformed(.row)
        for (lags, flag) in [(DynamicLags.both, ["--dynamic"]), (.wy, ["--dynamic", "wy"])] {
            let fit = try DynamicPanelRegression(.sdm, panel: panel, y: "log(gsp)", x: Self.x, weights: w, effects: .twoways, lags: lags)
            let shortRun = try fit.shortRunEffects(inference: .delta), longRun = try fit.longRunEffects(inference: .delta)
            let r = try run(["--model", "sdm"] + flag + ["--impacts", "delta", "--json"])
            #expect(r.status == 0, "\(r.err)")
            let json = try #require(r.json as? [String: Any])
            let rho = try #require(json["rho"] as? [String: Any]), eta = try #require(json["eta"] as? [String: Any])
            #expect(close((rho["estimate"] as? Double) ?? .nan, fit.rho?.estimate ?? .nan, rtol: 1e-10))
            #expect(close((eta["estimate"] as? Double) ?? .nan, fit.eta?.estimate ?? .nan, rtol: 1e-10))
            #expect(close((eta["std_error"] as? Double) ?? .nan, fit.eta?.stdError ?? .nan, rtol: 1e-10))
            if lags == .both {
                let tau = try #require(json["tau"] as? [String: Any])
                #expect(close((tau["estimate"] as? Double) ?? .nan, fit.tau?.estimate ?? .nan, rtol: 1e-10))
                // The produc reference (36_dynamic.R): corrected two-way SDM, both lags.
                #expect(abs(((tau["estimate"] as? Double) ?? .nan) - 0.898188) < 5e-7)
            } else {
                #expect(json["tau"] == nil)
            }
            #expect(json["t"] as? Int == 16 && json["estimator"] as? String == "biascorrected")
            let effects = try #require(json["effects"] as? [String: Any])
            for (key, expected) in [("short_run", shortRun), ("long_run", longRun)] {
                let block = try #require(effects[key] as? [String: Any], "\(key)")
                let total = try #require(block["total"] as? [[String: Any]])
                for (e, t) in zip(expected.total, total) {
                    #expect(close((t["estimate"] as? Double) ?? .nan, e.estimate, rtol: 1e-9) && close((t["std_error"] as? Double) ?? .nan, e.stdError ?? .nan, rtol: 1e-6),
                            "\(key) \(e.name)")
                }
            }
        }
        // --uncorrected: the QML.
        let qml = try run(["--model", "sar", "--dynamic", "both", "--effects", "individual", "--uncorrected", "--json"])
        let lib = try DynamicPanelRegression(.sar, panel: panel, y: "log(gsp)", x: Self.x, weights: w, effects: .individual, biasCorrected: false)
        #expect(qml.status == 0 && (qml.json as? [String: Any])?["estimator"] as? String == "qml", "\(qml.err)")
        let tau = try #require((qml.json as? [String: Any])?["tau"] as? [String: Any])
        #expect(close((tau["estimate"] as? Double) ?? .nan, lib.tau?.estimate ?? .nan, rtol: 1e-10))
        // A table export prints the short- and long-run tables.
        let md = try run(["--model", "sdm", "--dynamic", "--impacts", "delta", "--format", "markdown"])
        #expect(md.status == 0 && md.out.contains("**Short-run direct, indirect and total effects**") && md.out.contains("**Long-run direct"))
    }

    @Test func refusals() throws {
        let sem = try run(["--model", "sem", "--dynamic"])
        #expect(sem.status == 2 && sem.err.contains("--dynamic"), "\(sem.err)")
        let time = try run(["--model", "sar", "--dynamic", "--effects", "time"])
        #expect(time.status == 2 && time.err.contains("individual or twoways"), "\(time.err)")
        let estimator = try run(["--model", "sar", "--dynamic", "--estimator", "leeyu"])
        #expect(estimator.status == 2 && estimator.err.contains("--estimator"), "\(estimator.err)")
        let uncorrected = try run(["--model", "sar", "--uncorrected"])
        #expect(uncorrected.status == 2 && uncorrected.err.contains("--uncorrected"), "\(uncorrected.err)")
        let badLag = try run(["--model", "sar", "--dynamic", "yy"])
        #expect(badLag.status == 2, "\(badLag.err)")
        // Two-way SDM with y(t-1) only: max |eig A| = 1.048 at the QML, so no bias correction exists; the message names
        // the parameters and the fits that do exist.
        let explosive = try run(["--model", "sdm", "--dynamic", "y"])
        #expect(explosive.status == 1 && explosive.err.contains("tau = ") && explosive.err.contains("--uncorrected"), "\(explosive.err)")
        // Its QML is reported, and its long run refused (exit 3, "long_run": null).
        let qml = try run(["--model", "sdm", "--dynamic", "y", "--uncorrected", "--json"])
        #expect(qml.status == 3 && qml.err.contains("long-run effects refused"), "\(qml.err)")
        let effects = try #require((qml.json as? [String: Any])?["effects"] as? [String: Any])
        #expect(effects["long_run"] is NSNull && effects["short_run"] is [String: Any])
    }
}
