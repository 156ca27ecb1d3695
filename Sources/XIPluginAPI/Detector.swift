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

/// A detector's memory about one subject as a value: decoded once from its stored document, kept
/// decoded while the run goes on, and encoded only when the runtime takes the changes to commit
/// them. Use it through ``DetectorState/memory(of:as:)`` and ``DetectorState/setMemory(_:of:)``.
public protocol DetectorMemory: Sendable {
    /// The memory a stored document holds (nil: nothing remembered yet).
    init(document: String?)
    /// The document to store; nil forgets the subject.
    var document: String? { get }
}

/// A detector's memory per subject, as small text documents, kept in the store: committed with
/// the batches that changed it, and given back when the next run starts.
///
/// Change it through the subscript (text), or through ``memory(of:as:)`` and
/// ``setMemory(_:of:)`` (a ``DetectorMemory`` value, encoded only at commits: cheaper when a
/// subject is seen often). The runtime writes only the subjects changed since the last commit. A
/// document of nil forgets the subject.
public struct DetectorState: Sendable {
    /// Subject → document, for subjects whose memory is not held as a value.
    private var documents: [Subject: String]
    /// Subject → memory held as a value.
    private var values: [Subject: any DetectorMemory] = [:]
    /// Subjects changed since the runtime last took the changes.
    public private(set) var changed: Set<Subject> = []

    /// Creates state.
    public init(subjects: [Subject: String] = [:]) {
        documents = subjects
    }

    /// Subject → the detector's document for it (memory held as values encoded).
    public var subjects: [Subject: String] {
        var all = documents
        for (subject, value) in values { all[subject] = value.document }
        return all
    }

    /// The document kept for `subject`; setting it (nil forgets the subject) marks it changed.
    public subscript(subject: Subject) -> String? {
        get { values[subject].map(\.document) ?? documents[subject] }
        set {
            values[subject] = nil
            documents[subject] = newValue
            changed.insert(subject)
        }
    }

    /// The memory kept for `subject` as a `Memory` value (decoded from its document the first time).
    public func memory<Memory: DetectorMemory>(of subject: Subject, as type: Memory.Type = Memory.self) -> Memory {
        if let value = values[subject] as? Memory { return value }
        return Memory(document: values[subject]?.document ?? documents[subject])
    }

    /// Keeps `memory` for `subject`, marking it changed; it is encoded when the changes are taken.
    public mutating func setMemory<Memory: DetectorMemory>(_ memory: Memory, of subject: Subject) {
        values[subject] = memory
        documents[subject] = nil
        changed.insert(subject)
    }

    /// The changed subjects with their documents (nil: forgotten), clearing the marks.
    public mutating func takeChanges() -> [(subject: Subject, document: String?)] {
        defer { changed.removeAll(keepingCapacity: true) }
        return changed.map { subject in
            guard let value = values[subject] else { return (subject, documents[subject]) }
            let document = value.document
            if document == nil { values[subject] = nil }  // forgotten: hold nothing for it
            return (subject, document)
        }
    }
}
