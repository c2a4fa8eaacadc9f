import Foundation
import SpatialEconometrics

/// `spatial moran ...`: global and local spatial autocorrelation of one variable, optionally per period.
struct MoranCommand: Command {
    static let name = "moran"
    static let summary = "Moran's I, Geary's C, Getis-Ord G, join counts, local Moran (LISA) and local G; per period; SVG plots"
    static let synopsis = [
        "--data F --var NAME --weights W [--by TIMECOL] [--permutations R [--seed S]] [--local] [--geary] [--getis-ord]",
        "   [--join-counts] [--local-join-counts [B,...] [--no-colocation]] [--threshold X] [--local-geary [A,B,...]] [--bivariate Y]",
        "   [--allow-islands] [--alternative greater|less|two.sided] [--svg OUT.svg] [--lisa-changes OUT.json] [--differential]",
        "   [--map GEOJSON|SHP [--map-id-property P] [--inset ID1,ID2] --map-out OUT.svg [--map-each-period] [--map-grid GRID.svg]]",
        "   [--json | --format text|markdown|latex|csv|html|json [--standalone]] [--quiet]",
    ]

    static let permutations = Option("--permutations", .count(limit: ComputationLimits.maximumPermutations), "R", default: "0", help: """
        permutation tests (global: full permutations; local: conditional), seeded by --seed
        """)
    static let seed = Option("--seed", .value, "S", default: "1", help: """
        seeds the permutations (a whole number from 0 to 2^64 - 1); with --by, period t (0-based) uses S + t, as \
        AutocorrelationByPeriod does
        """)
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.variable, SharedOptions.by.with(help: """
            one result per period of this column (the per-year table); each period's rows are matched to the weights' \
            units by id
            """)),
        SharedOptions.weightsGroup,
        OptionGroup("Statistics", [
            permutations, seed,
            Option("--local", .flag, help: "local Moran (LISA): I_i, E, Var (conditional randomisation), z, p (two-sided), pseudo p, quadrant HH/LH/LL/HL"),
            Option("--geary", .flag, help: "also Geary's C"),
            Option("--getis-ord", .flag, help: "also the global Getis-Ord G (G needs non-negative values; use --transform binary for the usual definition)"),
            Option("--join-counts", .flag, help: """
                global join counts BB, BW, WW (non-free sampling, as spdep's joincount.test; permutation p with \
                --permutations) on the binary form of W whatever --transform; the variable must be 0/1, or give --threshold
                """),
            Option("--local-geary", .optionalList, "A,B,...", help: """
                local Geary c_i (Anselin 2019; z with divisor n, as esda) with conditional permutation p (needs \
                --permutations) and clusters HH/LL/other positive/negative at 0.05; alone: of --var; with several \
                columns: the multivariate local Geary of those (esda Geary_Local_MV), clusters positive/negative
                """),
            Option("--bivariate", .value, "Y", help: """
                bivariate local Moran (esda Moran_Local_BV, spdep localmoran_bv): "local" holds I_i = z_i (W z_Y)_i of --var \
                with the lag of Y (sample-sd z), conditional moments, pseudo p and quadrants; also the global bivariate \
                Moran ("bivariate_moran"); --map draws its clusters
                """),
            Option("--local-join-counts", .optionalList, "B,...", help: """
                local join counts (Anselin & Li 2019; esda Join_Counts_Local) on the binary form of W, one-sided \
                conditional permutation p: alone, of the 0/1 --var (or coded by --threshold); with columns B,..., the \
                co-location count of --var and those 0/1 columns (esda Join_Counts_Local_MV)
                """),
            Option("--no-colocation", .flag, help: """
                with --local-join-counts Z (one column): the bivariate local join count without co-location (esda \
                Join_Counts_Local_BV case BJC, Anselin & Li 2019): for units where --var is 1 and Z is 0, the neighbours \
                where Z is 1 and --var is 0
                """),
            Option("--threshold", .number, "X", help: "with --join-counts or --local-join-counts: code --var 1 strictly above X, 0 otherwise"),
            Option("--allow-islands", .flag, help: """
                keep units without neighbours (their lag is 0 and n is adjusted, as spdep's zero.policy = TRUE); without \
                it islands are an error naming them
                """),
            Option("--alternative", .choice(["greater", "less", "two.sided", "two-sided"]), "A", default: "greater",
                   help: "the alternative of the global tests (as spdep); local tests are two-sided"),
        ]),
        OptionGroup("Plots", [
            Option("--svg", .value, "OUT", help: "Moran scatterplot (the last period with --by)"),
            SharedOptions.map.with(help: "polygons (GeoJSON, or a .shp shapefile) drawn into --map-out as the LISA cluster map (with --local) or a choropleth of the variable"),
            SharedOptions.mapIdProperty,
            Option("--map-out", .value, "OUT", help: "where --map writes the SVG map"),
            Option("--map-each-period", .flag, help: """
                with --by: one map per period (the LISA clusters with --local), written to OUT with _PERIOD before its \
                extension (map.svg -> map_2011.svg, ...)
                """),
            Option("--map-grid", .value, "OUT", help: """
                with --by and --map: every period's cluster map (--local, --bivariate, --local-geary or \
                --local-join-counts) in one SVG, small multiples at one scale with the periods as titles and one legend
                """),
            Option("--differential", .flag, help: """
                with --by: the differential Moran (GeoDa): global and local Moran of the change x_t - x_{t-1} between \
                consecutive periods, as "differential" in each period's object from the second on (the same units needed)
                """),
            Option("--lisa-changes", .value, "OUT", help: """
                with --by and --local: the unit-by-period table of LISA clusters, their changes and the transition counts \
                between consecutive periods, as JSON into OUT (printed as text tables too)
                """),
            SharedOptions.inset,
        ]),
        SharedOptions.exportGroup(coefficients: false),
    ]
    static let notes = """
        p-values follow spdep's defaults. JSON: {"moran":{...},"geary":{...},"getis_ord":{...},"local":[...],"join_counts":{"bb":{...},"bw":{...},"ww":{...}},
        "local_geary":[{"id","c","p","cluster"}],"local_join_counts":[{"id","count","p","cluster"}],"local_join_counts_kind":
        "univariate|bivariate|colocation","bivariate_moran":{...}}; with --by, an array of such objects, each with "period"
        (every statistic per period; permutations of period t, 0-based, seeded S + t).
        """

    let output: OutputFormat
    var json: Bool { output.isJSON }
    let local: Bool, geary: Bool, getisOrd: Bool, allowIslands: Bool, joinCounts: Bool
    let threshold: Double?
    /// `--local-geary`: nil when absent; empty alone (the variable itself); else the columns (several: multivariate).
    let localGeary: [String]?
    /// `--local-join-counts`: nil when absent; empty alone; else the columns co-located with the variable.
    let localJoinCounts: [String]?
    /// `--no-colocation`: the bivariate (BJC) form of `--local-join-counts Z`.
    let noColocation: Bool
    let bivariate: String?
    let data: String, variable: String, by: String?
    let weightsInput: WeightsInput
    let permutations: Int
    let seed: UInt64
    let alternative: Alternative
    let svg: String?
    let map: (geojson: String, out: String, idProperty: String?, inset: [String])?
    let mapEachPeriod: Bool
    let mapGrid: String?
    let differential: Bool
    let lisaChanges: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o, coefficients: false)
        local = try o.flag("--local")
        geary = try o.flag("--geary")
        getisOrd = try o.flag("--getis-ord")
        allowIslands = try o.flag("--allow-islands")
        joinCounts = try o.flag("--join-counts")
        localGeary = try o.optionalList("--local-geary")
        localJoinCounts = try o.optionalList("--local-join-counts")
        bivariate = try o.given("--bivariate")
        noColocation = try o.flag("--no-colocation")
        if noColocation && localJoinCounts?.count != 1 {
            throw .inapplicable("--no-colocation", message: "--no-colocation applies to --local-join-counts Z with exactly one column Z (the bivariate join count of --var and Z)")
        }
        threshold = try o.number("--threshold")
        if threshold != nil && !joinCounts && localJoinCounts == nil {
            throw .inapplicable("--threshold", message: "--threshold applies to --join-counts and --local-join-counts (it codes the variable 1 strictly above X)")
        }
        data = try o.required("--data")
        variable = try o.required("--var")
        by = try o.given("--by")
        weightsInput = try WeightsInput(&o)
        permutations = try o.count("--permutations") ?? 0
        if permutations > 0 {
            seed = try o.seed()
        } else if o.has("--seed") {
            throw .inapplicable("--seed", message: "--seed applies to permutation tests: give --permutations R (or drop --seed)")
        } else {
            seed = 1
        }
        alternative = Alternative(rawValue: try o.choice("--alternative").replacingOccurrences(of: "two-sided", with: "two.sided")) ?? .greater
        svg = try o.given("--svg")
        lisaChanges = try o.given("--lisa-changes")
        if lisaChanges != nil && (by == nil || !local) {
            throw .inapplicable("--lisa-changes", message: "--lisa-changes needs --by PERIOD and --local (the clusters it follows over the periods)")
        }
        differential = try o.flag("--differential")
        if differential && by == nil {
            throw .inapplicable("--differential", message: "--differential needs --by PERIOD (it is the change between consecutive periods)")
        }
        mapEachPeriod = try o.flag("--map-each-period")
        if mapEachPeriod && (by == nil || !o.has("--map")) {
            throw .inapplicable("--map-each-period", message: "--map-each-period needs --by PERIOD and --map/--map-out (one map per period)")
        }
        mapGrid = try o.given("--map-grid")
        if mapGrid != nil && (by == nil || !o.has("--map")) {
            throw .inapplicable("--map-grid", message: "--map-grid needs --by PERIOD and --map/--map-out (it draws every period's map)")
        }
        if mapGrid != nil && !local && bivariate == nil && localGeary == nil && localJoinCounts == nil {
            throw .inapplicable("--map-grid", message: "--map-grid draws cluster maps: add --local (or --bivariate, --local-geary, --local-join-counts)")
        }
        let map = try o.given("--map"), mapOut = try o.given("--map-out")
        if (map == nil) != (mapOut == nil) { throw .invalid(map == nil ? "--map-out" : "--map", message: "--map and --map-out go together") }
        if let map, let mapOut {
            self.map = (map, mapOut, try o.given("--map-id-property"), try o.list("--inset") ?? [])
        } else {
            if o.has("--map-id-property") {
                throw .inapplicable("--map-id-property", message: "--map-id-property applies to --map (the polygons it joins to the units)")
            }
            if o.has("--inset") {
                throw .inapplicable("--inset", message: "--inset applies to --map (the units it draws in an inset panel)")
            }
            self.map = nil
        }
    }

    struct Report: Encodable {
        var period: String?
        var idColumn: String?
        var pairing: String
        var moran: GlobalMoran
        var geary: GearyC?
        var getisOrd: GetisOrdG?
        var local: [LocalMoran.Unit]?
        var joinCounts: JoinCounts?
        var localGeary: [LocalGearyRow]?
        var localJoinCounts: [LocalJoinCountRow]?
        var localJoinCountsKind: String?
        var bivariateMoran: BivariateMoran?
        var differential: DifferentialReport?
        enum CodingKeys: String, CodingKey {
            case period, idColumn = "id_column", pairing, moran, geary, getisOrd = "getis_ord", local, joinCounts = "join_counts", localGeary = "local_geary"
            case localJoinCounts = "local_join_counts", localJoinCountsKind = "local_join_counts_kind", bivariateMoran = "bivariate_moran", differential
        }
    }

    /// `"differential"` of a period: the Moran and local Moran of the change since the previous period.
    struct DifferentialReport: Encodable {
        let from: String, to: String, moran: GlobalMoran, local: [LocalMoran.Unit]
    }

    /// One unit of `"local_join_counts"`: id, count, p (null without a test), cluster.
    struct LocalJoinCountRow: Encodable {
        let id: String, count: Double, p: Double?, cluster: String
    }

    /// One unit of `"local_geary"`: id, c, p, cluster.
    struct LocalGearyRow: Encodable {
        let id: String, c: Double, p: Double?, cluster: String
    }

    /// One cross-section's results and what the plots need of it.
    struct Section {
        let paired: PairedData
        let x: [Double]
        let period: String?
        let moran: GlobalMoran, geary: GearyC?, getisOrd: GetisOrdG?, local: LocalMoran?
        var joinCounts: JoinCounts? = nil
        var localGeary: LocalGeary? = nil
        var localJoinCounts: LocalJoinCounts? = nil
        var bivariate: BivariateLocalMoran? = nil
        var bivariateMoran: BivariateMoran? = nil
        var differential: DifferentialLocalMoran? = nil
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let weights = try weightsInput.read(console)
        var mapJoin: MapJoin?
        /// The map is joined before anything is computed or printed, so a map that matches no unit fails alone.
        func join(_ paired: PairedData) throws {
            guard let map else { return }
            mapJoin = try MapJoin(contentsOf: URL(fileURLWithPath: map.geojson), idProperty: map.idProperty, units: paired.weights.ids,
                                  weights: paired.weights, dataIdColumn: paired.idColumn)
        }
        func numbers(_ paired: PairedData) throws -> [Double] {
            do { return try paired.table.numbers(variable) } catch { throw paired.inSourceRows(error) }
        }
        var sections = [Section]()
        var columns = [variable]
        for c in (localGeary ?? []) + (localJoinCounts ?? []) + (bivariate.map { [$0] } ?? []) where !columns.contains(c) { columns.append(c) }
        if let by {
            // One cross-section per period (numeric order, or first appearance), each matched to the weights by id
            // (errors name the period); the statistics, seeded per period, are the library's.
            var paired = [(period: String, data: PairedData, x: [Double])]()
            for (k, group) in try table.rowGroups(by: by).enumerated() {
                // Errors name the period and the row of the file (not the row within the period's rows).
                func inFile(_ error: any Error) -> PeriodError {
                    let row = { (r: Int) in r >= 1 && r <= group.rows.count ? group.rows[r - 1] + 1 : r }
                    switch error {
                    case let e as DataError: return PeriodError(period: group.value, underlying: e.mappingRows(row))
                    default: return PeriodError(period: group.value, underlying: error)
                    }
                }
                let p: PairedData, x: [Double]
                do { p = try weightsInput.pair(table.selectingRows(group.rows), columns: columns, weights: weights, quiet: k > 0, console: console) } catch {
                    throw inFile(error)
                }
                if k == 0 { try join(p) }
                do { x = try numbers(p) } catch { throw inFile(error) }
                paired.append((group.value, p, x))
            }
            let byPeriod = try AutocorrelationByPeriod(
                variable: variable, periods: paired.map { .init(period: $0.period, values: $0.x, weights: $0.data.weights) },
                geary: geary, getisOrd: getisOrd, local: local, alternative: alternative, permutations: permutations, seed: seed,
                allowIslands: allowIslands, progress: context.progress)
            for (k, (p, row)) in zip(paired, byPeriod.rows).enumerated() {
                var section = Section(paired: p.data, x: p.x, period: row.period, moran: row.moran, geary: row.geary, getisOrd: row.getisOrd, local: row.local)
                // The other statistics of the period, seeded as AutocorrelationByPeriod seeds it (seed + t).
                do { try addStatistics(to: &section, seed: seed &+ UInt64(k), progress: context.progress) } catch {
                    throw PeriodError(period: p.period, underlying: error)
                }
                if differential && k > 0 {
                    let before = paired[k - 1]
                    do {
                        // Seeded as the period (seed + t), so each period's draws stay its own.
                        section.differential = try DifferentialLocalMoran(
                            previous: .init(period: before.period, values: before.x, weights: before.data.weights),
                            current: .init(period: p.period, values: p.x, weights: p.data.weights), alternative: alternative,
                            permutations: permutations, seed: seed &+ UInt64(k), allowIslands: allowIslands, progress: context.progress)
                    } catch { throw PeriodError(period: p.period, underlying: error) }
                }
                sections.append(section)
            }
        } else {
            let paired = try weightsInput.pair(table, columns: columns, weights: weights, console: console)
            try join(paired)
            let x = try numbers(paired), w = paired.weights, progress = context.progress
            var section = Section(
                paired: paired, x: x, period: nil,
                moran: try GlobalMoran(x, weights: w, alternative: alternative, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: progress),
                geary: geary ? try GearyC(x, weights: w, alternative: alternative, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: progress) : nil,
                getisOrd: getisOrd ? try GetisOrdG(x, weights: w, alternative: alternative, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: progress) : nil,
                local: local ? try LocalMoran(x, weights: w, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: progress) : nil)
            try addStatistics(to: &section, seed: seed, progress: progress)
            sections.append(section)
        }

        let reports = sections.map {
            Report(period: $0.period, idColumn: $0.paired.idColumn, pairing: $0.paired.pairing.rawValue, moran: $0.moran, geary: $0.geary,
                   getisOrd: $0.getisOrd, local: $0.bivariate?.units ?? $0.local?.units, joinCounts: $0.joinCounts,
                   localGeary: $0.localGeary?.units.map { LocalGearyRow(id: $0.id, c: $0.c, p: $0.p, cluster: $0.cluster.rawValue) },
                   localJoinCounts: $0.localJoinCounts.map { ljc in
                       zip(ljc.units, ljc.clusters(alpha: 0.05)).map { LocalJoinCountRow(id: $0.id, count: $0.count, p: $0.p, cluster: $1) }
                   },
                   localJoinCountsKind: $0.localJoinCounts?.kind.rawValue,
                   bivariateMoran: $0.bivariateMoran,
                   differential: $0.differential.map { DifferentialReport(from: $0.from, to: $0.to, moran: $0.moran, local: $0.local.units) })
        }
        if !json, !output.printsSummary {
            var tables = [Table]()
            for s in sections {
                var t = s.moran.table
                if let period = s.period { t.title += ", period \(period)" }
                if let g = s.geary {
                    t.rows.append(["Geary's C", Format.fixed(g.C, 6), "", "", Format.fixed(g.zRandomization, 4), Format.fixed(g.pRandomization, 6)])
                }
                if let go = s.getisOrd { t.rows.append(["Getis-Ord G", Format.fixed(go.G, 6), "", "", Format.fixed(go.z, 4), Format.fixed(go.p, 6)]) }
                tables.append(t)
                if let jc = s.joinCounts { tables.append(jc.table) }
                if let lg = s.localGeary { tables.append(lg.table) }
                if let ljc = s.localJoinCounts { tables.append(ljc.table) }
                if let bv = s.bivariate { tables.append(bv.table) } else if let lisa = s.local { tables.append(lisa.table) }
                if let d = s.differential {
                    var t = d.local.table
                    t.title = "Differential local Moran of \(variable), \(d.from) -> \(d.to) (global I = \(Format.fixed(d.moran.I)), p = \(Format.pValue(d.moran.pRandomization)))"
                    tables.append(t)
                }
            }
            if by != nil { tables.append(byPeriodTable(reports)) }
            console.text(output.render(tables))
        }
        if output.printsSummary {
            for (k, s) in sections.enumerated() {
                var text = (k == 0 ? PairingReport.line(s.paired) + "\n\n" : "") + (s.period.map { "Period \($0)\n" } ?? "") + s.moran.summary
                if let g = s.geary { text += "\n\nGeary's C = \(Format.fixed(g.C, 6)), z = \(Format.fixed(g.zRandomization, 4)), p = \(Format.fixed(g.pRandomization, 6)) (randomisation)" }
                if let go = s.getisOrd { text += "\nGetis-Ord G = \(Format.fixed(go.G, 6)), z = \(Format.fixed(go.z, 4)), p = \(Format.fixed(go.p, 6))" }
                if let jc = s.joinCounts { text += "\n\n" + jc.summary }
                if let lg = s.localGeary { text += "\n\n" + lg.summary }
                if let ljc = s.localJoinCounts { text += "\n\n" + ljc.summary }
                if let bm = s.bivariateMoran, let y = bivariate {
                    text += "\n\nBivariate Moran's I (\(variable) with the lag of \(y)) = \(Format.fixed(bm.I, 6))"
                        + (bm.pPermutation.map { ", pseudo p = \(Format.pValue($0))" } ?? "")
                }
                if let bv = s.bivariate { text += "\n\n" + bv.summary } else if let lisa = s.local { text += "\n\n" + lisa.summary }
                if let d = s.differential { text += "\n\n" + d.summary }
                console.text(text + "\n")
            }
        }
        if by != nil, output.printsSummary { console.text(byPeriodTable(reports).text) }
        if by != nil, local {
            let history = try LISAOverTime(periods: sections.compactMap { s in s.local.map { (s.period ?? "", $0) } })
            if !json {
                if output.printsSummary { console.text(history.summary) } else { console.text(output.render([history.table, history.transitionTable])) }
            }
            if let lisaChanges {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(history).write(to: URL(fileURLWithPath: lisaChanges))
                if output.printsSummary { console.text("LISA changes written to \(lisaChanges)") }
            }
        }
        let last = sections.last
        // With --by the plots show the last period, and their titles say which.
        let shown = last?.period.map { "\(variable), \(by ?? "period") \($0)" } ?? variable
        if let svg, let last {
            try MoranScatterplot(last.x, weights: last.paired.weights, variable: shown).svg().write(toFile: svg, atomically: true, encoding: .utf8)
            if output.printsSummary { console.text("Moran scatterplot written to \(svg)") }
        }
        if let map, let last, let join = mapJoin {
            for warning in join.warnings { console.warning(warning) }
            var plot = MapPlot(features: join.features)
            plot.coordinateSystem = join.coordinateSystem
            plot.inset = Set(map.inset)
            let unknown = map.inset.filter { id in !join.features.contains { $0.id == id } }
            if !unknown.isEmpty {
                console.warning("--inset: no polygon has the id " + unknown.map { "'\($0)'" }.joined(separator: ", ")
                                + " (ids are the values of '\(join.property ?? "position")')")
            }
            let svgText = clusterMap(last, plot: plot, shown: shown)
            try svgText.write(toFile: map.out, atomically: true, encoding: .utf8)
            if output.printsSummary { console.text("map written to \(map.out)") }
            if mapEachPeriod {
                let url = URL(fileURLWithPath: map.out)
                let ext = url.pathExtension.isEmpty ? "svg" : url.pathExtension
                let stem = url.deletingPathExtension().path
                for s in sections {
                    let period = s.period ?? ""
                    let safe = String(period.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
                    let text = clusterMap(s, plot: plot, shown: "\(variable), \(by ?? "period") \(period)")
                    let file = "\(stem)_\(safe).\(ext)"
                    try text.write(toFile: file, atomically: true, encoding: .utf8)
                    if output.printsSummary { console.text("map written to \(file)") }
                }
            }
            if let mapGrid {
                try clusterGrid(sections, plot: plot).write(toFile: mapGrid, atomically: true, encoding: .utf8)
                if output.printsSummary { console.text("map grid written to \(mapGrid)") }
            }
        }
        if json {
            if by != nil { try console.json(reports) } else if let r = reports.first { try console.json(r) }
        }
        return ExitStatus.success
    }
}

extension MoranCommand {
    /// Join counts, local Geary, local join counts and the bivariate local and global Moran of one cross-section
    /// (those asked for), permutations seeded with `seed`.
    func addStatistics(to section: inout Section, seed: UInt64, progress: ProgressHandler?) throws {
        let paired = section.paired, x = section.x, w = paired.weights
        func column(_ name: String) throws -> [Double] {
            do { return try paired.table.numbers(name) } catch { throw paired.inSourceRows(error) }
        }
        if joinCounts {
            section.joinCounts = try JoinCounts(x, weights: w, threshold: threshold, alternative: alternative, permutations: permutations,
                                                seed: seed, allowIslands: allowIslands, progress: progress)
        }
        if let names = localGeary {
            section.localGeary = try LocalGeary(variables: names.isEmpty ? [x] : try names.map(column), weights: w, permutations: permutations,
                                                seed: seed, allowIslands: allowIslands, progress: progress)
        }
        if let names = localJoinCounts {
            let coded = threshold.map { t in x.map { $0 > t ? 1.0 : 0 } } ?? x
            if names.isEmpty {
                section.localJoinCounts = try LocalJoinCounts(coded, weights: w, permutations: permutations, seed: seed, allowIslands: allowIslands,
                                                              progress: progress)
            } else if noColocation, let z = names.first {
                section.localJoinCounts = try LocalJoinCounts(x: coded, z: try column(z), weights: w, permutations: permutations, seed: seed,
                                                              allowIslands: allowIslands, progress: progress)
            } else {
                section.localJoinCounts = try LocalJoinCounts(colocation: [coded] + (try names.map(column)), weights: w, permutations: permutations,
                                                              seed: seed, allowIslands: allowIslands, progress: progress)
            }
        }
        if let y = bivariate {
            let yv = try column(y)
            section.bivariate = try BivariateLocalMoran(x: x, y: yv, weights: w, permutations: permutations, seed: seed, allowIslands: allowIslands,
                                                        progress: progress)
            section.bivariateMoran = try BivariateMoran(x: x, y: yv, weights: w, alternative: alternative, permutations: permutations, seed: seed,
                                                        allowIslands: allowIslands, progress: progress)
        }
    }

    /// The names of the local join count's variables, as its title says them.
    var joinCountVariables: String {
        let coded = threshold.map { "\(variable) > " + String(format: "%g", $0) } ?? variable
        return noColocation ? "\(coded) -> \((localJoinCounts ?? []).joined())" : ([coded] + (localJoinCounts ?? [])).joined(separator: ", ")
    }

    /// The map of one cross-section: the bivariate LISA, LISA, local Geary or local join count clusters (the first
    /// asked for, in that order), else a choropleth of the variable. `shown` names the variable and period.
    func clusterMap(_ s: Section, plot: MapPlot, shown: String) -> String {
        if let bv = s.bivariate, let y = bivariate { return plot.lisaClusters(bv, title: "Bivariate LISA clusters of \(shown) with the lag of \(y)") }
        if let lisa = s.local { return plot.lisaClusters(lisa, title: "LISA clusters of \(shown)") }
        if let lg = s.localGeary {
            let names = (localGeary ?? []).isEmpty ? shown : (localGeary ?? []).joined(separator: ", ") + (s.period.map { ", \(by ?? "period") \($0)" } ?? "")
            return plot.localGearyClusters(lg, title: "Local Geary clusters of " + names)
        }
        if let ljc = s.localJoinCounts {
            return plot.localJoinCounts(ljc, title: "Local join counts of " + joinCountVariables + (s.period.map { ", \(by ?? "period") \($0)" } ?? ""))
        }
        return plot.choropleth(Dictionary(zip(s.paired.weights.ids, s.x), uniquingKeysWith: { a, _ in a }), title: shown)
    }

    /// `--map-grid`: every period's clusters (the statistic ``clusterMap(_:plot:shown:)`` draws) as small multiples.
    func clusterGrid(_ sections: [Section], plot: MapPlot) -> String {
        func labels(_ ids: [String], _ l: [String]) -> [String: String] { Dictionary(zip(ids, l), uniquingKeysWith: { a, _ in a }) }
        let lisaOrder = ["HH", "LL", "LH", "HL", "not significant"]
        let note = "\(permutations) conditional permutations per period (seeds S + t)"
        if bivariate != nil || local {
            let panels = sections.map { s in
                MapPlot.GridPanel(title: s.period ?? "", labels: s.bivariate.map { labels($0.units.map(\.id), $0.clusters(alpha: 0.05)) }
                                  ?? s.local.map { labels($0.units.map(\.id), $0.clusters(alpha: 0.05)) } ?? [:])
            }
            let what = bivariate.map { "Bivariate LISA clusters of \(variable) with the lag of \($0)" } ?? "LISA clusters of \(variable)"
            return plot.grid(panels, colors: MapPlot.clusterColors, order: lisaOrder, title: "\(what) by \(by ?? "period")",
                             note: "p ≤ 0.05; " + (permutations > 0 ? note : "analytical p-values") + "; legend counts are unit-periods")
        }
        if localGeary != nil {
            let panels = sections.map { s in
                MapPlot.GridPanel(title: s.period ?? "", labels: s.localGeary.map { labels($0.units.map(\.id), $0.units.map(\.cluster.rawValue)) } ?? [:])
            }
            let multivariate = (sections.first?.localGeary?.variableCount ?? 1) > 1
            let names = (localGeary ?? []).isEmpty ? variable : (localGeary ?? []).joined(separator: ", ")
            return plot.grid(panels, colors: MapPlot.gearyColors,
                             order: multivariate ? ["positive", "negative", "not significant"] : ["HH", "LL", "other positive", "negative", "not significant"],
                             title: "Local Geary clusters of \(names) by \(by ?? "period")", note: "p < 0.05; \(note); legend counts are unit-periods")
        }
        let panels = sections.map { s in
            MapPlot.GridPanel(title: s.period ?? "", labels: s.localJoinCounts.map { labels($0.units.map(\.id), $0.clusters(alpha: 0.05)) } ?? [:])
        }
        return plot.grid(panels, colors: MapPlot.joinCountColors, order: ["cluster", "not significant", "no joins"],
                         title: "Local join counts of \(joinCountVariables) by \(by ?? "period")",
                         note: "one-sided p ≤ 0.05; \(note); legend counts are unit-periods")
    }

    /// The per-period table of `--by`: Moran's I with stars, its standard deviation, z and p under randomisation.
    func byPeriodTable(_ reports: [Report]) -> Table {
        var t = Table(title: "Global Moran's I of \(variable) by period", columns: ["Period", "Moran's I", "Sd(I)", "Z", "p"])
        for r in reports {
            t.rows.append([r.period ?? "", Format.fixed(r.moran.I) + Format.stars(r.moran.pRandomization), Format.fixed(r.moran.standardDeviation),
                           Format.fixed(r.moran.zRandomization), Format.pValue(r.moran.pRandomization)])
        }
        t.notes = ["Moments under randomisation; p \(alternative.rawValue). " + Format.starsLegend]
        return t
    }
}

/// An error in one period of `moran --by`, named by its period (a data error: exit status 1).
struct PeriodError: Error, CustomStringConvertible {
    let period: String
    let underlying: any Error
    var description: String { "period \(period): \(underlying)" }
}
