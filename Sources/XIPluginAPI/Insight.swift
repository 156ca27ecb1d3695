import XIExpression

/// What the assessor raises when a subject's weighted evidence for a goal crosses the goal's
/// threshold inside its window. One open insight per goal and subject: new evidence updates it.
public struct Insight: Sendable, Codable {
    /// Stable id: derived from the goal, the subject and the time the insight opened, so a rerun
    /// of the same input derives the same id.
    public var id: String
    /// The goal's id.
    public var goal: String
    /// The goal's objective (`retention`, `consumer_duty`, …).
    public var objective: String
    /// Whom it is about.
    public var subject: Subject
    /// Weighted evidence inside the window.
    public var score: Double
    /// `critical`, `high`, `medium` or `low`, from the goal's priority rules.
    public var priority: String
    /// Its lifecycle state.
    public var status: InsightStatus
    /// Event time it opened.
    public var openedAt: TimestampValue
    /// Event time of its latest evidence.
    public var updatedAt: TimestampValue
    /// The signals and events behind the score.
    public var evidence: [Evidence]
    /// Why it was raised, in a sentence a newcomer understands.
    public var explanation: String
    /// The goal's recommended action.
    public var recommendation: String?
    /// The subject's profile attributes when the insight was last updated (before any lens).
    public var profile: [String: String]

    /// Creates an insight.
    public init(
        id: String, goal: String, objective: String, subject: Subject, score: Double, priority: String,
        status: InsightStatus, openedAt: TimestampValue, updatedAt: TimestampValue, evidence: [Evidence],
        explanation: String, recommendation: String?, profile: [String: String]
    ) {
        self.id = id
        self.goal = goal
        self.objective = objective
        self.subject = subject
        self.score = score
        self.priority = priority
        self.status = status
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.evidence = evidence
        self.explanation = explanation
        self.recommendation = recommendation
        self.profile = profile
    }
}

/// An insight's lifecycle: open → acknowledged → resolved, or expired when its evidence ages out.
public enum InsightStatus: String, Sendable, Codable, CaseIterable {
    /// Raised, not yet acted on.
    case open
    /// Someone took it.
    case acknowledged
    /// Acted on and closed.
    case resolved
    /// Its evidence left the window before anyone acted.
    case expired
}

/// One piece of evidence behind an insight.
public struct Evidence: Sendable, Codable, Hashable {
    /// The signal's name.
    public var signal: String
    /// The event behind it.
    public var event: String
    /// The event's time.
    public var time: TimestampValue
    /// The selector's weight times the signal's strength.
    public var weight: Double

    /// Creates evidence.
    public init(signal: String, event: String, time: TimestampValue, weight: Double) {
        self.signal = signal
        self.event = event
        self.time = time
        self.weight = weight
    }
}
