import XIExpression
import XIPluginAPI

/// Scores the sentiment of each event's text (or of a named text field) from -1 to 1, and
/// raises its signal when the score reaches the threshold in the configured direction: for
/// `polarity: negative` and `threshold: 0.6`, a score of -0.6 or below, with strength 0.6 or more.
///
/// Stateless: each event is scored alone.
public struct SentimentDetector: Detector {
    /// Which sentiment raises the signal.
    public enum Polarity: String, Sendable {
        case negative, positive
    }

    /// The signal it raises (the catalogue's name for it).
    public var signal: String
    /// How it scores text.
    public var scorer: SentimentScorer
    /// Which direction raises the signal.
    public var polarity: Polarity
    /// The least strength (the score's size, 0 to 1) that raises it.
    public var threshold: Double
    /// The text field read instead of the event's text, when set.
    public var field: String?
    /// Every kind with text: the catalogue's `on` picks which kinds it sees.
    public var eventKinds: Set<String> { [] }
    /// Each event is scored alone.
    public var remembersSubjects: Bool { false }

    /// Creates a detector.
    public init(signal: String, scorer: SentimentScorer, polarity: Polarity = .negative, threshold: Double = 0.5, field: String? = nil) {
        self.signal = signal
        self.scorer = scorer
        self.polarity = polarity
        self.threshold = threshold
        self.field = field
    }

    public func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
        let position = field.flatMap { schema.position(of: $0) }
        if field != nil && position == nil { return }
        // By index: a whole event is never copied.
        for index in events.indices {
            guard !events[index].subjects.isEmpty else { continue }
            guard let text = Self.text(fields: events[index].fields, text: events[index].text, at: position), !text.isEmpty else { continue }
            let score = scorer.score(text)
            let strength = polarity == .negative ? -score : score
            guard strength > 0, strength >= threshold else { continue }
            signals.append(Signal(name: signal, subject: events[index].subjects[0], time: events[index].time, strength: strength, evidence: [events[index].id]))
        }
    }

    public func analyze(_ event: Event, schema: EventSchema) -> [(name: String, value: Value)]? {
        let position = field.flatMap { schema.position(of: $0) }
        guard let text = Self.text(fields: event.fields, text: event.text, at: position) else { return nil }
        return [("sentiment", .double((scorer.score(text) * 1000).rounded() / 1000))]
    }

    /// The text scored: the field at `position` when it is text (nil when it is not), or the
    /// event's `text` when no field is named.
    static func text(fields: [Value?], text: String?, at position: Int?) -> String? {
        guard let position else { return text }
        if case .string(let field)? = fields[position] { return field }
        return nil
    }
}
