import XIExpression

/// One raw value of a record before it is typed: a CSV cell's text, or a parsed JSON value.
///
/// ``EventBuilder`` converts it to the type the source declares for the field. The difference
/// between ``text(_:)`` and ``string(_:)`` is how emptiness reads: an empty CSV cell is an absent
/// field, while an empty JSON string is an empty string (for a `string` field).
public enum RecordValue: Sendable {
    /// A CSV cell (or any text read without a type): an empty cell means the field is absent.
    case text(String)
    /// JSON `null`: the field is absent.
    case null
    /// A JSON boolean.
    case bool(Bool)
    /// A JSON number without a fraction or exponent.
    case int(Int64)
    /// A JSON number with a fraction or an exponent.
    case double(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case list([RecordValue])
    /// A JSON object, its members in the order written.
    case object([(key: String, value: RecordValue)])
}

/// The raw values of one record, by slot: ``EventBuilder/slot(named:)`` says which slot a record
/// field fills. Reused from record to record (``clear()``), so a source allocates it once.
public struct RecordFields: Sendable {
    /// The values by slot; nil where the record did not have the field.
    public var values: [RecordValue?]
    /// The record's time, when a decoder parsed it where it lay in the record rather than
    /// making a string of it (``JSONLinesDecoder``, for the time field and nothing else in its
    /// slot); ``EventBuilder/build(_:position:fileName:)`` takes it before the time slot's value.
    var parsedTime: TimestampValue?

    /// Creates fields with `count` empty slots.
    public init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    /// Empties every slot, keeping the storage.
    public mutating func clear() {
        for index in values.indices { values[index] = nil }
        parsedTime = nil
    }

    /// The value in `slot`.
    public subscript(slot: Int) -> RecordValue? {
        get { values[slot] }
        set { values[slot] = newValue }
    }
}
