import Foundation
import XIPluginAPI

/// Durations in options: `10s`, `500ms`, `0.5s`, `2m`, `1h`, or a bare number of seconds.
enum DurationOption {
    /// The option's duration in seconds, `defaultValue` when absent; throws ``PluginError`` when it
    /// is not a duration or not above zero (zero allowed when `allowsZero`).
    static func seconds(_ option: String, in context: PluginContext, default defaultValue: Double, allowsZero: Bool = false) throws -> Double {
        guard let value = context.options[option], value != .null else { return defaultValue }
        let seconds: Double?
        switch value {
        case .integer(let number): seconds = Double(number)
        case .number(let number): seconds = number
        case .string: seconds = try context.string(option).flatMap(parse)
        default: seconds = nil
        }
        guard let seconds, seconds.isFinite, seconds > 0 || (allowsZero && seconds == 0) else {
            throw PluginError("option '\(option)' of '\(context.name)' is \(value); expected a duration above zero such as 500ms, 10s or 2m")
        }
        return seconds
    }

    /// Parses `500ms`, `10s`, `0.5s`, `2m`, `1h`, `1d` or a bare number (seconds).
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed) { return number }
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            if let number = Double(trimmed.dropLast(unit.suffix.count)) { return number * unit.seconds }
        }
        return nil
    }
}
