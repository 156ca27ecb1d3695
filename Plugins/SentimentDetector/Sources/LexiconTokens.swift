import XIPluginAPI

/// A text cut into lower-case words, emoji and emoticons, for ``Lexicon/score(_:)``.
///
/// Letters, digits, apostrophes and inner hyphens make words; "9/10" stays one word (for
/// ratings). A hyphenated word the lexicon does not know is taken as its parts. The text is read
/// as UTF-8 bytes: ASCII (most of it) byte by byte, other characters decoded one at a time.
struct LexiconTokens {
    /// A word (or symbol) and whether it was written in capitals.
    struct Word {
        let text: String
        let isCapitals: Bool
    }

    private(set) var words: [Word] = []
    /// Whether any word has a lower-case letter (capitals only count as emphasis then).
    private(set) var hasLowerCase = false
    /// How many exclamation marks the text has.
    private(set) var exclamations = 0

    private var word: [UInt8] = []
    private var upper = 0
    private var lower = 0
    private let lexicon: Lexicon

    init(_ text: String, lexicon: Lexicon) {
        self.lexicon = lexicon
        word.reserveCapacity(32)
        var text = text
        text.withUTF8 { scan($0) }
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = bytes.count
        func letterAt(_ position: Int) -> Bool { TextWords.isLetter(bytes, at: position) }
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    word.append(byte | 0x20)
                    upper += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    word.append(byte)
                    lower += 1
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    word.append(byte)
                case UInt8(ascii: "'"), UInt8(ascii: "-") where !word.isEmpty && letterAt(index + 1):
                    word.append(byte)
                case UInt8(ascii: "/") where !word.isEmpty && index + 1 < count && Self.isDigit(bytes[index + 1]) && word.allSatisfy(Self.isDigit):
                    word.append(byte)
                default:
                    finish()
                    if byte == UInt8(ascii: "!") { exclamations += 1 }
                    if let length = emoticon(bytes, at: index) {
                        index += length
                        continue
                    }
                }
                index += 1
                continue
            }
            let (scalar, length) = TextWords.decode(bytes, at: index)
            defer { index += length }
            guard let scalar else {
                finish()
                continue
            }
            if scalar == "\u{2019}", !word.isEmpty, letterAt(index + length) {
                word.append(UInt8(ascii: "'"))
                continue
            }
            let properties = scalar.properties
            if properties.isAlphabetic {
                if properties.isUppercase { upper += 1 } else if properties.isLowercase { lower += 1 }
                word.append(contentsOf: String(scalar).lowercased().utf8)
                continue
            }
            finish()
            if properties.isEmoji, scalar.value != 0xFE0F, scalar.value != 0x200D {
                words.append(Word(text: String(scalar), isCapitals: false))
            }
        }
        finish()
    }

    /// Ends the word being read, if any.
    private mutating func finish() {
        guard !word.isEmpty else { return }
        let text = String(decoding: word, as: UTF8.self)
        let isCapitals = upper >= 2 && lower == 0
        if lower > 0 { hasLowerCase = true }
        if word.contains(UInt8(ascii: "-")), lexicon.valence(of: text) == nil {
            for part in text.split(separator: "-") { words.append(Word(text: String(part), isCapitals: isCapitals)) }
        } else {
            words.append(Word(text: text, isCapitals: isCapitals))
        }
        word.removeAll(keepingCapacity: true)
        upper = 0
        lower = 0
    }

    /// An emoticon the lexicon knows starting at `index` (three characters, then two): adds it
    /// and returns its length.
    private mutating func emoticon(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        guard byte == UInt8(ascii: ":") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") else { return nil }
        for length in [3, 2] where index + length <= bytes.count {
            let candidate = String(decoding: bytes[index..<(index + length)].map { Self.isASCIILetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
            if lexicon.valences[candidate] != nil {
                words.append(Word(text: candidate, isCapitals: false))
                return length
            }
        }
        return nil
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
