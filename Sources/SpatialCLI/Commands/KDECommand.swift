import Foundation
import SpatialEconometrics

/// `spatial kde`: kernel densities of a variable per period (and group), with the figures papers print.
struct KDECommand: Command {
    static let name = "kde"
    static let summary = "kernel density per period (and group): densities on a grid, peaks, main-peak width, SVG curves and 3-D surface"
    static let synopsis = ["--data F --var V --by PERIOD [--group COL] [--kernel gaussian|epanechnikov]",
                           "    [--bandwidth scott|silverman|nrd0|H] [--grid MIN,MAX,COUNT] [--svg F] [--surface-svg F] [--json | --format F]"]
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.variable, SharedOptions.by.with(help: "the periods' column: one density per period"),
                                Option("--group", .value, "COL", help: "groups within a period (e.g. east/central/west): one density per period and group")),
        OptionGroup("Estimate", [
            Option("--kernel", .choice(DensityKernel.allCases.map(\.rawValue)), "K", default: "gaussian", help: "the kernel, scaled so that the bandwidth is its standard deviation (R's convention)"),
            Option("--bandwidth", .value, "RULE|H", default: "scott", help: """
                scott (s n^-1/5) or silverman (s (3n/4)^-1/5) as scipy's gaussian_kde, nrd0 as R's bw.nrd0 \
                (0.9 min(s, IQR/1.34) n^-1/5), or a positive number; a rule is applied to each curve's values
                """),
            Option("--grid", .list, "MIN,MAX,COUNT", help: "evaluate at COUNT equally spaced points from MIN to MAX (default: R's range, min - 3h to max + 3h, 512 points, common to all curves)"),
        ]),
        OptionGroup("Figures", [
            Option("--svg", .value, "OUT", help: "the curves overlaid on one plot"),
            Option("--surface-svg", .value, "OUT", help: "the three-dimensional 'kernel density over periods' figure (perspective ridges with a wireframe)"),
        ]),
        SharedOptions.exportGroup(coefficients: false),
    ]
    static let notes = """
        Densities are evaluated exactly at the grid points, f(x) = 1/(n h) sum K((x - x_i)/h) (R's density() bins on an
        FFT grid and agrees to about 1e-3). Peaks are the grid's local maxima; the main peak's width is its full width
        at half height. JSON: {"variable","kernel","bandwidth_rule","grid":[...],"densities":{"<period>":[...]},
        "bandwidths":{"<period>":h},"n":{...},"peaks":{"<period>":[{"location","height"}]},"main_peak":{"<period>":
        {"location","height","width"}}}; with --group the keys are "<period>/<group>".
        """

    let output: OutputFormat
    let data: String, variable: String, by: String, group: String?
    let kernel: DensityKernel, bandwidth: DensityBandwidth, grid: DensityGrid?
    let svg: String?, surface: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o, coefficients: false)
        data = try o.required("--data")
        variable = try o.required("--var")
        by = try o.required("--by")
        group = try o.given("--group")
        kernel = DensityKernel(rawValue: try o.choice("--kernel")) ?? .gaussian
        let b = try o.value("--bandwidth") ?? "scott"
        guard let bw = DensityBandwidth(b) else { throw .invalid("--bandwidth", message: "--bandwidth '\(b)' is not scott, silverman, nrd0 or a positive number") }
        bandwidth = bw
        if let g = try o.list("--grid") {
            guard g.count == 3, let lo = Double(g[0]), let hi = Double(g[1]), let n = Int(g[2]) else {
                throw .invalid("--grid", message: "--grid takes MIN,MAX,COUNT (e.g. 0,200000,512), got '\(g.joined(separator: ","))'")
            }
            do { grid = try DensityGrid(minimum: lo, maximum: hi, count: n) } catch { throw .invalid("--grid", message: "--grid: \(error.description)") }
        } else { grid = nil }
        svg = try o.given("--svg")
        surface = try o.given("--surface-svg")
    }

    struct Peak: Encodable { let location, height: Double; let width: Double? }
    struct Report: Encodable {
        let variable, kernel, bandwidthRule: String
        let grid: [Double]
        let densities: [String: [Double]], bandwidths: [String: Double], n: [String: Int]
        let peaks: [String: [DensityPeak]]
        let mainPeak: [String: Peak]
        enum CodingKeys: String, CodingKey {
            case variable, kernel, bandwidthRule = "bandwidth_rule", grid, densities, bandwidths, n, peaks, mainPeak = "main_peak"
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let kde = try KernelDensityByPeriod(table: table, variable: variable, by: by, group: group, kernel: kernel, bandwidth: bandwidth, grid: grid)
        if let svg { try kde.overlaySVG().write(toFile: svg, atomically: true, encoding: .utf8) }
        if let surface { try kde.surfaceSVG().write(toFile: surface, atomically: true, encoding: .utf8) }
        if output.isJSON {
            var main = [String: Peak]()
            for c in kde.curves { if let p = c.estimate.mainPeak { main[c.key] = Peak(location: p.location, height: p.height, width: c.estimate.mainPeakWidth) } }
            try console.json(Report(variable: variable, kernel: kernel.rawValue, bandwidthRule: kde.bandwidthRule, grid: kde.grid,
                                    densities: Dictionary(uniqueKeysWithValues: kde.curves.map { ($0.key, $0.estimate.density) }),
                                    bandwidths: Dictionary(uniqueKeysWithValues: kde.curves.map { ($0.key, $0.estimate.bandwidth) }),
                                    n: Dictionary(uniqueKeysWithValues: kde.curves.map { ($0.key, $0.estimate.n) }),
                                    peaks: Dictionary(uniqueKeysWithValues: kde.curves.map { ($0.key, $0.estimate.peaks) }), mainPeak: main))
        } else {
            console.text(output.printsSummary ? kde.summary : output.render([kde.table]))
            if output.printsSummary {
                if let svg { console.text("Density curves written to \(svg)") }
                if let surface { console.text("Density surface written to \(surface)") }
            }
        }
        return ExitStatus.success
    }
}
