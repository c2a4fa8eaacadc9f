import Foundation
import SpatialEconometrics

/// `spatial gravity`: the weighted centre of gravity per period, its migration path and the standard deviational
/// ellipses.
struct GravityCommand: Command {
    static let name = "gravity"
    static let summary = "centre of gravity per period (weighted mean centre), its migration path, standard deviational ellipses"
    static let synopsis = ["--data F --unit U --time T --var WEIGHT --x LON --y LAT [--great-circle] [--ellipse] [--svg F [--map GEOJSON|SHP [--map-id-property P] [--inset IDS]]] [--json | --format F]"]
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.variable.with(help: "the weight (non-negative, e.g. GDP), a column or an expression")),
        OptionGroup("Panel", [SharedOptions.unit, SharedOptions.time]),
        OptionGroup("Coordinates", [
            Option("--x", .value, "X", help: "the x coordinate column (longitude in degrees with --great-circle)"),
            Option("--y", .value, "Y", help: "the y coordinate column (latitude in degrees with --great-circle)"),
            Option("--great-circle", .flag, help: "coordinates are degrees: haversine distances (km), initial bearings, ellipses in km"),
        ]),
        OptionGroup("Ellipse", [Option("--ellipse", .flag, help: "also the standard deviational ellipse per period (ArcGIS, weighted, sqrt(2))")]),
        OptionGroup("Figure", [
            Option("--svg", .value, "OUT", help: "the centres, their path and (with --ellipse) the ellipses; over the polygons with --map"),
            SharedOptions.map.with(help: "polygons (GeoJSON, or a .shp shapefile; the same coordinates as --x/--y) drawn under the --svg figure, with the path magnified in a corner"),
            SharedOptions.mapIdProperty, SharedOptions.inset,
        ]),
        SharedOptions.exportGroup(coefficients: false),
    ]
    static let notes = """
        Centre: x_bar = sum w x / sum w, y_bar likewise, per period (periods sorted). Path: with --great-circle the
        haversine distance (R = 6371.0088 km) and initial bearing, else the Euclidean distance and atan2(dx, dy);
        both directions in degrees clockwise from north. Ellipse: ArcGIS Directional Distribution, weighted, with
        sqrt(2); degrees are projected per period to a local equirectangular plane at the weighted centre (km).
        JSON: {"weight","coordinates","distance_unit","centres":[{"period","n","total_weight","x","y"}],
        "steps":[{"from","to","dx","dy","distance","bearing"}],"total_distance","ellipses":[{"period","n",
        "centre_x","centre_y","rotation","sigma_x","sigma_y","major","minor","area"}]} ("ellipses" with --ellipse).
        """

    let output: OutputFormat
    let data: String, unit: String, time: String, weight: String, x: String, y: String
    let greatCircle: Bool, ellipse: Bool
    let svg: String?
    let map: (file: String, idProperty: String?, inset: [String])?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        output = try OutputFormat(&o, coefficients: false)
        data = try o.required("--data")
        unit = try o.required("--unit")
        time = try o.required("--time")
        weight = try o.required("--var")
        x = try o.required("--x")
        y = try o.required("--y")
        greatCircle = try o.flag("--great-circle")
        ellipse = try o.flag("--ellipse")
        svg = try o.given("--svg")
        if let file = try o.given("--map") {
            guard svg != nil else { throw .inapplicable("--map", message: "--map draws the --svg figure over polygons: give --svg OUT") }
            map = (file, try o.given("--map-id-property"), try o.list("--inset") ?? [])
        } else {
            for name in ["--map-id-property", "--inset"] where o.has(name) { throw .inapplicable(name, message: "\(name) applies to --map") }
            map = nil
        }
    }

    struct Centre: Encodable {
        let period: String, n: Int, totalWeight, x, y: Double
        enum CodingKeys: String, CodingKey { case period, n, totalWeight = "total_weight", x, y }
    }
    struct Step: Encodable {
        let from, to: String, dx, dy, distance: Double, bearing: Double?
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from); try c.encode(to, forKey: .to); try c.encode(dx, forKey: .dx)
            try c.encode(dy, forKey: .dy); try c.encode(distance, forKey: .distance); try c.encode(bearing, forKey: .bearing)
        }
        enum CodingKeys: String, CodingKey { case from, to, dx, dy, distance, bearing }
    }
    struct Ellipse: Encodable {
        let period: String, n: Int, centreX, centreY, rotation, sigmaX, sigmaY, major, minor, area: Double
        enum CodingKeys: String, CodingKey {
            case period, n, centreX = "centre_x", centreY = "centre_y", rotation, sigmaX = "sigma_x", sigmaY = "sigma_y", major, minor, area
        }
    }
    struct Report: Encodable {
        let weight, coordinates, distanceUnit: String
        let centres: [Centre], steps: [Step], totalDistance: Double
        let ellipses: [Ellipse]?
        enum CodingKeys: String, CodingKey {
            case weight, coordinates, distanceUnit = "distance_unit", centres, steps, totalDistance = "total_distance", ellipses
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let panel = try MarkovChain.canonicalPanel(table: table, unit: unit, time: time)
        let kind: CentreOfGravity.Coordinates = greatCircle ? .degrees : .planar
        let g = try CentreOfGravity(panel: panel, weight: weight, x: x, y: y, coordinates: kind)
        let sde = ellipse ? try StandardDeviationalEllipse(panel: panel, weight: weight, x: x, y: y, coordinates: kind) : nil
        if let svg {
            let figure: String
            if let map {
                let join = try MapJoin(contentsOf: URL(fileURLWithPath: map.file), idProperty: map.idProperty, units: panel.units, dataIdColumn: unit)
                for w in join.warnings { console.warning(w) }
                var plot = MapPlot(features: join.features)
                plot.coordinateSystem = join.coordinateSystem
                plot.inset = Set(map.inset)
                figure = plot.gravity(g, ellipses: sde)
            } else {
                figure = g.svg(ellipses: sde)
            }
            try figure.write(toFile: svg, atomically: true, encoding: .utf8)
        }
        if output.isJSON {
            try console.json(Report(
                weight: weight, coordinates: kind.rawValue, distanceUnit: g.distanceUnit,
                centres: g.centres.map { Centre(period: $0.period, n: $0.n, totalWeight: $0.totalWeight, x: $0.x, y: $0.y) },
                steps: g.steps.map { Step(from: $0.from, to: $0.to, dx: $0.dx, dy: $0.dy, distance: $0.distance, bearing: $0.bearing) },
                totalDistance: g.totalDistance,
                ellipses: sde?.ellipses.map { Ellipse(period: $0.period, n: $0.n, centreX: $0.centreX, centreY: $0.centreY, rotation: $0.rotation,
                                                      sigmaX: $0.sigmaX, sigmaY: $0.sigmaY, major: $0.major, minor: $0.minor, area: $0.area) }))
        } else {
            let tables = [g.table] + (sde.map { [$0.table] } ?? [])
            console.text(output.printsSummary ? tables.map(\.text).joined(separator: "\n\n") : output.render(tables))
        }
        return ExitStatus.success
    }
}
