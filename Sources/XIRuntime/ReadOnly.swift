/// A value handed to other threads that only read it (or write disjoint parts of it, or only let go
/// of it), where the compiler cannot see that: the engine's state while digests are written in
/// parallel, and the engine freed after a run.
struct ReadOnly<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
