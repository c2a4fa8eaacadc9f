import Foundation
import Testing
@testable import SpatialEconometrics

/// The error of `body`, or `nil` if it succeeds.
private func failure<T>(_ body: () throws(WeightsError) -> T) -> WeightsError? {
    do { _ = try body(); return nil } catch { return error }
}

/// Expects a `.malformed` error at `line` whose message mentions every string of `mentions`.
private func expectMalformed(_ e: WeightsError?, source: String, line: Int, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .malformed(let s, let l, let reason)? = e else {
        Issue.record("expected .malformed at line \(line), got \(e.map(String.init(describing:)) ?? "success")", sourceLocation: sourceLocation)
        return
    }
    #expect(s == source, sourceLocation: sourceLocation)
    #expect(l == line, "\(reason)", sourceLocation: sourceLocation)
    for m in mentions { #expect(reason.contains(m), "'\(reason)' should mention \(m)", sourceLocation: sourceLocation) }
}

/// Expects `expected` exactly, and a message naming the line.
private func expectError(_ e: WeightsError?, _ expected: WeightsError, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(e == expected, sourceLocation: sourceLocation)
    if case .inFile(let s, let line, _) = expected, line > 0 {
        #expect(e?.description.hasPrefix("\(s), line \(line): ") == true, "\(e?.description ?? "")", sourceLocation: sourceLocation)
    }
}

@Suite struct GALErrorTests {
    let good = "0 3 test id\na 1\nb\nb 2\na c\nc 1\nb\n"
    func read(_ text: String) -> WeightsError? { failure { () throws(WeightsError) in try GALFormat.read(text, source: "t.gal") } }

    @Test func validFileReads() throws {
        let w = try GALFormat.read(good)
        #expect(w.ids == ["a", "b", "c"])
        #expect(w.matrix.nonzeroCount == 4)
        // Plain 'n' header, CRLF, BOM, islands with or without their blank line, asymmetric (kNN) lists.
        let other = try GALFormat.read("\u{FEFF}4\r\nx 1\r\ny\r\ny 0\r\n\r\nz 0\r\nw 2\r\nx y\r\n")
        #expect(other.ids == ["x", "y", "z", "w"])
        #expect(other.diagnostics.islands == ["y", "z"])
        #expect(!other.diagnostics.symmetricPattern)
    }

    @Test func truncatedFile() {
        expectMalformed(read("0 3 test id\na 1\nb\nb 2\na c\nc 1\n"), source: "t.gal", line: 6, mentions: ["'c'", "declares 1", "ends"])
        expectMalformed(read("0 3 test id\na 1\nb\n\n\n"), source: "t.gal", line: 5, mentions: ["1 of the 3 units", "truncated"])
        expectMalformed(read("0 3 test id\na 1\nb\n"), source: "t.gal", line: 1, mentions: ["3 units", "only 2 lines"])
        // A header count of 10^12 is rejected at once, before any allocation.
        expectMalformed(read("0 1000000000000 test id\na 0\n"), source: "t.gal", line: 1, mentions: ["1000000000000 units"])
        expectMalformed(read(""), source: "t.gal", line: 1, mentions: ["empty"])
    }

    @Test func unknownNeighbourId() {
        let e = read("0 3 test id\na 1\nb\nb 2\na x\nc 1\nb\n")
        #expect(e?.withoutLocation == .unknownId("x", context: "neighbour of unit 'b' is not among the 3 units of the file"))
        #expect(e?.description.contains("t.gal, line 5") == true)
        #expect(e?.description.contains("'x'") == true)
    }

    @Test func nonIntegerCounts() {
        expectMalformed(read("0 3 test id\na 1\nb\nb two\na c\nc 1\nb\n"), source: "t.gal", line: 4, mentions: ["'two'", "'b'", "not an integer"])
        expectMalformed(read("0 3.5 test id\n"), source: "t.gal", line: 1, mentions: ["'3.5'"])
        expectMalformed(read("0 99999999999999999999 test id\n"), source: "t.gal", line: 1, mentions: ["not an integer"])
        expectMalformed(read("0 -3 test id\n"), source: "t.gal", line: 1, mentions: ["negative"])
        expectMalformed(read("0 3 test id\na -1\n\n\n\n"), source: "t.gal", line: 2, mentions: ["negative", "'a'"])
        expectMalformed(read("3 test\n"), source: "t.gal", line: 1, mentions: ["header"])
    }

    @Test func selfNeighbour() {
        expectError(read("0 3 test id\na 1\nb\nb 2\na b\nc 1\nb\n"), .inFile(source: "t.gal", line: 5, .selfNeighbor("b")))
    }

    @Test func duplicateNeighbourAndDuplicateUnit() {
        expectError(read("0 3 test id\na 1\nb\nb 2\na a\nc 1\nb\n"), .inFile(source: "t.gal", line: 5, .duplicatePair("b", "a")))
        expectError(read("0 3 test id\na 1\nb\nb 2\na c\na 1\nb\n"), .inFile(source: "t.gal", line: 6, .duplicateId("a")))
    }

    @Test func countMismatchAndTrailingContent() {
        expectMalformed(read("0 3 test id\na 1\nb\nb 2\na\nc 1\nb\n"), source: "t.gal", line: 5, mentions: ["'b'", "declares 2", "lists 1"])
        expectMalformed(read("0 3 test id\na 1\nb c\nb 2\na c\nc 1\nb\n"), source: "t.gal", line: 3, mentions: ["'a'", "declares 1", "lists 2"])
        expectMalformed(read(good + "d 0\n"), source: "t.gal", line: 8, mentions: ["after the 3 units", "'d 0'"])
    }
}

@Suite struct GWTErrorTests {
    let good = "0 3 test id\na b 0.5\nb a 0.5\nb c 1.25\nc b 1.25\n"
    func read(_ text: String, ids: [String]? = nil) -> WeightsError? {
        failure { () throws(WeightsError) in try GWTFormat.read(text, source: "t.gwt", ids: ids) }
    }

    @Test func validFileReads() throws {
        let w = try GWTFormat.read(good)
        #expect(w.ids == ["a", "b", "c"])
        #expect(w.matrix[1, 2] == 1.25)
        let withIsland = try GWTFormat.read("4\n" + good.dropFirst(12), ids: ["a", "b", "c", "d"])
        #expect(withIsland.diagnostics.islands == ["d"])
        let kernel = try GWTFormat.read("2\na a 1\na b 0.25\nb b 1\nb a 0.25\n", allowSelfNeighbors: true)
        #expect(kernel.matrix[0, 0] == 1)
    }

    @Test func truncatedFile() {
        expectMalformed(read("0 3 test id\na b 0.5\nb a 0.5\nb c 1.25\nc b"), source: "t.gwt", line: 5, mentions: ["from to weight", "2 fields"])
        expectMalformed(read("0 3 test id\na b 0.5\nb a 0.5\n"), source: "t.gwt", line: 1, mentions: ["3 units", "2 distinct ids", "ids:"])
        expectMalformed(read(good, ids: ["a", "b"]), source: "t.gwt", line: 1, mentions: ["3 units", "2 ids"])
    }

    @Test func unknownId() {
        let e = read("0 3 test id\na b 0.5\nb x 0.5\n", ids: ["a", "b", "c"])
        expectError(e, .inFile(source: "t.gwt", line: 3, .unknownId("x", context: "not among the 3 ids given")))
    }

    @Test func nonNumericNaNAndNegativeWeights() {
        expectMalformed(read("0 3 test id\na b 0.5\nb c abc\n"), source: "t.gwt", line: 3, mentions: ["'abc'", "'b'", "'c'", "not a number"])
        expectError(read("0 3 test id\na b 0.5\nb c -1\n"), .inFile(source: "t.gwt", line: 3, .invalidWeight(from: "b", to: "c", value: -1)))
        expectError(read("0 3 test id\na b 1e999\nb c 1\n"), .inFile(source: "t.gwt", line: 2, .invalidWeight(from: "a", to: "b", value: .infinity)))
        guard case .inFile(_, 2, .invalidWeight("a", "b", let v))? = read("0 3 test id\na b NaN\nb c 1\n") else {
            Issue.record("NaN weight not rejected")
            return
        }
        #expect(v.isNaN)
    }

    @Test func selfNeighbour() {
        expectError(read("0 3 test id\na b 0.5\nb b 0.5\nc a 1\n"), .inFile(source: "t.gwt", line: 3, .selfNeighbor("b")))
    }

    @Test func duplicatePair() {
        expectError(read("0 3 test id\na b 0.5\nb c 1\na b 0.7\n"), .inFile(source: "t.gwt", line: 4, .duplicatePair("a", "b")))
    }
}

@Suite struct DenseCSVErrorTests {
    let good = "id,a,b,c\na,0,1,0\nb,0.5,0,0.5\nc,0,1,0\n"
    func read(_ text: String) -> WeightsError? { failure { () throws(WeightsError) in try DenseCSVFormat.read(text, source: "t.csv") } }

    @Test func layoutsAreDetected() throws {
        for text in [good, "a,b,c\n0,1,0\n0.5,0,0.5\n0,1,0\n", "a,0,1,0\nb,0.5,0,0.5\nc,0,1,0\n", "\"\",a,b,c\na,0,1,0\nb,0.5,0,0.5\nc,0,1,0\n",
                     "a,b,c\na,0,1,0\nb,0.5,0,0.5\nc,0,1,0\n"] {
            let w = try DenseCSVFormat.read(text)
            #expect(w.ids == ["a", "b", "c"], "\(text)")
            #expect(w.matrix[1, 2] == 0.5)
        }
        #expect(try DenseCSVFormat.read("0,1,0\n0.5,0,0.5\n0,1,0\n").ids == ["1", "2", "3"])
        #expect(try DenseCSVFormat.read("id,7,8\n7,0,1\n8,1,0\n").ids == ["7", "8"])
        #expect(try DenseCSVFormat.read("7,8\n0,1\n1,0\n").ids == ["7", "8"])
    }

    @Test func truncatedFile() {
        expectMalformed(read("id,a,b,c\na,0,1,0\nb,0.5,0,0.5\n"), source: "t.csv", line: 2, mentions: ["2 rows of 4 cells", "not square"])
        expectMalformed(read("id,a,b,c\na,0,1,0\nb,0.5,0,0.5\nc,0"), source: "t.csv", line: 4, mentions: ["2 cells", "4"])
        expectMalformed(read(""), source: "t.csv", line: 1, mentions: ["empty"])
        expectMalformed(read("id,a,b,c\n"), source: "t.csv", line: 1, mentions: ["no data rows"])
    }

    @Test func badIds() {
        expectMalformed(read("id,a,b,x\na,0,1,0\nb,0.5,0,0.5\nc,0,1,0\n"), source: "t.csv", line: 1, mentions: ["'x'", "'c'", "column 4"])
        expectError(read("id,a,b,a\na,0,1,0\nb,0.5,0,0.5\na,0,1,0\n"), .inFile(source: "t.csv", line: 4, .duplicateId("a")))
        expectMalformed(read("id,a,b,c\na,0,1,0\nb,0.5,0,0.5\nc,0,1,0,7\n"), source: "t.csv", line: 4, mentions: ["5 cells"])
    }

    @Test func nonNumericNaNAndNegativeCells() {
        expectMalformed(read("id,a,b,c\na,0,1,0\nb,0.5,zero,0.5\nc,0,1,0\n"), source: "t.csv", line: 3,
                        mentions: ["row 2 ('b')", "column 3 ('b')", "'zero'", "not a number"])
        expectMalformed(read("id,a,b,c\na,0,1,\nb,0.5,0,0.5\nc,0,1,0\n"), source: "t.csv", line: 2, mentions: ["column 4 ('c')", "''"])
        expectError(read("id,a,b,c\na,0,1,0\nb,0.5,0,-0.5\nc,0,1,0\n"), .inFile(source: "t.csv", line: 3, .invalidWeight(from: "b", to: "c", value: -0.5)))
        guard case .inFile(_, 2, .invalidWeight("a", "b", let v))? = read("id,a,b,c\na,0,nan,0\nb,0.5,0,0.5\nc,0,1,0\n") else {
            Issue.record("NaN cell not rejected")
            return
        }
        #expect(v.isNaN)
    }

    @Test func selfNeighbour() {
        expectError(read("id,a,b,c\na,0,1,0\nb,0.5,2,0.5\nc,0,1,0\n"), .inFile(source: "t.csv", line: 3, .selfNeighbor("b")))
    }
}

@Suite struct TripletsCSVErrorTests {
    let good = "from,to,weight\na,b,0.5\nb,a,0.5\nb,c,1.25\nc,b,1.25\n"
    func read(_ text: String, ids: [String]? = nil, symmetric: Bool = false) -> WeightsError? {
        failure { () throws(WeightsError) in try TripletsCSVFormat.read(text, source: "t.csv", ids: ids, symmetric: symmetric) }
    }

    @Test func headersAreDetected() throws {
        #expect(try TripletsCSVFormat.read(good).ids == ["a", "b", "c"])
        #expect(try TripletsCSVFormat.read("a,b,0.5\nb,a,0.5\n").ids == ["a", "b"])
        #expect(try TripletsCSVFormat.read("src,dst\n1,2\n2,1\n").ids == ["1", "2"])
        #expect(try TripletsCSVFormat.read("p,q\nx,y\n", ids: ["x", "y"]).matrix.nonzeroCount == 1)  // 'p,q' are not ids: a header
        #expect(try TripletsCSVFormat.read("x,y\ny,x\n", ids: ["x", "y"]).matrix.nonzeroCount == 2)
        #expect(try TripletsCSVFormat.read("x,y\ny,x\n", ids: ["x", "y"], hasHeader: true).matrix.nonzeroCount == 1)
        #expect(try TripletsCSVFormat.read(" 1 , 2 , 0.5\n").ids == ["1", "2"])
    }

    @Test func truncatedFile() {
        expectMalformed(read("from,to,weight\na,b,0.5\nb,a,0.5\nb,c"), source: "t.csv", line: 4, mentions: ["2 cells", "3"])
        expectMalformed(read(""), source: "t.csv", line: 1, mentions: ["empty"])
        expectMalformed(read("from,to,weight\na,b,0.5\nb,\"a,0.5\n"), source: "t.csv", line: 3, mentions: ["unterminated"])
        expectMalformed(read("a,b,c,d\n"), source: "t.csv", line: 1, mentions: ["4 columns"])
    }

    @Test func unknownAndEmptyIds() {
        expectError(read(good, ids: ["a", "b"]), .inFile(source: "t.csv", line: 4, .unknownId("c", context: "not among the 2 ids given")))
        expectMalformed(read("from,to,weight\na,,0.5\n"), source: "t.csv", line: 2, mentions: ["empty id"])
    }

    @Test func nonNumericAndNegativeWeights() {
        expectMalformed(read("from,to,weight\na,b,0.5\nb,c,heavy\n"), source: "t.csv", line: 3, mentions: ["'heavy'", "'b'", "'c'"])
        expectError(read("from,to,weight\na,b,-2\n"), .inFile(source: "t.csv", line: 2, .invalidWeight(from: "a", to: "b", value: -2)))
    }

    @Test func selfNeighbour() {
        expectError(read("from,to\n1,2\n3,3\n"), .inFile(source: "t.csv", line: 3, .selfNeighbor("3")))
    }

    @Test func duplicatePair() {
        expectError(read(good + "a,b,1\n"), .inFile(source: "t.csv", line: 6, .duplicatePair("a", "b")))
        // An undirected edge list gives each pair once: the reverse of an edge is a duplicate.
        expectError(read("from,to\n1,2\n2,3\n2,1\n", symmetric: true), .inFile(source: "t.csv", line: 4, .duplicatePair("2", "1")))
    }
}

@Suite struct WeightsJSONErrorTests {
    func read(_ text: String) -> WeightsError? { failure { () throws(WeightsError) in try WeightsJSONFormat.read(text, source: "w.json") } }
    let ids = "\"ids\": [\"a\", \"b\", \"c\"]"

    @Test func syntaxErrorsNameTheLine() {
        expectMalformed(read("{\n  \(ids),\n  \"neighbors\": [[1], [0 2], [1]]\n}"), source: "w.json", line: 3, mentions: ["not valid JSON"])
        expectMalformed(read("{\n  \(ids),\n  \"neighbors\": [[1], [0, 2], [1]]\n"), source: "w.json", line: 3, mentions: ["not valid JSON", "at the end of the text"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2,], [1]]}"), source: "w.json", line: 1, mentions: ["column 51", "found ']'"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"n\": 3, \"n\": 4}"), source: "w.json", line: 1, mentions: ["'n'", "twice"])
        expectMalformed(read("{\"ids\": [\"a\\ud800\"], \"neighbors\": [[]]}"), source: "w.json", line: 1, mentions: ["surrogate"])
        expectMalformed(read(""), source: "w.json", line: 1, mentions: ["not valid JSON"])
        expectMalformed(read(String(repeating: "[", count: 10_000)), source: "w.json", line: 1, mentions: ["nested"])
        expectMalformed(read("[1, 2]"), source: "w.json", line: 0, mentions: ["top level"])
    }

    @Test func structureErrorsNameTheEntry() {
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, \"c\"], [1]]}"), source: "w.json", line: 0, mentions: ["neighbors[1][1]", "'c'"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2.5], [1]]}"), source: "w.json", line: 0, mentions: ["neighbors[1][1]", "2.5"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, true], [1]]}"), source: "w.json", line: 0, mentions: ["neighbors[1][1]", "boolean"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2]]}"), source: "w.json", line: 0, mentions: ["'ids' has 3", "2 lists"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"weights\": [[1], [0.5], [1]]}"), source: "w.json", line: 0,
                        mentions: ["weights[1] has 1", "neighbors[1] has 2"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"weights\": [[1], [0.5, \"x\"], [1]]}"), source: "w.json", line: 0,
                        mentions: ["weights[1][1]"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"n\": 4}"), source: "w.json", line: 0, mentions: ["'n' is 4"])
        expectMalformed(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"transformation\": \"W\"}"), source: "w.json", line: 0, mentions: ["row"])
        expectMalformed(read("{\(ids)}"), source: "w.json", line: 0, mentions: ["no key 'neighbors'"])
    }

    @Test func badIndicesIdsAndWeights() {
        let e = read("{\(ids), \"neighbors\": [[1], [0, 5], [1]]}")
        #expect(e?.withoutLocation == .unknownId("5", context: "neighbors[1][1], a neighbour of unit 'b': indices are 0-based and there are 3 units"))
        expectError(read("{\(ids), \"neighbors\": [[1], [0, 1], [1]]}"), .inFile(source: "w.json", line: 0, .selfNeighbor("b")))
        expectError(read("{\(ids), \"neighbors\": [[1, 1], [0], [1]]}"), .inFile(source: "w.json", line: 0, .duplicatePair("a", "b")))
        expectError(read("{\"ids\": [\"a\", \"a\"], \"neighbors\": [[1], [0]]}"), .inFile(source: "w.json", line: 0, .duplicateId("a")))
        expectError(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"weights\": [[1], [0.5, -0.5], [1]]}"),
                    .inFile(source: "w.json", line: 0, .invalidWeight(from: "b", to: "c", value: -0.5)))
        expectError(read("{\(ids), \"neighbors\": [[1], [0, 2], [1]], \"weights\": [[1], [0.5, 1e400], [1]]}"),
                    .inFile(source: "w.json", line: 0, .invalidWeight(from: "b", to: "c", value: .infinity)))
    }
}

@Suite struct WeightsFileIOErrorTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("weights-io-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    @Test func unreadableFilesAreNamed() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nope.gal")
        expectMalformed(failure { () throws(WeightsError) in try SpatialWeights.read(from: missing) }, source: "nope.gal", line: 0, mentions: ["cannot read", "nope.gal"])

        let binary = dir.appendingPathComponent("bytes.gal")
        try Data([0x30, 0x20, 0xFF, 0xFE, 0x0A]).write(to: binary)
        expectMalformed(failure { () throws(WeightsError) in try SpatialWeights.read(from: binary) }, source: "bytes.gal", line: 0, mentions: ["UTF-8"])

        let unknown = dir.appendingPathComponent("w.txt")
        try Data("1\na 0\n".utf8).write(to: unknown)
        let e = failure { () throws(WeightsError) in try SpatialWeights.read(from: unknown) }
        #expect(e?.description.contains("w.txt") == true)
        #expect(try SpatialWeights.read(from: unknown, format: .gal).ids == ["a"])

        let gal = dir.appendingPathComponent("w.gal")
        try Data("2\na 1\nb\nb 1\na\n".utf8).write(to: gal)
        #expect(failure { () throws(WeightsError) in try SpatialWeights.read(from: gal, ids: ["a", "z"]) }
                == .inFile(source: "w.gal", line: 0, .unknownId("z", context: "not among the weights' ids")))
    }

    @Test func unwritableFilesAndContentAreNamed() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try SpatialWeights(ids: ["a", "b"], neighbors: [[1], [0]], weights: [[0.5], [2]])
        let nowhere = dir.appendingPathComponent("missing-dir/w.json")
        expectMalformed(failure { () throws(WeightsError) in try w.write(to: nowhere) }, source: "w.json", line: 0, mentions: ["cannot write"])
        guard case .inFile("w.gal", 0, .unsupported(let why))? = failure({ () throws(WeightsError) in try w.write(to: dir.appendingPathComponent("w.gal")) }) else {
            Issue.record("non-binary weights written as GAL")
            return
        }
        #expect(why.contains("binary"))
        let spaced = try SpatialWeights(ids: ["New York", "b"], neighbors: [[1], [0]])
        #expect(failure { () throws(WeightsError) in try GWTFormat.write(spaced) } != nil)
        #expect(try TripletsCSVFormat.read(TripletsCSVFormat.write(spaced)).ids == ["New York", "b"])
    }
}
