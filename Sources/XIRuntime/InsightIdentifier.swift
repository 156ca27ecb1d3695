/// An insight's id as an open insight keeps it in memory. The ids the engine makes
/// (``RunEngine/insightID(goal:subject:event:time:)``: `ins_` and 22 lowercase hex digits) are kept
/// as two integers, not as a 26-byte string on the heap — at 1M events 130,000 insights are open
/// at once; any other id (from a store written by an earlier version) is kept as it is.
enum InsightIdentifier: Hashable, Comparable {
    /// `ins_` + `high` as 10 hex digits (the second it opened) + `low` as 12 (a digest).
    case packed(high: UInt64, low: UInt64)
    /// An id in another form.
    case text(String)

    private static let prefix = Array("ins_".utf8)

    /// The id `text`, packed when it has the engine's form.
    init(_ text: String) {
        // Read in place: a copy of the text's bytes was an allocation per insight opened.
        let utf8 = text.utf8
        guard utf8.count == 26, utf8.starts(with: Self.prefix) else {
            self = .text(text)
            return
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for (position, byte) in utf8.dropFirst(4).enumerated() {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            default:
                self = .text(text)
                return
            }
            if position < 10 { high = high << 4 | digit } else { low = low << 4 | digit }
        }
        self = .packed(high: high, low: low)
    }

    /// The id as text.
    var text: String {
        switch self {
        case .text(let text): return text
        case .packed(let high, let low):
            // Written straight into the string's storage: one allocation, not a buffer and a copy.
            return String(unsafeUninitializedCapacity: 26) { buffer in
                for (index, byte) in Self.prefix.enumerated() { buffer[index] = byte }
                TextFormat.writeHex(high, digits: 10, to: buffer, at: 4)
                TextFormat.writeHex(low, digits: 12, to: buffer, at: 14)
                return 26
            }
        }
    }

    /// The order of the ids as text (packed ids are fixed-width hex, so their numbers sort alike).
    static func < (left: Self, right: Self) -> Bool {
        if case .packed(let leftHigh, let leftLow) = left, case .packed(let rightHigh, let rightLow) = right {
            return (leftHigh, leftLow) < (rightHigh, rightLow)
        }
        return left.text < right.text
    }
}
