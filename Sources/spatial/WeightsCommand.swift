import Foundation
import SpatialEconometrics

/// `spatial weights ...`: builds weights from polygons, an edge list or points, and writes them.
enum WeightsCommand: Subcommand {
    static let name = "weights"
    static let summary = "build weights: contiguity (GeoJSON, edge list), k-NN, distance band, inverse distance"
    static let help = """
        usage: spatial weights (--geojson F [--id-property P] [--rule queen|rook] [--tolerance T]
                                | --edges F [--ids F --id-column C] [--directed]
                                | --points F --x COL --y COL [--id-column C]
                                  (--knn K | --band D [--binary|--power P] | --inverse-distance [--power P] [--cutoff D]))
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
          --transform T        default none here (weights as built); row-standardise with --transform row
          --out FILE           write the weights (format from the extension; .csv writes triplets)
          --json               print the diagnostics as JSON
        """

    static func run(_ args: inout Arguments) throws {
        let json = args.flag("--json")
        let transform = WeightsTransformation(rawValue: try args.choice("--transform", WeightsTransformation.allCases.map(\.rawValue), default: "none")) ?? .none
        let out = try args.option("--out")
        let metric: DistanceMetric = args.flag("--great-circle") ? .greatCircle : .euclidean
        var w: SpatialWeights
        if let geo = try args.option("--geojson") {
            let prop = try args.option("--id-property")
            let rule = ContiguityRule(rawValue: try args.choice("--rule", ["queen", "rook"], default: "queen")) ?? .queen
            let tol = try args.number("--tolerance") ?? 0
            try args.finish()
            w = try SpatialWeights.contiguity(PolygonFeature.fromGeoJSON(contentsOf: URL(fileURLWithPath: geo), idProperty: prop), rule: rule, tolerance: tol)
        } else if let edges = try args.option("--edges") {
            let idsFile = try args.option("--ids"), idColumn = try args.option("--id-column")
            let directed = args.flag("--directed")
            try args.finish()
            let table = try DataTable(contentsOf: URL(fileURLWithPath: edges))
            guard table.columnNames.count >= 2 else { throw UsageError("\(edges): an edge list needs two columns (from, to)") }
            let from = try table.strings(table.columnNames[0]), to = try table.strings(table.columnNames[1])
            var ids: [String]
            if let f = idsFile {
                let t = try DataTable(contentsOf: URL(fileURLWithPath: f))
                ids = try t.strings(idColumn ?? t.columnNames[0])
            } else {
                ids = []
                var seen = Set<String>()
                for id in from + to where seen.insert(id).inserted { ids.append(id) }
            }
            w = try SpatialWeights.contiguity(edges: Array(zip(from, to)), ids: ids, symmetric: !directed)
        } else if let pointsFile = try args.option("--points") {
            let table = try DataTable(contentsOf: URL(fileURLWithPath: pointsFile))
            let xs = try table.numbers(try args.required("--x")), ys = try table.numbers(try args.required("--y"))
            let ids = try args.option("--id-column").map { try table.strings($0) }
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
            throw UsageError("give --geojson, --edges or --points")
        }
        w = try w.transformed(transform)
        for warning in w.warnings { Output.warning(warning) }
        if let out { try w.write(to: URL(fileURLWithPath: out)) }
        if json { try Output.json(w.diagnostics) } else {
            Output.text(w.diagnostics.summary + (out.map { "\nwritten to \($0)" } ?? ""))
        }
    }
}
