import XIExpression

/// Decodes one JSON object (a line of a JSON-lines file) into a record laid out by
/// ``Declarations`` slots, ready for ``RuleIndex`` and ``NaiveMatcher``.
///
/// Numbers without a fraction or exponent are `int` (or `uint` above `Int64.max`), others
/// `double`; nested objects become maps and arrays lists. Fields that are not declared are
/// skipped; declared fields that are missing stay nil.
public struct JSONRecordDecoder: Sendable {
    /// The layout records are decoded into.
    public let declarations: Declarations

    /// Creates a decoder for `declarations`.
    public init(declarations: Declarations) {
        self.declarations = declarations
    }

    /// Decodes `line`, a JSON object. Throws a ``JSONDecodingError`` naming the column on bad input.
    public func decode(_ line: ArraySlice<UInt8>) throws(JSONDecodingError) -> [Value?] {
        try decode(Array(line))
    }

    /// Decodes `line`, a JSON object. Throws a ``JSONDecodingError`` naming the column on bad input.
    public func decode(_ bytes: [UInt8]) throws(JSONDecodingError) -> [Value?] {
        var record = [Value?](repeating: nil, count: declarations.count)
        var parser = JSONParser(bytes: bytes)
        try parser.skipWhitespace()
        guard parser.peek() == UInt8(ascii: "{") else { throw parser.error("expected a JSON object") }
        try parser.parseObject { key, parser throws(JSONDecodingError) in
            if let slot = declarations.slot(of: key) {
                record[slot] = try parser.parseValue(depth: 1)
            } else {
                try parser.skipValue()
            }
        }
        try parser.skipWhitespace()
        if !parser.atEnd { throw parser.error("unexpected text after the JSON object") }
        return record
    }

    /// Decodes any JSON value.
    public static func decodeValue(_ text: some Collection<UInt8>) throws(JSONDecodingError) -> Value {
        var parser = JSONParser(bytes: Array(text))
        let value = try parser.parseValue(depth: 0)
        try parser.skipWhitespace()
        if !parser.atEnd { throw parser.error("unexpected text after the JSON value") }
        return value
    }
}

/// Bad JSON: what is wrong and at which column (1-based, in bytes) of the line.
public struct JSONDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// 1-based byte column.
    public var column: Int
    /// `column N: message`.
    public var description: String { "column \(column): \(message)" }
}

struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    static let maximumDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ message: String) -> JSONDecodingError {
        JSONDecodingError(message: message, column: position + 1)
    }

    mutating func skipWhitespace() throws(JSONDecodingError) {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(JSONDecodingError) {
        try skipWhitespace()
        guard peek() == byte else {
            throw error("expected '\(Character(UnicodeScalar(byte)))'")
        }
        position += 1
    }

    mutating func parseObject(_ field: (String, inout JSONParser) throws(JSONDecodingError) -> Void) throws(JSONDecodingError) {
        try expect(UInt8(ascii: "{"))
        try skipWhitespace()
        if peek() == UInt8(ascii: "}") { position += 1; return }
        while true {
            try skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a field name in double quotes") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            try field(key, &self)
            try skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONDecodingError) -> Value {
        guard depth < Self.maximumDepth else { throw error("JSON nested more than \(Self.maximumDepth) levels deep") }
        try skipWhitespace()
        guard let byte = peek() else { throw error("unexpected end of line: a value is missing") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            var map = MapValue()
            try parseObject { key, parser throws(JSONDecodingError) in
                map.insert(.string(key), try parser.parseValue(depth: depth + 1))
            }
            return .map(map)
        case UInt8(ascii: "["):
            position += 1
            var elements: [Value] = []
            try skipWhitespace()
            if peek() == UInt8(ascii: "]") { position += 1; return .list(elements) }
            while true {
                elements.append(try parseValue(depth: depth + 1))
                try skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"): position += 1; return .list(elements)
                default: throw error("expected ',' or ']' in an array")
                }
            }
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("unexpected character '\(Character(UnicodeScalar(byte)))'")
        }
    }

    mutating func skipValue() throws(JSONDecodingError) {
        _ = try parseValue(depth: 1)
    }

    private mutating func literal(_ word: StaticString) throws(JSONDecodingError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of line") }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            throw error("invalid literal, expected '\(word)'")
        }
        position += count
    }

    private mutating func parseNumber() throws(JSONDecodingError) -> Value {
        let start = position
        var isInteger = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") else {
            throw error("invalid number")
        }
        scan: while let byte = peek() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                position += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                isInteger = false
                position += 1
            default:
                break scan
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            if let number = Int64(text) { return .int(number) }
            if let number = UInt64(text) { return .uint(number) }
        }
        guard let number = Double(text), text.last.map({ $0.isNumber }) == true else {
            position = start
            throw error("invalid number '\(text)'")
        }
        return .double(number)
    }

    mutating func parseString() throws(JSONDecodingError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = try validated(bytes[start..<position], at: start)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        var scalars = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try validated(scalars[...], at: start)
            case UInt8(ascii: "\\"):
                position += 1
                guard let escaped = peek() else { throw error("unterminated escape") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    scalars.append(contentsOf: Array(String(Character(UnicodeScalar(code)!)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(UnicodeScalar(escaped)))'")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
                scalars.append(byte)
                position += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(JSONDecodingError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            code = code << 4 | digit
            position += 1
        }
        return code
    }

    private func validated(_ slice: ArraySlice<UInt8>, at start: Int) throws(JSONDecodingError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw JSONDecodingError(message: "invalid UTF-8 in a string", column: start + 1)
        }
        return text
    }
}
