import Crypto
import Foundation
import XIGoals
import XIMatcher
import XIPluginAPI

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
        /// `"key":` as UTF-8, written before the field's value.
        let quotedKey: [UInt8]
        /// The field shown at this key (nil for an object).
        let field: InsightField?
        let pseudonymized: Bool
        /// The object's keys, sorted (empty for a field).
        let children: [Node]
    }

    let audience: String
    let key: SymmetricKey
    /// HMAC-SHA256 keyed with ``key`` that has taken in the audience and NUL already: each token
    /// copies it and adds its value.
    private let keyedForAudience: HMAC<SHA256>
    /// The document's top-level keys, sorted.
    let plan: [Node]
    /// Which of an insight's details the audience sees: its explanation, its profile fields.
    /// Insights made only to be written for this audience (escalations, digests) need only those
    /// worked out (see ``RunEngine/makeInsight(_:key:workingOutPriority:details:listingEvidence:)``).
    let details: InsightDetails

    init(audience: String, lens: Lens, key: SymmetricKey) {
        self.audience = audience
        self.key = key
        var keyed = HMAC<SHA256>(key: key)
        keyed.update(data: Data((audience + "\u{0}").utf8))
        keyedForAudience = keyed
        let allow = Set(lens.allow), pseudonymize = Set(lens.pseudonymize)
        let shown = pseudonymize.map { ($0, true) } + allow.subtracting(pseudonymize).map { ($0, false) }
        plan = Self.nodes(shown.map { (path: $0.0.split(separator: ".").map(String.init), name: $0.0, pseudonymized: $0.1) })
        var details: InsightDetails = []
        for field in Self.fields(of: plan) {
            if case .profile = field { details.insert(.profile) }
            if field == .explanation { details.insert(.explanation) }
        }
        self.details = details
    }

    /// The fields the nodes show, at any depth.
    private static func fields(of nodes: [Node]) -> [InsightField] {
        nodes.flatMap { node in node.field.map { [$0] } ?? fields(of: node.children) }
    }

    /// Writes the document the audience sees, as UTF-8 JSON text with its keys sorted. `field`
    /// appends a field's JSON value and returns false when the insight has none (having appended
    /// nothing). A pseudonymized field's token is written instead of its value: the token of its
    /// plain text (``plainText(ofJSON:)``). An object whose fields are all absent is left out.
    func write(to output: inout [UInt8], field: (InsightField, inout [UInt8]) -> Bool) {
        var scratch: [UInt8] = []
        // A key is written before its value is known to exist, and taken back when it does not.
        // The nodes are read where they lie: `for node in nodes` copied each (a retain of its
        // key, its quoted key, its field and its children) for every insight written.
        func write(_ nodes: UnsafeBufferPointer<Node>) -> Bool {
            var first = true
            for index in nodes.indices {
                let mark = output.count
                if !first { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: nodes[index].quotedKey)
                let written: Bool
                if let shown = nodes[index].field {
                    if nodes[index].pseudonymized {
                        scratch.removeAll(keepingCapacity: true)
                        written = field(shown, &scratch)
                        if written { JSONText.appendQuoted(token(for: Self.plainText(ofJSON: scratch)), to: &output) }
                    } else {
                        written = field(shown, &output)
                    }
                } else {
                    output.append(UInt8(ascii: "{"))
                    written = nodes[index].children.withUnsafeBufferPointer { write($0) }
                    if written { output.append(UInt8(ascii: "}")) }
                }
                if written { first = false } else { output.removeSubrange(mark...) }
            }
            return !first
        }
        output.append(UInt8(ascii: "{"))
        _ = plan.withUnsafeBufferPointer { write($0) }
        output.append(UInt8(ascii: "}"))
    }

    /// A field's value as the text its pseudonym hashes: a string's own text (unescaped), any
    /// other value its JSON text (`12.5`, `["a","b"]`).
    static func plainText(ofJSON json: [UInt8]) -> String {
        guard json.count >= 2, json.first == UInt8(ascii: "\""), json.last == UInt8(ascii: "\"") else {
            return String(decoding: json, as: UTF8.self)
        }
        // Every escape starts with a backslash: without one, the text is what the quotes hold
        // (most ids and e-mail addresses; a digest pseudonymizes tens of thousands).
        let inside = json[1..<(json.count - 1)]
        if !inside.contains(UInt8(ascii: "\\")) { return String(decoding: inside, as: UTF8.self) }
        if case .string(let text)? = try? JSONRecordDecoder.decodeValue(json) { return text }
        return String(decoding: json, as: UTF8.self)
    }

    /// `psn_` and 20 hex digits of HMAC-SHA256(key, audience + NUL + value).
    func token(for value: String) -> String {
        var keyed = keyedForAudience
        var value = value
        value.withUTF8 { keyed.update(data: UnsafeRawBufferPointer($0)) }
        let code = keyed.finalize()
        // Written straight into the string's storage, from the code's bytes where they are: a
        // buffer grown digit by digit, and the code read as a sequence, took five allocations
        // per pseudonym, and deliveries and digests make hundreds of thousands.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            buffer[0] = UInt8(ascii: "p")
            buffer[1] = UInt8(ascii: "s")
            buffer[2] = UInt8(ascii: "n")
            buffer[3] = UInt8(ascii: "_")
            code.withUnsafeBytes { TextFormat.writeHex(UnsafeRawBufferPointer(rebasing: $0.prefix(10)), to: buffer, at: 4) }
            return 24
        }
    }

    private static func quotedKey(_ key: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONText.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        return bytes
    }

    /// The plan of the given paths: one node per first key, sorted; a key that is both a field
    /// and an object (no lens names such fields) is an object.
    private static func nodes(_ paths: [(path: [String], name: String, pseudonymized: Bool)]) -> [Node] {
        let byKey = Dictionary(grouping: paths.filter { !$0.path.isEmpty }, by: { $0.path[0] })
        return byKey.keys.sorted().map { key in
            let entries = byKey[key]!
            let deeper = entries.filter { $0.path.count > 1 }
            if deeper.isEmpty, let leaf = entries.first {
                return Node(key: key, quotedKey: quotedKey(key), field: InsightField(name: leaf.name), pseudonymized: leaf.pseudonymized, children: [])
            }
            return Node(
                key: key, quotedKey: quotedKey(key), field: nil, pseudonymized: false,
                children: nodes(deeper.map { (Array($0.path.dropFirst()), $0.name, $0.pseudonymized) }))
        }
    }
}
