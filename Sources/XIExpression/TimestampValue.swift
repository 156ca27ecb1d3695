/// A point in time with nanosecond precision, CEL's `google.protobuf.Timestamp`.
///
/// Seconds count from the Unix epoch (1970-01-01T00:00:00Z); `nanoseconds` is always in `0..<1e9`.
/// The range is CEL's: years 1 to 9999.
public struct TimestampValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds beyond `seconds`, in `0..<1_000_000_000`.
    public var nanoseconds: Int32

    /// The earliest valid second: 0001-01-01T00:00:00Z.
    public static let minimumSeconds: Int64 = -62_135_596_800
    /// The latest valid second: 9999-12-31T23:59:59Z.
    public static let maximumSeconds: Int64 = 253_402_300_799

    /// Creates a timestamp, normalizing `nanoseconds`. Returns nil outside years 1–9999.
    public init?(seconds: Int64, nanoseconds: Int64 = 0) {
        var (carry, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        if remainder < 0 {
            remainder += 1_000_000_000
            carry -= 1
        }
        let (total, overflow) = seconds.addingReportingOverflow(carry)
        guard !overflow, total >= Self.minimumSeconds, total <= Self.maximumSeconds else { return nil }
        self.seconds = total
        self.nanoseconds = Int32(remainder)
    }

    /// Orders timestamps chronologically.
    public static func < (lhs: TimestampValue, rhs: TimestampValue) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The timestamp moved by `duration`, or nil when it leaves the valid range.
    public func adding(_ duration: DurationValue) -> TimestampValue? {
        let (sum, overflow) = seconds.addingReportingOverflow(duration.seconds)
        if overflow { return nil }
        return TimestampValue(seconds: sum, nanoseconds: Int64(nanoseconds) + Int64(duration.nanoseconds))
    }

    /// The timestamp moved back by `duration`, or nil when it leaves the valid range.
    public func subtracting(_ duration: DurationValue) -> TimestampValue? {
        adding(duration.negated)
    }

    /// The duration from `other` to this timestamp (`self - other`), or nil when out of duration range.
    public func subtracting(_ other: TimestampValue) -> DurationValue? {
        DurationValue(seconds: seconds - other.seconds, nanoseconds: Int64(nanoseconds) - Int64(other.nanoseconds))
    }

    /// The timestamp in RFC 3339, UTC, with as many fractional digits as needed: `2026-01-01T10:00:00Z`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``description``'s UTF-8 bytes to `bytes`.
    public func write(to bytes: inout [UInt8]) {
        // Digit by digit: timestamps are written for every stored insight, its evidence and every
        // delivery, and interpolation would cost a dozen small strings.
        let fields = CivilTime(seconds: seconds)
        func digits(_ number: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var number = number
            if number >= divisor * 10 { bytes += String(number).utf8; return }
            while divisor > 0 {
                bytes.append(UInt8(48 + number / divisor))
                number %= divisor
                divisor /= 10
            }
        }
        digits(fields.year, 4); bytes.append(UInt8(ascii: "-"))
        digits(fields.month, 2); bytes.append(UInt8(ascii: "-"))
        digits(fields.day, 2); bytes.append(UInt8(ascii: "T"))
        digits(fields.hour, 2); bytes.append(UInt8(ascii: ":"))
        digits(fields.minute, 2); bytes.append(UInt8(ascii: ":"))
        digits(fields.second, 2)
        if nanoseconds != 0 {
            bytes.append(UInt8(ascii: "."))
            digits(Int64(nanoseconds), 9)
            while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses an RFC 3339 timestamp such as `2026-01-01T10:00:00Z`, `2026-01-01T10:00:00.5+01:00`.
    /// Returns nil when the text is not RFC 3339 or the time is outside years 1–9999.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2)
        else { return nil }
        var nanos: Int64 = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offsetSeconds: Int64 = 0
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
        } else {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard expect("+-"), let offsetHours = number(2), expect(":"), let offsetMinutes = number(2),
                  offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count, (1...12).contains(month), day >= 1,
              day <= CivilTime.daysInMonth(year: year, month: month), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59)
        guard let value = TimestampValue(seconds: local - offsetSeconds, nanoseconds: nanos) else { return nil }
        self = value
    }
}

/// Calendar fields of a time in the proleptic Gregorian calendar (Howard Hinnant's algorithms).
struct CivilTime {
    var year: Int64
    var month: Int64
    var day: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64
    /// Days since 1970-01-01.
    var daysSinceEpoch: Int64

    /// The fields of `seconds` since the epoch (already shifted by any time zone offset).
    init(seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        daysSinceEpoch = days
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 of a civil date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whether `year` is a leap year.
    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month.
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Day of the year, 0-based.
    var dayOfYear: Int64 {
        daysSinceEpoch - CivilTime.daysFromCivil(year: year, month: 1, day: 1)
    }

    /// Day of the week, 0 = Sunday.
    var dayOfWeek: Int64 {
        let weekday = (daysSinceEpoch + 4) % 7
        return weekday >= 0 ? weekday : weekday + 7
    }
}
