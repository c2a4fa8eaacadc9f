/// The header shared by GAL and GWT files: either `n` alone, or GeoDa's `0 n name idvar`.
struct WeightsFileHeader {
    /// Declared number of units (checked non-negative).
    let unitCount: Int
    /// 1-based line of the header.
    let line: Int
    /// The id variable of GeoDa's header `0 n name idvar` (the data column holding the ids), if given.
    let idVariable: String?

    /// Parses the header line; `format` ("GAL", "GWT") only words the messages.
    init(_ header: TokenizedLines.Line, source: String, format: String) throws(WeightsError) {
        line = header.number
        let t = header.tokens
        let countToken: String
        if t.count == 1 {
            countToken = t[0]
            idVariable = nil
        } else if t.count == 4, t[0] == "0" {
            countToken = t[1]
            idVariable = t[3]
        } else {
            throw .malformed(source: source, line: line, reason: "\(format) header must be 'n' or '0 n name idvar', found "
                + WeightsFileText.quoted(t.joined(separator: " ")))
        }
        guard let n = Int(countToken) else {
            throw .malformed(source: source, line: line, reason: "number of units \(WeightsFileText.quoted(countToken)) is not an integer")
        }
        guard n >= 0 else { throw .malformed(source: source, line: line, reason: "negative number of units (\(n))") }
        unitCount = n
    }

    /// GeoDa's header line `0 n name idvar` (with its line break); whitespace in the names becomes `_`.
    static func geoDaLine(count: Int, name: String, idVariable: String) -> String {
        func field(_ s: String, _ fallback: String) -> String {
            let t = String(s.unicodeScalars.map { $0.properties.isWhitespace ? "_" : Character($0) })
            return t.isEmpty ? fallback : t
        }
        return "0 \(count) \(field(name, "weights")) \(field(idVariable, "id"))\n"
    }
}
