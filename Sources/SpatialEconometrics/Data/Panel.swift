import Foundation

/// A balanced panel view of a table: unit and period columns, checked for balance, in canonical time-major
/// order (all units of period 1, then all units of period 2, ...), the stacking the spatial panel likelihood
/// uses (`y = [y_1; ...; y_T]`, each `y_t` ordered as the weights).
///
/// Units are ordered by first appearance in the file unless an explicit order (e.g. the weights' ids) is given;
/// periods are sorted numerically when all are numbers, otherwise by first appearance.
public struct Panel: Sendable {
    /// The table the panel reads (rows in the file's order; ``rowOrder`` gives the panel's order).
    public let table: DataTable
    /// The column of the units' ids.
    public let unitColumn: String
    /// The column of the periods.
    public let timeColumn: String
    /// The units, in the panel's order within each period.
    public let units: [String]
    /// The periods, in the panel's order (numeric when all are numbers).
    public let periods: [String]
    /// `rowOrder[t * N + i]` = 0-based table row of unit i in period t.
    public let rowOrder: [Int]

    /// N, the number of units.
    public var unitCount: Int { units.count }
    /// T, the number of periods.
    public var periodCount: Int { periods.count }

    /// Reads a balanced panel from `table`: `unit` and `time` name the columns holding each row's unit id and period.
    /// - Parameters:
    ///   - table: the rows, one per unit and period, in any order.
    ///   - unit: the column of the units' ids.
    ///   - time: the column of the periods.
    ///   - unitOrder: the order of the units within each period (e.g. the weights' ids); `nil` keeps the order of
    ///     first appearance.
    /// - Throws: ``DataError`` naming a missing unit or period cell, a duplicated unit-period (with its rows), a
    ///   unit not in `unitOrder`, or a unit missing from a period (the panel is not balanced).
    public init(table: DataTable, unit: String, time: String, unitOrder: [String]? = nil) throws(DataError) {
        let u = try table.strings(unit).map(CSVReader.trimmed)
        let t = try table.strings(time).map(CSVReader.trimmed)
        for (i, s) in u.enumerated() where CSVReader.isMissing(s) { throw .missingValue(column: unit, row: i + 1) }
        for (i, s) in t.enumerated() where CSVReader.isMissing(s) { throw .missingValue(column: time, row: i + 1) }
        var unitList = [String](), unitIndex = [String: Int]()
        if let order = unitOrder {
            for (k, id) in order.enumerated() {
                guard unitIndex[id] == nil else { throw .invalidArgument("unit '\(id)' appears twice in the unit order") }
                unitIndex[id] = k
            }
            unitList = order
            for (i, s) in u.enumerated() where unitIndex[s] == nil {
                throw .invalidArgument("row \(i + 1): unit '\(s)' is not among the \(order.count) units of the weights")
            }
        } else {
            for s in u where unitIndex[s] == nil { unitIndex[s] = unitList.count; unitList.append(s) }
        }
        var periodList = [String](), periodIndex = [String: Int]()
        for s in t where periodIndex[s] == nil { periodIndex[s] = periodList.count; periodList.append(s) }
        if let numeric = LabelOrder.numericallySorted(periodList) {
            periodList = numeric
            for (k, p) in periodList.enumerated() { periodIndex[p] = k }
        }
        let n = unitList.count, tt = periodList.count
        var order = [Int](repeating: -1, count: n * tt)
        for r in 0..<u.count {
            guard let i = unitIndex[u[r]], let p = periodIndex[t[r]] else { continue }
            let slot = p * n + i
            if order[slot] >= 0 {
                let rows = (0..<u.count).filter { u[$0] == u[r] && t[$0] == t[r] }.map { $0 + 1 }
                throw .duplicateObservation(unit: u[r], period: t[r], rows: rows)
            }
            order[slot] = r
        }
        for p in 0..<tt {
            for i in 0..<n where order[p * n + i] < 0 { throw .missingObservation(unit: unitList[i], period: periodList[p]) }
        }
        // Numeric columns parsed once here, not at every access by every fit.
        self.table = table.parsingNumericColumns(keepingText: [unit, time])
        self.unitColumn = unit
        self.timeColumn = time
        self.units = unitList
        self.periods = periodList
        self.rowOrder = order
    }

    /// A panel from numeric columns already in time-major order (all units of period 1, then period 2, ...; each
    /// `values` of length N T): nothing is parsed, the numbers are stored as they are (simulations, large N).
    /// The table gets the unit and period columns as text, named `unitColumn` and `timeColumn`.
    public init(units: [String], periods: [String], columns: [(name: String, values: [Double])],
                unitColumn: String = "unit", timeColumn: String = "time") throws(DataError) {
        let n = units.count, t = periods.count
        guard n > 0, t > 0 else { throw .invalidArgument("a panel needs at least one unit and one period") }
        guard Set(units).count == n else { throw .invalidArgument("unit ids repeat") }
        guard Set(periods).count == t else { throw .invalidArgument("period labels repeat") }
        for c in columns where c.values.count != n * t {
            throw .invalidArgument("column '\(c.name)' has \(c.values.count) values for \(n) units x \(t) periods")
        }
        var table = try DataTable(columns: [(unitColumn, (0..<(n * t)).map { units[$0 % n] }), (timeColumn, (0..<(n * t)).map { periods[$0 / n] })])
        for c in columns { table = try table.adding(c.name, values: c.values) }
        self.table = table
        self.unitColumn = unitColumn
        self.timeColumn = timeColumn
        self.units = units
        self.periods = periods
        self.rowOrder = Array(0..<(n * t))
    }

    /// A numeric column in canonical order (length N T). Errors name the table row of any bad cell.
    /// `name` may be an expression (``ColumnExpression``, with `lag` and `diff`) when no column has that name.
    public func numbers(_ name: String) throws(DataError) -> [Double] {
        guard table.columnNames.contains(name) else { return try expressionNumbers(name) }
        let v = try table.numbers(name)
        if rowOrder.count == v.count, rowOrder.enumerated().allSatisfy({ $0.offset == $0.element }) { return v }
        return rowOrder.map { v[$0] }
    }

    /// Each unit's mean of a column or expression over a range of periods (0-based indices into `periods`; all
    /// periods when nil), ordered as `units`: the per-unit values economic weights are built from
    /// (``SpatialWeights/economicDistance(values:ids:)``, ``SpatialWeights/economicGeography(geographic:values:)``),
    /// e.g. GDP per capita averaged over the sample period. Every cell used must be present (errors name the row).
    public func unitMeans(_ name: String, periods range: ClosedRange<Int>? = nil) throws(DataError) -> [Double] {
        let range = range ?? 0...(periodCount - 1)
        guard range.lowerBound >= 0, range.upperBound < periodCount else {
            throw .invalidArgument("periods \(range.lowerBound)...\(range.upperBound) are outside the panel's 0..<\(periodCount)")
        }
        var sums = [Double](repeating: 0, count: unitCount)
        for t in range {
            let v = try numbers(name, period: t)
            for i in 0..<unitCount { sums[i] += v[i] }
        }
        return sums.map { $0 / Double(range.count) }
    }

    /// A numeric column for one period (0-based), ordered as `units`.
    public func numbers(_ name: String, period: Int) throws(DataError) -> [Double] {
        guard period >= 0, period < periodCount else { throw .invalidArgument("period index \(period) out of 0..<\(periodCount)") }
        guard table.columnNames.contains(name) else { return Array(try expressionNumbers(name)[(period * unitCount)..<((period + 1) * unitCount)]) }
        let v = try table.numbers(name)
        return (0..<unitCount).map { v[rowOrder[period * unitCount + $0]] }
    }
}
