import Foundation

/// A plugin option's value as written in YAML: a string, number, boolean, list or mapping.
public enum ConfigurationValue: Sendable, Hashable, CustomStringConvertible {
    /// A string (or any scalar written as one).
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A decimal number.
    case number(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// A list of values.
    case list([ConfigurationValue])
    /// A mapping from names to values.
    case mapping([String: ConfigurationValue])
    /// `null` or an empty value.
    case null

    /// The string, when this is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as a number, when it is an integer or a decimal.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The name of the environment variable when the value is exactly a `${NAME}` reference.
    public var environmentReference: String? {
        guard case .string(let text) = self else { return nil }
        return EnvironmentReference.name(in: text)
    }

    /// The value as YAML would print it.
    public var description: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .boolean(let value): String(value)
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let values): "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .null: "null"
        }
    }
}

/// `${NAME}` references to environment variables, the only way a secret may appear in a file.
public enum EnvironmentReference {
    /// The variable's name when `text` is exactly `${NAME}` (NAME: letters, digits, `_`, not
    /// starting with a digit); nil otherwise.
    public static func name(in text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("${"), trimmed.hasSuffix("}"), trimmed.count > 3 else { return nil }
        let name = String(trimmed.dropFirst(2).dropLast())
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
              name.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) })
        else { return nil }
        return name
    }
}
