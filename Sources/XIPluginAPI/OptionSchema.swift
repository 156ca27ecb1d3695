import Foundation

/// An external plugin's options schema — the JSON Schema its `spec` message carries — and the
/// check of a config against it, so a mistake is reported before the plugin runs.
///
/// The checked part of JSON Schema is what option schemas use: `type` (one or a list),
/// `properties`, `required`, `additionalProperties: false`, `enum`, `const`, `minimum`, `maximum`,
/// `minLength`, `pattern`-free strings, `items` and `minItems`. Other keywords (`description`,
/// `default`, `title`, `secret`) are read for documentation and otherwise ignored.
public struct OptionSchema: @unchecked Sendable {
    /// The schema as parsed JSON (dictionaries, arrays, strings, numbers).
    public let json: Any

    /// Wraps a parsed schema.
    public init(_ json: Any) {
        self.json = json
    }

    /// One option of an object schema, for documentation.
    public struct Property: Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Its type(s), joined with " or ".
        public var type: String
        /// Whether it is required.
        public var required: Bool
        /// Its default, as JSON text, when the schema gives one.
        public var defaultValue: String?
        /// Its description.
        public var summary: String
        /// Whether the schema marks it secret (`secret` or `airbyte_secret`).
        public var secret: Bool
    }

    /// The top-level properties, sorted by name.
    public var properties: [Property] {
        guard let object = json as? [String: Any], let members = object["properties"] as? [String: Any] else { return [] }
        let required = Set(object["required"] as? [String] ?? [])
        return members.keys.sorted().map { name in
            let schema = members[name] as? [String: Any] ?? [:]
            let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? ["any"]
            let defaultText = schema["default"].flatMap { value -> String? in
                guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return nil }
                return String(decoding: data, as: UTF8.self)
            }
            return Property(
                name: name, type: types.joined(separator: " or "), required: required.contains(name), defaultValue: defaultText,
                summary: schema["description"] as? String ?? "",
                secret: (schema["secret"] as? Bool) ?? (schema["airbyte_secret"] as? Bool) ?? false)
        }
    }

    /// The problems of `value` against the schema, one line each, each starting with the value's
    /// path (`config.retries: 12 is above the maximum 10`); empty when it conforms.
    public func problems(in value: Any, path: String = "config") -> [String] {
        var found: [String] = []
        check(value, against: json, path: path, into: &found)
        return found
    }

    private func check(_ value: Any, against schema: Any, path: String, into found: inout [String]) {
        guard let schema = schema as? [String: Any] else { return }
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }) {
            guard types.contains(where: { Self.matches(value, type: $0) }) else {
                found.append("\(path): \(Self.describe(value)) is not \(types.map(Self.article).joined(separator: " or "))")
                return
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            found.append("\(path): \(Self.describe(value)) is not one of \(options.map(Self.describe).joined(separator: ", "))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            found.append("\(path): must be \(Self.describe(constant))")
        }
        if let number = Self.number(value) {
            if let minimum = Self.number(schema["minimum"] as Any), number < minimum {
                found.append("\(path): \(Self.describe(value)) is below the minimum \(Self.describe(schema["minimum"]!))")
            }
            if let maximum = Self.number(schema["maximum"] as Any), number > maximum {
                found.append("\(path): \(Self.describe(value)) is above the maximum \(Self.describe(schema["maximum"]!))")
            }
        }
        if let text = value as? String, let minimum = schema["minLength"] as? Int, text.count < minimum {
            found.append("\(path): must have at least \(minimum) characters")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in (schema["required"] as? [String] ?? []) where object[name] == nil || object[name] is NSNull {
                found.append("\(path).\(name): required\(Self.summary(of: properties[name]))")
            }
            for name in object.keys.sorted() {
                if let property = properties[name] {
                    check(object[name]!, against: property, path: "\(path).\(name)", into: &found)
                } else if (schema["additionalProperties"] as? Bool) == false {
                    let known = properties.keys.sorted().joined(separator: ", ")
                    found.append("\(path).\(name): unknown option (known: \(known.isEmpty ? "none" : known))")
                }
            }
        }
        if let items = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, items.count < minimum {
                found.append("\(path): needs at least \(minimum) item\(minimum == 1 ? "" : "s")")
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(index)]", into: &found) }
            }
        }
    }

    private static func summary(of schema: Any?) -> String {
        guard let text = (schema as? [String: Any])?["description"] as? String, !text.isEmpty else { return "" }
        return " (\(text))"
    }

    private static func isBoolean(_ value: Any) -> Bool {
        // JSONSerialization gives booleans as a boolean NSNumber subclass (`__NSCFBoolean`).
        guard value is NSNumber else { return false }
        return String(describing: type(of: value)).contains("Boolean")
    }

    private static func number(_ value: Any) -> Double? {
        guard !isBoolean(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "string": return value is String
        case "boolean": return isBoolean(value)
        case "integer":
            guard let number = number(value) else { return false }
            return number.rounded() == number
        case "number": return number(value) != nil
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "null": return value is NSNull
        default: return true
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "integer", "object", "array": "an \(type)"
        case "null": "null"
        default: "a \(type)"
        }
    }

    private static func equal(_ left: Any, _ right: Any) -> Bool {
        describe(left) == describe(right)
    }

    /// A value as JSON text, for messages.
    static func describe(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
