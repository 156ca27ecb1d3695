import Foundation

/// CEL's timestamp and duration accessors: `getFullYear`, `getMonth` (0-based), `getDate` (1-based),
/// `getDayOfMonth` (0-based), `getDayOfWeek` (0 = Sunday), `getDayOfYear` (0-based), `getHours`,
/// `getMinutes`, `getSeconds`, `getMilliseconds`; timestamps take an optional time zone
/// (`'UTC'`, `'+01:00'`, or an IANA name such as `'Europe/London'`).
enum TimeFunctions {
    /// The UTC offset in seconds of `zone` at `timestamp`.
    static func offset(of zone: String, at timestamp: TimestampValue) throws(EvaluationError) -> Int64 {
        if zone == "UTC" || zone == "Z" || zone == "GMT" { return 0 }
        let bytes = Array(zone.utf8)
        if bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
           let hours = Int64(String(decoding: bytes[1...2], as: UTF8.self)),
           let minutes = Int64(String(decoding: bytes[4...5], as: UTF8.self)) {
            let offset = hours * 3600 + minutes * 60
            return bytes[0] == UInt8(ascii: "-") ? -offset : offset
        }
        guard let timeZone = TimeZone(identifier: zone) else {
            throw EvaluationError("unknown time zone '\(zone)'")
        }
        return Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(timestamp.seconds))))
    }

    static func accessor(_ name: String, _ target: Value, zone: Value?) throws(EvaluationError) -> Value {
        switch target {
        case .timestamp(let timestamp):
            var shift: Int64 = 0
            if let zone {
                guard case .string(let zoneName) = zone else { throw EvaluationError.noOverload(name, [target, zone]) }
                shift = try offset(of: zoneName, at: timestamp)
            }
            let fields = CivilTime(seconds: timestamp.seconds + shift)
            switch name {
            case "getFullYear": return .int(fields.year)
            case "getMonth": return .int(fields.month - 1)
            case "getDate": return .int(fields.day)
            case "getDayOfMonth": return .int(fields.day - 1)
            case "getDayOfWeek": return .int(fields.dayOfWeek)
            case "getDayOfYear": return .int(fields.dayOfYear)
            case "getHours": return .int(fields.hour)
            case "getMinutes": return .int(fields.minute)
            case "getSeconds": return .int(fields.second)
            case "getMilliseconds": return .int(Int64(timestamp.nanoseconds) / 1_000_000)
            default: break
            }
        case .duration(let duration) where zone == nil:
            switch name {
            case "getHours": return .int(duration.seconds / 3600)
            case "getMinutes": return .int(duration.seconds / 60)
            case "getSeconds": return .int(duration.seconds)
            case "getMilliseconds": return .int(duration.seconds * 1000 + Int64(duration.nanoseconds) / 1_000_000)
            default: break
            }
        default: break
        }
        throw EvaluationError.noOverload(name, zone.map { [target, $0] } ?? [target])
    }
}
