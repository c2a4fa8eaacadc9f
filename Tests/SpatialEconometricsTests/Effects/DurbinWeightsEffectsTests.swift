import Foundation
import Testing
@testable import SpatialEconometrics

/// Effects of models whose W X terms use a second matrix W2 (xsmle `dmat()`): `S (b I + theta W2)`,
/// `S = (I - rho W)^-1`, checked against the dense matrix built independently here (an LU inverse of I - rho W).
@Suite struct DurbinWeightsEffectsTests {
    /// Direct and total effects of every regressor from the dense `S (b I + t W2)` (`S = I` without rho).
    static func denseEffects(coefficients: [Coefficient], rho: Double?, w: SpatialWeights, w2: SpatialWeights) throws -> [String: (Double, Double)] {
        let n = w.count
        let s: Matrix
        if let r = rho {
            s = try LUDecomposition(Matrix.identity(n) - r * w.matrix.dense).solve(Matrix.identity(n))
        } else {
            s = Matrix.identity(n)
        }
        var out = [String: (Double, Double)]()
        for c in coefficients where c.name != "(Intercept)" && !c.name.hasPrefix("W_") {
            let t = coefficients.first { $0.name == "W_" + c.name }?.estimate ?? 0
            let m = try s * (c.estimate * Matrix.identity(n) + t * w2.matrix.dense)
            var trace = 0.0, sum = 0.0
            for i in 0..<n { trace += m[i, i]; for j in 0..<n { sum += m[i, j] } }
            out[c.name] = (trace / Double(n), sum / Double(n))
        }
        return out
    }

    static func expectMatches(_ e: ImpactMeasures, _ reference: [String: (Double, Double)], rtol: Double, _ label: String) {
        #expect(e.direct.count == reference.count, "\(label)")
        for (k, d) in e.direct.enumerated() {
            guard let (direct, total) = reference[d.name] else { Issue.record("\(label): no \(d.name)"); continue }
            #expect(close(d.estimate, direct, rtol: rtol, atol: 1e-12), "\(label) direct \(d.name): \(d.estimate) vs \(direct)")
            #expect(close(e.total[k].estimate, total, rtol: rtol, atol: 1e-12), "\(label) total \(d.name): \(e.total[k].estimate) vs \(total)")
            #expect(close(e.indirect[k].estimate, total - direct, rtol: rtol, atol: 1e-11), "\(label) indirect \(d.name)")
        }
    }

    /// Produc two-way SDM, W = usaww (similar to symmetric: the exact spectral traces), W2 = second-order neighbours.
    @Test func panelSDMWithSecondWeightsMatchesDenseEffects() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let w2 = try DurbinTermsTests.secondOrder(w)
        let fit = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: DurbinTermsTests.xs, weights: w, durbinWeights: w2)
        let rho = try #require(fit.rho?.estimate)
        let reference = try Self.denseEffects(coefficients: fit.coefficients, rho: rho, w: w, w2: w2)
        let e = try ImpactMeasures(fit, inference: .delta)
        Self.expectMatches(e, reference, rtol: 1e-10, "produc sdm W2")
        #expect(e.inference.contains("W2"), "\(e.inference)")
        for d in e.direct { #expect((d.stdError ?? .nan).isFinite && (d.stdError ?? 0) > 0, "\(d.name) se") }
        // W2 different from W changes the effects: the check has teeth.
        let same = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: DurbinTermsTests.xs, weights: w)
        #expect(abs(try ImpactMeasures(same).indirect[0].estimate - e.indirect[0].estimate) > 1e-4)
        // A decoded fit does not hold W2: refused with the fix, and equal when it is passed (in any unit order).
        let decoded = try JSONDecoder().decode(PanelRegression.self, from: JSONEncoder().encode(fit))
        #expect { try ImpactMeasures(decoded, weights: w) } throws: { "\($0)".contains("durbinWeights") }
        let again = try ImpactMeasures(decoded, weights: w, durbinWeights: w2)
        Self.expectMatches(again, reference, rtol: 1e-10, "decoded")
    }

    /// Columbus SDM with k-nearest-neighbour W (not similar to a symmetric matrix: the exact series) and W2 = queen.
    @Test func crossSectionKNearestNeighbourSeriesMatchesDenseEffects() throws {
        let table = try Columbus.table()
        let points = zip(try table.numbers("X"), try table.numbers("Y")).map { Point2D(x: $0, y: $1) }
        let queen = try Columbus.queen().transformed(.row)
        let knn = try SpatialWeights.kNearestNeighbors(points: points, ids: queen.ids, k: 4).transformed(.row)
        #expect(knn.symmetrizingScale() == nil)
        for model in [SpatialModel.sdm, .sdem, .slx] {
            let fit = try SpatialRegression(model, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: knn, durbinWeights: queen)
            let reference = try Self.denseEffects(coefficients: fit.coefficients, rho: fit.rho?.estimate, w: knn, w2: queen)
            // The series sum_{k<=100} rho^k tr(W^k W2) at |rho| < 0.6 truncates below 1e-20 relative.
            Self.expectMatches(try ImpactMeasures(fit), reference, rtol: 1e-9, "columbus \(model) knn + W2")
        }
    }

    /// Without a spatial lag the effects of `W x` are `b + theta tr(W)/n` and `b + theta 1'W 1/n`: for binary W
    /// (rows not summing to one) the total is not `b + theta`.
    @Test func binaryWeightsTotalsUseTheRowSums() throws {
        let table = try Columbus.table()
        let binary = try Columbus.queen()
        for model in [SpatialModel.slx, .sdem] {
            let fit = try SpatialRegression(model, data: table, y: "CRIME", x: ["INC", "HOVAL"], weights: binary)
            let reference = try Self.denseEffects(coefficients: fit.coefficients, rho: nil, w: binary, w2: binary)
            let e = try ImpactMeasures(fit)
            Self.expectMatches(e, reference, rtol: 1e-12, "binary \(model)")
            let theta = try #require(fit.coefficients.first { $0.name == "W_INC" }?.estimate)
            #expect(abs(e.total[0].estimate - (fit.coefficients[1].estimate + theta)) > 1e-3 * abs(theta))
        }
    }

    /// The stochastic traces (large n) agree with the exact spectral ones within their sampling error.
    @Test func hutchinsonCrossTracesAgreeWithTheSpectralOnes() throws {
        let w = try SpatialWeights.lattice(rows: 30, columns: 30).transformed(.row)
        let w2 = try DurbinTermsTests.secondOrder(w)
        let exact = try DurbinWeightsTraces(w, second: w2)
        let stochastic = try DurbinWeightsTraces(w, second: w2, probes: 200, seed: 3, exactUpTo: 0)
        guard case .spectral = exact.form, case .series(_, let p?) = stochastic.form else { Issue.record("forms"); return }
        #expect(p == 200)
        for rho in [-0.4, 0.3, 0.7] {
            let a = exact.value(rho: rho), b = stochastic.value(rho: rho)
            // Hutchinson's relative error with 200 probes here is about 2% (sd of z'Bz / tr B); 8% is 4 sd.
            #expect(abs(a - b) < 0.08 * abs(a), "rho \(rho): \(a) vs \(b)")
        }
        // The spectral form equals the dense trace exactly.
        let s = try LUDecomposition(Matrix.identity(w.count) - 0.7 * w.matrix.dense).solve(w2.matrix.dense)
        var trace = 0.0
        for i in 0..<w.count { trace += s[i, i] }
        #expect(close(exact.value(rho: 0.7), trace, rtol: 1e-10))
    }
}
