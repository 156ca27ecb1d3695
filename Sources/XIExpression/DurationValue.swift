/// A signed span of time with nanosecond precision, CEL's `google.protobuf.Duration`.
///
/// The range is CEL's: about ±10,000 years (±315,576,000,000 seconds). `seconds` and
/// `nanoseconds` always have the same sign (or one of them is zero), and `|nanoseconds| < 1e9`.
public struct DurationValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds.
    public var seconds: Int64
    /// Nanoseconds beyond `seconds`, with the same sign as `seconds`.
    public var nanoseconds: Int32

    /// The largest number of seconds a duration may hold (10,000 years of 365.25 days).
    public static let maximumSeconds: Int64 = 315_576_000_000

    /// Creates a duration, normalizing `nanoseconds` into range. Returns nil when out of CEL's range.
    public init?(seconds: Int64, nanoseconds: Int64 = 0) {
        let (carry, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        var totalSeconds = seconds.addingReportingOverflow(carry)
        if totalSeconds.overflow { return nil }
        var nanos = remainder
        if totalSeconds.partialValue > 0 && nanos < 0 {
            totalSeconds.partialValue -= 1
            nanos += 1_000_000_000
        } else if totalSeconds.partialValue < 0 && nanos > 0 {
            totalSeconds.partialValue += 1
            nanos -= 1_000_000_000
        }
        guard abs(totalSeconds.partialValue) <= Self.maximumSeconds else { return nil }
        self.seconds = totalSeconds.partialValue
        self.nanoseconds = Int32(nanos)
    }

    /// Creates a duration from a total number of nanoseconds (always in range).
    public init(totalNanoseconds: Int64) {
        self.seconds = totalNanoseconds / 1_000_000_000
        self.nanoseconds = Int32(totalNanoseconds % 1_000_000_000)
    }

    /// The zero duration.
    public static let zero = DurationValue(totalNanoseconds: 0)

    /// The duration in (possibly fractional) seconds.
    public var totalSeconds: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// The sum, or nil when it leaves CEL's range.
    public func adding(_ other: DurationValue) -> DurationValue? {
        let (sum, overflow) = seconds.addingReportingOverflow(other.seconds)
        if overflow { return nil }
        return DurationValue(seconds: sum, nanoseconds: Int64(nanoseconds) + Int64(other.nanoseconds))
    }

    /// The difference, or nil when it leaves CEL's range.
    public func subtracting(_ other: DurationValue) -> DurationValue? {
        let (difference, overflow) = seconds.subtractingReportingOverflow(other.seconds)
        if overflow { return nil }
        return DurationValue(seconds: difference, nanoseconds: Int64(nanoseconds) - Int64(other.nanoseconds))
    }

    /// The negated duration.
    public var negated: DurationValue {
        DurationValue(seconds: -seconds, nanoseconds: -Int64(nanoseconds)) ?? self
    }

    /// Orders durations by length, shortest (most negative) first.
    public static func < (lhs: DurationValue, rhs: DurationValue) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The duration as CEL's `string(duration)` prints it: seconds with up to nine decimals, e.g. `5400s`, `1.5s`.
    public var description: String {
        var text = seconds < 0 || nanoseconds < 0 ? "-" : ""
        text += String(abs(seconds))
        if nanoseconds != 0 {
            var fraction = String(abs(Int(nanoseconds)))
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "s"
    }

    /// Parses a duration: a sequence of decimal numbers with units, optionally signed, such as
    /// `30d`, `1h30m`, `-1.5h`, `300ms`, `2us`, `10ns` or `0`. Units: `d` (24 hours), `h`, `m`, `s`,
    /// `ms`, `us` (or `µs`), `ns`. Returns nil when the text is not a duration or is out of range.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        if scalars.count == 1 && scalars.first == "0" {
            self = .zero
            return
        }
        if scalars.isEmpty { return nil }
        // Accumulate in nanoseconds using wide arithmetic to detect overflow.
        var total: Double = 0
        var exactNanoseconds: Int64 = 0
        var exact = true
        while !scalars.isEmpty {
            var integerDigits = ""
            while let scalar = scalars.first, scalar.properties.numericType != nil, scalar.isASCII {
                integerDigits.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst()
            }
            var fractionDigits = ""
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let scalar = scalars.first, scalar.isASCII, scalar.properties.numericType != nil {
                    fractionDigits.unicodeScalars.append(scalar)
                    scalars = scalars.dropFirst()
                }
            }
            if integerDigits.isEmpty && fractionDigits.isEmpty { return nil }
            var unit = ""
            while let scalar = scalars.first, scalar != ".", !(scalar.isASCII && scalar.properties.numericType != nil) {
                unit.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst()
            }
            let unitNanoseconds: Int64
            switch unit {
            case "d": unitNanoseconds = 86_400_000_000_000
            case "h": unitNanoseconds = 3_600_000_000_000
            case "m": unitNanoseconds = 60_000_000_000
            case "s": unitNanoseconds = 1_000_000_000
            case "ms": unitNanoseconds = 1_000_000
            case "us", "µs", "μs": unitNanoseconds = 1_000
            case "ns": unitNanoseconds = 1
            default: return nil
            }
            let integerPart = integerDigits.isEmpty ? 0 : Int64(integerDigits)
            guard let integerPart else { return nil }
            total += Double(integerPart) * Double(unitNanoseconds)
            var fractionNanoseconds: Int64 = 0
            if !fractionDigits.isEmpty {
                let fraction = Double("0." + fractionDigits) ?? 0
                fractionNanoseconds = Int64((fraction * Double(unitNanoseconds)).rounded(.towardZero))
                total += fraction * Double(unitNanoseconds)
            }
            if exact {
                let product = integerPart.multipliedReportingOverflow(by: unitNanoseconds)
                let sum = exactNanoseconds.addingReportingOverflow(product.partialValue)
                let withFraction = sum.partialValue.addingReportingOverflow(fractionNanoseconds)
                if product.overflow || sum.overflow || withFraction.overflow {
                    exact = false
                } else {
                    exactNanoseconds = withFraction.partialValue
                }
            }
        }
        if exact {
            let value = DurationValue(totalNanoseconds: negative ? -exactNanoseconds : exactNanoseconds)
            self = value
            return
        }
        // Beyond ±292 years: compute in seconds from the double total.
        let totalSeconds = (total / 1e9).rounded(.towardZero)
        guard totalSeconds.isFinite, abs(totalSeconds) <= Double(Self.maximumSeconds) else { return nil }
        guard let value = DurationValue(seconds: Int64(negative ? -totalSeconds : totalSeconds)) else { return nil }
        self = value
    }
}
