/// Lower-case words of a text, as hashes, for detectors that look for words and phrases.
///
/// Letters and digits make words, with inner apostrophes (`’` read as `'`) and hyphens kept
/// ("don't", "self-harm"). The text is read as UTF-8 bytes: ASCII byte by byte, other
/// characters decoded one at a time, so English text costs little.
public enum TextWords {
    /// The words of `text` as hashes (FNV-1a, 64 bits, over each lower-case word's UTF-8), in
    /// order: for matching against known words without making a string per word. One pass over
    /// the bytes, hashing as it goes.
    public static func hashes(of text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var text = text
        text.withUTF8 { bytes in
            hashes.reserveCapacity(bytes.count / 5 + 1)
            let count = bytes.count
            var hash = fnvOffset
            var length = 0
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    let lower = byte | 0x20
                    if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") {
                        hash = (hash ^ UInt64(lower)) &* fnvPrime
                        length += 1
                    } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                        hash = (hash ^ UInt64(byte)) &* fnvPrime
                        length += 1
                    } else if (byte == UInt8(ascii: "'") || byte == UInt8(ascii: "-")) && length > 0 && isLetter(bytes, at: index + 1) {
                        hash = (hash ^ UInt64(byte)) &* fnvPrime
                        length += 1
                    } else if length > 0 {
                        hashes.append(hash)
                        hash = fnvOffset
                        length = 0
                    }
                    index += 1
                    continue
                }
                let (scalar, size) = decode(bytes, at: index)
                if let scalar, scalar == "\u{2019}", length > 0, isLetter(bytes, at: index + size) {
                    hash = (hash ^ UInt64(UInt8(ascii: "'"))) &* fnvPrime
                    length += 1
                } else if let scalar, scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    for lowered in String(scalar).lowercased().utf8 { hash = (hash ^ UInt64(lowered)) &* fnvPrime }
                    length += 1
                } else if length > 0 {
                    hashes.append(hash)
                    hash = fnvOffset
                    length = 0
                }
                index += size
            }
            if length > 0 { hashes.append(hash) }
        }
        return hashes
    }

    /// The hash of one word as ``hashes(of:)`` gives it.
    public static func hash(_ word: String) -> UInt64 {
        hashes(of: word).first ?? fnvOffset
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// Whether a letter starts at `index` of UTF-8 `bytes`.
    public static func isLetter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        if byte >= 0x80 { return decode(bytes, at: index).scalar?.properties.isAlphabetic ?? false }
        return (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// The scalar whose UTF-8 starts at `index`, and how many bytes it takes (nil and 1 for a
    /// byte that starts no valid scalar).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar?, length: Int) {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return (nil, 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }
}
