import Foundation

/// A balanced panel split by a unit-level column (e.g. east/central/west/northeast): each group's units and its
/// own balanced panel (the rows of those units, in the panel's unit order), so that any panel analysis can be run
/// on one group exactly as on a file that held only that group's rows.
///
/// The column must hold one value per unit: a unit whose value differs between two periods, or is missing, is
/// refused with the rows named. Groups are in the canonical order of their labels (numerically when all are
/// integers, else by code point), so the split does not depend on the order of the rows.
///
/// ```swift
/// let groups = try PanelGroups(panel: panel, column: "region")
/// for g in groups.groups { print(g.name, g.units.count) }   // central 6, east 10, northeast 3, west 12
/// ```
public struct PanelGroups: Sendable {
    /// One group: its label, units (in the panel's order) and panel.
    public struct Group: Sendable {
        /// The group's label (the column's value).
        public let name: String
        /// Its units, in the order of the whole panel.
        public let units: [String]
        /// The balanced panel of those units (same periods, columns and unit order).
        public let panel: Panel
    }

    /// The grouping column.
    public let column: String
    /// The groups, labels in canonical order.
    public let groups: [Group]

    /// Splits `panel` by `column` (a text or numeric column of its table, one value per unit).
    /// - Throws: ``DataError/missingValue(column:row:)`` for an empty group cell, ``DataError/invalidArgument(_:)``
    ///   naming a unit whose group differs between periods (with the two rows and values), or a missing column.
    public init(panel: Panel, column: String) throws(DataError) {
        let labels = try panel.table.strings(column).map(CSVReader.trimmed)
        let n = panel.unitCount
        var groupOfUnit = [String](repeating: "", count: n)
        for t in 0..<panel.periodCount {
            for i in 0..<n {
                let row = panel.rowOrder[t * n + i], g = labels[row]
                guard !CSVReader.isMissing(g) else { throw .missingValue(column: column, row: row + 1) }
                if t == 0 {
                    groupOfUnit[i] = g
                } else if g != groupOfUnit[i] {
                    throw .invalidArgument("column '\(column)' must hold one group per unit: unit '\(panel.units[i])' is '\(groupOfUnit[i])' in row \(panel.rowOrder[i] + 1) and '\(g)' in row \(row + 1) (period \(panel.periods[t])); fix the data or group by another column")
                }
            }
        }
        let names = Array(Set(groupOfUnit))
        var groups = [Group]()
        for k in UnitMatching.canonicalOrder(names) {
            let name = names[k]
            let members = (0..<n).filter { groupOfUnit[$0] == name }
            let units = members.map { panel.units[$0] }
            let rows = (0..<panel.periodCount).flatMap { t in members.map { panel.rowOrder[t * n + $0] } }
            let sub = try Panel(table: panel.table.selectingRows(rows), unit: panel.unitColumn, time: panel.timeColumn, unitOrder: units)
            groups.append(Group(name: name, units: units, panel: sub))
        }
        self.column = column
        self.groups = groups
    }
}
