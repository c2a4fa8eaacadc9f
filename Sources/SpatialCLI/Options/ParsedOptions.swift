import Foundation
import SpatialEconometrics

/// A command line parsed against a command's declared options (Foundation only): `--name value`, `--name=value`,
/// flags, positionals. Values are validated by their declared kind while parsing (a number is a finite number, a
/// count is within its limit, a choice is one of its values), so a command reads typed values.
///
/// Every read is recorded. ``unread`` lists the options given but never read, which the runner rejects before the
/// command does any work ("--seed does not apply to ..."): a command reads an option only in the mode where it is
/// used, so an option that does not apply to the chosen mode is refused instead of silently ignored.
struct ParsedOptions {
    let command: String
    private let declared: [String: Option]
    /// The given options' values in the order given (a flag's value is empty); only ``OptionKind/repeated``
    /// options hold more than one.
    private var values: [String: [String]] = [:]
    /// The given options' names in order of first appearance.
    private(set) var given: [String] = []
    /// The options the command has read (through any accessor, whether given or not).
    private(set) var read: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `arguments` (after the command name; the global options are taken out before).
    /// - Parameters:
    ///   - options: the command's declared options.
    ///   - maximumPositionals: how many positional arguments the command takes.
    ///   - elsewhere: for each option name some other command declares, those commands (for the error message).
    init(command: String, options: [Option], maximumPositionals: Int = 0, arguments: [String],
         elsewhere: [String: [String]] = [:]) throws(UsageError) {
        self.command = command
        var declared = [String: Option]()
        for o in options where declared[o.name] == nil { declared[o.name] = o }
        self.declared = declared
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let token = arguments[i]
            i += 1
            if onlyPositionals || !Self.looksLikeOption(token) {
                if token == "--" && !onlyPositionals { onlyPositionals = true; continue }
                positionals.append(token)
                continue
            }
            var name = token, inline: String? = nil
            if token.hasPrefix("--"), let eq = token.firstIndex(of: "=") {
                name = String(token[..<eq])
                inline = String(token[token.index(after: eq)...])
            }
            guard let option = declared[name] else {
                if let others = elsewhere[name], !others.isEmpty { throw .notAnOptionOf(name, command: command, declaredBy: others) }
                throw .unknownOption(name, suggestion: Self.closest(to: name, among: Array(declared.keys)))
            }
            if values[name] != nil && option.kind != .repeated { throw .givenTwice(name) }
            var value = ""
            if option.kind == .flag {
                if let inline { throw .flagTakesNoValue(name, value: inline) }
            } else if let inline {
                value = inline
            } else if case .optionalChoice(let allowed, let implied) = option.kind {
                if i < arguments.count, allowed.contains(arguments[i]) { value = arguments[i]; i += 1 } else { value = implied }
            } else if option.kind == .optionalList {
                if i < arguments.count, !Self.looksLikeOption(arguments[i]) { value = arguments[i]; i += 1 }
            } else {
                guard i < arguments.count, !Self.looksLikeOptionName(arguments[i]) else { throw .needsValue(name) }
                value = arguments[i]
                i += 1
            }
            try Self.validate(value, of: option)
            if values[name] == nil { given.append(name) }
            values[name, default: []].append(value)
        }
        if positionals.count > maximumPositionals { throw .unexpectedArgument(positionals[maximumPositionals]) }
    }

    /// `--x` or `-x` (not a negative number such as `-1` or `-0.5`).
    static func looksLikeOption(_ token: String) -> Bool {
        token.hasPrefix("--") ? token.count > 2 : token.hasPrefix("-") && token.count > 1 && Double(token) == nil
    }

    /// A token that cannot be an option's value: `--name` (a negative number such as `-1` is a value).
    private static func looksLikeOptionName(_ token: String) -> Bool {
        token.hasPrefix("--") && Double(token) == nil
    }

    /// Checks a value against its option's kind (the accessors then convert without failing).
    private static func validate(_ s: String, of option: Option) throws(UsageError) {
        let name = option.name
        switch option.kind {
        case .flag, .value, .list, .optionalList, .repeated:
            return
        case .number:
            guard let v = Double(s), v.isFinite else { throw .notANumber(name, value: s) }
        case .integer:
            guard Int(s) != nil else { throw .notAWholeNumber(name, value: s) }
        case .count(let limit):
            guard let v = Int(s) else {
                if !s.isEmpty && s.allSatisfy(\.isNumber) { throw .exceedsLimit(name, value: s, limit: limit, hint: nil) }
                throw .notAWholeNumber(name, value: s)
            }
            guard v >= 0 else { throw .negative(name, value: v) }
            guard v <= limit else {
                throw .exceedsLimit(name, value: "\(v)", limit: limit, hint: "far more than inference needs: 999 or 9,999 are usual")
            }
        case .choice(let allowed), .optionalChoice(let allowed, _):
            guard allowed.contains(s) else { throw .notOneOf(name, allowed: allowed, value: s) }
        }
    }

    /// The declared option the user probably meant (edit distance at most 2), for "did you mean".
    static func closest(to name: String, among names: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, cb) in b.enumerated() {
                    let current = row[j + 1]
                    row[j + 1] = min(row[j + 1] + 1, row[j] + 1, previous + (ca == cb ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let target = Array(name)
        let scored = names.map { ($0, distance(target, Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }

    // MARK: - Reading

    /// The options given but not read: nothing the user typed is ignored (the runner refuses them).
    var unread: [String] { given.filter { !read.contains($0) } }

    /// Whether the option was given (does not count as reading it).
    func has(_ name: String) -> Bool { values[name] != nil }

    private mutating func take(_ name: String) throws(UsageError) -> (option: Option, values: [String]?) {
        guard let option = declared[name] else { throw .undeclared(name, command: command) }
        read.insert(name)
        return (option, values[name])
    }

    mutating func flag(_ name: String) throws(UsageError) -> Bool {
        try take(name).values != nil
    }

    /// The value given, else the declared default, else nil.
    mutating func value(_ name: String) throws(UsageError) -> String? {
        let (option, v) = try take(name)
        return v?.first ?? option.defaultValue
    }

    /// The value given (the declared default is not used).
    mutating func given(_ name: String) throws(UsageError) -> String? {
        try take(name).values?.first
    }

    mutating func required(_ name: String) throws(UsageError) -> String {
        guard let v = try given(name) else { throw .missing(name) }
        return v
    }

    mutating func number(_ name: String) throws(UsageError) -> Double? {
        guard let s = try value(name) else { return nil }
        guard let v = Double(s), v.isFinite else { throw .notANumber(name, value: s) }
        return v
    }

    mutating func integer(_ name: String) throws(UsageError) -> Int? {
        guard let s = try value(name) else { return nil }
        guard let v = Int(s) else { throw .notAWholeNumber(name, value: s) }
        return v
    }

    /// A ``OptionKind/count(limit:)`` (validated while parsing).
    mutating func count(_ name: String) throws(UsageError) -> Int? {
        try integer(name)
    }

    /// A choice: the value given, else the declared default.
    mutating func choice(_ name: String) throws(UsageError) -> String {
        let (option, v) = try take(name)
        guard let s = v?.first ?? option.defaultValue else { throw .missing(name) }
        if case .choice(let allowed) = option.kind, !allowed.contains(s) { throw .notOneOf(name, allowed: allowed, value: s) }
        return s
    }

    /// A comma-separated list (blank items dropped), nil when absent. Commas inside parentheses or backticks do not
    /// split, so each item of `--x 'log(pcap),I(pc / emp)'` is one column expression.
    mutating func list(_ name: String) throws(UsageError) -> [String]? {
        try value(name).map(ColumnExpression.splitList)
    }

    /// An optional list (``OptionKind/optionalList``): nil when absent, empty when given alone, else its items.
    mutating func optionalList(_ name: String) throws(UsageError) -> [String]? {
        guard let v = try take(name).values?.first else { return nil }
        return ColumnExpression.splitList(v)
    }

    /// A list that must be given and not empty ("missing --x").
    mutating func requiredList(_ name: String) throws(UsageError) -> [String] {
        guard let l = try list(name), !l.isEmpty else { throw .missing(name) }
        return l
    }

    /// Every value of a repeatable option, in order; empty when absent.
    mutating func repeated(_ name: String) throws(UsageError) -> [String] {
        try take(name).values ?? []
    }

    /// `--seed S`: a whole number in 0...2^64-1 (default: the declared one, else 1).
    mutating func seed(_ name: String = "--seed") throws(UsageError) -> UInt64 {
        guard let s = try value(name) else { return 1 }
        guard let v = UInt64(s) else {
            throw .invalid(name, message: "\(name) must be a whole number from 0 to 18446744073709551615, not '\(s)'")
        }
        return v
    }
}
