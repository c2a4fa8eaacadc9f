import Foundation

/// Writes a command's `--help` from its declaration: the usage lines, then every option group (each option with
/// its value name, help, allowed values, limit and default), the positionals, the global options, and the notes.
enum HelpFormatter {
    static let width = 118
    static let column = 24

    static func help(for command: any Command.Type) -> String {
        var s = ""
        // A line starting with a space continues the one above it.
        let lead = "spatial \(command.name) "
        for (k, line) in command.synopsis.enumerated() {
            let continued = line.hasPrefix(" ")
            s += (k == 0 ? "usage: " : "       ") + (continued ? String(repeating: " ", count: lead.count) : lead) + line + "\n"
        }
        if !command.positionals.isEmpty {
            s += "\nArguments:\n"
            for p in command.positionals { s += entry(p.name, p.help) }
        }
        for group in command.groups + [SpatialTool.globalOptions] where !group.options.isEmpty {
            s += "\n\(group.title):\n"
            for o in group.options {
                let value = o.valueName.isEmpty ? "" : {
                    if case .optionalChoice = o.kind { return " [" + o.valueName + "]" }
                    return o.kind == .optionalList ? " [" + o.valueName + "]" : " " + o.valueName
                }()
                s += entry(o.name + value, describe(o))
            }
        }
        if !command.notes.isEmpty { s += "\n" + command.notes + "\n" }
        return s
    }

    /// The help text with what the declaration adds: the allowed values, the limit, repeatability, the default.
    static func describe(_ o: Option) -> String {
        var extra = [String]()
        switch o.kind {
        case .choice(let allowed):
            // Aliases spelled differently (two.sided / two-sided) are both accepted; the first is listed.
            extra.append("one of " + allowed.joined(separator: ", "))
        case .optionalChoice(let allowed, let implied):
            extra.append("one of " + allowed.joined(separator: ", ") + "; alone: \(implied)")
        case .count(let limit):
            extra.append("0 to \(limit)")
        case .repeated:
            extra.append("repeatable")
        default:
            break
        }
        if let d = o.defaultValue { extra.append("default \(d)") }
        return o.help + (extra.isEmpty ? "" : " [" + extra.joined(separator: "; ") + "]")
    }

    /// `  --name VALUE      help...`, the help wrapped at ``width`` and indented to ``column``.
    static func entry(_ label: String, _ text: String) -> String {
        let head = "  " + label
        let indent = String(repeating: " ", count: column)
        var lines = [String]()
        var current = head.count + 2 <= column ? head.padding(toLength: column, withPad: " ", startingAt: 0) : head
        if current == head { lines.append(head); current = indent }
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !empty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                empty = true
            }
            current += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(current)
        return lines.joined(separator: "\n") + "\n"
    }
}
