extension ValueType {
    /// Reads a type name as written in declarations: `int`, `uint`, `double`, `bool`, `string`, `bytes`,
    /// `null` (or `null_type`), `dyn`, `duration`, `timestamp`, `type`, `list(T)`, `map(K, V)`.
    /// Returns nil for an unknown name.
    public init?(parsing text: String) {
        var scalars = Substring(text.filter { !$0.isWhitespace })[...]
        guard let type = ValueType.parse(&scalars), scalars.isEmpty else { return nil }
        self = type
    }

    private static func parse(_ text: inout Substring) -> ValueType? {
        var name = ""
        while let character = text.first, character.isLetter || character.isNumber || character == "_" || character == "." {
            name.append(character)
            text.removeFirst()
        }
        switch name {
        case "dyn": return .dyn
        case "null", "null_type": return .null
        case "bool": return .bool
        case "int": return .int
        case "uint": return .uint
        case "double": return .double
        case "string": return .string
        case "bytes": return .bytes
        case "duration", "google.protobuf.Duration": return .duration
        case "timestamp", "google.protobuf.Timestamp": return .timestamp
        case "type": return .type
        case "list":
            guard text.first == "(" else { return .list(.dyn) }
            text.removeFirst()
            guard let element = parse(&text), text.first == ")" else { return nil }
            text.removeFirst()
            return .list(element)
        case "map":
            guard text.first == "(" else { return .map(.dyn, .dyn) }
            text.removeFirst()
            guard let key = parse(&text), text.first == "," else { return nil }
            text.removeFirst()
            guard let value = parse(&text), text.first == ")" else { return nil }
            text.removeFirst()
            return .map(key, value)
        default: return nil
        }
    }

    /// The type a CEL type name denotes as a value (`int`, `list`, `map`, `null_type`, …), for `type(x) == int`.
    static func typeNamed(_ name: String) -> ValueType? {
        switch name {
        case "int": .int
        case "uint": .uint
        case "double": .double
        case "bool": .bool
        case "string": .string
        case "bytes": .bytes
        case "list": .list(.dyn)
        case "map": .map(.dyn, .dyn)
        case "null_type": .null
        case "type": .type
        case "google.protobuf.Duration": .duration
        case "google.protobuf.Timestamp": .timestamp
        default: nil
        }
    }
}
