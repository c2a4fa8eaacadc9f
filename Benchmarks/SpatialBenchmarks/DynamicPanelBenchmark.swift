import Foundation
import SpatialEconometrics

/// `swift run -c release SpatialBenchmarks dynamic [side ...] [--periods T]`: the two-way dynamic SDM
/// (``DynamicPanelRegression``, both lags, bias-corrected, package defaults) on a row-standardised side x side rook
/// lattice with T periods after y_0 (default sides 100 and 316: N = 10^4 and ~10^5, T = 10), then its short- and
/// long-run effects with delta-method standard errors. Simulated as the Monte Carlo design of
/// reference/py/dynamic_montecarlo.json (tau 0.4, eta -0.1, rho 0.3, beta 1, theta 0.5; 20 burn-in periods). Prints
/// the fit's and the effects' wall times and the estimates (Docs/Performance.md). Not part of the default run.
enum DynamicPanelBenchmark {
    static func run(_ args: [String]) {
        let p = args.firstIndex(of: "--periods")
        let periods = p.flatMap { $0 + 1 < args.count ? Int(args[$0 + 1]) : nil } ?? 10
        let sides = args.enumerated().filter { p == nil || ($0.offset != p! && $0.offset != p! + 1) }.compactMap { Int($0.element) }
        for side in sides.isEmpty ? [100, 316] : sides {
            do {
                let w = try SpatialWeights.lattice(rows: side, columns: side).transformed(.row)
                let panel = try simulate(w, periods: periods)
                let start = Date()
                let fit = try DynamicPanelRegression(.sdm, panel: panel, y: "y", x: ["x"], weights: w, effects: .twoways, lags: .both)
                let fitted = Date()
                let effects = try fit.effects(inference: .delta)
                let done = Date()
                let c = fit.coefficients.map { String(format: "%@ %.4f (%.4f)", $0.name, $0.estimate, $0.stdError) }.joined(separator: ", ")
                print(String(format: "dynamic two-way SDM N = %d, T = %d: fit %.2f s, effects %.2f s, total %.2f s; %@, rho %.4f (%.4f); "
                             + "long-run total x %.4f (%.4f); %@", side * side, periods, fitted.timeIntervalSince(start), done.timeIntervalSince(fitted),
                             done.timeIntervalSince(start), c, fit.rho?.estimate ?? .nan, fit.rho?.stdError ?? .nan,
                             effects.longRun.total[0].estimate, effects.longRun.total[0].stdError ?? .nan, fit.logDeterminantMethod.rawValue))
            } catch {
                print("side \(side): failed: \(error)")
            }
        }
    }

    static func simulate(_ w: SpatialWeights, periods t: Int) throws -> Panel {
        let n = w.count
        var g = SeededGenerator(seed: 2027)
        let mu = (0..<n).map { _ in g.normal() }
        var y = [Double](repeating: 0, count: n)
        var ys = [Double](), xs = [Double]()
        for p in -20...t {
            let alpha = g.normal()
            let x = (0..<n).map { _ in g.normal() }
            let wx = try w.lag(x), wy = try w.lag(y)
            let rhs = (0..<n).map { 0.4 * y[$0] - 0.1 * wy[$0] + x[$0] + 0.5 * wx[$0] + mu[$0] + alpha + g.normal() }
            // (I - 0.3 W) y = rhs by the Neumann iteration y <- rhs + 0.3 W y (|0.3 W| < 1: 40 steps reach rounding).
            y = rhs
            for _ in 0..<40 { let wy = try w.lag(y); y = (0..<n).map { rhs[$0] + 0.3 * wy[$0] } }
            if p >= 0 { ys += y; xs += x }
        }
        return try Panel(units: w.ids, periods: (0...t).map { "\($0)" }, columns: [("y", ys), ("x", xs)])
    }
}
