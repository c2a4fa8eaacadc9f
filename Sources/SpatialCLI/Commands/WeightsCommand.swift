import Foundation
import SpatialEconometrics

/// `spatial weights ...`: builds weights from polygons, an edge list or points, or edits a weights file, and writes them.
enum WeightsCommand: Subcommand {
    static let name = "weights"
    static let summary = "build weights (contiguity, k-NN, distance band, inverse distance) or edit them (subset, links)"
    static let help = """
        usage: spatial weights (--geojson F [--id-property P] [--rule queen|rook] [--tolerance T]
                                | --edges F [--ids F --id-column C] [--directed]
                                | --points F --x COL --y COL [--id-column C]
                                  (--knn K | --band D [--binary|--power P] | --inverse-distance [--power P] [--cutoff D])
                                | --from W [--subset FILE [--id-column C] | --keep ID,ID,...]
                                  [--remove-link A,B[;C,D...]]... [--add-link A,B[;C,D...]]... [--one-way] [--link-weight V])
                               [--great-circle] [--transform row|binary|spectral|symmetrized|none]
                               [--out FILE.gal|.gwt|.csv|.json] [--json]

          --geojson F          Polygon/MultiPolygon features; ids from --id-property (default: feature order)
          --rule R             queen (shared vertex, default) or rook (shared edge)
          --edges F            CSV edge list from,to (undirected unless --directed); units from --ids F (CSV) column
                               --id-column (default: the ids in the edge list)
          --points F           CSV with coordinates in columns --x and --y (longitude, latitude with --great-circle)
          --knn K              k nearest neighbours (ties at the k-th distance go to the lower unit index)
          --band D             all units within distance D (binary, or d^-P with --power P)
          --inverse-distance   w_ij = d_ij^-P (P = --power, default 1; 2 for the inverse squared distance)
          --great-circle       haversine distances in km from longitude/latitude
          --from W             edit a weights file (.gal, .gwt, .json, .csv), in this order: subset, remove links,
                               add links, then --transform (so the edits are made on the weights as read)
          --subset FILE        keep these units, in the file's order: one id per line (blank lines and lines starting
                               with # skipped); a FILE ending in .csv is a table with a header, ids in column
                               --id-column (default: the first column). Links to dropped units are dropped
          --keep ID,ID,...     the same with the ids on the command line
          --remove-link A,B    remove the link between units A and B (both directions unless --one-way); repeat the
                               option or separate pairs by semicolons: --remove-link '1,2;3,4'
          --add-link A,B       add a link between A and B (both directions unless --one-way), e.g. Hainan to
                               Guangdong: --add-link 21,19; repeatable like --remove-link
          --one-way            --add-link and --remove-link change the direction A -> B only
          --link-weight V      the weight of added links (default 1), before --transform
                               Units left without a neighbour by the edits are named on stderr as warnings.
          --transform T        default none here (weights as built or read); row-standardise with --transform row
          --out FILE           write the weights (format from the extension; .csv writes triplets)
          --json               print the diagnostics as JSON
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json")
        let transform = WeightsTransformation(rawValue: try args.choice("--transform", WeightsTransformation.allCases.map(\.rawValue), default: "none")) ?? .none
        let out = try args.option("--out")
        let metric: DistanceMetric = args.flag("--great-circle") ? .greatCircle : .euclidean
        var w: SpatialWeights
        var pointsIdColumn: String? = nil
        var newIslands = [String]()
        if let from = try args.option("--from") {
            (w, newIslands) = try edited(from, &args)
        } else if let geo = try args.option("--geojson") {
            let prop = try args.option("--id-property")
            let rule = ContiguityRule(rawValue: try args.choice("--rule", ["queen", "rook"], default: "queen")) ?? .queen
            let tol = try args.number("--tolerance") ?? 0
            try args.finish()
            w = try SpatialWeights.contiguity(PolygonFeature.fromGeoJSON(contentsOf: URL(fileURLWithPath: geo), idProperty: prop), rule: rule, tolerance: tol)
            w.idVariable = prop  // written into the GAL/GWT header, so data are later matched through this column
        } else if let edges = try args.option("--edges") {
            let idsFile = try args.option("--ids"), idColumn = try args.option("--id-column")
            let directed = args.flag("--directed")
            try args.finish()
            let table = try DataTable(contentsOf: URL(fileURLWithPath: edges))
            guard table.columnNames.count >= 2 else { throw UsageError("\(edges): an edge list needs two columns (from, to)") }
            let from = try table.strings(table.columnNames[0]), to = try table.strings(table.columnNames[1])
            var ids: [String], idVariable: String? = nil
            if let f = idsFile {
                let t = try DataTable(contentsOf: URL(fileURLWithPath: f))
                let column = idColumn ?? t.columnNames[0]
                ids = try t.strings(column)
                idVariable = column
            } else {
                ids = []
                var seen = Set<String>()
                for id in from + to where seen.insert(id).inserted { ids.append(id) }
            }
            w = try SpatialWeights.contiguity(edges: Array(zip(from, to)), ids: ids, symmetric: !directed)
            w.idVariable = idVariable
        } else if let pointsFile = try args.option("--points") {
            let table = try DataTable(contentsOf: URL(fileURLWithPath: pointsFile))
            let xs = try table.numbers(try args.required("--x")), ys = try table.numbers(try args.required("--y"))
            let idColumn = try args.option("--id-column")
            let ids = try idColumn.map { try table.strings($0) }
            pointsIdColumn = idColumn
            let points = zip(xs, ys).map { Point2D($0, $1) }
            let power = try args.number("--power")
            if let k = try args.integer("--knn") {
                try args.finish()
                w = try SpatialWeights.kNearestNeighbors(points: points, ids: ids, k: k, metric: metric)
            } else if let d = try args.number("--band") {
                let binary = power == nil || args.flag("--binary")
                try args.finish()
                w = try SpatialWeights.distanceBand(points: points, ids: ids, threshold: d, binary: binary, power: power ?? 1, metric: metric)
            } else if args.flag("--inverse-distance") {
                let cutoff = try args.number("--cutoff")
                try args.finish()
                w = try SpatialWeights.inverseDistance(points: points, ids: ids, power: power ?? 1, metric: metric, cutoff: cutoff)
            } else {
                throw UsageError("with --points, give --knn K, --band D or --inverse-distance")
            }
        } else {
            throw UsageError("give --geojson, --edges, --points or --from")
        }
        if pointsIdColumn != nil { w.idVariable = pointsIdColumn }
        w = try w.transformed(transform)
        // The edits' own island warnings are replaced by one line naming every unit the edits left isolated.
        for warning in w.warnings where !warning.contains("units left without a neighbour") { console.warning(warning) }
        if !newIslands.isEmpty { console.warning("the edits left units without a neighbour (islands): " + newIslands.joined(separator: ", ")) }
        if let out { try w.write(to: URL(fileURLWithPath: out)) }
        if json { try console.json(w.diagnostics) } else {
            console.text(w.diagnostics.summary + (out.map { "\nwritten to \($0)" } ?? ""))
        }
        return ExitStatus.success
    }

    /// `--from W` with its edits: subset, then removed links, then added links (the library applies W's own
    /// transformation again after each; a file as read has none).
    /// Returns the edited weights and the units that the edits left without a neighbour.
    static func edited(_ path: String, _ args: inout Arguments) throws -> (SpatialWeights, newIslands: [String]) {
        let subsetFile = try args.option("--subset"), keep = try args.list("--keep"), idColumn = try args.option("--id-column")
        let removals = try args.repeated("--remove-link").flatMap { try links($0, option: "--remove-link") }
        let additions = try args.repeated("--add-link").flatMap { try links($0, option: "--add-link") }
        let oneWay = args.flag("--one-way")
        let linkWeight = try args.number("--link-weight") ?? 1
        try args.finish()
        if subsetFile != nil && keep != nil { throw UsageError("give --subset FILE or --keep IDS, not both") }
        if idColumn != nil && subsetFile == nil { throw UsageError("--id-column with --from names the id column of a --subset CSV file") }
        var w = try SpatialWeights.read(from: URL(fileURLWithPath: path))
        let before = Set(w.islandIds)
        if let subsetFile { w = try w.subset(ids: try subsetIds(subsetFile, column: idColumn)) }
        if let keep { w = try w.subset(ids: keep) }
        if !removals.isEmpty { w = try w.removing(links: removals, symmetric: !oneWay) }
        if !additions.isEmpty { w = try w.adding(links: additions, symmetric: !oneWay, weight: linkWeight) }
        return (w, w.islandIds.filter { !before.contains($0) })
    }

    /// `A,B` or `A,B;C,D`: pairs of ids.
    static func links(_ spec: String, option: String) throws -> [(String, String)] {
        try spec.split(separator: ";", omittingEmptySubsequences: true).map { pair in
            let ids = pair.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard ids.count == 2, !ids[0].isEmpty, !ids[1].isEmpty else {
                throw UsageError("\(option): '\(pair)' is not a pair of ids A,B (pairs are separated by ';')")
            }
            return (ids[0], ids[1])
        }
    }

    /// The ids of a `--subset` file: a CSV table (`.csv`) column, or one id per line.
    static func subsetIds(_ path: String, column: String?) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        if url.pathExtension.lowercased() == "csv" {
            let table = try DataTable(contentsOf: url)
            guard let name = column ?? table.columnNames.first else { throw UsageError("\(path): no columns") }
            return try table.strings(name).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw UsageError("\(path): cannot read the file as UTF-8 text (\(error.localizedDescription))")
        }
        return text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "") }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
