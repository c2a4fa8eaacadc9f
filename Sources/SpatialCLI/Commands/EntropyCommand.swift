import Foundation
import SpatialEconometrics

/// `spatial entropy ...`: composite index (entropy, equal, CV, CRITIC or combined weights) of a cross-section or panel.
struct EntropyCommand: Command {
    static let name = "entropy"
    static let summary = "composite index: entropy, equal, CV or CRITIC weights (or combined), dimension sub-indices, entropy-TOPSIS; panel gap filling"
    static let synopsis = [
        "--data F --indicators a:+,b:-,c:+ [--unit ID --time T] [--per-period] [--shift S]",
        "   [--groups \"dim1=a,b;dim2=c\"] [--weighting entropy|equal|cv|critic|improved-critic] [--normalization min-max|ratio]",
        "   [--cv-basis raw|normalized] [--critic-conflict signed|absolute]",
        "   [--combine multiplicative|linear|game-theory (--combine-with critic[,cv,...] | --given-weights a=W,...) [--combine-alpha A | --combine-shares C1,C2,...]]",
        "   [--topsis] [--fill-gaps linear|nearest] [--out SCORES.csv] [--json]",
    ]
    static let groups = SharedOptions.indexGroups() + [
        OptionGroup("Method", [Option("--topsis", .flag, help: "also the TOPSIS closeness score (with the chosen weights)")]),
        OptionGroup("Output", [
            Option("--out", .value, "F", help: "write the scores (and each dimension's score and 0-1 index) as CSV"),
            SharedOptions.json,
        ]),
    ]
    static let notes = """
        JSON: {"weights":[{"indicator","weight","entropy","divergence","sd","cv","conflict","information",
               "first_weight","second_weight","set_weights",...}],"scores":[{"unit","time","score","<group>":...,"group_indices":{...}}],
               "group_weights":[...],"combination_coefficients":[{"time","coefficients"}],"filled":[...]}
        """

    let json: Bool, topsis: Bool
    let input: IndexInput
    let out: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        topsis = try o.flag("--topsis")
        input = try IndexInput(&o, topsis: topsis)
        out = try o.given("--out")
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let table = try input.table()
        let indicators = try input.indicators(), groups = try input.groups()
        let index: CompositeIndex
        if let panel = try input.panel(table) {
            index = try CompositeIndex(panel: panel, indicators: indicators, groups: groups, options: input.options, gapFilling: input.gapFilling)
        } else {
            // A cross-section, or (--time alone) rows grouped by period that need not form a balanced panel.
            index = try CompositeIndex(table: table, indicators: indicators, unit: input.unit, by: input.time, groups: groups, options: input.options)
        }
        if let out { try Self.scoresCSV(index).write(toFile: out, atomically: true, encoding: .utf8) }
        if json {
            try console.json(index)
        } else {
            console.text(index.summary + (out.map { "\n\nscores written to \($0)" } ?? ""))
        }
        for f in index.filled where json { console.warning("filled \(f.variable) of unit \(f.unit) in \(f.period) by \(f.method.rawValue): \(f.value)") }
        return ExitStatus.success
    }

    /// unit,time,score,<group>,<group>_index,...,topsis
    static func scoresCSV(_ index: CompositeIndex) -> String {
        func cell(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var header = ["unit", "time", "score"]
        for g in index.groups { header += [g.name, g.name + "_index"] }
        if index.options.topsis { header.append("topsis") }
        var lines = [header.map(cell).joined(separator: ",")]
        for s in index.scores {
            var row = [s.unit ?? "", s.time ?? "", "\(s.score)"]
            for g in index.groups { row += ["\(s.groups[g.name] ?? 0)", "\(s.groupIndices[g.name] ?? 0)"] }
            if let t = s.topsis { row.append("\(t)") }
            lines.append(row.map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
