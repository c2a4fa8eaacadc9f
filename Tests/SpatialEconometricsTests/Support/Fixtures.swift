import Foundation
import Testing

/// Locates files under `Tests/SpatialEconometricsTests/Fixtures` (copied into the test bundle).
enum Fixtures {
    static var root: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    /// `path` decoded as `T` by `JSONDecoder`; a missing key or a wrong type throws a ``FixtureError`` naming the file
    /// and the key path (a bare `DecodingError` names neither the file nor, readably, the path).
    static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: url(path)) } catch { throw FixtureError(file: path, path: "", problem: "cannot read the file: \(error)") }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError {
            throw FixtureError(file: path, decoding: error)
        }
    }
}

/// A fixture value that is missing, of the wrong type, or not a number: names the file and the key path.
struct FixtureError: Error, CustomStringConvertible {
    let file: String
    let path: String
    let problem: String

    var description: String { "fixture \(file), \(path.isEmpty ? "top level" : path): \(problem)" }

    init(file: String, path: String, problem: String) {
        self.file = file; self.path = path; self.problem = problem
    }

    init(file: String, decoding error: DecodingError) {
        func render(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(file: file, path: render(context.codingPath + [key]), problem: "missing key")
        case .valueNotFound(let type, let context):
            self.init(file: file, path: render(context.codingPath), problem: "null where a \(type) is needed")
        case .typeMismatch(let type, let context):
            self.init(file: file, path: render(context.codingPath), problem: "not a \(type): \(context.debugDescription)")
        case .dataCorrupted(let context):
            self.init(file: file, path: render(context.codingPath), problem: "invalid JSON: \(context.debugDescription)")
        @unknown default:
            self.init(file: file, path: "", problem: "\(error)")
        }
    }
}

/// A node of a fixture JSON file, with the file and the key path it was reached by.
///
/// Subscripting never fails: a missing key or index gives a node that remembers where it was looked for. The typed
/// accessors (``number(allowNaN:)``, ``numbers(allowNaN:)``, ``string()``, ``entries()``, ...) throw a
/// ``FixtureError`` naming the file and the path when the value is missing, has another type, or is not a finite
/// number, so that a renamed or absent reference value fails the test that needs it instead of becoming NaN (and a
/// loop over a missing list fails instead of running zero times).
///
/// Read with `JSONDecoder` (not `JSONSerialization`, which on Linux rounds some 17-digit numbers a few ulps off).
/// R's `NA` arrives as `null` and Python's NaN as the string "NaN" (`reference/py/scripts/common.py`): both are
/// numbers only with `allowNaN: true`.
struct FixtureJSON: Sendable, CustomStringConvertible {
    indirect enum Node: Decodable, Sendable {
        case null, bool(Bool), number(Double), string(String), array([Node]), object([String: Node])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([Node].self) { self = .array(a) }
            else { self = .object(try c.decode([String: Node].self)) }
        }

        var kind: String {
            switch self {
            case .null: return "null"
            case .bool: return "a boolean"
            case .number: return "a number"
            case .string: return "a string"
            case .array: return "an array"
            case .object: return "an object"
            }
        }
    }

    /// The fixture's path under `Fixtures/`.
    let file: String
    /// The key path from the top of the file, e.g. `results.SAR.coefficients.INC.Estimate` or `years[3]`.
    let path: String
    /// `nil`: no such key or index.
    let node: Node?

    /// The whole file `path` (under `Fixtures/`).
    init(_ path: String) throws {
        file = path
        self.path = ""
        node = try Fixtures.decode(Node.self, path)
    }

    init(file: String, path: String, node: Node?) {
        self.file = file; self.path = path; self.node = node
    }

    var description: String { "\(file) \(path.isEmpty ? "top level" : path)" }

    func error(_ problem: String) -> FixtureError { FixtureError(file: file, path: path, problem: problem) }

    /// The member `key` of an object (missing, or this node is not an object: a node that fails when read).
    subscript(_ key: String) -> FixtureJSON {
        let child: Node?
        if case .object(let o)? = node { child = o[key] } else { child = nil }
        return FixtureJSON(file: file, path: path.isEmpty ? key : path + "." + key, node: child)
    }

    /// `self[a][b]...`.
    subscript(_ first: String, _ rest: String...) -> FixtureJSON { rest.reduce(self[first]) { $0[$1] } }

    /// The element `index` of an array.
    subscript(_ index: Int) -> FixtureJSON {
        let child: Node?
        if case .array(let a)? = node, a.indices.contains(index) { child = a[index] } else { child = nil }
        return FixtureJSON(file: file, path: path + "[\(index)]", node: child)
    }

    /// Whether the key exists (also when its value is null). For keys a test treats as optional on purpose.
    var exists: Bool { node != nil }

    var isNull: Bool { if case .null? = node { return true } else { return false } }

    private func present() throws -> Node {
        guard let node else { throw error("missing key") }
        return node
    }

    /// A number. NaN (JSON null, R's NA, or the strings "NaN"/"NA") and the infinities ("Infinity", "-Infinity") are
    /// refused unless `allowNaN` (the infinities then pass too).
    func number(allowNaN: Bool = false) throws -> Double {
        let value: Double
        switch try present() {
        case .number(let d): value = d
        case .null: value = .nan
        case .string(let s) where ["NaN", "NA", "nan"].contains(s): value = .nan
        case .string("Infinity"), .string("Inf"): value = .infinity
        case .string("-Infinity"), .string("-Inf"): value = -.infinity
        case let other: throw error("\(other.kind), not a number")
        }
        if !value.isFinite && !allowNaN { throw error("\(value) where a finite number is needed (pass allowNaN: true if it is legitimate)") }
        return value
    }

    /// An integer (a number without a fractional part).
    func integer() throws -> Int {
        let d = try number()
        guard d.rounded() == d, abs(d) < 9.007_199_254_740_992e15 else { throw error("\(d) is not an integer") }
        return Int(d)
    }

    func string() throws -> String {
        guard case .string(let s) = try present() else { throw error("\(try present().kind), not a string") }
        return s
    }

    func bool() throws -> Bool {
        guard case .bool(let b) = try present() else { throw error("\(try present().kind), not a boolean") }
        return b
    }

    /// The elements of an array (a scalar counts as an array of one, as R's jsonlite writes length-1 vectors).
    func elements() throws -> [FixtureJSON] {
        switch try present() {
        case .array(let a): return a.indices.map { self[$0] }
        case .object: throw error("an object, not an array")
        default: return [self]
        }
    }

    /// An array of integers (a scalar counts as an array of one).
    func integers() throws -> [Int] { try elements().map { try $0.integer() } }

    /// An array of numbers (a scalar counts as an array of one).
    func numbers(allowNaN: Bool = false) throws -> [Double] { try elements().map { try $0.number(allowNaN: allowNaN) } }

    /// The members of an object, sorted by key (deterministic messages and loops).
    func entries() throws -> [(key: String, value: FixtureJSON)] {
        guard case .object(let o) = try present() else { throw error("\(try present().kind), not an object") }
        return o.keys.sorted().map { ($0, self[$0]) }
    }

    /// The keys of an object, sorted.
    func keys() throws -> [String] { try entries().map(\.key) }

    /// An object of numbers.
    func numberDictionary(allowNaN: Bool = false) throws -> [String: Double] {
        var d = [String: Double]()
        for (k, v) in try entries() { d[k] = try v.number(allowNaN: allowNaN) }
        return d
    }

    /// The value as `JSONSerialization` data (to hand a fixture's sub-document to a parser under test).
    func jsonData() throws -> Data {
        func plain(_ n: Node) -> Any {
            switch n {
            case .null: return NSNull()
            case .bool(let b): return b
            case .number(let d): return d
            case .string(let s): return s
            case .array(let a): return a.map(plain)
            case .object(let o): return o.mapValues(plain)
            }
        }
        return try JSONSerialization.data(withJSONObject: plain(try present()))
    }
}

/// `|a - b| <= atol + rtol |b|` (equal infinities are close).
///
/// NaN is never close, and records an issue at the caller naming both values, so a NaN fails the test however the
/// result is used (also under `!close(...)` or a count of mismatches), unless the test says NaN is legitimate with
/// `allowNaN: true`: then two NaNs are close (and a NaN against a number is not, without an issue).
func close(_ a: Double, _ b: Double, rtol: Double = 1e-6, atol: Double = 1e-12, allowNaN: Bool = false,
           sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    if a.isNaN || b.isNaN {
        if !allowNaN { Issue.record("NaN compared: \(a) vs \(b) (pass allowNaN: true if a NaN is legitimate here)", sourceLocation: sourceLocation) }
        return allowNaN && a.isNaN && b.isNaN
    }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= atol + rtol * abs(b)
}
