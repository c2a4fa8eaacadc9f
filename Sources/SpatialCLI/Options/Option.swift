import Foundation

/// What an option takes, which decides how it is parsed, validated and shown in `--help`.
enum OptionKind: Sendable, Equatable {
    /// Present or absent (`--json`); takes no value.
    case flag
    /// One string (`--data F`).
    case value
    /// One finite number (`--tolerance T`).
    case number
    /// One whole number (`--knn K`).
    case integer
    /// A whole number from 0 to `limit` (`--permutations R`): above the limit, or beyond any integer, is a usage
    /// error naming the limit, never an allocation failure or an overflow trap.
    case count(limit: Int)
    /// One of the allowed strings (`--model sar|sem|...`).
    case choice([String])
    /// One of the allowed strings, or none (`--dynamic` alone means `--dynamic both`): the next argument is taken as
    /// the value only when it is one of them.
    case optionalChoice([String], implied: String)
    /// A comma-separated list (`--x A,B`); blank items are dropped.
    case list
    /// A comma-separated list, or none (`--local-geary` alone means the command's own variable): the next argument is
    /// taken as the list unless it looks like an option (`--name`) or there is none.
    case optionalList
    /// A value that may be given several times (`--add-link A,B --add-link C,D`), kept in order.
    case repeated

    var takesValue: Bool { self != .flag }
}

/// One command-line option, declared once: parsing (``ParsedOptions``) and `--help` (``HelpFormatter``) are both
/// generated from this value.
struct Option: Sendable {
    /// With the dashes: `--weights`.
    let name: String
    let kind: OptionKind
    /// The placeholder in `--help` (`W` in `--weights W`); empty for a flag.
    let valueName: String
    /// One or more sentences (wrapped by the help formatter); the allowed values, the limit and the default are
    /// added from the declaration, so the help text does not repeat them.
    let help: String
    /// What an absent option means, as text (a choice's default is returned by ``ParsedOptions/choice(_:)``).
    let defaultValue: String?

    init(_ name: String, _ kind: OptionKind, _ valueName: String = "", default defaultValue: String? = nil, help: String) {
        self.name = name
        self.kind = kind
        self.valueName = kind == .flag ? "" : valueName
        self.help = help
        self.defaultValue = defaultValue
    }

    /// The same option with another help text or default (a shared option whose meaning one command narrows).
    func with(help: String? = nil, kind: OptionKind? = nil, default defaultValue: String?? = nil) -> Option {
        Option(name, kind ?? self.kind, valueName, default: defaultValue ?? self.defaultValue, help: help ?? self.help)
    }
}

/// Options shown together under a title in `--help`; the shared groups (data, weights, panel, output) are declared
/// once in ``SharedOptions`` and reused by every command that takes them.
struct OptionGroup: Sendable {
    let title: String
    let options: [Option]

    init(_ title: String, _ options: [Option]) {
        self.title = title
        self.options = options
    }
}

/// A positional argument (`spatial weights-info W`).
struct Positional: Sendable {
    let name: String
    let help: String
    /// The usage error when it is missing, e.g. "missing the weights file".
    let missing: String
}
