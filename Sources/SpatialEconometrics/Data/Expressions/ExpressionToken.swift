/// One token of a column expression or formula: `start` and `end` are 0-based character offsets into the text
/// (`end` exclusive), so error messages give `start + 1` as the 1-based position.
struct ExpressionToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double)
        /// A column or function name; `quoted` when written in backticks.
        case name(String, quoted: Bool)
        /// One of `+ - * / ^ ( ) , ~ :`.
        case symbol(Character)
        case end
    }

    let kind: Kind
    let start: Int
    let end: Int

    var position: Int { start + 1 }

    func isSymbol(_ c: Character) -> Bool { kind == .symbol(c) }
}
