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
        var text = text
        var out = [Line]()
        text.withUTF8 { buffer in
            var tokens = [String]()
            var number = 1, i = 0, tokenStart = -1
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            while i < buffer.count {
                let b = buffer[i]
                let lineBreak = b == 0x0A || b == 0x0D
                if lineBreak || b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C {
                    if tokenStart >= 0 {
                        tokens.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[tokenStart..<i]), as: UTF8.self))
                        tokenStart = -1
                    }
                    if lineBreak {
                        out.append(Line(number: number, tokens: tokens))
                        tokens.removeAll(keepingCapacity: true)
                        number += 1
                        if b == 0x0D, i + 1 < buffer.count, buffer[i + 1] == 0x0A { i += 1 }  // CRLF is one break
                    }
                } else if tokenStart < 0 {
                    tokenStart = i
                }
                i += 1
            }
            if tokenStart >= 0 { tokens.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[tokenStart..<buffer.count]), as: UTF8.self)) }
            if !tokens.isEmpty { out.append(Line(number: number, tokens: tokens)) }
        }
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
