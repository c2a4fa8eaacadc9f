import Foundation

/// How the weights file formats spell numbers and ids, shared by their readers and writers: number text that
/// reads back exactly, id checks before writing, CSV quoting, and short quotes of bad input for messages.
enum WeightsFileText {
    /// The shortest text that reads back as exactly `v` (`"1"` for integral values below 2^53, else Swift's
    /// round-trip `description`, e.g. `"0.3333333333333333"`, `"1e-05"`).
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992, let i = Int(exactly: v) { return String(i) }
        return v.description
    }

    /// A weight read from a file: a number in decimal notation after trimming spaces (`nil` if it is not one, e.g.
    /// hexadecimal `0x1A`; see ``CSVReader/number(_:)``). NaN, infinities and negative values are returned as such
    /// for the caller to reject with the pair named.
    static func weight(_ token: String) -> Double? { CSVReader.number(token) }

    /// Whether `s` is non-empty and begins and ends with a printable ASCII character other than space (a cheap
    /// test that lets most cells skip Foundation's trimming).
    static func hasNoOuterWhitespace(_ s: String) -> Bool {
        guard let f = s.utf8.first, let l = s.utf8.last else { return false }
        return (0x21...0x7E).contains(f) && (0x21...0x7E).contains(l)
    }

    /// Checks that an id can be written in `format` and reads back the same: not empty; for the
    /// whitespace-separated formats (GAL, GWT: `token == true`) free of the separators space, tab, CR, LF, VT and FF;
    /// for CSV (`token == false`) not beginning or ending with whitespace, which the CSV readers trim.
    static func checkWritable(_ id: String, format: String, token: Bool) throws(WeightsError) {
        guard let first = id.unicodeScalars.first, let last = id.unicodeScalars.last else {
            throw .unsupported("\(format) cannot hold an empty id")
        }
        if token {
            if id.utf8.contains(where: { $0 == 0x20 || (0x09...0x0D).contains($0) }) {
                throw .unsupported("\(format) separates fields by whitespace and cannot hold id \(quoted(id))")
            }
        } else if CharacterSet.whitespacesAndNewlines.contains(first) || CharacterSet.whitespacesAndNewlines.contains(last) {
            throw .unsupported("\(format) cannot hold id \(quoted(id)): it begins or ends with whitespace")
        }
    }

    /// A CSV field, quoted as RFC 4180 requires when it holds a comma, a quote or a line break.
    static func csvField(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// CSV records with their 1-based line numbers, CSV syntax errors turned into ``WeightsError/malformed(source:line:reason:)``.
    static func csvRecords(_ text: String, source: String) throws(WeightsError) -> [(line: Int, fields: [String])] {
        do {
            return try CSVReader.records(text, source: source)
        } catch {
            if case .malformed(let s, let l, let r) = error { throw .malformed(source: s, line: l, reason: r) }
            throw .malformed(source: source, line: 0, reason: error.description)
        }
    }

    /// A cell trimmed of whitespace, line breaks included (ids and numbers in CSV files may be padded).
    static func trimmed(_ s: String) -> String { hasNoOuterWhitespace(s) ? s : s.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A token or text quoted for an error message, cut to 40 characters so that garbage input gives short messages.
    static func quoted(_ s: String) -> String {
        let cut = s.count > 40 ? String(s.prefix(40)) + "..." : s
        return "'" + cut + "'"
    }
}
