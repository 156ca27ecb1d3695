import Foundation

/// Finds the first byte of a file that is not valid UTF-8, with its line and column.
enum UTF8Validation {
    /// Where an invalid byte sits.
    struct InvalidByte: Equatable {
        /// 0-based byte offset from the start of the file.
        var offset: Int
        /// The byte's value.
        var byte: UInt8
        /// 1-based line of the byte.
        var line: Int
        /// 1-based column of the byte, in Unicode scalars before it on its line, plus one.
        var column: Int
    }

    /// The first invalid byte in `data`, or nil when it is all valid UTF-8.
    static func firstInvalidByte(in data: [UInt8]) -> InvalidByte? {
        // Fast path: the standard library's validation.
        if String(validating: data, as: UTF8.self) != nil { return nil }
        let bytes = data
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .error:
                return InvalidByte(offset: offset, byte: bytes[offset], line: line, column: column)
            case .emptyInput:
                return nil
            }
        }
    }

    /// The 1-based line and column of byte `offset` in `bytes`.
    static func lineAndColumn(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        while index < min(offset, bytes.count) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}
