import Foundation
import Testing
@testable import SpatialEconometrics

/// Mutation robustness: 10,000 damaged versions of each real file must each either parse or throw a typed error,
/// never trap. Parsed mutants must also write and read back unchanged, and every error must name a line that
/// exists. Reproducible: mutant k of a parser comes from `SeededGenerator(seed: seed(parser) + k)`.
@Suite struct ParserMutationTests {
    enum Parser: String, CaseIterable, Sendable {
        case gal, gwt, denseCSV, tripletsCSV, json, dataTable
    }

    static let mutantsPerParser = 10_000

    /// The undamaged input of each parser: the first units of the fixtures' real files (whole files would make the
    /// test too slow in a debug build), as they are or written from columbus by this package's writers.
    static func base(_ parser: Parser) throws -> String {
        let queen = try firstUnits(20, of: SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal")))
        switch parser {
        case .gal: return try GALFormat.write(queen, name: "columbus", idVariable: "POLYID")
        case .gwt: return try GWTFormat.write(firstUnits(14, of: queen).transformed(.row), name: "columbus", idVariable: "POLYID")
        case .denseCSV: return try firstLines(13, cells: 13, of: Fixtures.text("data/produc/usaww.csv"))
        case .tripletsCSV:
            let rook = try firstUnits(13, of: SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_rook.gal")))
            return try TripletsCSVFormat.write(rook.transformed(.row))
        case .json: return WeightsJSONFormat.write(try firstUnits(12, of: queen).transformed(.row))
        case .dataTable: return try firstLines(8, cells: 23, of: Fixtures.text("data/columbus/columbus.csv"))
        }
    }

    /// The weights among the first `k` units.
    static func firstUnits(_ k: Int, of w: SpatialWeights) throws -> SpatialWeights {
        let neighbors = (0..<k).map { i in w.neighbors(of: i).filter { $0 < k } }
        let weights = (0..<k).map { i in zip(w.neighbors(of: i), w.weights(of: i)).filter { $0.0 < k }.map(\.1) }
        return try SpatialWeights(ids: Array(w.ids.prefix(k)), neighbors: neighbors, weights: weights)
    }

    /// The first `lines` lines of a CSV text, each cut to its first `cells` cells (the file's own formatting).
    static func firstLines(_ lines: Int, cells: Int, of text: String) -> String {
        text.split(separator: "\n").prefix(lines).map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(cells).joined(separator: ",") }
            .joined(separator: "\n") + "\n"
    }

    /// What a mutant did.
    enum Outcome { case parsed, rejected }

    /// Parses one mutant; for weights that parse, writes them in the same format and reads them back.
    /// Returns a description of any broken invariant.
    static func run(_ parser: Parser, _ text: String) -> (Outcome, problem: String?) {
        do throws(WeightsError) {
            let w: SpatialWeights, back: SpatialWeights
            switch parser {
            case .gal:
                w = try GALFormat.read(text)
                back = try GALFormat.read(GALFormat.write(w))
            case .gwt:
                w = try GWTFormat.read(text)
                back = try GWTFormat.read(GWTFormat.write(w), ids: w.ids)
            case .denseCSV:
                w = try DenseCSVFormat.read(text)
                back = try DenseCSVFormat.read(DenseCSVFormat.write(w))
            case .tripletsCSV:
                w = try TripletsCSVFormat.read(text)
                back = try TripletsCSVFormat.read(TripletsCSVFormat.write(w), ids: w.ids)
            case .json:
                w = try WeightsJSONFormat.read(text)
                back = try WeightsJSONFormat.read(WeightsJSONFormat.write(w))
            case .dataTable:
                return runDataTable(text)
            }
            guard back.ids == w.ids, back.matrix == w.matrix, back.transformation == w.transformation else {
                return (.parsed, "parsed, but did not read back the same after writing")
            }
            return (.parsed, nil)
        } catch {
            return (.rejected, lineProblem(error, text))
        }
    }

    static func runDataTable(_ text: String) -> (Outcome, problem: String?) {
        do throws(DataError) {
            let table = try DataTable(csv: text)
            guard table.cells.allSatisfy({ $0.count == table.rowCount }), table.cells.count == table.columnNames.count else {
                return (.parsed, "columns of different lengths")
            }
            for name in ["CRIME", "INC", "HOVAL", "POLYID"] where table.columnNames.contains(name) { _ = try? table.numbers(name) }
            return (.parsed, nil)
        } catch {
            if case .malformed(_, let line, _) = error, line > lineCount(text) {
                return (.rejected, "error names line \(line), beyond the end of the text: \(error)")
            }
            return (.rejected, nil)
        }
    }

    /// A problem if the error's line does not exist in the text.
    static func lineProblem(_ error: WeightsError, _ text: String) -> String? {
        let line: Int
        switch error {
        case .malformed(_, let l, _), .inFile(_, let l, _): line = l
        default: return nil
        }
        let last = lineCount(text)
        return line <= last ? nil : "error names line \(line), beyond the end of the text (\(last) lines): \(error)"
    }

    /// An upper bound on the line numbers of a text: one more than its line breaks (LF or CR).
    static func lineCount(_ text: String) -> Int {
        var n = 1
        for b in text.utf8 where b == 0x0A || b == 0x0D { n += 1 }
        return n
    }

    @Test(arguments: Parser.allCases)
    func mutantsParseOrThrowTypedErrors(parser: Parser) throws {
        let base = Array(try Self.base(parser).utf8)
        #expect(Self.run(parser, String(decoding: base, as: UTF8.self)).0 == .parsed, "the undamaged input must parse")
        let seed = UInt64(Parser.allCases.firstIndex(of: parser) ?? 0) << 32
        var parsed = 0, rejected = 0, problems = 0
        for k in 0..<Self.mutantsPerParser {
            var rng = SeededGenerator(seed: seed + UInt64(k))
            let text = String(decoding: TextMutator.mutate(base, using: &rng), as: UTF8.self)
            let (outcome, problem) = Self.run(parser, text)
            if outcome == .parsed { parsed += 1 } else { rejected += 1 }
            if let problem {
                problems += 1
                if problems <= 5 { Issue.record("\(parser) mutant \(k): \(problem)") }
            }
        }
        #expect(parsed + rejected == Self.mutantsPerParser)
        #expect(rejected > 0 && parsed > 0, "\(parser): \(parsed) parsed, \(rejected) rejected")
        #expect(problems == 0)
    }
}
