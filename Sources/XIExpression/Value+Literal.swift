extension Value {
    /// The value as CEL source text: `1`, `2u`, `1.5`, `'text'`, `b'\x00'`, `[1, 2u]`, `{'a': true}`,
    /// `duration('5400s')`, `timestamp('2026-01-01T00:00:00Z')`. Evaluating the text gives the value back.
    public var celLiteral: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .uint(let number): return "\(number)u"
        case .double(let number):
            if number.isNaN { return "double('NaN')" }
            if number.isInfinite { return number > 0 ? "double('Infinity')" : "double('-Infinity')" }
            let text = "\(number)"
            return text.contains(".") || text.contains("e") || text.contains("n") ? text : text + ".0"
        case .string(let text): return Value.quote(text)
        case .bytes(let data):
            var text = "b'"
            for byte in data {
                switch byte {
                case 0x5C: text += "\\\\"
                case 0x27: text += "\\'"
                case 0x20...0x7E: text.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    let hex = String(byte, radix: 16)
                    text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                }
            }
            return text + "'"
        case .list(let elements): return "[" + elements.map(\.celLiteral).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + map.entries.map { "\($0.key.celLiteral): \($0.value.celLiteral)" }.joined(separator: ", ") + "}"
        case .duration(let duration): return "duration('\(duration.description)')"
        case .timestamp(let timestamp): return "timestamp('\(timestamp.description)')"
        case .type(let type): return type.celName
        }
    }

    /// `text` as a single-quoted CEL string literal with escapes.
    static func quote(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }
}

extension ValueType {
    /// The name CEL uses for the type as a value (`int`, `list`, `map`, `null_type`).
    var celName: String {
        switch self {
        case .list: "list"
        case .map: "map"
        default: description
        }
    }
}
