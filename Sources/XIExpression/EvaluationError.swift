/// An error raised while evaluating: overflow, division by zero, a missing key or attribute,
/// a function with no overload for its arguments. CEL's `&&`, `||` and `?:` absorb errors
/// where the other operand decides the result.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, kept as its parts until the message is read.
    private enum Reason: Sendable {
        case text(String)
        case missingAttribute(String)
    }

    private var reason: Reason

    /// What went wrong.
    public var message: String {
        get {
            switch reason {
            case .text(let message): message
            case .missingAttribute(let name): "no such attribute '\(name)'"
            }
        }
        set { reason = .text(newValue) }
    }

    /// Creates an evaluation error.
    public init(_ message: String) { reason = .text(message) }

    private init(reason: Reason) { self.reason = reason }

    /// A declared attribute the record does not have. Conditions meet one at many records (a
    /// profile field of a customer without a profile row), and most absorb it (`has()`, `||`, a
    /// selector's `when` that is then false): the message is made only if someone reads it, not
    /// at every record (a string built and freed each time).
    public static func missingAttribute(_ name: String) -> EvaluationError {
        EvaluationError(reason: .missingAttribute(name))
    }

    /// The message.
    public var description: String { message }
}
