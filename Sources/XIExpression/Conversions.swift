/// CEL's type conversion functions: `int`, `uint`, `double`, `string`, `bool`, `bytes`, `duration`, `timestamp`.
enum Conversions {
    static func rangeError(_ function: String, _ value: Value) -> EvaluationError {
        EvaluationError("range error: \(function)(\(value.celLiteral)) is out of range")
    }

    static func toInt(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .int: return value
        case .uint(let number):
            guard number <= UInt64(Int64.max) else { throw rangeError("int", value) }
            return .int(Int64(number))
        case .double(let number):
            guard number.isFinite, number > -9_223_372_036_854_775_808.0, number < 9_223_372_036_854_775_807.0 else {
                throw rangeError("int", value)
            }
            return .int(Int64(number.rounded(.towardZero)))
        case .string(let text):
            guard let number = Int64(text) else { throw EvaluationError("cannot convert '\(text)' to int") }
            return .int(number)
        case .timestamp(let timestamp):
            return .int(timestamp.seconds)
        default:
            throw EvaluationError.noOverload("int", [value])
        }
    }

    static func toUInt(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .uint: return value
        case .int(let number):
            guard number >= 0 else { throw rangeError("uint", value) }
            return .uint(UInt64(number))
        case .double(let number):
            guard number.isFinite, number > -1, number < 18_446_744_073_709_551_616.0 else {
                throw rangeError("uint", value)
            }
            return .uint(UInt64(number.rounded(.towardZero)))
        case .string(let text):
            guard let number = UInt64(text) else { throw EvaluationError("cannot convert '\(text)' to uint") }
            return .uint(number)
        default:
            throw EvaluationError.noOverload("uint", [value])
        }
    }

    static func toDouble(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .double: return value
        case .int(let number): return .double(Double(number))
        case .uint(let number): return .double(Double(number))
        case .string(let text):
            guard let number = parseDouble(text) else { throw EvaluationError("cannot convert '\(text)' to double") }
            return .double(number)
        default:
            throw EvaluationError.noOverload("double", [value])
        }
    }

    static func parseDouble(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default:
            // Only decimal notation: Swift's parser also takes hexadecimal floats, CEL does not.
            guard !text.isEmpty, text.utf8.allSatisfy({ byte in
                (byte >= 48 && byte <= 57) || byte == 46 || byte == 101 || byte == 69 || byte == 43 || byte == 45
            }) else { return nil }
            return Double(text)
        }
    }

    static func toString(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .string: return value
        case .int(let number): return .string(String(number))
        case .uint(let number): return .string(String(number))
        case .double(let number): return .string(formatDouble(number))
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .bytes(let data):
            guard let text = String(validating: data, as: UTF8.self) else {
                throw EvaluationError("invalid UTF-8 in bytes, cannot convert to string")
            }
            return .string(text)
        case .duration(let duration): return .string(duration.description)
        case .timestamp(let timestamp): return .string(timestamp.description)
        default:
            throw EvaluationError.noOverload("string", [value])
        }
    }

    /// Shortest round-trip text of a double, without a trailing `.0`: `123.456`, `-0.0045`, `100`, `1e+20`.
    static func formatDouble(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number > 0 ? "+Inf" : "-Inf" }
        var text = "\(number)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func toBool(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .bool: return value
        case .string(let text):
            switch text {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: throw EvaluationError("Type conversion error: cannot convert '\(text)' to bool")
            }
        default:
            throw EvaluationError.noOverload("bool", [value])
        }
    }

    static func toBytes(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .bytes: return value
        case .string(let text): return .bytes(Array(text.utf8))
        default: throw EvaluationError.noOverload("bytes", [value])
        }
    }

    static func toDuration(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .duration: return value
        case .string(let text):
            guard let duration = DurationValue(parsing: text) else {
                throw EvaluationError("invalid duration '\(text)' (expected e.g. '30d', '1h30m', '90s', '250ms')")
            }
            return .duration(duration)
        default: throw EvaluationError.noOverload("duration", [value])
        }
    }

    static func toTimestamp(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .timestamp: return value
        case .string(let text):
            guard let timestamp = TimestampValue(parsing: text) else {
                throw EvaluationError("invalid timestamp '\(text)' (expected RFC 3339, e.g. '2026-01-01T10:00:00Z')")
            }
            return .timestamp(timestamp)
        case .int(let seconds):
            guard let timestamp = TimestampValue(seconds: seconds) else { throw rangeError("timestamp", value) }
            return .timestamp(timestamp)
        default: throw EvaluationError.noOverload("timestamp", [value])
        }
    }
}
