import Foundation

extension SpatialWeights {
    /// Reads spatial weights from a file.
    ///
    /// ```swift
    /// let w = try SpatialWeights.read(from: URL(fileURLWithPath: "columbus_queen.gal"))
    /// let usa = try SpatialWeights.read(from: URL(fileURLWithPath: "usaww.csv"))   // dense, detected
    /// ```
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - format: the format; `nil` detects it from the extension (`.gal`, `.gwt`, `.json`) and, for `.csv`, from
    ///     the content (dense matrix or triplets, see ``WeightsFileFormat/detect(csv:source:)``).
    ///   - ids: the units in the order wanted (e.g. a data column). GWT and triplets files take their units from
    ///     it, so that units without links are included; the other formats list their units and are reordered to
    ///     `ids`, which must then hold the same ids.
    ///   - allowSelfNeighbors: accept self-neighbours (kernel weights); GAL never holds them.
    /// - Throws: ``WeightsError`` naming the file: it cannot be read or is not UTF-8 text
    ///   (`.malformed` with line 0), the format is unknown (`.unsupported`), or any error of the format's reader.
    public static func read(from url: URL, format: WeightsFileFormat? = nil, ids: [String]? = nil,
                            allowSelfNeighbors: Bool = false) throws(WeightsError) -> SpatialWeights {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .malformed(source: name, line: 0, reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(source: name, line: 0, reason: "not UTF-8 text")
        }
        let chosen: WeightsFileFormat
        if let format {
            chosen = format
        } else if let f = WeightsFileFormat(pathExtension: url.pathExtension) {
            chosen = f
        } else if url.pathExtension.lowercased() == "csv" {
            chosen = try WeightsFileFormat.detect(csv: text, source: name)
        } else {
            throw .unsupported("\(name): cannot tell the weights format from the extension '.\(url.pathExtension)'; pass format: (gal, gwt, denseCSV, tripletsCSV, json)")
        }
        let w: SpatialWeights
        switch chosen {
        case .gal: w = try GALFormat.read(text, source: name)
        case .gwt: return try GWTFormat.read(text, source: name, ids: ids, allowSelfNeighbors: allowSelfNeighbors)
        case .tripletsCSV: return try TripletsCSVFormat.read(text, source: name, ids: ids, allowSelfNeighbors: allowSelfNeighbors)
        case .denseCSV: w = try DenseCSVFormat.read(text, source: name, allowSelfNeighbors: allowSelfNeighbors)
        case .json: w = try WeightsJSONFormat.read(data, source: name, allowSelfNeighbors: allowSelfNeighbors)
        }
        guard let ids, ids != w.ids else { return w }
        do { return try w.reordered(to: ids) } catch { throw .inFile(source: name, line: 0, error) }
    }

    /// Writes the weights to a file (atomically).
    ///
    /// - Parameters:
    ///   - url: the file to write (replaced if it exists).
    ///   - format: the format; `nil` takes it from the extension: `.gal`, `.gwt`, `.json`, and `.csv` as
    ///     triplets (sparse and lossless; pass `.denseCSV` for the n x n matrix).
    /// - Throws: ``WeightsError`` naming the file: unknown extension or content the format cannot hold
    ///   (`.unsupported`, e.g. non-binary weights as GAL), or the file cannot be written (`.malformed` with line 0).
    public func write(to url: URL, format: WeightsFileFormat? = nil) throws(WeightsError) {
        let name = url.lastPathComponent
        let chosen: WeightsFileFormat
        if let format {
            chosen = format
        } else if let f = WeightsFileFormat(pathExtension: url.pathExtension) {
            chosen = f
        } else if url.pathExtension.lowercased() == "csv" {
            chosen = .tripletsCSV
        } else {
            throw .unsupported("\(name): cannot tell the weights format from the extension '.\(url.pathExtension)'; pass format: (gal, gwt, denseCSV, tripletsCSV, json)")
        }
        let text: String
        do {
            switch chosen {
            case .gal: text = try GALFormat.write(self)
            case .gwt: text = try GWTFormat.write(self)
            case .denseCSV: text = try DenseCSVFormat.write(self)
            case .tripletsCSV: text = try TripletsCSVFormat.write(self)
            case .json: text = WeightsJSONFormat.write(self)
            }
        } catch {
            throw .inFile(source: name, line: 0, error)
        }
        do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
            throw .malformed(source: name, line: 0, reason: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
