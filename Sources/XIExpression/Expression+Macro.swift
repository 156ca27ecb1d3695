extension Expression {
    /// The CEL macros the parser expands into comprehensions.
    public enum Macro: String, Sendable, Hashable, CaseIterable {
        /// `list.all(x, predicate)`
        case all
        /// `list.exists(x, predicate)`
        case exists
        /// `list.exists_one(x, predicate)`
        case existsOne = "exists_one"
        /// `list.map(x, transform)`
        case map
        /// `list.map(x, predicate, transform)`
        case filterMap = "map_filter"
        /// `list.filter(x, predicate)`
        case filter
    }
}
