import Foundation

extension PluginContext {
    /// A duration option in seconds, `defaultValue` when absent: `500ms`, `10s`, `0.5s`, `2m`,
    /// `1h`, `7d` or a bare number of seconds. Throws ``PluginError`` when it is not a duration
    /// or not above zero (zero allowed when `allowsZero`).
    public func seconds(_ option: String, default defaultValue: Double, allowsZero: Bool = false) throws -> Double {
        guard let value = options[option], value != .null else { return defaultValue }
        let seconds: Double?
        switch value {
        case .integer(let number): seconds = Double(number)
        case .number(let number): seconds = number
        case .string: seconds = try string(option).flatMap(Self.parseDuration)
        default: seconds = nil
        }
        guard let seconds, seconds.isFinite, seconds > 0 || (allowsZero && seconds == 0) else {
            throw PluginError("option '\(option)' of '\(name)' is \(value); expected a duration above zero such as 500ms, 10s, 2m or 7d")
        }
        return seconds
    }

    /// Parses `500ms`, `10s`, `0.5s`, `2m`, `1h`, `1d` or a bare number (seconds).
    public static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed) { return number }
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            if let number = Double(trimmed.dropLast(unit.suffix.count)) { return number * unit.seconds }
        }
        return nil
    }
}
