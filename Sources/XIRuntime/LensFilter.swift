import Crypto
import Foundation
import XIGoals

/// Applies an audience's lens to an insight's fields: allowed fields pass, pseudonymized fields
/// become a keyed hash (one stable token per value and audience), and everything else is removed
/// before the document leaves xi.
struct LensFilter {
    let audience: String
    let allow: Set<String>
    let pseudonymize: Set<String>
    let key: SymmetricKey

    init(audience: String, lens: Lens, key: SymmetricKey) {
        self.audience = audience
        allow = Set(lens.allow)
        pseudonymize = Set(lens.pseudonymize)
        self.key = key
    }

    /// Whether the audience sees the field (as it is, or pseudonymized).
    func shows(_ name: String) -> Bool {
        allow.contains(name) || pseudonymize.contains(name)
    }

    /// The flat fields (`subject.id`, `profile.tier`, …) as the nested JSON object the audience sees.
    func apply(_ fields: [String: JSONDocument]) -> JSONDocument {
        var root: [String: JSONDocument] = [:]
        for (name, value) in fields {
            let shown: JSONDocument
            if pseudonymize.contains(name) {
                shown = .string(token(for: value.plainText))
            } else if allow.contains(name) {
                shown = value
            } else {
                continue
            }
            Self.insert(shown, at: name.split(separator: ".").map(String.init), into: &root)
        }
        return .object(root)
    }

    /// `psn_` and 20 hex digits of HMAC-SHA256(key, audience + NUL + value).
    func token(for value: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data((audience + "\u{0}" + value).utf8), using: key)
        let digits = Array("0123456789abcdef".utf8)
        var bytes = Array("psn_".utf8)
        for byte in code.prefix(10) {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func insert(_ value: JSONDocument, at path: [String], into object: inout [String: JSONDocument]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var child: [String: JSONDocument] = [:]
        if case .object(let existing)? = object[first] { child = existing }
        insert(value, at: Array(path.dropFirst()), into: &child)
        object[first] = .object(child)
    }
}
