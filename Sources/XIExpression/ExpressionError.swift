/// A mistake in an expression's text, found when it is parsed or type-checked.
///
/// Its ``description`` says what is wrong, where (line:column) and shows the line with a caret:
///
/// ```
/// 1:9: undeclared reference to 'scroe' (did you mean 'score'?)
///  | score > scroe
///  | ........^
/// ```
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, without the position.
    public var message: String
    /// Where in the expression's source; nil when the error has no position.
    public var location: SourceLocation?
    /// The expression's full source text, used for the excerpt.
    public var source: String

    /// Creates an error.
    public init(message: String, location: SourceLocation?, source: String) {
        self.message = message
        self.location = location
        self.source = source
    }

    /// `line:column: message`, then the offending line and a caret under the column.
    public var description: String {
        guard let location else { return message }
        var text = "\(location.line):\(location.column): \(message)"
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if location.line >= 1 && location.line <= lines.count {
            // Show at most about 160 code points of the line, around the column.
            let scalars = Array(lines[location.line - 1].unicodeScalars)
            let column = max(1, min(location.column, scalars.count + 1))
            let start = column > 120 ? column - 80 : 1
            let end = min(scalars.count, start + 159)
            var shown = start > 1 ? "…" : ""
            if start <= end { shown += String(String.UnicodeScalarView(scalars[(start - 1)..<end])) }
            if end < scalars.count { shown += "…" }
            let caretOffset = column - start + (start > 1 ? 1 : 0)
            text += "\n | " + shown
            text += "\n | " + String(repeating: ".", count: caretOffset) + "^"
        }
        return text
    }
}
