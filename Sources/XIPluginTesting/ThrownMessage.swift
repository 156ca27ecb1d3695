/// What `body` throws, as text, or `"no error"` when it returns: for checking that bad options
/// and bad input are refused with a message that says what is wrong and what to do.
///
/// ```swift
/// #expect(thrownMessage { try MyDetector.make(context) }.contains("expected a duration"))
/// ```
public func thrownMessage(_ body: () throws -> Any) -> String {
    do {
        _ = try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}
