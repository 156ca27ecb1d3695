/// A conformance check's own error (a read that never ends).
struct ConformanceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
