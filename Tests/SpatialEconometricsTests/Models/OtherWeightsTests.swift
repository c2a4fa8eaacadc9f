import Foundation
import Testing
@testable import SpatialEconometrics

/// SAR, SEM and SDM with an asymmetric k-NN W (complex eigenvalues) and an unstandardised inverse-distance W,
/// against spatialreg (`reference/r/scripts/25_columbus_other_weights.R`); W is rebuilt from R's triplets.
@Suite struct OtherWeightsTests {
    let ref: FixtureJSON

    init() throws { ref = try FixtureJSON("reference/r/columbus_other_weights.json") }

    func weights(_ key: String) throws -> SpatialWeights {
        let t = ref[key, "weights"]
        let (i, j, v) = (try t["i"].integers(), try t["j"].integers(), try t["w"].numbers())
        guard i.count == j.count && j.count == v.count && !v.isEmpty else { throw t.error("triplets of \(i.count), \(j.count), \(v.count) entries") }
        let entries = (0..<v.count).map { SparseMatrix.Entry(row: i[$0], column: j[$0], value: v[$0]) }
        return try SpatialWeights(ids: (1...49).map(String.init), matrix: SparseMatrix(rows: 49, columns: 49, triplets: entries))
    }

    @Test(arguments: ["knn4_row", "idw10_none"])
    func fitsMatchSpatialreg(key: String) throws {
        let w = try weights(key)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let ld = try w.eigenLogDeterminant()
        #expect(ld.method == (key == "knn4_row" ? .eigenGeneral : .eigenSymmetric))
        for (model, m) in [(SpatialModel.sar, "SAR"), (.sem, "SEM"), (.sdm, "SDM")] {
            let r = ref[key, m]
            let interval = try r["interval"].numbers()
            try #require(interval.count == 2, "\(r["interval"])")
            #expect(close(ld.interval.lowerBound, interval[0], rtol: 1e-9) && close(ld.interval.upperBound, interval[1], rtol: 1e-9))
            let fit = try SpatialRegression(model, data: data, weights: w)
            let coef = try r["coefficients"].numberDictionary()
            let se = try r["std_errors"].numberDictionary()
            for (name, v) in coef.sorted(by: { $0.key < $1.key }) where name != "rho" && name != "lambda" {
                let mine = name.hasPrefix("lag.") ? "W_" + name.dropFirst(4) : name
                let c = try #require(fit.coefficients.first { $0.name == mine }, "\(key) \(m) \(name)")
                #expect(close(c.estimate, v, rtol: 1e-6, atol: 1e-8), "\(key) \(m) \(name)")
                #expect(close(c.stdError, try #require(se[name], "\(key) \(m) std_errors.\(name)"), rtol: 1e-5), "\(key) \(m) \(name) se")
            }
            #expect(fit.coefficients.count == coef.count - 1)
            // The reference has rho for the lag models and lambda for the error model; either missing fails.
            if model.hasLag {
                let rho = try #require(fit.rho)
                #expect(close(rho.estimate, try r["rho"].number(), rtol: 1e-6))
                #expect(close(rho.stdError, try r["rho_se"].number(), rtol: 1e-5))
                // Effects follow their definition (dense inverse); spatialreg's impacts() agrees for row-standardised W
                // but takes (beta + theta)/(1 - rho) as the total for any W, which is wrong for the inverse-distance W.
                let imp = r["impacts_dense_definition"], rImp = r["impacts"]
                if key == "knn4_row" {
                    for kind in ["direct", "total"] {
                        let a = try imp[kind].numbers(), b = try rImp[kind].numbers()
                        #expect(a.count == 2 && b.count == 2)
                        for (x, y) in zip(a, b) { #expect(close(x, y, rtol: 1e-8)) }
                    }
                }
                let eff = try ImpactMeasures(fit, weights: w)
                for (kind, mine) in [("direct", eff.direct), ("indirect", eff.indirect), ("total", eff.total)] {
                    let expected = try imp[kind].numbers()
                    #expect(expected.count == mine.count, "\(key) \(m) \(kind)")
                    for (e, x) in zip(mine, expected) { #expect(close(e.estimate, x, rtol: 1e-6), "\(key) \(m) \(kind) \(e.name)") }
                }
            } else {
                let lambda = try #require(fit.lambda)
                #expect(close(lambda.estimate, try r["lambda"].number(), rtol: 1e-6))
                #expect(close(lambda.stdError, try r["lambda_se"].number(), rtol: 1e-5))
            }
            #expect(close(fit.logLikelihood, try r["logLik"].number(), rtol: 1e-9))
        }
    }
}
