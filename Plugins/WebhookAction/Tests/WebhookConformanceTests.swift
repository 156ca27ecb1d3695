import Foundation
import Testing
import XIPluginAPI
import XIPluginTesting
import XIWebhookAction

/// The action conformance check against a real receiver: 100 concurrent deliveries, an 8 MB body,
/// a restart (a second action) — all must answer and reach the receiver.
@Suite struct WebhookConformanceTests {
    @Test(.timeLimit(.minutes(2)))
    func passesTheActionConformanceCheck() async throws {
        let receiver = try await TestReceiver.start(.accept)
        let url = receiver.url
        let failures = await ActionConformance.check(
            makeAction: {
                try WebhookAction.make(PluginContext(
                    name: "conformance/0-webhook", options: ["url": .string(url), "secret": .string("${SECRET}")],
                    configurationFolder: "/", stateFolder: "/", environment: ["SECRET": "whsec_c2VjcmV0LWtleQ=="]))
            },
            release: { action in await (action as? WebhookAction)?.shutdown() })
        await receiver.stop()
        #expect(failures.isEmpty, "\(failures)")
        // The webhook passes duplicates on (the receiver drops them by webhook-id): every call arrived.
        let requests = receiver.requests
        let expectedRequests: Int = 3 * 2 + 1 + 100 + 29 + 3
        let expectedIDs: Int = 3 + 50 + 25 + 3
        let largest: Int = requests.map(\.body.count).max() ?? 0
        #expect(requests.count == expectedRequests)
        let ids = Set(requests.compactMap { $0.headers.first(name: "webhook-id") })
        #expect(ids.count == expectedIDs)
        #expect(largest > 8 << 20)
    }
}
