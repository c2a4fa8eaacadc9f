// Lists every public declaration of a module that has no doc comment, from the symbol graphs that
// `make docs` builds (`swift-symbolgraph-extract`), and exits 1 when there is one. Run by `make docs-coverage`:
//   swiftc -O .ci/undocumented-symbols.swift -o .build/docs-tools/undocumented-symbols
//   .build/docs-tools/undocumented-symbols .build/symbol-graphs/SpatialEconometrics*.symbols.json
// Foundation only, so that CI needs nothing beyond the Swift toolchain.
//
// Counted: symbols whose access level is public or open and that carry no doc comment (their own, or one the
// symbol graph gives them from the protocol requirement they implement). Not counted, since their documentation is
// the standard library's: members a type gets from a protocol extension of another module (precise identifier with
// `::SYNTHESIZED::`: `!=`, `hashValue`, `localizedDescription`, ...), declarations the compiler writes (no source
// location: `init(rawValue:)`, Codable's `init(from:)`), and the witnesses of the standard library's protocols named
// in `standardWitnesses` (`description`, `==`, `hash(into:)`, `encode(to:)`, `CodingKeys`, ...).
import Foundation

struct SymbolGraph: Decodable {
    struct Symbol: Decodable {
        struct Kind: Decodable { let identifier: String; let displayName: String }
        struct Identifier: Decodable { let precise: String }
        struct Location: Decodable {
            struct Position: Decodable { let line: Int }
            let uri: String
            let position: Position
        }
        struct DocComment: Decodable {}
        let kind: Kind
        let identifier: Identifier
        let pathComponents: [String]
        let accessLevel: String
        let docComment: DocComment?
        let location: Location?
    }
    let symbols: [Symbol]
}

let standardWitnesses: Set<String> = [
    "description", "debugDescription", "errorDescription", "failureReason", "recoverySuggestion", "helpAnchor",
    "hash(into:)", "hashValue", "==(_:_:)", "!=(_:_:)", "<(_:_:)", "encode(to:)", "init(from:)", "CodingKeys",
    "rawValue", "init(rawValue:)", "makeIterator()", "next()",
]

let files = CommandLine.arguments.dropFirst()
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("usage: undocumented-symbols GRAPH.symbols.json...\n".utf8))
    exit(2)
}
let root = FileManager.default.currentDirectoryPath + "/"
var seen = Set<String>()
var missing: [(file: String, line: Int, name: String, kind: String)] = []
var publicCount = 0
for file in files {
    let graph: SymbolGraph
    do {
        graph = try JSONDecoder().decode(SymbolGraph.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
    } catch {
        FileHandle.standardError.write(Data("undocumented-symbols: cannot read \(file): \(error)\n".utf8))
        exit(2)
    }
    for symbol in graph.symbols where ["public", "open"].contains(symbol.accessLevel) {
        guard seen.insert(symbol.identifier.precise).inserted else { continue }
        guard !symbol.identifier.precise.contains("::SYNTHESIZED::"), let location = symbol.location,
              !standardWitnesses.contains(symbol.pathComponents.last ?? "") else { continue }
        publicCount += 1
        guard symbol.docComment == nil else { continue }
        var path = location.uri.hasPrefix("file://") ? String(location.uri.dropFirst(7)) : location.uri
        if path.hasPrefix(root) { path.removeFirst(root.count) }
        missing.append((path, location.position.line + 1, symbol.pathComponents.joined(separator: "."),
                        symbol.kind.displayName.lowercased()))
    }
}
missing.sort { ($0.file, $0.line, $0.name) < ($1.file, $1.line, $1.name) }
for m in missing { print("\(m.file):\(m.line): \(m.name) (\(m.kind)) has no doc comment") }
print("\(missing.count) of \(publicCount) public declarations have no doc comment")
exit(missing.isEmpty ? 0 : 1)
