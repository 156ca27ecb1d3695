/// A record a source could not turn into an event: it goes to the dead-letter file
/// `.xi/dead-letter/<source>.jsonl` with its position and reason, and the run goes on.
public struct RejectedRecord: Sendable, Codable {
    /// The source's name.
    public var source: String
    /// Where the record is.
    public var position: RecordPosition
    /// What is wrong and, where it helps, what to do ("field 'nps': 'ten' is not an int").
    public var reason: String
    /// The record's text, cut to a few kilobytes (a 10 MB line is not copied whole).
    public var excerpt: String

    /// Creates a rejected record.
    public init(source: String, position: RecordPosition, reason: String, excerpt: String) {
        self.source = source
        self.position = position
        self.reason = reason
        self.excerpt = excerpt
    }
}
