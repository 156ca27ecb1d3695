import XIExpression

/// One normalized record from a listening post.
///
/// An event's typed attributes are `fields`, in the order of its source's ``EventSchema``; a
/// field the record did not have is nil. Its time is the event time (when it happened, not when
/// xi read it): windows, digests and escalations run on it.
public struct Event: Sendable {
    /// A stable identifier: the record's own id when the source maps one, else derived from the
    /// source name and the record's position, so rereading the same record gives the same id.
    public var id: String
    /// The source's name.
    public var source: String
    /// The event kind (`survey`, `contact`, `complaint`, `profile`, `web_session`, …).
    public var kind: String
    /// Whom the event is about; the first is the primary subject (the customer, by default).
    public var subjects: [Subject]
    /// When it happened.
    public var time: TimestampValue
    /// Free text (a comment, a transcript, a complaint narrative), when the source maps one.
    public var text: String?
    /// Typed attributes, in the source schema's order.
    public var fields: [Value?]
    /// Where the record was read, for explanations and dead letters.
    public var position: RecordPosition

    /// Creates an event.
    public init(
        id: String, source: String, kind: String, subjects: [Subject], time: TimestampValue,
        text: String? = nil, fields: [Value?], position: RecordPosition
    ) {
        self.id = id
        self.source = source
        self.kind = kind
        self.subjects = subjects
        self.time = time
        self.text = text
        self.fields = fields
        self.position = position
    }

    /// The primary subject. Inlinable: read across modules through a call, it made callers copy
    /// the whole event (a retain of each of its fields) to pass it in.
    @inlinable public var subject: Subject? { subjects.first }
}

/// Where a record was read: a file and a line (or row), and the byte offset of its start.
public struct RecordPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file (or stream) name.
    public var file: String
    /// 1-based line or row number.
    public var line: Int
    /// Byte offset of the record's first byte.
    public var offset: Int64

    /// Creates a position.
    public init(file: String, line: Int, offset: Int64) {
        self.file = file
        self.line = line
        self.offset = offset
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}
