/// One lexical token of an expression.
struct Token {
    /// What the token is.
    enum Kind: Equatable {
        /// An integer literal's magnitude (the parser applies sign and range).
        case integer(UInt64, overflowed: Bool)
        /// An unsigned integer literal (`1u`).
        case unsignedInteger(UInt64, overflowed: Bool)
        /// A floating-point literal.
        case double(Double)
        /// A string literal.
        case string(String)
        /// A bytes literal.
        case bytes([UInt8])
        /// An identifier or keyword-like name (`true`, `in`, reserved words are identifiers here).
        case identifier(String)
        /// A back-quoted name, valid only after `.`.
        case quotedIdentifier(String)
        /// Punctuation or an operator, by its text.
        case symbol(String)
        /// The end of the input.
        case end
    }

    /// The token's kind and value.
    var kind: Kind
    /// Where the token starts.
    var location: SourceLocation

    /// Whether the token is the symbol `text`.
    func isSymbol(_ text: String) -> Bool {
        if case .symbol(let symbol) = kind { return symbol == text }
        return false
    }

    /// A short description for error messages.
    var display: String {
        switch kind {
        case .integer(let value, _): "'\(value)'"
        case .unsignedInteger(let value, _): "'\(value)u'"
        case .double(let value): "'\(value)'"
        case .string: "string literal"
        case .bytes: "bytes literal"
        case .identifier(let name): "'\(name)'"
        case .quotedIdentifier(let name): "'`\(name)`'"
        case .symbol(let text): "'\(text)'"
        case .end: "end of input"
        }
    }
}
