import Foundation

/// Writing results through an ``OutputSink``: JSON on stdout (pretty, sorted keys, full precision, NaN and
/// infinities as null), text on stdout, errors and warnings on stderr.
struct Console: Sendable {
    let sink: OutputSink

    func json<T: Encodable>(_ value: T) throws {
        sink.standardOutput(try Self.jsonText(value) + "\n")
    }

    /// The JSON text of `value` as `--json` prints it (without the final newline).
    static func jsonText<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // NaN and infinities are written as null (JSON has no such numbers): encoded as a marker string first, then
        // replaced, since JSONEncoder cannot write null for a Double.
        let marker = "\u{1}non-finite\u{1}"
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        let quoted = String(decoding: try JSONEncoder().encode(marker), as: UTF8.self)
        return text.replacingOccurrences(of: quoted, with: "null")
    }

    func text(_ s: String) {
        sink.standardOutput(s.hasSuffix("\n") ? s : s + "\n")
    }

    func error(_ s: String) {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        sink.standardError("spatial: \(line)\n")
    }

    func warning(_ s: String) {
        sink.standardError("spatial: warning: \(s)\n")
    }
}
