/// An insight's priority, from most to least urgent.
public enum Priority: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Act now.
    case critical
    /// Act today.
    case high
    /// Act this week.
    case medium
    /// Act when convenient; the priority when no rule holds.
    case low

    /// Rank: critical is 0, low is 3.
    public var rank: Int { Priority.allCases.firstIndex(of: self)! }

    /// More urgent is smaller: `.critical < .low`.
    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
