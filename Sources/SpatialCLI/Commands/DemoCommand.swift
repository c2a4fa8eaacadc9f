import Foundation
import SpatialEconometrics

/// `spatial demo`: the package's workflow on its embedded real data.
struct DemoCommand: Command {
    static let name = "demo"
    static let summary = "walk through the workflow on the embedded data (China's provinces, Columbus)"
    static let synopsis = ["[--out DIR]"]
    static let groups = [OptionGroup("Output", [Option("--out", .value, "DIR", default: "spatial-demo-output", help: "where the SVG figures are written")])]
    static let notes = """
        Runs the workflow on data embedded in the package and prints each table:
          1. China's 31 provinces, 2011-2022 (NBS statistics): spatial weights (contiguity with Hainan linked to
             Guangdong, inverse squared great-circle distance between capitals, economic-geography nested matrix),
             the per-year Moran's I table of per-capita GDP, and the LISA cluster map of the last year; local patterns of
             the development index (LISA over the years with the table of cluster changes, the bivariate LISA with the
             neighbours' urbanisation, local Geary, local join counts of "above the median", the differential Moran
             2011-2022); the kernel
             densities of per-capita GDP by year, its spatial Markov chains, sigma and beta convergence (cross-section
             and panel; and within each region), Phillips-Sul clubs, and GDP's centre of gravity with its ellipses.
          2. Columbus, Ohio (Anselin 1988): OLS with spatial diagnostics, the spatial Durbin model and its
             direct/indirect/total effects.
        Writes the Moran scatterplot, the LISA cluster map and a choropleth (Hainan in an inset panel) of the last
        year as SVG into --out, each with the year in its title; the maps have a north arrow and a scale bar; the
        cluster maps of the local statistics and every year's LISA clusters in one grid; and the
        kernel density curves, the density surface over years, the sigma-convergence plot and GDP's centre of gravity over the map.
        """

    let out: String

    init(_ o: inout ParsedOptions) throws(UsageError) {
        out = try o.value("--out") ?? "spatial-demo-output"
    }

    static func section(_ title: String, _ console: Console) { console.text("\n" + String(repeating: "=", count: 78) + "\n" + title + "\n" + String(repeating: "=", count: 78)) }

    /// The whole model-selection battery (LM, BSK, Hausman and its variants, LR of the effects, Wald/LR of the SDM), the
    /// two-way SDM (Lee-Yu) and its simulated effects: one library call.
    static func battery(panel: Panel, y: String, x: [String], weights: SpatialWeights, label: String, _ console: Console) throws {
        console.text("\n" + label)
        let battery = try PanelModelSelection(panel: panel, y: y, x: x, weights: weights, effects: .twoways, estimator: .leeyu,
                                              inference: .simulation(draws: 1000, seed: 1))
        console.text(battery.summary)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let started = Date()

        Self.section("1. China's 31 provinces, 2011-2022: spatial weights", console)
        console.text("""
            Data: real statistics of the National Bureau of Statistics (GDP, year-end population), boundaries from
            Natural Earth (public domain), capitals' coordinates; see Resources/Datasets/china31/README.md.
            The China models below illustrate the workflow; they are not findings.
            """)
        let provinces = try Dataset.china31.table("provinces.csv")
        let ids = try provinces.strings("id"), names = try provinces.strings("name_en")
        let name = Dictionary(zip(ids, names), uniquingKeysWith: { a, _ in a })
        let edges = try Dataset.china31.table("contiguity_edges_hainan_linked.csv")
        let contiguity = try SpatialWeights.contiguity(edges: Array(zip(try edges.strings("from_id"), try edges.strings("to_id"))), ids: ids)
        let capitals = zip(try provinces.numbers("capital_lon"), try provinces.numbers("capital_lat")).map { Point2D($0, $1) }
        let distance = try SpatialWeights.inverseDistance(points: capitals, ids: ids, power: 2, metric: .greatCircle)
        console.text("\nContiguity (queen, Hainan linked to Guangdong):\n" + contiguity.diagnostics.summary)
        console.text("\nInverse squared great-circle distance between capitals (row-standardised in use):\n" + distance.diagnostics.summary)

        var panelTable = try Dataset.china31.table("panel.csv")
        let gdp = try panelTable.numbers("gdp"), pop = try panelTable.numbers("population")
        panelTable = try panelTable.adding("gdp_per_capita", values: zip(gdp, pop).map { $0 * 10_000 / $1 })
        // Composite development index by the entropy weight method, pooled over 2011-2022 (comparable across years).
        let population = try panelTable.numbers("population")
        panelTable = try panelTable.adding("fiscal_share", values: zip(try panelTable.numbers("fiscal_expenditure"), gdp).map { $0 / $1 })
        panelTable = try panelTable.adding("patents_per_10k", values: zip(try panelTable.numbers("patents_granted"), population).map { $0 / $1 })
        panelTable = try panelTable.adding("urban_employment_share", values: zip(try panelTable.numbers("urban_unit_employment"), population).map { $0 / $1 })
        Self.section("2. A composite development index (entropy weights, pooled 2011-2022)", console)
        let index = try CompositeIndex(panel: Panel(table: panelTable, unit: "id", time: "year"), indicators: Indicator.parse("gdp_per_capita:+,urbanization_rate:+,patents_per_10k:+,urban_employment_share:+,fiscal_share:-"),
                                       groups: IndicatorGroup.parse("economy=gdp_per_capita,patents_per_10k;society=urbanization_rate,urban_employment_share,fiscal_share"))
        console.text(index.indicatorTable.text)
        // The same system with CRITIC weights combined with the entropy weights (game theory), what holds each province
        // back (obstacle degrees) and the grey relational ranking, in the last year.
        let system = try Indicator.parse("gdp_per_capita:+,urbanization_rate:+,patents_per_10k:+,urban_employment_share:+,fiscal_share:-")
        let dimensions = try IndicatorGroup.parse("economy=gdp_per_capita,patents_per_10k;society=urbanization_rate,urban_employment_share,fiscal_share")
        let indexPanel = try Panel(table: panelTable, unit: "id", time: "year")
        let combined = try CompositeIndex(panel: indexPanel, indicators: system, groups: dimensions,
                                          options: EntropyOptions(weighting: .critic, combination: WeightCombination(with: .entropy, rule: .gameTheory)))
        console.text("\n" + combined.indicatorTable.text)
        let obstacles = try ObstacleDegree(panel: indexPanel, indicators: system, groups: dimensions)
        console.text("\n" + (obstacles.dimensionTable?.text ?? "") + "\n\n" + obstacles.topFactorsTable(count: 3, period: indexPanel.periods.last).text)
        let grey = try GreyRelationalAnalysis(panel: indexPanel, indicators: system)
        let lastYear = indexPanel.periods.last ?? ""
        let leaders = grey.rows.filter { $0.time == lastYear }.sorted { $0.rank < $1.rank }.prefix(5).map { "\(name[$0.unit ?? ""] ?? ($0.unit ?? "")) \(Format.fixed($0.grade, 3))" }
        console.text("\nGrey relational grade (rho 0.5, the optimum as reference), top five in \(lastYear): " + leaders.joined(separator: ", "))
        // Scores are joined back to the table by (unit, year), never by row order.
        panelTable = try index.addingScores(to: panelTable, unit: "id", time: "year", prefix: "development_")
        panelTable = try panelTable.adding("development_index", values: try panelTable.numbers("development_score"))
        let panel = try Panel(table: panelTable, unit: "id", time: "year", unitOrder: ids)
        let last = panel.periodCount - 1
        console.text("\n" + (try AutocorrelationByPeriod(panel: panel, variable: "development_index", weights: contiguity.transformed(.row))).summary)
        let meanGDP = (0..<panel.unitCount).map { i in (0..<panel.periodCount).map { t in (try? panel.numbers("gdp_per_capita", period: t)[i]) ?? 0 }.reduce(0, +) / Double(panel.periodCount) }
        let economic = try SpatialWeights.economicDistance(values: meanGDP, ids: ids)
        let nested = try SpatialWeights.economicGeography(geographic: distance.transformed(.row), economic: economic.transformed(.row), phi: 0.5)
        console.text("\nEconomic-geography nested matrix, 0.5 W_distance + 0.5 W_economic (mean per-capita GDP 2011-2022):\n" + nested.diagnostics.summary)

        Self.section("3. Spatial autocorrelation of per-capita GDP, by year", console)
        let w = try contiguity.transformed(.row)
        let byYear = try AutocorrelationByPeriod(panel: panel, variable: "gdp_per_capita", weights: w, permutations: 999, seed: 2026)
        console.text(byYear.summary)
        let trend = byYear.rows.first.map { $0.moran.I } ?? 0, end = byYear.rows.last.map { $0.moran.I } ?? 0
        console.text("Reading: per-capita GDP is positively clustered in every year (I from \(Format.fixed(trend)) to \(Format.fixed(end))), "
                    + "so neighbouring provinces resemble each other and a spatial model is warranted.")
        let wDist = try distance.transformed(.row)
        let byYearDistance = try AutocorrelationByPeriod(panel: panel, variable: "gdp_per_capita", weights: wDist)
        console.text("\nWith inverse squared distance weights:\n" + byYearDistance.summary)

        let x = try panel.numbers("development_index", period: last)
        let lisa = try LocalMoran(x, weights: w, permutations: 9999, seed: 2026)
        let clusters = lisa.clusters(alpha: 0.05)
        /// The provinces in each category, one line per category ("HH: Beijing, Tianjin").
        func members(_ ids: [String], _ labels: [String], _ categories: [String]) -> String {
            categories.map { q in
                let m = zip(ids, labels).filter { $0.1 == q }.map { name[$0.0] ?? $0.0 }
                return "\(q): " + (m.isEmpty ? "none" : m.joined(separator: ", "))
            }.joined(separator: "\n  ")
        }
        console.text("\nLISA clusters of the development index, \(panel.periods[last]) (9,999 conditional permutations, p <= 0.05):\n  "
                     + members(lisa.units.map(\.id), clusters, ["HH", "LL", "LH", "HL"]))

        let geo = try PolygonFeature.fromGeoJSON(contentsOf: Dataset.china31.url("provinces.geojson"), idProperty: "id")
        var scatter = try MoranScatterplot(x, weights: w, variable: "development index, \(panel.periods[last])")
        scatter.displayNames = name
        scatter.labels = Set(zip(lisa.units, clusters).filter { $0.1 != "not significant" }.map { $0.0.id })
        // The choropleth draws Hainan (id 21) in an inset panel at its own scale, as Chinese maps draw their islands.
        var insetMap = MapPlot(features: geo)
        insetMap.inset = ["21"]
        insetMap.insetCaption = name["21"]
        let plots = [
            ("moran_scatter_china31.svg", scatter.svg()),
            ("lisa_china31.svg", MapPlot(features: geo).lisaClusters(lisa, title: "LISA clusters: development index, \(panel.periods[last])")),
            ("choropleth_china31.svg", insetMap.choropleth(Dictionary(zip(ids, x), uniquingKeysWith: { a, _ in a }),
                                                            title: "Development index (entropy weights), \(panel.periods[last])", digits: 3)),
        ]
        for (file, svg) in plots { try svg.write(toFile: out + "/" + file, atomically: true, encoding: .utf8) }
        var written = plots.map(\.0)

        Self.section("3a. Local patterns of the development index beyond the univariate LISA", console)
        // Each year's LISA (999 conditional permutations, year t seeded 2026 + t), the unit-by-year table of clusters
        // and the transitions between consecutive years, and every year's cluster map in one figure.
        let years = try panel.periods.indices.map { t in
            AutocorrelationByPeriod.CrossSection(period: panel.periods[t], values: try panel.numbers("development_index", period: t), weights: w)
        }
        let yearly = try AutocorrelationByPeriod(variable: "development_index", periods: years, local: true, permutations: 999, seed: 2026)
        let lisaYears = yearly.rows.compactMap { r in r.local.map { (period: r.period, local: $0) } }
        let history = try LISAOverTime(periods: lisaYears)
        console.text("LISA over time (999 conditional permutations per year, p <= 0.05):\n" + history.summary)
        let ids31 = lisa.units.map(\.id)
        // Bivariate LISA: the index of a province against its neighbours' urbanisation rate (esda Moran_Local_BV).
        let urbanization = try panel.numbers("urbanization_rate", period: last)
        let bivariate = try BivariateLocalMoran(x: x, y: urbanization, weights: w, permutations: 999, seed: 2026)
        let bivariateGlobal = try BivariateMoran(x: x, y: urbanization, weights: w, permutations: 999, seed: 2026)
        console.text("\nBivariate Moran's I of the development index with the lag of the urbanisation rate, \(panel.periods[last]): "
                     + Format.fixed(bivariateGlobal.I) + (bivariateGlobal.pPermutation.map { " (pseudo p = \(Format.pValue($0)))" } ?? "")
                     + "\nBivariate LISA clusters (999 conditional permutations, p <= 0.05):\n  "
                     + members(ids31, bivariate.clusters(alpha: 0.05), ["HH", "LL", "LH", "HL"]))
        // Local Geary (Anselin 2019): positive association where c_i is small, negative where it is large.
        let geary = try LocalGeary(x, weights: w, permutations: 999, seed: 2026)
        console.text("\nLocal Geary clusters of the development index, \(panel.periods[last]) (999 conditional permutations, p < 0.05):\n  "
                     + members(ids31, geary.units.map(\.cluster.rawValue), ["HH", "LL", "other positive", "negative"]))
        // Local join counts (Anselin & Li 2019) of "above the median" (1 strictly above): the cores of 1s among 1s.
        let median = x.sorted()[x.count / 2]
        let above = x.map { $0 > median ? 1.0 : 0 }
        let joins = try LocalJoinCounts(above, weights: w, permutations: 999, seed: 2026)
        console.text("\nLocal join counts of 'development index above its median (\(Format.fixed(median, 3)))', \(panel.periods[last]), binary W, "
                     + "one-sided p <= 0.05:\n  " + members(ids31, joins.clusters(alpha: 0.05), ["cluster"]))
        // Differential Moran (GeoDa): the LISA of the change of the index between the first and the last year.
        let differential = try DifferentialLocalMoran(previous: years[0], current: years[last], permutations: 999, seed: 2026)
        console.text("\nDifferential Moran of the development index, \(differential.from) -> \(differential.to): I = \(Format.fixed(differential.moran.I))"
                     + (differential.moran.pPermutation.map { " (pseudo p = \(Format.pValue($0)))" } ?? "") + "\nClusters of the change (p <= 0.05):\n  "
                     + members(ids31, differential.local.clusters(alpha: 0.05), ["HH", "LL", "LH", "HL"]))
        let map31 = MapPlot(features: geo)
        let localPlots = [
            ("lisa_years_china31.svg", map31.lisaClusterGrid(lisaYears, title: "LISA clusters of the development index, \(panel.periods[0])-\(panel.periods[last])",
                                                           columns: 4)),
            ("bivariate_lisa_china31.svg", map31.lisaClusters(bivariate, title: "Bivariate LISA: development index vs lag of urbanisation, \(panel.periods[last])")),
            ("local_geary_china31.svg", map31.localGearyClusters(geary, title: "Local Geary clusters: development index, \(panel.periods[last])")),
            ("local_join_counts_china31.svg", map31.localJoinCounts(joins, title: "Local join counts: index above its median, \(panel.periods[last])")),
            ("differential_lisa_china31.svg", map31.lisaClusters(differential.local,
                                                                 title: "Differential LISA: change of the index, \(differential.from)-\(differential.to)")),
        ]
        for (file, svg) in localPlots { try svg.write(toFile: out + "/" + file, atomically: true, encoding: .utf8) }
        written += localPlots.map(\.0)

        Self.section("3b. Distribution dynamics and convergence of per-capita GDP", console)
        let dynamics = try Panel(table: panelTable, unit: "id", time: "year", unitOrder: ids)
        let kde = try KernelDensityByPeriod(table: panelTable, variable: "gdp_per_capita", by: "year")
        console.text(kde.summary)
        let markov = try SpatialMarkov(panel: dynamics, variable: "gdp_per_capita", weights: w, classes: 4, relative: true)
        console.text("\nRelative per-capita GDP (to each year's mean), 4 pooled quantile classes:\n" + markov.summary)
        let sigma = try SigmaConvergence(panel: dynamics, variable: "gdp_per_capita")
        let beta = try BetaConvergence(panel: dynamics, variable: "gdp_per_capita", model: .sar, weights: w)
        console.text("\n" + sigma.summary + "\n\n" + beta.summary)
        // Panel form (annual growth with two-way FE: OLS within and the bias-corrected dynamic SDM) and Phillips-Sul clubs.
        let panelBeta = try PanelBetaConvergence(panel: dynamics, variable: "gdp_per_capita", model: .sdm, weights: w)
        let clubs = try ConvergenceClubs(panel: dynamics, variable: "gdp_per_capita")
        console.text("\n" + panelBeta.summary + "\n\n" + clubs.summary)
        // Within each NBS region (east, central, west, northeast): sigma and the OLS beta of the cross-section and of
        // the within panel (the region a province belongs to comes from provinces.csv, matched by id).
        let regionOf = Dictionary(zip(try provinces.strings("id"), try provinces.strings("region")), uniquingKeysWith: { a, _ in a })
        let regionRows = try panelTable.strings("id").map { regionOf[$0] ?? "" }
        let regionalTable = try DataTable(columns: [("id", try panelTable.strings("id")), ("year", try panelTable.strings("year")),
                                                    ("region", regionRows)])
            .adding("gdp_per_capita", values: try panelTable.numbers("gdp_per_capita"))
        let regional = try Panel(table: regionalTable, unit: "id", time: "year", unitOrder: ids)
        let byRegion = try ConvergenceByGroup(panel: regional, group: "region", variable: "gdp_per_capita", panelEffects: .twoways)
        console.text("\nConvergence within each region:\n" + byRegion.summary)
        // Where development moves: GDP's centre of gravity at the provincial capitals, over the map.
        let lon = Dictionary(zip(try provinces.strings("id"), try provinces.numbers("capital_lon")), uniquingKeysWith: { a, _ in a })
        let lat = Dictionary(zip(try provinces.strings("id"), try provinces.numbers("capital_lat")), uniquingKeysWith: { a, _ in a })
        let rowIDs = try panelTable.strings("id")
        let located = try panelTable.adding("lon", values: rowIDs.map { lon[$0] ?? .nan }).adding("lat", values: rowIDs.map { lat[$0] ?? .nan })
        let geoPanel = try Panel(table: located, unit: "id", time: "year", unitOrder: ids)
        let gravity = try CentreOfGravity(panel: geoPanel, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        let ellipses = try StandardDeviationalEllipse(panel: geoPanel, weight: "gdp", x: "lon", y: "lat", coordinates: .degrees)
        console.text("\n" + gravity.summary)
        for (file, svg) in [("kde_china31.svg", kde.overlaySVG()), ("kde_surface_china31.svg", kde.surfaceSVG()), ("sigma_china31.svg", sigma.svg()),
                            ("gravity_china31.svg", insetMap.gravity(gravity, ellipses: ellipses))] {
            try svg.write(toFile: out + "/" + file, atomically: true, encoding: .utf8)
            written.append(file)
        }

        Self.section("4. Two-way fixed-effects spatial Durbin models", console)
        panelTable = try panelTable.adding("log_gdp_per_capita", values: try panelTable.numbers("gdp_per_capita").map { log($0) })
        panelTable = try panelTable.adding("log_patents_per_10k", values: try panelTable.numbers("patents_per_10k").map { log($0) })
        let chinaPanel = try Panel(table: panelTable, unit: "id", time: "year", unitOrder: ids)
        let chinaX = ["urbanization_rate", "fiscal_share", "log_patents_per_10k"]
        try Self.battery(panel: chinaPanel, y: "log_gdp_per_capita", x: chinaX, weights: w, label: "China, 31 provinces x 12 years (illustration, not a finding)", console)
        var produc = try Dataset.produc.table("produc.csv")
        for (name, col) in [("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")] { produc = try produc.adding(name, values: try produc.numbers(col).map { log($0) }) }
        let usaww = try SpatialWeights.read(from: Dataset.produc.url("usaww.csv"))
        let producPanel = try Panel(table: produc, unit: "state", time: "year", unitOrder: usaww.ids)
        try Self.battery(panel: producPanel, y: "lgsp", x: ["lpcap", "lpc", "lemp", "unemp"], weights: usaww, label: "US states, produc 1970-1986 with usaww (Munnell 1990)", console)
        console.text("""
            Reference values for produc, two-way SDM: Lee-Yu rho = 0.412403 (R reference implementation, Elhorst's code agrees to 1e-9),
            exact direct approach rho = 0.370168, splm's variant rho = 0.368846 (spatial lag of the demeaned y).
            """)

        Self.section("5. Columbus, Ohio (cross-section): model choice and the spatial Durbin model", console)
        console.text("Data: 49 neighbourhoods, CRIME ~ INC + HOVAL (Anselin 1988; R spData, CC0); queen contiguity from the polygons.")
        let columbus = try Dataset.columbus.table("columbus.csv")
        let polygons = try PolygonFeature.fromGeoJSON(contentsOf: Dataset.columbus.url("columbus.geojson"), idProperty: "POLYID")
        let wc = try SpatialWeights.queen(polygons).transformed(.row)
        let crime = "CRIME", regressors = ["INC", "HOVAL"]
        let ols = try OrdinaryLeastSquares(data: columbus, y: crime, x: regressors)
        console.text(ols.summary + "\n\n" + (try SpatialDiagnostics(data: columbus, y: crime, x: regressors, weights: wc)).summary)
        let sdm = try SpatialRegression(.sdm, data: columbus, y: crime, x: regressors, weights: wc)
        console.text("\n" + sdm.summary)
        let sar = try SpatialRegression(.sar, data: columbus, y: crime, x: regressors, weights: wc)
        let sem = try SpatialRegression(.sem, data: columbus, y: crime, x: regressors, weights: wc)
        var t = Table(title: "Can the SDM be simplified?", columns: ["Test", "Statistic", "df", "p", "Decision at 5%"])
        for r in [try NestedModelComparison.waldNoSpatialLagsOfX(sdm), NestedModelComparison.likelihoodRatio(unrestricted: sdm, restricted: sar),
                  try NestedModelComparison.waldCommonFactor(sdm), NestedModelComparison.likelihoodRatio(unrestricted: sdm, restricted: sem)] {
            t.rows.append([r.name, Format.fixed(r.statistic, 3), Int(exactly: r.df.rounded()).map { "\($0)" } ?? "\(r.df)", Format.pValue(r.pValue), r.pValue < 0.05 ? "reject the restriction" : "restriction not rejected"])
        }
        t.notes = ["Rows 1-2 test SDM against SAR (theta = 0), rows 3-4 against SEM (theta + rho beta = 0)."]
        console.text("\n" + t.text)
        console.text("\n" + (try ImpactMeasures(sdm, inference: .simulation(draws: 1000, seed: 1))).summary)

        Self.section("Done", console)
        console.text("""
            SVG figures written to \(out)/: \(written.joined(separator: ", ")).
            Finished in \(Format.fixed(Date().timeIntervalSince(started), 2)) s. The China results illustrate the workflow on real data;
            they are not a finding.
            """)
        return ExitStatus.success
    }
}
