import XIExpression
import XIPluginAPI

/// Raises its signal when a subject contacts again within a period: the `count`-th contact (by
/// default the second) inside `within` of the earlier ones — across channels, since every event
/// kind the catalogue's `on` lists counts — optionally only contacts with the same value of a
/// field (`same_field: reason`: the same reason again means the first contact did not resolve it).
///
/// It remembers each subject's recent contacts (time, value, event id) in its
/// ``DetectorState``, which the runtime keeps in the store: a repeat that spans two runs is
/// found, and reading the same input again raises nothing new. Events must come in time order
/// per subject for a repeat to be seen; one older than the subject's newest contact counts as at
/// that time.
public struct RepeatContactDetector: Detector {
    /// The signal it raises.
    public var signal: String
    /// The period, in seconds.
    public var within: Int64
    /// Contacts in the period that raise the signal (at least 2).
    public var count: Int
    /// Only contacts with the same value of this field count together, when set.
    public var sameField: String?
    public var eventKinds: Set<String> { [] }

    /// Creates a detector.
    public init(signal: String, within: Int64 = 7 * 86_400, count: Int = 2, sameField: String? = nil) {
        self.signal = signal
        self.within = within
        self.count = max(2, count)
        self.sameField = sameField
    }

    /// One remembered contact.
    struct Contact: Equatable {
        var seconds: Int64
        var value: String
        var event: String
    }

    public func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
        let position = sameField.flatMap { schema.position(of: $0) }
        if sameField != nil && position == nil { return }
        for index in events.indices {
            guard let subject = events[index].subjects.first else { continue }
            let seconds = events[index].time.seconds
            let value = position.map { Self.text(events[index].fields[$0]) } ?? ""
            var memory = state.memory(of: subject, as: Contacts.self)
            // The same event read again (a batch after a crash): nothing new.
            if memory.items.contains(where: { $0.event == events[index].id }) { continue }
            let newest = max(seconds, memory.items.last?.seconds ?? seconds)
            memory.items.removeAll { $0.seconds <= newest - within }
            memory.items.append(Contact(seconds: newest, value: value, event: events[index].id))
            let same = memory.items.filter { $0.value == value }
            if same.count >= count {
                let strength = min(1, Double(same.count - 1) / Double(count))
                signals.append(Signal(
                    name: signal, subject: subject, time: events[index].time, strength: max(strength, 0.5),
                    evidence: same.suffix(count).map(\.event)))
            }
            state.setMemory(memory, of: subject)
        }
    }

    /// A subject's recent contacts, kept decoded between events (see ``DetectorMemory``).
    struct Contacts: DetectorMemory {
        var items: [Contact]

        init(document: String?) { items = RepeatContactDetector.decode(document) }

        var document: String? { RepeatContactDetector.encode(items) }
    }

    /// A field's value as text, for comparing contacts.
    static func text(_ value: Value?) -> String {
        switch value {
        case .string(let text)?: text
        case nil: ""
        case let other?: other.celLiteral
        }
    }

    /// Contacts as a document: one per line, `seconds<TAB>value<TAB>event` (tabs and line
    /// breaks in values and ids read as spaces).
    static func encode(_ contacts: [Contact]) -> String? {
        guard !contacts.isEmpty else { return nil }
        func clean(_ text: String) -> String {
            text.contains(where: { $0 == "\t" || $0 == "\n" }) ? String(text.map { $0 == "\t" || $0 == "\n" ? " " : $0 }) : text
        }
        return contacts.map { "\($0.seconds)\t\(clean($0.value))\t\(clean($0.event))" }.joined(separator: "\n")
    }

    /// The contacts of a document (a damaged line is skipped).
    static func decode(_ document: String?) -> [Contact] {
        guard let document, !document.isEmpty else { return [] }
        return document.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let seconds = Int64(parts[0]) else { return nil }
            return Contact(seconds: seconds, value: String(parts[1]), event: String(parts[2]))
        }
    }
}
