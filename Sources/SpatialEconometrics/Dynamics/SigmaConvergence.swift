import Foundation

/// Sigma convergence: the dispersion of a variable across units per period, and whether it falls over time.
///
/// Per period, over the N units: the coefficient of variation `CV = sd / mean`, the standard deviation of the logs
/// `sd(ln y)`, the Gini coefficient (mean absolute difference over twice the mean) and Theil's T
/// `(1/N) sum (y_i / mean) ln(y_i / mean)` (``Inequality``; sd with the divisor N, as the package's CV and PySAL
/// `inequality`). The trend of each measure is the OLS slope on time `m_t = a + b t + e_t` (t the period's value
/// when all periods are numbers, else 1, 2, ...) with its t-test on T - 2 df: a significantly negative b is sigma
/// convergence (Barro & Sala-i-Martin 1992; Sala-i-Martin 1996).
///
/// ```swift
/// let sigma = try SigmaConvergence(panel: panel, variable: "gdppc")
/// print(sigma.summary)
/// ```
public struct SigmaConvergence: Sendable, Codable, Equatable {
    /// The dispersion measures of one period.
    public struct Row: Sendable, Codable, Equatable {
        /// The period.
        public let period: String
        /// Units in the period.
        public let n: Int
        /// The cross-section mean.
        public let mean: Double
        /// Coefficient of variation, sd (divisor N) / mean.
        public let cv: Double
        /// Standard deviation (divisor N) of ln y (nil when a value is not positive).
        public let sdLog: Double?
        /// The Gini coefficient.
        public let gini: Double
        /// Theil's T.
        public let theil: Double
    }
    /// The OLS trend of one measure on time.
    public struct Trend: Sendable, Codable, Equatable {
        /// `cv`, `sd_log`, `gini` or `theil`.
        public let measure: String
        /// The slope b.
        public let slope: Double
        /// Standard error of the slope.
        public let stdError: Double
        /// `b / se(b)`.
        public let t: Double
        /// Degrees of freedom, T - 2.
        public let df: Int
        /// Two-sided p-value of t.
        public let pValue: Double
    }

    /// The variable.
    public let variable: String
    /// One row per period, in order.
    public let rows: [Row]
    /// Trends of cv, sd_log (when defined), gini, theil; empty with fewer than 3 periods.
    public let trends: [Trend]

    /// The measures of `variable` (positive values) in each period of a panel, and their trends.
    /// - Throws: ``DynamicsError`` naming the unit and period of a bad value.
    public init(panel: Panel, variable: String) throws(DynamicsError) {
        let y = try MarkovChain.values(panel: panel, variable: variable, relative: false)
        let n = panel.unitCount
        var rows = [Row]()
        for (s, p) in panel.periods.enumerated() {
            let v = (0..<n).map { y[$0][s] }
            let ineq: Inequality
            do { ineq = try Inequality(values: v, variable: variable, period: p) } catch { throw .wrapped(error) }
            let mean = v.reduce(0, +) / Double(n)
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
            var sdLog: Double? = nil
            if v.allSatisfy({ $0 > 0 }) {
                let l = v.map { Foundation.log($0) }, lm = l.reduce(0, +) / Double(n)
                sdLog = (l.reduce(0) { $0 + ($1 - lm) * ($1 - lm) } / Double(n)).squareRoot()
            }
            rows.append(Row(period: p, n: n, mean: mean, cv: sd / mean, sdLog: sdLog, gini: ineq.gini, theil: ineq.theil))
        }
        self.variable = variable
        self.rows = rows
        let numeric = panel.periods.compactMap(Double.init)
        let time = numeric.count == panel.periods.count ? numeric : (1...panel.periodCount).map(Double.init)
        var trends = [Trend]()
        if rows.count >= 3 {
            let series: [(String, [Double]?)] = [("cv", rows.map(\.cv)), ("sd_log", rows.allSatisfy { $0.sdLog != nil } ? rows.map { $0.sdLog ?? 0 } : nil),
                                                 ("gini", rows.map(\.gini)), ("theil", rows.map(\.theil))]
            for (name, m) in series { if let m { trends.append(Self.trend(name, time, m)) } }
        }
        self.trends = trends
    }

    /// OLS of `m` on `[1, t]`: slope, its standard error `sqrt(s^2 / S_tt)` with `s^2 = SSE / (T - 2)`, t and p.
    static func trend(_ name: String, _ t: [Double], _ m: [Double]) -> Trend {
        let k = Double(t.count)
        let tm = t.reduce(0, +) / k, mm = m.reduce(0, +) / k
        var stt = 0.0, stm = 0.0
        for i in t.indices { stt += (t[i] - tm) * (t[i] - tm); stm += (t[i] - tm) * (m[i] - mm) }
        let b = stm / stt, a = mm - b * tm
        var sse = 0.0
        for i in t.indices { let e = m[i] - a - b * t[i]; sse += e * e }
        let df = t.count - 2
        let se = (sse / Double(df) / stt).squareRoot()
        let tv = b / se
        return Trend(measure: name, slope: b, stdError: se, t: tv, df: df, pValue: StudentT(degreesOfFreedom: Double(df)).twoSidedPValue(tv))
    }

    /// Period | mean | CV | sd(ln y) | Gini | Theil, then the trends (slope, SE, t, p): the sigma-convergence table.
    public var table: Table {
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
        var t = Table(title: "Sigma convergence of \(variable)", columns: ["Period", "n", "Mean", "CV", "sd(ln y)", "Gini", "Theil"])
        for r in rows { t.rows.append([r.period, String(r.n), String(format: "%.6g", r.mean), f(r.cv), f(r.sdLog), f(r.gini), f(r.theil)]) }
        for tr in trends {
            t.notes.append("Trend of \(tr.measure): slope \(String(format: "%.6g", tr.slope)) (SE \(String(format: "%.3g", tr.stdError)), t = \(String(format: "%.3f", tr.t)), df \(tr.df), p = \(String(format: "%.4f", tr.pValue)))" + (tr.slope < 0 && tr.pValue < 0.05 ? ": falling (sigma convergence)" : tr.slope > 0 && tr.pValue < 0.05 ? ": rising (divergence)" : ""))
        }
        t.notes.append("CV and sd(ln y) use the divisor N; trend = OLS of the measure on the period's value, two-sided t-test on T - 2 df.")
        return t
    }

    /// ``table`` as text.
    public var summary: String { table.text }

    /// The sigma-convergence figure: CV, sd(ln y), Gini and Theil against the period on one plot, with a legend.
    public func svg(width: Double = 720, height: Double = 420) -> String {
        var svg = SVGDocument(width: width, height: height)
        let left = 70.0, right = 130.0, top = 40.0, bottom = 55.0
        let pw = width - left - right, ph = height - top - bottom
        let series: [(String, [Double?])] = [("CV", rows.map { $0.cv }), ("sd(ln y)", rows.map(\.sdLog)),
                                             ("Gini", rows.map { $0.gini }), ("Theil", rows.map { $0.theil })]
        let values = series.flatMap { $0.1.compactMap { $0 } }
        let yTicks = niceTicks(0, (values.max() ?? 1) * 1.05)
        let yTop = max(yTicks.last ?? 1, values.max() ?? 1, 1e-300)
        let m = rows.count
        func px(_ i: Int) -> Double { left + (m > 1 ? Double(i) / Double(m - 1) : 0.5) * pw }
        func py(_ v: Double) -> Double { top + ph - v / yTop * ph }
        svg.text("Sigma convergence of \(variable)", left + pw / 2, 24, size: 15, anchor: "middle", weight: "bold")
        svg.rect(left, top, pw, ph, fill: "none", stroke: "#333")
        for t in yTicks where t <= yTop {
            svg.line(left - 5, py(t), left, py(t))
            svg.text(String(format: "%g", t), left - 8, py(t) + 4, size: 11, anchor: "end")
        }
        let every = max(1, m / 12)
        for (i, r) in rows.enumerated() where i % every == 0 {
            svg.line(px(i), top + ph, px(i), top + ph + 5)
            svg.text(r.period, px(i), top + ph + 19, size: 11, anchor: "middle")
        }
        for (k, (name, v)) in series.enumerated() {
            let colour = KernelDensityByPeriod.palette[k % KernelDensityByPeriod.palette.count]
            var d = ""
            for (i, x) in v.enumerated() { if let x { d += "\(d.isEmpty ? "M" : "L")\(SVGDocument.number(px(i))),\(SVGDocument.number(py(x)))" } }
            if !d.isEmpty { svg.path(d, fill: "none", stroke: colour, width: 1.8, title: name) }
            for (i, x) in v.enumerated() { if let x { svg.circle(px(i), py(x), 2.5, fill: colour, stroke: colour) } }
            let ly = top + 10 + Double(k) * 18
            svg.line(left + pw + 12, ly, left + pw + 36, ly, stroke: colour, width: 2)
            svg.text(name, left + pw + 42, ly + 4, size: 11)
        }
        return svg.rendered
    }
}
