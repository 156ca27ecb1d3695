extension PluginContext {
    /// A list-of-text option (a single text counts as a list of one); nil when absent.
    /// Throws ``PluginError`` when it is something else or lists something that is not text.
    public func stringList(_ option: String) throws -> [String]? {
        switch options[option] {
        case nil, .null?: return nil
        case .string(let text)?: return [text]
        case .list(let values)?:
            return try values.map { value in
                guard let text = value.string else { throw PluginError("option '\(option)' of '\(name)' must list text, not \(value)") }
                return text
            }
        case let other?: throw PluginError("option '\(option)' of '\(name)' must be a list of text, not \(other)")
        }
    }

    /// A number option, `defaultValue` when absent. Throws ``PluginError`` when it is not a
    /// number or falls outside `range`.
    public func number(_ option: String, default defaultValue: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let value = options[option], value != .null else { return defaultValue }
        guard let number = value.number, range.contains(number) else {
            let expected = range.lowerBound == -Double.greatestFiniteMagnitude ? "a number" : "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))"
            throw PluginError("option '\(option)' of '\(name)' is \(value); expected \(expected)")
        }
        return number
    }

    /// A number for messages, without a needless ".0" (`60`, `0.5`).
    public static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
