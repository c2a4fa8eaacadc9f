import Foundation

/// The dBASE III/IV attribute table of a shapefile (`.dbf`), read by hand into a ``DataTable``.
///
/// Fields: C (character, decoded with the code page, blanks and NULs trimmed), N and F (numeric: blank or
/// `*`-filled cells are missing; numbers are written without trailing zeros, `1.500000` as `1.5`, `12.000` as
/// `12`, integers of more than 15 digits as written), D (date, as `YYYY-MM-DD`; blank or `00000000` missing),
/// L (logical: `true`/`false`, `?` or blank missing) and I (a Visual FoxPro 4-byte integer). Fields of other types
/// (memo, binary, ...) are skipped with a warning. Missing cells are empty text, as in a CSV table.
///
/// Code page: the `.cpg` file when there is one (`UTF-8`, `GBK`, `GB2312`, `GB18030`, `CP936`/`936`, `Big5`,
/// `Shift_JIS`, `EUC-KR`, `ISO-8859-1`/`latin1`, `1250`-`1254`/`CP125x`/`windows-125x`, `437`, `850`, `866`);
/// otherwise the language-driver byte of the header (e.g. `0x4D`/`0x7A` GBK, `0x4F` Big5, `0x13` Shift-JIS, `0xC8`
/// CP1250, `0x01` CP437); a byte that names none (`0x00`, or `0x57`, the generic "ANSI" most writers put) means
/// UTF-8 when all the text is valid UTF-8, else ISO-8859-1 (with a warning). GBK and GB2312 are decoded as
/// GB18030, their superset. A character cell cut inside a multi-byte character by its field width loses that
/// character.
///
/// Deleted records (flag `*`) are not rows of ``DataTable``: ``Result/deleted`` says which were left out.
enum DBFReader {
    struct Result {
        var table: DataTable
        /// For each record of the file, whether it is deleted (and so not a row of `table`).
        var deleted: [Bool]
        /// The code page's name and where it came from.
        var encoding: String
        var warnings: [String]
    }

    struct Field {
        var name: String
        var type: UInt8
        var offset: Int
        var length: Int
        var decimals: Int
    }

    /// A `String.Encoding` from a CoreFoundation encoding number (what `CFStringConvertEncodingToNSStringEncoding`
    /// returns for encodings outside NSString's own list; that function is not exported on Linux).
    static func cfEncoding(_ cf: UInt) -> String.Encoding { String.Encoding(rawValue: 0x8000_0000 | cf) }

    static let gb18030 = cfEncoding(0x0632)

    /// The encoding named by a `.cpg` file's text, `nil` if unknown.
    static func encoding(cpg: String) -> (String.Encoding, String)? {
        let key = cpg.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "").replacingOccurrences(of: " ", with: "")
        switch key {
        case "UTF8", "65001", "ASCII", "USASCII": return (.utf8, "UTF-8")
        case "GBK", "GB2312", "GB18030", "CP936", "936", "MS936", "WINDOWS936", "ANSI936", "54936", "CP54936", "EUCCN":
            return (gb18030, "GB18030")
        case "BIG5", "CP950", "950": return (cfEncoding(0x0A03), "Big5")
        case "SHIFTJIS", "SJIS", "CP932", "932": return (.shiftJIS, "Shift_JIS")
        case "EUCKR", "CP949", "949": return (cfEncoding(0x0940), "EUC-KR")
        case "ISO88591", "88591", "28591", "LATIN1": return (.isoLatin1, "ISO-8859-1")
        case "ISO88592", "88592", "28592", "LATIN2": return (.isoLatin2, "ISO-8859-2")
        case "1250", "CP1250", "WINDOWS1250", "ANSI1250": return (.windowsCP1250, "windows-1250")
        case "1251", "CP1251", "WINDOWS1251", "ANSI1251": return (.windowsCP1251, "windows-1251")
        case "1252", "CP1252", "WINDOWS1252", "ANSI1252": return (.windowsCP1252, "windows-1252")
        case "1253", "CP1253", "WINDOWS1253", "ANSI1253": return (.windowsCP1253, "windows-1253")
        case "1254", "CP1254", "WINDOWS1254", "ANSI1254": return (.windowsCP1254, "windows-1254")
        case "437", "CP437", "OEM437": return (cfEncoding(0x0400), "CP437")
        case "850", "CP850", "OEM850": return (cfEncoding(0x0410), "CP850")
        case "866", "CP866", "OEM866": return (cfEncoding(0x0413), "CP866")
        default: return nil
        }
    }

    /// The encoding of a language-driver byte, `nil` for none (0, the generic 0x57, or unknown).
    static func encoding(languageDriver b: UInt8) -> (String.Encoding, String)? {
        switch b {
        case 0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B: return encoding(cpg: "437")
        case 0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37: return encoding(cpg: "850")
        case 0x03, 0x58, 0x59: return encoding(cpg: "1252")
        case 0x13, 0x7B: return encoding(cpg: "932")
        case 0x26, 0x65: return encoding(cpg: "866")
        case 0x4D, 0x7A: return encoding(cpg: "936")
        case 0x4E, 0x79: return encoding(cpg: "949")
        case 0x4F, 0x78: return encoding(cpg: "950")
        case 0xC8: return encoding(cpg: "1250")
        case 0xC9: return encoding(cpg: "1251")
        case 0xCA: return encoding(cpg: "1254")
        case 0xCB: return encoding(cpg: "1253")
        default: return nil
        }
    }

    static func read(_ bytes: [UInt8], file: String, cpg: String? = nil) throws(ShapefileError) -> Result {
        let b = ShapefileBytes(bytes)
        func fail(_ kind: ShapefileError.Kind = .invalid, record: Int? = nil, field: String? = nil, _ reason: String,
                  _ fix: String = "the header is damaged: write the file again") -> ShapefileError {
            ShapefileError(kind, file: file, record: record, field: field, reason: reason, fix: fix)
        }
        guard let version = b.byte(0), let count32 = b.uint32LittleEndian(4), let headerLength16 = b.uint16LittleEndian(8),
              let recordLength16 = b.uint16LittleEndian(10), let ldid = b.byte(29), b.count >= 32 else {
            throw fail(.truncated, "\(b.count) bytes, shorter than the 32-byte dBASE header", "the file is incomplete or not a .dbf: copy it again")
        }
        guard version & 0x07 == 3 || version & 0x07 == 4 || version & 0x07 == 5 || version == 0x30 || version == 0x31 else {
            throw fail(field: "version", "0x\(String(version, radix: 16)) is not a dBASE version", "this is not a dBASE (.dbf) file")
        }
        let count = Int(count32), headerLength = Int(headerLength16), recordLength = Int(recordLength16)

        // The code page.
        var encoding: (String.Encoding, String)?
        var encodingName: String
        if let cpg {
            guard let e = Self.encoding(cpg: cpg) else {
                let shown = cpg.trimmingCharacters(in: .whitespacesAndNewlines)
                throw ShapefileError(.unsupported, file: file.replacingOccurrences(of: ".dbf", with: ".cpg"), field: "code page",
                                     reason: "'\(shown.prefix(40))' is not a code page this reader knows",
                                     fix: "write the table's code page into the .cpg file: UTF-8, GBK, GB18030, Big5, ISO-8859-1, 1252, ...")
            }
            encoding = e
            encodingName = "\(e.1) (.cpg)"
        } else if let e = Self.encoding(languageDriver: ldid) {
            encoding = e
            encodingName = "\(e.1) (language driver 0x\(String(ldid, radix: 16, uppercase: true)))"
        } else {
            encodingName = "UTF-8"
        }

        // Field descriptors, up to the 0x0D terminator.
        var fields = [Field]()
        var warnings = [String]()
        var offset = 1, at = 32
        while true {
            guard let first = b.byte(at) else {
                throw fail(.truncated, "the field descriptors are not terminated (0x0D) before the end of the file",
                           "the file is incomplete: copy it again")
            }
            if first == 0x0D { break }
            guard at + 32 <= headerLength, let d = b.slice(at, 32) else {
                throw fail(.invalid, "the field descriptors run past the header length (\(headerLength) bytes)")
            }
            let raw = Array(d.prefix(11).prefix { $0 != 0 })
            let name = (String(bytes: raw, encoding: encoding?.0 ?? .utf8) ?? String(decoding: raw, as: UTF8.self))
                .trimmingCharacters(in: .whitespaces)
            let base = d.startIndex
            let type = d[base + 11], length = Int(d[base + 16]), decimals = Int(d[base + 17])
            let k = fields.count + 1
            guard !name.isEmpty else { throw fail(field: "field \(k)", "the field has no name") }
            guard !fields.contains(where: { $0.name == name }) else {
                throw fail(field: name, "the name is given to two fields", "rename one of the fields")
            }
            guard length > 0 else { throw fail(field: name, "the field's width is 0") }
            fields.append(Field(name: name, type: type, offset: offset, length: length, decimals: decimals))
            offset += length
            at += 32
        }
        guard offset <= recordLength else {
            throw fail(field: "record length", "the fields need \(offset) bytes a record, the header says \(recordLength)")
        }
        guard headerLength >= at + 1 else { throw fail(.invalid, field: "header length", "\(headerLength) bytes, but the field descriptors end at \(at + 1)") }
        let available = b.count - headerLength
        if count > 0, recordLength > 0, available / recordLength < count {
            let complete = max(available, 0) / recordLength
            throw fail(.truncated, record: complete + 1, "the header announces \(count) records of \(recordLength) bytes, the file holds \(complete)",
                       "the file is incomplete: copy it again")
        }
        guard recordLength > 0 || count == 0 else { throw fail(field: "record length", "the record length is 0") }

        // Records.
        var deleted = [Bool]()
        deleted.reserveCapacity(count)
        for r in 0..<count { deleted.append(bytes[headerLength + r * recordLength] == UInt8(ascii: "*")) }
        let kept = (0..<count).filter { !deleted[$0] }

        func cell(_ r: Int, _ f: Field) -> ArraySlice<UInt8> {
            let start = headerLength + r * recordLength + f.offset
            return bytes[start..<(start + f.length)]
        }
        func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x00 || c == 0x09 }
            guard let i = s.firstIndex(where: { !blank($0) }), let j = s.lastIndex(where: { !blank($0) }) else { return s[s.startIndex..<s.startIndex] }
            return s[i...j]
        }
        func ascii(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }

        var columns = [(name: String, values: [String])]()
        var textFields = [(column: Int, field: Field)]()
        for f in fields {
            var values = [String]()
            values.reserveCapacity(kept.count)
            switch f.type {
            case UInt8(ascii: "C"):
                textFields.append((columns.count, f))
                values = []
            case UInt8(ascii: "N"), UInt8(ascii: "F"):
                for r in kept {
                    let t = trimmed(cell(r, f))
                    if t.isEmpty || t.allSatisfy({ $0 == UInt8(ascii: "*") }) { values.append(""); continue }
                    let text = ascii(t)
                    guard let v = Self.numberText(text) else {
                        throw fail(record: r + 1, field: f.name, "'\(text.prefix(40))' is not a number",
                                   "write a number in decimal notation, or leave the cell blank for a missing value")
                    }
                    values.append(v)
                }
            case UInt8(ascii: "D"):
                for r in kept {
                    let t = trimmed(cell(r, f))
                    if t.isEmpty || t.allSatisfy({ $0 == UInt8(ascii: "0") }) { values.append(""); continue }
                    guard t.count == 8, t.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                        throw fail(record: r + 1, field: f.name, "'\(ascii(t).prefix(40))' is not a date YYYYMMDD", "write the date as YYYYMMDD, or leave it blank")
                    }
                    let s = ascii(t)
                    values.append("\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))")
                }
            case UInt8(ascii: "L"):
                for r in kept {
                    let t = trimmed(cell(r, f))
                    switch t.first {
                    case nil, UInt8(ascii: "?"): values.append("")
                    case UInt8(ascii: "Y"), UInt8(ascii: "y"), UInt8(ascii: "T"), UInt8(ascii: "t"): values.append("true")
                    case UInt8(ascii: "N"), UInt8(ascii: "n"), UInt8(ascii: "F"), UInt8(ascii: "f"): values.append("false")
                    default:
                        throw fail(record: r + 1, field: f.name, "'\(ascii(t).prefix(10))' is not a logical value", "write T, F, Y, N, or ? for missing")
                    }
                }
            case UInt8(ascii: "I") where f.length == 4:
                for r in kept {
                    let c = ShapefileBytes(Array(cell(r, f)))
                    values.append(c.int32LittleEndian(0).map { String($0) } ?? "")
                }
            default:
                let shown = (0x20..<0x7F).contains(f.type) ? String(UnicodeScalar(f.type)) : "0x" + String(f.type, radix: 16)
                warnings.append("\(file): field '\(f.name)' of type \(shown) is not read (only C, N, F, D, L, I are)")
                continue
            }
            columns.append((f.name, values))
        }

        // Character fields, decoded with the code page; without one, UTF-8 if all of them are valid UTF-8, else ISO-8859-1.
        func decodeAll(_ e: String.Encoding) -> Swift.Result<[[String]], ShapefileError> {
            var all = [[String]]()
            for (_, f) in textFields {
                var values = [String]()
                values.reserveCapacity(kept.count)
                for r in kept {
                    let t = trimmed(cell(r, f))
                    guard let s = Self.decode(t, e) else {
                        return .failure(fail(record: r + 1, field: f.name, "the text is not valid \(encodingName)",
                                             "give the table's code page in a .cpg file beside the .dbf (e.g. UTF-8 or GBK)"))
                    }
                    values.append(s)
                }
                all.append(values)
            }
            return .success(all)
        }
        var decoded: [[String]]
        if let encoding {
            switch decodeAll(encoding.0) { case .success(let v): decoded = v; case .failure(let e): throw e }
        } else {
            switch decodeAll(.utf8) {
            case .success(let v):
                decoded = v
                encodingName = "UTF-8 (no .cpg; language driver 0x\(String(ldid, radix: 16, uppercase: true)) names none, and the text is valid UTF-8)"
            case .failure:
                switch decodeAll(.isoLatin1) { case .success(let v): decoded = v; case .failure(let e): throw e }
                encodingName = "ISO-8859-1 (no .cpg; the text is not UTF-8)"
                warnings.append("\(file): no .cpg file and the text is not UTF-8: read as ISO-8859-1; give the code page in a .cpg file if that is wrong")
            }
        }
        for (k, (column, _)) in textFields.enumerated() { columns[column].values = decoded[k] }

        let table: DataTable
        do { table = try DataTable(columns: columns, source: file) } catch {
            throw fail(field: nil, "\(error)", "rename the fields")
        }
        return Result(table: table, deleted: deleted, encoding: encodingName, warnings: warnings)
    }

    /// Text in `encoding`; a multi-byte character cut at the end (by the field width) is dropped. `nil` if invalid.
    static func decode(_ s: ArraySlice<UInt8>, _ encoding: String.Encoding) -> String? {
        if s.allSatisfy({ $0 < 0x80 }) { return String(decoding: s, as: UTF8.self) }
        if let t = String(bytes: s, encoding: encoding) { return t }
        for k in 1..<(min(3, s.count) + 1) {
            if let t = String(bytes: s.dropLast(k), encoding: encoding) { return t }
        }
        return nil
    }

    /// A numeric cell as table text: integers as written (sign and leading zeros dropped when they fit 64 bits), other
    /// numbers in shortest round-trip form (`1.500000` -> `1.5`, `12.000` -> `12`); `nil` if not a decimal number.
    static func numberText(_ text: String) -> String? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            if let v = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return String(v) }
            let stripped = digits.drop { $0 == "0" }
            return (negative ? "-" : "") + (stripped.isEmpty ? "0" : String(stripped))
        }
        guard let v = CSVReader.number(text) else { return nil }
        guard v.isFinite else { return text }
        if v == v.rounded(), abs(v) < 9.007199254740992e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

extension DataTable {
    /// Reads the attribute table of a shapefile (`.dbf`, with the code page of a `.cpg` file beside it); see
    /// ``Shapefile`` and the reader's rules for field types, missing values, deleted records and code pages.
    /// Errors are ``DataError/malformed(source:line:reason:)`` with the record as the line.
    public init(dbf url: URL) throws(DataError) {
        let name = url.lastPathComponent
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw .malformed(source: name, line: 0, reason: "cannot read the file (\(error.localizedDescription))")
        }
        var cpg: String?
        let base = url.deletingPathExtension()
        for ext in ["cpg", "CPG"] {
            if let data = FileManager.default.contents(atPath: base.appendingPathExtension(ext).path) {
                cpg = String(decoding: data, as: UTF8.self)
                break
            }
        }
        try self.init(dbf: Data(bytes), source: name, codePage: cpg)
    }

    /// The attribute table from the bytes of a `.dbf` file; `codePage` is the text of a `.cpg` file, if any;
    /// `source` names the file in errors.
    public init(dbf data: Data, source: String = "table.dbf", codePage: String? = nil) throws(DataError) {
        do throws(ShapefileError) {
            self = try DBFReader.read([UInt8](data), file: source, cpg: codePage).table
        } catch {
            throw .malformed(source: error.file, line: error.record ?? 0, reason: "\(error.location): \(error.reason); \(error.fix)")
        }
    }
}
