import Foundation
import SpatialEconometrics

/// `spatial weights ...`: builds weights from polygons, an edge list or points, or edits a weights file, and writes them.
struct WeightsCommand: Command {
    static let name = "weights"
    static let summary = "build weights (contiguity, k-NN, distance band, inverse distance, economic, nested) or edit them"
    static let synopsis = [
        "(--geojson F | --shapefile F.shp) [--id-property P] [--rule queen|rook] [--tolerance T]",
        " | --edges F [--ids F [--id-column C]] [--directed]",
        " | --points F (--x COL --y COL | F.shp) [--id-column C] [--great-circle]",
        "   (--knn K | --band D [--binary|--power P] | --inverse-distance [--power P] [--cutoff D]",
        "    | --kernel FUNCTION [--bandwidth H|knn:K|adaptive:K] [--diagonal kernel|one|none])",
        " | --lattice ROWSxCOLUMNS [--rule rook|queen] [--torus]",
        " | --from W [--subset FILE [--id-column C] | --keep ID,ID,...]",
        "   [--remove-link A,B[;C,D...]]... [--add-link A,B[;C,D...]]... [--one-way] [--link-weight V]",
        " | --economic-var V --data F --unit U [--time T [--periods A:B | --period P]])",
        " [--phi P (--economic-weights W | --economic-var V ...) | --scale-by V --data F --unit U ...]",
        " [--transform row|binary|spectral|symmetrized|none] [--out FILE.gal|.gwt|.csv|.json] [--json]",
    ]

    static let idColumn = Option("--id-column", .value, "C", help: """
        the ids' column: of the --ids file (--edges; default its first column), of the --points file (default: the \
        rows numbered from 0), or of a --subset CSV file (--from; default its first column)
        """)
    static let power = Option("--power", .number, "P", help: "the distance decay: w_ij = d_ij^-P (--inverse-distance: default 1; 2 for the inverse squared distance; --band: instead of binary)")
    static let groups = [
        OptionGroup("Polygons", [
            Option("--geojson", .value, "F", help: "Polygon/MultiPolygon features"),
            Option("--shapefile", .value, "F.shp", help: """
                an ESRI polygon shapefile: F.shp with F.shx, F.dbf (the attributes, --id-property names a field) and F.cpg \
                (the code page, optional) beside it; holes and multi-part polygons as in GeoJSON
                """),
            Option("--id-property", .value, "P", help: "the features' id property or .dbf field (default: feature order), written as the weights' id variable"),
            Option("--rule", .choice(["queen", "rook"]), "R", default: "queen", help: "queen (a shared vertex) or rook (a shared edge)"),
            Option("--tolerance", .number, "T", default: "0", help: "vertices closer than T are one vertex (0: exact coordinates)"),
        ]),
        OptionGroup("Edge list", [
            Option("--edges", .value, "F", help: "CSV edge list from,to (undirected unless --directed); units: the ids in the edge list, or --ids"),
            Option("--ids", .value, "F", help: "CSV file listing the units (column --id-column)"),
            idColumn,
            Option("--directed", .flag, help: "each row is a link from -> to only"),
        ]),
        OptionGroup("Points", [
            Option("--points", .value, "F", help: """
                CSV (or .dbf) with coordinates in columns --x and --y (longitude, latitude with --great-circle), or a shapefile \
                F.shp: its points, or its polygons' centroids (ids from the .dbf field --id-column)
                """),
            Option("--x", .value, "COL", help: "the x (longitude) column of --points"),
            Option("--y", .value, "COL", help: "the y (latitude) column of --points"),
            Option("--knn", .integer, "K", help: "k nearest neighbours (ties at the k-th distance go to the lower unit index)"),
            Option("--band", .number, "D", help: "all units within distance D (binary, or d^-P with --power P)"),
            Option("--binary", .flag, help: "--band weights are 1 (the default without --power)"),
            Option("--inverse-distance", .flag, help: "w_ij = d_ij^-P for every pair (P = --power)"),
            power,
            Option("--cutoff", .number, "D", help: "--inverse-distance: no link beyond distance D"),
            Option("--great-circle", .flag, help: "haversine distances in km from longitude/latitude"),
            Option("--kernel", .choice(KernelFunction.allCases.map(\.rawValue)), "FUNCTION", help: """
                kernel weights w_ij = K(d_ij / h_i) for the units within the bandwidth (libpysal's Kernel: its constants, \
                the Gaussian truncated at the bandwidth)
                """),
            Option("--bandwidth", .value, "H", default: "knn:2", help: """
                --kernel: a fixed distance H, knn:K (one bandwidth for all, the largest K-th nearest-neighbour distance, \
                libpysal's default with K = 2) or adaptive:K (each unit's own K-th nearest-neighbour distance)
                """),
            Option("--diagonal", .choice(["kernel", "one", "none"]), "D", default: "kernel", help: """
                --kernel: the self weight w_ii: K(0) (libpysal's default), 1 (libpysal diagonal=True), or none. Weights \
                with a diagonal are read back only where self-neighbours are allowed (SpatialWeights.read(from:allowSelfNeighbors:), \
                e.g. HAC kernels); give none for a W of the models, whose files refuse a unit among its own neighbours
                """),
        ]),
        OptionGroup("Lattice", [
            Option("--lattice", .value, "ROWSxCOLUMNS", help: "a regular grid of ROWS x COLUMNS cells (e.g. 20x30), units numbered row by row from 0, contiguity by --rule (queen unless --rule rook, as for polygons)"),
            Option("--torus", .flag, help: "--lattice: wrap the edges (every cell has the same number of neighbours)"),
        ]),
        OptionGroup("Editing a weights file (in this order: subset, remove links, add links, then --transform)", [
            Option("--from", .value, "W", help: "the weights file to edit (.gal, .gwt, .json, .csv), edited as read"),
            Option("--subset", .value, "FILE", help: """
                keep these units, in the file's order: one id per line (blank lines and lines starting with # skipped); a \
                FILE ending in .csv is a table with a header, ids in column --id-column. Links to dropped units are dropped
                """),
            Option("--keep", .list, "ID,ID,...", help: "the same with the ids on the command line"),
            Option("--remove-link", .repeated, "A,B", help: """
                remove the link between units A and B (both directions unless --one-way); repeat the option or separate \
                pairs by semicolons: --remove-link '1,2;3,4'
                """),
            Option("--add-link", .repeated, "A,B", help: """
                add a link between A and B (both directions unless --one-way), e.g. Hainan to Guangdong: --add-link 21,19. \
                Units left without a neighbour by the edits are named on stderr as warnings
                """),
            Option("--one-way", .flag, help: "--add-link and --remove-link change the direction A -> B only"),
            Option("--link-weight", .number, "V", default: "1", help: "the weight of added links, before --transform"),
        ]),
        OptionGroup("Economic weights (the values: each unit's mean of --economic-var or --scale-by over the periods chosen)", [
            Option("--economic-var", .value, "V", help: """
                economic distance w_ij = 1/|v_i - v_j| from each unit's mean of V (a column or an expression: 'gdp/pop'); \
                alone, these are the weights built (dense; units: the --unit ids of --data); with a geographic source above \
                and --phi, the economic part of the nested matrix, over the geographic weights' units
                """),
            Option("--economic-weights", .value, "W", help: "the economic part of the nested matrix (--phi) from a weights file instead of --economic-var"),
            Option("--phi", .number, "P", help: """
                the nested economic-geography matrix phi W_geo + (1 - phi) W_econ (Debarsy & LeSage 2018), phi in [0, 1]: \
                W_geo is the geographic source above (built or read), W_econ is --economic-weights or --economic-var; \
                both are row-standardised before they are combined (so the result is row-standardised), then --transform applies
                """),
            Option("--scale-by", .value, "V", help: """
                the economic-geography matrix W_geo diag(v_j / vbar): w_ij = w_geo,ij v_j / vbar with v each unit's mean of \
                V (>= 0) and vbar their mean; W_geo as built or read (untransformed, as the library), then --transform applies \
                (usually row)
                """),
            SharedOptions.data.with(help: "the table of --economic-var or --scale-by: a CSV file or a .dbf (one row per unit, or a panel with --time)"),
            SharedOptions.unit.with(help: "the units' column of --data: its values are matched to the geographic weights' ids (never by position)"),
            SharedOptions.time.with(help: "the periods' column of --data, for a panel (each unit once per period)"),
            Option("--periods", .value, "A:B", help: "average over the periods from A to B (period labels, inclusive; default: every period)"),
            Option("--period", .value, "P", help: "use one period's values instead of a mean"),
        ]),
        OptionGroup("Output", [
            SharedOptions.transform(default: "none", help: """
                applied last, to the weights as built, read, edited or nested (row-standardise with --transform row)
                """),
            Option("--out", .value, "FILE", help: "write the weights (format from the extension: .gal, .gwt, .json; .csv writes triplets)"),
            SharedOptions.json.with(help: "print the weights' diagnostics as JSON on stdout"),
        ]),
    ]

    /// Where the weights come from.
    enum Source: Sendable {
        case geojson(path: String, idProperty: String?, rule: ContiguityRule, tolerance: Double)
        case shapefile(path: String, idProperty: String?, rule: ContiguityRule, tolerance: Double)
        case edges(path: String, ids: (file: String, column: String?)?, directed: Bool)
        case points(path: String, x: String, y: String, idColumn: String?, metric: DistanceMetric, rule: PointRule)
        case lattice(rows: Int, columns: Int, rule: ContiguityRule, torus: Bool)
        case from(path: String, edits: Edits)
        /// Economic distance `1/|v_i - v_j|` from per-unit values.
        case economic(UnitValues)
    }

    /// Per-unit values for economic weights: each unit's mean of a column or expression of a table, over a choice of periods.
    struct UnitValues: Sendable {
        let data: String
        let variable: String
        let unit: String
        let time: String?
        /// `--periods A:B` (labels) or `--period P` (A == B); nil: every period.
        let periods: (from: String, to: String)?
    }

    /// How a geographic source is combined with economic values (applied before `--transform`).
    enum Nesting: Sendable {
        /// `phi W_geo + (1 - phi) W_econ`, both row-standardised first; W_econ from a file or built from values.
        case convex(phi: Double, economicFile: String?, economicValues: UnitValues?)
        /// `W_geo diag(v_j / vbar)`.
        case scaled(UnitValues)
    }

    enum PointRule: Sendable {
        case knn(Int)
        case band(Double, binary: Bool, power: Double)
        case inverseDistance(power: Double, cutoff: Double?)
        case kernel(KernelFunction, KernelBandwidth, KernelDiagonal)
    }

    struct Edits: Sendable {
        let subset: (file: String, column: String?)?
        let keep: [String]?
        let removals: [(String, String)]
        let additions: [(String, String)]
        let oneWay: Bool
        let linkWeight: Double
    }

    let source: Source
    let nesting: Nesting?
    let transform: WeightsTransformation
    let out: String?
    let json: Bool

    var mode: String {
        switch nesting {
        case .convex?: return "`spatial weights --phi`"
        case .scaled?: return "`spatial weights --scale-by`"
        case nil: break
        }
        switch source {
        case .economic: return "`spatial weights --economic-var`"
        case .geojson: return "`spatial weights --geojson`"
        case .shapefile: return "`spatial weights --shapefile`"
        case .edges: return "`spatial weights --edges`"
        case .lattice: return "`spatial weights --lattice`"
        case .from: return "`spatial weights --from`"
        case .points(_, _, _, _, _, let rule):
            switch rule {
            case .knn: return "`spatial weights --points --knn`"
            case .band: return "`spatial weights --points --band`"
            case .inverseDistance: return "`spatial weights --points --inverse-distance`"
            case .kernel: return "`spatial weights --points --kernel`"
            }
        }
    }

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        transform = WeightsTransformation(rawValue: try o.choice("--transform")) ?? .none
        out = try o.given("--out")
        let sources = ["--geojson", "--shapefile", "--edges", "--points", "--from", "--lattice"].filter { o.has($0) }
        if sources.count > 1 { throw .exclusive(sources[0], sources[1]) }
        nesting = try Self.nesting(&o, geographic: sources.first)
        guard let first = sources.first else {
            guard o.has("--economic-var") else {
                throw .invalid("--geojson", message: "give --geojson, --shapefile, --edges, --points, --from or --economic-var")
            }
            source = .economic(try Self.unitValues(&o, variable: "--economic-var"))
            return
        }
        switch first {
        case "--geojson":
            source = .geojson(path: try o.required("--geojson"), idProperty: try o.given("--id-property"),
                              rule: ContiguityRule(rawValue: try o.choice("--rule")) ?? .queen, tolerance: try o.number("--tolerance") ?? 0)
        case "--shapefile":
            source = .shapefile(path: try o.required("--shapefile"), idProperty: try o.given("--id-property"),
                                rule: ContiguityRule(rawValue: try o.choice("--rule")) ?? .queen, tolerance: try o.number("--tolerance") ?? 0)
        case "--edges":
            let path = try o.required("--edges")
            let idsFile = try o.given("--ids")
            if idsFile == nil, o.has("--id-column") {
                throw .inapplicable("--id-column", message: "--id-column with --edges names the id column of the --ids file (give --ids F)")
            }
            var ids: (file: String, column: String?)?
            if let idsFile { ids = (idsFile, try o.given("--id-column")) }
            source = .edges(path: path, ids: ids, directed: try o.flag("--directed"))
        case "--points":
            let path = try o.required("--points")
            // A point shapefile brings its coordinates; a table names its columns.
            let isShapefile = URL(fileURLWithPath: path).pathExtension.lowercased() == "shp"
            if isShapefile, let given = ["--x", "--y"].first(where: { o.has($0) }) {
                throw .inapplicable(given, message: "\(given) names a column of a --points table; a .shp file has its own coordinates (its points, or its polygons' centroids)")
            }
            let x = isShapefile ? "" : try o.required("--x"), y = isShapefile ? "" : try o.required("--y")
            let idColumn = try o.given("--id-column")
            let metric: DistanceMetric = try o.flag("--great-circle") ? .greatCircle : .euclidean
            let rules = ["--knn", "--band", "--inverse-distance", "--kernel"].filter { o.has($0) }
            guard let rule = rules.first else {
                throw .invalid("--points", message: "with --points, give --knn K, --band D, --inverse-distance or --kernel FUNCTION")
            }
            if rules.count > 1 { throw .exclusive(rules[0], rules[1]) }
            let pointRule: PointRule
            switch rule {
            case "--knn":
                pointRule = .knn(try o.integer("--knn") ?? 0)
            case "--band":
                let d = try o.number("--band") ?? 0
                let power = try o.number("--power")
                if power != nil, o.has("--binary") { throw .exclusive("--binary", "--power") }
                _ = try o.flag("--binary")
                pointRule = .band(d, binary: power == nil, power: power ?? 1)
            case "--kernel":
                let function = KernelFunction(rawValue: try o.choice("--kernel")) ?? .triangular
                let diagonal: KernelDiagonal = switch try o.choice("--diagonal") { case "one": .one; case "none": .excluded; default: .kernelValue }
                pointRule = .kernel(function, try Self.bandwidth(try o.value("--bandwidth") ?? "knn:2"), diagonal)
            default:
                _ = try o.flag("--inverse-distance")
                pointRule = .inverseDistance(power: try o.number("--power") ?? 1, cutoff: try o.number("--cutoff"))
            }
            source = .points(path: path, x: x, y: y, idColumn: idColumn, metric: metric, rule: pointRule)
        case "--lattice":
            let spec = try o.required("--lattice")
            let parts = spec.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, let rows = Int(parts[0]), let columns = Int(parts[1]), rows >= 1, columns >= 1,
                  rows.multipliedReportingOverflow(by: columns).overflow == false else {
                throw .invalid("--lattice", message: "--lattice '\(spec)' is not ROWSxCOLUMNS with whole numbers >= 1 (e.g. 20x30)")
            }
            source = .lattice(rows: rows, columns: columns, rule: ContiguityRule(rawValue: try o.choice("--rule")) ?? .rook, torus: try o.flag("--torus"))
        default:
            source = .from(path: try o.required("--from"), edits: try Self.edits(&o))
        }
    }

    /// `--bandwidth H | knn:K | adaptive:K`.
    static func bandwidth(_ spec: String) throws(UsageError) -> KernelBandwidth {
        func k(_ text: Substring) throws(UsageError) -> Int {
            guard let k = Int(text), k >= 1 else { throw .invalid("--bandwidth", message: "--bandwidth '\(spec)': K must be a whole number >= 1") }
            return k
        }
        if spec.hasPrefix("knn:") { return .fixedFromNearestNeighbors(k: try k(spec.dropFirst(4))) }
        if spec.hasPrefix("adaptive:") { return .adaptive(k: try k(spec.dropFirst(9))) }
        guard let h = Double(spec), h.isFinite, h > 0 else {
            throw .invalid("--bandwidth", message: "--bandwidth '\(spec)' is not a distance > 0, knn:K or adaptive:K")
        }
        return .fixed(h)
    }

    /// `--phi` or `--scale-by` on a geographic source (`geographic`: its option, nil when there is none).
    static func nesting(_ o: inout ParsedOptions, geographic: String?) throws(UsageError) -> Nesting? {
        if o.has("--phi"), o.has("--scale-by") { throw .exclusive("--phi", "--scale-by") }
        for nested in ["--phi", "--scale-by"] where o.has(nested) && geographic == nil {
            throw .invalid(nested, message: "\(nested) combines geographic weights with economic values: give the geographic weights "
                + "(--geojson, --shapefile, --edges, --points or --from W)")
        }
        if o.has("--phi") {
            let phi = try o.number("--phi") ?? .nan
            guard phi >= 0, phi <= 1 else { throw .invalid("--phi", message: "--phi must be in [0, 1] (got \(phi))") }
            let file = try o.given("--economic-weights")
            if file != nil, o.has("--economic-var") { throw .exclusive("--economic-weights", "--economic-var") }
            guard file != nil || o.has("--economic-var") else {
                throw .invalid("--phi", message: "--phi needs the economic weights: --economic-weights W, or --economic-var V with --data and --unit")
            }
            return .convex(phi: phi, economicFile: file, economicValues: file == nil ? try unitValues(&o, variable: "--economic-var") : nil)
        }
        if o.has("--scale-by") { return .scaled(try unitValues(&o, variable: "--scale-by")) }
        if geographic != nil, o.has("--economic-var") {
            throw .invalid("--economic-var", message: "--economic-var with geographic weights is the economic part of the nested matrix: give --phi P "
                + "(or leave out the geographic source to build economic-distance weights alone)")
        }
        if o.has("--economic-weights") { throw .inapplicable("--economic-weights", message: "--economic-weights is the economic part of --phi P") }
        return nil
    }

    /// `--data`, `--unit`, `--time`, `--periods`/`--period` for the values of `variable` (`--economic-var` or `--scale-by`).
    static func unitValues(_ o: inout ParsedOptions, variable option: String) throws(UsageError) -> UnitValues {
        let variable = try o.required(option)
        guard let data = try o.given("--data") else {
            throw .invalid(option, message: "\(option) '\(variable)' is read from a table: give --data F and --unit U (and --time T for a panel)")
        }
        guard let unit = try o.given("--unit") else {
            throw .invalid("--unit", message: "give --unit U, the column of --data whose values are the units' ids")
        }
        let time = try o.given("--time")
        let range = try o.given("--periods"), one = try o.given("--period")
        if range != nil, one != nil { throw .exclusive("--periods", "--period") }
        if time == nil, let given = range != nil ? "--periods" : one != nil ? "--period" : nil {
            throw .inapplicable(given, message: "\(given) chooses periods of a panel: give --time T, the periods' column of --data")
        }
        var periods: (from: String, to: String)?
        if let one { periods = (one, one) }
        if let range {
            let ends = range.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
                throw .invalid("--periods", message: "--periods '\(range)' is not a range of period labels A:B (e.g. 2010:2019)")
            }
            periods = (ends[0], ends[1])
        }
        return UnitValues(data: data, variable: variable, unit: unit, time: time, periods: periods)
    }

    /// The units and their values (each unit's mean over the chosen periods), in the table's order of first appearance.
    static func values(_ spec: UnitValues) throws -> (ids: [String], values: [Double]) {
        let table = try DataTable(contentsOf: URL(fileURLWithPath: spec.data))
        guard let time = spec.time else {
            let ids = try table.strings(spec.unit).map { $0.trimmingCharacters(in: .whitespaces) }
            var rows = [String: [Int]]()
            for (r, id) in ids.enumerated() { rows[id, default: []].append(r + 1) }
            if let id = ids.first(where: { (rows[$0]?.count ?? 0) > 1 }) {
                throw DataError.duplicateId(column: spec.unit, id: id, rows: rows[id] ?? [])
            }
            return (ids, try table.numbers(spec.variable))
        }
        let panel = try Panel(table: table, unit: spec.unit, time: time)
        var range: ClosedRange<Int>?
        if let (a, b) = spec.periods {
            func index(_ label: String) throws -> Int {
                guard let k = panel.periods.firstIndex(of: label) else {
                    throw UsageError.invalid(spec.periods.map { $0.from == $0.to } == true ? "--period" : "--periods",
                        message: "period '\(label)' is not in column '\(time)' of \(spec.data) (periods: \(panel.periods.first ?? "")"
                            + " ... \(panel.periods.last ?? ""))")
                }
                return k
            }
            let lo = try index(a), hi = try index(b)
            guard lo <= hi else {
                throw UsageError.invalid("--periods", message: "--periods \(a):\(b): period '\(a)' comes after '\(b)' (give the earlier period first)")
            }
            range = lo...hi
        }
        return (panel.units, try panel.unitMeans(spec.variable, periods: range))
    }

    /// The values of `spec` for the weights' units, matched by id; units of the table without weights are ignored (named on stderr).
    static func values(_ spec: UnitValues, for w: SpatialWeights, console: Console) throws -> [Double] {
        let (ids, v) = try values(spec)
        let byId = Dictionary(zip(ids, v), uniquingKeysWith: { a, _ in a })
        let missing = w.ids.filter { byId[$0] == nil }
        if !missing.isEmpty {
            throw UsageError.invalid("--unit", message: "\(missing.count) unit(s) of the weights have no row in \(spec.data) (column '\(spec.unit)'): "
                + missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", ..." : "")
                + "; add them to the table or subset the weights (--from W --subset)")
        }
        let units = Set(w.ids), extra = ids.filter { !units.contains($0) }
        if !extra.isEmpty {
            console.warning("\(extra.count) unit(s) of \(spec.data) are not in the weights and are not used: "
                + extra.prefix(5).joined(separator: ", ") + (extra.count > 5 ? ", ..." : ""))
        }
        return w.ids.map { byId[$0] ?? .nan }
    }

    /// The edits of `--from W`.
    static func edits(_ o: inout ParsedOptions) throws(UsageError) -> Edits {
        let subsetFile = try o.given("--subset"), keep = try o.list("--keep")
        if subsetFile != nil && keep != nil { throw .invalid("--subset", message: "give --subset FILE or --keep IDS, not both") }
        if subsetFile == nil, o.has("--id-column") {
            throw .inapplicable("--id-column", message: "--id-column with --from names the id column of a --subset CSV file")
        }
        var removals = [(String, String)](), additions = [(String, String)]()
        for spec in try o.repeated("--remove-link") { removals += try links(spec, option: "--remove-link") }
        for spec in try o.repeated("--add-link") { additions += try links(spec, option: "--add-link") }
        if removals.isEmpty && additions.isEmpty, o.has("--one-way") {
            throw .inapplicable("--one-way", message: "--one-way applies to --add-link and --remove-link")
        }
        if additions.isEmpty, o.has("--link-weight") {
            throw .inapplicable("--link-weight", message: "--link-weight applies to --add-link (the weight of the added links)")
        }
        var subset: (file: String, column: String?)?
        if let subsetFile { subset = (subsetFile, try o.given("--id-column")) }
        return Edits(subset: subset, keep: keep, removals: removals,
                     additions: additions, oneWay: try o.flag("--one-way"), linkWeight: try o.number("--link-weight") ?? 1)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        var w: SpatialWeights
        var newIslands = [String]()
        switch source {
        case .from(let path, let edits):
            (w, newIslands) = try Self.edited(path, edits)
        case .geojson(let path, let idProperty, let rule, let tolerance):
            w = try SpatialWeights.contiguity(PolygonFeature.fromGeoJSON(contentsOf: URL(fileURLWithPath: path), idProperty: idProperty),
                                              rule: rule, tolerance: tolerance)
            w.idVariable = idProperty  // written into the GAL/GWT header, so data are later matched through this column
        case .shapefile(let path, let idProperty, let rule, let tolerance):
            w = try SpatialWeights.contiguity(Shapefile.read(from: URL(fileURLWithPath: path)).polygonFeatures(idProperty: idProperty),
                                              rule: rule, tolerance: tolerance)
            w.idVariable = idProperty
        case .edges(let path, let idsFile, let directed):
            let table = try DataTable(contentsOf: URL(fileURLWithPath: path))
            guard table.columnNames.count >= 2 else { throw UsageError.invalid("--edges", message: "\(path): an edge list needs two columns (from, to)") }
            let from = try table.strings(table.columnNames[0]), to = try table.strings(table.columnNames[1])
            var ids: [String], idVariable: String? = nil
            if let idsFile {
                let t = try DataTable(contentsOf: URL(fileURLWithPath: idsFile.file))
                guard let column = idsFile.column ?? t.columnNames.first else { throw UsageError.invalid("--ids", message: "\(idsFile.file): no columns") }
                ids = try t.strings(column)
                idVariable = column
            } else {
                ids = []
                var seen = Set<String>()
                for id in from + to where seen.insert(id).inserted { ids.append(id) }
            }
            w = try SpatialWeights.contiguity(edges: Array(zip(from, to)), ids: ids, symmetric: !directed)
            w.idVariable = idVariable
        case .points(let path, let x, let y, let idColumn, let metric, let rule):
            let points: [Point2D], ids: [String]?
            if URL(fileURLWithPath: path).pathExtension.lowercased() == "shp" {
                let shapefile = try Shapefile.read(from: URL(fileURLWithPath: path))
                points = try shapefile.points()
                ids = try idColumn.map { try shapefile.attributes.strings($0) }
            } else {
                let table = try DataTable(contentsOf: URL(fileURLWithPath: path))
                let xs = try table.numbers(x), ys = try table.numbers(y)
                ids = try idColumn.map { try table.strings($0) }
                points = zip(xs, ys).map { Point2D($0, $1) }
            }
            switch rule {
            case .knn(let k):
                w = try SpatialWeights.kNearestNeighbors(points: points, ids: ids, k: k, metric: metric)
            case .band(let d, let binary, let power):
                w = try SpatialWeights.distanceBand(points: points, ids: ids, threshold: d, binary: binary, power: power, metric: metric)
            case .inverseDistance(let power, let cutoff):
                w = try SpatialWeights.inverseDistance(points: points, ids: ids, power: power, metric: metric, cutoff: cutoff)
            case .kernel(let function, let bandwidth, let diagonal):
                w = try SpatialWeights.kernel(points: points, ids: ids, function: function, bandwidth: bandwidth, diagonal: diagonal, metric: metric)
            }
            if idColumn != nil { w.idVariable = idColumn }
        case .lattice(let rows, let columns, let rule, let torus):
            w = try SpatialWeights.lattice(rows: rows, columns: columns, rule: rule, torus: torus)
        case .economic(let spec):
            let (ids, values) = try Self.values(spec)
            w = try SpatialWeights.economicDistance(values: values, ids: ids)
            w.idVariable = spec.unit
        }
        if let nesting { w = try Self.nested(w, nesting, console: console) }
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
    static func edited(_ path: String, _ edits: Edits) throws -> (SpatialWeights, newIslands: [String]) {
        var w = try SpatialWeights.read(from: URL(fileURLWithPath: path))
        let before = Set(w.islandIds)
        if let subset = edits.subset { w = try w.subset(ids: try subsetIds(subset.file, column: subset.column)) }
        if let keep = edits.keep { w = try w.subset(ids: keep) }
        if !edits.removals.isEmpty { w = try w.removing(links: edits.removals, symmetric: !edits.oneWay) }
        if !edits.additions.isEmpty { w = try w.adding(links: edits.additions, symmetric: !edits.oneWay, weight: edits.linkWeight) }
        return (w, w.islandIds.filter { !before.contains($0) })
    }

    /// The geographic weights `geo` combined with economic values as `nesting` says (before `--transform`).
    static func nested(_ geo: SpatialWeights, _ nesting: Nesting, console: Console) throws -> SpatialWeights {
        var w: SpatialWeights
        switch nesting {
        case .convex(let phi, let file, let spec):
            var economic: SpatialWeights
            if let file {
                economic = try SpatialWeights.read(from: URL(fileURLWithPath: file))
                for warning in economic.warnings { console.warning(warning) }
            } else if let spec {
                economic = try SpatialWeights.economicDistance(values: try values(spec, for: geo, console: console), ids: geo.ids)
            } else {
                throw UsageError.invalid("--phi", message: "--phi needs --economic-weights or --economic-var")
            }
            w = try SpatialWeights.economicGeography(geographic: try geo.transformed(.row), economic: try economic.transformed(.row), phi: phi)
        case .scaled(let spec):
            w = try SpatialWeights.economicGeography(geographic: geo, values: try values(spec, for: geo, console: console))
        }
        w.idVariable = geo.idVariable
        return w
    }

    /// `A,B` or `A,B;C,D`: pairs of ids.
    static func links(_ spec: String, option: String) throws(UsageError) -> [(String, String)] {
        try spec.split(separator: ";", omittingEmptySubsequences: true).map { (pair) throws(UsageError) -> (String, String) in
            let ids = pair.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard ids.count == 2, !ids[0].isEmpty, !ids[1].isEmpty else {
                throw UsageError.invalid(option, message: "\(option): '\(pair)' is not a pair of ids A,B (pairs are separated by ';')")
            }
            return (ids[0], ids[1])
        }
    }

    /// The ids of a `--subset` file: a CSV table (`.csv`) column, or one id per line.
    static func subsetIds(_ path: String, column: String?) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        if url.pathExtension.lowercased() == "csv" {
            let table = try DataTable(contentsOf: url)
            guard let name = column ?? table.columnNames.first else { throw UsageError.invalid("--subset", message: "\(path): no columns") }
            return try table.strings(name).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw UsageError.invalid("--subset", message: "\(path): cannot read the file as UTF-8 text (\(error.localizedDescription))")
        }
        return text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "") }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
