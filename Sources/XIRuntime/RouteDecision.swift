/// Whether one subscription of one audience takes an insight, and why.
public struct RouteDecision: Sendable {
    /// The audience.
    public var audience: String
    /// The subscription's position in the audience file (0-based).
    public var subscription: Int
    /// The action kind.
    public var action: String
    /// The cadence.
    public var cadence: String
    /// Whether it takes the insight.
    public var matches: Bool
    /// Why (or why not), in words.
    public var reason: String

    /// Creates a decision.
    public init(audience: String, subscription: Int, action: String, cadence: String, matches: Bool, reason: String) {
        self.audience = audience
        self.subscription = subscription
        self.action = action
        self.cadence = cadence
        self.matches = matches
        self.reason = reason
    }
}
