import XIExpression

/// A named, timed observation about a subject, with a strength and the events behind it.
public struct Signal: Sendable, Codable {
    /// The signal's name in the catalogue (`detractor`, `complaint`, `negative_sentiment`, …).
    public var name: String
    /// Whom it is about.
    public var subject: Subject
    /// When it was observed (its latest evidence's event time).
    public var time: TimestampValue
    /// How strong it is, 0 to 1 (1 for a plain condition that holds).
    public var strength: Double
    /// The ids of the events behind it.
    public var evidence: [String]

    /// Creates a signal.
    public init(name: String, subject: Subject, time: TimestampValue, strength: Double = 1, evidence: [String]) {
        self.name = name
        self.subject = subject
        self.time = time
        self.strength = strength
        self.evidence = evidence
    }
}
