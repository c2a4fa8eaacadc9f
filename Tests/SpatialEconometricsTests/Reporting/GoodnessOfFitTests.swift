import Foundation
import Testing
@testable import SpatialEconometrics

/// The R^2 each fit reports, against spreg 1.9's `pr2` on columbus (fixture `reference/py/pseudo_r2.json`,
/// script `reference/py/scripts/pseudo_r2.py`) and against its definition computed here for a panel.
@Suite struct GoodnessOfFitTests {
    struct Reference: Decodable {
        struct Lag: Decodable { let rho: Double; let pr2: Double }
        struct ErrorModel: Decodable { let lambda: Double; let pr2: Double }
        let lag: Lag
        let error: ErrorModel
    }

    @Test func pseudoRSquaredEqualsSpregs() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/py/pseudo_r2.json")
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"]), w = try Columbus.queen().transformed(.row)
        let sar = try SpatialRegression(.sar, data: data, weights: w), sem = try SpatialRegression(.sem, data: data, weights: w)
        // spreg's optimiser stops at an absolute tolerance (lambda differs from the exact maximum by 3e-8): pr2
        // moves by less than 1e-8 relative, inside the default 1e-6.
        #expect(abs((sar.rSquared?.value ?? .nan) / reference.lag.pr2 - 1) < 1e-6)
        #expect(abs((sem.rSquared?.value ?? .nan) / reference.error.pr2 - 1) < 1e-6)
        #expect(sar.rSquared?.definition.contains("X b + rho W y") == true && sem.rSquared?.definition.contains("corr(y, X b)") == true)
        // SLX: the OLS R^2 of its design (corr^2 with an intercept), equal to 1 - SSE/TSS.
        let slx = try SpatialRegression(.slx, data: data, weights: w)
        let ols = try OrdinaryLeastSquares(try data.withSpatialLags(w))
        #expect(abs((slx.rSquared?.value ?? .nan) - ols.rSquared) < 1e-12)
        // Encoded and decoded with the fit.
        let decoded = try JSONDecoder().decode(SpatialRegression.self, from: JSONEncoder().encode(sar))
        #expect(decoded.pseudoRSquared == sar.pseudoRSquared)
    }

    @Test func panelWithinRSquaredIsItsDefinition() throws {
        let panel = try Panel(table: try Dataset.produc.table("produc.csv"), unit: "state", time: "year")
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv")).transformed(.row)
        let fit = try PanelRegression(.sem, panel: panel, y: "log(gsp)", x: ["log(pcap)", "log(pc)", "log(emp)", "unemp"], weights: w,
                                      effects: .individual, estimator: .direct)
        #expect(fit.rSquared?.value == fit.rSquaredWithin && fit.rSquared?.definition.hasPrefix("within R^2") == true)
        #expect(fit.rSquaredWithin > 0.9 && fit.rSquaredWithin < 1)
    }
}
