import Foundation

/// A minimal RFC 4180 reader: comma-separated fields, optional double quotes (with `""` for a quote inside),
/// CRLF or LF line ends, a UTF-8 byte-order mark ignored. Returns the records with their 1-based line numbers.
enum CSVReader {
    static func records(_ text: String, source: String) throws(DataError) -> [(line: Int, fields: [String])] {
        var out = [(line: Int, fields: [String])]()
        var fields = [String]()
        var field = [UInt8]()
        var inQuotes = false, quotedField = false
        var line = 1, recordLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quotedField = false
        }
        func finishRecord() {
            finishField()
            if !(fields.count == 1 && fields[0].isEmpty) { out.append((recordLine, fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { inQuotes = false }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: "\""):
                    if field.allSatisfy({ $0 == UInt8(ascii: " ") }) && !quotedField {
                        field.removeAll(); inQuotes = true; quotedField = true
                    } else {
                        throw .malformed(source: source, line: line, reason: "unexpected quote inside an unquoted field")
                    }
                case UInt8(ascii: ","): finishField()
                case UInt8(ascii: "\r"): break
                case UInt8(ascii: "\n"):
                    finishRecord(); line += 1; recordLine = line
                default:
                    if quotedField && b != UInt8(ascii: " ") {
                        throw .malformed(source: source, line: line, reason: "text after a closing quote")
                    }
                    field.append(b)
                }
            }
            i += 1
        }
        if inQuotes { throw .malformed(source: source, line: recordLine, reason: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        return out
    }

    /// Parses a number the way data files write them ("1.5", "-2e-3", "NaN" rejected by callers as non-finite).
    static func number(_ s: String) -> Double? {
        let t = trimmed(s)
        guard !t.isEmpty, t.utf8.count < 400 else { return nil }
        return Double(t)
    }

    static func isMissing(_ s: String) -> Bool {
        let t = trimmed(s)
        return t.isEmpty || t == "NA" || t == "na" || t == "N/A" || t == "."
    }

    /// `s` without leading and trailing blanks; the common case (none) costs two byte reads, not a Foundation call.
    @inline(__always) static func trimmed(_ s: String) -> String {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return s }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        return blank(first) || blank(last) || first >= 0x80 || last >= 0x80 ? s.trimmingCharacters(in: .whitespaces) : s
    }
}
