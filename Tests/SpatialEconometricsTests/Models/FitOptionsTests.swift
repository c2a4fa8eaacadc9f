import Foundation
import Testing
@testable import SpatialEconometrics

/// One options value on every fit: a named log-determinant method is used (and gives the same fit as the automatic
/// exact one), and Hessian standard errors, offered by cross-section and fixed-effects fits, are refused by random
/// effects, not ignored.
@Suite struct FitOptionsTests {
    @Test func everyFitTakesTheOptions() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let options = FitOptions(logDeterminant: .method(.denseLU))
        let fe = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, options: options)
        let feDefault = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        #expect(fe.logDeterminantMethod == .denseLU && feDefault.logDeterminantMethod == .eigenSymmetric)
        #expect(close(try #require(fe.rho).estimate, try #require(feDefault.rho).estimate, rtol: 1e-9))
        let re = try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, options: options)
        let reDefault = try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w)
        #expect(close(try #require(re.rho).estimate, try #require(reDefault.rho).estimate, rtol: 1e-8))
        let hessian = FitOptions(standardErrors: .hessian)
        #expect(try PanelRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, options: hessian).standardErrors.contains("Hessian"))
        let refused = #expect(throws: ModelError.self) { try RandomEffectsRegression(.sar, panel: panel, y: "lgsp", x: PanelRegressionTests.xs, weights: w, options: hessian) }
        if case .invalidArgument(let message)? = refused { #expect(message.hasPrefix("standardErrors: .hessian is available for cross-section"), "\(message)") } else {
            Issue.record("\(String(describing: refused))")
        }
        let cross = try SpatialRegression(.sar, data: RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC"]),
                                          weights: Columbus.queen().transformed(.row), options: options)
        #expect(cross.logDeterminantMethod == .denseLU)
    }
}
