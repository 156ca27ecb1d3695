/// A length of time written as a number and a unit: `30d`, `24h`, `15m`, `90s`, `2w`.
public struct TimeSpan: Sendable, Hashable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Int
    /// The text it was written as.
    public var text: String

    /// Parses `30d`, `24h`, `15m`, `90s` or `2w` (a whole number, then one unit letter).
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count >= 0 else { return nil }
        let multiplier: Int
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3_600
        case "d": multiplier = 86_400
        case "w": multiplier = 604_800
        default: return nil
        }
        let (product, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        self.seconds = product
        self.text = trimmed
    }

    /// Creates a span of `seconds`, written as seconds.
    public init(seconds: Int) {
        self.seconds = seconds
        self.text = "\(seconds)s"
    }

    /// The text it was written as.
    public var description: String { text }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
