import XIGoals

/// A goal held by reference, for the engine's hot paths.
///
/// `Goal` is a struct of a dozen strings and arrays: binding one taken out of an array (`let
/// goal = goals[number]`) retains each of them, and releases them again after. The engine reads
/// a goal for every insight that changes, every delivery and every digest line (about 0.2 s of
/// CPU at 1M events went to those copies); through a reference it reads the field it needs.
///
/// It carries the goal's number too (its place in the workspace's goals, as window keys and the
/// pipeline's per-goal tables number it), so that a function given the reference needs no
/// number beside it.
final class GoalReference: Sendable {
    /// The goal's number: its index in the workspace's goals.
    let number: Int
    /// The goal.
    let goal: Goal

    init(number: Int, goal: Goal) {
        self.number = number
        self.goal = goal
    }
}
