/// Recursive-descent parser of ``ColumnExpression`` with R's precedence:
///
///     sum     := product (("+" | "-") product)*
///     product := unary (("*" | "/" | ":") unary)*    (":" is a product, as in a formula's interaction a:b)
///     unary   := ("-" | "+") unary | power
///     power   := primary ("^" unary)?          (right-associative; the exponent may be negated: 2^-1)
///     primary := number | name | name "(" sum ")" | "(" sum ")"
struct ExpressionParser {
    let text: String
    let tokens: [ExpressionToken]
    var i = 0
    /// Nested parentheses, functions and signs, bounded so that no input can exhaust the stack.
    var nesting = 0
    static let maximumNesting = 200
    /// The deepest tree accepted (a chain a + b + c + ... is as deep as it is long); evaluation recurses this deep.
    static let maximumDepth = 1_000

    init(_ text: String, tokens: [ExpressionToken]) {
        self.text = text
        self.tokens = tokens
    }

    var current: ExpressionToken { tokens[min(i, tokens.count - 1)] }

    func found(_ t: ExpressionToken) -> String {
        switch t.kind {
        case .end: return "the expression ends"
        case .number(let v): return "found the number \(ExpressionError.format(v))"
        case .name(let n, _): return "found the name '\(n)'"
        case .symbol(let c): return "found '\(c)'"
        }
    }

    func syntax(_ t: ExpressionToken, _ message: String, fix: String) -> ExpressionError {
        .syntax(expression: text, position: t.position, message: message, fix: fix)
    }

    mutating func parseWhole() throws(ExpressionError) -> ColumnExpression.Node {
        guard current.kind != .end else {
            throw syntax(current, "empty expression", fix: "write a column name or an expression such as log(x)")
        }
        let n = try sum()
        guard Self.depth(n) <= Self.maximumDepth else {
            throw syntax(tokens[0], "the expression has more than \(Self.maximumDepth) levels of operations",
                         fix: "split it: compute parts as columns first (DataTable.adding(_:values:))")
        }
        switch current.kind {
        case .end: return n
        case .symbol(")"):
            throw syntax(current, "')' without a matching '('", fix: "remove it or add the '(' it closes")
        case .symbol(","):
            throw syntax(current, "',' outside a function's parentheses", fix: "each function takes one argument; in a CLI list, commas separate expressions")
        default:
            throw syntax(current, "an operator is missing before what follows (\(found(current)))", fix: "join the parts with + - * / or ^, e.g. a * b")
        }
    }

    mutating func sum() throws(ExpressionError) -> ColumnExpression.Node {
        var n = try product()
        while true {
            if current.isSymbol("+") { i += 1; n = .binary(.add, n, try product()) }
            else if current.isSymbol("-") { i += 1; n = .binary(.subtract, n, try product()) }
            else { return n }
        }
    }

    mutating func product() throws(ExpressionError) -> ColumnExpression.Node {
        var n = try unary()
        while true {
            if current.isSymbol("*") { i += 1; n = .binary(.multiply, n, try unary()) }
            else if current.isSymbol("/") { i += 1; n = .binary(.divide, n, try unary()) }
            else if current.isSymbol(":") { i += 1; n = .binary(.multiply, n, try unary()) }
            else { return n }
        }
    }

    mutating func unary() throws(ExpressionError) -> ColumnExpression.Node {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maximumNesting else {
            throw syntax(current, "more than \(Self.maximumNesting) nested parentheses, functions or signs",
                         fix: "simplify the expression, or compute parts as columns first")
        }
        if current.isSymbol("-") { i += 1; return .negate(try unary()) }
        if current.isSymbol("+") { i += 1; return try unary() }
        return try power()
    }

    mutating func power() throws(ExpressionError) -> ColumnExpression.Node {
        let base = try primary()
        guard current.isSymbol("^") else { return base }
        i += 1
        return .binary(.power, base, try unary())
    }

    mutating func primary() throws(ExpressionError) -> ColumnExpression.Node {
        let t = current
        switch t.kind {
        case .number(let v):
            i += 1
            return .number(v)
        case .name(let name, let quoted):
            i += 1
            guard !quoted, current.isSymbol("(") else { return .column(name, position: t.position) }
            let function: ColumnExpression.Function?
            switch name {
            case "log", "ln": function = .log
            case "I": function = nil
            default:
                guard let f = ColumnExpression.Function(rawValue: name) else {
                    throw ExpressionError.unknownFunction(name, expression: text, position: t.position)
                }
                function = f
            }
            let open = current
            i += 1
            if current.isSymbol(")") {
                throw syntax(current, "\(name)() has no argument", fix: "write one argument, e.g. \(name)(x)")
            }
            let argument = try sum()
            if current.isSymbol(",") {
                throw syntax(current, "\(name)() takes one argument", fix: name == "log" ? "log() is natural; write log10(x) for base 10, or log(x) / log(b)" : "remove the second argument")
            }
            guard current.isSymbol(")") else {
                throw syntax(current.kind == .end ? open : current, "the '(' of \(name)( is not closed (\(found(current)))", fix: "add the ')' that closes it")
            }
            i += 1
            return function.map { .function($0, argument) } ?? argument
        case .symbol("("):
            i += 1
            let n = try sum()
            guard current.isSymbol(")") else {
                throw syntax(current.kind == .end ? t : current, "the '(' at position \(t.position) is not closed (\(found(current)))", fix: "add the ')' that closes it")
            }
            i += 1
            return n
        case .symbol("~"):
            throw syntax(t, "'~' belongs to formulas", fix: "pass a formula to a formula entry point (RegressionData(table:formula:)); a column expression has no '~'")
        default:
            throw syntax(t, "a number, a column or '(' is expected, \(found(t))", fix: "complete the expression, e.g. log(x) or a * b")
        }
    }

    /// The tree's depth, without recursion (the tree may be deeper than the stack allows to recurse).
    static func depth(_ root: ColumnExpression.Node) -> Int {
        var stack = [(root, 1)], deepest = 0
        while let (n, d) = stack.popLast() {
            deepest = max(deepest, d)
            if deepest > maximumDepth { return deepest }
            switch n {
            case .number, .column: break
            case .negate(let a), .function(_, let a): stack.append((a, d + 1))
            case .binary(_, let a, let b): stack.append((a, d + 1)); stack.append((b, d + 1))
            }
        }
        return deepest
    }
}
