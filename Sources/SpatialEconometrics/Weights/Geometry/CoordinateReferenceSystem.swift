import Foundation

/// What a layer's coordinates measure, as far as a map's scale bar needs to know: longitude/latitude degrees, or
/// projected lengths in a linear unit.
///
/// Read from a shapefile's `.prj` file (a WKT text, OGC 01-009 "WKT 1" as ESRI writes it, or ISO 19162 "WKT 2") by
/// ``init(wkt:)``; only the top-level keyword and the linear unit are looked at, so no datum, ellipsoid or
/// projection is interpreted:
/// - `GEOGCS` (WKT 2: `GEOGCRS`, `GEODCRS`, `GEOGRAPHICCRS`) at the top level: ``geographic``;
/// - `PROJCS` (WKT 2: `PROJCRS`, `PROJECTEDCRS`): ``projected(unitMetres:)`` with the metres per unit of its own
///   `UNIT` (WKT 2: `LENGTHUNIT`), e.g. 1 for metres, 0.3048 for the international foot, 0.3048006096012192 for
///   the US survey foot; the `UNIT` inside its base `GEOGCS` (angular) is not the projection's;
/// - a compound system (`COMPD_CS`, `COMPOUNDCRS`): its first horizontal member;
/// - anything else (local or vertical systems, an empty file, text that is not WKT, a projected system without a
///   positive finite unit): ``unknown``. Malformed text never traps.
///
/// ```swift
/// let crs = CoordinateReferenceSystem(wkt: #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]"#)
/// // crs == .geographic
/// ```
public enum CoordinateReferenceSystem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Longitude and latitude in degrees.
    case geographic
    /// Planar coordinates; `unitMetres` is the length of one coordinate unit in metres.
    case projected(unitMetres: Double)
    /// Not known (no `.prj`, or one that could not be classified).
    case unknown

    /// Classifies a WKT text (see the type's description); never traps.
    public init(wkt: String) {
        guard let node = WKTNode.parse(wkt) else { self = .unknown; return }
        self = Self.classify(node)
    }

    /// The system of a `.prj` file; ``unknown`` when the file is missing or unreadable.
    public init(contentsOfPrj url: URL) {
        guard let data = try? Data(contentsOf: url) else { self = .unknown; return }
        self.init(wkt: String(decoding: data, as: UTF8.self))
    }

    /// A short description for a map's note ("degrees", "projected, metres", "projected, US survey feet").
    public var description: String {
        switch self {
        case .geographic: return "degrees"
        case .projected(let m):
            if abs(m - 1) < 1e-12 { return "projected, metres" }
            if abs(m - 0.3048) < 1e-9 { return "projected, feet" }
            if abs(m - 1200.0 / 3937.0) < 1e-9 { return "projected, US survey feet" }
            if abs(m - 1000) < 1e-9 { return "projected, kilometres" }
            return "projected, units of \(m) m"
        case .unknown: return "unknown"
        }
    }

    static func classify(_ node: WKTNode) -> CoordinateReferenceSystem {
        switch node.keyword {
        case "GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS", "GEODETICCRS":
            return .geographic
        case "PROJCS", "PROJCRS", "PROJECTEDCRS":
            // WKT 1: the UNIT that is a direct child (the base GEOGCS holds the angular one). WKT 2: a LENGTHUNIT
            // or UNIT outside the base geographic system (directly, or in the CS's axes).
            let base: Set<String> = ["GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS", "GEODCRS"]
            func unit(_ n: WKTNode) -> Double? {
                for child in n.children {
                    if child.keyword == "UNIT" || child.keyword == "LENGTHUNIT", let f = child.numbers.first, f.isFinite, f > 0 { return f }
                }
                for child in n.children where !base.contains(child.keyword) {
                    if let f = unit(child) { return f }
                }
                return nil
            }
            guard let metres = unit(node) else { return .unknown }
            return .projected(unitMetres: metres)
        case "COMPD_CS", "COMPOUNDCRS":
            for child in node.children {
                let c = classify(child)
                if c != .unknown { return c }
            }
            return .unknown
        default:
            return .unknown
        }
    }
}

/// One `KEYWORD[...]` of a WKT text: its quoted strings and numbers (in order) and its nested nodes.
struct WKTNode {
    var keyword: String
    var strings: [String] = []
    var numbers: [Double] = []
    var children: [WKTNode] = []

    /// The first node of `text`, or `nil` for text that is not WKT (unbalanced brackets, no keyword). Nesting is
    /// limited to 64 levels, so hostile input cannot exhaust the stack.
    static func parse(_ text: String) -> WKTNode? {
        var chars = Array(text.unicodeScalars)[...]
        return node(&chars, depth: 0)
    }

    private static func skipSpace(_ s: inout ArraySlice<Unicode.Scalar>) {
        while let c = s.first, c.properties.isWhitespace { s.removeFirst() }
    }

    private static func node(_ s: inout ArraySlice<Unicode.Scalar>, depth: Int) -> WKTNode? {
        guard depth < 64 else { return nil }
        skipSpace(&s)
        var keyword = ""
        while let c = s.first, c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
            keyword.unicodeScalars.append(c)
            s.removeFirst()
        }
        guard !keyword.isEmpty else { return nil }
        skipSpace(&s)
        guard let open = s.first, open == "[" || open == "(" else { return nil }
        let close: Unicode.Scalar = open == "[" ? "]" : ")"
        s.removeFirst()
        var result = WKTNode(keyword: keyword.uppercased())
        while true {
            skipSpace(&s)
            guard let c = s.first else { return nil }
            if c == close { s.removeFirst(); return result }
            if c == "," { s.removeFirst(); continue }
            if c == "\"" {
                s.removeFirst()
                var str = ""
                while true {
                    guard let d = s.first else { return nil }
                    s.removeFirst()
                    if d == "\"" {
                        // WKT 2 doubles a quote inside a string.
                        if s.first == "\"" { str.unicodeScalars.append("\""); s.removeFirst(); continue }
                        break
                    }
                    str.unicodeScalars.append(d)
                }
                result.strings.append(str)
            } else if c == "-" || c == "+" || c == "." || ("0"..."9").contains(c) {
                var num = ""
                while let d = s.first, d == "-" || d == "+" || d == "." || d == "e" || d == "E" || ("0"..."9").contains(d) {
                    num.unicodeScalars.append(d)
                    s.removeFirst()
                }
                guard let v = Double(num) else { return nil }
                result.numbers.append(v)
            } else if c.properties.isAlphabetic {
                // A nested node, or a bare enumeration word (WKT 1 AXIS["X",EAST]).
                var probe = s
                if let child = node(&probe, depth: depth + 1) {
                    result.children.append(child)
                    s = probe
                } else {
                    var word = ""
                    while let d = s.first, d.properties.isAlphabetic || d == "_" || ("0"..."9").contains(d) {
                        word.unicodeScalars.append(d)
                        s.removeFirst()
                    }
                    skipSpace(&s)
                    guard let next = s.first, next == "," || next == close else { return nil }
                    result.strings.append(word)
                }
            } else {
                return nil
            }
        }
    }
}
