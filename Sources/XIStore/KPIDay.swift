/// One KPI's tallies over one day of event time, kept in the store so a KPI can be worked out over
/// any window (and as a trend) without keeping the events: windows are sums of days.
///
/// What the tallies mean depends on the KPI's measure: `count` events counted; `total` the sum
/// of their values (or how many held, for a share); `low` and `high` detractors and promoters
/// for NPS, and satisfied answers (`high`) for CSAT.
public struct KPIDay: Sendable, Equatable {
    /// The goal's id.
    public var goal: String
    /// The KPI's metric name.
    public var metric: String
    /// Days since 1970-01-01 (UTC) of the events counted.
    public var day: Int64
    /// Events counted.
    public var count: Double
    /// The sum of their values.
    public var total: Double
    /// Detractors (NPS).
    public var low: Double
    /// Promoters (NPS) or satisfied answers (CSAT).
    public var high: Double

    /// Creates a day's tallies.
    public init(goal: String, metric: String, day: Int64, count: Double = 0, total: Double = 0, low: Double = 0, high: Double = 0) {
        self.goal = goal
        self.metric = metric
        self.day = day
        self.count = count
        self.total = total
        self.low = low
        self.high = high
    }

    /// Adds another day's tallies (of the same goal, metric and day).
    public mutating func add(_ other: KPIDay) {
        count += other.count
        total += other.total
        low += other.low
        high += other.high
    }
}
