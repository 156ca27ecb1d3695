import XIExpression

/// One condition as the index stores it: its equality and range predicates on numbered
/// attributes, and its residual conjuncts compiled into programs.
struct RuleShape: Sendable {
    /// Position in the ``ConditionSet``.
    var ordinal: Int
    /// Attribute number → the interned ids of the values the attribute must equal one of.
    var equalities: [Int: Set<Int32>]
    /// Attribute number → the interval the attribute's number must lie in.
    var ranges: [Int: NumericInterval]
    /// Conjuncts the index cannot look up.
    var residual: [Program]

    /// Whether no record can ever satisfy the indexable predicates.
    var isUnsatisfiable: Bool {
        if equalities.values.contains(where: \.isEmpty) { return true }
        return ranges.values.contains { interval in
            guard let lower = interval.lower, let upper = interval.upper else { return false }
            return lower > upper || (lower == upper && !(interval.lowerInclusive && interval.upperInclusive))
        }
    }
}
