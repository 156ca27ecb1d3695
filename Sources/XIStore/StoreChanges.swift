import XIExpression
import XIPluginAPI

/// Everything one processed batch changes, written in one transaction together with the
/// source's new checkpoint: after a crash, either all of it is there or none of it is, and the
/// batch is read again.
public struct StoreChanges: Sendable {
    /// The source whose batch this is.
    public var source: String
    /// Its checkpoint after the batch.
    public var checkpoint: SourceCheckpoint?
    /// Events that windows or explanations need (those behind evidence).
    public var events: [StoredEvent] = []
    /// Profile documents to replace, by subject.
    public var profiles: [(subject: Subject, document: String, time: TimestampValue)] = []
    /// Evidence rows to add.
    public var evidence: [EvidenceRow] = []
    /// Insights created or changed: each written once (the latest document).
    public var insights: [Insight] = []
    /// Lines to add to insights' histories (opened, priority changed, expired, escalated, acknowledged).
    public var history: [(insight: String, change: String)] = []
    /// Insights escalated in this batch.
    public var escalated: [String] = []
    /// New deliveries (inserted only when their id is new).
    public var deliveries: [Delivery] = []
    /// Insights to add to digests: audience, action, period start (RFC 3339), insight id.
    public var digestItems: [(audience: String, action: String, period: String, insight: String)] = []
    /// Rejected records, counted in the run summary.
    public var rejectedCount = 0

    /// Creates empty changes for `source`.
    public init(source: String, checkpoint: SourceCheckpoint?) {
        self.source = source
        self.checkpoint = checkpoint
    }
}

/// An event kept in the store, as JSON, for windows and `xi explain`.
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
    /// The subject, `kind:id`.
    public var subject: String
    /// The signal.
    public var signal: String
    /// The event behind it.
    public var event: String
    /// The event's time.
    public var time: TimestampValue
    /// Weight × strength.
    public var weight: Double

    /// Creates a row.
    public init(goal: String, subject: String, signal: String, event: String, time: TimestampValue, weight: Double) {
        self.goal = goal
        self.subject = subject
        self.signal = signal
        self.event = event
        self.time = time
        self.weight = weight
    }
}
