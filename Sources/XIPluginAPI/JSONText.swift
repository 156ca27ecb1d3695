/// JSON string literals, written the same way everywhere xi writes JSON by hand (envelopes, stored
/// documents, delivery bodies): quotes, backslashes and control characters escaped, and U+2028 /
/// U+2029 escaped so a line stays one line for any reader.
public enum JSONText {
    /// Appends `text` as a JSON string literal to `output`.
    ///
    /// Runs of bytes that need no escape are appended whole, so the common case (plain text) is one
    /// scan and one copy.
    public static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        scan(text, run: { output += String(decoding: $0, as: UTF8.self) }, escape: { output += $0 })
        output += "\""
    }

    /// Appends `text` as a JSON string literal to `output`, as UTF-8 bytes: the same bytes the
    /// overload for `String` output appends.
    public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        scan(text, run: { output.append(contentsOf: $0) }, escape: { output.append(contentsOf: $0.utf8) })
        output.append(UInt8(ascii: "\""))
    }

    /// Splits `text` into runs of bytes that need no escape (`run`) and the escapes of the
    /// bytes between them (`escape`), in order. Plain ASCII is skipped eight bytes at a time
    /// (``PlainASCII``); what else needs no escape (other UTF-8) is looked at byte by byte.
    @inline(__always)
    private static func scan(_ text: String, run: (UnsafeBufferPointer<UInt8>) -> Void, escape: (String) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = PlainASCII.end(in: bytes, from: 0)
            while index < bytes.count {
                let byte = bytes[index]
                var escaped: String?
                var length = 1
                switch byte {
                case UInt8(ascii: "\""): escaped = "\\\""
                case UInt8(ascii: "\\"): escaped = "\\\\"
                case UInt8(ascii: "\n"): escaped = "\\n"
                case UInt8(ascii: "\r"): escaped = "\\r"
                case UInt8(ascii: "\t"): escaped = "\\t"
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
                    escaped = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                default: break
                }
                if let escaped {
                    if index > runStart { run(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                    escape(escaped)
                    index += length
                    runStart = index
                } else {
                    index += 1
                }
                index = PlainASCII.end(in: bytes, from: index)
            }
            if bytes.count > runStart { run(UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &output)
        return output
    }
}
