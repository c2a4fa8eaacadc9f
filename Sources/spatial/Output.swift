import Foundation

/// Writing results: JSON on stdout (full precision, NaN as null), text on stdout, errors on stderr.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func text(_ s: String) {
        FileHandle.standardOutput.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
    }

    static func error(_ s: String) {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("spatial: \(line)\n".utf8))
    }

    static func warning(_ s: String) {
        FileHandle.standardError.write(Data("spatial: warning: \(s)\n".utf8))
    }
}
