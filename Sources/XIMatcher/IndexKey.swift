import XIExpression

/// A value normalized so that values equal under CEL's `==` have equal keys.
///
/// CEL compares numbers across `int`, `uint` and `double` by value (`1 == 1u == 1.0`), and values
/// of other, different types are never equal. Integral numbers therefore share one representation.
/// NaN, lists, maps, durations, timestamps and types have no key: the index never looks them up
/// (a condition comparing to them is evaluated as a residual instead).
enum IndexKey: Hashable, Sendable {
    case integer(Int64)
    case largeUnsigned(UInt64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case bytes([UInt8])

    init?(_ value: Value) {
        switch value {
        case .int(let number): self = .integer(number)
        case .uint(let number):
            self = number <= UInt64(Int64.max) ? .integer(Int64(number)) : .largeUnsigned(number)
        case .double(let number):
            if number.isNaN { return nil }
            if number.isFinite && number.rounded(.towardZero) == number {
                if number >= -9_223_372_036_854_775_808.0 && number < 9_223_372_036_854_775_808.0 {
                    self = .integer(Int64(number))
                } else if number >= 0 && number < 18_446_744_073_709_551_616.0 {
                    self = .largeUnsigned(UInt64(number))
                } else {
                    self = .double(number)
                }
            } else {
                self = .double(number)
            }
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .bytes(let bytes): self = .bytes(bytes)
        default: return nil
        }
    }
}
