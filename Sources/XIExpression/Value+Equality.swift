extension Value {
    /// The runtime type of the value. Lists and maps report `list(dyn)` and `map(dyn, dyn)`.
    public var type: ValueType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list(.dyn)
        case .map: .map(.dyn, .dyn)
        case .duration: .duration
        case .timestamp: .timestamp
        case .type: .type
        }
    }

    /// CEL's heterogeneous equality: numbers compare by value across `int`, `uint` and `double`
    /// (`1 == 1u == 1.0`), NaN equals nothing, values of different types are unequal, and lists
    /// and maps compare element by element (maps regardless of order).
    public func celEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.int(let left), .int(let right)): return left == right
        case (.uint(let left), .uint(let right)): return left == right
        case (.double(let left), .double(let right)): return left == right
        case (.string(let left), .string(let right)): return left.hasSameCodePoints(as: right)
        case (.bytes(let left), .bytes(let right)): return left == right
        case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
            return Value.compareNumbers(self, other) == 0
        case (.list(let left), .list(let right)):
            guard left.count == right.count else { return false }
            for index in left.indices where !left[index].celEquals(right[index]) { return false }
            return true
        case (.map(let left), .map(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left.entries {
                guard let otherValue = right[key], value.celEquals(otherValue) else { return false }
            }
            return true
        case (.duration(let left), .duration(let right)): return left == right
        case (.timestamp(let left), .timestamp(let right)): return left == right
        case (.type(let left), .type(let right)): return left == right
        default: return false
        }
    }

    /// CEL's ordering for `<`, `<=`, `>`, `>=`: -1, 0 or 1. Numbers compare by value across
    /// `int`, `uint` and `double`; strings (by code point), bytes, bools, durations and timestamps
    /// compare with their own type. Nil when CEL has no such overload (`'foo' < 1`, lists, maps,
    /// null) or when NaN is involved.
    public func celCompare(_ other: Value) -> Int? {
        switch (self, other) {
        case (.int(let left), .int(let right)): return left < right ? -1 : (left == right ? 0 : 1)
        case (.uint(let left), .uint(let right)): return left < right ? -1 : (left == right ? 0 : 1)
        case (.double(let left), .double(let right)):
            if left < right { return -1 }
            if left > right { return 1 }
            return left == right ? 0 : nil
        case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
            return Value.compareNumbers(self, other)
        case (.string(let left), .string(let right)):
            return Value.compareStrings(left, right)
        case (.bytes(let left), .bytes(let right)):
            return Value.compareBytes(left, right)
        case (.bool(let left), .bool(let right)):
            return left == right ? 0 : (left ? 1 : -1)
        case (.duration(let left), .duration(let right)): return left < right ? -1 : (left == right ? 0 : 1)
        case (.timestamp(let left), .timestamp(let right)): return left < right ? -1 : (left == right ? 0 : 1)
        default: return nil
        }
    }

    /// Compares strings by Unicode code point (equivalently, by UTF-8 bytes), as CEL does.
    static func compareStrings(_ left: String, _ right: String) -> Int {
        if left == right { return 0 }
        var leftIterator = left.utf8.makeIterator()
        var rightIterator = right.utf8.makeIterator()
        while true {
            switch (leftIterator.next(), rightIterator.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let a?, let b?):
                if a != b { return a < b ? -1 : 1 }
            }
        }
    }

    /// Compares byte sequences lexicographically.
    static func compareBytes(_ left: [UInt8], _ right: [UInt8]) -> Int {
        for index in 0..<min(left.count, right.count) where left[index] != right[index] {
            return left[index] < right[index] ? -1 : 1
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    /// Compares two numeric values of possibly different types exactly; nil when NaN is involved
    /// or either is not a number.
    static func compareNumbers(_ left: Value, _ right: Value) -> Int? {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .uint(let b)):
            if a < 0 { return -1 }
            let unsigned = UInt64(a)
            return unsigned < b ? -1 : (unsigned == b ? 0 : 1)
        case (.uint, .int): return compareNumbers(right, left).map { -$0 }
        case (.int(let a), .double(let b)): return compareIntegerToDouble(a, b)
        case (.double, .int): return compareNumbers(right, left).map { -$0 }
        case (.uint(let a), .double(let b)): return compareUnsignedToDouble(a, b)
        case (.double, .uint): return compareNumbers(right, left).map { -$0 }
        default: return nil
        }
    }

    /// CEL compares an integer with a double by converting the integer to double (as cel-go does),
    /// so `9223372036854775807 < 9223372036854775808.0` is false.
    static func compareIntegerToDouble(_ integer: Int64, _ double: Double) -> Int? {
        if double.isNaN { return nil }
        let converted = Double(integer)
        return converted < double ? -1 : (converted == double ? 0 : 1)
    }

    static func compareUnsignedToDouble(_ unsigned: UInt64, _ double: Double) -> Int? {
        if double.isNaN { return nil }
        let converted = Double(unsigned)
        return converted < double ? -1 : (converted == double ? 0 : 1)
    }
}
