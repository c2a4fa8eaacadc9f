import Foundation

/// Splits a column expression or formula into tokens, by hand: numbers in decimal notation (`2`, `0.5`, `1e-3`),
/// names (letters of any script, digits, `_` and `.`, not starting with a digit), names in backticks (any character
/// but a backtick), and the symbols `+ - * / ^ ( ) , ~ :`. Blanks separate tokens and are otherwise ignored.
enum ExpressionTokenizer {
    static func tokens(_ text: String) throws(ExpressionError) -> [ExpressionToken] {
        let c = Array(text)
        var out = [ExpressionToken](), i = 0
        func isNameStart(_ ch: Character) -> Bool { ch.isLetter || ch == "_" }
        func isNamePart(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || ch == "_" || ch == "." }
        func isDigit(_ ch: Character) -> Bool { ch.isASCII && ch.isNumber }
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            if isDigit(ch) || (ch == "." && i + 1 < c.count && isDigit(c[i + 1])) {
                let start = i
                while i < c.count, isDigit(c[i]) { i += 1 }
                if i < c.count, c[i] == "." { i += 1; while i < c.count, isDigit(c[i]) { i += 1 } }
                if i < c.count, c[i] == "e" || c[i] == "E" {
                    var j = i + 1
                    if j < c.count, c[j] == "+" || c[j] == "-" { j += 1 }
                    if j < c.count, isDigit(c[j]) {
                        i = j
                        while i < c.count, isDigit(c[i]) { i += 1 }
                    }
                }
                if i < c.count, isNameStart(c[i]) {
                    throw .syntax(expression: text, position: start + 1, message: "'\(String(c[start...i]))...' is neither a number nor a name",
                                  fix: "names start with a letter or _; write other names in backticks, e.g. `\(String(c[start..<min(c.count, i + 3)]))`")
                }
                guard let v = Double(String(c[start..<i])) else {
                    throw .syntax(expression: text, position: start + 1, message: "'\(String(c[start..<i]))' is not a number", fix: "write numbers as 2, 0.5 or 1e-3")
                }
                out.append(ExpressionToken(kind: .number(v), start: start, end: i))
            } else if isNameStart(ch) || ch == "." {
                let start = i
                while i < c.count, isNamePart(c[i]) { i += 1 }
                out.append(ExpressionToken(kind: .name(String(c[start..<i]), quoted: false), start: start, end: i))
            } else if ch == "`" {
                let start = i
                i += 1
                while i < c.count, c[i] != "`" { i += 1 }
                guard i < c.count else {
                    throw .syntax(expression: text, position: start + 1, message: "the backtick opening a name is not closed", fix: "end the name with a backtick: `name`")
                }
                let name = String(c[(start + 1)..<i])
                i += 1
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw .syntax(expression: text, position: start + 1, message: "empty name in backticks", fix: "write the column's name between the backticks")
                }
                out.append(ExpressionToken(kind: .name(name, quoted: true), start: start, end: i))
            } else if "+-*/^(),~:".contains(ch) {
                out.append(ExpressionToken(kind: .symbol(ch), start: i, end: i + 1))
                i += 1
            } else {
                throw .syntax(expression: text, position: i + 1, message: "unexpected character '\(ch)'",
                              fix: "use + - * / ^, parentheses and functions; write names with blanks, dashes or other characters in backticks")
            }
        }
        out.append(ExpressionToken(kind: .end, start: c.count, end: c.count))
        return out
    }
}
