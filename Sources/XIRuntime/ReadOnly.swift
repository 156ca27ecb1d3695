/// A value handed to other threads that only read it (or that write disjoint parts of it), where
/// the compiler cannot see that: the engine's state while digests are written in parallel.
struct ReadOnly<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
