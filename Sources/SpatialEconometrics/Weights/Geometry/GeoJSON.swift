import Foundation

extension PolygonFeature {
    /// Polygonal features from GeoJSON text (RFC 7946), parsed with `JSONSerialization`.
    ///
    /// Accepts a `FeatureCollection`, a single `Feature`, or a bare `Polygon` / `MultiPolygon` geometry.
    /// Every feature must have a `Polygon` or `MultiPolygon` geometry; positions may carry a third value
    /// (ignored). Rings need at least 4 positions once closed; an unclosed ring is closed by repeating its
    /// first position (RFC 7946 requires closed rings, but some writers omit the last position).
    ///
    /// Ids: the value of `idProperty` (string or number; `1.0` becomes `"1"`) when given, otherwise the
    /// feature's 0-based position (`"0"`, `"1"`, ... as libpysal's `use_index=True` on a default index).
    ///
    /// Numbers are read by `JSONSerialization`, which on Linux (swift-corelibs-foundation) may place a number
    /// written with 17 significant digits a few units in the last place away from the correctly rounded double
    /// (e.g. `8.5597000122070312`). The same text always gives the same value, so shared vertices still match
    /// exactly; centroids and distances move by ~1e-15 relative.
    ///
    /// Errors are ``WeightsError/malformed(source:line:reason:)`` (line 0: JSON has no useful line here) whose
    /// reason names the feature index and what is wrong: not JSON or truncated, no `features` array, no
    /// features, a geometry that is missing or not polygonal (its type is named), an empty polygon, a ring of
    /// fewer than 4 positions, a non-numeric or non-finite coordinate (including `NaN`, `Infinity` and `1e999`, which
/// JSON forbids but Python's `json` writes: the error names the feature, ring and position, not only "not valid
/// JSON"; such a value in a property is kept as its text), a missing id property; and
    /// ``WeightsError/duplicateId(_:)`` for repeated ids. Nothing in the input can make it trap.
    ///
    /// ```swift
    /// let features = try PolygonFeature.fromGeoJSON(data, idProperty: "POLYID")
    /// let w = try SpatialWeights.contiguity(features, rule: .queen)
    /// ```
    ///
    /// - Complexity: O(size of the input).
    public static func fromGeoJSON(_ data: Data, idProperty: String? = nil, source: String = "GeoJSON") throws(WeightsError) -> [PolygonFeature] {
        func fail(_ reason: String) -> WeightsError { .malformed(source: source, line: 0, reason: reason) }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            // Python's json (and so geopandas) writes NaN, Infinity and overflowing numbers, which JSON forbids: mark
            // them and parse again, so that the error can name the feature and position (a property keeps the text).
            if let marked = markingNonFiniteNumbers(data),
               let again = try? JSONSerialization.jsonObject(with: marked, options: [.fragmentsAllowed]) {
                root = again
            } else {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
                throw fail("not valid JSON (\(detail))")
            }
        }
        guard let object = root as? [String: Any] else { throw fail("the top level is not a JSON object") }
        let type = object["type"] as? String
        let rawFeatures: [Any]
        switch type {
        case "Feature":
            rawFeatures = [object]
        case "Polygon", "MultiPolygon":
            rawFeatures = [["type": "Feature", "geometry": object] as [String: Any]]
        case "FeatureCollection", nil:
            guard let list = object["features"] else {
                throw fail("no 'features' member (expected a FeatureCollection, a Feature or a Polygon/MultiPolygon)")
            }
            guard let array = list as? [Any] else { throw fail("'features' is not an array") }
            rawFeatures = array
        case let other?:
            throw fail("top-level type '\(other)' is not FeatureCollection, Feature, Polygon or MultiPolygon")
        }
        guard !rawFeatures.isEmpty else { throw fail("the collection has no features") }

        var features = [PolygonFeature]()
        features.reserveCapacity(rawFeatures.count)
        var seen = Set<String>()
        for (index, raw) in rawFeatures.enumerated() {
            let at = "feature index \(index)"
            guard let feature = raw as? [String: Any] else { throw fail("\(at) is not a JSON object") }
            var properties = [String: String]()
            if let props = feature["properties"], !(props is NSNull) {
                guard let dict = props as? [String: Any] else { throw fail("\(at): 'properties' is not an object") }
                for (key, value) in dict { properties[key] = jsonScalarString(value) }
            }
            let id: String
            if let name = idProperty {
                guard let value = (feature["properties"] as? [String: Any])?[name], !(value is NSNull) else {
                    throw fail("\(at) has no property '\(name)' for the id")
                }
                id = jsonScalarString(value)
            } else {
                id = String(index)
            }
            guard seen.insert(id).inserted else { throw .duplicateId(id) }
            guard let geometryValue = feature["geometry"], !(geometryValue is NSNull) else {
                throw fail("\(at) ('\(id)') has no geometry")
            }
            guard let geometry = geometryValue as? [String: Any] else { throw fail("\(at) ('\(id)'): 'geometry' is not an object") }
            let geometryType = geometry["type"] as? String ?? "(none)"
            guard let coordinates = geometry["coordinates"] else {
                if geometryType == "Polygon" || geometryType == "MultiPolygon" {
                    throw fail("\(at) ('\(id)'): \(geometryType) has no 'coordinates'")
                }
                throw fail("\(at) ('\(id)'): geometry type '\(geometryType)' is not Polygon or MultiPolygon")
            }
            let parts: [Polygon]
            switch geometryType {
            case "Polygon":
                parts = [try parsePolygon(coordinates, at: "\(at) ('\(id)'), Polygon", fail: fail)]
            case "MultiPolygon":
                guard let list = coordinates as? [Any] else { throw fail("\(at) ('\(id)'): MultiPolygon coordinates are not an array") }
                guard !list.isEmpty else { throw fail("\(at) ('\(id)'): empty MultiPolygon") }
                var ps = [Polygon]()
                for (p, polygon) in list.enumerated() {
                    ps.append(try parsePolygon(polygon, at: "\(at) ('\(id)'), MultiPolygon part \(p)", fail: fail))
                }
                parts = ps
            default:
                throw fail("\(at) ('\(id)'): geometry type '\(geometryType)' is not Polygon or MultiPolygon")
            }
            features.append(PolygonFeature(id: id, properties: properties, parts: parts))
        }
        return features
    }

    /// Polygonal features from a GeoJSON file; see ``fromGeoJSON(_:idProperty:source:)``.
    public static func fromGeoJSON(contentsOf url: URL, idProperty: String? = nil) throws(WeightsError) -> [PolygonFeature] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .malformed(source: url.lastPathComponent, line: 0, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try fromGeoJSON(data, idProperty: idProperty, source: url.lastPathComponent)
    }

    private static func parsePolygon(_ value: Any, at: String, fail: (String) -> WeightsError) throws(WeightsError) -> Polygon {
        guard let rings = value as? [Any] else { throw fail("\(at): coordinates are not an array of rings") }
        guard !rings.isEmpty else { throw fail("\(at): empty polygon (no ring)") }
        var parsed = [[Point2D]]()
        parsed.reserveCapacity(rings.count)
        for (r, ringValue) in rings.enumerated() {
            let ringAt = "\(at), ring \(r)"
            guard let positions = ringValue as? [Any] else { throw fail("\(ringAt) is not an array of positions") }
            var ring = [Point2D]()
            ring.reserveCapacity(positions.count + 1)
            for (k, positionValue) in positions.enumerated() {
                guard let position = positionValue as? [Any], position.count >= 2 else {
                    throw fail("\(ringAt), position \(k) is not an array of at least two numbers")
                }
                if let bad = position.prefix(2).compactMap(nonFiniteMark).first {
                    throw fail("\(ringAt), position \(k): non-finite coordinate (\(bad)); coordinates must be finite numbers")
                }
                guard let x = jsonNumber(position[0]), let y = jsonNumber(position[1]) else {
                    throw fail("\(ringAt), position \(k): non-numeric coordinate")
                }
                guard x.isFinite, y.isFinite else { throw fail("\(ringAt), position \(k): non-finite coordinate (\(x), \(y)); coordinates must be finite numbers") }
                ring.append(Point2D(x, y))
            }
            if let first = ring.first, let last = ring.last, first != last { ring.append(first) }
            guard ring.count >= 4 else {
                throw fail("\(ringAt) has \(positions.count) position\(positions.count == 1 ? "" : "s"); a ring needs at least 4 (closed)")
            }
            parsed.append(ring)
        }
        return Polygon(exterior: parsed[0], holes: Array(parsed.dropFirst()))
    }
}

/// The prefix that ``markingNonFiniteNumbers(_:)`` puts before the text of a non-finite number (U+0001, which a JSON
/// string can hold only escaped, so no real string value is mistaken for a mark).
private let nonFinitePrefix = "\u{1}"

/// The original text (`NaN`, `-Infinity`, `1e999`) of a value marked by ``markingNonFiniteNumbers(_:)``, if it is one.
func nonFiniteMark(_ value: Any) -> String? {
    guard let s = value as? String, s.hasPrefix(nonFinitePrefix) else { return nil }
    return String(s.dropFirst())
}

/// JSON text with every `NaN`, `Infinity`, `-Infinity` and overflowing number (`1e999`) outside strings replaced by a
/// string holding U+0001 and its text, or `nil` when there is none. Only called after `JSONSerialization` failed.
///
/// - Complexity: O(size of the input).
func markingNonFiniteNumbers(_ data: Data) -> Data? {
    let bytes = [UInt8](data)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count + 64)
    let words = [Array("NaN".utf8), Array("Infinity".utf8), Array("-Infinity".utf8)]
    var i = 0, inString = false, marked = false
    func mark(_ text: ArraySlice<UInt8>) {
        out.append(contentsOf: Array("\"\\u0001".utf8)); out.append(contentsOf: text); out.append(UInt8(ascii: "\""))
        marked = true
    }
    while i < bytes.count {
        let b = bytes[i]
        if inString {
            out.append(b)
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count { out.append(bytes[i + 1]); i += 2; continue }
            if b == UInt8(ascii: "\"") { inString = false }
            i += 1
            continue
        }
        if b == UInt8(ascii: "\"") { inString = true; out.append(b); i += 1; continue }
        if let word = words.first(where: { bytes[i...].starts(with: $0) }) {
            mark(bytes[i..<(i + word.count)]); i += word.count
            continue
        }
        if b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) {
            var j = i + 1
            while j < bytes.count, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(bytes[j]) { j += 1 }
            let token = bytes[i..<j]
            if let v = Double(String(decoding: token, as: UTF8.self)), v.isInfinite { mark(token) } else { out.append(contentsOf: token) }
            i = j
            continue
        }
        out.append(b)
        i += 1
    }
    return marked ? Data(out) : nil
}

/// The number in a JSON value (not a boolean), if any.
func jsonNumber(_ value: Any) -> Double? {
    guard let n = value as? NSNumber, !isJSONBoolean(n) else { return nil }
    return n.doubleValue
}

private let jsonBooleanType = type(of: NSNumber(value: true))

func isJSONBoolean(_ n: NSNumber) -> Bool {
    type(of: n) == jsonBooleanType || String(cString: n.objCType) == "c"
}

/// A JSON scalar as text: strings as is, integral numbers without a decimal point, other numbers in shortest
/// round-trip form, booleans as `true`/`false`, null as "", arrays and objects as compact JSON.
func jsonScalarString(_ value: Any) -> String {
    switch value {
    case let s as String:
        return nonFiniteMark(s) ?? s
    case let n as NSNumber:
        if isJSONBoolean(n) { return n.boolValue ? "true" : "false" }
        let type = String(cString: n.objCType)
        if type == "Q" { return n.stringValue }
        if type != "d" && type != "f" { return String(n.int64Value) }
        let d = n.doubleValue
        if d.isFinite, d == d.rounded(), abs(d) < 9.007199254740992e15 { return String(Int64(d)) }
        return "\(d)"
    case is NSNull:
        return ""
    default:
        if JSONSerialization.isValidJSONObject(value),
           let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]),
           let text = String(data: data, encoding: .utf8) {
            return text
        }
        return "\(value)"
    }
}
