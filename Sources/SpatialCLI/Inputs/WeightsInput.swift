import Foundation
import SpatialEconometrics

/// The weights options shared by every command that pairs a data table with a weights file, read the same way
/// everywhere: `--weights`, `--transform`, `--id-column`, `--by-position`, `--drop-missing` (declared once in
/// ``SharedOptions/weightsGroup``).
struct WeightsInput: Sendable {
    let path: String
    let transform: WeightsTransformation
    let idColumn: String?
    let byPosition: Bool
    /// `--drop-missing`: drop the units with a missing cell in the columns used and subset W (else a missing cell is an error).
    let dropMissing: Bool

    init(path: String, transform: WeightsTransformation, idColumn: String? = nil, byPosition: Bool = false, dropMissing: Bool = false) {
        self.path = path
        self.transform = transform
        self.idColumn = idColumn
        self.byPosition = byPosition
        self.dropMissing = dropMissing
    }

    /// Reads the options. `panel`: the unit column (`--unit`) identifies the units, so `--id-column` does not apply
    /// and is rejected.
    init(_ options: inout ParsedOptions, panel: Bool = false) throws(UsageError) {
        let path = try options.required("--weights")
        let t = try options.choice("--transform")
        if panel, options.has("--id-column") {
            let idColumn = try options.given("--id-column") ?? ""
            throw .inapplicable("--id-column", message: "--id-column '\(idColumn)' does not apply to a panel: the --unit column names the weights' ids")
        }
        let idColumn = try options.given("--id-column")
        let byPosition = try options.flag("--by-position"), dropMissing = try options.flag("--drop-missing")
        if byPosition, let idColumn { throw .invalid("--id-column", message: "--id-column '\(idColumn)' and --by-position exclude each other") }
        self.init(path: path, transform: WeightsTransformation(rawValue: t) ?? .row, idColumn: idColumn, byPosition: byPosition,
                  dropMissing: dropMissing)
    }

    /// The weights as read, transformed; their warnings go to stderr.
    func read(_ console: Console) throws -> SpatialWeights {
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: path))
        for warning in w.warnings { console.warning(warning) }
        return try w.transformed(transform)
    }

    /// The table's rows matched to the weights by id (``PairedData``); notes and warnings go to stderr.
    /// `columns`: the columns the command uses, for `--drop-missing`.
    func pair(_ table: DataTable, columns: [String], weights: SpatialWeights? = nil, quiet: Bool = false, console: Console) throws -> PairedData {
        var paired = try PairedData(table: table, weights: weights ?? read(console), idColumn: idColumn, byPosition: byPosition)
        if dropMissing { paired = try paired.droppingMissing(in: columns) }
        if !quiet { for s in paired.warnings { console.warning(s) } }
        return paired
    }

    /// A panel matched to the weights by its unit column (``PairedPanel``); warnings go to stderr.
    func pairPanel(_ table: DataTable, unit: String, time: String, columns: [String], console: Console) throws -> PairedPanel {
        var paired = try PairedPanel(table: table, unit: unit, time: time, weights: read(console), byPosition: byPosition)
        // lag() and diff() have no previous period at the start: those periods are dropped, with a warning.
        paired = try paired.droppingLeadingPeriods(for: columns)
        if dropMissing { paired = try paired.droppingMissing(in: columns) }
        for s in paired.warnings { console.warning(s) }
        return paired
    }
}

/// How the rows were paired, for the JSON of every command that pairs data with weights.
struct PairingReport: Encodable, Sendable {
    let idColumn: String?
    let pairing: String
    enum CodingKeys: String, CodingKey { case idColumn = "id_column", pairing }

    init(_ p: PairedData) { idColumn = p.idColumn; pairing = p.pairing.rawValue }

    /// The line the text output ends with: how rows were matched to the weights' units, and any note.
    static func line(_ p: PairedData) -> String {
        let how = p.idColumn.map { "by id, column '\($0)'" } ?? "BY POSITION (row k is unit k of the weights)"
        return "Rows matched to the \(p.weights.count) units of the weights \(how)" + (p.notes.isEmpty ? "" : "; " + p.notes.joined(separator: "; "))
            + (p.droppedUnits.isEmpty ? "" : "; \(p.droppedUnits.count) unit(s) with missing values dropped")
    }

    static func line(_ p: PairedPanel) -> String {
        "Units matched to the weights " + (p.pairing == .position ? "BY POSITION (order of first appearance)" : "by id, column '\(p.panel.unitColumn)'")
            + (p.notes.isEmpty ? "" : "; " + p.notes.joined(separator: "; "))
            + (p.droppedUnits.isEmpty ? "" : "; \(p.droppedUnits.count) unit(s) with missing values dropped")
    }
    init(_ p: PairedPanel) { idColumn = p.panel.unitColumn; pairing = p.pairing.rawValue }
}
