/// Whom an event, a signal or an insight is about: a customer by default; an agent, a journey or
/// a product where a goal says so.
public struct Subject: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `customer`, `agent`, `journey` or `product`.
    public var kind: String
    /// The subject's identifier in the listening post (a customer number, an agent id, …).
    public var id: String

    /// Creates a subject.
    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    /// `kind:id`, e.g. `customer:C-1042`.
    public var description: String { "\(kind):\(id)" }
}
