/// A decoded goal or audience: its id and where the id is written, even when the rest is invalid.
protocol IdentifiedDefinition: Sendable {
    var id: String { get }
    var idPosition: SourcePosition { get }
}
