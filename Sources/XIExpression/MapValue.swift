/// A CEL map: entries in insertion order with O(1) lookup by key.
///
/// Keys are `int`, `uint`, `bool` or `string`. Numeric keys compare by numeric value, as CEL's
/// equality does: `{1u: "a"}[1]` and `{1: "a"}[1.0]` both find `"a"`.
public struct MapValue: Sendable {
    /// The entries, in the order they were written.
    public private(set) var entries: [(key: Value, value: Value)]
    private var positions: [MapKey: Int]

    /// Creates an empty map.
    public init() {
        entries = []
        positions = [:]
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Replaces the value of the entry at `position` (in ``entries`` order), keeping its key: a map
    /// made once and copied for each use changes values without copying its index of keys.
    public mutating func setValue(_ value: Value, at position: Int) {
        entries[position].value = value
    }

    /// Inserts or replaces the value for `key`. Returns false when the key's type cannot be a map key.
    @discardableResult
    public mutating func insert(_ key: Value, _ value: Value) -> Bool {
        guard let mapKey = MapKey(key) else { return false }
        if let position = positions[mapKey] {
            entries[position].value = value
        } else {
            positions[mapKey] = entries.count
            entries.append((key, value))
        }
        return true
    }

    /// Whether the map has `key` (by CEL equality).
    public func contains(_ key: Value) -> Bool {
        guard let mapKey = MapKey(lookup: key) else { return false }
        return positions[mapKey] != nil
    }

    /// The value for `key`, or nil when absent.
    public subscript(key: Value) -> Value? {
        guard let mapKey = MapKey(lookup: key), let position = positions[mapKey] else { return nil }
        return entries[position].value
    }

    /// The value for a string key, without building a ``Value``.
    public subscript(string key: String) -> Value? {
        guard let position = positions[.string(ExactString(key))] else { return nil }
        return entries[position].value
    }
}

/// A normalized map key: numeric keys that are equal under CEL's equality hash alike.
enum MapKey: Hashable, Sendable {
    case integer(Int64)
    case largeUnsigned(UInt64)
    case bool(Bool)
    case string(ExactString)

    /// The key for storing `value`; nil when the type is not a valid map key type.
    init?(_ value: Value) {
        switch value {
        case .int(let number): self = .integer(number)
        case .uint(let number):
            self = number <= UInt64(Int64.max) ? .integer(Int64(number)) : .largeUnsigned(number)
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(ExactString(text))
        default: return nil
        }
    }

    /// The key for looking up `value`: doubles with an integral value find numeric keys.
    init?(lookup value: Value) {
        if case .double(let number) = value {
            guard number.isFinite, number.rounded(.towardZero) == number else { return nil }
            if number >= -9_223_372_036_854_775_808.0 && number < 9_223_372_036_854_775_808.0 {
                self = .integer(Int64(number))
            } else if number >= 0 && number < 18_446_744_073_709_551_616.0 {
                self = .largeUnsigned(UInt64(number))
            } else {
                return nil
            }
            return
        }
        self.init(value)
    }
}

/// A string compared and hashed by its code points, without Unicode normalization: CEL's
/// `'\u00E9' == 'e\u0301'` is false, while Swift's `==` on `String` says true.
struct ExactString: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: ExactString, right: ExactString) -> Bool {
        left.text.hasSameCodePoints(as: right.text)
    }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }
}
