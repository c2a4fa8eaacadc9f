import Foundation

extension RegressionData {
    /// From a formula with R's meaning (``Formula``): `"log(gsp) ~ log(pcap) + I(pc / emp) + unemp"`. The response
    /// and regressors are named as written in the formula; `- 1` drops the intercept.
    ///
    /// - Throws: ``DataError`` (``DataError/expression(_:)`` for an unknown column, with its position in the formula,
    ///   or a value out of a function's domain, with its row; a missing or non-numeric cell), ``ModelError``.
    public init(table: DataTable, formula: Formula) throws {
        try self.init(y: table.numbers(of: formula.response), yName: formula.response.text,
                      columns: formula.terms.map { ($0.text, try table.numbers(of: $0)) }, intercept: formula.intercept)
    }

    /// From a formula string; see the entry point that takes a ``Formula``.
    public init(table: DataTable, formula: String) throws {
        let f: Formula
        do { f = try Formula(formula) } catch { throw DataError.expression(error) }
        try self.init(table: table, formula: f)
    }
}
