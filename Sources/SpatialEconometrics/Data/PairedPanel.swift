import Foundation

/// A panel matched to a spatial weights matrix by unit id, both in the canonical unit order.
///
/// The unit column's values are matched to the weights' ids with the rule of ``PairedData`` (trimmed strings, or
/// integers when both sides are integers). Weights without ids of their own (``SpatialWeights/idsArePositions``)
/// whose ids match no unit are paired with the units in order of first appearance in the table, with a warning;
/// `byPosition` asks for that order explicitly. Units and periods are then in canonical order (units as the
/// weights' ids sorted, periods numerically when they are numbers), so a fit does not depend on the order of the
/// table's rows or of the weights file's units.
///
/// ```swift
/// let paired = try PairedPanel(table: produc, unit: "state", time: "year", weights: usaww)
/// let fit = try PanelRegression(.sdm, panel: paired.panel, y: "lgsp", x: ["lpcap"], weights: paired.weights)
/// ```
public struct PairedPanel: Sendable {
    /// The panel, its units in the canonical order (the weights' ids sorted).
    public private(set) var panel: Panel
    /// The weights in the panel's unit order (canonical).
    public private(set) var weights: SpatialWeights
    /// How the units were matched to the weights' ids (by id column, or by position).
    public let pairing: UnitPairingMethod
    /// How the match was made (e.g. "ids compared as integers").
    public let notes: [String]
    /// Warnings about the match (position pairing, said loudly).
    public private(set) var warnings: [String]
    /// Units dropped by ``droppingMissing(in:)`` (empty otherwise).
    public private(set) var droppedUnits: [String] = []

    /// - Throws: ``DataError/idsDoNotMatch(column:source:dataCount:weightsCount:onlyInData:onlyInWeights:)`` naming
    ///   the counts and the first unmatched units on both sides (with the fix: subset the weights), or any error of
    ///   ``Panel/init(table:unit:time:unitOrder:)`` (missing or duplicated unit-period cells).
    public init(table: DataTable, unit: String, time: String, weights: SpatialWeights, byPosition: Bool = false) throws(DataError) {
        let m = try Self.matching(table: table, unit: unit, weights: weights, byPosition: byPosition)
        self.panel = try Panel(table: table, unit: unit, time: time, unitOrder: m.unitOrder)
        self.weights = m.weights
        self.pairing = m.pairing
        self.notes = m.notes
        self.warnings = m.warnings
    }

    /// The units of column `unit` matched to the weights' ids (the rule above): the units in the canonical order and the
    /// weights in that order (renamed to the data's ids when matched as integers or by position); shared by
    /// ``init(table:unit:time:weights:byPosition:)`` and ``UnbalancedPanel/paired(table:unit:time:weights:byPosition:)``.
    static func matching(table: DataTable, unit: String, weights: SpatialWeights, byPosition: Bool)
        throws(DataError) -> (unitOrder: [String], weights: SpatialWeights, pairing: UnitPairingMethod, notes: [String], warnings: [String]) {
        let column = try PairedData.ids(table, unit)
        var units = [String](), seen = Set<String>()
        for u in column where seen.insert(u).inserted { units.append(u) }
        var notes = [String](), warnings = [String]()
        var unitOfWeight: [String]   // the data's unit id of each weights unit (file order)
        var method = UnitPairingMethod.idColumn
        if !byPosition, let m = UnitMatching.match(units, to: weights.ids) {
            unitOfWeight = [String](repeating: "", count: units.count)
            for (k, u) in units.enumerated() { unitOfWeight[m.indices[k]] = u }
            if m.byInteger { notes.append("units of column '\(unit)' compared with the weights' ids as integers") }
        } else if byPosition || (weights.idsArePositions && seen.isDisjoint(with: weights.ids)) {
            guard units.count == weights.count else {
                throw .idsDoNotMatch(column: unit, source: table.source, dataCount: units.count, weightsCount: weights.count, onlyInData: [], onlyInWeights: [])
            }
            unitOfWeight = units
            method = .position
            warnings.append((byPosition ? "as asked, " : "the weights have no ids of their own: ")
                + "unit k of the weights is the k-th unit of column '\(unit)' in order of first appearance ('\(units.first ?? "")', ...)")
        } else {
            let u = UnitMatching.unmatched(units, weights.ids)
            throw .idsDoNotMatch(column: unit, source: table.source, dataCount: units.count, weightsCount: weights.count,
                                 onlyInData: u.onlyInData, onlyInWeights: u.onlyInWeights)
        }
        let (w, old) = weights.canonicallyOrdered()
        let order = old.map { unitOfWeight[$0] }
        let paired: SpatialWeights
        if order == w.ids {
            paired = w
        } else {
            // Matched as integers or by position: the weights take the panel's unit names, so every fit can align them.
            var renamed = SpatialWeights(unchecked: order, matrix: w.matrix, transformation: w.transformation, warnings: w.warnings)
            renamed.idVariable = unit
            paired = renamed
        }
        return (order, paired, method, notes, warnings)
    }

    /// The same pairing without the units that have a missing cell in any of `columns` in any period (a balanced
    /// panel keeps a unit in every period or in none), and the weights subset to the units kept with their
    /// transformation applied again (spdep's `subset.listw`). Dropped units are in ``droppedUnits`` and named in
    /// ``warnings``, with any unit left without a neighbour.
    public func droppingMissing(in columns: [String]) throws(DataError) -> PairedPanel {
        let table = panel.table
        let unitOfRow = try PairedData.ids(table, panel.unitColumn)
        var droppedSet = Set<String>()
        for c in columns {
            for (i, v) in try panel.tableValues(c).enumerated() where v == nil || v?.isFinite == false { droppedSet.insert(unitOfRow[i]) }
        }
        guard !droppedSet.isEmpty else { return self }
        let kept = panel.units.filter { !droppedSet.contains($0) }
        guard !kept.isEmpty else { throw .invalidArgument("every unit has a missing value in \(columns.joined(separator: ", ")): nothing is left to fit") }
        let dropped = panel.units.filter { droppedSet.contains($0) }
        let rows = unitOfRow.indices.filter { !droppedSet.contains(unitOfRow[$0]) }
        var out = self
        out.panel = try Panel(table: table.selectingRows(rows), unit: panel.unitColumn, time: panel.timeColumn, unitOrder: kept)
        do { out.weights = try weights.subset(ids: kept) } catch { throw .invalidArgument("subsetting the weights: \(error)") }
        out.droppedUnits = droppedUnits + dropped
        out.warnings = warnings + ["dropped \(dropped.count) unit(s) with a missing value in \(columns.joined(separator: ", ")) in some period: "
            + dropped.prefix(20).joined(separator: ", ") + (dropped.count > 20 ? " and \(dropped.count - 20) more" : "")
            + "; the weights are subset to the \(kept.count) units left (transformation applied again)"]
            + out.weights.warnings.filter { $0.hasPrefix("subset:") }
        return out
    }

    /// The same pairing without the leading periods in which a `lag()` or `diff()` among `columns` has no previous
    /// period (the first period for `lag(x)`, two for `lag(lag(x))`), as Stata's `L.` operator drops them: those
    /// expressions are evaluated on the whole panel first (so the first kept period's `lag(x)` is the dropped
    /// period's x), added to the table as columns named by their text, and the rows of the leading periods removed.
    /// Missing cells after the leading periods are left (the fit names them). A note names the dropped periods.
    public func droppingLeadingPeriods(for columns: [String]) throws(DataError) -> PairedPanel {
        var table = panel.table
        var lagged = [String]()
        var firstComplete = 0
        let n = panel.unitCount, t = panel.periodCount
        for name in columns where !table.columnNames.contains(name) {
            let e = try DataTable.parse(name, columns: table.columnNames)
            guard e.usesPanelFunctions else { continue }
            let canonical = try panel.values(of: e)
            var p = 0
            while p < t, (0..<n).contains(where: { canonical[p * n + $0] == nil }) { p += 1 }
            firstComplete = max(firstComplete, p)
            table = try table.adding(e.text, values: try panel.tableValues(name).map { $0 ?? .nan })
            lagged.append(e.text)
        }
        guard firstComplete > 0 else { return self }
        guard firstComplete < t else {
            throw .invalidArgument("\(lagged.joined(separator: ", ")) leaves no period with every unit observed (the panel has \(t) periods)")
        }
        let dropped = Set(panel.periods[0..<firstComplete])
        let periodOfRow = try table.strings(panel.timeColumn).map(CSVReader.trimmed)
        let rows = periodOfRow.indices.filter { !dropped.contains(periodOfRow[$0]) }
        var out = self
        out.panel = try Panel(table: table.selectingRows(rows), unit: panel.unitColumn, time: panel.timeColumn, unitOrder: panel.units)
        out.warnings = warnings + ["dropped the first \(firstComplete == 1 ? "period" : "\(firstComplete) periods") ("
            + panel.periods[0..<firstComplete].joined(separator: ", ") + "): \(lagged.joined(separator: ", ")) \(lagged.count == 1 ? "has" : "have") no previous period there; "
            + "T = \(t - firstComplete)"]
        return out
    }
}
