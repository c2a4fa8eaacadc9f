import Foundation

extension Panel {
    /// The cells of an expression over the panel's columns in canonical order (`t * N + i`; nil where an input is
    /// missing). `lag(x)` is x of the same unit in the previous period (missing in the first period), `diff(x)` is
    /// `x - lag(x)`: by the unit and time columns, whatever the order of the table's rows. Errors name the table's
    /// 1-based row.
    public func values(of expression: ColumnExpression) throws(DataError) -> [Double?] {
        let n = unitCount, order = rowOrder, table = table
        return try ExpressionEvaluator(
            expression: expression, count: order.count,
            column: { (name) throws(DataError) in
                let v = try table.optionalNumbers(name)
                return order.map { v[$0] }
            },
            row: { order[$0] + 1 },
            lag: { x in (0..<x.count).map { $0 >= n ? x[$0 - n] : nil } }).evaluate()
    }

    /// The cells of a column or expression in the order of the table's rows (nil where missing), e.g. to add
    /// `lag(x)` as a column: `panel.table.adding("lag_x", values: try panel.tableValues("lag(x)").map { $0 ?? .nan })`.
    public func tableValues(_ name: String) throws(DataError) -> [Double?] {
        if table.columnNames.contains(name) { return try table.optionalNumbers(name) }
        let v = try values(of: DataTable.parse(name, columns: table.columnNames))
        var out = [Double?](repeating: nil, count: table.rowCount)
        for (k, r) in rowOrder.enumerated() { out[r] = v[k] }
        return out
    }

    /// An expression `name` (no column has that name) in canonical order, every cell present.
    func expressionNumbers(_ name: String) throws(DataError) -> [Double] {
        let e = try DataTable.parse(name, columns: table.columnNames)
        let v = try values(of: e)
        var out = [Double]()
        out.reserveCapacity(v.count)
        for (k, x) in v.enumerated() {
            guard let x else {
                if k < unitCount && e.usesPanelFunctions {
                    throw .invalidArgument("'\(e.text)' is missing in the first period (\(periods.first ?? "")), which has no previous period, "
                        + "and a fit needs every cell: add it as a column (Panel.tableValues(_:)) and fit the table without that period")
                }
                throw .missingValue(column: e.text, row: rowOrder[k] + 1)
            }
            out.append(x)
        }
        return out
    }
}
