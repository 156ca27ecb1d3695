/// The static type of an expression or a declared variable, as the checker sees it.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// Any type: checked at run time.
    case dyn
    /// `null_type`.
    case null
    /// `bool`.
    case bool
    /// `int`.
    case int
    /// `uint`.
    case uint
    /// `double`.
    case double
    /// `string`.
    case string
    /// `bytes`.
    case bytes
    /// `list(E)`.
    case list(ValueType)
    /// `map(K, V)`.
    case map(ValueType, ValueType)
    /// `google.protobuf.Duration`.
    case duration
    /// `google.protobuf.Timestamp`.
    case timestamp
    /// `type`: the type of a type value.
    case type

    /// The CEL name of the type, as `xi expr` prints it: `int`, `list(string)`, `map(string, dyn)`.
    public var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list(let element): "list(\(element))"
        case .map(let key, let value): "map(\(key), \(value))"
        case .duration: "google.protobuf.Duration"
        case .timestamp: "google.protobuf.Timestamp"
        case .type: "type"
        }
    }
}
