import XIExpression

/// The variables each kind of condition may read, derived from `xi.yaml`'s declared fields.
///
/// | scope | used by | variables |
/// |---|---|---|
/// | event | a catalogue signal's `when` and `strength` | the event kind's declared fields, `kind`, `source`, `subject`, `time`, `text`, `profile.*` |
/// | selector | a goal selector's `when` | `signal`, `strength`, `kind`, `source`, `subject`, `time`, `profile.*` |
/// | priority | a goal's `priority` rules | `score`, `threshold`, `count`, `counts`, `subject`, `profile.*` |
/// | insight | a subscription's `when` | `goal`, `objective`, `priority`, `score`, `count`, `signals`, `subject`, `subject_kind`, `owner`, `status`, `time`, `profile.*` |
///
/// `profile.*` are the declared fields of sources whose events are of kind `profile`.
public struct ExpressionScopes: Sendable {
    /// The event kind whose events update profiles.
    public static let profileEventKind = "profile"

    /// Variables every event has, whatever its kind; declared fields may not reuse these names.
    public static let eventVariables: [(String, ValueType)] = [
        ("kind", .string), ("source", .string), ("subject", .string), ("time", .timestamp), ("text", .string),
    ]
    /// Variables a goal selector's `when` reads, besides `profile.*`.
    public static let selectorVariables: [(String, ValueType)] = [
        ("signal", .string), ("strength", .double), ("kind", .string), ("source", .string),
        ("subject", .string), ("time", .timestamp),
    ]
    /// Variables a priority rule reads, besides `profile.*`.
    public static let priorityVariables: [(String, ValueType)] = [
        ("score", .double), ("threshold", .double), ("count", .int), ("counts", .map(.string, .int)), ("subject", .string),
    ]
    /// Variables a subscription's `when` reads, besides `profile.*`.
    public static let insightVariables: [(String, ValueType)] = [
        ("goal", .string), ("objective", .string), ("priority", .string), ("score", .double), ("count", .int),
        ("signals", .list(.string)), ("subject", .string), ("subject_kind", .string), ("owner", .string),
        ("status", .string), ("time", .timestamp),
    ]

    /// The declared fields of each event kind, merged across its sources.
    public var eventFields: [String: [(name: String, type: ValueType)]]
    /// The profile's fields (`profile.<name>`).
    public var profileFields: [(name: String, type: ValueType)]

    /// Creates scopes from each event kind's fields and the profile's fields.
    public init(eventFields: [String: [(name: String, type: ValueType)]], profileFields: [(name: String, type: ValueType)]) {
        self.eventFields = eventFields
        self.profileFields = profileFields
    }

    /// Scopes derived from a runtime configuration's sources. Where two sources of one event kind
    /// declare a field with different types, the first declaration wins (the loader reports the clash).
    public init(runtime: RuntimeConfiguration) {
        var eventFields: [String: [(name: String, type: ValueType)]] = [:]
        for source in runtime.sources {
            var fields = eventFields[source.event] ?? []
            for field in source.fields where !fields.contains(where: { $0.name == field.name }) {
                fields.append((field.name, field.type.type))
            }
            eventFields[source.event] = fields
        }
        self.init(eventFields: eventFields, profileFields: eventFields[Self.profileEventKind] ?? [])
    }

    /// The event kinds that have a scope.
    public var eventKinds: [String] { eventFields.keys.sorted() }

    /// The scope of a catalogue signal's conditions on events of `kind`.
    public func event(_ kind: String) -> Declarations {
        var declarations = Declarations(Self.eventVariables)
        for field in eventFields[kind] ?? [] { declarations.declare(field.name, field.type) }
        addProfile(to: &declarations)
        return declarations
    }

    /// The scope of a goal selector's `when`.
    public var selector: Declarations { withProfile(Self.selectorVariables) }
    /// The scope of a goal's priority rules.
    public var priority: Declarations { withProfile(Self.priorityVariables) }
    /// The scope of a subscription's `when`.
    public var insight: Declarations { withProfile(Self.insightVariables) }

    private func withProfile(_ variables: [(String, ValueType)]) -> Declarations {
        var declarations = Declarations(variables)
        addProfile(to: &declarations)
        return declarations
    }

    private func addProfile(to declarations: inout Declarations) {
        for field in profileFields { declarations.declare("profile." + field.name, field.type) }
    }
}
