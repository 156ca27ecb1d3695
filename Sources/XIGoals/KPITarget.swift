/// A KPI's target, written as a comparison and a value: `"< 5%"`, `">= 40"`, `"== 0"`.
public struct KPITarget: Sendable, Hashable, CustomStringConvertible {
    /// How the measured value is compared with the target value.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        /// Below the value.
        case lessThan = "<"
        /// At most the value.
        case lessThanOrEqual = "<="
        /// Above the value.
        case greaterThan = ">"
        /// At least the value.
        case greaterThanOrEqual = ">="
        /// Exactly the value.
        case equal = "=="
        /// Anything but the value.
        case notEqual = "!="
    }

    /// The comparison.
    public var comparison: Comparison
    /// The value compared with; for a percentage, the number before `%` (5 for `5%`).
    public var value: Double
    /// Whether the value was written as a percentage.
    public var isPercentage: Bool

    /// Creates a target.
    public init(comparison: Comparison, value: Double, isPercentage: Bool) {
        self.comparison = comparison
        self.value = value
        self.isPercentage = isPercentage
    }

    /// Parses `< 5%`, `>= 40`, `<=0.2`, `== 0`, `!= 3`.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingSpaces())
        var found: Comparison?
        for comparison in [Comparison.lessThanOrEqual, .greaterThanOrEqual, .equal, .notEqual, .lessThan, .greaterThan]
        where rest.hasPrefix(comparison.rawValue) {
            found = comparison
            rest = rest.dropFirst(comparison.rawValue.count)
            break
        }
        guard let comparison = found else { return nil }
        var number = String(rest).trimmingSpaces()
        var isPercentage = false
        if number.hasSuffix("%") {
            isPercentage = true
            number = String(number.dropLast()).trimmingSpaces()
        }
        guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
        self.init(comparison: comparison, value: value, isPercentage: isPercentage)
    }

    /// Whether `measured` meets the target (for a percentage, `measured` is in percent).
    public func isMet(by measured: Double) -> Bool {
        switch comparison {
        case .lessThan: measured < value
        case .lessThanOrEqual: measured <= value
        case .greaterThan: measured > value
        case .greaterThanOrEqual: measured >= value
        case .equal: measured == value
        case .notEqual: measured != value
        }
    }

    /// `< 5%`.
    public var description: String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return "\(comparison.rawValue) \(number)\(isPercentage ? "%" : "")"
    }
}
