import Foundation
import XIExpression
import XIPluginAPI

/// A JSON value built by the runtime for deliveries and stored events, serialized with sorted
/// keys so the same insight always gives the same bytes.
public indirect enum JSONDocument: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case integer(Int64)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONDocument])
    /// An object.
    case object([String: JSONDocument])
    /// JSON text made elsewhere, written as it is (it must be valid JSON).
    case raw(String)

    /// The JSON text.
    public var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .number(let number): output += Self.numberText(number)
        case .string(let text): Self.writeString(text, to: &output)
        case .raw(let text): output += text
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key]!.write(to: &output)
            }
            output += "}"
        }
    }

    /// A number's JSON text: a whole number with one decimal place (`3.0`), `null` when not finite.
    static func numberText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        return number == number.rounded() && abs(number) < 1e15 ? TextFormat.fixed(number, places: 1) : String(number)
    }

    static func writeString(_ text: String, to output: inout String) {
        JSONText.appendQuoted(text, to: &output)
    }

    /// A CEL value as JSON: ints and uints as integers, timestamps and durations as strings, bytes as base64.
    public init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .integer(number)
        case .uint(let number): self = number <= UInt64(Int64.max) ? .integer(Int64(number)) : .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .bytes(let bytes): self = .string(Data(bytes).base64EncodedString())
        case .list(let elements): self = .array(elements.map(JSONDocument.init))
        case .map(let map):
            var members: [String: JSONDocument] = [:]
            for (key, value) in map.entries {
                if case .string(let name) = key { members[name] = JSONDocument(value) } else { members[key.celLiteral] = JSONDocument(value) }
            }
            self = .object(members)
        case .duration(let duration): self = .string(Value.duration(duration).celLiteral)
        case .timestamp(let timestamp): self = .string(timestamp.description)
        case .type(let type): self = .string(type.description)
        }
    }
}
