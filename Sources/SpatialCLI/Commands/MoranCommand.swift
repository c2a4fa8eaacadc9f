import Foundation
import SpatialEconometrics

/// `spatial moran ...`: global and local spatial autocorrelation of one variable, optionally per period.
enum MoranCommand: Subcommand {
    static let name = "moran"
    static let summary = "Moran's I, Geary's C, Getis-Ord G, local Moran (LISA) and local G; per period; SVG plots"
    static let help = """
        usage: spatial moran --data F --var NAME --weights W [--by TIMECOL] [--permutations R] [--seed S]
                             [--local] [--geary] [--getis-ord] [--allow-islands] [--alternative greater|less|two.sided]
                             [--svg OUT.svg] [--map GEOJSON [--map-id-property P] --map-out OUT.svg] [--json] [--quiet]
        \(WeightsInput.help)
          --by TIMECOL        one result per period (the per-year table); each period's rows are matched to the
                              weights' units by id
          --permutations R    permutation tests (global: full permutations; local: conditional), seeded by --seed (1)
          --local             local Moran (LISA): I_i, E, Var (conditional randomisation), z, p (two-sided),
                              pseudo p, quadrant HH/LH/LL/HL
          --geary, --getis-ord  also Geary's C and the global G (G needs non-negative values; use --transform binary
                              for the usual definition)
          --allow-islands     keep units without neighbours (their lag is 0 and n is adjusted, as spdep's
                              zero.policy = TRUE); without it islands are an error naming them
          --alternative A     for the global tests (default greater, as spdep); local tests are two-sided
          --svg OUT           Moran scatterplot (last period with --by)
          --map GEOJSON       with --map-out: LISA cluster map (with --local) or choropleth of the variable; polygons
          --map-id-property P are joined to the units by the property P (default: the weights' id variable, else
                              the data's id column, else the one property holding the weights' ids); no match at
                              all is an error, a partial match a warning with the counts
          --quiet             no progress line for the permutations on stderr (stdout is never touched)
        p-values follow spdep's defaults. JSON: {"moran":{...},"geary":{...},"getis_ord":{...},"local":[...]};
        with --by, an array of such objects, each with "period".
        """

    struct Report: Encodable {
        var period: String?
        var idColumn: String?
        var pairing: String
        var moran: GlobalMoran
        var geary: GearyC?
        var getisOrd: GetisOrdG?
        var local: [LocalMoran.Unit]?
        enum CodingKeys: String, CodingKey { case period, idColumn = "id_column", pairing, moran, geary, getisOrd = "getis_ord", local }
    }

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json"), local = args.flag("--local"), geary = args.flag("--geary"), getis = args.flag("--getis-ord")
        let allowIslands = args.flag("--allow-islands")
        let data = try args.required("--data"), variable = try args.required("--var")
        let by = try args.option("--by")
        let weightsInput = try WeightsInput.parse(&args)
        let permutations = try args.count("--permutations", limit: ComputationLimits.maximumPermutations) ?? 0
        let seed = try args.seed()
        let alternative = Alternative(rawValue: try args.choice("--alternative", ["greater", "less", "two.sided", "two-sided"], default: "greater")
            .replacingOccurrences(of: "two-sided", with: "two.sided")) ?? .greater
        let svg = try args.option("--svg"), map = try args.option("--map"), mapOut = try args.option("--map-out")
        let mapId = try args.option("--map-id-property")
        try args.finish()
        let progress = context.progress
        guard permutations >= 0 else { throw UsageError("--permutations must be >= 0") }
        if (map == nil) != (mapOut == nil) { throw UsageError("--map and --map-out go together") }
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))

        // The cross-sections: the whole table, or one per period in the order of first appearance / numeric.
        var sections = [(period: String?, rows: [Int])]()
        if let by {
            sections = try table.rowGroups(by: by).map { ($0.value, $0.rows) }
        } else {
            sections = [(nil, Array(0..<table.rowCount))]
        }
        var reports = [Report]()
        var lastLisa: LocalMoran?, lastX: [Double] = [], lastW: SpatialWeights?
        let weights = try weightsInput.read(console)
        var mapJoin: MapJoin?
        for (k, s) in sections.enumerated() {
            // Each cross-section's rows are matched to the weights by id (errors name the period).
            let paired: PairedData
            do { paired = try weightsInput.pair(table.selectingRows(s.rows), columns: [variable], weights: weights, quiet: k > 0, console: console) } catch {
                guard let period = s.period else { throw error }
                throw UsageError("period \(period): \(error)")
            }
            let w = paired.weights
            if k == 0, let map {
                // Joined before anything is printed, so a map that matches no unit fails alone.
                mapJoin = try MapJoin(contentsOf: URL(fileURLWithPath: map), idProperty: mapId, units: w.ids, weights: w, dataIdColumn: paired.idColumn)
            }
            let x: [Double]
            do { x = try paired.table.numbers(variable) } catch { throw paired.inSourceRows(error) }
            // With --by, each line names its period.
            let report: ProgressHandler? = progress.map { show in
                guard let period = s.period else { return show }
                return { p in var p = p; p.phase = "\(period): " + p.phase; show(p) }
            }
            let m = try GlobalMoran(x, weights: w, alternative: alternative, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: report)
            let g = geary ? try GearyC(x, weights: w, alternative: alternative, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: report) : nil
            let go = getis ? try GetisOrdG(x, weights: w, alternative: alternative, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: report) : nil
            let lisa = local ? try LocalMoran(x, weights: w, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: report) : nil
            reports.append(Report(period: s.period, idColumn: paired.idColumn, pairing: paired.pairing.rawValue, moran: m, geary: g, getisOrd: go, local: lisa?.units))
            lastLisa = lisa; lastX = x; lastW = w
            if !json {
                var text = (k == 0 ? PairingReport.line(paired) + "\n\n" : "") + (s.period.map { "Period \($0)\n" } ?? "") + m.summary
                if let g { text += "\n\nGeary's C = \(Format.fixed(g.C, 6)), z = \(Format.fixed(g.zRandomization, 4)), p = \(Format.fixed(g.pRandomization, 6)) (randomisation)" }
                if let go { text += "\nGetis-Ord G = \(Format.fixed(go.G, 6)), z = \(Format.fixed(go.z, 4)), p = \(Format.fixed(go.p, 6))" }
                if let lisa { text += "\n\n" + lisa.summary }
                console.text(text + "\n")
            }
        }
        if by != nil, !json {
            var t = Table(title: "Global Moran's I of \(variable) by period", columns: ["Period", "Moran's I", "Sd(I)", "Z", "p"])
            for r in reports {
                t.rows.append([r.period ?? "", Format.fixed(r.moran.I) + Format.stars(r.moran.pRandomization), Format.fixed(r.moran.standardDeviation),
                               Format.fixed(r.moran.zRandomization), Format.pValue(r.moran.pRandomization)])
            }
            t.notes = ["Moments under randomisation; p \(alternative.rawValue). " + Format.starsLegend]
            console.text(t.text)
        }
        if let svg, let w = lastW {
            try MoranScatterplot(lastX, weights: w, variable: variable).svg().write(toFile: svg, atomically: true, encoding: .utf8)
            if !json { console.text("Moran scatterplot written to \(svg)") }
        }
        if let mapOut, let w = lastW, let join = mapJoin {
            for warning in join.warnings { console.warning(warning) }
            let features = join.features
            let plot = MapPlot(features: features)
            let svgText: String
            if let lisa = lastLisa {
                svgText = plot.lisaClusters(lisa, title: "LISA clusters of \(variable)")
            } else {
                svgText = plot.choropleth(Dictionary(zip(w.ids, lastX), uniquingKeysWith: { a, _ in a }), title: variable)
            }
            try svgText.write(toFile: mapOut, atomically: true, encoding: .utf8)
            if !json { console.text("map written to \(mapOut)") }
        }
        if json {
            if by != nil { try console.json(reports) } else if let r = reports.first { try console.json(r) }
        }
        return ExitStatus.success
    }
}
