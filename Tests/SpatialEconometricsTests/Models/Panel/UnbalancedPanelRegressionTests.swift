import Foundation
import Testing
@testable import SpatialEconometrics

/// Unbalanced fixed-effects SAR/SDM (`UnbalancedPanelRegression`): equal to the balanced direct approach on produc
/// when no cell is missing, equal to a dense dummy-variable likelihood written here (independent of the projection,
/// the summed log-determinant and `subset`) on a small panel with gaps, consistent in a seeded simulation, invariant
/// to the order of the rows, and refusing what it cannot fit.
@Suite struct UnbalancedPanelRegressionTests {
    static let xs = ["lpcap", "lpc", "lemp", "unemp"]

    // MARK: - balanced produc: equal to PanelRegression(.direct)

    @Test(arguments: [SpatialModel.sar, .sdm])
    func balancedEqualsDirectApproach(model: SpatialModel) throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let unbalanced = try UnbalancedPanel(table: panel.table, unit: "state", time: "year", unitOrder: w.ids)
        #expect(unbalanced.isBalanced)
        for effects in [PanelEffects.individual, .time, .twoways] {
            let a = try PanelRegression(model, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: effects, estimator: .direct)
            let b = try UnbalancedPanelRegression(model, panel: unbalanced, y: "lgsp", x: Self.xs, weights: w, effects: effects)
            let label = "\(model) \(effects)"
            #expect(close(try #require(b.rho).estimate, try #require(a.rho).estimate, rtol: 1e-10), "\(label) rho")
            #expect(close(try #require(b.rho).stdError, try #require(a.rho).stdError, rtol: 1e-10), "\(label) rho se")
            #expect(a.coefficients.count == b.coefficients.count)
            for (ca, cb) in zip(a.coefficients, b.coefficients) {
                #expect(ca.name == cb.name)
                #expect(close(cb.estimate, ca.estimate, rtol: 1e-10, atol: 1e-13), "\(label) \(ca.name)")
                #expect(close(cb.stdError, ca.stdError, rtol: 1e-10), "\(label) se \(ca.name)")
            }
            #expect(close(b.sigma2, a.sigma2, rtol: 1e-10), "\(label) sigma2")
            #expect(close(b.logLikelihood, a.logLikelihood, rtol: 1e-12), "\(label) lnL")
            #expect(b.observations == a.observations && b.distinctPeriodWeights == 1)
            // The recovered fixed effects: the balanced fit's.
            let fa = try #require(a.fixedEffects), fb = try #require(b.fixedEffects)
            #expect(close(fb.intercept, fa.intercept, rtol: 1e-9), "\(label) intercept")
            for (key, value) in fa.individual ?? [:] { #expect(close(fb.individual?[key] ?? .nan, value, rtol: 1e-8, atol: 1e-10), "\(label) mu \(key)") }
            for (key, value) in fa.time ?? [:] { #expect(close(fb.time?[key] ?? .nan, value, rtol: 1e-8, atol: 1e-10), "\(label) alpha \(key)") }
            #expect((fa.individual == nil) == (fb.individual == nil) && (fa.time == nil) == (fb.time == nil))
            // Effects: the same as the balanced fit's.
            let ea = try ImpactMeasures(a), eb = try ImpactMeasures(b)
            for (x, y) in zip(ea.total, eb.total) { #expect(close(y.estimate, x.estimate, rtol: 1e-9), "\(label) total effect") }
        }
    }

    // MARK: - a small panel with gaps against a dense likelihood

    /// A 4 x 5 rook lattice (20 units), 6 periods, about 20% of the cells missing (seeded; every unit observed at
    /// least twice, every period at least 2 units), y and two regressors standard normal plus structure.
    static func gappy(seed: UInt64 = 7, rows: Int = 4, columns: Int = 5, periods: Int = 6, missing: Double = 0.2)
        throws -> (table: DataTable, w: SpatialWeights, observed: [[Bool]]) {
        let w = try SpatialWeights.lattice(rows: rows, columns: columns)
        let n = w.count
        var g = SeededGenerator(seed: seed)
        var observed: [[Bool]]
        repeat {
            observed = (0..<periods).map { _ in (0..<n).map { _ in g.uniform() >= missing } }
        } while (0..<n).contains(where: { i in observed.filter { $0[i] }.count < 2 }) || observed.contains(where: { $0.filter { $0 }.count < 2 })
        var units = [String](), times = [String](), y = [Double](), x1 = [Double](), x2 = [Double]()
        for p in 0..<periods {
            for i in 0..<n where observed[p][i] {
                units.append(w.ids[i]); times.append("\(2000 + p)")
                let a = g.normal(), b = g.normal()
                x1.append(a); x2.append(b)
                y.append(0.8 * a - 0.5 * b + 0.3 * Double(i % 3) + 0.2 * Double(p) + g.normal())
            }
        }
        var table = try DataTable(columns: [("id", units), ("year", times)])
        table = try table.adding("x1", values: x1).adding("x2", values: x2).adding("y", values: y)
        return (table, w, observed)
    }

    /// The dense log-likelihood of the unbalanced lag model at rho, and its b: every period's W_t formed here
    /// (dense restriction, rows re-standardised when `renormalize`), `z = y - rho W_t y` regressed on
    /// `[X, W_t X (SDM), unit dummies, period dummies but the last]` by least squares, plus sum_t ln|I - rho W_t| by LU.
    static func denseLikelihood(rho: Double, table: DataTable, w: SpatialWeights, observed: [[Bool]], durbin: Bool,
                                renormalize: Bool = true) throws -> (lnL: Double, beta: [Double], dummies: [Double]) {
        let dense = w.matrix.dense
        let n = w.count, periods = observed.count
        let ids = try table.strings("id"), years = try table.strings("year")
        let y = try table.numbers("y"), x1 = try table.numbers("x1"), x2 = try table.numbers("x2")
        var rowOf = [String: Int]()
        for r in ids.indices { rowOf["\(ids[r])|\(years[r])"] = r }
        var z = [Double](), design = [[Double]]()   // rows
        var jacobian = 0.0
        for p in 0..<periods {
            let keep = (0..<n).filter { observed[p][$0] }
            var wt = Matrix(rows: keep.count, columns: keep.count)
            for (a, i) in keep.enumerated() {
                for (b, j) in keep.enumerated() { wt[a, b] = dense[i, j] }
                let s = (0..<keep.count).reduce(0.0) { $0 + wt[a, $1] }
                if renormalize && s > 0 { for b in 0..<keep.count { wt[a, b] /= s } }
            }
            var aMat = Matrix.identity(keep.count)
            for e in aMat.elements.indices { aMat.elements[e] -= rho * wt.elements[e] }
            jacobian += try LUDecomposition(aMat).logAbsDeterminant.logAbs
            let rows = keep.map { rowOf["\(w.ids[$0])|\(2000 + p)"]! }
            let yt = rows.map { y[$0] }, a1 = rows.map { x1[$0] }, a2 = rows.map { x2[$0] }
            let wyt = try wt.multiply(yt), w1 = try wt.multiply(a1), w2 = try wt.multiply(a2)
            for (a, i) in keep.enumerated() {
                z.append(yt[a] - rho * wyt[a])
                var row = [a1[a], a2[a]] + (durbin ? [w1[a], w2[a]] : [])
                row += (0..<n).map { $0 == i ? 1.0 : 0.0 }
                row += (0..<(periods - 1)).map { $0 == p ? 1.0 : 0.0 }
                design.append(row)
            }
        }
        let m = z.count, k = design[0].count
        var x = Matrix(rows: m, columns: k)
        for r in 0..<m { for c in 0..<k { x[r, c] = design[r][c] } }
        let ls = try LeastSquares(x: x, y: z)
        let sse = ls.residuals.reduce(0) { $0 + $1 * $1 }
        let lnL = -Double(m) / 2 * (log(2 * Double.pi * sse / Double(m)) + 1) + jacobian
        return (lnL, Array(ls.coefficients.prefix(durbin ? 4 : 2)), Array(ls.coefficients.dropFirst(durbin ? 4 : 2)))
    }

    @Test(arguments: [(SpatialModel.sar, UnbalancedWeights.renormalized), (.sdm, .renormalized), (.sdm, .restricted)])
    func gapsMatchDenseLikelihood(model: SpatialModel, weights mode: UnbalancedWeights) throws {
        let (table, w0, observed) = try Self.gappy()
        let w = try w0.transformed(.row)
        let panel = try UnbalancedPanel(table: table, unit: "id", time: "year", unitOrder: w.ids)
        #expect(!panel.isBalanced)
        let fit = try UnbalancedPanelRegression(model, panel: panel, y: "y", x: ["x1", "x2"], weights: w, periodWeights: mode)
        let r = try #require(fit.rho).estimate
        let durbin = model == .sdm, renormalize = mode == .renormalized
        let atFit = try Self.denseLikelihood(rho: r, table: table, w: w, observed: observed, durbin: durbin, renormalize: renormalize)
        #expect(close(fit.logLikelihood, atFit.lnL, rtol: 1e-11), "lnL \(fit.logLikelihood) vs dense \(atFit.lnL)")
        for (c, b) in zip(fit.coefficients, atFit.beta) { #expect(close(c.estimate, b, rtol: 1e-9, atol: 1e-12), "\(c.name)") }
        // The dense likelihood is maximal at the fit's rho: a parabola through rho +- h has its vertex there.
        let h = 1e-3
        let up = try Self.denseLikelihood(rho: r + h, table: table, w: w, observed: observed, durbin: durbin, renormalize: renormalize).lnL
        let down = try Self.denseLikelihood(rho: r - h, table: table, w: w, observed: observed, durbin: durbin, renormalize: renormalize).lnL
        #expect(up < atFit.lnL && down < atFit.lnL)
        let vertex = r - h * (up - down) / (2 * (up - 2 * atFit.lnL + down))
        #expect(abs(vertex - r) < 1e-6, "dense maximum at \(vertex), fit rho \(r)")
        #expect(fit.likelihood.contains(renormalize ? "transformation applied again" : "not re-normalised"))
        #expect(fit.distinctPeriodWeights == 6)
        // rho's standard error: the information matrix against the dense likelihood's curvature in rho (the
        // profile over b, sigma^2 and the effects): the same order (observed vs expected information).
        let curvature = -(up - 2 * atFit.lnL + down) / (h * h)
        let profileSE = 1 / curvature.squareRoot()
        let se = try #require(fit.rho).stdError
        #expect(abs(se / profileSE - 1) < 0.35, "rho se \(se) vs profile \(profileSE)")
        _ = try ImpactMeasures(fit, inference: .delta)
        // The fixed effects: the dense regression's unit and period dummies (the last period's 0), centred.
        let n = w.count, periods = observed.count
        let unitDummies = Array(atFit.dummies.prefix(n)), periodDummies = Array(atFit.dummies.dropFirst(n)) + [0]
        let meanA = unitDummies.reduce(0, +) / Double(n), meanB = periodDummies.reduce(0, +) / Double(periods)
        let fe = try #require(fit.fixedEffects)
        #expect(close(fe.intercept, meanA + meanB, rtol: 1e-9), "intercept \(fe.intercept) vs \(meanA + meanB)")
        for i in 0..<n { #expect(close(fe.individual?[w.ids[i]] ?? .nan, unitDummies[i] - meanA, rtol: 1e-8, atol: 1e-10), "mu \(w.ids[i])") }
        for p in 0..<periods { #expect(close(fe.time?["\(2000 + p)"] ?? .nan, periodDummies[p] - meanB, rtol: 1e-8, atol: 1e-10), "alpha \(2000 + p)") }
    }

    // MARK: - sandwich covariances

    /// With no gap the unbalanced sandwich is the balanced direct approach's (itself checked against numerical
    /// sandwiches in SandwichCovarianceTests); with gaps it is invariant to the row and unit order, and each kind differs.
    @Test func sandwichCovariances() throws {
        let (panel, w) = try PanelRegressionTests.produc()
        let balanced = try UnbalancedPanel(table: panel.table, unit: "state", time: "year", unitOrder: w.ids)
        for vce in [CovarianceEstimator.robust, .cluster, .driscollKraay(lags: 2)] {
            let a = try PanelRegression(.sdm, panel: panel, y: "lgsp", x: Self.xs, weights: w, effects: .twoways, estimator: .direct,
                                        options: FitOptions(covariance: vce))
            let b = try UnbalancedPanelRegression(.sdm, panel: balanced, y: "lgsp", x: Self.xs, weights: w, covariance: vce)
            #expect(close(try #require(b.rho).stdError, try #require(a.rho).stdError, rtol: 1e-9), "\(vce) rho se")
            for (ca, cb) in zip(a.coefficients, b.coefficients) { #expect(close(cb.stdError, ca.stdError, rtol: 1e-9), "\(vce) \(ca.name) se") }
            #expect(b.standardErrors.contains("Lin & Lee"), "\(b.standardErrors)")
        }
        let (table, w0, _) = try Self.gappy(seed: 11)
        let wr = try w0.transformed(.row)
        let gappy = try UnbalancedPanel(table: table, unit: "id", time: "year", unitOrder: wr.ids)
        let reversed = try UnbalancedPanel(table: table, unit: "id", time: "year", unitOrder: wr.ids.reversed())
        var seen = [Double]()
        for vce in [CovarianceEstimator.default, .robust, .cluster, .driscollKraay(lags: 1)] {
            let a = try UnbalancedPanelRegression(.sar, panel: gappy, y: "y", x: ["x1", "x2"], weights: wr, covariance: vce)
            let b = try UnbalancedPanelRegression(.sar, panel: reversed, y: "y", x: ["x1", "x2"], weights: wr.reordered(to: wr.ids.reversed()), covariance: vce)
            let se = try #require(a.rho).stdError, seB = try #require(b.rho).stdError
            #expect(se.isFinite && se > 0 && close(se, seB, rtol: 1e-9), "\(vce)")
            #expect(!seen.contains { close($0, se, rtol: 1e-6) }, "\(vce) equals another kind")
            seen.append(se)
        }
        #expect { try UnbalancedPanelRegression(.sar, panel: gappy, y: "y", x: ["x1", "x2"], weights: wr, covariance: try CovarianceEstimator(parsing: "hac:triangular:1")) }
            throws: { "\($0)".contains("hac") }
    }

    // MARK: - invariance, refusals

    @Test func rowOrderInvariance() throws {
        let (table, w0, _) = try Self.gappy(seed: 11)
        let w = try w0.transformed(.row)
        let n = table.rowCount
        var g = SeededGenerator(seed: 3)
        var perm = Array(0..<n)
        perm.shuffle(using: &g)
        let shuffled = try DataTable(columns: [("id", perm.map { try! table.strings("id")[$0] }), ("year", perm.map { try! table.strings("year")[$0] })])
            .adding("x1", values: perm.map { try! table.numbers("x1")[$0] }).adding("x2", values: perm.map { try! table.numbers("x2")[$0] })
            .adding("y", values: perm.map { try! table.numbers("y")[$0] })
        let reversedW = try w.reordered(to: w.ids.reversed())
        let a = try UnbalancedPanelRegression(.sdm, panel: UnbalancedPanel(table: table, unit: "id", time: "year", unitOrder: w.ids),
                                              y: "y", x: ["x1", "x2"], weights: w)
        let b = try UnbalancedPanelRegression(.sdm, panel: UnbalancedPanel(table: shuffled, unit: "id", time: "year", unitOrder: w.ids),
                                              y: "y", x: ["x1", "x2"], weights: reversedW)
        #expect(close(try #require(a.rho).estimate, try #require(b.rho).estimate, rtol: 1e-12))
        #expect(close(a.logLikelihood, b.logLikelihood, rtol: 1e-13))
        for (c, d) in zip(a.coefficients, b.coefficients) { #expect(close(c.estimate, d.estimate, rtol: 1e-11, atol: 1e-14)) }
    }

    static func table(_ cells: [(String, String)]) throws -> DataTable {
        var g = SeededGenerator(seed: 5)
        return try DataTable(columns: [("id", cells.map(\.0)), ("year", cells.map(\.1))])
            .adding("x", values: cells.map { _ in g.normal() }).adding("y", values: cells.map { _ in g.normal() })
    }

    @Test func refusals() throws {
        let w = try SpatialWeights.lattice(rows: 2, columns: 3).transformed(.row)
        var all = [(String, String)]()
        for p in ["1", "2", "3"] { for id in w.ids { all.append((id, p)) } }
        // A unit observed once (individual effects).
        let once = all.filter { !($0.0 == w.ids[0] && $0.1 != "1") }
        let p1 = try UnbalancedPanel(table: Self.table(once), unit: "id", time: "year", unitOrder: w.ids)
        #expect { try UnbalancedPanelRegression(.sar, panel: p1, y: "y", x: ["x"], weights: w, effects: .individual) } throws: {
            "\($0)".contains("observed in one period only")
        }
        // A period with one unit (time effects).
        let lonely = all.filter { $0.1 != "3" || $0.0 == w.ids[2] }
        let p2 = try UnbalancedPanel(table: Self.table(lonely), unit: "id", time: "year", unitOrder: w.ids)
        #expect { try UnbalancedPanelRegression(.sar, panel: p2, y: "y", x: ["x"], weights: w, effects: .time) } throws: {
            "\($0)".contains("period '3' has 1 observed unit")
        }
        // A disconnected two-way design: units 0-2 only in periods 1-2, units 3-5 only in period 3 and 4.
        var split = [(String, String)]()
        for p in ["1", "2"] { for id in w.ids.prefix(3) { split.append((id, p)) } }
        for p in ["3", "4"] { for id in w.ids.suffix(3) { split.append((id, p)) } }
        let p3 = try UnbalancedPanel(table: Self.table(split), unit: "id", time: "year", unitOrder: w.ids)
        #expect { try UnbalancedPanelRegression(.sar, panel: p3, y: "y", x: ["x"], weights: w) } throws: { "\($0)".contains("not connected") }
        // SEM / SDEM: a clear error.
        let p4 = try UnbalancedPanel(table: Self.table(all), unit: "id", time: "year", unitOrder: w.ids)
        #expect { try UnbalancedPanelRegression(.sem, panel: p4, y: "y", x: ["x"], weights: w) } throws: { "\($0)".contains("not available on an unbalanced panel") }
        // A duplicated cell, and a unit not in W.
        #expect { try UnbalancedPanel(table: Self.table(all + [all[0]]), unit: "id", time: "year", unitOrder: w.ids) } throws: { "\($0)".contains("more than once") }
        #expect { try UnbalancedPanel(table: Self.table(all + [("zz", "1")]), unit: "id", time: "year", unitOrder: w.ids) } throws: { "\($0)".contains("zz") }
        // The balanced Panel still refuses gaps.
        #expect(throws: DataError.self) { try Panel(table: Self.table(once), unit: "id", time: "year", unitOrder: w.ids) }
    }

    /// A unit observed where none of its neighbours is: a zero row of W_t, allowed and counted in a warning.
    @Test func isolatedCellsAreCounted() throws {
        let w = try SpatialWeights.lattice(rows: 1, columns: 4).transformed(.row)   // a path 0-1-2-3
        var cells = [(String, String)]()
        for p in ["1", "2", "3", "4"] { for id in w.ids { cells.append((id, p)) } }
        // Period 2: units 0 and 2 only (neither has an observed neighbour).
        cells.removeAll { $0.1 == "2" && ($0.0 == w.ids[1] || $0.0 == w.ids[3]) }
        let panel = try UnbalancedPanel(table: Self.table(cells), unit: "id", time: "year", unitOrder: w.ids)
        let fit = try UnbalancedPanelRegression(.sar, panel: panel, y: "y", x: ["x"], weights: w)
        #expect(fit.warnings.contains { $0.hasPrefix("2 observed cell(s) have no observed neighbour") }, "\(fit.warnings)")
        #expect(fit.summary.contains("unbalanced"))
    }

    /// The example of Docs/Panels.md ("Unbalanced panels"): produc with Alabama, Ohio and Texas missing in 1970-74 and
    /// Nevada from 1983, two-way SDM, W_t re-normalised and restricted.
    @Test func docsExample() throws {
        let table = try Dataset.produc.table("produc.csv")
        let state = try table.strings("state"), year = try table.numbers("year")
        let gaps = table.selectingRows(state.indices.filter { i in
            !(["ALABAMA", "OHIO", "TEXAS"].contains(state[i]) && year[i] < 1975) && !(state[i] == "NEVADA" && year[i] >= 1983) })
        let w = try SpatialWeights.read(from: Dataset.produc.url("usaww.csv")).transformed(.row)
        let paired = try UnbalancedPanel.paired(table: gaps, unit: "state", time: "year", weights: w)
        let x = ["log(pcap)", "log(pc)", "log(emp)", "unemp"]
        let fit = try UnbalancedPanelRegression(.sdm, panel: paired.panel, y: "log(gsp)", x: x, weights: paired.weights)
        #expect(fit.observations == 797 && fit.distinctPeriodWeights == 3)
        let rho = try #require(fit.rho)
        #expect(abs(rho.estimate - 0.2641) < 5e-5 && abs(rho.stdError - 0.0283) < 5e-5, "\(rho)")
        _ = try ImpactMeasures(fit, inference: .delta)
        let kept = try UnbalancedPanelRegression(.sdm, panel: paired.panel, y: "log(gsp)", x: x, weights: paired.weights, periodWeights: .restricted)
        let keptRho = try #require(kept.rho)
        #expect(abs(keptRho.estimate - 0.3470) < 5e-5 && abs(keptRho.stdError - 0.0082) < 5e-5, "\(keptRho)")
    }

    // MARK: - simulation

    /// Seeded simulation from the unbalanced model itself: 15 x 15 rook lattice (N = 225), T = 6, each cell missing
    /// with probability 0.2 (a unit left with one period is observed in the first two), two-way SDM with rho = 0.4, beta = 1, theta = 0.5, mu_i, alpha_t, x, e standard normal,
    /// W_t re-normalised. Over 40 replications the mean error of rho, beta and theta is within 3 Monte Carlo standard
    /// errors (or 0.01: the direct approach's O(1/N) bias with time effects), and the mean standard error of rho is
    /// within 25% of the replications' standard deviation.
    @Test func simulationIsConsistent() throws {
        let w = try SpatialWeights.lattice(rows: 15, columns: 15).transformed(.row)
        let n = w.count, periods = 6, reps = 40
        let rho = 0.4, beta = 1.0, theta = 0.5
        var g = SeededGenerator(seed: 20261201)
        var estimates = [[Double]](), rhoSE = [Double]()
        for _ in 0..<reps {
            let mu = (0..<n).map { _ in g.normal() }
            var ids = [String](), years = [String](), ys = [Double](), xs = [Double]()
            var observed = (0..<periods).map { _ in (0..<n).map { _ in g.uniform() >= 0.2 } }
            // A unit observed once would be refused with individual effects: observe it in the first two periods.
            for i in 0..<n where observed.filter({ $0[i] }).count < 2 { observed[0][i] = true; observed[1][i] = true }
            for p in 0..<periods {
                let keep = (0..<n).filter { observed[p][$0] }
                let wt = try w.subset(ids: keep.map { w.ids[$0] })
                let alpha = g.normal()
                let x = keep.map { _ in g.normal() }
                let wx = try wt.lag(x)
                let rhs = keep.indices.map { beta * x[$0] + theta * wx[$0] + mu[keep[$0]] + alpha + g.normal() }
                var a = Matrix.identity(keep.count)
                let d = wt.matrix.dense
                for e in a.elements.indices { a.elements[e] -= rho * d.elements[e] }
                let y = try LUDecomposition(a).solve(Matrix(rows: keep.count, columns: 1, columnMajor: rhs)).elements
                ids += keep.map { w.ids[$0] }; years += keep.map { _ in "\(p)" }; ys += y; xs += x
            }
            let table = try DataTable(columns: [("id", ids), ("year", years)]).adding("x", values: xs).adding("y", values: ys)
            let panel = try UnbalancedPanel(table: table, unit: "id", time: "year", unitOrder: w.ids)
            let fit = try UnbalancedPanelRegression(.sdm, panel: panel, y: "y", x: ["x"], weights: w)
            estimates.append(fit.coefficients.map(\.estimate) + [try #require(fit.rho).estimate])
            rhoSE.append(try #require(fit.rho).stdError)
        }
        let truth = [beta, theta, rho]
        var lines = [String]()
        for j in 0..<3 {
            let v = estimates.map { $0[j] }, m = v.reduce(0, +) / Double(reps)
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(reps - 1)).squareRoot()
            let mcse = sd / Double(reps).squareRoot()
            lines.append("\(["x", "W_x", "rho"][j]): mean error \(m - truth[j]) (mc se \(mcse)), sd \(sd)")
            #expect(abs(m - truth[j]) < max(3 * mcse, 0.01), "\(lines.last!)")
            if j == 2 {
                let meanSE = rhoSE.reduce(0, +) / Double(reps)
                lines.append("rho: mean se \(meanSE)")
                #expect(abs(meanSE / sd - 1) < 0.25, "rho se \(meanSE) vs sd \(sd)")
            }
        }
        print("UnbalancedPanelRegressionTests simulation (N = 225, T = 6, 20% missing, R = \(reps)):\n" + lines.joined(separator: "\n"))
    }
}
