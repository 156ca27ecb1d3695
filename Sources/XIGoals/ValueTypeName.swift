import XIExpression

/// A field type as written in `xi.yaml`, parsed into the expression module's ``ValueType``.
///
/// Accepted: `bool`, `int`, `uint`, `double`, `string`, `bytes`, `timestamp`, `duration`, `dyn`,
/// `list(T)`, `map(K, V)`; `number` is accepted as `double`.
public struct ValueTypeName: Sendable, Hashable, CustomStringConvertible {
    /// The parsed type.
    public var type: ValueType

    /// Creates a type name from a type.
    public init(_ type: ValueType) {
        self.type = type
    }

    /// The scalar type names accepted.
    public static let scalarNames = ["bool", "int", "uint", "double", "number", "string", "bytes", "timestamp", "duration", "dyn"]

    /// Parses a type name; nil when it is not one.
    public init?(_ text: String) {
        var parser = Parser(scalars: Array(text.unicodeScalars.filter { $0 != " " && $0 != "\t" }))
        guard let type = parser.parseType(), parser.index == parser.scalars.count else { return nil }
        self.type = type
    }

    /// The CEL name.
    public var description: String { type.description }

    private struct Parser {
        var scalars: [Unicode.Scalar]
        var index = 0

        mutating func word() -> String {
            var text = ""
            while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index] == "_" {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            return text
        }

        mutating func expect(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }

        mutating func parseType() -> ValueType? {
            switch word() {
            case "bool": return .bool
            case "int": return .int
            case "uint": return .uint
            case "double", "number": return .double
            case "string": return .string
            case "bytes": return .bytes
            case "timestamp": return .timestamp
            case "duration": return .duration
            case "dyn": return .dyn
            case "list":
                guard expect("("), let element = parseType(), expect(")") else { return nil }
                return .list(element)
            case "map":
                guard expect("("), let key = parseType(), expect(","), let value = parseType(), expect(")") else { return nil }
                return .map(key, value)
            default: return nil
            }
        }
    }
}
