/// A field of an insight that a lens may name (see docs/goals.md), resolved once from its name so
/// writing a delivery looks nothing up by text.
enum InsightField: Equatable {
    case id, goal, goalName, objective, priority, score, count, status, explanation, recommend, time
    case subjectKind, subjectID, signals, windowStart, windowEnd
    case evidenceSummary, evidenceSignals, evidenceEvents, evidenceText
    /// `profile.<name>`.
    case profile(String)
    /// A name no insight has: never present.
    case unknown

    /// The field a lens names.
    init(name: String) {
        switch name {
        case "id": self = .id
        case "goal": self = .goal
        case "goal_name": self = .goalName
        case "objective": self = .objective
        case "priority": self = .priority
        case "score": self = .score
        case "count": self = .count
        case "status": self = .status
        case "explanation": self = .explanation
        case "recommend": self = .recommend
        case "time": self = .time
        case "subject.kind": self = .subjectKind
        case "subject.id": self = .subjectID
        case "signals": self = .signals
        case "window.start": self = .windowStart
        case "window.end": self = .windowEnd
        case "evidence.summary": self = .evidenceSummary
        case "evidence.signals": self = .evidenceSignals
        case "evidence.events": self = .evidenceEvents
        case "evidence.text": self = .evidenceText
        default: self = name.hasPrefix("profile.") ? .profile(String(name.dropFirst("profile.".count))) : .unknown
        }
    }

}
