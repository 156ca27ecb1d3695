import XIPluginAPI

/// An insight as the store keeps it: the document, plus what routing has done with it.
public struct StoredInsight: Sendable {
    /// The insight.
    public var insight: Insight
    /// Whether it has been escalated.
    public var escalated: Bool

    /// Creates a stored insight.
    public init(insight: Insight, escalated: Bool) {
        self.insight = insight
        self.escalated = escalated
    }
}
