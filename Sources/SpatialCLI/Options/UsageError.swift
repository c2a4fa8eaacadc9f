import Foundation

/// A usage error: the command line asks for something the command does not do. Printed as one line on stderr,
/// prefixed with the command and followed by where to look (`(see `spatial fit --help`)`), with exit status 2.
/// Every case names the offending option (``option``) and, in its text, what to do instead.
enum UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option no command declares: "unknown option --permutation (did you mean --permutations?)".
    case unknownOption(String, suggestion: String?)
    /// An option other commands declare but this one does not.
    case notAnOptionOf(String, command: String, declaredBy: [String])
    /// Declared by the command but not read in the mode the other options chose (e.g. `--seed` without random draws).
    case doesNotApply([String], mode: String)
    /// Declared, but inapplicable here for the reason given (the whole message, which names the option).
    case inapplicable(String, message: String)
    /// A required option is missing.
    case missing(String)
    /// A required positional argument is missing (the message names it).
    case missingArgument(String)
    case needsValue(String)
    case givenTwice(String)
    case flagTakesNoValue(String, value: String)
    case notANumber(String, value: String)
    case notAWholeNumber(String, value: String)
    case negative(String, value: Int)
    case exceedsLimit(String, value: String, limit: Int, hint: String?)
    case notOneOf(String, allowed: [String], value: String)
    /// Two options that exclude each other.
    case exclusive(String, String)
    /// A malformed or inconsistent value; the message names the option and the fix.
    case invalid(String, message: String)
    case unexpectedArgument(String)
    /// A command read an option it did not declare: a bug in the command, reported rather than trapped.
    case undeclared(String, command: String)

    /// The option at fault (or the argument, for positionals).
    var option: String {
        switch self {
        case .unknownOption(let o, _), .notAnOptionOf(let o, _, _), .inapplicable(let o, _), .missing(let o), .missingArgument(let o),
             .needsValue(let o), .givenTwice(let o), .flagTakesNoValue(let o, _), .notANumber(let o, _), .notAWholeNumber(let o, _),
             .negative(let o, _), .exceedsLimit(let o, _, _, _), .notOneOf(let o, _, _), .exclusive(let o, _), .invalid(let o, _),
             .unexpectedArgument(let o), .undeclared(let o, _):
            return o
        case .doesNotApply(let options, _):
            return options.first ?? ""
        }
    }

    var description: String {
        switch self {
        case .unknownOption(let o, let suggestion):
            return "unknown option \(o)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
        case .notAnOptionOf(let o, let command, let others):
            return "\(o) does not apply to `spatial \(command)` (it is an option of \(others.joined(separator: ", ")))"
        case .doesNotApply(let options, let mode):
            return "\(options.joined(separator: ", ")) \(options.count == 1 ? "does" : "do") not apply to \(mode)"
        case .inapplicable(_, let message), .invalid(_, let message):
            return message
        case .missing(let o):
            return "missing \(o)"
        case .missingArgument(let message):
            return message
        case .needsValue(let o):
            return "\(o) needs a value"
        case .givenTwice(let o):
            return "\(o) given more than once"
        case .flagTakesNoValue(let o, let value):
            return "\(o) takes no value (give \(o) alone, not \(o)=\(value))"
        case .notANumber(let o, let value):
            return "\(o): '\(value)' is not a number"
        case .notAWholeNumber(let o, let value):
            return "\(o): '\(value)' is not a whole number"
        case .negative(let o, let value):
            return "\(o) must be >= 0, not \(value)"
        case .exceedsLimit(let o, let value, let limit, let hint):
            return "\(o) \(value) exceeds the limit of \(limit)" + (hint.map { " (\($0))" } ?? "")
        case .notOneOf(let o, let allowed, let value):
            return "\(o) must be one of \(allowed.joined(separator: "|")), not '\(value)'"
        case .exclusive(let a, let b):
            return "\(a) and \(b) exclude each other"
        case .unexpectedArgument(let a):
            return "unexpected argument '\(a)'"
        case .undeclared(let o, let command):
            return "internal error: `spatial \(command)` reads \(o), which it does not declare (please report this)"
        }
    }
}
