/// A node of the rule index: either a partition of rules by one attribute's value, or a leaf.
///
/// A partition sends the record down the one child for its value (rules requiring that value)
/// and always down the wildcard (rules that do not constrain the attribute), so the rules a
/// record never needs to see are skipped wholesale — BE-Tree's space partitioning, on the
/// discrete attributes where conditions use `==` or `in`.
final class IndexNode: Sendable {
    enum Kind: Sendable {
        case partition(attribute: Int, children: [IndexKey: IndexNode], wildcard: IndexNode?)
        case leaf(IndexLeaf)
    }

    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }
}
