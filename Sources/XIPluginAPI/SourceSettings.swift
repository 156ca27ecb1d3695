import XIExpression

/// How a source maps its records to events: which field is the subject, the time, the text and
/// the id, and the typed fields it declares. Read from the source's entry in `xi.yaml`.
public struct SourceSettings: Sendable {
    /// The source's name.
    public var name: String
    /// The event kind its records become.
    public var eventKind: String
    /// Subject kind → the record field holding that subject's id (`customer: customer_id`).
    /// The first entry is the primary subject.
    public var subjectFields: [(kind: String, field: String)]
    /// The record field holding the event time.
    public var timeField: String?
    /// How the time is written: `rfc3339` (default; a date alone means midnight UTC), `unix`
    /// (seconds), `unix_ms`, or a pattern such as `yyyy-MM-dd HH:mm:ss` (read as UTC).
    public var timeFormat: String?
    /// The record field holding free text.
    public var textField: String?
    /// The record field holding the record's own id.
    public var idField: String?
    /// The declared, typed fields.
    public var schema: EventSchema

    /// Creates settings.
    public init(
        name: String, eventKind: String, subjectFields: [(kind: String, field: String)], timeField: String?,
        timeFormat: String? = nil, textField: String?, idField: String?, schema: EventSchema
    ) {
        self.name = name
        self.eventKind = eventKind
        self.subjectFields = subjectFields
        self.timeField = timeField
        self.timeFormat = timeFormat
        self.textField = textField
        self.idField = idField
        self.schema = schema
    }
}
