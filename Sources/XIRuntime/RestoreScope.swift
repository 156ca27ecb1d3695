import XIPluginAPI

/// What of the stored state a ``RunEngine`` restores: everything, for a run to go on from, or the
/// windows and profiles of a few goals and subjects, for reading some insights as they stand now
/// (`xi explain`, `xi ack`, `xi resolve`, calibration) without the cost of a whole restore.
struct RestoreScope {
    /// The goals (ids) whose windows and insights are restored; nil: every goal.
    var goals: Set<String>?
    /// The subjects whose windows, insights and profiles are restored; nil: every subject.
    var subjects: Set<Subject>?

    /// Everything: what a run goes on from (detectors' memory included).
    static let everything = RestoreScope(goals: nil, subjects: nil)

    /// Whether nothing is left out.
    var isEverything: Bool { goals == nil && subjects == nil }

    /// Whether the window of `goal` × `subject` is restored.
    func includes(goal: String, subject: Subject) -> Bool {
        (goals?.contains(goal) ?? true) && (subjects?.contains(subject) ?? true)
    }

    /// Whether the profile of `subject` is restored.
    func includes(subject: Subject) -> Bool {
        subjects?.contains(subject) ?? true
    }
}
