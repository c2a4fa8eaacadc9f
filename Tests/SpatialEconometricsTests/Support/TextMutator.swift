@testable import SpatialEconometrics
/// Damages text the way broken or hand-edited data files look, reproducibly from a ``SeededGenerator``:
/// truncation, byte flips, huge or special numbers, empty, duplicated, deleted or swapped lines, ids moved around,
/// and invalid UTF-8. Works on bytes; turn the result into text with `String(decoding:as:)`, which repairs invalid
/// UTF-8 the way reading a damaged file would.
struct TextMutator {
    /// Tokens inserted or substituted: huge, special and negative numbers, separators, quotes and JSON punctuation.
    static let tokens: [String] = [
        "1e308", "-1e308", "1e309", "99999999999999999999", "1000000000000", "9223372036854775808", "NaN", "nan", "inf", "-inf",
        "Infinity", "-1", "-0", "0", "1e-400", "0x1p3", "", " ", "\t", ",", ";", "\"", "\"\"", "'", "[", "]", "{", "}", ":",
        "null", "true", "-", "e", ".", "zz", "a", "\u{0}", "\r", "\n", "\n\n", "\r\n", "\u{FEFF}", "\u{A0}", "名",
    ]
    /// Invalid or awkward UTF-8 byte sequences: stray continuation bytes, overlong forms, surrogates, truncated sequences.
    static let garbage: [[UInt8]] = [[0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xEF, 0xBB, 0xBF]]

    /// One to three random mutations of `base`.
    static func mutate(_ base: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var b = base
        for _ in 0..<Int.random(in: 1...3, using: &rng) { mutateOnce(&b, using: &rng) }
        return b
    }

    static func isSeparator(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x22, 0x5B, 0x5D, 0x7B, 0x7D, 0x3A: return true  // space tab LF CR , " [ ] { } :
        default: return false
        }
    }

    /// Byte ranges of the lines (without their LF).
    static func lines(_ b: [UInt8]) -> [Range<Int>] {
        var out = [Range<Int>](), start = 0
        for (i, c) in b.enumerated() where c == 0x0A { out.append(start..<i); start = i + 1 }
        out.append(start..<b.count)
        return out
    }

    /// The token (run of non-separator bytes) around position `p`, possibly empty.
    static func token(in b: [UInt8], at p: Int) -> Range<Int> {
        var lo = p, hi = p
        while lo > 0 && !isSeparator(b[lo - 1]) { lo -= 1 }
        while hi < b.count && !isSeparator(b[hi]) { hi += 1 }
        return lo..<hi
    }

    static func mutateOnce(_ b: inout [UInt8], using rng: inout SeededGenerator) {
        let position = Int.random(in: 0...b.count, using: &rng)  // an insertion point
        let randomToken = Array((tokens.randomElement(using: &rng) ?? "").utf8)
        switch Int.random(in: 0..<11, using: &rng) {
        case 0:  // truncate at a random byte
            b.removeSubrange(position..<b.count)
        case 1:  // flip a bit
            guard position < b.count else { return }
            b[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
        case 2:  // overwrite a byte with any value
            guard position < b.count else { return }
            b[position] = UInt8.random(in: 0...255, using: &rng)
        case 3:  // insert a special token
            b.insert(contentsOf: randomToken, at: position)
        case 4:  // replace the token at a position (a number, an id, a count) by a special token
            b.replaceSubrange(token(in: b, at: position), with: randomToken)
        case 5:  // replace a token by another token of the file (unknown, duplicate or self-referencing ids)
            let from = token(in: b, at: Int.random(in: 0...b.count, using: &rng))
            let other = Array(b[from])
            b.replaceSubrange(token(in: b, at: position), with: other)
        case 6:  // insert an empty line
            let ls = lines(b)
            let at = ls.randomElement(using: &rng)?.lowerBound ?? 0
            b.insert(0x0A, at: at)
        case 7:  // duplicate a line
            let ls = lines(b)
            guard let l = ls.randomElement(using: &rng) else { return }
            b.insert(contentsOf: Array(b[l]) + [0x0A], at: l.lowerBound)
        case 8:  // delete a line
            let ls = lines(b)
            guard let l = ls.randomElement(using: &rng) else { return }
            b.removeSubrange(l.lowerBound..<min(l.upperBound + 1, b.count))
        case 9:  // swap two lines
            let ls = lines(b)
            guard ls.count > 1, let x = ls.randomElement(using: &rng), let y = ls.randomElement(using: &rng), x != y else { return }
            let (first, second) = x.lowerBound < y.lowerBound ? (x, y) : (y, x)
            let a = Array(b[first]), c = Array(b[second])
            b.replaceSubrange(second, with: a)
            b.replaceSubrange(first, with: c)
        default:  // invalid UTF-8
            b.insert(contentsOf: garbage.randomElement(using: &rng) ?? [0xFF], at: position)
        }
    }
}
