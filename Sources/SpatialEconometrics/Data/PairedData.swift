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
    public let table: DataTable
    /// The weights in the canonical unit order.
    public let weights: SpatialWeights
    public let pairing: UnitPairingMethod
    /// The column that held the ids (`nil` when paired by position).
    public let idColumn: String?
    /// The 0-based row of the input table of each unit of ``weights``.
    public let rows: [Int]
    /// How the match was made (e.g. "ids compared as integers").
    public let notes: [String]
    /// Position pairing, said loudly.
    public let warnings: [String]

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
            if idColumn == nil { notes.append("rows matched to the weights through column '\(chosen)', the id variable the weights name") }
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
                notes.append("rows matched to the weights through column '\(c.name)', the only column holding the weights' ids"
                    + (c.byInteger ? " (compared as integers)" : ""))
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
