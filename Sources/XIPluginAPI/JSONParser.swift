/// A small JSON parser over one line's bytes, building ``RecordValue``s only for the values that
/// are used. Errors name what was expected and the column.
///
/// Record decoders use it to read a JSON object member by member: ``keyRange()`` gives a member's
/// name without building a `String` (so a decoder can match it against the names it knows),
/// ``value(depth:)`` builds the values a decoder keeps and ``skipValue(depth:)`` passes over the rest.
public struct JSONParser {
    /// Why a line is not valid JSON.
    public struct Problem: Error {
        /// What was expected, and where.
        public var message: String
        /// Creates a problem.
        public init(_ message: String) { self.message = message }
    }

    /// A member name's bytes, and its decoded text when it has escapes.
    public struct KeyRange {
        /// Where the name's bytes are, without its quotes.
        public var bytes: Range<Int>
        /// Whether the name has escapes (then ``decoded`` holds it).
        public var escaped: Bool
        /// The decoded name, when ``escaped``.
        public var decoded: String
    }

    /// The bytes parsed.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The position of the next byte to read.
    public var index = 0
    /// How deeply arrays and objects may nest.
    public static let maximumDepth = 64

    /// Starts parsing `bytes` at their first byte.
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    public var atEnd: Bool { index >= bytes.count }
    /// The next byte, or nil at the end.
    public var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Moves past spaces, tabs and line ends.
    public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 32, 9, 10, 13: index += 1
            default: return
            }
        }
    }

    /// "invalid JSON at column N: expected …".
    public func failure(_ expected: String) -> String {
        if atEnd { return "invalid JSON: the line ends where \(expected) should be (is the object cut short?)" }
        return "invalid JSON at column \(index + 1): expected \(expected)"
    }

    /// After an object member's value: moves past `,` (true: another member follows) or `}`
    /// (false: the object ended); a failure names what was expected instead.
    public mutating func endOfMember() -> Result<Bool, Problem> {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","):
            index += 1
            return .success(true)
        case UInt8(ascii: "}"):
            index += 1
            return .success(false)
        default:
            return .failure(Problem(failure("',' or '}'")))
        }
    }

    /// Reads a member name (the parser is at its opening quote).
    public mutating func keyRange() -> Result<KeyRange, Problem> {
        index += 1  // opening quote
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return .success(KeyRange(bytes: start..<(index - 1), escaped: false, decoded: ""))
            }
            if byte == UInt8(ascii: "\\") {
                index = start - 1
                switch string() {
                case .success(let text): return .success(KeyRange(bytes: start..<(index - 1), escaped: true, decoded: text))
                case .failure(let problem): return .failure(problem)
                }
            }
            if byte < 0x20 { return .failure(Problem("invalid JSON at column \(index + 1): a control character inside a string")) }
            index += 1
        }
        return .failure(Problem(failure("the end of the member name")))
    }

    /// The bytes of the string at the parser's position (at its opening quote), when it holds no
    /// escape and no control character, leaving the parser after its closing quote; nil (the
    /// parser where it was) otherwise, for ``value(depth:)`` to read it.
    mutating func plainStringBytes() -> UnsafeBufferPointer<UInt8>? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        var end = index + 1
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
                index = end + 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            end += 1
        }
        return nil
    }

    /// Reads a string (the parser is at its opening quote).
    public mutating func string() -> Result<String, Problem> {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return .success(text)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return .failure(Problem("invalid JSON at column \(index + 1): a control character inside a string")) }
            index += 1
        }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return .success(String(decoding: decoded, as: UTF8.self))
            }
            if byte < 0x20 { return .failure(Problem("invalid JSON at column \(index + 1): a control character inside a string")) }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return .failure(Problem("invalid JSON at column \(index + 1): \\u needs four hex digits")) }
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                        return .failure(Problem("invalid JSON at column \(index + 1): a high surrogate without its low surrogate"))
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                decoded.append(contentsOf: Array(String(Character(character)).utf8))
            default:
                return .failure(Problem("invalid JSON at column \(index): unknown escape \\\(Character(Unicode.Scalar(escape)))"))
            }
        }
        return .failure(Problem(failure("the closing quote of a string")))
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: return nil
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Reads any value, building it.
    public mutating func value(depth: Int) -> Result<RecordValue, Problem> {
        guard let byte = peek else { return .failure(Problem(failure("a value"))) }
        switch byte {
        case UInt8(ascii: "\""):
            return string().map { .string($0) }
        case UInt8(ascii: "-"), 48...57:
            return number()
        case UInt8(ascii: "t"):
            return literal("true", .bool(true))
        case UInt8(ascii: "f"):
            return literal("false", .bool(false))
        case UInt8(ascii: "n"):
            return literal("null", .null)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { return .failure(Problem("invalid JSON: nested deeper than \(Self.maximumDepth) levels")) }
            index += 1
            var items: [RecordValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                index += 1
                return .success(.list(items))
            }
            while true {
                skipWhitespace()
                switch value(depth: depth + 1) {
                case .success(let item): items.append(item)
                case .failure(let problem): return .failure(problem)
                }
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                if peek == UInt8(ascii: "]") { index += 1; return .success(.list(items)) }
                return .failure(Problem(failure("',' or ']'")))
            }
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { return .failure(Problem("invalid JSON: nested deeper than \(Self.maximumDepth) levels")) }
            index += 1
            var members: [(key: String, value: RecordValue)] = []
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                index += 1
                return .success(.object(members))
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { return .failure(Problem(failure("a member name in quotes"))) }
                let key: String
                switch string() {
                case .success(let text): key = text
                case .failure(let problem): return .failure(problem)
                }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { return .failure(Problem(failure("':' after the member name"))) }
                index += 1
                skipWhitespace()
                switch value(depth: depth + 1) {
                case .success(let item): members.append((key, item))
                case .failure(let problem): return .failure(problem)
                }
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                if peek == UInt8(ascii: "}") { index += 1; return .success(.object(members)) }
                return .failure(Problem(failure("',' or '}'")))
            }
        default:
            return .failure(Problem(failure("a value")))
        }
    }

    /// Skips a value without building it. Returns why it is invalid, or nil.
    public mutating func skipValue(depth: Int) -> String? {
        guard let byte = peek else { return failure("a value") }
        switch byte {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count {
                let current = bytes[index]
                if current == UInt8(ascii: "\"") { index += 1; return nil }
                if current == UInt8(ascii: "\\") { index += 2; continue }
                if current < 0x20 { return "invalid JSON at column \(index + 1): a control character inside a string" }
                index += 1
            }
            return failure("the closing quote of a string")
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            // Validate structure by parsing; nested values in unused members are rare and small.
            if case .failure(let problem) = value(depth: depth) { return problem.message }
            return nil
        default:
            if case .failure(let problem) = value(depth: depth) { return problem.message }
            return nil
        }
    }

    private mutating func literal(_ word: StaticString, _ result: RecordValue) -> Result<RecordValue, Problem> {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return .failure(Problem(failure("a value"))) }
        let matches = word.withUTF8Buffer { expected in
            expected.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]))
        }
        guard matches else { return .failure(Problem(failure("a value"))) }
        index += count
        return .success(result)
    }

    private mutating func number() -> Result<RecordValue, Problem> {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var integer: Int64 = 0
        var overflow = false
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            let (times, overflowTimes) = integer.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int64(bytes[index] - 48))
            overflow = overflow || overflowTimes || overflowSum
            integer = sum
            index += 1
        }
        guard index > digitsStart else { return .failure(Problem(failure("a digit"))) }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > fractionStart else { return .failure(Problem(failure("a digit after '.'"))) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > exponentStart else { return .failure(Problem(failure("a digit in the exponent"))) }
        }
        if isInteger && !overflow {
            return .success(.int(negative ? -integer : integer))
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text) else { return .failure(Problem("invalid JSON at column \(start + 1): a number out of range")) }
        return .success(.double(number))
    }
}
