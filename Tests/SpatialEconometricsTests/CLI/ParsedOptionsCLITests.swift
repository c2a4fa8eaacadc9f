import Foundation
import Testing
@testable import SpatialCLI

/// The parser on its own: values validated by their declared kind while parsing, typed errors naming the option,
/// and the record of what a command read.
@Suite struct ParsedOptionsCLITests {
    static let declared = [
        Option("--data", .value, "F", help: "data"),
        Option("--json", .flag, help: "json"),
        Option("--tolerance", .number, "T", default: "0", help: "t"),
        Option("--knn", .integer, "K", help: "k"),
        Option("--permutations", .count(limit: 1000), "R", default: "0", help: "r"),
        Option("--rule", .choice(["queen", "rook"]), "R", default: "queen", help: "rule"),
        Option("--x", .list, "A,B", help: "x"),
        Option("--add-link", .repeated, "A,B", help: "links"),
        Option("--seed", .value, "S", default: "1", help: "seed"),
    ]

    func parse(_ arguments: [String], positionals: Int = 0) throws(UsageError) -> ParsedOptions {
        try ParsedOptions(command: "test", options: Self.declared, maximumPositionals: positionals, arguments: arguments,
                          elsewhere: ["--effects": ["fit", "tests"]])
    }

    @Test func valuesAreTypedAndDefaultsDeclared() throws {
        var o = try parse(["--data", "a.csv", "--json", "--tolerance=-0.5", "--knn", "-3", "--x", " A, ,B ", "--add-link", "1,2", "--add-link", "3,4", "W"],
                          positionals: 1)
        #expect(try o.required("--data") == "a.csv")
        #expect(try o.flag("--json"))
        #expect(try o.number("--tolerance") == -0.5)
        #expect(try o.integer("--knn") == -3)
        #expect(try o.count("--permutations") == 0, "the declared default")
        #expect(try o.choice("--rule") == "queen")
        #expect(try o.list("--x") == ["A", "B"])
        #expect(try o.repeated("--add-link") == ["1,2", "3,4"])
        #expect(try o.seed() == 1)
        #expect(o.positionals == ["W"])
        #expect(o.unread.isEmpty)
    }

    @Test func theRecordOfWhatWasRead() throws {
        var o = try parse(["--data", "a.csv", "--json", "--knn", "4"])
        #expect(o.given == ["--data", "--json", "--knn"])
        _ = try o.required("--data")
        #expect(o.has("--json") && o.unread == ["--json", "--knn"], "has() does not count as reading")
        _ = try o.flag("--json")
        _ = try o.choice("--rule")
        #expect(o.unread == ["--knn"] && o.read.contains("--rule"))
    }

    @Test func errorsAreTypedAndNameTheOption() {
        #expect(throws: UsageError.unknownOption("--bogus", suggestion: nil)) { try parse(["--bogus"]) }
        #expect(throws: UsageError.unknownOption("--tolerence", suggestion: "--tolerance")) { try parse(["--tolerence", "1"]) }
        #expect(throws: UsageError.notAnOptionOf("--effects", command: "test", declaredBy: ["fit", "tests"])) { try parse(["--effects", "x"]) }
        #expect(throws: UsageError.needsValue("--data")) { try parse(["--data"]) }
        #expect(throws: UsageError.needsValue("--data")) { try parse(["--data", "--json"]) }
        #expect(throws: UsageError.givenTwice("--data")) { try parse(["--data", "a", "--data", "b"]) }
        #expect(throws: UsageError.givenTwice("--json")) { try parse(["--json", "--json"]) }
        #expect(throws: UsageError.flagTakesNoValue("--json", value: "yes")) { try parse(["--json=yes"]) }
        #expect(throws: UsageError.notANumber("--tolerance", value: "abc")) { try parse(["--tolerance", "abc"]) }
        #expect(throws: UsageError.notANumber("--tolerance", value: "inf")) { try parse(["--tolerance", "inf"]) }
        #expect(throws: UsageError.notAWholeNumber("--knn", value: "2.5")) { try parse(["--knn", "2.5"]) }
        #expect(throws: UsageError.negative("--permutations", value: -1)) { try parse(["--permutations", "-1"]) }
        #expect(throws: UsageError.exceedsLimit("--permutations", value: "99999999999999999999", limit: 1000, hint: nil)) {
            try parse(["--permutations", "99999999999999999999"])
        }
        #expect(throws: UsageError.notOneOf("--rule", allowed: ["queen", "rook"], value: "bishop")) { try parse(["--rule", "bishop"]) }
        #expect(throws: UsageError.unexpectedArgument("extra")) { try parse(["extra"]) }
        #expect(UsageError.givenTwice("--data").option == "--data")
        #expect(UsageError.doesNotApply(["--seed", "--knn"], mode: "m").description == "--seed, --knn do not apply to m")
    }

    @Test func aSeedIsAWholeNumberInRange() throws {
        var o = try parse(["--seed", "-1"])
        #expect(throws: UsageError.invalid("--seed", message: "--seed must be a whole number from 0 to 18446744073709551615, not '-1'")) { try o.seed() }
        var big = try parse(["--seed", "18446744073709551615"])
        #expect(try big.seed() == UInt64.max)
    }

    @Test func aDoubleDashEndsTheOptions() throws {
        let o = try parse(["--json", "--", "--data"], positionals: 1)
        #expect(o.positionals == ["--data"] && o.given == ["--json"])
    }

    @Test func theHelpShowsWhatTheDeclarationAdds() {
        let line = HelpFormatter.entry("--rule R", HelpFormatter.describe(Self.declared[5]))
        #expect(line == "  --rule R              rule [one of queen, rook; default queen]\n")
        #expect(HelpFormatter.describe(Self.declared[4]) == "r [0 to 1000; default 0]")
        #expect(HelpFormatter.describe(Self.declared[7]) == "links [repeatable]")
        let long = HelpFormatter.entry("--a-very-long-option-name VALUE", "text")
        #expect(long == "  --a-very-long-option-name VALUE\n                        text\n")
    }
}
