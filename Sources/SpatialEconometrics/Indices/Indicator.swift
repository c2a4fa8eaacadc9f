import Foundation

/// Whether more of an indicator is better (+) or worse (-).
public enum IndicatorDirection: String, Sendable, Codable, Equatable {
    /// More is better.
    case positive = "+"
    /// More is worse.
    case negative = "-"
}

/// One indicator of a composite index: a column and its direction.
public struct Indicator: Sendable, Codable, Equatable {
    /// The indicator's column.
    public let name: String
    /// Whether more is better (`+`) or worse (`-`).
    public let direction: IndicatorDirection

    /// An indicator column and its direction (positive by default).
    public init(_ name: String, _ direction: IndicatorDirection = .positive) {
        self.name = name
        self.direction = direction
    }

    /// Parses `"a:+,b:-,c"` (no sign means positive; `pos`/`neg` are accepted too).
    public static func parse(_ spec: String) throws(IndexError) -> [Indicator] {
        var out = [Indicator]()
        for part in spec.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let bits = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = bits[0]
            guard !name.isEmpty else { throw .invalidArgument("indicator without a name in '\(spec)'") }
            var dir = IndicatorDirection.positive
            if bits.count == 2 {
                switch bits[1].lowercased() {
                case "+", "pos", "positive": dir = .positive
                case "-", "neg", "negative": dir = .negative
                default: throw .invalidArgument("indicator '\(name)': direction must be + or -, not '\(bits[1])'")
                }
            }
            out.append(Indicator(name, dir))
        }
        guard !out.isEmpty else { throw .invalidArgument("no indicators in '\(spec)'") }
        return out
    }
}

/// A first-level dimension of an indicator system: a named group of indicators.
public struct IndicatorGroup: Sendable, Codable, Equatable {
    /// The dimension's name.
    public let name: String
    /// The names of the indicators in the dimension.
    public let indicators: [String]

    /// A dimension made of the named indicators.
    public init(_ name: String, indicators: [String]) {
        self.name = name
        self.indicators = indicators
    }

    /// Parses `"dim1=a,b;dim2=c"`.
    public static func parse(_ spec: String) throws(IndexError) -> [IndicatorGroup] {
        var out = [IndicatorGroup]()
        for part in spec.split(separator: ";") {
            let item = part.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let bits = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard bits.count == 2, !bits[0].isEmpty else { throw .invalidArgument("group '\(item)' must be written name=a,b") }
            let members = bits[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !members.isEmpty else { throw .invalidArgument("group '\(bits[0])' has no indicators") }
            out.append(IndicatorGroup(bits[0], indicators: members))
        }
        return out
    }
}
