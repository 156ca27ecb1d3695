/// Splits an expression's text into tokens, tracking line and column in Unicode scalars.
struct ExpressionLexer {
    private let bytes: [UInt8]
    private let source: String
    private var index = 0
    private var line = 1
    private var scalarOffset = 0
    private var lineStartScalarOffset = 0

    /// Creates a lexer over `source`.
    init(source: String) {
        self.source = source
        self.bytes = Array(source.utf8)
    }

    /// The current position.
    private var location: SourceLocation {
        SourceLocation(line: line, column: scalarOffset - lineStartScalarOffset + 1, offset: scalarOffset)
    }

    private func error(_ message: String, at location: SourceLocation) -> ExpressionError {
        ExpressionError(message: message, location: location, source: source)
    }

    /// Advances one byte, keeping line/column counters.
    @inline(__always)
    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte & 0xC0 != 0x80 { scalarOffset += 1 }
        if byte == 0x0A {
            line += 1
            lineStartScalarOffset = scalarOffset
        }
    }

    @inline(__always)
    private func peek(_ ahead: Int = 0) -> UInt8 {
        let position = index + ahead
        return position < bytes.count ? bytes[position] : 0
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70)
    }
    private static func hexValue(_ byte: UInt8) -> UInt32 {
        if isDigit(byte) { return UInt32(byte - 48) }
        if byte >= 97 { return UInt32(byte - 87) }
        return UInt32(byte - 55)
    }
    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 95
    }
    private static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if case .end = token.kind { return tokens }
        }
    }

    private mutating func skipWhitespaceAndComments() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 12 {
                advance()
            } else if byte == 47 && peek(1) == 47 {
                while index < bytes.count && bytes[index] != 10 { advance() }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(ExpressionError) -> Token {
        skipWhitespaceAndComments()
        let start = location
        guard index < bytes.count else { return Token(kind: .end, location: start) }
        let byte = bytes[index]

        // String and bytes literals with prefixes.
        if byte == 34 || byte == 39 {
            return Token(kind: try lexQuoted(raw: false, isBytes: false, start: start), location: start)
        }
        if Self.isIdentifierStart(byte) {
            var raw = false
            var isBytes = false
            var prefixLength = 0
            let first = byte | 0x20
            let second = peek(1) | 0x20
            if first == 114 || first == 98 {  // r or b
                if peek(1) == 34 || peek(1) == 39 {
                    prefixLength = 1
                    raw = first == 114
                    isBytes = first == 98
                } else if (first == 114 && second == 98) || (first == 98 && second == 114),
                          peek(2) == 34 || peek(2) == 39 {
                    prefixLength = 2
                    raw = true
                    isBytes = true
                }
            }
            if prefixLength > 0 {
                for _ in 0..<prefixLength { advance() }
                return Token(kind: try lexQuoted(raw: raw, isBytes: isBytes, start: start), location: start)
            }
            let begin = index
            while index < bytes.count && Self.isIdentifierPart(bytes[index]) { advance() }
            let name = String(decoding: bytes[begin..<index], as: UTF8.self)
            return Token(kind: .identifier(name), location: start)
        }
        if Self.isDigit(byte) || (byte == 46 && Self.isDigit(peek(1))) {
            return Token(kind: try lexNumber(start: start), location: start)
        }
        if byte == 96 {  // back-quoted identifier
            advance()
            let begin = index
            while index < bytes.count && bytes[index] != 96 && bytes[index] != 10 { advance() }
            guard index < bytes.count && bytes[index] == 96 else {
                throw error("unterminated back-quoted name", at: start)
            }
            let name = String(decoding: bytes[begin..<index], as: UTF8.self)
            advance()
            if name.isEmpty { throw error("empty back-quoted name", at: start) }
            return Token(kind: .quotedIdentifier(name), location: start)
        }
        let twoCharacter: [String] = ["&&", "||", "==", "!=", "<=", ">="]
        if index + 1 < bytes.count {
            let pair = String(decoding: bytes[index...index + 1], as: UTF8.self)
            if twoCharacter.contains(pair) {
                advance()
                advance()
                return Token(kind: .symbol(pair), location: start)
            }
        }
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"),
             UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: ":"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
             UInt8(ascii: "}"), UInt8(ascii: "."), UInt8(ascii: ","):
            advance()
            return Token(kind: .symbol(String(UnicodeScalar(byte))), location: start)
        default:
            var text = ""
            if let scalar = source.unicodeScalars.dropFirst(start.offset).first { text = String(scalar) }
            if byte == UInt8(ascii: "=") {
                throw error("unexpected '=' (use '==' to compare)", at: start)
            }
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|") {
                throw error("unexpected '\(text)' (use '&&' or '||')", at: start)
            }
            throw error("unexpected character '\(text)'", at: start)
        }
    }

    private mutating func lexNumber(start: SourceLocation) throws(ExpressionError) -> Token.Kind {
        let begin = index
        // Hexadecimal.
        if bytes[index] == 48 && (peek(1) == 120 || peek(1) == 88) && Self.isHexDigit(peek(2)) {
            advance()
            advance()
            var value: UInt64 = 0
            var overflowed = false
            while index < bytes.count && Self.isHexDigit(bytes[index]) {
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 16)
                overflowed = overflowed || overflow
                value = shifted | UInt64(Self.hexValue(bytes[index]))
                advance()
            }
            if peek() == 117 || peek() == 85 {
                advance()
                return .unsignedInteger(value, overflowed: overflowed)
            }
            return .integer(value, overflowed: overflowed)
        }
        while index < bytes.count && Self.isDigit(bytes[index]) { advance() }
        var isDouble = false
        if peek() == 46 && Self.isDigit(peek(1)) {
            isDouble = true
            advance()
            while index < bytes.count && Self.isDigit(bytes[index]) { advance() }
        }
        if peek() == 101 || peek() == 69 {
            let signOffset = (peek(1) == 43 || peek(1) == 45) ? 1 : 0
            if Self.isDigit(peek(1 + signOffset)) {
                isDouble = true
                advance()
                if signOffset == 1 { advance() }
                while index < bytes.count && Self.isDigit(bytes[index]) { advance() }
            }
        }
        let text = String(decoding: bytes[begin..<index], as: UTF8.self)
        if isDouble {
            guard let value = Double(text) else { throw error("invalid number '\(text)'", at: start) }
            return .double(value)
        }
        var value: UInt64 = 0
        var overflowed = false
        for byte in text.utf8 {
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(byte - 48))
            overflowed = overflowed || overflow1 || overflow2
            value = sum
        }
        if peek() == 117 || peek() == 85 {
            advance()
            return .unsignedInteger(value, overflowed: overflowed)
        }
        return .integer(value, overflowed: overflowed)
    }

    private mutating func lexQuoted(raw: Bool, isBytes: Bool, start: SourceLocation) throws(ExpressionError) -> Token.Kind {
        let quote = bytes[index]
        let triple = peek(1) == quote && peek(2) == quote
        if triple { advance(); advance() }
        advance()
        var buffer: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string literal", at: start) }
            let byte = bytes[index]
            if byte == quote {
                if !triple {
                    advance()
                    break
                }
                if peek(1) == quote && peek(2) == quote {
                    advance(); advance(); advance()
                    break
                }
            }
            if !triple && (byte == 10 || byte == 13) {
                throw error("newline in string literal (use a triple-quoted string or '\\n')", at: location)
            }
            if byte == 92 && !raw {  // backslash; raw strings keep it as it is
                try lexEscape(into: &buffer, isBytes: isBytes)
                continue
            }
            buffer.append(byte)
            advance()
        }
        if isBytes { return .bytes(buffer) }
        return .string(String(decoding: buffer, as: UTF8.self))
    }

    private mutating func lexEscape(into buffer: inout [UInt8], isBytes: Bool) throws(ExpressionError) {
        let escapeStart = location
        advance()  // the backslash
        guard index < bytes.count else { throw error("unterminated escape sequence", at: escapeStart) }
        let byte = bytes[index]
        func appendScalar(_ value: UInt32, _ buffer: inout [UInt8]) throws(ExpressionError) {
            guard let scalar = Unicode.Scalar(value) else {
                throw error("invalid Unicode code point in escape sequence", at: escapeStart)
            }
            buffer.append(contentsOf: Array(String(scalar).utf8))
        }
        switch byte {
        case UInt8(ascii: "a"): buffer.append(7); advance()
        case UInt8(ascii: "b"): buffer.append(8); advance()
        case UInt8(ascii: "f"): buffer.append(12); advance()
        case UInt8(ascii: "n"): buffer.append(10); advance()
        case UInt8(ascii: "r"): buffer.append(13); advance()
        case UInt8(ascii: "t"): buffer.append(9); advance()
        case UInt8(ascii: "v"): buffer.append(11); advance()
        case 92, 39, 34, 96, 63: buffer.append(byte); advance()
        case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let width = (byte | 0x20) == 120 ? 2 : (byte == UInt8(ascii: "u") ? 4 : 8)
            advance()
            var value: UInt32 = 0
            for _ in 0..<width {
                guard index < bytes.count, Self.isHexDigit(bytes[index]) else {
                    throw error("invalid escape sequence: expected \(width) hexadecimal digits", at: escapeStart)
                }
                value = value << 4 | Self.hexValue(bytes[index])
                advance()
            }
            if width == 2 && isBytes {
                buffer.append(UInt8(value))
            } else {
                if width != 2 && isBytes == false && (0xD800...0xDFFF).contains(value) {
                    throw error("invalid escape sequence: surrogate code point", at: escapeStart)
                }
                try appendScalar(value, &buffer)
            }
        case 48...51:  // octal \[0-3][0-7][0-7]
            var value: UInt32 = 0
            for _ in 0..<3 {
                guard index < bytes.count, bytes[index] >= 48 && bytes[index] <= 55 else {
                    throw error("invalid octal escape sequence: expected three octal digits", at: escapeStart)
                }
                value = value << 3 | UInt32(bytes[index] - 48)
                advance()
            }
            if isBytes { buffer.append(UInt8(value)) } else { try appendScalar(value, &buffer) }
        default:
            throw error("invalid escape sequence '\\\(String(UnicodeScalar(byte)))'", at: escapeStart)
        }
    }
}
