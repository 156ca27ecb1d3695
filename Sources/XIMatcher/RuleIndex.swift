import XIExpression

/// Many conditions compiled into one index that, for a record, returns every condition that
/// holds — the same answer as ``NaiveMatcher``, without evaluating every condition.
///
/// Each condition's top-level conjuncts are split into predicates the index can look up
/// (`attribute == constant`, `attribute in [constants]`, numeric `<`, `<=`, `>`, `>=` against a
/// constant, a bare boolean attribute) and residual conjuncts it evaluates. The index partitions
/// rules by the most selective discrete attribute (as BE-Tree does), recursively, and in each
/// leaf filters candidates with one bitset per attribute (the counting algorithm of
/// content-based publish/subscribe, a word at a time). Only candidates evaluate their residuals,
/// so the cost per record grows with the rules that could match, not with the rule count.
///
/// Build once, match from any number of threads.
public final class RuleIndex: Sendable {
    /// The conditions, in the order matches are reported.
    public let conditions: ConditionSet
    let attributes: [AttributePath]
    /// Every equality constant of every rule, interned: a record's value is hashed once per attribute.
    let values: ValueInterner
    let root: IndexNode?
    /// The shape of the built index, for `xi match --stats` and tuning.
    public let summary: Summary

    /// Limits that shape the index.
    public struct Configuration: Sendable {
        /// A node with more rules than this is partitioned when an attribute splits it well.
        public var leafCapacity: Int = 64
        /// A partition is made when it leaves at most this fraction of a node's rules to a record.
        public var partitionGain: Double = 0.5
        /// The deepest partition.
        public var maximumDepth: Int = 6
        /// An equality attribute with more distinct values than this in a leaf is verified per rule instead of bitset-filtered.
        public var maximumEqualitySlots: Int = 256
        /// A range attribute with more distinct bounds than this in a leaf is filtered coarsely and verified.
        public var maximumRangeCuts: Int = 63
        /// Creates the default configuration.
        public init() {}
    }

    /// Counts that describe the built index.
    public struct Summary: Sendable, CustomStringConvertible {
        /// Conditions indexed.
        public var rules = 0
        /// Conditions that can never hold and were left out.
        public var unsatisfiable = 0
        /// Distinct attributes with indexable predicates.
        public var attributes = 0
        /// Partition nodes.
        public var partitions = 0
        /// Leaves.
        public var leaves = 0
        /// The most rules in one leaf.
        public var largestLeaf = 0
        /// Rules evaluating at least one residual conjunct.
        public var rulesWithResidual = 0
        /// Bitset words held by all leaves.
        public var bitsetWords = 0

        /// A one-line description.
        public var description: String {
            "\(rules) rules, \(attributes) indexed attributes, \(partitions) partitions, \(leaves) leaves (largest \(largestLeaf) rules), \(rulesWithResidual) rules with residual conditions, \(bitsetWords * 8 / 1024) KiB of bitsets, \(unsatisfiable) unsatisfiable"
        }
    }

    /// Builds the index over `conditions`.
    public init(_ conditions: ConditionSet, configuration: Configuration = Configuration()) {
        self.conditions = conditions
        var builder = RuleIndexBuilder(conditions: conditions, configuration: configuration)
        let root = builder.build()
        self.root = root
        self.attributes = builder.attributes
        self.values = builder.values
        self.summary = builder.summary
    }

    /// Appends to `matches` the position (in ``ConditionSet/conditions``) of every condition that
    /// holds for `record`, in ascending order — exactly what ``NaiveMatcher/match(_:into:)`` appends.
    ///
    /// - Parameter record: variable values indexed by the slots of ``ConditionSet/declarations``;
    ///   nil where the record has no such attribute.
    public func match(_ record: [Value?], into matches: inout [Int]) {
        guard let root else { return }
        let start = matches.count
        var leavesWithMatches = 0
        withUnsafeTemporaryAllocation(of: RecordAttributes.AttributeState.self, capacity: max(1, attributes.count)) { states in
            states.initialize(repeating: RecordAttributes.unloaded)
            let view = RecordAttributes(record: record, paths: attributes, values: values, states: states.baseAddress!)
            visit(root, record, view, &matches, &leavesWithMatches)
        }
        if leavesWithMatches > 1 { matches[start...].sort() }
    }

    private func visit(
        _ node: IndexNode, _ record: [Value?], _ view: borrowing RecordAttributes,
        _ matches: inout [Int], _ leavesWithMatches: inout Int
    ) {
        if let leaf = node.leaf {
            if leaf.match(record, view, into: &matches) { leavesWithMatches &+= 1 }
            return
        }
        let id = view.valueID(node.attribute)
        if id >= 0, let child = node.children[Int(id)] {
            visit(child, record, view, &matches, &leavesWithMatches)
        }
        if let wildcard = node.wildcard { visit(wildcard, record, view, &matches, &leavesWithMatches) }
    }
}
