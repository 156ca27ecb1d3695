/// A node of the rule index: either a partition of rules by one attribute's value, or a leaf.
///
/// A partition sends the record down the one child for its value (rules requiring that value)
/// and always down the wildcard (rules that do not constrain the attribute), so the rules a
/// record never needs to see are skipped wholesale — BE-Tree's space partitioning, on the
/// discrete attributes where conditions use `==` or `in`.
final class IndexNode: Sendable {
    /// The partitioning attribute; -1 for a leaf.
    let attribute: Int
    /// Children by interned value id (dense; nil where no rule names the value).
    let children: [IndexNode?]
    /// The rules that do not constrain the attribute.
    let wildcard: IndexNode?
    /// The leaf's rules, for a leaf.
    let leaf: IndexLeaf?

    /// A partition node.
    init(attribute: Int, children: [IndexNode?], wildcard: IndexNode?) {
        self.attribute = attribute
        self.children = children
        self.wildcard = wildcard
        self.leaf = nil
    }

    /// A leaf node.
    init(leaf: IndexLeaf) {
        self.attribute = -1
        self.children = []
        self.wildcard = nil
        self.leaf = leaf
    }
}
