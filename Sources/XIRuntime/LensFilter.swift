import Crypto
import Foundation
import XIGoals

/// Applies an audience's lens to an insight's fields: allowed fields pass, pseudonymized fields
/// become a keyed hash (one stable token per value and audience), and everything else is removed
/// before the document leaves xi.
///
/// The lens is turned once into a ``plan``: the nested keys of the document the audience sees,
/// sorted, each leaf naming the field it shows. A delivery is written by walking the plan, so only
/// the fields shown are worked out, and no dictionary is built per delivery.
struct LensFilter {
    /// One key of the document the audience sees: a field, or an object of more keys.
    struct Node {
        let key: String
        /// The field shown at this key (nil for an object).
        let field: InsightField?
        let pseudonymized: Bool
        /// The object's keys, sorted (empty for a field).
        let children: [Node]
    }

    let audience: String
    let key: SymmetricKey
    /// The document's top-level keys, sorted.
    let plan: [Node]

    init(audience: String, lens: Lens, key: SymmetricKey) {
        self.audience = audience
        self.key = key
        let allow = Set(lens.allow), pseudonymize = Set(lens.pseudonymize)
        let shown = pseudonymize.map { ($0, true) } + allow.subtracting(pseudonymize).map { ($0, false) }
        plan = Self.nodes(shown.map { (path: $0.0.split(separator: ".").map(String.init), name: $0.0, pseudonymized: $0.1) })
    }

    /// Writes the document the audience sees: `value` gives each field's value, nil when the
    /// insight has none (an object whose fields are all absent is left out).
    func write(to output: inout String, value: (InsightField) -> JSONDocument?) {
        var values: [(field: InsightField, value: JSONDocument?)] = []
        func lookup(_ field: InsightField) -> JSONDocument? {
            if let known = values.first(where: { $0.field == field }) { return known.value }
            let found = value(field)
            values.append((field, found))
            return found
        }
        func present(_ node: Node) -> Bool {
            if let field = node.field { return lookup(field) != nil }
            return node.children.contains(where: present)
        }
        func write(_ nodes: [Node]) {
            output += "{"
            var first = true
            for node in nodes where present(node) {
                if !first { output += "," }
                first = false
                JSONDocument.writeString(node.key, to: &output)
                output += ":"
                if let field = node.field {
                    let shown = lookup(field)!
                    if node.pseudonymized {
                        JSONDocument.writeString(token(for: shown.plainText), to: &output)
                    } else {
                        shown.write(to: &output)
                    }
                } else {
                    write(node.children)
                }
            }
            output += "}"
        }
        write(plan)
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

    /// The plan of the given paths: one node per first key, sorted; a key that is both a field
    /// and an object (no lens names such fields) is an object.
    private static func nodes(_ paths: [(path: [String], name: String, pseudonymized: Bool)]) -> [Node] {
        let byKey = Dictionary(grouping: paths.filter { !$0.path.isEmpty }, by: { $0.path[0] })
        return byKey.keys.sorted().map { key in
            let entries = byKey[key]!
            let deeper = entries.filter { $0.path.count > 1 }
            if deeper.isEmpty, let leaf = entries.first {
                return Node(key: key, field: InsightField(name: leaf.name), pseudonymized: leaf.pseudonymized, children: [])
            }
            return Node(key: key, field: nil, pseudonymized: false, children: nodes(deeper.map { (Array($0.path.dropFirst()), $0.name, $0.pseudonymized) }))
        }
    }
}
