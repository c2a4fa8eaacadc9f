import Foundation
import SpatialEconometrics

/// `spatial entropy ...`: entropy-weight composite index of a cross-section or panel.
struct EntropyCommand: Command {
    static let name = "entropy"
    static let summary = "composite index: entropy (or equal) weights, dimension sub-indices, entropy-TOPSIS; panel gap filling"
    static let synopsis = [
        "--data F --indicators a:+,b:-,c:+ [--unit ID --time T] [--per-period] [--shift S]",
        "   [--groups \"dim1=a,b;dim2=c\"] [--weighting entropy|equal] [--normalization min-max|ratio]",
        "   [--topsis] [--fill-gaps linear|nearest] [--out SCORES.csv] [--json]",
    ]
    static let groups = [
        SharedOptions.dataGroup(Option("--indicators", .value, "LIST", help: "columns with their direction: + more is better, - less is better")),
        OptionGroup("Panel", [
            SharedOptions.unit.with(help: "the units' column: with --time, a balanced panel whose units and years are by default normalised together"),
            SharedOptions.time,
            Option("--per-period", .flag, help: "weights computed period by period instead (needs --time)"),
            Option("--fill-gaps", .value, "E", help: """
                fill missing cells first (needs --unit and --time): linear interpolation inside a unit's series, E (linear or \
                nearest) extrapolation at its ends; every filled cell is listed. Without it a missing cell is an error
                """),
        ]),
        OptionGroup("Method", [
            Option("--shift", .number, "S", default: "\(EntropyOptions.defaultShift)", help: """
                added to the normalised values before p_ij = x'_ij / sum x'_ij; --shift 0 uses the convention 0 ln 0 = 0. \
                Scores use the unshifted values
                """),
            Option("--groups", .value, "SPEC", help: "first-level dimensions (\"dim1=a,b;dim2=c\"): their summed weights and sub-index scores"),
            Option("--weighting", .choice(EntropyOptions.Weighting.allCases.map(\.rawValue)), "W", default: "entropy", help: "entropy or equal weights"),
            Option("--normalization", .choice(EntropyOptions.Normalization.allCases.map(\.rawValue)), "N", default: "min-max",
                   help: "min-max: (x-min)/(max-min), (max-x)/(max-min); ratio: x/max, min/x"),
            Option("--topsis", .flag, help: "also the entropy-TOPSIS closeness score"),
        ]),
        OptionGroup("Output", [
            Option("--out", .value, "F", help: "write the scores (and each dimension's score and 0-1 index) as CSV"),
            SharedOptions.json,
        ]),
    ]
    static let notes = """
        JSON: {"weights":[{"indicator","weight","entropy","divergence",...}],
               "scores":[{"unit","time","score","<group>":...,"group_indices":{...}}],"group_weights":[...],"filled":[...]}
        """

    let json: Bool, perPeriod: Bool, topsis: Bool
    let data: String, spec: String, unit: String?, time: String?
    let shift: Double, groupSpec: String?
    let weighting: EntropyOptions.Weighting, normalization: EntropyOptions.Normalization
    let gapFilling: PanelGapFilling?
    let out: String?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        perPeriod = try o.flag("--per-period")
        topsis = try o.flag("--topsis")
        data = try o.required("--data")
        spec = try o.required("--indicators")
        unit = try o.given("--unit")
        time = try o.given("--time")
        shift = try o.number("--shift") ?? EntropyOptions.defaultShift
        groupSpec = try o.given("--groups")
        weighting = EntropyOptions.Weighting(rawValue: try o.choice("--weighting")) ?? .entropy
        normalization = EntropyOptions.Normalization(rawValue: try o.choice("--normalization")) ?? .minMax
        let fill = try o.given("--fill-gaps")
        out = try o.given("--out")
        if perPeriod && time == nil { throw .invalid("--per-period", message: "--per-period needs --time") }
        if let fill {
            guard let e = PanelGapFilling.Extrapolation(rawValue: fill), e != .none else {
                throw .invalid("--fill-gaps", message: "--fill-gaps must be linear or nearest, not '\(fill)'")
            }
            guard unit != nil, time != nil else { throw .invalid("--fill-gaps", message: "--fill-gaps needs --unit and --time") }
            gapFilling = PanelGapFilling(extrapolation: e)
        } else {
            gapFilling = nil
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let options = EntropyOptions(shift: shift, normalization: normalization, weighting: weighting, perPeriod: perPeriod, topsis: topsis)
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let indicators = try Indicator.parse(spec), groups = try groupSpec.map { try IndicatorGroup.parse($0) } ?? []
        let index: CompositeIndex
        if let unit, let time {
            index = try CompositeIndex(panel: Panel(table: table, unit: unit, time: time), indicators: indicators, groups: groups, options: options,
                                       gapFilling: gapFilling)
        } else {
            // A cross-section, or (--time alone) rows grouped by period that need not form a balanced panel.
            index = try CompositeIndex(table: table, indicators: indicators, unit: unit, by: time, groups: groups, options: options)
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
