import Foundation
import Testing
@testable import SpatialEconometrics

/// SAR, SEM and SDM with an asymmetric k-NN W (complex eigenvalues) and an unstandardised inverse-distance W,
/// against spatialreg (`reference/r/scripts/25_columbus_other_weights.R`); W is rebuilt from R's triplets.
@Suite struct OtherWeightsTests {
    let ref = try! Fixtures.json("reference/r/columbus_other_weights.json") as! [String: Any]

    func weights(_ key: String) throws -> SpatialWeights {
        let t = (ref[key] as! [String: Any])["weights"] as! [String: Any]
        func doubles(_ a: Any?) -> [Double] { (a as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
        let entries = zip(zip(doubles(t["i"]), doubles(t["j"])), doubles(t["w"])).map { SparseMatrix.Entry(row: Int($0.0.0), column: Int($0.0.1), value: $0.1) }
        return try SpatialWeights(ids: (1...49).map(String.init), matrix: SparseMatrix(rows: 49, columns: 49, triplets: entries))
    }

    @Test(arguments: ["knn4_row", "idw10_none"])
    func fitsMatchSpatialreg(key: String) throws {
        let w = try weights(key)
        let data = try RegressionData(table: Columbus.table(), y: "CRIME", x: ["INC", "HOVAL"])
        let ld = try w.eigenLogDeterminant()
        #expect(ld.method == (key == "knn4_row" ? .eigenGeneral : .eigenSymmetric))
        for (model, m) in [(SpatialModel.sar, "SAR"), (.sem, "SEM"), (.sdm, "SDM")] {
            let r = (ref[key] as! [String: Any])[m] as! [String: Any]
            let interval = (r["interval"] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
            #expect(close(ld.interval.lowerBound, interval[0], rtol: 1e-9) && close(ld.interval.upperBound, interval[1], rtol: 1e-9))
            let fit = try SpatialRegression(model, data: data, weights: w)
            let coef = (r["coefficients"] as! [String: Any]).mapValues { ($0 as? NSNumber)?.doubleValue ?? .nan }
            let se = (r["std_errors"] as! [String: Any]).mapValues { ($0 as? NSNumber)?.doubleValue ?? .nan }
            for (name, v) in coef where name != "rho" && name != "lambda" {
                let mine = name.hasPrefix("lag.") ? "W_" + name.dropFirst(4) : name
                let c = try #require(fit.coefficients.first { $0.name == mine }, "\(key) \(m) \(name)")
                #expect(close(c.estimate, v, rtol: 1e-6, atol: 1e-8), "\(key) \(m) \(name)")
                #expect(close(c.stdError, se[name]!, rtol: 1e-5), "\(key) \(m) \(name) se")
            }
            #expect(fit.coefficients.count == coef.count - 1)
            if let rho = r["rho"] as? Double {
                #expect(close(fit.rho!.estimate, rho, rtol: 1e-6))
                #expect(close(fit.rho!.stdError, r["rho_se"] as! Double, rtol: 1e-5))
                // Effects follow their definition (dense inverse); spatialreg's impacts() agrees for row-standardised W
                // but takes (beta + theta)/(1 - rho) as the total for any W, which is wrong for the inverse-distance W.
                let imp = (r["impacts_dense_definition"] as! [String: Any]).mapValues { ($0 as? [Any] ?? [$0]).map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
                let rImp = (r["impacts"] as! [String: Any]).mapValues { ($0 as? [Any] ?? [$0]).map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
                if key == "knn4_row" { for kind in ["direct", "total"] { for k in 0..<2 { #expect(close(imp[kind]![k], rImp[kind]![k], rtol: 1e-8)) } } }
                let eff = try ImpactMeasures(fit, weights: w)
                for (kind, mine) in [("direct", eff.direct), ("indirect", eff.indirect), ("total", eff.total)] {
                    for (k, e) in mine.enumerated() { #expect(close(e.estimate, imp[kind]![k], rtol: 1e-6), "\(key) \(m) \(kind) \(e.name)") }
                }
            } else {
                #expect(close(fit.lambda!.estimate, r["lambda"] as! Double, rtol: 1e-6))
                #expect(close(fit.lambda!.stdError, r["lambda_se"] as! Double, rtol: 1e-5))
            }
            #expect(close(fit.logLikelihood, r["logLik"] as! Double, rtol: 1e-9))
        }
    }
}
