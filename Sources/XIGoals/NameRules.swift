/// The spelling rules for names in configuration files.
enum NameRules {
    /// Whether `text` is a valid name: a lower-case ASCII letter, then lower-case letters, digits,
    /// `_` and (when allowed) `-`.
    static func isValidName(_ text: String, allowHyphen: Bool) -> Bool {
        guard let first = text.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || (allowHyphen && byte == UInt8(ascii: "-"))
        }
    }

    /// Whether `text` is a valid field name: an ASCII letter or `_`, then letters, digits and `_`.
    static func isValidFieldName(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_")
        }
        return isLetter(first) && text.utf8.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }
}
