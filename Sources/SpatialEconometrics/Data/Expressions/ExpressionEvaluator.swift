import Foundation

/// Evaluates a ``ColumnExpression`` cell by cell over `count` cells: `column` gives a column's cells in evaluation
/// order (nil = missing), `row` the 1-based data row of a cell (for errors), `lag` shifts a column by one period
/// within each unit (nil when the cells are not a panel). A missing input gives a missing cell; a value out of a
/// function's domain, or any result that is not finite, is an error naming the row.
struct ExpressionEvaluator {
    let expression: ColumnExpression
    let count: Int
    let column: (String) throws(DataError) -> [Double?]
    let row: (Int) -> Int
    let lag: (([Double?]) -> [Double?])?

    func evaluate() throws(DataError) -> [Double?] {
        try eval(expression.node)
    }

    func domain(_ operation: String, _ k: Int, _ value: Double) -> DataError {
        .expression(.outOfDomain(expression: expression.text, operation: operation, row: row(k), value: value))
    }

    func eval(_ node: ColumnExpression.Node) throws(DataError) -> [Double?] {
        switch node {
        case .number(let v):
            return [Double?](repeating: v, count: count)
        case .column(let name, let position):
            let v: [Double?]
            do { v = try column(name) } catch {
                if case .missingColumn(_, let available) = error {
                    throw .expression(.unknownColumn(name, expression: expression.source ?? expression.text, position: position, available: available))
                }
                throw error
            }
            for (k, x) in v.enumerated() { if let x, !x.isFinite { throw .nonFinite(column: name, row: row(k)) } }
            return v
        case .negate(let a):
            return try eval(a).map { $0.map { -$0 } }
        case .binary(let op, let a, let b):
            let x = try eval(a), y = try eval(b)
            var out = [Double?](repeating: nil, count: count)
            for k in 0..<count {
                guard let u = x[k], let v = y[k] else { continue }
                let r: Double
                switch op {
                case .add: r = u + v
                case .subtract: r = u - v
                case .multiply: r = u * v
                case .divide:
                    guard v != 0 else { throw domain("division of \(ExpressionError.format(u)) by", k, v) }
                    r = u / v
                case .power: r = Foundation.pow(u, v)
                }
                guard r.isFinite else {
                    throw domain(op == .power ? "the power \(ExpressionError.format(u))^\(ExpressionError.format(v)) (not a finite real number)"
                                              : "the result \(op.rawValue) (overflow)", k, op == .power ? u : r)
                }
                out[k] = r
            }
            return out
        case .function(let f, let a):
            let x = try eval(a)
            switch f {
            case .lag, .diff:
                guard let lag else { throw .expression(.needsPanel(expression: expression.text, function: f.rawValue)) }
                let l = lag(x)
                if f == .lag { return l }
                return (0..<count).map { k in x[k].flatMap { u in l[k].map { u - $0 } } }
            default: break
            }
            var out = [Double?](repeating: nil, count: count)
            for k in 0..<count {
                guard let u = x[k] else { continue }
                let r: Double
                switch f {
                case .log:
                    guard u > 0 else { throw domain("log", k, u) }
                    r = Foundation.log(u)
                case .log10:
                    guard u > 0 else { throw domain("log10", k, u) }
                    r = Foundation.log10(u)
                case .sqrt:
                    guard u >= 0 else { throw domain("sqrt", k, u) }
                    r = u.squareRoot()
                case .exp:
                    r = Foundation.exp(u)
                    guard r.isFinite else { throw domain("exp (overflow)", k, u) }
                case .abs: r = Swift.abs(u)
                case .lag, .diff: r = u
                }
                out[k] = r
            }
            return out
        }
    }
}
