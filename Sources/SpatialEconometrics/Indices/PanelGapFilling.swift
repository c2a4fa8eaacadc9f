import Foundation

/// How a gap was filled.
public enum FillMethod: String, Sendable, Codable, Equatable {
    /// Linear interpolation between the adjacent observed years.
    case interpolation = "linear interpolation"
    /// Linear extrapolation from the two nearest observed years (at the start or end of a series).
    case linearExtrapolation = "linear extrapolation"
    /// The nearest observed value carried to the start or end of a series.
    case nearest = "nearest value"
}

/// One filled cell, listed in results and printed reports so that no value is invented silently.
public struct FilledCell: Sendable, Codable, Equatable {
    /// The variable (column) of the cell.
    public let variable: String
    /// The unit of the cell.
    public let unit: String
    /// The period of the cell.
    public let period: String
    /// The 1-based data row of the table.
    public let row: Int
    /// The value written into the cell.
    public let value: Double
    /// How the value was obtained.
    public let method: FillMethod

    /// The report of filled cells: Unit | Period | Variable | Row | Value | Method.
    public static func table(_ cells: [FilledCell]) -> Table {
        var t = Table(title: "Filled missing values (\(cells.count))", columns: ["Unit", "Period", "Variable", "Row", "Value", "Method"])
        for c in cells { t.rows.append([c.unit, c.period, c.variable, "\(c.row)", Format.fixed(c.value, 4), c.method.rawValue]) }
        t.notes = ["Missing values filled by linear interpolation of adjacent years, extrapolation at the ends of a series."]
        return t
    }
}

/// Fills missing cells of a panel the way regional index studies describe it ("missing values were filled by
/// interpolation of adjacent years or extrapolation"): within each unit's series, gaps between observed years are
/// interpolated linearly in time; gaps before the first or after the last observed year are extrapolated linearly
/// from the two nearest observed years (or, with ``Extrapolation/nearest``, take the nearest observed value; with
/// ``Extrapolation/none`` they are an error).
///
/// Periods are used as numbers when they all are (2011, 2012, 2014 gives a gap of two years), otherwise by their
/// position. Linear extrapolation can leave the range of the data (even turn negative): check the listed cells.
/// Filling happens only on request, and every filled cell is returned.
///
/// ```swift
/// let panel = try Panel(table: table, unit: "id", time: "year")
/// let filled = try PanelGapFilling(extrapolation: .linear).fill(panel, variables: ["patents"])
/// print(filled.table.text)          // every filled cell
/// let complete = filled.data        // the table with the gaps filled
/// ```
public struct PanelGapFilling: Sendable, Codable, Equatable {
    /// What to do with gaps at the start or end of a series.
    public enum Extrapolation: String, Sendable, Codable, CaseIterable {
        /// Linear extrapolation from the two nearest observed periods (default), the nearest observed value, or none
        /// (a gap at an end is an error).
        case linear, nearest, none
    }

    /// The filled table and the list of filled cells.
    public struct Result: Sendable {
        /// The table with the gaps filled.
        public let data: DataTable
        /// Every filled cell, by variable, unit and period.
        public let filled: [FilledCell]

        /// Unit | Period | Variable | Value | Method.
        public var table: Table { FilledCell.table(filled) }
    }

    /// What is done with gaps at the start or end of a series.
    public let extrapolation: Extrapolation

    /// Gaps inside a series are always interpolated; `extrapolation` decides the ends (default linear).
    public init(extrapolation: Extrapolation = .linear) { self.extrapolation = extrapolation }

    /// Fills the gaps of `variables` in a balanced panel. Errors name the variable and unit of a series that
    /// cannot be filled (no observed value; one observed value with linear extrapolation; an end gap without
    /// extrapolation).
    public func fill(_ panel: Panel, variables: [String]) throws(IndexError) -> Result {
        let n = panel.unitCount, tt = panel.periodCount
        let numeric = panel.periods.compactMap(Double.init)
        let times = numeric.count == tt ? numeric : panel.periods.indices.map(Double.init)
        var table = panel.table
        var filled = [FilledCell]()
        for v in variables {
            var column = try dataStep { () throws(DataError) in try table.optionalNumbers(v) }
            for (r, x) in column.enumerated() where x.map({ !$0.isFinite }) ?? false { throw .nonFinite(variable: v, row: r + 1) }
            var changed = false
            for i in 0..<n {
                let rows = (0..<tt).map { panel.rowOrder[$0 * n + i] }
                let series = rows.map { column[$0] }
                let fills = try fillSeries(series, times: times, variable: v, unit: panel.units[i])
                for f in fills {
                    column[rows[f.index]] = f.value
                    filled.append(FilledCell(variable: v, unit: panel.units[i], period: panel.periods[f.index], row: rows[f.index] + 1, value: f.value, method: f.method))
                    changed = true
                }
            }
            if changed {
                // Every cell is now present; non-finite values cannot occur (checked above).
                let complete = column.map { $0 ?? .nan }
                table = try dataStep { () throws(DataError) in try table.adding(v, values: complete) }
            }
        }
        return Result(data: table, filled: filled)
    }

    /// The fills of one series (`nil` = missing) observed at `times`: positions, values and methods.
    public func fillSeries(_ series: [Double?], times: [Double], variable: String = "x", unit: String = "") throws(IndexError)
        -> [(index: Int, value: Double, method: FillMethod)] {
        guard series.count == times.count else { throw .invalidArgument("\(series.count) values for \(times.count) periods") }
        let observed = series.indices.filter { series[$0] != nil }
        guard observed.count < series.count else { return [] }
        guard let first = observed.first, let last = observed.last else {
            throw .cannotFill(variable: variable, unit: unit, reason: "no observed value in any period")
        }
        func value(_ k: Int) -> Double { series[k] ?? .nan }
        func line(_ a: Int, _ b: Int, at t: Double) -> Double {
            value(a) + (value(b) - value(a)) * (t - times[a]) / (times[b] - times[a])
        }
        var out = [(index: Int, value: Double, method: FillMethod)]()
        for k in series.indices where series[k] == nil {
            if k > first && k < last {
                // Adjacent observed years on either side.
                let a = observed.last { $0 < k } ?? first, b = observed.first { $0 > k } ?? last
                out.append((k, line(a, b, at: times[k]), .interpolation))
                continue
            }
            let end = k < first ? "start" : "end"
            switch extrapolation {
            case .none:
                throw .cannotFill(variable: variable, unit: unit, reason: "gap at the \(end) of the series (period position \(k + 1)); allow extrapolation (linear or nearest)")
            case .nearest:
                out.append((k, value(k < first ? first : last), .nearest))
            case .linear:
                guard observed.count >= 2 else {
                    throw .cannotFill(variable: variable, unit: unit, reason: "linear extrapolation needs two observed periods, the series has one; use nearest-value extrapolation")
                }
                let (a, b) = k < first ? (observed[0], observed[1]) : (observed[observed.count - 2], observed[observed.count - 1])
                out.append((k, line(a, b, at: times[k]), .linearExtrapolation))
            }
        }
        return out
    }
}
