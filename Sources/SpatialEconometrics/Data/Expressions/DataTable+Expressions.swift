import Foundation

extension DataTable {
    /// The cells of an expression over this table's columns, row by row (nil where an input is missing).
    ///
    /// - Throws: ``DataError/expression(_:)`` for an unknown column (with its position), a value out of a function's
    ///   domain (with its 1-based row) or `lag`/`diff` (which need a ``Panel``); the column's own errors for a cell
    ///   that is not a number.
    public func values(of expression: ColumnExpression) throws(DataError) -> [Double?] {
        try ExpressionEvaluator(expression: expression, count: rowCount, column: { (name) throws(DataError) in try self.optionalNumbers(name) },
                                row: { $0 + 1 }, lag: nil).evaluate()
    }

    /// The cells of an expression, every one present: a missing cell is an error naming the expression and the row.
    public func numbers(of expression: ColumnExpression) throws(DataError) -> [Double] {
        let v = try values(of: expression)
        var out = [Double]()
        out.reserveCapacity(v.count)
        for (i, x) in v.enumerated() {
            guard let x else { throw .missingValue(column: expression.text, row: i + 1) }
            out.append(x)
        }
        return out
    }

    /// The name of a result computed from `name`: the column's name, or the expression as written, trimmed.
    public func resultName(_ name: String) -> String {
        columnNames.contains(name) ? name : name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The column named `name`, or, when no column has that name, the expression `name` evaluated: the one place
    /// where a column name becomes an expression. A bare name that is not a column keeps the error of a missing column.
    func expressionValues(_ name: String) throws(DataError) -> (name: String, values: [Double?]) {
        let e = try Self.parse(name, columns: columnNames)
        return (e.text, try values(of: e))
    }

    /// `text` parsed as an expression; a bare unknown name (or one that does not parse as an expression) is the
    /// error of a missing column, as for a plain column name.
    static func parse(_ text: String, columns: [String]) throws(DataError) -> ColumnExpression {
        let e: ColumnExpression
        do { e = try ColumnExpression(text) } catch {
            // Text without any operator, parenthesis or backtick was meant as a column name.
            if !text.contains(where: { "+-*/^()`~:,".contains($0) }) { throw .missingColumn(text, available: columns) }
            throw .expression(error)
        }
        if let bare = e.bareColumn, !columns.contains(bare) { throw .missingColumn(bare, available: columns) }
        return e
    }
}
