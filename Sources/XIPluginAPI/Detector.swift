import XIExpression

/// A detector derives signals from events: sentiment from text, repeat contact from a subject's
/// history, effort from waits and transfers.
///
/// It sees a whole batch at once (no per-record call across module or `await` boundaries) and
/// keeps what it must remember about subjects in ``DetectorState``, which the runtime stores.
public protocol Detector: Sendable {
    /// The event kinds the detector reads; others are never passed to it.
    var eventKinds: Set<String> { get }

    /// Whether it keeps memory about subjects in ``DetectorState``. One that does not (false)
    /// sees each batch alone, and the runtime may run it on another thread while earlier
    /// batches are processed. Defaults to true.
    var remembersSubjects: Bool { get }

    /// Appends to `signals` what the `events` show. `state` is this detector's per-subject memory.
    func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal])

    /// What the detector makes of one event, as named results (a sentiment score, the
    /// vulnerability drivers found), for `xi analyze` and outside checks; nil when it has nothing
    /// to say. It never changes state: a stateful detector answers for the event alone.
    func analyze(_ event: Event, schema: EventSchema) -> [(name: String, value: Value)]?
}

extension Detector {
    /// Remembers subjects, unless the detector says otherwise.
    public var remembersSubjects: Bool { true }

    /// Says nothing beyond the detector's signals.
    public func analyze(_ event: Event, schema: EventSchema) -> [(name: String, value: Value)]? { nil }
}

/// A detector's memory per subject, as small JSON-encodable documents, kept in the store.
public struct DetectorState: Sendable {
    /// Subject → the detector's document for it.
    public var subjects: [Subject: String]

    /// Creates state.
    public init(subjects: [Subject: String] = [:]) {
        self.subjects = subjects
    }
}
