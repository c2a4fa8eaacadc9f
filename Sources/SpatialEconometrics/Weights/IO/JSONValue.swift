import Foundation

/// A parsed JSON value, decoded with `JSONDecoder` so that numbers are read exactly (Foundation's
/// `JSONSerialization` on Linux can be a few ulps off, which would break lossless weights files).
///
/// Integers that fit in `Int` are kept as ``integer(_:)``; other numbers as ``number(_:)``. Nesting is bounded by
/// the decoder's depth limit, so decoding never recurses without bound.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var values = [JSONValue]()
            while !list.isAtEnd { values.append(try list.decode(JSONValue.self)) }
            self = .array(values)
        } else if let map = try? decoder.container(keyedBy: Key.self) {
            var values = [String: JSONValue]()
            for key in map.allKeys { values[key.stringValue] = try map.decode(JSONValue.self, forKey: key) }
            self = .object(values)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                self = .integer(i)
            } else if let d = try? c.decode(Double.self) {
                self = .number(d)
            } else {
                self = .string(try c.decode(String.self))
            }
        }
    }

    /// A JSON syntax error: what is wrong and its 1-based line (0 if unknown).
    struct SyntaxError: Error {
        let line: Int
        let message: String
    }

    /// Parses JSON bytes.
    static func parse(_ data: Data) -> Result<JSONValue, SyntaxError> {
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: data))
        } catch {
            // JSONDecoder does not say where; JSONSerialization does ("... around character 12.").
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
                return .failure(SyntaxError(line: line(ofReportedOffsetIn: detail, data: data), message: detail))
            }
            return .failure(SyntaxError(line: 0, message: "\(error)"))
        }
    }

    /// The 1-based line of the problem a JSONSerialization message reports: the byte offset it gives
    /// ("... around character 12."), the last line with content for "end of file" messages, or 0.
    static func line(ofReportedOffsetIn message: String, data: Data) -> Int {
        func line(atOffset offset: Int) -> Int {
            1 + data.prefix(max(0, min(offset, data.count))).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        if message.contains("end of file") {
            let lastContent = data.lastIndex { !(0x09...0x0D).contains($0) && $0 != 0x20 }
            return line(atOffset: lastContent.map { data.distance(from: data.startIndex, to: $0) } ?? 0)
        }
        guard let r = message.range(of: "around character ") else { return 0 }
        let digits = message[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard let offset = Int(digits) else { return 0 }
        return line(atOffset: offset)
    }

    /// The value as an integer: an integer, or a number with an exact `Int` value.
    var integer: Int? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int(exactly: d)
        default: return nil
        }
    }

    /// The value as a double: any number.
    var number: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// A short description for messages: `the string 'x'`, `the number 3`, `an array`, ...
    var summary: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer(let i): return "the number \(i)"
        case .number(let d): return "the number \(d)"
        case .string(let s): return "the string " + WeightsFileText.quoted(s)
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
