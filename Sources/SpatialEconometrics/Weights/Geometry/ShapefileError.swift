/// An error reading a shapefile (`.shp`, `.shx`, `.dbf`, `.cpg`): the file, the 1-based record (`nil` for the
/// file's header), the field (a DBF field name, or a part of a shape record such as `number of parts`), what is
/// wrong and how to fix it.
///
/// ```swift
/// // nc.shp, record 7, field 'number of points': 70000 points need 1120000 bytes, the record has 1200; ...
/// ```
public struct ShapefileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem it is, to match on in code.
    public enum Kind: String, Sendable, Equatable {
        /// The file cannot be opened or read.
        case unreadable
        /// The file ends before the structure it announces (a truncated download or copy).
        case truncated
        /// A value that the format does not allow (a negative count, a wrong file code, a non-number in a numeric field).
        case invalid
        /// A valid construct that this reader does not read (MultiPatch shapes, an unknown code page).
        case unsupported
        /// The `.shp`, `.shx` and `.dbf` disagree (record counts, offsets).
        case mismatch
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// The file name (no directory).
    public var file: String
    /// The 1-based record, `nil` for the header.
    public var record: Int?
    /// The field or the part of the record concerned, if any.
    public var field: String?
    /// What is wrong.
    public var reason: String
    /// How to fix it.
    public var fix: String

    /// An error of `kind` in `file` at `record` (1-based, `nil` for the header) and `field`, with its `fix`.
    public init(_ kind: Kind, file: String, record: Int? = nil, field: String? = nil, reason: String, fix: String) {
        self.kind = kind
        self.file = file
        self.record = record
        self.field = field
        self.reason = reason
        self.fix = fix
    }

    /// Where: `record 7, field 'NAME'`, `header`, ...
    public var location: String {
        var parts = [record.map { "record \($0)" } ?? "header"]
        if let field { parts.append("field '\(field)'") }
        return parts.joined(separator: ", ")
    }

    /// `file, location: reason; fix`.
    public var description: String { "\(file), \(location): \(reason); \(fix)" }
}
