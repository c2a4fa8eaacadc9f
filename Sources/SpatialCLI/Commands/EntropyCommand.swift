import Foundation
import SpatialEconometrics

/// `spatial entropy ...`: entropy-weight composite index of a cross-section or panel.
enum EntropyCommand: Subcommand {
    static let name = "entropy"
    static let summary = "composite index: entropy (or equal) weights, dimension sub-indices, entropy-TOPSIS; panel gap filling"
    static let help = """
        usage: spatial entropy --data F --indicators a:+,b:-,c:+ [--unit ID --time T] [--per-period] [--shift S]
                               [--groups "dim1=a,b;dim2=c"] [--weighting entropy|equal] [--normalization min-max|ratio]
                               [--topsis] [--fill-gaps linear|nearest] [--out SCORES.csv] [--json]
          --indicators LIST   columns with their direction: + more is better, - less is better
          --unit, --time      read a balanced panel; by default all units and years are normalised together
          --per-period        weights computed year by year instead
          --shift S           added to the normalised values before p_ij = x'_ij / sum x'_ij (default 0.0001);
                              --shift 0 uses the convention 0 ln 0 = 0. Scores use the unshifted values.
          --groups SPEC       first-level dimensions: their summed weights and sub-index scores
          --weighting W       entropy (default) or equal weights
          --normalization N   min-max (default): (x-min)/(max-min), (max-x)/(max-min); ratio: x/max, min/x
          --topsis            also the entropy-TOPSIS closeness score
          --fill-gaps E       fill missing cells first: linear interpolation inside a unit's series, E (linear or
                              nearest) extrapolation at its ends; every filled cell is listed. Default: an error
          --out F             write the scores (and each dimension's score and 0-1 index) as CSV
        JSON: {"weights":[{"indicator","weight","entropy","divergence",...}],
               "scores":[{"unit","time","score","<group>":...,"group_indices":{...}}],"group_weights":[...],"filled":[...]}
        """

    static func run(_ args: inout Arguments, _ context: CommandContext) throws -> Int32 {
        let console = context.console
        let json = args.flag("--json"), perPeriod = args.flag("--per-period"), topsis = args.flag("--topsis")
        let data = try args.required("--data"), spec = try args.required("--indicators")
        let unit = try args.option("--unit"), time = try args.option("--time")
        let shift = try args.number("--shift") ?? EntropyOptions.defaultShift
        let groupSpec = try args.option("--groups")
        let weighting = try args.choice("--weighting", EntropyOptions.Weighting.allCases.map(\.rawValue), default: "entropy")
        let normalization = try args.choice("--normalization", EntropyOptions.Normalization.allCases.map(\.rawValue), default: "min-max")
        let fill = try args.option("--fill-gaps")
        let out = try args.option("--out")
        try args.finish()
        if perPeriod && time == nil { throw UsageError("--per-period needs --time") }
        var gap: PanelGapFilling?
        if let fill {
            guard let e = PanelGapFilling.Extrapolation(rawValue: fill), e != .none else { throw UsageError("--fill-gaps must be linear or nearest, not '\(fill)'") }
            guard unit != nil, time != nil else { throw UsageError("--fill-gaps needs --unit and --time") }
            gap = PanelGapFilling(extrapolation: e)
        }
        let options = EntropyOptions(shift: shift, normalization: EntropyOptions.Normalization(rawValue: normalization) ?? .minMax,
                                     weighting: EntropyOptions.Weighting(rawValue: weighting) ?? .entropy, perPeriod: perPeriod, topsis: topsis)
        let table = try DataTable(contentsOf: URL(fileURLWithPath: data))
        let index = try CompositeIndex(table: table, indicators: Indicator.parse(spec), unit: unit, time: time,
                                       groups: groupSpec.map { try IndicatorGroup.parse($0) } ?? [], options: options, gapFilling: gap)
        if let out { try scoresCSV(index).write(toFile: out, atomically: true, encoding: .utf8) }
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
