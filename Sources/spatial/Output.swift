import Foundation

/// Writing results: JSON on stdout (full precision, NaN as null), text on stdout, errors on stderr.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // NaN and infinities are written as null (JSON has no such numbers): encoded as a marker string first, then
        // replaced, since JSONEncoder cannot write null for a Double.
        let marker = "\u{1}non-finite\u{1}"
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        let quoted = String(decoding: try JSONEncoder().encode(marker), as: UTF8.self)
        FileHandle.standardOutput.write(Data(text.replacingOccurrences(of: quoted, with: "null").utf8))
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
