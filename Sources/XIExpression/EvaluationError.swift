/// An error raised while evaluating: overflow, division by zero, a missing key or attribute,
/// a function with no overload for its arguments. CEL's `&&`, `||` and `?:` absorb errors
/// where the other operand decides the result.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an evaluation error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
