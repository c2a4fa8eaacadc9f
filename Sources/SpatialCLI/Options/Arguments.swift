import Foundation

/// A usage error: printed as one line on stderr with exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Hand-written option parsing (Foundation only): `--name value`, `--name=value`, flags, positionals.
/// Every option must be consumed; `finish()` rejects the rest by name.
struct Arguments {
    private var tokens: [String]
    private(set) var positionals: [String] = []

    /// Parses `argv` (the global `--quiet` is taken out of it by ``SpatialTool``).
    init(_ argv: [String]) {
        var t = [String]()
        for a in argv {
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                t.append(String(a[..<eq])); t.append(String(a[a.index(after: eq)...]))
            } else { t.append(a) }
        }
        tokens = t
    }

    /// Removes and returns the value of `--name`, if present.
    mutating func option(_ name: String) throws -> String? {
        guard let i = tokens.firstIndex(of: name) else { return nil }
        guard i + 1 < tokens.count, !(tokens[i + 1].hasPrefix("--") && Double(tokens[i + 1]) == nil) else {
            throw UsageError("\(name) needs a value")
        }
        let v = tokens[i + 1]
        tokens.removeSubrange(i...(i + 1))
        if tokens.contains(name) { throw UsageError("\(name) given more than once") }
        return v
    }

    /// Removes and returns every value of a repeatable `--name` (`--name a --name b`), in order; empty when absent.
    mutating func repeated(_ name: String) throws -> [String] {
        var values = [String]()
        while let i = tokens.firstIndex(of: name) {
            guard i + 1 < tokens.count, !(tokens[i + 1].hasPrefix("--") && Double(tokens[i + 1]) == nil) else {
                throw UsageError("\(name) needs a value")
            }
            values.append(tokens[i + 1])
            tokens.removeSubrange(i...(i + 1))
        }
        return values
    }

    mutating func required(_ name: String) throws -> String {
        guard let v = try option(name) else { throw UsageError("missing \(name)") }
        return v
    }

    mutating func number(_ name: String) throws -> Double? {
        guard let s = try option(name) else { return nil }
        guard let v = Double(s), v.isFinite else { throw UsageError("\(name): '\(s)' is not a number") }
        return v
    }

    mutating func integer(_ name: String) throws -> Int? {
        guard let s = try option(name) else { return nil }
        guard let v = Int(s) else { throw UsageError("\(name): '\(s)' is not a whole number") }
        return v
    }

    /// A count in `0...limit`: a value above the documented limit (or beyond any integer) is a usage error naming the
    /// limit, never an allocation failure or an overflow trap.
    mutating func count(_ name: String, limit: Int) throws -> Int? {
        guard let s = try option(name) else { return nil }
        guard let v = Int(s) else {
            if s.allSatisfy(\.isNumber) { throw UsageError("\(name) \(s) exceeds the limit of \(limit)") }
            throw UsageError("\(name): '\(s)' is not a whole number")
        }
        guard v >= 0 else { throw UsageError("\(name) must be >= 0, not \(v)") }
        guard v <= limit else { throw UsageError("\(name) \(v) exceeds the limit of \(limit) (far more than inference needs: 999 or 9,999 are usual)") }
        return v
    }

    /// `--seed S`: a whole number in 0...2^64-1 (default `fallback`); a negative or non-integer seed is an error.
    mutating func seed(default fallback: UInt64 = 1) throws -> UInt64 {
        guard let s = try option("--seed") else { return fallback }
        guard let v = UInt64(s) else { throw UsageError("--seed must be a whole number from 0 to 18446744073709551615, not '\(s)'") }
        return v
    }

    /// Whether `--name` is among the remaining tokens (nothing is removed).
    func has(_ name: String) -> Bool { tokens.contains(name) }

    /// Removes `--name` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let i = tokens.firstIndex(of: name) else { return false }
        tokens.remove(at: i)
        return true
    }

    mutating func choice(_ name: String, _ allowed: [String], default d: String) throws -> String {
        let v = try option(name) ?? d
        guard allowed.contains(v) else { throw UsageError("\(name) must be one of \(allowed.joined(separator: "|")), not '\(v)'") }
        return v
    }

    /// Comma-separated list.
    mutating func list(_ name: String) throws -> [String]? {
        try option(name).map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// Takes the remaining non-option tokens as positionals and rejects any unknown option.
    mutating func finish(maxPositionals: Int = 0) throws {
        for t in tokens {
            if t.hasPrefix("--") || (t.hasPrefix("-") && t.count > 1 && Double(t) == nil) { throw UsageError("unknown option \(t)") }
            positionals.append(t)
        }
        tokens.removeAll()
        if positionals.count > maxPositionals {
            throw UsageError("unexpected argument '\(positionals[maxPositionals])'")
        }
    }
}
