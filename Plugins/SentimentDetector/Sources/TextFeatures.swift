import Foundation

/// The features a trained sentiment model reads from a text: character n-grams of 2 to 5
/// characters, plus words and pairs of adjacent words, each hashed into one of ``dimensions``
/// buckets and counted once per text.
///
/// Character n-grams need no word segmentation, so Chinese and Persian work as English does.
/// Before cutting, the text is lower-cased, compatibility-normalized (NFKC), stripped of Arabic
/// diacritics and tatweel, Arabic letter variants are folded (أ إ آ → ا, ى → ي, ة → ه), runs of
/// three or more of one character are cut to two ("sooooo" → "soo"), and white space is
/// collapsed. The hash (FNV-1a, 64 bits) is fixed, so a model file reads the same everywhere.
public enum TextFeatures {
    /// Hash buckets: 2^18.
    public static let dimensions = 1 << 18
    /// The shortest and longest character n-grams.
    static let gramLengths = 2...5
    /// Only this many characters of a text are read (a 1 MB comment costs what its start costs).
    public static let maximumCharacters = 20_000

    /// The distinct buckets of `text`'s features, sorted.
    public static func of(_ text: String) -> [Int32] {
        let characters = normalized(text)
        var buckets: [Int32] = []
        buckets.reserveCapacity(characters.count * 5)
        // Character n-grams over " text ", word edges marked by the spaces.
        let padded = [UInt32(32)] + characters + [UInt32(32)]
        for length in gramLengths where padded.count >= length {
            for start in 0...(padded.count - length) {
                buckets.append(bucket(padded[start..<(start + length)], tag: 1))
            }
        }
        // Words (runs of letters, digits and `_`) and adjacent pairs.
        var words: [ArraySlice<UInt32>] = []
        var start: Int?
        for (index, character) in characters.enumerated() {
            if isWordCharacter(character) {
                if start == nil { start = index }
            } else if let first = start {
                words.append(characters[first..<index])
                start = nil
            }
        }
        if let first = start { words.append(characters[first...]) }
        for (index, word) in words.enumerated() {
            buckets.append(bucket(word, tag: 2))
            if index > 0 { buckets.append(bucket(words[index - 1] + [32] + word, tag: 3)) }
        }
        buckets.sort()
        var distinct: [Int32] = []
        distinct.reserveCapacity(buckets.count)
        for value in buckets where distinct.last != value { distinct.append(value) }
        return distinct
    }

    /// The text as normalized characters (Unicode scalar values).
    static func normalized(_ text: String) -> [UInt32] {
        let limited = text.unicodeScalars.count > maximumCharacters ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(maximumCharacters))) : text
        let folded = limited.precomposedStringWithCompatibilityMapping.lowercased()
        var characters: [UInt32] = []
        characters.reserveCapacity(folded.unicodeScalars.count)
        var lastWasSpace = true
        for scalar in folded.unicodeScalars {
            var value = scalar.value
            switch value {
            case 0x064B...0x0652, 0x0640: continue  // Arabic diacritics, tatweel
            case 0x0623, 0x0625, 0x0622: value = 0x0627  // أ إ آ → ا
            case 0x0649: value = 0x064A  // ى → ي
            case 0x0629: value = 0x0647  // ة → ه
            default: break
            }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { characters.append(32) }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            let count = characters.count
            if count >= 2, characters[count - 1] == value, characters[count - 2] == value { continue }
            characters.append(value)
        }
        if characters.last == 32 { characters.removeLast() }
        return characters
    }

    static func isWordCharacter(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        return value == 95 || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// FNV-1a over the tag and the characters' values, folded into ``dimensions``.
    static func bucket<Characters: Collection<UInt32>>(_ characters: Characters, tag: UInt32) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) {
                hash ^= UInt64((value >> UInt32(shift)) & 0xFF)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        mix(tag)
        for character in characters { mix(character) }
        return Int32(truncatingIfNeeded: (hash ^ (hash >> 29)) & UInt64(dimensions - 1))
    }
}
