import Foundation
import SpatialEconometrics

/// The indicator system and weighting options shared by `entropy`, `obstacle` and `grey`, read the same way
/// everywhere (declared once in ``SharedOptions/indexGroups``): the data, `--indicators`, the panel columns, gap
/// filling, and the weighting (`--weighting`, `--normalization`, `--shift`, `--groups`, `--cv-basis`,
/// `--critic-conflict`, `--combine` with `--combine-with` (one or more methods) or `--given-weights` and
/// `--combine-alpha` or `--combine-shares`).
struct IndexInput: Sendable {
    let data: String, spec: String, unit: String?, time: String?
    let groupSpec: String?
    let options: EntropyOptions
    let gapFilling: PanelGapFilling?

    /// Reads the options; `topsis` is the entropy command's flag (the others have none).
    init(_ o: inout ParsedOptions, topsis: Bool = false, dimensions: Bool = true) throws(UsageError) {
        data = try o.required("--data")
        spec = try o.required("--indicators")
        unit = try o.given("--unit")
        time = try o.given("--time")
        let perPeriod = try o.flag("--per-period")
        let shift = try o.number("--shift") ?? EntropyOptions.defaultShift
        groupSpec = dimensions ? try o.given("--groups") : nil
        let weighting = EntropyOptions.Weighting(rawValue: try o.choice("--weighting")) ?? .entropy
        let normalization = EntropyOptions.Normalization(rawValue: try o.choice("--normalization")) ?? .minMax
        let cvBasis = EntropyOptions.CVBasis(rawValue: try o.choice("--cv-basis")) ?? .raw
        let conflict = EntropyOptions.CriticConflict(rawValue: try o.choice("--critic-conflict")) ?? .signed
        let rule = try o.given("--combine").flatMap(WeightCombination.Rule.init(rawValue:))
        let with = try o.list("--combine-with").map { (items) throws(UsageError) -> [EntropyOptions.Weighting] in
            var methods = [EntropyOptions.Weighting]()
            for item in items {
                guard let m = EntropyOptions.Weighting(rawValue: item) else {
                    throw .invalid("--combine-with", message: "--combine-with takes \(EntropyOptions.Weighting.allCases.map(\.rawValue).joined(separator: ", ")), not '\(item)'")
                }
                methods.append(m)
            }
            return methods
        }
        let given = try o.list("--given-weights")
        let alphaGiven = o.has("--combine-alpha")
        let alpha = try o.number("--combine-alpha")
        let shares = try o.list("--combine-shares").map { (items) throws(UsageError) -> [Double] in
            var out = [Double]()
            for item in items {
                guard let v = Double(item), v.isFinite else { throw .notANumber("--combine-shares", value: item) }
                out.append(v)
            }
            return out
        }
        var combination: WeightCombination?
        if let rule {
            if shares != nil && rule != .linear { throw .inapplicable("--combine-shares", message: "--combine-shares applies to --combine linear only") }
            if shares != nil && alphaGiven { throw .invalid("--combine-shares", message: "give --combine-shares or --combine-alpha, not both") }
            switch (with, given) {
            case (let methods?, nil): combination = WeightCombination(with: methods, rule: rule, alpha: alpha ?? 0.5, shares: shares)
            case (nil, let items?):
                if shares != nil { throw .invalid("--combine-shares", message: "--given-weights is one second set: use --combine-alpha") }
                var weights = [String: Double]()
                for item in items {
                    let bits = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard bits.count == 2, !bits[0].isEmpty else { throw .invalid("--given-weights", message: "--given-weights takes name=weight items, not '\(item)'") }
                    guard let v = Double(bits[1]), v.isFinite else { throw .notANumber("--given-weights", value: bits[1]) }
                    weights[bits[0]] = v
                }
                combination = WeightCombination(given: weights, rule: rule, alpha: alpha ?? 0.5)
            case (.some, .some): throw .invalid("--combine-with", message: "--combine takes --combine-with or --given-weights, not both")
            case (nil, nil): throw .invalid("--combine", message: "--combine needs the second set: --combine-with critic|cv|entropy|equal or --given-weights a=W,b=W")
            }
            if alphaGiven && rule != .linear { throw .inapplicable("--combine-alpha", message: "--combine-alpha applies to --combine linear only") }
        } else {
            for name in ["--combine-with", "--given-weights", "--combine-shares"] where o.has(name) {
                throw .invalid(name, message: "\(name) needs --combine multiplicative|linear|game-theory")
            }
            if alphaGiven {
                let name = "--combine-alpha"
                throw .invalid(name, message: "\(name) needs --combine multiplicative|linear|game-theory")
            }
        }
        if perPeriod && time == nil { throw .invalid("--per-period", message: "--per-period needs --time") }
        options = EntropyOptions(shift: shift, normalization: normalization, weighting: weighting, perPeriod: perPeriod, topsis: topsis,
                                 cvBasis: cvBasis, criticConflict: conflict, combination: combination)
        if let fill = try o.given("--fill-gaps") {
            guard let e = PanelGapFilling.Extrapolation(rawValue: fill), e != .none else {
                throw .invalid("--fill-gaps", message: "--fill-gaps must be linear or nearest, not '\(fill)'")
            }
            guard unit != nil, time != nil else { throw .invalid("--fill-gaps", message: "--fill-gaps needs --unit and --time") }
            gapFilling = PanelGapFilling(extrapolation: e)
        } else {
            gapFilling = nil
        }
    }

    func table() throws -> DataTable { try DataTable(contentsOf: URL(fileURLWithPath: data)) }
    func indicators() throws -> [Indicator] { try Indicator.parse(spec) }
    func groups() throws -> [IndicatorGroup] { try groupSpec.map { try IndicatorGroup.parse($0) } ?? [] }

    /// A balanced panel with --unit and --time; otherwise `nil` (a cross-section, or rows grouped by --time).
    func panel(_ table: DataTable) throws -> Panel? {
        guard let unit, let time else { return nil }
        return try Panel(table: table, unit: unit, time: time)
    }
}
