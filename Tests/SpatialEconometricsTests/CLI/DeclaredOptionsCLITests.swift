import Foundation
import Testing
@testable import SpatialCLI

/// Every command's options are declared once and its `--help` is generated from the declaration: each declared
/// option is in the help, the help names no option that is not declared, an undeclared option is refused with
/// status 2 naming it, and the shared options are one declaration wherever they appear.
@Suite struct DeclaredOptionsCLITests {
    static let commands = SpatialTool.commands.map { $0.name }

    static func command(_ name: String) throws -> any Command.Type {
        try #require(SpatialTool.commands.first { $0.name == name })
    }

    @Test(arguments: commands)
    func everyDeclaredOptionIsInTheGeneratedHelp(_ name: String) throws {
        let command = try Self.command(name)
        let printed = try SpatialCLI.run([name, "--help"])
        #expect(printed.status == 0 && printed.err.isEmpty)
        #expect(printed.out == command.help + "\n" || printed.out == command.help, "the printed help is the generated one")
        // Wrapped lines joined again, so that a phrase broken across lines is found.
        let help = printed.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let r = (out: "  " + help, status: printed.status)
        #expect(!command.options.isEmpty || name == "weights-info")
        for o in command.options {
            // An optional value is shown in brackets (`--dynamic [LAGS]`).
            let value: String
            if case .optionalChoice = o.kind { value = " [" + o.valueName + "]" } else if o.kind == .optionalList { value = " [" + o.valueName + "]" } else {
                value = o.valueName.isEmpty ? "" : " " + o.valueName
            }
            #expect(r.out.contains(" " + o.name + value + " "), "\(name): \(o.name) is listed")
        }
        for p in command.positionals { #expect(r.out.contains(" " + p.name + " "), "\(name): the argument \(p.name)") }
        for g in SpatialTool.globalOptions.options { #expect(r.out.contains(" " + g.name + " "), "\(name): the global \(g.name)") }
        // The help text is generated: a choice lists its values and a default is shown.
        for o in command.options {
            if case .choice(let allowed) = o.kind { #expect(r.out.contains("one of " + allowed.joined(separator: ", ")), "\(name) \(o.name)") }
            if let d = o.defaultValue { #expect(r.out.contains("default \(d)"), "\(name) \(o.name) default") }
        }
    }

    /// The usage lines and notes cannot drift from the declaration: every `--option` the help mentions is declared
    /// by the command (or is global).
    @Test(arguments: commands)
    func theHelpNamesOnlyDeclaredOptions(_ name: String) throws {
        let command = try Self.command(name)
        let declared = Set(command.options.map(\.name) + SpatialTool.globalOptions.options.map(\.name))
        let help = command.help
        var mentioned = Set<String>()
        var rest = Substring(help)
        while let r = rest.range(of: "--") {
            let tail = rest[r.upperBound...]
            let word = tail.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if let first = word.first, first.isLetter { mentioned.insert("--" + word) }
            rest = tail
        }
        #expect(mentioned.subtracting(declared).isEmpty, "\(name) --help mentions undeclared \(mentioned.subtracting(declared).sorted())")
    }

    @Test(arguments: commands)
    func noOptionIsDeclaredTwice(_ name: String) throws {
        let names = try Self.command(name).options.map(\.name)
        #expect(Set(names).count == names.count, "\(name): \(names)")
    }

    @Test(arguments: commands)
    func anUndeclaredOptionIsRefusedByName(_ name: String) throws {
        let r = try SpatialCLI.run([name, "--no-such-option", "1"])
        #expect(r.status == 2, "\(name): \(r.err)")
        #expect(r.err.contains("unknown option --no-such-option") && r.err.contains("spatial \(name) --help"), "\(r.err)")
        #expect(r.out.isEmpty && r.err.split(separator: "\n").count == 1)
    }

    /// An option of another command is named as such, and a near miss gets a suggestion.
    @Test func anotherCommandsOptionAndATypo() throws {
        let q = Fixtures.url("data/columbus/columbus_queen.gal").path, csv = Fixtures.url("data/columbus/columbus.csv").path
        let other = try SpatialCLI.run(["moran", "--data", csv, "--var", "CRIME", "--weights", q, "--effects", "twoways"])
        #expect(other.status == 2 && other.err.contains("--effects does not apply to `spatial moran` (it is an option of fit, gmm, tests, convergence)"), "\(other.err)")
        let typo = try SpatialCLI.run(["moran", "--data", csv, "--var", "CRIME", "--weights", q, "--permutation", "99"])
        #expect(typo.status == 2 && typo.err.contains("unknown option --permutation (did you mean --permutations?)"), "\(typo.err)")
    }

    /// The shared groups are one declaration: the same option (name, kind, help) in every command that takes it.
    @Test func sharedOptionsAreOneDeclaration() throws {
        let shared = (SharedOptions.weightsGroup.options + [SharedOptions.data, SharedOptions.y, SharedOptions.x, SharedOptions.unit,
                                                            SharedOptions.time, SharedOptions.estimator, SharedOptions.json]).map(\.name)
        for name in ["ols", "fit", "tests", "moran"] {
            let options = try Self.command(name).options
            for o in SharedOptions.weightsGroup.options {
                let found = try #require(options.first { $0.name == o.name }, "\(name) takes \(o.name)")
                #expect(found.help == o.help && found.kind == o.kind && found.valueName == o.valueName, "\(name) \(o.name)")
            }
        }
        for name in ["fit", "tests"] {
            let options = try Self.command(name).options
            for o in [SharedOptions.unit, SharedOptions.time, SharedOptions.estimator, SharedOptions.y, SharedOptions.x, SharedOptions.data] {
                #expect(options.first { $0.name == o.name }?.help == o.help, "\(name) \(o.name)")
            }
        }
        #expect(shared.count == Set(shared).count)
    }

    @Test func theOverviewListsEveryCommand() throws {
        let r = try SpatialCLI.run(["--help"])
        #expect(r.status == 0)
        for name in Self.commands { #expect(r.out.contains("  " + name + " "), "\(name)") }
        let bare = try SpatialCLI.run([])
        #expect(bare.status == 2 && bare.out == r.out)
        let unknown = try SpatialCLI.run(["regress"])
        #expect(unknown.status == 2 && unknown.err.contains("unknown command 'regress'"))
    }
}
