import XIExpression

/// The oracle: evaluates every condition, in order. Slow by design and obviously right; the
/// property tests hold ``RuleIndex`` to its answers and the benchmarks measure against it.
public struct NaiveMatcher: Sendable {
    /// The conditions it evaluates.
    public let conditions: ConditionSet

    /// Creates a naive matcher over `conditions`.
    public init(_ conditions: ConditionSet) {
        self.conditions = conditions
        self.programs = conditions.conditions.map(\.program)
    }

    /// The compiled programs, in order: iterated without copying whole conditions.
    private let programs: [Program]

    /// Appends to `matches` the position (in ``ConditionSet/conditions``) of every condition that
    /// holds for `record`, in ascending order.
    public func match(_ record: [Value?], into matches: inout [Int]) {
        programs.withUnsafeBufferPointer { programs in
            for ordinal in programs.indices {
                if case .bool(true)? = try? programs[ordinal].evaluate(record) { matches.append(ordinal) }
            }
        }
    }
}
