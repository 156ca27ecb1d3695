import XIGoals

/// A goal held by reference, for the engine's hot paths.
///
/// `Goal` is a struct of a dozen strings and arrays: binding one taken out of an array (`let
/// goal = goals[number]`) retains each of them, and releases them again after. The engine reads
/// a goal for every insight that changes, every delivery and every digest line (about 0.2 s of
/// CPU at 1M events went to those copies); through a reference it reads the field it needs.
final class GoalReference: Sendable {
    /// The goal.
    let goal: Goal

    init(_ goal: Goal) {
        self.goal = goal
    }
}
