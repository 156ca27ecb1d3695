import XIPluginAPI

extension ActionConformance {
    /// Deliveries that exercise an action: an insight with a nested body, one whose id and body
    /// hold quotes, newlines and non-ASCII text, and a digest of several insights.
    public static let sampleDeliveries: [Delivery] = [
        Delivery(
            id: "ins-1042/retention-team/0-action", audience: "retention-team", action: "retention-team/0-action",
            kind: .insight, insights: ["ins-1042"],
            body: #"{"goal":"retention","subject":{"kind":"customer","id":"C-1042"},"priority":"high","score":9.5}"#),
        Delivery(
            id: "ins-\"7\"/complaints/0-action", audience: "complaints", action: "complaints/0-action",
            kind: .insight, insights: ["ins-\"7\""],
            body: "{\n  \"goal\": \"consumer_duty\",\n  \"explanation\": \"Cliente très mécontent — \\\"line\\\"\\nbreak ✓\"\n}"),
        Delivery(
            id: "digest-2026-05-01/retention-team/1-action", audience: "retention-team", action: "retention-team/1-action",
            kind: .digest, insights: ["ins-1", "ins-2", "ins-3"],
            body: #"{"period":"2026-05-01","insights":[{"id":"ins-1"},{"id":"ins-2"},{"id":"ins-3"}]}"#),
    ]
}
