import Foundation

/// Text of the package's tables as LaTeX: the notation the reports write in ASCII (`sigma^2`, `R^2`,
/// `ln|I - rho W|`, `rho`, `lambda`, `chi2(1)`) set as math, significance stars as superscripts, and every other
/// character LaTeX treats specially escaped, so that a table compiles with plain `pdflatex` when its labels are ASCII.
///
/// Recognised notation (longest match first): `sigma_mu^2`, `sigma_e^2`, `sigma^2`, `s^2`, `R^2`, `adj. R^2`'s `R^2`,
/// `ln|I - rho W|`, `ln(1 - rho)`, `chi2(k)`, `I_T kron W`, and the Greek names `rho`, `lambda`, `phi`, `theta`, `psi`,
/// `sigma`, `mu`, `alpha`, `beta` as whole words. Runs of `*` become `$^{*}$`, `$^{**}$`, `$^{***}$`.
enum LaTeXText {
    /// Fixed ASCII notation and its LaTeX math.
    private static let notation: [(String, String)] = [
        ("ln|I - rho W|", "$\\ln|I - \\rho W|$"), ("ln|I - lambda W|", "$\\ln|I - \\lambda W|$"), ("ln(1 - rho)", "$\\ln(1 - \\rho)$"),
        ("sigma_mu^2", "$\\sigma_\\mu^2$"), ("sigma_e^2", "$\\sigma_e^2$"), ("sigma^2", "$\\sigma^2$"), ("s^2", "$s^2$"),
        ("R^2", "$R^2$"), ("I_T kron W", "$I_T \\otimes W$"),
    ].sorted { $0.0.count > $1.0.count }
    private static let greek: Set<String> = ["rho", "lambda", "phi", "theta", "psi", "sigma", "mu", "alpha", "beta"]

    /// `s` as LaTeX text (math where the notation above is recognised, the rest escaped).
    static func escape(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        var i = 0
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            // Fixed notation.
            if let (ascii, math) = notation.first(where: { matches($0.0, chars, at: i) }) {
                out += math
                i += ascii.count
                continue
            }
            // chi2(k) -> $\chi^2(k)$.
            if matches("chi2(", chars, at: i), let close = chars[i...].firstIndex(of: ")"), chars[(i + 5)..<close].allSatisfy(\.isNumber) {
                out += "$\\chi^2(" + String(chars[(i + 5)..<close]) + ")$"
                i = close + 1
                continue
            }
            // A Greek name as a whole word.
            if chars[i].isLetter, i == 0 || !isWordCharacter(chars[i - 1]) {
                var j = i
                while j < chars.count && chars[j].isLetter { j += 1 }
                let word = String(chars[i..<j])
                if greek.contains(word), j == chars.count || !isWordCharacter(chars[j]) {
                    out += "$\\" + word + "$"
                    i = j
                    continue
                }
            }
            // Significance stars.
            if chars[i] == "*" {
                var j = i
                while j < chars.count && chars[j] == "*" { j += 1 }
                out += "$^{" + String(repeating: "*", count: j - i) + "}$"
                i = j
                continue
            }
            switch chars[i] {
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(chars[i])
            case "^": out += "\\^{}"
            case "~": out += "\\textasciitilde{}"
            case "\\": out += "\\textbackslash{}"
            case "<": out += "$<$"
            case ">": out += "$>$"
            case "|": out += "$|$"
            default: out.append(chars[i])
            }
            i += 1
        }
        return out
    }

    private static func matches(_ pattern: String, _ chars: [Character], at i: Int) -> Bool {
        let p = Array(pattern)
        guard i + p.count <= chars.count else { return false }
        for k in p.indices where chars[i + k] != p[k] { return false }
        // Notation starting with a letter must start a word (so "ln|...|" inside "kln|" is not taken).
        if let first = p.first, first.isLetter, i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber { return false }
        return true
    }
}
