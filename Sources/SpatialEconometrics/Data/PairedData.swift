import Foundation

/// A data table matched to a spatial weights matrix by unit id: one row per unit, both in the canonical unit order.
///
/// Every statistic that combines a variable with W (Moran's I, local statistics, OLS diagnostics, spatial
/// regressions) assumes that row i of the data is unit i of W. Matching by position silently gives wrong numbers when
/// the file's rows are sorted differently (columbus with shuffled rows: Moran's I 0.021 instead of 0.500), so the
/// rows are matched by id, with this rule:
///
/// 1. `idColumn`, when given: its values must be exactly the weights' ids;
/// 2. otherwise the column the weights name (``SpatialWeights/idVariable``: a GAL header's `POLYID`, a dense CSV's
///    corner cell), when the table has it;
/// 3. otherwise the one column whose values are exactly the weights' ids; several such columns (columbus has three
///    permutations of 1...49: `POLYID`, `NEIG`, `COLUMBUS.I`) are refused, listing them;
/// 4. otherwise, when the weights' ids are only positions (``SpatialWeights/idsArePositions``: read without ids),
///    the rows are paired in order, with a warning; weights with ids of their own are refused, naming the first
///    unmatched ids on both sides, unless `byPosition` asks for row order explicitly.
///
/// Ids are compared as trimmed strings, or as integers when both sides are integers (a note says so). The result
/// lists the units in the canonical order (the weights' ids sorted, numerically when all are integers), so every
/// result is the same whatever the order of the data rows or of the units in the weights file.
///
/// ```swift
/// let table = try DataTable(contentsOf: csv)                    // rows in any order
/// let w = try SpatialWeights.read(from: gal).transformed(.row)
/// let paired = try PairedData(table: table, weights: w)         // matched through the GAL's POLYID
/// let moran = try GlobalMoran(try paired.table.numbers("CRIME"), weights: paired.weights)
/// ```
public struct PairedData: Sendable {
    /// The data rows, one per unit, in the order of `weights.ids`.
    public private(set) var table: DataTable
    /// The weights in the canonical unit order.
    public private(set) var weights: SpatialWeights
    /// How the rows were matched to the weights' units (by an id column, or by position).
    public let pairing: UnitPairingMethod
    /// The column that held the ids (`nil` when paired by position).
    public let idColumn: String?
    /// The 0-based row of the input table of each unit of ``weights``.
    public private(set) var rows: [Int]
    /// How the match was made (e.g. "ids compared as integers").
    public let notes: [String]
    /// Position pairing, said loudly.
    public private(set) var warnings: [String]

    /// Matches `table`'s rows to `weights`' units; see the type's documentation for the rule.
    ///
    /// - Throws: ``DataError/idsDoNotMatch(column:source:dataCount:weightsCount:onlyInData:onlyInWeights:)`` when the
    ///   chosen column's ids differ from the weights' (with the fix: subset the weights),
    ///   ``DataError/ambiguousIdColumn(candidates:)``, ``DataError/noIdColumn(source:weightsCount:example:)``,
    ///   ``DataError/duplicateId(column:id:rows:)`` or a missing column.
    public init(table: DataTable, weights: SpatialWeights, idColumn: String? = nil, byPosition: Bool = false) throws(DataError) {
        var notes = [String](), warnings = [String]()
        var unitRow: [Int]   // unitRow[k] = data row of weights unit k (file order)
        var column: String? = nil
        if byPosition {
            if let idColumn { throw .invalidArgument("an id column ('\(idColumn)') and pairing by position exclude each other") }
            guard table.rowCount == weights.count else {
                throw .idsDoNotMatch(column: nil, source: table.source, dataCount: table.rowCount, weightsCount: weights.count, onlyInData: [], onlyInWeights: [])
            }
            unitRow = Array(0..<table.rowCount)
            warnings.append("rows paired with the weights' units by position, as asked: row k of \(table.source) is unit '\(weights.ids.first ?? "")'... in the weights' order")
        } else if let chosen = idColumn ?? weights.idVariable.flatMap({ table.columnNames.contains($0) ? $0 : nil }) {
            let ids = try Self.ids(table, chosen)
            guard let m = UnitMatching.match(ids, to: weights.ids) else {
                if let r = UnitMatching.firstRepeat(ids) { throw .duplicateId(column: chosen, id: r.id, rows: r.rows) }
                let u = UnitMatching.unmatched(ids, weights.ids)
                throw .idsDoNotMatch(column: chosen, source: table.source, dataCount: ids.count, weightsCount: weights.count,
                                     onlyInData: u.onlyInData, onlyInWeights: u.onlyInWeights)
            }
            unitRow = Self.invert(m.indices)
            column = chosen
            if idColumn == nil { notes.append("'\(chosen)' is the id variable the weights name") }
            if m.byInteger { notes.append("ids of column '\(chosen)' compared with the weights' ids as integers") }
        } else {
            var candidates = [(name: String, indices: [Int], byInteger: Bool)]()
            for name in table.columnNames where table.rowCount == weights.count {
                guard let ids = try? Self.ids(table, name), let m = UnitMatching.match(ids, to: weights.ids) else { continue }
                candidates.append((name, m.indices, m.byInteger))
            }
            if candidates.count > 1 { throw .ambiguousIdColumn(candidates: candidates.map(\.name)) }
            if let c = candidates.first {
                unitRow = Self.invert(c.indices)
                column = c.name
                notes.append("'\(c.name)' is the only column holding the weights' ids" + (c.byInteger ? " (compared as integers)" : ""))
            } else if weights.idsArePositions {
                guard table.rowCount == weights.count else {
                    throw .idsDoNotMatch(column: nil, source: table.source, dataCount: table.rowCount, weightsCount: weights.count, onlyInData: [], onlyInWeights: [])
                }
                unitRow = Array(0..<table.rowCount)
                warnings.append("the weights have no ids of their own (units 1...\(weights.count) in file order): rows of \(table.source) are paired with them by position, so their order must be the weights' order")
            } else if let near = Self.closestIdColumn(table, weights.ids) {
                // A column that holds some of the weights' ids (a subsample, a W over other units): say which differ.
                let u = UnitMatching.unmatched(near.ids, weights.ids)
                if let r = UnitMatching.firstRepeat(near.ids), u.onlyInData.isEmpty { throw .duplicateId(column: near.name, id: r.id, rows: r.rows) }
                throw .idsDoNotMatch(column: near.name, source: table.source, dataCount: near.ids.count, weightsCount: weights.count,
                                     onlyInData: u.onlyInData, onlyInWeights: u.onlyInWeights)
            } else {
                throw .noIdColumn(source: table.source, weightsCount: weights.count, example: Array(weights.ids.prefix(3)))
            }
        }
        // Canonical order: the weights' ids sorted; the rows follow.
        let (w, old) = weights.canonicallyOrdered()
        let rows = old.map { unitRow[$0] }
        self.table = rows.enumerated().allSatisfy({ $0.offset == $0.element }) ? table : table.selectingRows(rows)
        self.weights = w
        self.pairing = column == nil ? .position : .idColumn
        self.idColumn = column
        self.rows = rows
        self.notes = notes
        self.warnings = warnings
    }

    /// Units dropped by ``droppingMissing(in:)`` (empty otherwise), in canonical order.
    public private(set) var droppedUnits: [String] = []

    /// The same pairing without the units that have a missing cell (empty, `NA`, `N/A`, `.`; also NaN or infinite
    /// numbers built in code) in any of `columns`, and the weights subset to the units kept, with their
    /// transformation applied again (R's `na.action = na.exclude` with spdep's `subset.listw`). The dropped units are
    /// in ``droppedUnits`` and named in ``warnings``, with any unit the subset leaves without a neighbour. A cell that
    /// is present but not a number stays an error.
    ///
    /// - Throws: ``DataError`` for a missing column or a non-numeric cell; `.invalidArgument` when every unit has a
    ///   missing cell, or the weights cannot be subset.
    public func droppingMissing(in columns: [String]) throws(DataError) -> PairedData {
        var missing = [Bool](repeating: false, count: table.rowCount)
        for c in columns {
            // A cell that is not a number is named by its row in the input table, not by its place in the canonical order.
            let values: [Double?]
            do { values = try table.optionalNumbers(c) } catch { throw error.mappingRows(sourceRow) }
            for (i, v) in values.enumerated() where v == nil || v?.isFinite == false { missing[i] = true }
        }
        guard missing.contains(true) else { return self }
        let kept = missing.indices.filter { !missing[$0] }
        guard !kept.isEmpty else { throw .invalidArgument("every unit has a missing cell in \(columns.joined(separator: ", ")): nothing is left to fit") }
        let dropped = missing.indices.filter { missing[$0] }.map { weights.ids[$0] }
        let w: SpatialWeights
        do { w = try weights.subset(ids: kept.map { weights.ids[$0] }) } catch { throw .invalidArgument("subsetting the weights: \(error)") }
        var out = self
        out.table = table.selectingRows(kept)
        out.weights = w
        out.rows = kept.map { rows[$0] }
        out.droppedUnits = droppedUnits + dropped
        out.warnings = warnings + ["dropped \(dropped.count) unit(s) with a missing value in \(columns.joined(separator: ", ")): "
            + dropped.prefix(20).joined(separator: ", ") + (dropped.count > 20 ? " and \(dropped.count - 20) more" : "")
            + "; the weights are subset to the \(kept.count) units left (transformation applied again)"]
            + w.warnings.filter { $0.hasPrefix("subset:") }
        return out
    }

    /// `error` with its row numbers turned from rows of ``table`` (canonical order) into 1-based rows of the input
    /// table, so messages name the row of the user's file: ``DataError`` cells (also inside ``ModelError/data(_:)``) and
    /// ``ModelError/nonFinite(variable:observation:)``.
    /// Other errors are returned unchanged.
    public func inSourceRows(_ error: any Error) -> any Error {
        switch error {
        case let e as DataError: return e.mappingRows(sourceRow)
        case ModelError.data(let e): return ModelError.data(e.mappingRows(sourceRow))
        case ModelError.nonFinite(let v, let i): return ModelError.nonFinite(variable: v, observation: sourceRow(i + 1) - 1)
        default: return error
        }
    }

    /// The 1-based row of the input table of 1-based row `row` of ``table``.
    func sourceRow(_ row: Int) -> Int { row >= 1 && row <= rows.count ? rows[row - 1] + 1 : row }

    static func ids(_ table: DataTable, _ column: String) throws(DataError) -> [String] {
        let ids = try table.strings(column).map(CSVReader.trimmed)
        for (i, id) in ids.enumerated() where CSVReader.isMissing(id) { throw .missingValue(column: column, row: i + 1) }
        return ids
    }

    /// The column sharing the most values with the weights' ids (at least half of the smaller side), if any.
    static func closestIdColumn(_ table: DataTable, _ weightIds: [String]) -> (name: String, ids: [String])? {
        let w = Set(weightIds), wInt = Set(weightIds.compactMap { Int($0) })
        var best: (name: String, ids: [String], overlap: Int)? = nil
        for name in table.columnNames {
            guard let ids = try? ids(table, name) else { continue }
            let overlap = Set(ids).reduce(0) { $0 + (w.contains($1) || Int($1).map { wInt.contains($0) } == true ? 1 : 0) }
            if overlap * 2 >= min(Set(ids).count, w.count), overlap > 0, overlap > (best?.overlap ?? 0) { best = (name, ids, overlap) }
        }
        return best.map { ($0.name, $0.ids) }
    }

    /// `indices[row] = unit` to `unitRow[unit] = row`.
    static func invert(_ indices: [Int]) -> [Int] {
        var out = [Int](repeating: 0, count: indices.count)
        for (row, unit) in indices.enumerated() { out[unit] = row }
        return out
    }
}
