import XIExpression

/// The typed fields a source declares for its events: an event's `fields` array follows this
/// order, so conditions read fields by position, never by name.
public struct EventSchema: Sendable {
    /// The source's name.
    public let source: String
    /// The kind of event the source produces (`survey`, `contact`, `profile`, …).
    public let kind: String
    /// The declared fields, in order.
    public let fields: [(name: String, type: ValueType)]
    private let positions: [String: Int]

    /// Creates a schema.
    public init(source: String, kind: String, fields: [(name: String, type: ValueType)]) {
        self.source = source
        self.kind = kind
        self.fields = fields
        var positions: [String: Int] = [:]
        for (position, field) in fields.enumerated() { positions[field.name] = position }
        self.positions = positions
    }

    /// The position of field `name` in an event's `fields`, or nil.
    public func position(of name: String) -> Int? { positions[name] }
}
