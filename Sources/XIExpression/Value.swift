/// A CEL value.
///
/// Values keep CEL's types distinct: `1` (int), `1u` (uint) and `1.0` (double) are different
/// values of different types, even though CEL's equality treats them as numerically equal.
public enum Value: Sendable {
    /// `null`, of type `null_type`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A signed 64-bit integer.
    case int(Int64)
    /// An unsigned 64-bit integer (`1u`).
    case uint(UInt64)
    /// An IEEE 754 double.
    case double(Double)
    /// A Unicode string.
    case string(String)
    /// A byte sequence (`b'abc'`).
    case bytes([UInt8])
    /// A list of values.
    case list([Value])
    /// A map from int, uint, bool or string keys to values.
    case map(MapValue)
    /// A signed span of time with nanosecond precision (`duration("30d")`).
    case duration(DurationValue)
    /// A point in time with nanosecond precision (`timestamp("2026-01-01T00:00:00Z")`).
    case timestamp(TimestampValue)
    /// A type, as a value (`int`, `string`, …).
    case type(ValueType)
}
