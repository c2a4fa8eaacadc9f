import Foundation
import Testing
@testable import SpatialEconometrics

/// Kernel densities of china31 per-capita GDP against scipy's `gaussian_kde` (Gaussian, scott/silverman/given),
/// an independent numpy Epanechnikov sum, and R's `bw.nrd0` / `density()`.
@Suite struct KernelDensityTests {
    @Test func gaussianMatchesScipyPerYear() throws {
        let ref = try DynamicsFixture.load()
        let g = ref.kde.grid, lg = ref.kde.log_grid
        let grid = try DensityGrid(minimum: g.min, maximum: g.max, count: g.count)
        let table = try DynamicsFixture.chinaTable()
        var worst = 0.0
        for (rule, key) in [(DensityBandwidth.scott, "scott"), (.silverman, "silverman"), (.nrd0, "nrd0"), (.fixed(8000), "fixed_8000")] {
            let kde = try KernelDensityByPeriod(table: table, variable: "gdppc", by: "year", bandwidth: rule, grid: grid)
            #expect(kde.curves.map(\.period) == (2011...2022).map(String.init))
            for c in kde.curves {
                let r = try #require(ref.kde.years[c.period]?[key])
                #expect(abs(c.estimate.bandwidth - r.bandwidth) <= 1e-12 * r.bandwidth, "\(key) \(c.period)")
                let scale = r.density.max() ?? 1
                let d = maxAbsDiff(c.estimate.density, r.density) / scale
                worst = max(worst, d)
                #expect(d <= 1e-12, "\(key) \(c.period): relative difference \(d)")
            }
        }
        let logGrid = try DensityGrid(minimum: lg.min, maximum: lg.max, count: lg.count)
        for (rule, key) in [(DensityBandwidth.scott, "log_scott"), (.silverman, "log_silverman")] {
            let kde = try KernelDensityByPeriod(table: table, variable: "log(gdppc)", by: "year", bandwidth: rule, grid: logGrid)
            for c in kde.curves {
                let r = try #require(ref.kde.years[c.period]?[key])
                #expect(abs(c.estimate.bandwidth - r.bandwidth) <= 1e-12 * r.bandwidth)
                #expect(maxAbsDiff(c.estimate.density, r.density) <= 1e-12 * (r.density.max() ?? 1), "\(key) \(c.period)")
            }
        }
        print("KDE vs scipy: worst relative difference \(worst)")
    }

    @Test func epanechnikovMatchesNumpyAndRDensityApproximately() throws {
        let ref = try DynamicsFixture.load()
        let g = ref.kde.grid
        let grid = try DensityGrid(minimum: g.min, maximum: g.max, count: g.count)
        let table = try DynamicsFixture.chinaTable()
        let epa = try KernelDensityByPeriod(table: table, variable: "gdppc", by: "year", kernel: .epanechnikov, bandwidth: .silverman, grid: grid)
        for c in epa.curves {
            let r = try #require(ref.kde.years[c.period]?["epanechnikov_silverman"])
            #expect(maxAbsDiff(c.estimate.density, r.density) <= 1e-12 * (r.density.max() ?? 1), "\(c.period)")
        }
        guard let rk = ref.kde_r else { return }
        let nrd = try KernelDensityByPeriod(table: table, variable: "gdppc", by: "year", bandwidth: .nrd0, grid: grid)
        let epaNrd = try KernelDensityByPeriod(table: table, variable: "gdppc", by: "year", kernel: .epanechnikov, bandwidth: .nrd0, grid: grid)
        for (year, r) in rk.years {
            let c = try #require(nrd.curves.first { $0.period == year }), e = try #require(epaNrd.curves.first { $0.period == year })
            #expect(abs(c.estimate.bandwidth - r.bw_nrd0) <= 1e-12 * r.bw_nrd0)
            // R bins onto an FFT grid of 512 points and interpolates: about 1e-3 of the peak height
            let scale = r.density_nrd0.max() ?? 1
            #expect(maxAbsDiff(c.estimate.density, r.density_nrd0) <= 2e-3 * scale, "R gaussian \(year): \(maxAbsDiff(c.estimate.density, r.density_nrd0) / scale)")
            #expect(maxAbsDiff(e.estimate.density, r.density_epanechnikov_nrd0) <= 2e-3 * scale, "R epanechnikov \(year)")
            print("KDE vs R density() \(year): gaussian \(maxAbsDiff(c.estimate.density, r.density_nrd0) / scale), epanechnikov \(maxAbsDiff(e.estimate.density, r.density_epanechnikov_nrd0) / scale)")
        }
    }

    @Test func peaksAndWidthOfAKnownMixture() throws {
        // two well-separated clusters: two peaks, the main one the larger cluster's
        let values = [0.0, 0.1, -0.1, 0.05, -0.05, 0.02, 10, 10.1, 9.9]
        let kde = try KernelDensity(values: values, bandwidth: .fixed(0.5), grid: DensityGrid(minimum: -3, maximum: 13, count: 1601))
        #expect(kde.peaks.count == 2)
        let main = try #require(kde.mainPeak)
        #expect(abs(main.location) < 0.02)
        // near-Gaussian main peak of sd ~ sqrt(0.25 + var): FWHM = 2 sqrt(2 ln 2) sd
        let sd = (0.25 + values.prefix(6).map { $0 * $0 }.reduce(0, +) / 6).squareRoot()
        #expect(abs((kde.mainPeakWidth ?? 0) - 2 * (2 * log(2.0)).squareRoot() * sd) < 0.02)
        // a peak running off the grid has no width
        let cut = try KernelDensity(values: values, bandwidth: .fixed(0.5), grid: DensityGrid(minimum: -0.2, maximum: 13, count: 500))
        #expect(cut.mainPeakWidth == nil)
        // density integrates to ~1 (trapezoid)
        let step = kde.grid[1] - kde.grid[0]
        #expect(abs(kde.density.reduce(0, +) * step - 1) < 1e-6)
    }

    @Test func errorsNameThePeriodAndNeverTrap() throws {
        let t = try DataTable(csv: "year,x\n2020,1\n2020,2\n2021,3\n2021,3\n2022,5\n")
        #expect(throws: DynamicsError.constantValues(what: "year 2021")) {
            try KernelDensityByPeriod(table: t, variable: "x", by: "year")
        }
        let one = try DataTable(csv: "year,x\n2020,1\n2020,2\n2022,5\n")
        #expect(throws: DynamicsError.tooFewObservations(what: "year 2022", needed: 2, got: 1)) {
            try KernelDensityByPeriod(table: one, variable: "x", by: "year")
        }
        #expect(throws: DynamicsError.self) { try DensityGrid(minimum: 1, maximum: 0, count: 10) }
        #expect(throws: DynamicsError.self) { try KernelDensity(values: [1, .nan, 2]) }
        #expect(DensityBandwidth("-3") == nil && DensityBandwidth("nrd0") == .nrd0 && DensityBandwidth("0.5") == .fixed(0.5))
        // a given bandwidth works with one value
        #expect(try KernelDensity(values: [4], bandwidth: .fixed(1)).peaks.count == 1)
    }

    @Test func groupsOrderInvarianceAndFigures() throws {
        let table = try DynamicsFixture.chinaTable()
        let regions = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        let byID = Dictionary(uniqueKeysWithValues: zip(try regions.strings("id"), try regions.strings("region")))
        var cols = [(name: String, values: [String])]()
        for name in table.columnNames { cols.append((name, try table.strings(name))) }
        cols.append(("region", try table.strings("id").map { byID[$0] ?? "" }))
        let grouped = try DataTable(columns: cols)
        let kde = try KernelDensityByPeriod(table: grouped, variable: "gdppc", by: "year", group: "region")
        #expect(kde.curves.count == 12 * 4)
        #expect(kde.curves.first?.key == "2011/central")
        // shuffled rows: identical result
        var rng = SeededGenerator(seed: 7)
        let perm = Array(0..<grouped.rowCount).shuffled(using: &rng)
        let shuffled = try DataTable(columns: cols.map { c in (c.name, perm.map { c.values[$0] }) })
        #expect(try KernelDensityByPeriod(table: shuffled, variable: "gdppc", by: "year", group: "region") == kde)
        let years = try KernelDensityByPeriod(table: table, variable: "gdppc", by: "year")
        let svg = years.overlaySVG(), surface = years.surfaceSVG()
        #expect(svg.hasPrefix("<svg") && svg.contains("2022") && surface.contains("2011") && surface.contains("<path"))
        #expect(years.summary.contains("Main peak") && years.summary.contains("2016"))
    }
}
