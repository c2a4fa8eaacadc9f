import Foundation
import Testing
@testable import SpatialEconometrics

/// Numbers a model cannot support are refused or flagged (the trust issue, section 2). Inputs from the bad-input
/// catalogue in `Fixtures/reliability/` (see its PROVENANCE.md).
enum TrustFixtures {
    static func table(_ file: String) throws -> DataTable { try DataTable(contentsOf: Fixtures.url("reliability/" + file)) }

    /// `p/const_y.csv` or another produc-based panel with the usaww weights.
    static func produc(_ file: String) throws -> (Panel, SpatialWeights) {
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        return (try Panel(table: table(file), unit: "state", time: "year", unitOrder: w.ids), w)
    }

    static func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? .nan
    }
}

/// Rank detection on unit-norm columns: a regressor times 1e6 or 1e-6, or a population column, is not "collinear".
@Suite struct ScaleFreeRankTests {
    static let w = Result { try Columbus.queen().transformed(.row) }

    /// CRIME on (`column` / scale, HOVAL) and on (`column`, HOVAL): the scaled columns of scale3.csv are INC times the
    /// scale; POP of scale4.csv is compared with POP / 1e6 (with INC, HOVAL).
    func fits(_ column: String, scale: Double, file: String) throws -> (OrdinaryLeastSquares, OrdinaryLeastSquares, SpatialRegression, SpatialRegression) {
        let t = try TrustFixtures.table(file)
        let y = try t.numbers("CRIME"), scaled = try t.numbers(column)
        var others = [("HOVAL", try t.numbers("HOVAL"))]
        if column == "POP" { others.insert(("INC", try t.numbers("INC")), at: 0) }
        let base = try RegressionData(y: y, yName: "CRIME", columns: [("Z", scaled.map { $0 / scale })] + others)
        let big = try RegressionData(y: y, yName: "CRIME", columns: [("Z", scaled)] + others)
        let w = try Self.w.get()
        return (try OrdinaryLeastSquares(base), try OrdinaryLeastSquares(big), try SpatialRegression(.sar, data: base, weights: w),
                try SpatialRegression(.sar, data: big, weights: w))
    }

    /// `max |a - b| / max |b|`.
    func relative(_ a: [Double], _ b: [Double]) -> Double {
        (zip(a, b).map { abs($0 - $1) }.max() ?? .nan) / (b.map(abs).max() ?? .nan)
    }

    @Test(arguments: [("X_1e+06", 1e6, "csv/scale3.csv"), ("X_1e-06", 1e-6, "csv/scale3.csv"), ("POP", 1e6, "csv/scale4.csv")])
    func scaledRegressorGivesTheSameStatistics(column: String, scale: Double, file: String) throws {
        let (ols0, ols1, sar0, sar1) = try fits(column, scale: scale, file: file)
        #expect(TrustFixtures.maxRelativeDifference(ols1.coefficients.map(\.statistic), ols0.coefficients.map(\.statistic)) < 1e-9, "\(column) OLS t")
        #expect(relative(ols1.fitted, ols0.fitted) < 1e-9, "\(column) OLS fitted")
        #expect(close(ols1.coefficients[1].estimate * scale, ols0.coefficients[1].estimate, rtol: 1e-9), "\(column) slope un-scaled")
        #expect(TrustFixtures.maxRelativeDifference(sar1.coefficients.map(\.statistic), sar0.coefficients.map(\.statistic)) < 1e-9, "\(column) SAR z")
        #expect(close(sar1.rho!.statistic, sar0.rho!.statistic, rtol: 1e-9), "\(column) SAR rho z")
        #expect(relative(sar1.residuals, sar0.residuals) < 1e-9, "\(column) SAR residuals")
    }

    @Test func genuinelyCollinearColumnIsStillNamed() throws {
        let t = try TrustFixtures.table("csv/scale4.csv")
        let pop = try t.numbers("POP")
        let d = try RegressionData(y: t.numbers("CRIME"), yName: "CRIME", columns: [("POP", pop), ("POP2", pop.map { 2 * $0 })])
        #expect(throws: ModelError.collinear(["POP2"])) { try OrdinaryLeastSquares(d) }
        #expect(throws: ModelError.collinear(["POP2"])) { try SpatialRegression(.sar, data: d, weights: Self.w.get()) }
        // A zero column is aliased.
        let zero = try RegressionData(y: t.numbers("CRIME"), yName: "CRIME", columns: [("INC", t.numbers("INC")), ("ZERO", [Double](repeating: 0, count: 49))])
        #expect(throws: ModelError.collinear(["ZERO"])) { try OrdinaryLeastSquares(zero) }
    }
}

/// A constant y is refused at every entry point; an exact linear y is flagged by OLS and refused by the rest.
@Suite struct ConstantAndPerfectResponseTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]

    func columbus(y: (DataTable) throws -> [Double]) throws -> RegressionData {
        let t = try TrustFixtures.table("csv/const_y.csv")
        return try RegressionData(y: y(t), yName: "CRIME", columns: [("INC", t.numbers("INC")), ("HOVAL", t.numbers("HOVAL"))])
    }

    @Test func crossSectionConstantY() throws {
        let d = try columbus { try $0.numbers("CRIME") }
        let w = try Columbus.queen().transformed(.row)
        let refusal = ModelError.constantResponse(variable: "CRIME")
        #expect(refusal.description.contains("'CRIME' is constant"))
        #expect(throws: refusal) { try OrdinaryLeastSquares(d) }
        for model in SpatialModel.allCases {
            #expect(throws: refusal, "\(model)") { try SpatialRegression(model, data: d, weights: w) }
        }
        // Constant up to 1e-13 relative: still constant (scale-free).
        let nearly = try columbus { t in try t.numbers("CRIME").enumerated().map { 5e8 * (1 + ($0.offset % 2 == 0 ? 1e-13 : 0)) } }
        #expect(throws: refusal) { try OrdinaryLeastSquares(nearly) }
    }

    @Test func crossSectionPerfectFit() throws {
        let d = try columbus { t in try zip(t.numbers("INC"), t.numbers("HOVAL")).map { 3 + 2 * $0 - 0.5 * $1 } }
        let w = try Columbus.queen().transformed(.row)
        let ols = try OrdinaryLeastSquares(d)
        #expect(ols.warnings == ["essentially perfect fit: summary may be unreliable"])
        #expect(ols.summary.contains("essentially perfect fit"))
        #expect(throws: ModelError.perfectFit) { try SpatialDiagnostics(ols: ols, data: d, weights: w) }
        for model in SpatialModel.allCases {
            #expect(throws: ModelError.perfectFit, "\(model)") { try SpatialRegression(model, data: d, weights: w) }
        }
        // An ordinary fit carries no warning.
        let crime = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        #expect(try OrdinaryLeastSquares(crime).warnings.isEmpty)
    }

    @Test func panelConstantY() throws {
        let (panel, w) = try TrustFixtures.produc("p/const_y.csv")
        let x = ["pcap", "pc", "emp", "unemp"]
        for effects in [PanelEffects.individual, .time, .twoways] {
            let refusal = ModelError.constantResponse(variable: "gsp", effects: effects.rawValue)
            #expect(refusal.description.contains("after removing the \(effects.rawValue) effects"))
            for estimator in PanelEstimator.allCases where !(estimator == .biascorrected && effects == .time) {
                for model in [SpatialModel.sar, .sdm, .sem, .sdem] where !(estimator == .biascorrected && model.hasError) {
                    #expect(throws: refusal, "\(model) \(effects) \(estimator)") {
                        try PanelRegression(model, panel: panel, y: "gsp", x: x, weights: w, effects: effects, estimator: estimator)
                    }
                }
            }
            #expect(throws: refusal) { try PanelLinearRegression(.within(effects), panel: panel, y: "gsp", x: x) }
            #expect(throws: refusal) { try PanelLMDiagnostics(panel: panel, y: "gsp", x: x, weights: w, effects: effects) }
        }
        #expect(throws: ModelError.constantResponse(variable: "gsp")) {
            try PanelRegression(.sar, panel: panel, y: "gsp", x: x, weights: w, effects: PanelEffects.none)
        }
        for model in [SpatialModel.sar, .sem] {
            #expect(throws: ModelError.constantResponse(variable: "gsp")) { try RandomEffectsRegression(model, panel: panel, y: "gsp", x: x, weights: w) }
        }
        #expect(throws: ModelError.constantResponse(variable: "gsp")) { try RandomEffectsRegression.nonSpatial(panel: panel, y: "gsp", x: x) }
        #expect(throws: ModelError.constantResponse(variable: "gsp")) { try PanelLinearRegression(.pooling, panel: panel, y: "gsp", x: x) }
        #expect(throws: ModelError.constantResponse(variable: "gsp")) { try PanelLinearRegression(.random, panel: panel, y: "gsp", x: x) }
        #expect(throws: ModelError.constantResponse(variable: "gsp")) { try RandomEffectsLMDiagnostics(panel: panel, y: "gsp", x: x, weights: w) }
    }

    @Test func panelPerfectFit() throws {
        var t = try TrustFixtures.table("p/const_y.csv")
        t = try t.adding("exact", values: zip(try t.numbers("pcap"), try t.numbers("unemp")).map { 1 + 0.25 * $0 - 3 * $1 })
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        let panel = try Panel(table: t, unit: "state", time: "year", unitOrder: w.ids)
        let x = ["pcap", "unemp"]
        for estimator in PanelEstimator.allCases {
            for model in [SpatialModel.sar, .sdm, .sem] where !(estimator == .biascorrected && model.hasError) {
                #expect(throws: ModelError.perfectFit, "\(model) \(estimator)") {
                    try PanelRegression(model, panel: panel, y: "exact", x: x, weights: w, effects: .individual, estimator: estimator)
                }
            }
        }
        for model in [SpatialModel.sar, .sem] {
            #expect(throws: ModelError.perfectFit, "RE \(model)") { try RandomEffectsRegression(model, panel: panel, y: "exact", x: x, weights: w) }
        }
        #expect(throws: ModelError.perfectFit) { try PanelLMDiagnostics(panel: panel, y: "exact", x: x, weights: w, effects: .twoways) }
        #expect(throws: ModelError.perfectFit) { try RandomEffectsLMDiagnostics(panel: panel, y: "exact", x: x, weights: w) }
        #expect(throws: ModelError.perfectFit) { try PanelLinearRegression(.random, panel: panel, y: "exact", x: x) }
        let within = try PanelLinearRegression(.within(.twoways), panel: panel, y: "exact", x: x)
        #expect(within.warnings == ["essentially perfect fit: summary may be unreliable"])
    }
}

/// One at-bound rule for every fit: flagged, first line of the summary, effects refused.
@Suite struct BoundaryStatusTests {
    /// y = (I - 0.9999999 W)^-1 (1 + x + 0.001 e) on columbus: rho runs to 1/lambda_max = 1 (0.99996).
    static func nearUnitRoot() throws -> (RegressionData, SpatialWeights) {
        let w = try Columbus.queen().transformed(.row)
        var g = SeededGenerator(seed: 11)
        let x = (0..<49).map { _ in g.normal() }, e = (0..<49).map { _ in g.normal() }
        let a = try Matrix.identity(49) - 0.9999999 * w.dense
        let y = try LUDecomposition(a).solve(Matrix(rows: 49, columns: 1, columnMajor: zip(x, e).map { 1 + $0 + 1e-3 * $1 })).elements
        return (try RegressionData(y: y, columns: [("x", x)]), w)
    }

    @Test func theRule() {
        #expect(BoundaryStatus.bound(of: 0.99995, in: -1...1) == 1)
        #expect(BoundaryStatus.bound(of: -0.99999, in: -1...1) == -1)
        #expect(BoundaryStatus.bound(of: 0.9997, in: -1...1) == nil)
        // Relative to the width: the same position on a wider interval.
        #expect(BoundaryStatus.bound(of: 1.9999, in: -2...2) == 2)
        #expect(BoundaryStatus.bound(of: 0.4, in: -1...1) == nil)
    }

    @Test func fitAtTheBoundIsFlaggedAndEffectsRefused() throws {
        let (d, w) = try Self.nearUnitRoot()
        for model in [SpatialModel.sar, .sdm] {
            let fit = try SpatialRegression(model, data: d, weights: w)
            #expect(fit.atBound, "\(model)")
            let hit = try #require(fit.boundary)
            #expect(hit.parameter == "rho" && hit.value == fit.rho!.estimate && abs(hit.bound - 1) < 1e-12)
            let first = fit.summary.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("WARNING: rho = \(fit.rho!.estimate) is at the bound"), "\(first)")
            #expect(fit.warnings.first == hit.error.description)
            do {
                _ = try ImpactMeasures(fit, weights: w)
                Issue.record("effects of an at-bound fit accepted")
            } catch {
                #expect(error == hit.error)
                let message = error.description
                #expect(message.contains("rho = \(fit.rho!.estimate)") && message.contains("bound \(hit.bound)"))
                #expect(message.contains("W's normalisation, a unit root in y, or a misspecified W"))
            }
            // JSON carries the flag; JSON without it (written before the field existed) still decodes.
            let data = try JSONEncoder().encode(fit)
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["at_bound"] as? Bool == true)
            object["at_bound"] = nil; object["boundary"] = nil; object["near_singular_information"] = nil
            let old = try JSONDecoder().decode(SpatialRegression.self, from: JSONSerialization.data(withJSONObject: object))
            #expect(!old.atBound && old.rho == fit.rho)
        }
    }

    @Test func pooledPanelAtTheBoundIsFlaggedAndEffectsRefused() throws {
        // y_t = (I - 0.99999 W)^-1 (1 + x_t + e_t) per period on usaww (48 states, 5 periods), pooled with an intercept.
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        var g = SeededGenerator(seed: 5)
        let a = try LUDecomposition(Matrix.identity(48) - 0.99999 * w.matrix.dense)
        var rows = ["state,year,y,x"]
        for p in 0..<5 {
            let x = (0..<48).map { _ in g.normal() }, e = (0..<48).map { _ in g.normal() }
            let y = try a.solve(Matrix(rows: 48, columns: 1, columnMajor: zip(x, e).map { 1 + $0 + $1 })).elements
            for i in 0..<48 { rows.append("\(w.ids[i]),\(2000 + p),\(y[i]),\(x[i])") }
        }
        let panel = try Panel(table: DataTable(csv: rows.joined(separator: "\n")), unit: "state", time: "year", unitOrder: w.ids)
        let fit = try PanelRegression(.sar, panel: panel, y: "y", x: ["x"], weights: w, effects: PanelEffects.none)
        #expect(fit.atBound && fit.boundary?.parameter == "rho", "\(fit.rho!)")
        #expect(fit.summary.hasPrefix("WARNING: rho = "))
        #expect(throws: try #require(fit.boundary).error) { try ImpactMeasures(fit, weights: w) }
    }

    @Test func interiorFitIsNotFlagged() throws {
        let d = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let w = try Columbus.queen().transformed(.row)
        for model in [SpatialModel.sar, .sem, .sac] {
            let fit = try SpatialRegression(model, data: d, weights: w)
            #expect(!fit.atBound && fit.boundary == nil && !fit.nearSingularInformation, "\(model)")
            #expect(!fit.summary.hasPrefix("WARNING"))
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(fit)) as? [String: Any]
            #expect(object?["at_bound"] as? Bool == false)
        }
        let (panel, pw) = try PanelRegressionTests.produc()
        let fe = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: pw)
        #expect(!fe.atBound && !fe.nearSingularInformation && !fe.summary.hasPrefix("WARNING"))
    }
}

/// A near-singular information matrix is flagged with the parameter that is not identified.
@Suite struct NearSingularInformationTests {
    /// N = 2 units with time effects (`p/N2.csv`, `p/W2.gal`): after F_N the centred W is -J, the Lee-Yu likelihood
    /// is flat in rho, and rho = 0.9996 came with a standard error of 4.7e6 and no warning.
    @Test func twoUnitsWithTimeEffects() throws {
        let w = try SpatialWeights.read(from: Fixtures.url("reliability/p/W2.gal")).transformed(.row)
        let panel = try Panel(table: TrustFixtures.table("p/N2.csv"), unit: "state", time: "year", unitOrder: w.ids)
        // Either flagged (near-singular) or refused (singular), naming rho; where on the flat likelihood Brent and the
        // Newton polish stop decides which.
        let fit: PanelRegression
        do { fit = try PanelRegression(.sar, panel: panel, y: "gsp", x: ["pcap"], weights: w, effects: .time) } catch {
            #expect(error.description.hasPrefix("numerical failure: rho") && error.description.contains("not identified"), "\(error)")
            return
        }
        #expect(fit.nearSingularInformation)
        let warning = try #require(fit.warnings.first { $0.contains("not identified") })
        #expect(warning.hasPrefix("rho"), "\(warning)")
        #expect(warning.contains("near-singular") && warning.contains("1e+10"))
        #expect(fit.summary.contains("not identified"))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(fit)) as? [String: Any]
        #expect(object?["near_singular_information"] as? Bool == true)
    }

    @Test func conditionNumberIsScaleFree() throws {
        // diag(1e8, 1e-8): badly scaled but orthogonal: condition number 1 after correlation scaling.
        let info = try Matrix(rows: 2, columns: 2, columnMajor: [1e8, 0, 0, 1e-8])
        let inverse = try Matrix(rows: 2, columns: 2, columnMajor: [1e-8, 0, 0, 1e8])
        let c = try #require(InformationMatrix.conditioning(info, inverse: inverse))
        #expect(close(c.conditionNumber, 1, rtol: 1e-12) && c.varianceInflation.allSatisfy { close($0, 1, rtol: 1e-12) })
        #expect(InformationMatrix.nearSingularWarning(info, inverse: inverse, names: ["a"]) == nil)
    }
}
