import XIExpression
import XIPluginAPI

/// Everything a group of processed batches changes, written in one transaction together with
/// the sources' new checkpoints: after a crash, either all of it is there or none of it is, and
/// the batches are read again.
public struct StoreChanges: Sendable {
    /// Each source's checkpoint after its last batch in the group.
    public var checkpoints: [String: SourceCheckpoint] = [:]
    /// Events that windows or explanations need (those behind evidence).
    public var events = EventLog()
    /// Profile documents to replace, by subject.
    public var profiles: [(subject: Subject, document: String, time: TimestampValue)] = []
    /// Evidence rows to add.
    public var evidence = EvidenceLog()
    /// Insights created or changed: each written once (the latest document).
    public var insights: [InsightRow] = []
    /// Lines to add to insights' histories (opened, priority changed, expired, escalated, acknowledged).
    public var history: [(insight: String, change: String)] = []
    /// Insights escalated in this batch.
    public var escalated: [String] = []
    /// New deliveries (inserted only when their id is new).
    public var deliveries: [Delivery] = []
    /// Insights to add to digests: audience, action, period start (RFC 3339), insight id.
    public var digestItems: [(audience: String, action: String, period: String, insight: String)] = []
    /// Rejected records by source, counted in the run summary.
    public var rejectedCounts: [String: Int] = [:]
    /// Evidence and events older than this second are no window's any more: their chunks are dropped.
    public var forgetBefore: Int64?
    /// Detectors' memory to write: detector (its signal's name), subject, document (nil: forget).
    public var detectorStates: [(detector: String, subject: Subject, document: String?)] = []
    /// KPI tallies to add to the stored days.
    public var kpiDays: [KPIDay] = []
    /// Counts per day to add: series (`source`, `signal`), key, day (since 1970-01-01), count.
    public var dailyCounts: [(series: String, key: String, day: Int64, count: Int)] = []

    /// Ids of events read from sources that may repeat them, by source: remembered so a later
    /// run drops the repeat.
    public var seenEvents: [String: [String]] = [:]

    /// Creates empty changes.
    public init() {}

    /// Whether there is nothing to write.
    public var isEmpty: Bool {
        checkpoints.isEmpty && events.count == 0 && profiles.isEmpty && evidence.count == 0 && insights.isEmpty && history.isEmpty
            && escalated.isEmpty && deliveries.isEmpty && digestItems.isEmpty && rejectedCounts.isEmpty && forgetBefore == nil
            && detectorStates.isEmpty && kpiDays.isEmpty && dailyCounts.isEmpty && seenEvents.isEmpty
    }
}

/// An event kept in the store, read back for `xi explain`, its fields as JSON.
public struct StoredEvent: Sendable {
    /// Its id.
    public var id: String
    /// Its source.
    public var source: String
    /// Its kind.
    public var kind: String
    /// Its primary subject.
    public var subject: String
    /// Its time.
    public var time: TimestampValue
    /// Where it was read.
    public var position: String
    /// Its fields and text, as a JSON object.
    public var document: String

    /// Creates a stored event.
    public init(id: String, source: String, kind: String, subject: String, time: TimestampValue, position: String, document: String) {
        self.id = id
        self.source = source
        self.kind = kind
        self.subject = subject
        self.time = time
        self.position = position
        self.document = document
    }
}

/// One piece of evidence: a signal about a subject counted toward a goal.
public struct EvidenceRow: Sendable, Hashable {
    /// The goal.
    public var goal: String
    /// The subject.
    public var subject: Subject
    /// The signal.
    public var signal: String
    /// The event behind it.
    public var event: String
    /// The event's time.
    public var time: TimestampValue
    /// Weight × strength.
    public var weight: Double

    /// Creates a row.
    public init(goal: String, subject: Subject, signal: String, event: String, time: TimestampValue, weight: Double) {
        self.goal = goal
        self.subject = subject
        self.signal = signal
        self.event = event
        self.time = time
        self.weight = weight
    }
}
