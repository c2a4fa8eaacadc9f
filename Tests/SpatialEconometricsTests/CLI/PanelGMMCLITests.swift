import Foundation
import Testing
@testable import SpatialCLI
@testable import SpatialEconometrics

/// `spatial gmm --unit --time`: the panel GM (splm's spgm) through the CLI, against splm's numbers
/// (`produc_spgm.json`) and the refusals of options that do not apply.
@Suite struct PanelGMMCLITests {
    static let data = Fixtures.url("data/produc/produc.csv").path
    static let w = Fixtures.url("data/produc/usaww.csv").path
    static let x = "log(pcap),log(pc),log(emp),unemp"

    func fit(_ extra: [String]) throws -> [String: Any] {
        let r = try SpatialCLI.run(["gmm", "--data", Self.data, "--unit", "state", "--time", "year", "--y", "log(gsp)", "--weights", Self.w, "--json"] + extra)
        #expect(r.status == 0, "\(r.err)")
        return try #require(r.json as? [String: Any])
    }

    func compare(_ json: [String: Any], _ key: String) throws {
        let ref = try FixtureJSON("reference/r/produc_spgm.json")["results", key]
        for c in try #require(json["coefficients"] as? [[String: Any]]) {
            let name = try #require(c["name"] as? String)
            #expect(close(c["estimate"] as? Double ?? .nan, try ref["coefficients", name].number(), rtol: 1e-6), "\(key) \(name)")
            #expect(close(c["std_error"] as? Double ?? .nan, try ref["se", name].number(), rtol: 1e-6), "\(key) \(name) se")
        }
        if let rho = json["rho"] as? [String: Any] {
            #expect(close(rho["estimate"] as? Double ?? .nan, try ref["coefficients", "lambda"].number(), rtol: 1e-6), "\(key) rho")
        }
        let lambda = try #require(json["lambda"] as? [String: Any])
        #expect(close(lambda["estimate"] as? Double ?? .nan, try ref["errcomp", "rho"].number(), rtol: 1e-6), "\(key) lambda")
        #expect(lambda["std_error"] is NSNull)
        #expect(close(json["sigma2_v"] as? Double ?? .nan, try ref["errcomp", "sigma^2_v"].number(), rtol: 1e-6), "\(key) sigma2_v")
    }

    @Test func withinSARARAndRandomErrorMatchSplm() throws {
        let sarar = try fit(["--model", "sac", "--x", Self.x])
        #expect(sarar["method"] as? String == "gmm" && sarar["estimator"] as? String == "spgm" && sarar["panel_effects"] as? String == "individual")
        #expect(sarar["log_likelihood"] is NSNull && sarar["aic"] is NSNull)
        try compare(sarar, "within_sarar")
        let random = try fit(["--model", "sem", "--x", Self.x, "--effects", "random", "--moments", "fullweights"])
        #expect(random["moments"] as? String == "fullweights" && random["rho"] is NSNull)
        try compare(random, "random_error_fullweights")
        let endog = try fit(["--model", "sac", "--x", "log(pc),log(emp),unemp", "--endog", "log(pcap)", "--instruments", "log(hwy),log(water)"])
        try compare(endog, "within_sarar_endog")
        // Driscoll-Kraay through --vce: the library's, and the R computation of dk_within_sarar.
        let dk = try fit(["--model", "sac", "--x", Self.x, "--vce", "dkraay:2"])
        #expect(dk["vce"] as? String == "dkraay:2")
        let ref = try FixtureJSON("reference/r/produc_spgm.json")["results", "dk_within_sarar"]
        for c in try #require(dk["coefficients"] as? [[String: Any]]) {
            let name = try #require(c["name"] as? String)
            #expect(close(c["std_error"] as? Double ?? .nan, try ref["se", name].number(), rtol: 1e-6), "DK \(name)")
        }
        let rho = try #require(dk["rho"] as? [String: Any])
        #expect(close(rho["std_error"] as? Double ?? .nan, try ref["se", "lambda"].number(), rtol: 1e-6), "DK rho")
    }

    /// Random effects with an endogenous regressor (sem, sac) and splm's lag-only random estimator (EC2SLS, sar, with
    /// and without the endogenous regressor) against splm (`produc_spgm_random_iv.json`).
    @Test func randomEffectsWithEndogenousRegressorsAndEC2SLSMatchSplm() throws {
        let ref = try FixtureJSON("reference/r/produc_spgm_random_iv.json")["results"]
        let xe = "log(pc),log(emp),unemp", iv = ["--endog", "log(pcap)", "--instruments", "log(hwy),log(water)"]
        for (model, extra, key) in [("sem", iv, "random_error_endog"), ("sac", iv + ["--moments", "fullweights"], "random_sarar_endog_fullweights"),
                                    ("sar", [String](), "random_lag"), ("sar", iv, "random_lag_endog")] {
            let json = try fit(["--model", model, "--x", extra.isEmpty ? Self.x : xe, "--effects", "random"] + extra)
            #expect(json["panel_effects"] as? String == "random", "\(key)")
            let r = ref[key]
            for c in try #require(json["coefficients"] as? [[String: Any]]) {
                let name = try #require(c["name"] as? String)
                #expect(close(c["estimate"] as? Double ?? .nan, try r["coefficients", name].number(), rtol: 1e-6), "\(key) \(name)")
                #expect(close(c["std_error"] as? Double ?? .nan, try r["se", name].number(), rtol: 1e-6), "\(key) \(name) se")
            }
            if model == "sem" { #expect(json["rho"] is NSNull) } else {
                let rho = try #require(json["rho"] as? [String: Any])
                #expect(close(rho["estimate"] as? Double ?? .nan, try r["coefficients", "lambda"].number(), rtol: 1e-6), "\(key) rho")
                #expect(close(rho["std_error"] as? Double ?? .nan, try r["se", "lambda"].number(), rtol: 1e-6), "\(key) rho se")
            }
            if model == "sar" {
                // EC2SLS: no spatial error, no moments; the variance components of the written-out EC2SLS.
                #expect(json["lambda"] is NSNull && json["moments"] is NSNull, "\(key)")
                #expect(close(json["sigma2_1"] as? Double ?? .nan, try ref["ec2sls_" + key, "sigma2_1"].number(), rtol: 1e-6), "\(key) sigma2_1")
                #expect(close(json["sigma2_v"] as? Double ?? .nan, try ref["ec2sls_" + key, "sigma2_v"].number(), rtol: 1e-6), "\(key) sigma2_v")
            } else {
                let lambda = try #require(json["lambda"] as? [String: Any])
                #expect(close(lambda["estimate"] as? Double ?? .nan, try r["errcomp", "rho"].number(), rtol: 1e-6), "\(key) lambda")
                #expect(close(json["sigma2_1"] as? Double ?? .nan, try r["errcomp", "sigma^2_1"].number(), rtol: 1e-6), "\(key) sigma2_1")
            }
        }
    }

    @Test func refusesWhatDoesNotApply() throws {
        let base = ["gmm", "--data", Self.data, "--y", "log(gsp)", "--x", Self.x, "--weights", Self.w]
        let panel = ["--unit", "state", "--time", "year"]
        for (extra, option) in [(panel + ["--moments", "weights"], "--moments"), (panel + ["--w-lags", "2"], "--w-lags"), (panel + ["--vce", "hac:bartlett:2"], "--vce"),
                                (["--effects", "random"], "--effects"), (panel + ["--model", "sdm"], "not sdm"),
                                (panel + ["--effects", "random", "--model", "sar", "--moments", "weights"], "EC2SLS"), (["--unit", "state"], "--time")] {
            let r = try SpatialCLI.run(base + extra)
            #expect(r.status != 0, "\(extra) should be refused")
            #expect(r.err.contains(option), "\(extra): \(r.err)")
        }
    }
    /// Every number of a JSON value, in key order.
    static func numbers(_ v: Any) -> [Double] {
        if let d = v as? [String: Any] { return d.keys.sorted().flatMap { numbers(d[$0] as Any) } }
        if let a = v as? [Any] { return a.flatMap { numbers($0) } }
        if v is Bool { return [] }
        return (v as? Double).map { [$0] } ?? []
    }

    /// Every string of a JSON value, with its key path.
    static func strings(_ v: Any, _ path: String = "") -> [String] {
        if let d = v as? [String: Any] { return d.keys.sorted().flatMap { strings(d[$0] as Any, path + "/" + $0) } }
        if let a = v as? [Any] { return a.enumerated().flatMap { strings($0.element, path + "/\($0.offset)") } }
        return (v as? String).map { [path + "=" + $0] } ?? []
    }

    /// `spatial fit --method gmm --unit --time` is `spatial gmm --unit --time` (one entry, the same JSON byte for byte),
    /// with --effects individual|random and --moments; `--effects twoways` is refused (the panel GM has unit effects only).
    @Test func fitMethodGMMEqualsGMMCommand() throws {
        let common = ["--data", Self.data, "--unit", "state", "--time", "year", "--y", "log(gsp)", "--x", Self.x, "--weights", Self.w, "--json"]
        for extra in [["--model", "sac"], ["--model", "sem", "--effects", "random", "--moments", "weights"],
                      ["--model", "sar", "--effects", "individual", "--vce", "cluster"]] {
            let gmm = try SpatialCLI.run(["gmm"] + common + extra)
            let fit = try SpatialCLI.run(["fit", "--method", "gmm"] + common + extra)
            #expect(gmm.status == 0 && fit.status == 0, "\(extra): \(gmm.err) \(fit.err)")
            // The same keys and values (numbers to 1e-12 relative: the random-effects GM differs from run to run in
            // the last bits, see EstimatorEntryTests).
            let json = try #require(fit.json as? [String: Any]), reference = try #require(gmm.json as? [String: Any])
            #expect(Set(json.keys) == Set(reference.keys), "\(extra) keys")
            #expect(Self.numbers(json).count > 10 && EstimatorEntryTests.equal(Self.numbers(json), Self.numbers(reference), rtol: 1e-12),
                    "\(extra): spatial fit --method gmm differs from spatial gmm")
            #expect(Self.strings(json) == Self.strings(reference), "\(extra) texts")
            #expect(json["method"] as? String == "gmm" && json["coefficients"] is [[String: Any]] && json["log_likelihood"] is NSNull)
        }
        let refused = try SpatialCLI.run(["fit", "--method", "gmm", "--model", "sar", "--effects", "twoways"] + common)
        #expect(refused.status != 0 && refused.err.contains("--effects"), "\(refused.err)")
        let gspre = try SpatialCLI.run(["fit", "--method", "gmm", "--model", "gspre"] + common)
        #expect(gspre.status != 0 && gspre.err.contains("gspre"), "\(gspre.err)")
    }
}
