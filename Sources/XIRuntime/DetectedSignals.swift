import XIPluginAPI

/// The signals detectors raised on a batch, placed on its events: each signal on the last of its
/// evidence events that is in the batch (a signal whose evidence is all elsewhere is dropped).
struct DetectedSignals: Sendable {
    /// One raised signal: its number, strength and subject.
    struct Raised: Sendable {
        let signal: Int
        let strength: Double
        let subject: Subject
    }

    /// Per event position, the signals raised on it; empty when no detector raised any.
    private(set) var perEvent: [[Raised]] = []

    /// The declarative signals the batch raised, when they were matched as it was read ahead
    /// (see ``MatchedSignals``); nil: the engine matches them.
    var declarative: MatchedSignals?

    /// Whether no detector raised a signal.
    var isEmpty: Bool { perEvent.isEmpty }

    /// Runs the detectors that remember nothing (``Detector/remembersSubjects`` false) over a
    /// batch of `schema`'s events: safe on any thread, so it runs while the batch is read ahead.
    static func stateless(_ events: [Event], schema: EventSchema, pipeline: Pipeline) -> DetectedSignals {
        var detected = DetectedSignals()
        var raised: [Signal] = []
        for entry in pipeline.detectors where !entry.detector.remembersSubjects && entry.reads(schema.kind) {
            raised.removeAll(keepingCapacity: true)
            var state = DetectorState()
            entry.detector.detect(events, schema: schema, state: &state, into: &raised)
            detected.place(raised, signal: entry.signal, events: events)
        }
        return detected
    }

    /// Places `raised` (signal number `signal`) on `events`.
    mutating func place(_ raised: [Signal], signal: Int, events: [Event]) {
        guard !raised.isEmpty else { return }
        if perEvent.isEmpty { perEvent = Array(repeating: [], count: events.count) }
        // Detectors mostly raise signals in event order: look just ahead of the last one first.
        var cursor = 0
        var positions: [String: Int]?
        for item in raised {
            var found: Int?
            for id in item.evidence.reversed() {
                if cursor < events.count, events[cursor].id == id { found = cursor; break }
                if cursor + 1 < events.count, events[cursor + 1].id == id { found = cursor + 1; break }
                if positions == nil {
                    positions = Dictionary(events.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
                }
                if let position = positions?[id] { found = position; break }
            }
            guard let found else { continue }
            cursor = found
            perEvent[found].append(Raised(signal: signal, strength: item.strength, subject: item.subject))
        }
    }
}
