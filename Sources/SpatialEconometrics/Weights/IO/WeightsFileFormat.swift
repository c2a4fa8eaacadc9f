import Foundation

/// The spatial weights file formats this package reads and writes (see `Docs/WeightsFormats.md`).
public enum WeightsFileFormat: String, Sendable, Codable, CaseIterable {
    /// GeoDa/PySAL neighbour lists, binary (``GALFormat``), `.gal`.
    case gal
    /// GeoDa's weighted link list `from to weight` (``GWTFormat``), `.gwt`.
    case gwt
    /// The full n x n matrix as CSV, optional header row and id column (``DenseCSVFormat``), `.csv`.
    case denseCSV
    /// One link per row `from,to,weight`, or an edge list `from,to` (``TripletsCSVFormat``), `.csv`.
    case tripletsCSV
    /// Ids, 0-based neighbour lists and weights as JSON (``WeightsJSONFormat``), `.json`.
    case json

    /// The format a file name's extension names (case-insensitive): `.gal`, `.gwt`, `.json`; `nil` for `.csv`
    /// (dense or triplets, see ``detect(csv:source:)``) and for other extensions.
    public init?(pathExtension ext: String) {
        switch ext.lowercased() {
        case "gal": self = .gal
        case "gwt": self = .gwt
        case "json": self = .json
        default: return nil
        }
    }

    /// Tells a dense CSV matrix from triplets or an edge list by content.
    ///
    /// Triplets when the table has 2 or 3 columns and either its first row is a triplets header (`from,to,weight`,
    /// `i,j,w`, `from_id,to_id`, ...), or it has more rows than a square matrix of that width could have with a
    /// header, or a later row has a non-numeric second cell (an id where a dense row has a number). Everything else
    /// is dense. A matrix of 2 or 3 units and a list of 2 or 3 links can look alike: pass the format explicitly
    /// for such tiny files.
    /// - Throws: CSV syntax errors, as ``WeightsError/malformed(source:line:reason:)``.
    public static func detect(csv text: String, source: String = "CSV") throws(WeightsError) -> WeightsFileFormat {
        let records = try WeightsFileText.csvRecords(text, source: source)
        guard let first = records.first else { return .tripletsCSV }
        let c = first.fields.count
        guard c == 2 || c == 3 else { return .denseCSV }
        let header = first.fields.map { WeightsFileText.trimmed($0).lowercased() }
        if header.contains(where: TripletsCSVFormat.headerNames.contains) { return .tripletsCSV }
        if records.count > c + 1 { return .tripletsCSV }
        if records.dropFirst().contains(where: { $0.fields.count >= 2 && CSVReader.number($0.fields[1]) == nil }) { return .tripletsCSV }
        return .denseCSV
    }

    /// The usual file extension.
    public var pathExtension: String {
        switch self {
        case .gal: return "gal"
        case .gwt: return "gwt"
        case .denseCSV, .tripletsCSV: return "csv"
        case .json: return "json"
        }
    }
}
