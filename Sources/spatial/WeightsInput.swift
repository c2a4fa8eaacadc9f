import Foundation
import SpatialEconometrics

/// Options shared by every subcommand that reads a weights file and a data table.
struct WeightsInput {
    /// `--transform row|binary|spectral|symmetrized|none` (default row, as R's `nb2listw`).
    static func transform(_ args: inout Arguments) throws -> WeightsTransformation {
        let t = try args.choice("--transform", WeightsTransformation.allCases.map(\.rawValue), default: "row")
        return WeightsTransformation(rawValue: t) ?? .row
    }

    /// Reads `path`, matches its ids to `ids` (data order) when given, and applies `transform`.
    static func load(_ path: String, transform: WeightsTransformation, ids: [String]? = nil) throws -> SpatialWeights {
        let w = try SpatialWeights.read(from: URL(fileURLWithPath: path), ids: ids)
        for warning in w.warnings { Output.warning(warning) }
        return try w.transformed(transform)
    }

    /// Reads the weights for a data table: with `--id-column`, W is reordered to the column's ids; otherwise
    /// W's rows are taken to be the table's rows, in order.
    static func load(_ path: String, transform: WeightsTransformation, table: DataTable, idColumn: String?) throws -> SpatialWeights {
        let ids = try idColumn.map { try table.strings($0).map { $0.trimmingCharacters(in: .whitespaces) } }
        let w = try load(path, transform: transform, ids: ids)
        guard w.count == table.rowCount else {
            throw UsageError("the weights have \(w.count) units and \(table.source) has \(table.rowCount) rows")
        }
        return w
    }

    static let help = """
          --weights W         weights file: .gal, .gwt, .json, or .csv (dense n x n, or triplets i,j,w / edge list)
          --transform T       row (default), binary, spectral, symmetrized, none
          --id-column NAME    data column holding the weights' ids (default: the weights' rows are the data rows)
        """
}
