import Foundation

/// A minimal RFC 4180 reader: comma-separated fields, optional double quotes (with `""` for a quote inside),
/// CRLF, LF or lone CR line ends (classic Mac OS and some Excel exports end lines with CR only), a UTF-8
/// byte-order mark ignored. Returns the records with their 1-based line numbers.
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
                    // A line break inside quotes is kept as text; LF, CRLF and a lone CR each count as one line.
                    if b == UInt8(ascii: "\n") || (b == UInt8(ascii: "\r") && !(i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"))) { line += 1 }
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
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    // CRLF is one line end; a lone CR (no LF after it) is one too.
                    if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
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

    /// Parses a number the way data files write them: decimal notation only, an optional sign, digits with an
    /// optional decimal point (`1.5`, `.5`, `2.`), and an optional exponent (`-2e-3`, `1E+5`); blanks around it are
    /// ignored. The words `nan`, `inf` and `infinity` (any case, optionally signed) give NaN or an infinity, which
    /// every caller rejects as non-finite with the cell or pair named, as it does for `1e400`.
    ///
    /// Everything else is `nil`, including what Swift's `Double(_:)` (strtod) would also accept: hexadecimal
    /// (`0x1A` would be 26, `0x1p3` 8), `nan(...)` payloads, and leading or trailing garbage. A cell like `0x1A`
    /// is a typo or an id, not the number 26.
    static func number(_ s: String) -> Double? {
        let t = trimmed(s)
        guard !t.isEmpty, t.utf8.count < 400, isDecimalNotation(t) else { return nil }
        return Double(t)
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, or `[+-]? (nan | inf | infinity)` in any case.
    static func isDecimalNotation(_ s: String) -> Bool {
        var it = s.utf8[...]
        if let f = it.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { it = it.dropFirst() }
        guard let first = it.first else { return false }
        if first >= 0x41 {  // a letter: only the non-finite words
            let word = String(decoding: it, as: UTF8.self).lowercased()
            return word == "nan" || word == "inf" || word == "infinity"
        }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var digits = 0
        while let b = it.first, isDigit(b) { digits += 1; it = it.dropFirst() }
        if it.first == UInt8(ascii: ".") {
            it = it.dropFirst()
            while let b = it.first, isDigit(b) { digits += 1; it = it.dropFirst() }
        }
        guard digits > 0 else { return false }
        if let e = it.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            it = it.dropFirst()
            if let sign = it.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { it = it.dropFirst() }
            var exponentDigits = 0
            while let b = it.first, isDigit(b) { exponentDigits += 1; it = it.dropFirst() }
            guard exponentDigits > 0 else { return false }
        }
        return it.isEmpty
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
