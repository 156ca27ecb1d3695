/// What a run did, for the summary `xi run` prints.
public struct RunSummary: Sendable {
    /// Events read, by source.
    public var eventsRead: [String: Int] = [:]
    /// Records rejected (sent to the dead-letter file), by source.
    public var rejected: [String: Int] = [:]
    /// Signals observed, by name.
    public var signals: [String: Int] = [:]
    /// Insights opened in this run, by goal and priority.
    public var insightsOpened: [String: [String: Int]] = [:]
    /// Insights updated (new evidence) in this run.
    public var insightsUpdated = 0
    /// Insights expired in this run.
    public var insightsExpired = 0
    /// Deliveries created in this run, by audience.
    public var deliveriesCreated: [String: Int] = [:]
    /// Deliveries delivered in this run, by audience.
    public var delivered: [String: Int] = [:]
    /// Deliveries still pending after the run, by audience, with the last reason.
    public var pending: [String: (count: Int, reason: String?)] = [:]
    /// Deliveries refused by their receiver, by audience.
    public var failed: [String: Int] = [:]
    /// Escalations made.
    public var escalations = 0
    /// Warnings worth a reader's attention (signals whose detector is not available, …).
    public var warnings: [String] = []
    /// Sources given up in this run (their plugin failed, a file became unreadable), with why.
    /// What they read before is kept; the next run starts them from their last checkpoint.
    public var failedSources: [String: String] = [:]
    /// Dead-letter files written, by source.
    public var deadLetterFiles: [String: String] = [:]
    /// Seconds the run took.
    public var seconds: Double = 0
    /// Seconds spent in each part of the run (reading, signals, insights, store, delivery).
    public var phases: [(name: String, seconds: Double)] = []

    /// Creates an empty summary.
    public init() {}
}
