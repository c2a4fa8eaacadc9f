import Foundation

extension CompositeIndex {
    /// The table with the index's scores added as columns, each row joined to its score by its unit and period, never
    /// by row order (``scores`` are time-major for a panel, so pairing them with a table sorted by unit then year by
    /// position puts almost every score on the wrong row).
    ///
    /// Columns added: `score`, each dimension `<g>` and its index `<g>_index`, and `topsis` when computed, each with
    /// `prefix` in front. Rows whose (unit, period) has no score get missing cells.
    ///
    /// ```swift
    /// let index = try CompositeIndex(table: panel, indicators: indicators, unit: "id", time: "year")
    /// let withScores = try index.addingScores(to: anyOrderTable, unit: "id", time: "year")
    /// ```
    ///
    /// - Parameters:
    ///   - table: any table with the unit (and period) columns, in any row order.
    ///   - unit: its unit column.
    ///   - time: its period column (`nil` for a cross-section).
    ///   - prefix: put in front of every added column's name (default none).
    /// - Throws: ``IndexError/invalidArgument(_:)`` when the scores carry no unit (the index was computed without a
    ///   unit column) or a (unit, period) appears twice among them; a missing column.
    /// - Complexity: O(rows + scores).
    public func addingScores(to table: DataTable, unit: String, time: String? = nil, prefix: String = "") throws(IndexError) -> DataTable {
        func key(_ u: String, _ t: String?) -> String { time == nil ? u : u + "\u{1F}" + (t ?? "") }
        var position = [String: Int](minimumCapacity: scores.count)
        for (k, s) in scores.enumerated() {
            guard let u = s.unit else { throw .invalidArgument("the scores carry no unit: compute the index with a unit column to join them to a table") }
            if time != nil && s.time == nil { throw .invalidArgument("the scores carry no period: compute the index with a time column to join by period") }
            let trimmedTime = s.time.map(CSVReader.trimmed)
            guard position.updateValue(k, forKey: key(CSVReader.trimmed(u), trimmedTime)) == nil else {
                throw .invalidArgument("unit '\(u)'" + (s.time.map { ", period '\($0)'" } ?? "") + " has more than one score: name the period column")
            }
        }
        let units = try dataStep { () throws(DataError) in try table.strings(unit) }.map(CSVReader.trimmed)
        let times = try time.map { c throws(IndexError) in try dataStep { () throws(DataError) in try table.strings(c) }.map(CSVReader.trimmed) }
        let match = (0..<table.rowCount).map { position[key(units[$0], times?[$0])] }
        func column(_ value: (Score) -> Double?) -> [Double] { match.map { $0.flatMap { value(scores[$0]) } ?? .nan } }
        var out = try dataStep { () throws(DataError) in try table.adding(prefix + "score", values: column { $0.score }) }
        for g in groups {
            out = try dataStep { () throws(DataError) in try out.adding(prefix + g.name, values: column { $0.groups[g.name] }) }
            out = try dataStep { () throws(DataError) in try out.adding(prefix + g.name + "_index", values: column { $0.groupIndices[g.name] }) }
        }
        if options.topsis { out = try dataStep { () throws(DataError) in try out.adding(prefix + "topsis", values: column { $0.topsis }) } }
        return out
    }
}
