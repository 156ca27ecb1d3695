import Foundation

/// An error reading a value from typed JSON.
public struct TypedJSONError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension Value {
    /// Reads a value from the typed JSON the conformance file uses (as `JSONSerialization` returns it):
    /// `{"int": 1}`, `{"uint": 1}`, `{"double": 1.5}` (or `"NaN"`, `"Infinity"`, `"-Infinity"`),
    /// `{"string": "a"}`, `{"bytes": "<base64>"}`, `{"bool": true}`, `{"null": null}`,
    /// `{"list": [...]}`, `{"map": [[key, value], ...]}`, `{"duration": "30s"}`,
    /// `{"timestamp": "2026-01-01T00:00:00Z"}`.
    public init(typedJSON: Any) throws {
        guard let object = typedJSON as? [String: Any], object.count == 1, let (tag, payload) = object.first else {
            throw TypedJSONError("expected an object with one key such as {\"int\": 1}, found \(typedJSON)")
        }
        switch tag {
        case "null":
            self = .null
        case "bool":
            guard let number = payload as? NSNumber else { throw TypedJSONError("bool: expected true or false") }
            self = .bool(number.boolValue)
        case "int":
            if let text = payload as? String, let value = Int64(text) {
                self = .int(value)
            } else if let number = payload as? NSNumber {
                self = .int(number.int64Value)
            } else {
                throw TypedJSONError("int: expected a number")
            }
        case "uint":
            if let text = payload as? String, let value = UInt64(text) {
                self = .uint(value)
            } else if let number = payload as? NSNumber {
                self = .uint(number.uint64Value)
            } else {
                throw TypedJSONError("uint: expected a number")
            }
        case "double":
            if let text = payload as? String {
                switch text {
                case "NaN": self = .double(.nan)
                case "Infinity": self = .double(.infinity)
                case "-Infinity": self = .double(-.infinity)
                default:
                    guard let value = Double(text) else { throw TypedJSONError("double: invalid \(text)") }
                    self = .double(value)
                }
            } else if let number = payload as? NSNumber {
                self = .double(number.doubleValue)
            } else {
                throw TypedJSONError("double: expected a number")
            }
        case "string":
            guard let text = payload as? String else { throw TypedJSONError("string: expected a string") }
            self = .string(text)
        case "bytes":
            guard let text = payload as? String, let data = Data(base64Encoded: text) else {
                throw TypedJSONError("bytes: expected base64 text")
            }
            self = .bytes([UInt8](data))
        case "list":
            guard let elements = payload as? [Any] else { throw TypedJSONError("list: expected an array") }
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try Value(typedJSON: element)) }
            self = .list(values)
        case "map":
            guard let pairs = payload as? [Any] else { throw TypedJSONError("map: expected an array of pairs") }
            var map = MapValue()
            for pair in pairs {
                guard let items = pair as? [Any], items.count == 2 else {
                    throw TypedJSONError("map: expected [key, value] pairs")
                }
                let key = try Value(typedJSON: items[0])
                guard map.insert(key, try Value(typedJSON: items[1])) else {
                    throw TypedJSONError("map: invalid key type \(key.type)")
                }
            }
            self = .map(map)
        case "duration":
            guard let text = payload as? String, let duration = DurationValue(parsing: text) else {
                throw TypedJSONError("duration: expected text such as \"30s\"")
            }
            self = .duration(duration)
        case "timestamp":
            guard let text = payload as? String, let timestamp = TimestampValue(parsing: text) else {
                throw TypedJSONError("timestamp: expected RFC 3339 text")
            }
            self = .timestamp(timestamp)
        default:
            throw TypedJSONError("unknown value tag '\(tag)'")
        }
    }

    /// The value as typed JSON (see ``init(typedJSON:)``), ready for `JSONSerialization`.
    public var typedJSON: Any {
        switch self {
        case .null: return ["null": NSNull()]
        case .bool(let flag): return ["bool": flag]
        case .int(let number): return ["int": NSNumber(value: number)]
        case .uint(let number): return ["uint": NSNumber(value: number)]
        case .double(let number):
            if number.isNaN { return ["double": "NaN"] }
            if number.isInfinite { return ["double": number > 0 ? "Infinity" : "-Infinity"] }
            return ["double": NSNumber(value: number)]
        case .string(let text): return ["string": text]
        case .bytes(let data): return ["bytes": Data(data).base64EncodedString()]
        case .list(let elements): return ["list": elements.map(\.typedJSON)]
        case .map(let map): return ["map": map.entries.map { [$0.key.typedJSON, $0.value.typedJSON] }]
        case .duration(let duration): return ["duration": duration.description]
        case .timestamp(let timestamp): return ["timestamp": timestamp.description]
        case .type(let type): return ["type": type.description]
        }
    }
}
