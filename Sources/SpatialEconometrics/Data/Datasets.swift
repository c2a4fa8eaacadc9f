import Foundation

/// The real datasets embedded in the package (SwiftPM resources), each with its provenance note.
///
/// - `columbus`: 49 Columbus, Ohio neighbourhoods (Anselin 1988): `columbus.csv`, `columbus.geojson`,
///   `columbus_queen.gal`, `columbus_rook.gal`.
/// - `produc`: US states 1970–1986 (Munnell 1990): `produc.csv`, `usaww.csv` (row-standardised queen weights).
/// - `china31`: China's 31 provinces: `provinces.csv`, `panel.csv` (NBS 2011–2022), `provinces.geojson`,
///   `contiguity_edges.csv`, `contiguity_edges_hainan_linked.csv`.
///
/// ```swift
/// let table = try Dataset.columbus.table("columbus.csv")
/// ```
public enum Dataset: String, CaseIterable, Sendable {
    /// The three datasets of the list above: Columbus, Ohio (Anselin 1988), produc (US states 1970–1986, Munnell
    /// 1990) and china31 (China's 31 provinces).
    case columbus, produc, china31

    /// The folder of this dataset inside the resource bundle.
    public var directory: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Datasets").appendingPathComponent(rawValue)
    }

    /// The URL of one of the dataset's files, or an error naming what is available.
    public func url(_ file: String) throws(DataError) -> URL {
        guard let dir = directory else { throw .invalidArgument("the package's resource bundle was not found") }
        let u = dir.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: u.path) else {
            let have = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.sorted() ?? []
            throw .invalidArgument("dataset \(rawValue) has no file '\(file)' (files: \(have.joined(separator: ", ")))")
        }
        return u
    }

    /// A CSV file of the dataset as a table.
    public func table(_ file: String) throws(DataError) -> DataTable { try DataTable(contentsOf: url(file)) }

    /// The provenance note (source and licence).
    public var provenance: String { (try? String(contentsOf: url("README.md"), encoding: .utf8)) ?? "" }
}
