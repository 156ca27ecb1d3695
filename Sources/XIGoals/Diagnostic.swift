/// One problem found while loading configuration files, located at file:line:column.
///
/// Its ``description`` reads like a compiler's:
///
/// ```
/// Goals/retention.yaml:14:22: error: unknown signal 'detracter' (did you mean 'detractor'?)
/// ```
///
/// Expression errors carry the expression's own caret excerpt in ``excerpt``, printed on the
/// lines that follow.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The configuration is invalid; `xi validate` exits 1.
        case error
        /// Worth fixing, but the configuration still loads.
        case warning
    }

    /// The file, as given to the loader (relative to the workspace root when loaded from one).
    public var file: String
    /// 1-based line; nil only when the problem concerns a whole folder.
    public var line: Int?
    /// 1-based column, counted in Unicode scalars; nil only when ``line`` is nil.
    public var column: Int?
    /// Whether this is an error or a warning.
    public var severity: Severity
    /// What is wrong.
    public var message: String
    /// What to do about it, such as "did you mean 'detractor'?"; printed in parentheses.
    public var hint: String?
    /// Extra lines printed after the message, such as an expression with a caret under the error.
    public var excerpt: String?

    /// Creates a diagnostic.
    public init(
        file: String, line: Int?, column: Int?, severity: Severity = .error,
        message: String, hint: String? = nil, excerpt: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.hint = hint
        self.excerpt = excerpt
    }

    /// Creates a diagnostic at a position.
    public init(
        at position: SourcePosition, severity: Severity = .error,
        message: String, hint: String? = nil, excerpt: String? = nil
    ) {
        self.init(
            file: position.file, line: position.line, column: position.column, severity: severity,
            message: message, hint: hint, excerpt: excerpt)
    }

    /// Where the diagnostic points, when it has a line.
    public var position: SourcePosition? {
        guard let line else { return nil }
        return SourcePosition(file: file, line: line, column: column ?? 1)
    }

    /// `file:line:column: error: message (hint)`, then the excerpt, if any.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        if let excerpt, !excerpt.isEmpty { text += "\n" + excerpt }
        return text
    }
}
