import Foundation

/// A regression formula with R's meaning: `"log(gsp) ~ log(pcap) + I(pc / emp) + unemp"`.
///
/// `~` separates the response from the terms; `+` separates terms; each term is a column expression
/// (``ColumnExpression``: a name, a function call such as `log(pcap)`, or `I(...)` around arithmetic); `a:b` is
/// the product column named `a:b`; `a*b` expands to `a + b + a:b` (and `a*b*c` to every main effect and
/// interaction); `- 1` or `+ 0` drops the intercept, `+ 1` keeps it; `- x` removes the term `x`. Terms are ordered
/// as R orders them, by degree (main effects, then two-way interactions, ...), each in order of first appearance;
/// a repeated term appears once. Terms are named as written (`log(pcap)`, `I(pc / emp)`, `a:b`).
///
/// Outside `I()` or a function's parentheses, `/` and `^` are formula operators in R (nesting, crossing), which
/// are not supported here: they are an error that says to wrap the arithmetic in `I()`.
///
/// ```swift
/// let f = try Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
/// let data = try RegressionData(table: produc, formula: f)
/// ```
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// The formula as written, trimmed.
    public let text: String
    /// The response, left of `~`.
    public let response: ColumnExpression
    /// The regressors, without the intercept, in R's order.
    public let terms: [ColumnExpression]
    /// False after `- 1` or `+ 0`.
    public let intercept: Bool

    public var description: String { text }
    /// The terms' names: as the `x:` of the entry points that take column names (panel fits), each is parsed back
    /// to the same expression.
    public var termNames: [String] { terms.map(\.text) }

    /// Parses an R-style formula such as `y ~ a + log(b) + I(c / d)`: the response left of `~`, the terms right of
    /// it, separated by `+`, each a ``ColumnExpression``.
    /// - Throws: ``ExpressionError`` naming the position of a malformed formula or term.
    public init(_ text: String) throws(ExpressionError) {
        let f = text.trimmingCharacters(in: .whitespacesAndNewlines)
        self.text = f
        let chars = Array(f)
        let tokens = try ExpressionTokenizer.tokens(f)
        let tildes = Self.topLevel(tokens).filter { tokens[$0].isSymbol("~") }
        guard let tilde = tildes.first else {
            throw .syntax(expression: f, position: max(1, chars.count), message: "a formula needs '~' between the response and the terms",
                          fix: "write response ~ term + term, e.g. log(y) ~ x1 + x2")
        }
        if tildes.count > 1 {
            throw .syntax(expression: f, position: tokens[tildes[1]].position, message: "a second '~'", fix: "a formula has one '~': response ~ terms")
        }
        guard tilde > 0 else {
            throw .syntax(expression: f, position: tokens[tilde].position, message: "no response before '~'", fix: "write the response first: y ~ x")
        }
        func source(_ r: Range<Int>) -> String {
            guard let a = r.first, let b = r.last else { return "" }
            return String(chars[tokens[a].start..<tokens[b].end]).trimmingCharacters(in: .whitespaces)
        }
        func expression(_ r: Range<Int>) throws(ExpressionError) -> ColumnExpression {
            let end = tokens[r.upperBound]
            var parser = ExpressionParser(f, tokens: Array(tokens[r]) + [ExpressionToken(kind: .end, start: end.start, end: end.start)])
            return ColumnExpression(text: source(r), node: try parser.parseWhole(), source: f)
        }
        self.response = try expression(0..<tilde)

        // Terms: runs of tokens at depth 0 between + and -, each a product (by * and :) of factors.
        var intercept = true
        var kept = [(degree: Int, expression: ColumnExpression)](), removed = Set<String>()
        var i = tilde + 1
        var sign: Character = "+"
        if tokens[i].kind == .end {
            throw .syntax(expression: f, position: tokens[i].position, message: "no terms after '~'", fix: "write the terms, or 1 for an intercept only: y ~ 1")
        }
        if tokens[i].isSymbol("-") || tokens[i].isSymbol("+") { sign = tokens[i].isSymbol("-") ? "-" : "+"; i += 1 }
        while true {
            // One term: factors separated by * or : at depth 0, up to + - or the end.
            var groups = [[Range<Int>]](), group = [Range<Int>](), start = i, depth = 0
            let termStart = i
            var opens = [Int]()
            while true {
                let t = tokens[i]
                if t.isSymbol("(") { depth += 1; opens.append(t.position) } else if t.isSymbol(")") { depth -= 1; _ = opens.popLast() }
                if depth < 0 {
                    throw .syntax(expression: f, position: t.position, message: "')' without a matching '('", fix: "remove it or add the '(' it closes")
                }
                let atEnd = t.kind == .end
                if atEnd && depth > 0 {
                    throw .syntax(expression: f, position: opens.last ?? t.position, message: "a '(' is not closed", fix: "add the ')' that closes it")
                }
                if depth == 0 && (atEnd || t.isSymbol("+") || t.isSymbol("-") || t.isSymbol("*") || t.isSymbol(":")) {
                    guard i > start else {
                        throw .syntax(expression: f, position: t.position, message: atEnd ? "the formula ends after an operator" : "a term is missing before '\(t.kind == .symbol("*") ? "*" : t.isSymbol(":") ? ":" : t.isSymbol("+") ? "+" : "-")'",
                                      fix: "write a term (a column or an expression) between the operators")
                    }
                    group.append(start..<i)
                    if !t.isSymbol(":") { groups.append(group); group = [] }
                    start = i + 1
                    if atEnd || t.isSymbol("+") || t.isSymbol("-") { break }
                } else if depth == 0 && (t.isSymbol("/") || t.isSymbol("^")) {
                    throw .syntax(expression: f, position: t.position, message: "'\(t.isSymbol("/") ? "/" : "^")' outside I() is a formula operator (nesting or crossing in R), not arithmetic",
                                  fix: "wrap arithmetic in I(): I(\(source(termStart..<Self.termEnd(tokens, from: termStart))))")
                }
                i += 1
            }
            // A lone 0 or 1 is the intercept.
            if groups.count == 1, groups[0].count == 1, case .number(let v) = tokens[groups[0][0].lowerBound].kind, groups[0][0].count == 1 {
                guard v == 0 || v == 1 else {
                    throw .syntax(expression: f, position: tokens[groups[0][0].lowerBound].position, message: "a number as a term",
                                  fix: "only 1 (intercept) and 0 or - 1 (no intercept) are terms; wrap a constant column in I()")
                }
                intercept = (v == 1) == (sign == "+")
            } else {
                for g in groups {
                    for r in g where tokens[r.lowerBound].isSymbol("(") {
                        throw .syntax(expression: f, position: tokens[r.lowerBound].position, message: "parentheses grouping terms are not supported",
                                      fix: "write the terms out (a*c + b*c for (a + b)*c), or wrap arithmetic in I()")
                    }
                }
                guard groups.count <= 8 else {
                    throw .syntax(expression: f, position: tokens[termStart].position, message: "more than 8 factors crossed by '*' in one term (\(groups.count))",
                                  fix: "write the interactions wanted with ':' and '+'")
                }
                let factorGroups = try groups.map { (g) throws(ExpressionError) in try g.map { (r) throws(ExpressionError) in try expression(r) } }
                // Every non-empty subset of the *-groups, lowest degree first: a*b = a + b + a:b.
                let count = factorGroups.count
                for mask in 1..<(1 << count) {
                    var factors = [ColumnExpression]()
                    for k in 0..<count where mask & (1 << k) != 0 {
                        for e in factorGroups[k] where !factors.contains(where: { $0.text == e.text }) { factors.append(e) }
                    }
                    guard let first = factors.first else { continue }
                    let node = factors.dropFirst().reduce(first.node) { .binary(.multiply, $0, $1.node) }
                    let term = ColumnExpression(text: factors.map(\.text).joined(separator: ":"), node: node, source: f)
                    if sign == "-" { removed.insert(term.text) } else { kept.append((factors.count, term)) }
                }
            }
            guard tokens[i].kind != .end else { break }
            sign = tokens[i].isSymbol("-") ? "-" : "+"
            i += 1
        }
        var seen = Set<String>(), terms = [ColumnExpression]()
        for (_, e) in kept.enumerated().sorted(by: { ($0.element.degree, $0.offset) < ($1.element.degree, $1.offset) }).map({ $0.element })
        where !removed.contains(e.text) && seen.insert(e.text).inserted {
            terms.append(e)
        }
        self.terms = terms
        self.intercept = intercept
    }

    /// The indices of the tokens outside parentheses.
    static func topLevel(_ tokens: [ExpressionToken]) -> [Int] {
        var out = [Int](), depth = 0
        for (k, t) in tokens.enumerated() {
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 } else if depth == 0 { out.append(k) }
        }
        return out
    }

    /// The end (exclusive) of the term starting at `from`: the next + or - at depth 0, or the end.
    static func termEnd(_ tokens: [ExpressionToken], from: Int) -> Int {
        var depth = 0, k = from
        while k < tokens.count - 1 {
            let t = tokens[k]
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 }
            if depth == 0 && (t.isSymbol("+") || t.isSymbol("-")) { break }
            k += 1
        }
        return k
    }
}
