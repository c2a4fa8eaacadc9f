import Foundation
import Testing
@testable import SpatialEconometrics

/// Formulas with R's meaning, and regressions by formula and by expression that reproduce the fits on logged columns.
@Suite struct FormulaTests {
    @Test func termsInterceptAndExpansionAreRs() throws {
        let f = try Formula("log(gsp) ~ log(pcap) + I(pc / emp) + unemp")
        #expect(f.response.text == "log(gsp)")
        #expect(f.termNames == ["log(pcap)", "I(pc / emp)", "unemp"])
        #expect(f.intercept)
        #expect(try Formula("y ~ a*b").termNames == ["a", "b", "a:b"])
        #expect(try Formula("y ~ a*b + c").termNames == ["a", "b", "c", "a:b"])      // by degree, as R orders them
        #expect(try Formula("y ~ a*b*c").termNames == ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"])
        #expect(try Formula("y ~ a:b + a").termNames == ["a", "a:b"])
        #expect(try Formula("y ~ a + a").termNames == ["a"])
        #expect(try Formula("y ~ a*b - a:b").termNames == ["a", "b"])
        #expect(try Formula("y ~ x - 1").intercept == false)
        #expect(try Formula("y ~ x + 0").intercept == false)
        #expect(try Formula("y ~ 0 + x").intercept == false)
        #expect(try Formula("y ~ -1 + x").intercept == false)
        #expect(try Formula("y ~ x + 1").intercept)
        #expect(try Formula("y ~ 1").termNames.isEmpty)
        #expect(try Formula("`GDP pc` ~ log(`人口`):x").termNames == ["log(`人口`):x"])
    }

    @Test func interactionIsTheProductColumn() throws {
        let t = try DataTable(csv: "y,a,b\n1,2,3\n2,4,5\n4,1,7\n3,2,2\n")
        let d = try RegressionData(table: t, formula: "y ~ a*b - 1")
        #expect(d.xNames == ["a", "b", "a:b"])
        #expect(d.x.column(2) == [6, 20, 7, 4])
        #expect(!d.hasIntercept)
        // The term's name parses back to the same values (an entry point that takes names).
        #expect(try t.numbers("a:b") == [6, 20, 7, 4])
    }

    @Test func resultsAreNamedByTheTrimmedExpression() throws {
        let t = try DataTable(csv: "y,a,b\n1,2,3\n2,4,5\n4,1,7\n3,2,2\n")
        let d = try RegressionData(table: t, y: " log(y) ", x: ["a", "  a * b"])
        #expect(d.yName == "log(y)" && d.xNames == ["(Intercept)", "a", "a * b"])
    }

    @Test func badFormulasNameThePosition() {
        func position(_ f: String) -> Int? {
            do { _ = try Formula(f); return nil } catch {
                switch error {
                case .syntax(_, let p, _, _), .unknownColumn(_, _, let p, _), .unknownFunction(_, _, let p): return p
                default: return nil
                }
            }
        }
        #expect(position("y + x") == 5)              // no ~
        #expect(position("y ~ a ~ b") == 7)          // a second ~
        #expect(position("~ x") == 1)                // no response
        #expect(position("y ~ pc / emp") == 8)       // / outside I()
        #expect(position("y ~ log(x") == 8)          // unclosed
        #expect(position("y ~ x)") == 6)
        #expect(position("y ~ lg(x)") == 5)          // unknown function
        #expect(position("y ~ a + + b") == 9)
        #expect(position("y ~ 2") == 5)
        do { _ = try Formula("y ~ pc / emp") } catch { #expect(error.description.contains("I(pc / emp)")) }
    }

    @Test func unknownColumnInAFormulaNamesItsPositionInTheFormula() throws {
        let t = try DataTable(csv: "y,a\n1,2\n2,3\n3,5\n")
        do {
            _ = try RegressionData(table: t, formula: "y ~ a + log(bb)")
            Issue.record("an unknown column was not an error")
        } catch {
            #expect(error as? DataError == .expression(.unknownColumn("bb", expression: "y ~ a + log(bb)", position: 13, available: ["y", "a"])))
        }
    }

    static func produc() throws -> (raw: DataTable, logged: DataTable) {
        let raw = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        var t = raw
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")] { t = try t.adding(name, values: t.numbers(col).map { log($0) }) }
        return (raw, t)
    }

    @Test func producByFormulaIsTheFitOnLoggedColumns() throws {
        let (raw, logged) = try Self.produc()
        let byFormula = try OrdinaryLeastSquares(RegressionData(table: raw, formula: "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp"))
        let byColumns = try OrdinaryLeastSquares(RegressionData(table: logged, y: "lgsp", x: ["lpcap", "lpc", "lemp", "unemp"]))
        #expect(byFormula.coefficients.map(\.name) == ["(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp"])
        #expect(byFormula.coefficients.map(\.estimate) == byColumns.coefficients.map(\.estimate))
        #expect(byFormula.coefficients.map(\.stdError) == byColumns.coefficients.map(\.stdError))
        #expect(byFormula.sigma2 == byColumns.sigma2)
    }

    @Test func producPanelByExpressionMatchesPlm() throws {
        // plm's own names are the expressions: log(pcap), log(pc), log(emp), unemp.
        let (raw, _) = try Self.produc()
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        let panel = try Panel(table: raw, unit: "state", time: "year", unitOrder: w.ids)
        let f = try Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
        let fit = try PanelLinearRegression(.within(.individual), panel: panel, y: f.response.text, x: f.termNames)
        let (loggedPanel, _) = try PanelRegressionTests.produc()
        let onColumns = try PanelLinearRegression(.within(.individual), panel: loggedPanel, y: "lgsp", x: PanelRegressionTests.xs)
        #expect(fit.coefficients.map(\.estimate) == onColumns.coefficients.map(\.estimate))
        #expect(fit.coefficients.map(\.stdError) == onColumns.coefficients.map(\.stdError))
        let ref = try FixtureJSON("reference/r/produc_panel.json")["results", "plm", "within_individual", "coefficients"].entries()
        #expect(ref.count == fit.coefficients.count)
        for (name, v) in ref {
            let c = try #require(fit.coefficients.first { $0.name == name }, "\(name)")
            #expect(close(c.estimate, try v["Estimate"].number(), rtol: 1e-8), "\(name)")
            #expect(close(c.stdError, try v["Std. Error"].number(), rtol: 1e-8), "\(name) se")
        }
    }

    @Test func spatialPanelByExpressionIsTheFitOnLoggedColumns() throws {
        let (raw, _) = try Self.produc()
        let (loggedPanel, w) = try PanelRegressionTests.produc()
        let panel = try Panel(table: raw, unit: "state", time: "year", unitOrder: w.ids)
        let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]
        let fit = try PanelRegression(.sar, panel: panel, y: "log(gsp)", x: x, weights: w, effects: .individual, estimator: .direct)
        let onColumns = try PanelRegression(.sar, panel: loggedPanel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, effects: .individual, estimator: .direct)
        #expect(fit.coefficients.map(\.name).suffix(4) == ArraySlice(x))
        #expect(fit.coefficients.map(\.estimate) == onColumns.coefficients.map(\.estimate))
        #expect(fit.logLikelihood == onColumns.logLikelihood)
    }
}

extension FormulaTests {
    /// Mutated expressions and formulas (bytes flipped, tokens inserted, lines cut): every one parses or is a typed
    /// error, and evaluating what parses gives values or a typed error, never a crash.
    @Test func mutatedExpressionsAndFormulasNeverTrap() throws {
        let t = try DataTable(csv: "y,a,b,`c d`,x\n1,2,0,3,-1\n2,NA,5,6,4\n3,1,2,,0\n")
        let panel = try Panel(table: DataTable(csv: "u,t,x\nA,1,1\nA,2,2\nB,1,3\nB,2,0\n"), unit: "u", time: "t")
        let seeds = ["log(a) + b^2 / (x - 1)", "-2^-a * sqrt(abs(x)) - exp(b)", "I(a / b):x + `c d`", "lag(diff(log(x)))",
                     "y ~ a*b + log(x) - 1", "log(y) ~ I(a / b) + a:x + 0", "y ~ (a + b) * x"]
        var rng = SeededGenerator(seed: 14)
        for _ in 0..<3_000 {
            let base = Array((seeds.randomElement(using: &rng) ?? "a").utf8)
            let text = String(decoding: TextMutator.mutate(base, using: &rng), as: UTF8.self)
            if let e = try? ColumnExpression(text) {
                _ = try? t.values(of: e)
                _ = try? panel.values(of: e)
            }
            _ = try? t.optionalNumbers(text)
            _ = try? panel.tableValues(text)
            if let f = try? Formula(text) { _ = try? RegressionData(table: t, formula: f) }
        }
    }
}
