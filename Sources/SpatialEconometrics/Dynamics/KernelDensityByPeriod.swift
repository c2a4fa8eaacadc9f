import Foundation

/// Kernel densities of one variable per period (and per group within a period) on one common grid: the
/// "kernel density over years" of regional-development papers.
///
/// Each curve has its own bandwidth (the rule applied to that period's, or period-and-group's, values); the grid is
/// common so the curves can be overlaid: given, or R's default range around all values (`min - 3 h_max` to
/// `max + 3 h_max`, 512 points, `h_max` the largest bandwidth). Rows are grouped by the period's value, so the
/// result does not depend on the order of the rows; numeric periods are sorted numerically.
///
/// ```swift
/// let table = try DataTable(csv: "year,x\n2020,1\n2020,2\n2020,4\n2021,2\n2021,3\n2021,6\n")
/// let kde = try KernelDensityByPeriod(table: table, variable: "x", by: "year")
/// print(kde.summary)
/// ```
public struct KernelDensityByPeriod: Sendable, Codable, Equatable {
    /// One estimated curve.
    public struct Curve: Sendable, Codable, Equatable {
        /// The period's value.
        public let period: String
        /// The group (nil without `group:`).
        public let group: String?
        /// The density of that period's (and group's) values.
        public let estimate: KernelDensity
        /// `period`, or `period/group`: the key of the CLI's `densities` object.
        public var key: String { group.map { "\(period)/\($0)" } ?? period }
    }

    /// The variable (column or expression).
    public let variable: String
    /// The kernel.
    public let kernel: DensityKernel
    /// The bandwidth rule, or the given bandwidth.
    public let bandwidthRule: String
    /// The common grid.
    public let grid: [Double]
    /// Curves by period (in period order), then group (sorted).
    public let curves: [Curve]

    /// Estimates the density of `variable` (a column or expression) for each value of `by` (and of `group`).
    /// - Throws: ``DynamicsError`` naming the period (and group) with too few or constant values, or the row of a
    ///   bad cell (``DynamicsError/data(_:)``).
    public init(table: DataTable, variable: String, by: String, group: String? = nil, kernel: DensityKernel = .gaussian,
                bandwidth: DensityBandwidth = .scott, grid: DensityGrid? = nil) throws(DynamicsError) {
        let x: [Double], periods: [String], groups: [String]?
        do {
            x = try table.numbers(variable)
            periods = try table.strings(by).map(CSVReader.trimmed)
            groups = try group.map { (g) throws(DataError) in try table.strings(g).map(CSVReader.trimmed) }
        } catch { throw .data(error) }
        for (i, v) in x.enumerated() where !v.isFinite { throw .nonFinite(what: "column '\(variable)', row \(i + 1)") }
        for (i, p) in periods.enumerated() where CSVReader.isMissing(p) { throw .data(.missingValue(column: by, row: i + 1)) }
        let distinct = Array(Set(periods))
        let order = LabelOrder.numericallySorted(distinct) ?? distinct.sorted()
        var samples = [(String, String?, [Double])]()
        for p in order {
            let rows = periods.indices.filter { periods[$0] == p }
            if let groups {
                for g in Set(rows.map { groups[$0] }).sorted() {
                    // sorted values: the sum, hence the result, does not depend on the row order
                    samples.append((p, g, rows.filter { groups[$0] == g }.map { x[$0] }.sorted()))
                }
            } else {
                samples.append((p, nil, rows.map { x[$0] }.sorted()))
            }
        }
        var hs = [Double]()
        for (p, g, v) in samples { hs.append(try bandwidth.bandwidth(for: v, what: Self.what(by, p, group, g))) }
        let common: DensityGrid
        if let grid { common = grid } else { common = try DensityGrid.covering(x, bandwidth: hs.max() ?? 1) }
        var curves = [Curve]()
        for (p, g, v) in samples {
            curves.append(Curve(period: p, group: g, estimate: try KernelDensity(values: v, kernel: kernel, bandwidth: bandwidth, grid: common, what: Self.what(by, p, group, g))))
        }
        self.variable = variable; self.kernel = kernel; bandwidthRule = bandwidth.description
        self.grid = common.points; self.curves = curves
    }

    static func what(_ by: String, _ p: String, _ group: String?, _ g: String?) -> String {
        "\(by) \(p)" + (g.map { ", \(group ?? "group") \($0)" } ?? "")
    }

    /// Period | (group) | n | bandwidth | peaks | main peak (position, height, width at half height): what papers
    /// read off the figure.
    public var table: Table {
        let hasGroup = curves.contains { $0.group != nil }
        var t = Table(title: "Kernel density of \(variable) (\(kernel.rawValue) kernel, bandwidth \(bandwidthRule))",
                      columns: ["Period"] + (hasGroup ? ["Group"] : []) + ["n", "Bandwidth", "Peaks", "Main peak", "Height", "Width"])
        func f(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "—" }
        for c in curves {
            let e = c.estimate
            t.rows.append([c.period] + (hasGroup ? [c.group ?? ""] : []) +
                          [String(e.n), f(e.bandwidth), String(e.peaks.count), f(e.mainPeak?.location), f(e.mainPeak?.height), f(e.mainPeakWidth)])
        }
        t.notes = ["Densities evaluated exactly at \(grid.count) grid points from \(f(grid.first)) to \(f(grid.last)); width = full width at half the main peak's height (— where it runs off the grid)."]
        return t
    }

    /// ``table`` as text.
    public var summary: String { table.text }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]

    /// The curves overlaid on one plot (x the variable, y the density), one colour per curve, with a legend.
    public func overlaySVG(width: Double = 720, height: Double = 440) -> String {
        var svg = SVGDocument(width: width, height: height)
        let left = 70.0, right = 150.0, top = 40.0, bottom = 55.0
        let pw = width - left - right, ph = height - top - bottom
        let x0 = grid.first ?? 0, x1 = grid.last ?? 1
        let ymax = max(curves.flatMap(\.estimate.density).max() ?? 1, 1e-300)
        let yTicks = niceTicks(0, ymax * 1.05), xTicks = niceTicks(x0, x1)
        let yTop = max(yTicks.last ?? ymax, ymax)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + ph - y / yTop * ph }
        svg.text("Kernel density of \(variable)", left + pw / 2, 24, size: 15, anchor: "middle", weight: "bold")
        svg.rect(left, top, pw, ph, fill: "none", stroke: "#333")
        for t in xTicks where t >= x0 && t <= x1 {
            svg.line(px(t), top + ph, px(t), top + ph + 5)
            svg.text(String(format: "%g", t), px(t), top + ph + 19, size: 11, anchor: "middle")
        }
        for t in yTicks where t <= yTop {
            svg.line(left - 5, py(t), left, py(t))
            svg.text(String(format: "%g", t), left - 8, py(t) + 4, size: 11, anchor: "end")
        }
        svg.text(variable, left + pw / 2, height - 14, size: 13, anchor: "middle")
        svg.text("Density", 18, top + ph / 2, size: 13, anchor: "middle", rotate: -90)
        for (k, c) in curves.enumerated() {
            let colour = Self.palette[k % Self.palette.count]
            let d = zip(grid, c.estimate.density).enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGDocument.number(px($0.element.0))),\(SVGDocument.number(py($0.element.1)))" }.joined()
            svg.path(d, fill: "none", stroke: colour, width: 1.6, title: c.key)
            let ly = top + 10 + Double(k) * 18
            svg.line(left + pw + 12, ly, left + pw + 36, ly, stroke: colour, width: 2)
            svg.text(c.key, left + pw + 42, ly + 4, size: 11)
        }
        return svg.rendered
    }

    /// The three-dimensional "kernel density over periods" figure as an oblique-projection wireframe: x the
    /// variable, depth the period (the first at the front), height the density; each curve is a filled ridge
    /// (nearer ridges hide farther ones), with lines joining equal grid points of consecutive periods every
    /// `gridEvery` points.
    public func surfaceSVG(width: Double = 760, height: Double = 520, gridEvery: Int = 32) -> String {
        var svg = SVGDocument(width: width, height: height)
        let m = curves.count
        let left = 70.0, top = 50.0, bottom = 60.0
        let depthX = 0.30 * width, depthY = 0.30 * height
        let pw = width - left - depthX - 40, ph = height - top - bottom - depthY
        let x0 = grid.first ?? 0, x1 = grid.last ?? 1
        let zmax = max(curves.flatMap(\.estimate.density).max() ?? 1, 1e-300)
        func project(_ x: Double, _ k: Int, _ z: Double) -> (Double, Double) {
            let f = m > 1 ? Double(k) / Double(m - 1) : 0   // the first period at the front, later ones behind
            let bx = left + (x - x0) / (x1 - x0) * pw + f * depthX
            let by = top + depthY + ph - f * depthY
            return (bx, by - z / zmax * ph)
        }
        svg.text("Kernel density of \(variable) by period", width / 2, 26, size: 15, anchor: "middle", weight: "bold")
        // floor axes
        let a = project(x0, 0, 0), b = project(x1, 0, 0), c = project(x0, m - 1, 0), d = project(x1, m - 1, 0)
        svg.line(a.0, a.1, b.0, b.1, stroke: "#333"); svg.line(a.0, a.1, c.0, c.1, stroke: "#333"); svg.line(b.0, b.1, d.0, d.1, stroke: "#999")
        for t in niceTicks(x0, x1) where t >= x0 && t <= x1 {
            let p = project(t, 0, 0)
            svg.line(p.0, p.1, p.0, p.1 + 5)
            svg.text(String(format: "%g", t), p.0, p.1 + 18, size: 11, anchor: "middle")
        }
        svg.text(variable, (a.0 + b.0) / 2, a.1 + 40, size: 13, anchor: "middle")
        let zTop = project(x0, 0, zmax)
        svg.line(a.0, a.1, zTop.0, zTop.1, stroke: "#333")
        for t in niceTicks(0, zmax) where t <= zmax {
            let p = project(x0, 0, t)
            svg.line(p.0 - 5, p.1, p.0, p.1)
            svg.text(String(format: "%g", t), p.0 - 8, p.1 + 4, size: 10, anchor: "end")
        }
        svg.text("Density", left - 50, (a.1 + zTop.1) / 2, size: 12, anchor: "middle", rotate: -90)
        // back to front so nearer ridges cover farther ones; the wireframe segments between a ridge and the one
        // behind it are drawn before the nearer ridge, which hides what it should
        for k in stride(from: m - 1, through: 0, by: -1) {
            if k < m - 1, gridEvery > 0 {
                for i in stride(from: 0, to: grid.count, by: gridEvery) {
                    let p = project(grid[i], k + 1, curves[k + 1].estimate.density[i]), q = project(grid[i], k, curves[k].estimate.density[i])
                    svg.line(p.0, p.1, q.0, q.1, stroke: "#666", width: 0.5)
                }
            }
            let e = curves[k].estimate
            var path = ""
            for (i, (x, z)) in zip(grid, e.density).enumerated() {
                let p = project(x, k, z)
                path += "\(i == 0 ? "M" : "L")\(SVGDocument.number(p.0)),\(SVGDocument.number(p.1))"
            }
            let end = project(x1, k, 0), start = project(x0, k, 0)
            path += "L\(SVGDocument.number(end.0)),\(SVGDocument.number(end.1))L\(SVGDocument.number(start.0)),\(SVGDocument.number(start.1))Z"
            svg.path(path, fill: "#eef3f9", stroke: Self.palette[k % Self.palette.count], width: 1.2, title: curves[k].key)
            let label = project(x1, k, 0)
            svg.text(curves[k].key, label.0 + 6, label.1 + 4, size: 10)
        }
        return svg.rendered
    }
}
