import XIExpression

extension EventBuilder {
    /// How a source writes times, read without Foundation's date formatters (it runs per record).
    ///
    /// - `rfc3339` (also `iso8601`): `2026-03-01T10:15:00Z`, `2026-03-01T10:15:00.250+01:00`,
    ///   `2026-03-01 10:15:00` (no offset: UTC), or a date alone, `2026-03-01` (midnight UTC).
    /// - `unix`: seconds since 1970 (a number or numeric text, fractions allowed).
    /// - `unix_ms`: milliseconds since 1970.
    /// - a pattern read as UTC: `yyyy` year, `MM`/`M` month, `dd`/`d` day, `HH`/`H` hour,
    ///   `mm` minute, `ss` second, `S…` fraction of a second, `XXX` or `Z` an offset (`Z`,
    ///   `+01:00`, `+0100`), text in single quotes literally, any other character literally.
    ///   Example: `yyyy-MM-dd HH:mm:ss`, `dd/MM/yyyy`.
    public struct TimeFormat: Sendable, CustomStringConvertible {
        enum Kind: Sendable {
            case rfc3339
            case unixSeconds
            case unixMilliseconds
            case pattern([Token])
        }

        enum Token: Sendable, Equatable {
            case year
            case month(fixed: Bool)
            case day(fixed: Bool)
            case hour(fixed: Bool)
            case minute
            case second
            case fraction
            case offset
            case literal(UInt8)
        }

        let kind: Kind
        /// The format as written.
        public let description: String

        /// Reads a format: `rfc3339`, `iso8601`, `unix`, `unix_ms` or a pattern.
        /// Throws ``PluginError`` for a pattern without a year, a month and a day.
        public init(_ text: String) throws(PluginError) {
            description = text
            switch text.lowercased() {
            case "rfc3339", "iso8601", "iso 8601", "rfc 3339": kind = .rfc3339
            case "unix", "unix_s", "epoch": kind = .unixSeconds
            case "unix_ms", "epoch_ms": kind = .unixMilliseconds
            default:
                let tokens = Self.tokens(text)
                guard tokens.contains(.year), tokens.contains(where: { if case .month = $0 { true } else { false } }),
                      tokens.contains(where: { if case .day = $0 { true } else { false } })
                else {
                    throw PluginError("time format '\(text)' is not rfc3339, unix, unix_ms or a pattern with yyyy, MM and dd (such as 'yyyy-MM-dd HH:mm:ss')")
                }
                kind = .pattern(tokens)
            }
        }

        private static func tokens(_ pattern: String) -> [Token] {
            let bytes = Array(pattern.utf8)
            var tokens: [Token] = []
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var run = 1
                while index + run < bytes.count && bytes[index + run] == byte { run += 1 }
                switch byte {
                case UInt8(ascii: "y"): tokens.append(.year)
                case UInt8(ascii: "M"): tokens.append(.month(fixed: run >= 2))
                case UInt8(ascii: "d"): tokens.append(.day(fixed: run >= 2))
                case UInt8(ascii: "H"): tokens.append(.hour(fixed: run >= 2))
                case UInt8(ascii: "m"): tokens.append(.minute)
                case UInt8(ascii: "s"): tokens.append(.second)
                case UInt8(ascii: "S"): tokens.append(.fraction)
                case UInt8(ascii: "X"), UInt8(ascii: "Z"): tokens.append(.offset)
                case UInt8(ascii: "'"):
                    var end = index + 1
                    while end < bytes.count && bytes[end] != UInt8(ascii: "'") {
                        tokens.append(.literal(bytes[end]))
                        end += 1
                    }
                    index = end + 1
                    continue
                default:
                    for _ in 0..<run { tokens.append(.literal(byte)) }
                }
                index += run
            }
            return tokens
        }

        /// The time a raw value holds in this format, or nil.
        public func timestamp(_ raw: RecordValue) -> TimestampValue? {
            switch raw {
            case .text(let text), .string(let text): return parse(text)
            case .int(let number):
                switch kind {
                case .unixSeconds: return TimestampValue(seconds: number)
                case .unixMilliseconds:
                    let (seconds, milliseconds) = number.quotientAndRemainder(dividingBy: 1000)
                    return milliseconds >= 0
                        ? TimestampValue(seconds: seconds, nanoseconds: milliseconds * 1_000_000)
                        : TimestampValue(seconds: seconds - 1, nanoseconds: (milliseconds + 1000) * 1_000_000)
                default: return nil
                }
            case .double(let number):
                switch kind {
                case .unixSeconds: return Self.fromSeconds(number)
                case .unixMilliseconds: return Self.fromSeconds(number / 1000)
                default: return nil
                }
            default: return nil
            }
        }

        /// Parses text in this format.
        public func parse(_ text: String) -> TimestampValue? {
            var text = text
            return text.withUTF8 { bytes in parse(bytes) }
        }

        /// Parses the UTF-8 text of a time in this format, where it lies.
        func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> TimestampValue? {
            switch kind {
            case .rfc3339: return Self.parseRFC3339(bytes)
            case .unixSeconds:
                let text = String(decoding: bytes, as: UTF8.self)
                if let number = Int64(text) { return TimestampValue(seconds: number) }
                return Double(text).flatMap(Self.fromSeconds)
            case .unixMilliseconds:
                let text = String(decoding: bytes, as: UTF8.self)
                if let number = Int64(text) { return timestamp(.int(number)) }
                return Double(text).flatMap { Self.fromSeconds($0 / 1000) }
            case .pattern(let tokens): return Self.parse(bytes, tokens: tokens)
            }
        }

        private static func fromSeconds(_ seconds: Double) -> TimestampValue? {
            guard seconds.isFinite, abs(seconds) < 3e11 else { return nil }
            let whole = seconds.rounded(.down)
            return TimestampValue(seconds: Int64(whole), nanoseconds: Int64(((seconds - whole) * 1e9).rounded()))
        }

        /// RFC 3339, leniently: a date alone, a space for `T`, and no offset (UTC) are accepted.
        static func parseRFC3339(_ bytes: UnsafeBufferPointer<UInt8>) -> TimestampValue? {
            var reader = DigitReader(bytes: bytes)
            guard let year = reader.digits(4), reader.expect(UInt8(ascii: "-")), let month = reader.digits(2),
                  reader.expect(UInt8(ascii: "-")), let day = reader.digits(2)
            else { return nil }
            var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, nanoseconds: Int64 = 0, offset: Int64 = 0
            if !reader.atEnd {
                guard reader.expect(UInt8(ascii: "T")) || reader.expect(UInt8(ascii: "t")) || reader.expect(UInt8(ascii: " ")),
                      let readHour = reader.digits(2), reader.expect(UInt8(ascii: ":")), let readMinute = reader.digits(2)
                else { return nil }
                hour = readHour
                minute = readMinute
                if reader.expect(UInt8(ascii: ":")) {
                    guard let readSecond = reader.digits(2) else { return nil }
                    second = readSecond
                    if reader.expect(UInt8(ascii: ".")) || reader.expect(UInt8(ascii: ",")) {
                        guard let fraction = reader.fraction() else { return nil }
                        nanoseconds = fraction
                    }
                }
                if !reader.atEnd {
                    guard let readOffset = reader.offset() else { return nil }
                    offset = readOffset
                }
            }
            guard reader.atEnd else { return nil }
            return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanoseconds: nanoseconds, offset: offset)
        }

        static func parse(_ bytes: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> TimestampValue? {
            var reader = DigitReader(bytes: bytes)
            var year: Int64 = 1970, month: Int64 = 1, day: Int64 = 1, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
            var nanoseconds: Int64 = 0, offset: Int64 = 0
            for token in tokens {
                switch token {
                case .year: guard let value = reader.digits(4) else { return nil }; year = value
                case .month(let fixed): guard let value = fixed ? reader.digits(2) : reader.digits(1, upTo: 2) else { return nil }; month = value
                case .day(let fixed): guard let value = fixed ? reader.digits(2) : reader.digits(1, upTo: 2) else { return nil }; day = value
                case .hour(let fixed): guard let value = fixed ? reader.digits(2) : reader.digits(1, upTo: 2) else { return nil }; hour = value
                case .minute: guard let value = reader.digits(2) else { return nil }; minute = value
                case .second: guard let value = reader.digits(2) else { return nil }; second = value
                case .fraction: guard let value = reader.fraction() else { return nil }; nanoseconds = value
                case .offset: guard let value = reader.offset() else { return nil }; offset = value
                case .literal(let byte): guard reader.expect(byte) else { return nil }
                }
            }
            guard reader.atEnd else { return nil }
            return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanoseconds: nanoseconds, offset: offset)
        }

        private static func make(
            year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, nanoseconds: Int64, offset: Int64
        ) -> TimestampValue? {
            guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
                  hour < 24, minute < 60, second < 61
            else { return nil }
            let days = daysFromCivil(year: year, month: month, day: day)
            return TimestampValue(seconds: days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset, nanoseconds: nanoseconds)
        }

        /// Days since 1970-01-01 (Howard Hinnant's algorithm).
        static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
            let adjustedYear = month <= 2 ? year - 1 : year
            let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
            let yearOfEra = adjustedYear - era * 400
            let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

        private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
            switch month {
            case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
    }
}

/// Reads digits and punctuation from the bytes of a time.
private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int64? { digits(count, upTo: count) }

    mutating func digits(_ minimum: Int, upTo maximum: Int) -> Int64? {
        var value: Int64 = 0
        var read = 0
        while read < maximum, index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            value = value * 10 + Int64(bytes[index] - 48)
            index += 1
            read += 1
        }
        return read >= minimum ? value : nil
    }

    /// Fraction digits after the separator, as nanoseconds.
    mutating func fraction() -> Int64? {
        var value: Int64 = 0
        var read = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            if read < 9 { value = value * 10 + Int64(bytes[index] - 48) }
            index += 1
            read += 1
        }
        guard read > 0 else { return nil }
        for _ in read..<max(read, 9) { value *= 10 }
        return value
    }

    /// `Z`, `+01:00`, `+0100`, `-05`: seconds east of UTC.
    mutating func offset() -> Int64? {
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) { return 0 }
        let sign: Int64
        if expect(UInt8(ascii: "+")) { sign = 1 } else if expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let hours = digits(2), hours < 24 else { return nil }
        var minutes: Int64 = 0
        if expect(UInt8(ascii: ":")) {
            guard let value = digits(2) else { return nil }
            minutes = value
        } else if let value = digits(2) {
            minutes = value
        }
        guard minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
