import Foundation
import Testing
@testable import SpatialEconometrics

/// The no-dense-allocation guard for every model: above the dense thresholds (N = 2,116 units, a 46 x 46 lattice)
/// each fit — cross-section SAR, SEM, SDM, SDEM, SAC; fixed-effects SAR, SEM, SDM, SDEM (random effects: below) —
/// and its effects form no matrix whose smaller dimension exceeds 200 (``DenseAllocationMonitor``
/// records every ``Matrix`` the fit's task forms). A control shows the guard can fail: the dense information matrix
/// at N = 400 records 400.
@Suite struct NoDenseAllocationTests {
    static let side = 46
    static let limit = 200

    static func crossSection() throws -> (RegressionData, SpatialWeights) {
        try LargeErrorModelTests.simulated(side: side, lambda: 0.3, rho: 0.3, seed: 8)
    }

    @Test(arguments: [SpatialModel.sar, .sem, .sdm, .sdem, .sac])
    func crossSectionFits(model: SpatialModel) throws {
        let (data, w) = try Self.crossSection()
        let (fit, largest) = try DenseAllocationMonitor.largestDimension { () throws -> SpatialRegression in
            let fit = try SpatialRegression(model, data: data, weights: w)
            if model.hasLag || model.hasDurbin { _ = try ImpactMeasures(fit, inference: .simulation(draws: 50, seed: 1)) }
            return fit
        }
        #expect(largest <= Self.limit, "\(model): a \(largest)-dimensional dense matrix at N = \(data.n)")
        #expect((fit.rho ?? fit.lambda).map { $0.estimate.isFinite } == true)
    }

    @Test(arguments: [SpatialModel.sar, .sem, .sdm, .sdem])
    func fixedEffectsPanels(model: SpatialModel) throws {
        let (panel, w) = try SimulatedPanel.make(side: Self.side, periods: 2)
        let (fit, largest) = try DenseAllocationMonitor.largestDimension { () throws -> PanelRegression in
            let fit = try PanelRegression(model, panel: panel, y: "y", x: ["x1", "x2"], weights: w, effects: .twoways, estimator: .leeyu)
            if model.hasLag { _ = try ImpactMeasures(fit, inference: .delta) }
            return fit
        }
        #expect(largest <= Self.limit, "FE \(model): a \(largest)-dimensional dense matrix at N = \(panel.unitCount)")
        #expect((fit.rho ?? fit.lambda).map { $0.estimate.isFinite } == true)
    }

    /// Random effects (SAR and SEM; the SDM and SDEM run the same code with more columns) at N = 625 with the sparse exact log-determinant forced (the automatic choice
    /// there is dense eigenvalues; nothing else in these fits depends on N, and their effects run the code checked at
    /// N = 2,116 above): the random-effects fits, with their numerical Hessians, are the slowest in a debug build.
    @Test(arguments: [SpatialModel.sar, .sem])
    func randomEffectsPanels(model: SpatialModel) throws {
        let (panel, w) = try SimulatedPanel.make(side: 25, periods: 3)
        let options = FitOptions(logDeterminant: .method(.sparseCholeskyExact))
        let (fit, largest) = try DenseAllocationMonitor.largestDimension {
            try RandomEffectsRegression(model, panel: panel, y: "y", x: ["x1", "x2"], weights: w, options: options)
        }
        #expect(largest <= Self.limit, "RE \(model): a \(largest)-dimensional dense matrix at N = \(panel.unitCount)")
        #expect((fit.rho ?? fit.lambda).map { $0.estimate.isFinite } == true)
    }

    /// The GSPRE (KKP form: lambda_mu = lambda, the K = T phi M + M_mu path with M_mu != I) forms no N x N matrix.
    @Test func generalizedRandomEffectsFormNoDenseMatrix() throws {
        let (panel, w) = try SimulatedPanel.make(side: 25, periods: 3)
        let options = FitOptions(logDeterminant: .method(.sparseCholeskyExact))
        let (fit, largest) = try DenseAllocationMonitor.largestDimension {
            try GeneralizedRandomEffectsRegression(panel: panel, y: "y", x: ["x1", "x2"], weights: w, form: .kkp, options: options)
        }
        #expect(largest <= Self.limit, "GSPRE: a \(largest)-dimensional dense matrix at N = \(panel.unitCount)")
        #expect(fit.lambda.map { $0.estimate.isFinite } == true)
    }

    /// The guard sees a dense n x n matrix when one is formed (the dense information matrix, exact traces on a
    /// 20 x 20 lattice: up to 500 units they are formed densely).
    @Test func theGuardCatchesADenseMatrix() throws {
        let (data, w) = try LargeErrorModelTests.simulated(side: 20, lambda: 0.3, rho: 0.3, seed: 8)
        let (_, largest) = try DenseAllocationMonitor.largestDimension {
            try SpatialRegression(.sar, data: data, weights: w, options: FitOptions(traces: .exact))
        }
        #expect(largest >= data.n)
    }
}
