import Foundation
import Testing
@testable import SpatialEconometrics

/// `--y`, `--x` and `--var` take column expressions through the library's resolver; each item of `--x` is one
/// expression (commas inside parentheses do not split).
@Suite struct ExpressionCLITests {
    static let produc = Fixtures.url("data/produc/produc.csv").path
    static let usaww = Fixtures.url("data/produc/usaww.csv").path

    @Test func panelFitTakesExpressions() throws {
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--data", Self.produc, "--unit", "state", "--time", "year",
                                    "--y", "log(gsp)", "--x", "log(pcap),log(pc)", "--weights", Self.usaww,
                                    "--effects", "individual", "--estimator", "direct", "--json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        let (logged, w) = try PanelRegressionTests.produc()
        let fit = try PanelRegression(.sar, panel: logged, y: "lgsp", x: ["lpcap", "lpc"], weights: w.transformed(.row), effects: .individual, estimator: .direct)
        let names = coefficients.compactMap { $0["name"] as? String }
        #expect(names.contains("log(pcap)") && names.contains("log(pc)"), "\(names)")
        for c in fit.coefficients {
            let name = c.name.replacingOccurrences(of: "lpcap", with: "log(pcap)").replacingOccurrences(of: "lpc", with: "log(pc)")
            let e = try #require(coefficients.first { $0["name"] as? String == name }?["estimate"] as? Double, "\(name)")
            #expect(close(e, c.estimate, rtol: 1e-10), "\(name)")
        }
    }

    @Test func crossSectionFitTakesAnExpressionListWithCommasInParentheses() throws {
        let data = Fixtures.url("data/columbus/columbus.csv").path, gal = Fixtures.url("data/columbus/columbus_queen.gal").path
        let r = try SpatialCLI.run(["ols", "--data", data, "--y", "log(CRIME)", "--x", "I(INC / 10), HOVAL^2", "--weights", gal, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let coefficients = try #require((r.json as? [String: Any])?["coefficients"] as? [[String: Any]])
        #expect(coefficients.compactMap { $0["name"] as? String } == ["(Intercept)", "I(INC / 10)", "HOVAL^2"])
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        var t = paired.table
        t = try t.adding("ly", values: t.numbers("CRIME").map { log($0) })
        t = try t.adding("inc10", values: t.numbers("INC").map { $0 / 10 })
        t = try t.adding("hoval2", values: t.numbers("HOVAL").map { $0 * $0 })
        let ols = try OrdinaryLeastSquares(RegressionData(table: t, y: "ly", x: ["inc10", "hoval2"]))
        for (c, j) in zip(ols.coefficients, coefficients) {
            #expect(close(try #require(j["estimate"] as? Double), c.estimate, rtol: 1e-12))
        }
    }

    @Test func moranTakesAnExpression() throws {
        let data = Fixtures.url("data/columbus/columbus.csv").path, gal = Fixtures.url("data/columbus/columbus_queen.gal").path
        let r = try SpatialCLI.run(["moran", "--data", data, "--var", "log(CRIME)", "--weights", gal, "--json", "--permutations", "0"])
        #expect(r.status == 0, "\(r.err)")
        let paired = try PairedData(table: Columbus.table(), weights: Columbus.queen().transformed(.row), idColumn: "POLYID")
        let moran = try GlobalMoran(try paired.table.numbers("CRIME").map { log($0) }, weights: paired.weights)
        #expect(r.out.contains(String(format: "%.6f", moran.I)) || r.out.contains("\(moran.I)"), "\(r.out.prefix(400))")
    }

    @Test func badExpressionsAreUsageErrorsNamingPositionAndColumn() throws {
        let data = Fixtures.url("data/columbus/columbus.csv").path, gal = Fixtures.url("data/columbus/columbus_queen.gal").path
        let unknown = try SpatialCLI.run(["ols", "--data", data, "--y", "CRIME", "--x", "log(INCOME)", "--weights", gal])
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("position 5") && unknown.err.contains("'INCOME'"), "\(unknown.err)")
        let unbalanced = try SpatialCLI.run(["ols", "--data", data, "--y", "log(CRIME", "--x", "INC", "--weights", gal])
        #expect(unbalanced.status != 0)
        #expect(unbalanced.err.contains("position 4") && unbalanced.err.contains("not closed"), "\(unbalanced.err)")
        let domain = try SpatialCLI.run(["ols", "--data", data, "--y", "CRIME", "--x", "log(INC - 10)", "--weights", gal])
        #expect(domain.status != 0)
        #expect(domain.err.contains("row ") && domain.err.contains("log(INC - 10)"), "\(domain.err)")
    }
}

extension ExpressionCLITests {
    @Test func domainErrorNamesTheRowOfTheFileWhenRowsAreShuffled() throws {
        // Rows in reverse order of the weights' ids, with --drop-missing: the error names the line of the user's file.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("expr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("d.csv"), gal = dir.appendingPathComponent("w.gal")
        try "id,y,x\n4,1,2\n3,2,-1\n2,4,3\n1,3,5\n".write(to: csv, atomically: true, encoding: .utf8)
        try "0 4 w id\n1 1\n2\n2 2\n1 3\n3 2\n2 4\n4 1\n3\n".write(to: gal, atomically: true, encoding: .utf8)
        for extra in [[], ["--drop-missing"]] {
            let r = try SpatialCLI.run(["ols", "--data", csv.path, "--y", "y", "--x", "log(x)", "--weights", gal.path] + extra)
            #expect(r.status != 0)
            #expect(r.err.contains("row 2") && r.err.contains("log of -1"), "\(extra): \(r.err)")
        }
    }

    /// `--formula` is `--y`/`--x` written as R writes it: the same fit as the library's formula entry point, names
    /// as written, `- 1` as `--no-intercept`; refused with --y or --x, with --no-intercept, and when malformed.
    @Test func formulaEqualsTheLibrarysFormulaFit() throws {
        let data = Fixtures.url("data/columbus/columbus.csv").path, gal = Fixtures.url("data/columbus/columbus_queen.gal").path
        let formula = "CRIME ~ INC * HOVAL + I(HOVAL / INC)"
        let r = try SpatialCLI.run(["--quiet", "fit", "--model", "sdm", "--data", data, "--formula", formula, "--weights", gal, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let coefficients = try #require((r.json as? [String: Any])?["coefficients"] as? [[String: Any]])
        let paired = try PairedData(table: Columbus.table(), weights: try Columbus.queen().transformed(.row), idColumn: "POLYID")
        let fit = try SpatialRegression(.sdm, data: try RegressionData(table: paired.table, formula: formula), weights: paired.weights)
        #expect(coefficients.compactMap { $0["name"] as? String } == fit.coefficients.map(\.name))
        for (c, e) in zip(fit.coefficients, coefficients) { #expect(close((e["estimate"] as? Double) ?? .nan, c.estimate, rtol: 1e-10), "\(c.name)") }
        #expect(fit.coefficients.map(\.name).prefix(5) == ["(Intercept)", "INC", "HOVAL", "I(HOVAL / INC)", "INC:HOVAL"])
        // - 1 is --no-intercept.
        let a = try SpatialCLI.run(["--quiet", "fit", "--model", "sar", "--data", data, "--formula", "CRIME ~ INC + HOVAL - 1", "--weights", gal, "--json"])
        let b = try SpatialCLI.run(["--quiet", "fit", "--model", "sar", "--data", data, "--y", "CRIME", "--x", "INC,HOVAL", "--no-intercept", "--weights", gal, "--json"])
        #expect(a.status == 0 && a.out == b.out, "\(a.err)")
        // A panel's tests take the formula too.
        let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]
        let panelArguments = ["--quiet", "tests", "--data", Self.produc, "--unit", "state", "--time", "year", "--weights", Self.usaww, "--json"]
        let viaFormula = try SpatialCLI.run(panelArguments + ["--formula", "log(gsp) ~ " + x.joined(separator: " + ")])
        let viaLists = try SpatialCLI.run(panelArguments + ["--y", "log(gsp)", "--x", x.joined(separator: ",")])
        #expect(viaFormula.status == 0 && viaFormula.out == viaLists.out, "\(viaFormula.err)")
        // Refusals name the option.
        for (arguments, expected) in [(["--formula", "CRIME ~ INC", "--y", "CRIME"], "--y"), (["--formula", "CRIME ~ INC", "--no-intercept"], "- 1"),
                                      (["--formula", "CRIME ~ INC +"], "--formula"), (["--formula", "CRIME ~ NOPE"], "NOPE")] {
            let bad = try SpatialCLI.run(["--quiet", "fit", "--model", "sar", "--data", data, "--weights", gal] + arguments)
            #expect(bad.status != 0 && bad.err.contains(expected), "\(arguments): \(bad.err)")
        }
    }

    /// `lag()` in a panel fit drops the leading period it has no value for (as Stata's `L.`), with a warning: the fit
    /// equals the library's fit of a table whose lag column is computed here by hand, without 1970.
    @Test func lagDropsTheFirstPeriod() throws {
        let r = try SpatialCLI.run(["fit", "--model", "sar", "--data", Self.produc, "--unit", "state", "--time", "year", "--y", "log(gsp)",
                                    "--x", "log(pcap),lag(log(pc))", "--weights", Self.usaww, "--effects", "individual", "--estimator", "direct", "--json"])
        #expect(r.status == 0 && r.err.contains("dropped the first period (1970): lag(log(pc)) has no previous period there; T = 16"), "\(r.err)")
        let json = try #require(r.json as? [String: Any])
        #expect(json["t"] as? Int == 16)
        let t = try Dataset.produc.table("produc.csv")
        let state = try t.strings("state"), year = try t.numbers("year"), pc = try t.numbers("pc")
        var lagged = [Double](repeating: .nan, count: t.rowCount)
        for r in 0..<t.rowCount where year[r] > 1970 {
            let before = (0..<t.rowCount).first { state[$0] == state[r] && year[$0] == year[r] - 1 }
            lagged[r] = before.map { log(pc[$0]) } ?? .nan
        }
        let kept = (0..<t.rowCount).filter { year[$0] > 1970 }
        let table = try t.adding("lag_lpc", values: lagged).selectingRows(kept)
        let panel = try Panel(table: table, unit: "state", time: "year")
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: Self.usaww)).transformed(.row)
        let fit = try PanelRegression(.sar, panel: panel, y: "log(gsp)", x: ["log(pcap)", "lag_lpc"], weights: w, effects: .individual, estimator: .direct)
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        for (c, e) in zip(fit.coefficients, coefficients) { #expect(close((e["estimate"] as? Double) ?? .nan, c.estimate, rtol: 1e-10), "\(c.name)") }
        let rho = try #require(json["rho"] as? [String: Any])
        #expect(close((rho["estimate"] as? Double) ?? .nan, fit.rho?.estimate ?? .nan, rtol: 1e-10))
    }
}
