/// A parsed JSON value (RFC 8259), from a small parser of its own.
///
/// Foundation's parsers do not fit lossless weights files: `JSONSerialization` on Linux reads some doubles a few
/// ulps off, and `JSONDecoder` neither says where a syntax error is nor decodes untyped trees cheaply. This
/// parser reads numbers with `Double(String)` (correctly rounded), reports the line and column of any error,
/// limits nesting to ``maximumDepth`` (so recursion is bounded), and never traps.
///
/// Integers that fit in `Int` are kept as ``integer(_:)``, other numbers as ``number(_:)`` (an out-of-range
/// number such as `1e400` becomes an infinity, for the caller to reject with its context).
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    /// A JSON syntax error: what is wrong and its 1-based line.
    struct SyntaxError: Error, Equatable {
        let line: Int
        let message: String
    }

    /// Parses UTF-8 bytes holding exactly one JSON value (whitespace around it allowed, a byte-order mark ignored).
    static func parse<Bytes: Collection>(_ bytes: Bytes) -> Result<JSONValue, SyntaxError> where Bytes.Element == UInt8 {
        var p = Parser(Array(bytes))
        do throws(SyntaxError) {
            if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
            let v = try p.value(depth: 0)
            p.skipWhitespace()
            guard p.i == p.bytes.count else { throw p.error("unexpected content after the JSON value") }
            return .success(v)
        } catch {
            return .failure(error)
        }
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

    /// Recursive-descent parser over bytes; `i` is the read position.
    struct Parser {
        let bytes: [UInt8]
        var i = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> SyntaxError {
            // At the end of the text, point just after the last content rather than at trailing blank lines.
            var limit = min(i, bytes.count)
            if i >= bytes.count {
                while limit > 0, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[limit - 1]) { limit -= 1 }
            }
            var line = 1, column = 1, k = 0
            while k < limit {
                if bytes[k] == 0x0A { line += 1; column = 1 } else { column += 1 }
                k += 1
            }
            let at = i < bytes.count ? "" : " (at the end of the text)"
            return SyntaxError(line: line, message: message + ", line \(line), column \(column)" + at)
        }

        mutating func skipWhitespace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        func describeByte() -> String {
            guard i < bytes.count else { return "the end of the text" }
            let b = bytes[i]
            return (0x21...0x7E).contains(b) ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x" + String(b, radix: 16)
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            skipWhitespace()
            guard i < bytes.count else { throw error("expected a value but the text ends") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("expected a value, found \(describeByte())")
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let w = Array(word.utf8)
            guard bytes.count - i >= w.count, bytes[i..<(i + w.count)].elementsEqual(w) else { throw error("invalid literal, expected '\(word)'") }
            i += w.count
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONValue.maximumDepth else { throw error("arrays and objects nested more than \(JSONValue.maximumDepth) deep") }
            i += 1  // [
            var out = [JSONValue]()
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(out) }
            while true {
                out.append(try value(depth: depth))
                skipWhitespace()
                guard i < bytes.count else { throw error("unterminated array: expected ',' or ']'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(out) }
                throw error("expected ',' or ']' in an array, found \(describeByte())")
            }
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONValue.maximumDepth else { throw error("arrays and objects nested more than \(JSONValue.maximumDepth) deep") }
            i += 1  // {
            var out = [String: JSONValue]()
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(out) }
            while true {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key, found \(describeByte())") }
                let key = try string()
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after key \(WeightsFileText.quoted(key)), found \(describeByte())") }
                i += 1
                let v = try value(depth: depth)
                guard out.updateValue(v, forKey: key) == nil else { throw error("key \(WeightsFileText.quoted(key)) appears twice in an object") }
                skipWhitespace()
                guard i < bytes.count else { throw error("unterminated object: expected ',' or '}'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(out) }
                throw error("expected ',' or '}' in an object, found \(describeByte())")
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard bytes.count - i >= 4 else { throw error("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
                default: throw error("invalid hex digit in a \\u escape")
                }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }

        mutating func string() throws(SyntaxError) -> String {
            i += 1  // opening quote
            var out = [UInt8]()
            while true {
                guard i < bytes.count else { throw error("unterminated string") }
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    i += 1
                    guard i < bytes.count else { throw error("unterminated string") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                                throw error("unpaired surrogate in a \\u escape")
                            }
                            i += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in a \\u escape") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw error("unpaired surrogate in a \\u escape")
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                        out.append(contentsOf: String(scalar).utf8)
                    default:
                        i -= 1
                        throw error("invalid escape \\\(describeByte())")
                    }
                case 0x00..<0x20:
                    throw error("control character (byte 0x\(String(b, radix: 16))) inside a string")
                default:
                    out.append(b)
                    i += 1
                }
            }
        }

        mutating func number() throws(SyntaxError) -> JSONValue {
            let start = i
            var isInteger = true
            func digits() -> Int {
                let s = i
                while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                return i - s
            }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) else { throw error("invalid number: expected a digit") }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else { _ = digits() }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                isInteger = false
                i += 1
                guard digits() > 0 else { throw error("invalid number: expected a digit after '.'") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                isInteger = false
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw error("invalid number: expected a digit in the exponent") }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if isInteger, let v = Int(text) { return .integer(v) }
            guard let d = Double(text) else { throw error("invalid number \(WeightsFileText.quoted(text))") }
            return .number(d)
        }
    }
}
