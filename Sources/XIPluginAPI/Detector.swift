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

/// A detector's memory per subject, as small text documents, kept in the store: committed with
/// the batches that changed it, and given back when the next run starts.
///
/// Change it through the subscript: the runtime writes only the subjects changed since the last
/// commit. A document of nil forgets the subject.
public struct DetectorState: Sendable {
    /// Subject → the detector's document for it.
    public private(set) var subjects: [Subject: String]
    /// Subjects changed since the runtime last took the changes.
    public private(set) var changed: Set<Subject> = []

    /// Creates state.
    public init(subjects: [Subject: String] = [:]) {
        self.subjects = subjects
    }

    /// The document kept for `subject`; setting it (nil forgets the subject) marks it changed.
    public subscript(subject: Subject) -> String? {
        get { subjects[subject] }
        set {
            subjects[subject] = newValue
            changed.insert(subject)
        }
    }

    /// The changed subjects with their documents (nil: forgotten), clearing the marks.
    public mutating func takeChanges() -> [(subject: Subject, document: String?)] {
        defer { changed.removeAll(keepingCapacity: true) }
        return changed.map { ($0, subjects[$0]) }
    }
}
