import Foundation
import Testing
@testable import SpatialEconometrics

/// One calling convention: every cross-section fit and test takes `(model, data: table, y:, x:, weights:, ...)` as the
/// panel fits take `(model, panel:, y:, x:, weights:, ...)`, and gives what the `RegressionData` form gives; every fit,
/// random effects included, takes the same `FitOptions`.
@Suite struct CallingConventionTests {
    static func columbus() throws -> (DataTable, SpatialWeights) {
        (try Dataset.columbus.table("columbus.csv"), try SpatialWeights.read(from: Dataset.columbus.url("columbus_queen.gal")).transformed(.row))
    }

    static let y = "CRIME", x = ["INC", "HOVAL"]

    @Test func crossSectionFitsAndTestsTakeYAndX() throws {
        let (table, w) = try Self.columbus()
        let design = try RegressionData(table: table, y: Self.y, x: Self.x)
        for model in [SpatialModel.sar, .sem, .sdm] {
            let a = try SpatialRegression(model, data: table, y: Self.y, x: Self.x, weights: w)
            let b = try SpatialRegression(model, data: design, weights: w)
            #expect(a.coefficients == b.coefficients && a.logLikelihood == b.logLikelihood && a.rho == b.rho && a.lambda == b.lambda)
            #expect(try NestedModelComparison.crossSectionBattery(a, data: table, y: Self.y, x: Self.x, weights: w)
                    == NestedModelComparison.crossSectionBattery(b, data: design, weights: w))
        }
        let sem = try SpatialRegression(.sem, data: table, y: Self.y, x: Self.x, weights: w)
        #expect(try NestedModelComparison.spatialHausman(sem, data: table, y: Self.y, x: Self.x, weights: w)
                == NestedModelComparison.spatialHausman(sem, data: design, weights: w))
        let ols = try OrdinaryLeastSquares(data: table, y: Self.y, x: Self.x), olsDesign = try OrdinaryLeastSquares(design)
        #expect(ols.coefficients == olsDesign.coefficients)
        #expect(try SpatialDiagnostics(data: table, y: Self.y, x: Self.x, weights: w) == SpatialDiagnostics(ols: olsDesign, data: design, weights: w))
        // Without the intercept, and with the options value.
        let noConstant = try SpatialRegression(.sar, data: table, y: Self.y, x: Self.x, weights: w, intercept: false,
                                               options: FitOptions(logDeterminant: .method(.denseLU)))
        #expect(noConstant.coefficients.map(\.name) == Self.x && noConstant.logDeterminantMethod == .denseLU)
        #expect(try OrdinaryLeastSquares(data: table, y: Self.y, x: Self.x, intercept: false).coefficients.count == 2)
    }

    @Test func aBadCellIsATypedDataErrorInEveryForm() throws {
        let (table, w) = try Self.columbus()
        let missing = ModelError.data(.missingColumn("NOPE", available: table.columnNames))
        let fit = Self.failure { () throws(ModelError) in try SpatialRegression(.sar, data: table, y: Self.y, x: ["NOPE"], weights: w) }
        let ols = Self.failure { () throws(ModelError) in try OrdinaryLeastSquares(data: table, y: Self.y, x: ["NOPE"]) }
        let lm = Self.failure { () throws(ModelError) in try SpatialDiagnostics(data: table, y: Self.y, x: ["NOPE"], weights: w) }
        #expect(fit == missing && ols == missing && lm == missing)
    }

    @Test func randomEffectsTakeTheOptionsValueAndRefuseWhatTheyCannotHonour() throws {
        var t = try Dataset.produc.table("produc.csv")
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap")] { t = try t.adding(name, values: t.numbers(col).map { log($0) }) }
        let w = try SpatialWeights.read(from: Dataset.produc.url("usaww.csv"))
        let panel = try Panel(table: t, unit: "state", time: "year", unitOrder: w.ids)
        let hessian = FitOptions(standardErrors: .hessian)
        let refusal = Self.failure { () throws(ModelError) in try RandomEffectsRegression(.sem, panel: panel, y: "lgsp", x: ["lpcap"], weights: w, options: hessian) }
        #expect(refusal?.description.contains("standardErrors: .hessian is available for cross-section (SpatialRegression) and fixed-effects") == true,
                "\(String(describing: refusal))")
        #expect(Self.failure { () throws(ModelError) in try RandomEffectsRegression.nonSpatial(panel: panel, y: "lgsp", x: ["lpcap"], options: hessian) }
                == refusal)
        let plain = try RandomEffectsRegression.nonSpatial(panel: panel, y: "lgsp", x: ["lpcap"], options: FitOptions())
        #expect(plain.coefficients == (try RandomEffectsRegression.nonSpatial(panel: panel, y: "lgsp", x: ["lpcap"])).coefficients)
    }

    static func failure<E: Error, T>(_ body: () throws(E) -> T) -> E? {
        do { _ = try body(); return nil } catch { return error }
    }
}
