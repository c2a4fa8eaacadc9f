import Foundation
import SpatialEconometrics

/// The weights options shared by every subcommand that pairs a data table with a weights file:
/// `--weights`, `--transform`, `--id-column`, `--by-position`, each declared here once.
struct WeightsInput {
    let path: String
    let transform: WeightsTransformation
    let idColumn: String?
    let byPosition: Bool
    /// `--drop-missing`: drop the units with a missing cell in the columns used and subset W (else a missing cell is an error).
    let dropMissing: Bool

    /// Reads the options. `panel`: the unit column (`--unit`) identifies the units, so `--id-column` does not apply
    /// and is rejected.
    static func parse(_ args: inout Arguments, panel: Bool = false) throws -> WeightsInput {
        let path = try args.required("--weights")
        let t = try args.choice("--transform", WeightsTransformation.allCases.map(\.rawValue), default: "row")
        let idColumn = try args.option("--id-column")
        if panel, let idColumn {
            throw UsageError("--id-column '\(idColumn)' does not apply to a panel: the --unit column names the weights' ids")
        }
        let byPosition = args.flag("--by-position"), dropMissing = args.flag("--drop-missing")
        if byPosition, let idColumn { throw UsageError("--id-column '\(idColumn)' and --by-position exclude each other") }
        return WeightsInput(path: path, transform: WeightsTransformation(rawValue: t) ?? .row, idColumn: idColumn, byPosition: byPosition,
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
        if dropMissing { paired = try paired.droppingMissing(in: columns) }
        for s in paired.warnings { console.warning(s) }
        return paired
    }

    static let help = """
          --weights W         weights file: .gal, .gwt, .json, or .csv (dense n x n, or triplets i,j,w / edge list)
          --transform T       row (default), binary, spectral, symmetrized, none
          --id-column NAME    data column holding the weights' ids. Default: the column the weights name (a GAL/GWT
                              header '0 n name POLYID', a dense CSV's corner cell), else the one column whose values
                              are exactly the weights' ids (several: refused, name one). Rows are always matched by
                              id, never by position: results do not depend on the order of rows or of the weights'
                              units, and are listed in the weights' ids sorted (numerically when all are integers)
          --by-position       pair row k with unit k of the weights file instead (only weights without ids of their
                              own, units 1..n or 0..n-1, are paired this way by default, with a warning)
          --drop-missing      drop the units with a missing cell in the columns used and subset the weights to the
                              rest (transformation applied again; dropped units and new islands named on stderr);
                              without it a missing cell is an error naming its row and column
        """

    static let panelHelp = """
          --weights W         weights file: .gal, .gwt, .json, or .csv (dense n x n, or triplets i,j,w / edge list)
          --transform T       row (default), binary, spectral, symmetrized, none
          --by-position       pair the k-th unit of --unit (in order of first appearance) with unit k of the weights
                              (weights without ids of their own are paired this way by default, with a warning);
                              otherwise the --unit values are the weights' ids, and results are listed in their
                              sorted order whatever the order of the rows or of the weights' units
          --drop-missing      drop the units with a missing cell in the columns used (in any period: the panel stays
                              balanced) and subset the weights to the rest (transformation applied again)
        """
}

/// How the rows were paired, for the JSON of every command that pairs data with weights.
struct PairingReport: Encodable {
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
