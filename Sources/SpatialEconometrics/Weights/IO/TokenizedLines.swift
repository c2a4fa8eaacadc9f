/// Whitespace-separated text split into numbered lines of tokens: the lexical layer of GAL and GWT files.
///
/// Lines end at LF, CRLF or a lone CR; tokens are separated by spaces, tabs, form feeds or vertical tabs.
/// A UTF-8 byte-order mark at the start is ignored. Every line is kept, blank ones included (as empty token
/// lists), so that callers can report 1-based line numbers. Works on bytes, so any input (even invalid UTF-8,
/// which `String` has already repaired to U+FFFD) is split without trapping.
struct TokenizedLines {
    /// One line: its 1-based number and its tokens (empty for a blank line).
    struct Line {
        let number: Int
        let tokens: [String]
        var isBlank: Bool { tokens.isEmpty }
    }

    let lines: [Line]

    init(_ text: String) {
        var out = [Line]()
        var tokens = [String]()
        var token = [UInt8]()
        var number = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endToken() {
            if !token.isEmpty {
                tokens.append(String(decoding: token, as: UTF8.self))
                token.removeAll(keepingCapacity: true)
            }
        }
        func endLine() {
            endToken()
            out.append(Line(number: number, tokens: tokens))
            tokens.removeAll(keepingCapacity: true)
            number += 1
        }
        var previousWasCR = false
        for b in bytes {
            switch b {
            case 0x0A:  // LF (after a CR it closes the same CRLF line break)
                if !previousWasCR { endLine() }
            case 0x0D:  // CR
                endLine()
            case 0x20, 0x09, 0x0B, 0x0C:  // space, tab, vertical tab, form feed
                endToken()
            default:
                token.append(b)
            }
            previousWasCR = b == 0x0D
        }
        if !token.isEmpty || !tokens.isEmpty { endLine() }
        lines = out
    }

    /// Index (into ``lines``) of the first non-blank line at or after `start`, or `nil`.
    func firstNonBlank(from start: Int) -> Int? {
        var i = start
        while i < lines.count {
            if !lines[i].isBlank { return i }
            i += 1
        }
        return nil
    }

    /// Number of the last line (0 for empty text), for "unexpected end of file" messages.
    var lastLineNumber: Int { lines.last?.number ?? 0 }
}
