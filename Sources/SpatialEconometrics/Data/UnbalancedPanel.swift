import Foundation

/// A panel with gaps: units and periods, which (unit, period) cells are observed, and the observed cells in
/// time-major order (the observed units of period 1 in the units' order, then those of period 2, ...).
///
/// ``Panel`` stays balanced (a gap there is ``DataError/missingObservation(unit:period:)``); this type is the input of
/// ``UnbalancedPanelRegression``. A cell is observed when the table has a row for it; a row whose variables are
/// missing is an error of the fit naming the row (drop the row to make the cell a gap).
///
/// Units follow `unitOrder` when given (e.g. the weights' ids: every row's unit must be among them, and units of the
/// order without any row are never observed), otherwise the order of first appearance; periods are sorted numerically
/// when all are numbers, otherwise by first appearance. So the stacking, and every fit, does not depend on the order of
/// the table's rows.
///
/// ```swift
/// let panel = try UnbalancedPanel(table: counties, unit: "fips", time: "year", unitOrder: w.ids)
/// print(panel.observedCount, "of", panel.unitCount * panel.periodCount, "cells observed")
/// ```
public struct UnbalancedPanel: Sendable {
    /// The table the panel reads (rows in the file's order; ``rowOrder`` gives the panel's order).
    public let table: DataTable
    /// The column of the units' ids.
    public let unitColumn: String
    /// The column of the periods.
    public let timeColumn: String
    /// The units, in the panel's order.
    public let units: [String]
    /// The periods, in the panel's order (numeric when all are numbers).
    public let periods: [String]
    /// `observedUnits[t]`: the 0-based indices into ``units`` of the units observed in period t, increasing.
    public let observedUnits: [[Int]]
    /// `rowOrder[k]` = 0-based table row of the k-th observed cell in time-major order.
    public let rowOrder: [Int]

    /// N, the number of units.
    public var unitCount: Int { units.count }
    /// T, the number of periods.
    public var periodCount: Int { periods.count }
    /// The number of observed cells, `sum_t N_t`.
    public var observedCount: Int { rowOrder.count }
    /// Whether every unit is observed in every period (the panel is balanced).
    public var isBalanced: Bool { observedCount == unitCount * periodCount }
    /// The (unit index, period index) of each observed cell, in time-major order.
    public var cells: [(unit: Int, period: Int)] {
        var out = [(unit: Int, period: Int)]()
        out.reserveCapacity(observedCount)
        for (t, us) in observedUnits.enumerated() { for i in us { out.append((i, t)) } }
        return out
    }

    /// Reads a panel that may have gaps from `table`: `unit` and `time` name the columns of each row's unit and period.
    /// - Throws: ``DataError`` naming a missing unit or period cell, a duplicated unit-period (with its rows), or a
    ///   unit not in `unitOrder`.
    /// - Complexity: O(rows + N + T log T).
    public init(table: DataTable, unit: String, time: String, unitOrder: [String]? = nil) throws(DataError) {
        let u = try table.strings(unit).map(CSVReader.trimmed)
        let t = try table.strings(time).map(CSVReader.trimmed)
        for (i, s) in u.enumerated() where CSVReader.isMissing(s) { throw .missingValue(column: unit, row: i + 1) }
        for (i, s) in t.enumerated() where CSVReader.isMissing(s) { throw .missingValue(column: time, row: i + 1) }
        guard !u.isEmpty else { throw .invalidArgument("a panel needs at least one row") }
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
        // The row of each (period, unit) cell, -1 for a gap.
        var slot = [Int](repeating: -1, count: n * tt)
        for r in 0..<u.count {
            guard let i = unitIndex[u[r]], let p = periodIndex[t[r]] else { continue }
            if slot[p * n + i] >= 0 {
                let rows = (0..<u.count).filter { u[$0] == u[r] && t[$0] == t[r] }.map { $0 + 1 }
                throw .duplicateObservation(unit: u[r], period: t[r], rows: rows)
            }
            slot[p * n + i] = r
        }
        var observed = [[Int]](repeating: [], count: tt), order = [Int]()
        order.reserveCapacity(u.count)
        for p in 0..<tt {
            for i in 0..<n where slot[p * n + i] >= 0 { observed[p].append(i); order.append(slot[p * n + i]) }
        }
        self.table = table.parsingNumericColumns(keepingText: [unit, time])
        self.unitColumn = unit
        self.timeColumn = time
        self.units = unitList
        self.periods = periodList
        self.observedUnits = observed
        self.rowOrder = order
    }

    /// A numeric column (or an expression over the columns without `lag`/`diff`) at the observed cells, in time-major
    /// order (length ``observedCount``). Errors name the table row of any bad cell.
    public func numbers(_ name: String) throws(DataError) -> [Double] {
        let v = try table.numbers(name)
        return rowOrder.map { v[$0] }
    }
}

extension UnbalancedPanel {
    /// A panel with gaps matched to `weights` by unit id, as ``PairedPanel`` matches a balanced one (the same rule,
    /// canonical unit order: the weights' ids sorted), with the weights in the panel's unit order.
    ///
    /// With `dropMissingRows`, the rows with a missing value in any of those columns or expressions (e.g. `log(pcap)`;
    /// not `lag`/`diff`) become gaps (they are dropped, with a warning counting them), where ``PairedPanel/droppingMissing(in:)`` drops
    /// whole units.
    /// - Throws: ``DataError`` for ids that do not match (``DataError/idsDoNotMatch(column:source:dataCount:weightsCount:onlyInData:onlyInWeights:)``)
    ///   or any error of ``init(table:unit:time:unitOrder:)``.
    public static func paired(table: DataTable, unit: String, time: String, weights: SpatialWeights, byPosition: Bool = false,
                              dropMissingRows columns: [String] = [])
        throws(DataError) -> (panel: UnbalancedPanel, weights: SpatialWeights, pairing: UnitPairingMethod, notes: [String], warnings: [String]) {
        var table = table, warnings = [String]()
        if !columns.isEmpty {
            var drop = Set<Int>()
            for c in columns {
                let values = table.columnNames.contains(c) ? try table.optionalNumbers(c) : try table.expressionValues(c).values
                for (r, v) in values.enumerated() where v == nil || v?.isFinite == false { drop.insert(r) }
            }
            if !drop.isEmpty {
                table = table.selectingRows((0..<table.rowCount).filter { !drop.contains($0) })
                warnings.append("dropped \(drop.count) row(s) with a missing value in \(columns.joined(separator: ", ")): their cells are gaps of the unbalanced panel")
            }
        }
        let m = try PairedPanel.matching(table: table, unit: unit, weights: weights, byPosition: byPosition)
        let panel = try UnbalancedPanel(table: table, unit: unit, time: time, unitOrder: m.unitOrder)
        return (panel, m.weights, m.pairing, m.notes, m.warnings + warnings)
    }
}
