/// Runs of plain ASCII in UTF-8 text: bytes from space to `~` and DEL, but for the quote and the
/// backslash. Inside a JSON string such bytes stand for themselves, so writing one (``JSONText``)
/// or checking one (``JSONValidator``) copies or skips them whole and looks only at the others.
///
/// Eight bytes are tested at a time, as one 64-bit word: lensed bodies, envelopes and digests are
/// mostly such runs (a compliance pack is tens of megabytes), and a byte-by-byte test cost a few
/// nanoseconds a byte.
enum PlainASCII {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte is plain (see the type's description).
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Whether any of the word's eight bytes is not plain. Exact: each test below is true when, and
    /// only when, some byte has the property (a borrow can only spread from a byte that has it).
    @inline(__always)
    static func hasOther(_ word: UInt64) -> Bool {
        // A byte below 0x20; a byte of 0x80 or more (its high bit); a quote; a backslash.
        let control = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let zeroByte = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
        return (control | zeroByte | word) & highBits != 0
    }

    /// The index of the first byte at or after `start` that is not plain, or `bytes.count`.
    @inline(__always)
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count, !hasOther(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) {
                index += 8
            }
        }
        // The byte that is not plain is in the next eight (or the text ends first).
        while index < count, isPlain(bytes[index]) { index += 1 }
        return index
    }
}
