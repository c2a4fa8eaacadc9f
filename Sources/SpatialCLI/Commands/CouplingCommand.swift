import Foundation
import SpatialEconometrics

/// `spatial coupling ...`: coupling coordination degree of subsystem scores.
struct CouplingCommand: Command {
    static let name = "coupling"
    static let summary = "coupling degree C, development index T, coupling coordination degree D, levels and stages"
    static let synopsis = [
        "--data F --systems U1,U2[,U3...] [--alpha 0.5,0.5] [--exponent K] [--unit ID] [--time T]",
        "   [--coordination-bounds B --coordination-labels L] [--stage-bounds B --stage-labels L] [--synchronous LO,HI] [--json]",
    ]
    static let groups = [
        SharedOptions.dataGroup(Option("--systems", .list, "LIST", help: "columns with the subsystem scores U_i, each in [0, 1]")),
        OptionGroup("Labels", [SharedOptions.unit.with(help: "the units' column, copied to each row of the result"),
                               SharedOptions.time.with(help: "the periods' column, copied to each row of the result")]),
        OptionGroup("Method", [
            Option("--alpha", .list, "LIST", help: "weights a_i of T = sum a_i U_i (sum 1; default equal)"),
            Option("--exponent", .number, "K", help: """
                C = [prod U_i / (mean U)^m]^K; default K = 1/m (standard: for two systems 2 sqrt(U1 U2)/(U1 + U2)); K = 1 is \
                the squared variant; larger K the 'adjustment coefficient' variants
                """),
            Option("--coordination-bounds", .list, "B", help: """
                lower bounds of the classes of D, with --coordination-labels (default ten levels 0, 0.1, ..., 0.9: extreme \
                imbalance ... quality coordination)
                """),
            Option("--coordination-labels", .list, "L", help: "the names of the classes of D"),
            Option("--stage-bounds", .list, "B", help: """
                lower bounds of the coupling stages of C, with --stage-labels (default 0, 0.3, 0.5, 0.8: low-level coupling, \
                antagonism, running-in, high-level coupling)
                """),
            Option("--stage-labels", .list, "L", help: "the names of the coupling stages"),
            Option("--synchronous", .list, "LO,HI", default: "0.8,1.2", help: "E = U1/U2 in (LO, HI] is synchronous development"),
        ]),
        SharedOptions.outputGroup,
    ]
    static let notes = """
        A value on a class boundary belongs to the higher class. D = sqrt(C T).
        JSON: an array, per row {"unit","time","U":[...],"C","T","D","class","coupling_stage","relative_development",
              "development_type"}
        """

    static func numbers(_ list: [String]?, _ option: String) throws(UsageError) -> [Double]? {
        guard let list else { return nil }
        var out = [Double]()
        for s in list {
            guard let v = Double(s), v.isFinite else { throw .notANumber(option, value: s) }
            out.append(v)
        }
        return out
    }

    let json: Bool
    let data: String, systems: [String]
    let alpha: [Double]?, exponent: Double?
    let unit: String?, time: String?
    let coordinationBounds: [Double]?, coordinationLabels: [String]?, stageBounds: [Double]?, stageLabels: [String]?
    let synchronous: [Double]

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        data = try o.required("--data")
        systems = try o.requiredList("--systems")
        alpha = try Self.numbers(try o.list("--alpha"), "--alpha")
        exponent = try o.number("--exponent")
        unit = try o.given("--unit")
        time = try o.given("--time")
        coordinationBounds = try Self.numbers(try o.list("--coordination-bounds"), "--coordination-bounds")
        coordinationLabels = try o.list("--coordination-labels")
        stageBounds = try Self.numbers(try o.list("--stage-bounds"), "--stage-bounds")
        stageLabels = try o.list("--stage-labels")
        synchronous = try Self.numbers(try o.list("--synchronous"), "--synchronous") ?? [0.8, 1.2]
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        func classification(_ bounds: [Double]?, _ labels: [String]?, _ base: Classification) throws -> Classification {
            if bounds == nil && labels == nil { return base }
            let b = bounds ?? base.lowerBounds, l = labels ?? base.labels
            return try Classification(name: base.name, lowerBounds: b, labels: l)
        }
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let cc = try CouplingCoordination(table: table, systems: systems, systemWeights: alpha, exponent: exponent, unit: unit, time: time,
                                          coordinationLevels: classification(coordinationBounds, coordinationLabels, .coordinationLevels),
                                          couplingStages: classification(stageBounds, stageLabels, .couplingStages), synchronousBand: synchronous)
        if json { try console.json(cc.rows) } else { console.text(cc.summary) }
        return ExitStatus.success
    }
}
