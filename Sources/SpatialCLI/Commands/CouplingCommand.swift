import Foundation
import SpatialEconometrics

/// `spatial coupling ...`: coupling coordination degree of subsystem scores.
enum CouplingCommand: Subcommand {
    static let name = "coupling"
    static let summary = "coupling degree C, development index T, coupling coordination degree D, levels and stages"
    static let help = """
        usage: spatial coupling --data F --systems U1,U2[,U3...] [--alpha 0.5,0.5] [--exponent K] [--unit ID] [--time T]
                                [--coordination-bounds B --coordination-labels L] [--stage-bounds B --stage-labels L]
                                [--synchronous LO,HI] [--json]
          --systems LIST     columns with the subsystem scores U_i, each in [0, 1]
          --alpha LIST       weights a_i of T = sum a_i U_i (sum 1; default equal)
          --exponent K       C = [prod U_i / (mean U)^m]^K; default K = 1/m (standard: for two systems
                             2 sqrt(U1 U2)/(U1 + U2)); K = 1 is the squared variant; larger K the 'adjustment
                             coefficient' variants
          --coordination-bounds, --coordination-labels   lower bounds and names of the classes of D
                             (default ten levels 0, 0.1, ..., 0.9: extreme imbalance ... quality coordination)
          --stage-bounds, --stage-labels   the same for the coupling stages of C (default 0, 0.3, 0.5, 0.8:
                             low-level coupling, antagonism, running-in, high-level coupling)
          --synchronous LO,HI  E = U1/U2 in (LO, HI] is synchronous development (default 0.8,1.2)
        A value on a class boundary belongs to the higher class. D = sqrt(C T).
        JSON: an array, per row {"unit","time","U":[...],"C","T","D","class","coupling_stage","relative_development",
              "development_type"}
        """

    static func numbers(_ list: [String]?, _ option: String) throws -> [Double]? {
        try list.map { l in
            try l.map { s in
                guard let v = Double(s), v.isFinite else { throw UsageError("\(option): '\(s)' is not a number") }
                return v
            }
        }
    }

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json")
        let data = try args.required("--data")
        guard let systems = try args.list("--systems"), !systems.isEmpty else { throw UsageError("missing --systems") }
        let alpha = try numbers(try args.list("--alpha"), "--alpha")
        let exponent = try args.number("--exponent")
        let unit = try args.option("--unit"), time = try args.option("--time")
        let cb = try numbers(try args.list("--coordination-bounds"), "--coordination-bounds"), cl = try args.list("--coordination-labels")
        let sb = try numbers(try args.list("--stage-bounds"), "--stage-bounds"), sl = try args.list("--stage-labels")
        let sync = try numbers(try args.list("--synchronous"), "--synchronous") ?? [0.8, 1.2]
        try args.finish()
        func classification(_ bounds: [Double]?, _ labels: [String]?, _ base: Classification) throws -> Classification {
            if bounds == nil && labels == nil { return base }
            let b = bounds ?? base.lowerBounds, l = labels ?? base.labels
            return try Classification(name: base.name, lowerBounds: b, labels: l)
        }
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let cc = try CouplingCoordination(table: table, systems: systems, weights: alpha, exponent: exponent, unit: unit, time: time,
                                          coordinationLevels: classification(cb, cl, .coordinationLevels),
                                          couplingStages: classification(sb, sl, .couplingStages), synchronousBand: sync)
        if json { try console.json(cc.rows) } else { console.text(cc.summary) }
        return ExitStatus.success
    }
}
