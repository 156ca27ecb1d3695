import XIExpression

/// Where a condition reads an attribute: a declared variable's slot, then map fields below it
/// (`profile.tier` with `profile` declared as a map is slot of `profile`, fields `["tier"]`).
struct AttributePath: Hashable, Sendable {
    var slot: Int
    var fields: [String]

    /// The attribute's value in `record`, or nil when it is absent (reading it would be an error).
    @inline(__always)
    func read(_ record: [Value?]) -> Value? {
        guard slot < record.count else { return nil }
        if fields.isEmpty { return record[slot] }
        guard var value = record[slot] else { return nil }
        for field in fields {
            guard case .map(let map) = value, let next = map[string: field] else { return nil }
            value = next
        }
        return value
    }
}
